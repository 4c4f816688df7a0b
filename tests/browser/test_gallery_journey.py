"""
A visitor's journey through the public site in a real Chromium, at a phone and a desktop width.

Filter the gallery by expedition, dates and subject, open a photo, step to the next one (by
link and by arrow key), then switch to French and read the French caption. Screenshots go to
test-artifacts/browser/. Without /usr/bin/chromium or Playwright these tests skip, unless
ASTROPHOTO_REQUIRE_BROWSER=1 (as in CI), where they fail instead.
"""

import pytest

from tests.browser.base import ARTIFACTS, BrowserTestCase
from tests.factories import make_catalogue

pytestmark = pytest.mark.browser

VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1366, "height": 900}}


class GalleryJourneyTests(BrowserTestCase):
    def setUp(self):
        self.c = make_catalogue()

    def journey(self, viewport: str):
        from playwright.sync_api import expect

        context = self.browser.new_context(viewport=VIEWPORTS[viewport], locale="en-GB")
        self.addCleanup(context.close)
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on("console", lambda m: m.type == "error" and errors.append(m.text))

        def shot(step: str):
            page.screenshot(path=str(ARTIFACTS / f"{viewport}-{step}.png"), full_page=True)

        page.goto(f"{self.live_server_url}/")
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        shot("0-home")

        # Filter the gallery by expedition, date range and subject.
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Photos").click()
        panel = page.locator("details.filters-panel")
        if not panel.evaluate("element => element.open"):
            page.get_by_text("Filter photos").click()
        form = page.locator("form.filter-form")
        form.get_by_label("Expedition").select_option("65")
        form.get_by_label("Taken on or after").fill("2021-05-01")
        form.get_by_label("Taken on or before").fill("2021-05-31")
        form.get_by_label("Subject").select_option("cities-at-night")
        form.get_by_role("button", name="Show photos").click()

        expect(page.locator(".result-count")).to_have_text("2 photos")
        assert "expedition=65" in page.url and "taken_after=2021-05-01" in page.url
        cards = page.locator(".photo-grid .card-title")
        expect(cards).to_have_text(["London at night", "Paris at night"])
        shot("1-gallery-filtered")

        # Open the first photo, then step to the next one within the filtered list.
        page.get_by_role("link", name="London at night").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("London at night")
        image = page.locator(".photo-figure img")
        expect(image).to_be_visible()
        # The picture loads after the page; a broken image never gets a natural width.
        image.evaluate(
            "img => img.complete ? img : new Promise((done, fail) => {"
            " img.addEventListener('load', done); img.addEventListener('error', fail);"
            " setTimeout(() => fail('image still loading after 10 s'), 10000); })"
        )
        assert image.evaluate("img => img.naturalWidth") > 0
        shot("2-photo")
        page.get_by_role("link", name="Next photo").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Paris at night")
        expect(page.get_by_text("Credit: ESA/NASA-T. Pesquet").first).to_be_visible()

        # The arrow keys step through the same list (once the page's script has run).
        page.wait_for_load_state("load")
        page.keyboard.press("ArrowLeft")
        expect(page.get_by_role("heading", level=1)).to_have_text("London at night")
        page.wait_for_load_state("load")
        page.keyboard.press("ArrowRight")
        expect(page.get_by_role("heading", level=1)).to_have_text("Paris at night")
        shot("3-next-photo")

        # Switch to French: same photo, same list, French caption and interface.
        page.locator("nav.languages").get_by_role("link", name="Français").click()
        expect(page.locator("html")).to_have_attribute("lang", "fr")
        expect(page.locator(".caption")).to_have_text(
            "Paris et ses périphériques brillent dans la nuit."
        )
        assert page.url.startswith(f"{self.live_server_url}/fr/photos/ISS065-E-394522/")
        assert "expedition=65" in page.url
        expect(page.get_by_role("link", name="Photo précédente")).to_be_visible()
        shot("4-photo-in-french")

        assert not errors, errors

    def test_journey_on_a_phone(self):
        self.journey("phone")

    def test_journey_on_a_desktop(self):
        self.journey("desktop")
