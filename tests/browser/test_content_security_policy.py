"""
The Content Security Policy in a real Chromium: public pages and the admin's own pages work
under it, and nothing on them is refused.

A curator's session: sign in, the photo list with its filters and actions, a photo's form
with its autocomplete widgets, adding a subject in the related-object popup, the upload page
(uploading a photo), the bulk-assign page of an action, a mission form with its inlines and
prepopulated slug. Any CSP violation or console error on any page fails the test.
"""

import pytest
from django.contrib.auth.models import User

from gallery.models import Photo, Subject
from tests.browser.base import ARTIFACTS, BrowserTestCase
from tests.factories import image_bytes, make_catalogue

pytestmark = pytest.mark.browser

PASSWORD = "a-long-admin-password"
# Runs before any script of the page: a violation is recorded even when nothing logs it.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} refused ${event.blockedURI}`);
});
"""


class ContentSecurityPolicyTests(BrowserTestCase):
    def setUp(self):
        self.c = make_catalogue()
        User.objects.create_superuser("root", password=PASSWORD)

    def open_browser(self):
        context = self.browser.new_context(viewport={"width": 1366, "height": 900})
        self.addCleanup(context.close)
        context.add_init_script(RECORD_VIOLATIONS)
        self.problems: list[str] = []
        context.on("page", self.watch)
        page = context.new_page()
        return page

    def watch(self, page):
        page.on(
            "response",
            lambda response: (
                response.status >= 400
                and self.problems.append(f"{response.url} answered {response.status}")
            ),
        )
        page.on("pageerror", lambda error: self.problems.append(f"{page.url}: {error}"))
        page.on(
            "console",
            lambda message: (
                message.type == "error" and self.problems.append(f"{page.url}: {message.text}")
            ),
        )

    def check(self, page, step: str):
        """Fail on any violation recorded by the page so far; keep a screenshot."""
        page.wait_for_load_state("load")
        violations = page.evaluate("window.__cspViolations")
        page.screenshot(path=str(ARTIFACTS / f"csp-{step}.png"), full_page=True)
        assert not violations, (step, violations)
        assert not self.problems, (step, self.problems)

    def test_public_pages_run_under_the_policy(self):
        page = self.open_browser()
        for step, url in [
            ("home", "/"),
            ("gallery", "/photos/?expedition=65&subject=cities-at-night"),
            ("photo", "/photos/ISS065-E-394522/"),
            ("french", "/fr/expeditions/65/"),
        ]:
            response = page.goto(self.live_server_url + url)
            assert "script-src 'self'" in response.headers["content-security-policy"]
            self.check(page, f"public-{step}")
        # The photo's picture comes from media and shows.
        page.goto(f"{self.live_server_url}/photos/ISS065-E-394522/")
        assert page.locator(".photo-figure img").evaluate("img => img.naturalWidth > 0")
        self.check(page, "public-photo-image")

    def test_the_admin_works_under_the_policy(self):
        from playwright.sync_api import expect

        page = self.open_browser()
        response = page.goto(f"{self.live_server_url}/admin/")
        assert "'nonce-" in response.headers["content-security-policy"]
        page.get_by_label("Username").fill("root")
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Log in").click()
        expect(page.get_by_role("heading", name="Catalogue")).to_be_visible()
        self.check(page, "admin-index")

        # The photo list: filters, date hierarchy and actions come from the admin's scripts.
        page.goto(f"{self.live_server_url}/admin/gallery/photo/")
        page.locator("#action-toggle").check()
        expect(page.locator(".action-counter")).to_contain_text("selected")
        self.check(page, "admin-photo-list")

        # The bulk-assign page of an action, with its autocomplete.
        page.locator("select[name=action]").select_option("assign_expedition")
        page.get_by_role("button", name="Run").click()
        expect(page.get_by_role("heading", name="Assign an expedition")).to_be_visible()
        self.choose(page, "target", "66")
        page.get_by_role("button", name="Apply").click()
        expect(page.locator(".messagelist")).to_contain_text("set to")
        assert (
            not Photo.objects.exclude(expedition__number=66)
            .filter(status="published")
            .filter(image="")
            .exists()
        )
        self.check(page, "admin-bulk-assign")

        # A photo's form: autocomplete widgets, collapsed fieldsets, the preview.
        page.goto(f"{self.live_server_url}/admin/gallery/photo/{self.c.paris.pk}/change/")
        self.choose(page, "photographer", "McArthur")
        page.get_by_text("Place and orbit").click()
        self.check(page, "admin-photo-form")

        # The related-object popup: add a subject, which closes the popup and selects it.
        with page.expect_popup() as popup_info:
            page.locator("#add_id_subjects").click()
        popup = popup_info.value
        popup.get_by_label("Name (English)").fill("Volcanoes")
        popup.get_by_role("button", name="Save", exact=True).click()
        popup.wait_for_event("close")
        expect(page.locator("#id_subjects")).to_contain_text("Volcanoes")
        page.get_by_role("button", name="Save", exact=True).click()
        expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
        assert self.c.paris.subjects.filter(name_en="Volcanoes").exists()
        self.check(page, "admin-popup")

        # The upload page: autocomplete defaults, and a photo uploaded.
        page.goto(f"{self.live_server_url}/admin/gallery/photo/upload/")
        self.choose(page, "expedition", "65")
        page.get_by_label("Files").set_input_files(
            [{"name": "upload.jpg", "mimeType": "image/jpeg", "buffer": image_bytes(320, 240)}]
        )
        page.get_by_role("button", name="Upload").click()
        expect(page.locator("#upload-results")).to_contain_text("1 imported")
        self.check(page, "admin-upload")

        # A mission's form: prepopulated slug and inline rows added by script.
        page.goto(f"{self.live_server_url}/admin/missions/mission/add/")
        page.locator("#id_name").press_sequentially("Proxima Test")
        expect(page.locator("#id_slug")).to_have_value("proxima-test")
        rows = page.locator(".dynamic-memberships")
        before = rows.count()
        page.locator(".add-row a").first.click()
        expect(rows).to_have_count(before + 1)
        self.check(page, "admin-mission-form")
        assert Subject.objects.filter(name_en="Volcanoes").exists()

    def choose(self, page, field: str, text: str):
        """Pick `text` in an autocomplete widget, as a curator types and clicks."""
        from playwright.sync_api import expect

        page.locator(f"#id_{field} + .select2").click()
        page.locator(".select2-search__field").last.fill(text)
        option = page.locator(".select2-results__option", has_text=text).first
        expect(option).to_be_visible()
        option.click()
