"""What every public page owes its visitors: no inline code, landmarks, labels, alt text."""

import logging
import re
from html.parser import HTMLParser
from pathlib import Path

from django.conf import settings
from django.test import Client, RequestFactory, TestCase

from astrophoto.views import bad_request, server_error
from tests.factories import make_catalogue

PUBLIC_TEMPLATES = [
    path
    for path in (Path(settings.BASE_DIR) / "templates").rglob("*.html")
    if "admin" not in path.parts
]
INLINE_CODE = [
    (re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I), "inline <script>"),
    (re.compile(r"<style\b", re.I), "<style> element"),
    (re.compile(r"\sstyle\s*=", re.I), "style= attribute"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "event handler attribute"),
    (re.compile(r"javascript:", re.I), "javascript: URL"),
]


def test_public_templates_hold_no_inline_scripts_or_styles():
    assert PUBLIC_TEMPLATES
    problems = [
        f"{path.relative_to(settings.BASE_DIR)}: {what}"
        for path in PUBLIC_TEMPLATES
        for pattern, what in INLINE_CODE
        if pattern.search(path.read_text())
    ]
    assert not problems


class PageAudit(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def all(self, tag):
        return [attrs for name, attrs in self.tags if name == tag]


class PublicPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.c = make_catalogue()

    pages = [
        "/",
        "/fr/",
        "/photos/",
        "/photos/?expedition=65&subject=earth",
        "/photos/?taken_after=nonsense",
        "/photos/ISS065-E-394522/",
        "/fr/photos/ISS065-E-53301/",
        "/subjects/",
        "/subjects/earth/",
        "/astronauts/",
        "/astronauts/thomas-pesquet/",
        "/missions/",
        "/missions/alpha/",
        "/expeditions/",
        "/expeditions/65/",
        "/no-such-page/",
    ]

    def audit(self, url: str) -> tuple[PageAudit, str]:
        response = self.client.get(url)
        assert response.status_code in (200, 400, 404), url
        html = response.content.decode()
        page = PageAudit()
        page.feed(html)
        return page, html

    def test_pages_run_no_inline_code(self):
        for url in self.pages:
            with self.subTest(url=url):
                page, html = self.audit(url)
                for attrs in page.all("script"):
                    assert attrs.get("src", "").startswith("/static/")
                for _tag, attrs in page.tags:
                    assert "style" not in attrs
                    assert not [name for name in attrs if name.startswith("on")]
                assert "<style" not in html

    def test_pages_have_landmarks_one_heading_and_a_skip_link(self):
        for url in self.pages:
            with self.subTest(url=url):
                page, html = self.audit(url)
                assert len(page.all("main")) == 1
                assert page.all("header") and page.all("footer") and page.all("nav")
                assert len(page.all("h1")) == 1
                assert '<a class="skip-link" href="#main">' in html

    def test_every_image_has_alt_text_and_size(self):
        for url in self.pages:
            with self.subTest(url=url):
                page, _html = self.audit(url)
                for attrs in page.all("img"):
                    assert attrs.get("alt"), attrs
                    assert attrs.get("width") and attrs.get("height"), attrs
                for attrs in page.all("svg"):
                    assert attrs.get("role") == "img" and attrs.get("aria-label"), attrs

    def test_every_form_field_has_a_label(self):
        for url in self.pages:
            with self.subTest(url=url):
                page, _html = self.audit(url)
                labelled = {attrs.get("for") for attrs in page.all("label")}
                for tag in ("input", "select", "textarea"):
                    for attrs in page.all(tag):
                        if attrs.get("type") != "hidden":
                            assert attrs.get("id") in labelled, attrs


class ErrorPageTests(TestCase):
    def test_server_error_page_needs_no_database(self):
        request = RequestFactory().get("/photos/")

        with self.assertNumQueries(0):
            response = server_error(request)

        assert response.status_code == 500
        assert b"Something went wrong on our side" in response.content

    def test_bad_request_page_hides_internal_messages(self):
        from django.core.exceptions import SuspiciousOperation

        request = RequestFactory().get("/photos/")
        response = bad_request(request, SuspiciousOperation("Invalid HTTP_HOST header 'x'"))

        assert response.status_code == 400
        assert b"HTTP_HOST" not in response.content
        assert b"This address could not be read" in response.content

    def test_a_host_the_site_does_not_serve_is_a_400_logged_on_one_line(self):
        client = Client(raise_request_exception=False)
        for host in (
            "evil.example",
            "evil.example:8000",
            "localhost.evil.example",
            "a b",
            "x" * 300,
        ):
            for path in ("/photos/", "/fr/", "/nowhere/", "/admin/"):
                with (
                    self.subTest(host=host, path=path),
                    self.assertLogs("django.security.DisallowedHost", "ERROR") as logs,
                ):
                    response = client.get(path, HTTP_HOST=host)

                    assert response.status_code == 400
                    said = "n’est pas servi" if path.startswith("/fr/") else "not served at"
                    assert said in response.content.decode()
                    assert host.encode() not in response.content
                    record = logs.records[0]
                    formatted = logging.Formatter().format(record)
                    assert "Traceback" not in formatted and "\n" not in formatted

    def test_links_the_site_writes_never_lead_off_the_site(self):
        for path in ("//other.example/", "///other.example/photos/", "/\\other.example/"):
            for prefix in ("", "/fr"):
                with self.subTest(path=prefix + path):
                    # As the server receives it: a browser would read the path as a host.
                    response = self.client.get("/", {"q": "x"}, PATH_INFO=prefix + path)
                    assert response.status_code in (400, 404)
                    html = response.content.decode()
                    links = re.findall(r'(?:href|action|content)="([^"]*)"', html)
                    assert links
                    for link in links:
                        assert not re.match(r"(?:[a-z]+:)?[/\\]{2}(?!testserver)", link), link

    def test_not_found_page_in_french(self):
        response = self.client.get("/fr/nulle-part/")

        assert response.status_code == 404
        self.assertContains(response, "Cette page n\u2019est pas au catalogue", status_code=404)
