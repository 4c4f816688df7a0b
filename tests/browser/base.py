"""A live server and a headless Chromium, shared by the browser tests."""

import os
import unittest
from pathlib import Path

from django.conf import settings
from django.test import LiveServerTestCase

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts" / "browser"
# axe-core, a development dependency installed by ./dev from the npm registry.
AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def accessibility_violations(page, *, exclude: tuple[str, ...] = ()) -> list[dict]:
    """
    Run axe-core in `page` and return its WCAG 2.1 AA violations (rule, impact, the
    elements), leaving out the elements matching the CSS selectors `exclude`. axe is
    evaluated through the browser's debugging protocol, which the page's CSP does not
    govern: the page is audited as it is served.
    """
    page.evaluate(AXE.read_text())
    return page.evaluate(
        """([tags, exclude]) => axe.run({exclude: exclude.map(s => [s])},
                                        {runOnly: {type: "tag", values: tags}})
            .then(result => result.violations.map(v => ({
                rule: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => n.target.join(" ")),
            })))""",
        [WCAG_21_AA, list(exclude)],
    )


def missing_browser() -> str:
    """Say why the browser tests cannot run here, or "" when they can."""
    if not CHROMIUM.exists():
        return f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright for Python is not installed (pip install -e '.[dev]')"
    return ""


class BrowserTestCase(LiveServerTestCase):
    """
    Start Chromium once per class. Without /usr/bin/chromium or Playwright the tests skip,
    unless ASTROPHOTO_REQUIRE_BROWSER=1 (as in CI), where they fail instead.
    """

    @classmethod
    def setUpClass(cls):
        if reason := missing_browser():
            if os.environ.get("ASTROPHOTO_REQUIRE_BROWSER") == "1":
                raise RuntimeError(f"ASTROPHOTO_REQUIRE_BROWSER=1 but {reason}")
            raise unittest.SkipTest(reason)
        # Playwright's sync API runs an event loop in this thread; the ORM calls made here
        # are the test's own set-up, not async code.
        cls._async_unsafe = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
        super().setUpClass()
        from playwright.sync_api import sync_playwright

        cls.playwright = sync_playwright().start()
        cls.browser = cls.playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
        )
        ARTIFACTS.mkdir(parents=True, exist_ok=True)

    @classmethod
    def tearDownClass(cls):
        cls.browser.close()
        cls.playwright.stop()
        super().tearDownClass()
        if cls._async_unsafe is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = cls._async_unsafe
