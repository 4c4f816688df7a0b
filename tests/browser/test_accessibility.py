"""
Every public page type, in English and French, audited by axe-core in Chromium: no
violation of WCAG 2.1 level AA.
"""

import pytest

from tests.browser.base import BrowserTestCase, accessibility_violations
from tests.factories import make_catalogue

pytestmark = pytest.mark.browser

PAGES = [
    "/",
    "/photos/",
    "/photos/?expedition=65&subject=cities-at-night",
    "/photos/ISS065-E-394522/",
    "/astronauts/",
    "/astronauts/thomas-pesquet/",
    "/missions/",
    "/missions/alpha/",
    "/expeditions/",
    "/expeditions/65/",
    "/subjects/",
    "/subjects/earth/",
    "/no-such-page/",
]


class AccessibilityTests(BrowserTestCase):
    def setUp(self):
        make_catalogue()

    def test_every_public_page_type_in_both_languages_passes_axe(self):
        context = self.browser.new_context(viewport={"width": 1366, "height": 900})
        self.addCleanup(context.close)
        page = context.new_page()
        for language in ("", "/fr"):
            for path in PAGES:
                with self.subTest(page=language + path):
                    page.goto(f"{self.live_server_url}{language}{path}")
                    assert accessibility_violations(page) == []
