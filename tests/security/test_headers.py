"""
Deployment security: Django's deploy checks, and the headers every kind of response carries.

Requests are made as HTTPS (`secure=True`), as a production site behind TLS receives them.
"""

from unittest import mock

from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import OperationalError
from django.test import Client, TestCase

from tests.factories import make_catalogue, make_published_photo, make_rendition
from tests.test_settings import run_manage

HTML_PAGES = {
    "home": "/",
    "gallery": "/photos/?expedition=65",
    "photo": "/photos/ISS065-E-394522/",
    "French page": "/fr/missions/alpha/",
    "bad request": "/photos/?taken_after=nonsense",
    "not found": "/no-such-page/",
    "admin login": "/admin/login/",
}
OTHER_PAGES = {
    "feed": "/feeds/photos/",
    "sitemap index": "/sitemap.xml",
    "sitemap section": "/sitemap-photos.xml",
    "robots": "/robots.txt",
    "health check": "/healthz",
}
# The test run's own environment (pyproject.toml) departs from production here; empty
# values give the settings' defaults back.
PRODUCTION_DEFAULTS = {"SECURE_SSL_REDIRECT": ""}
EVERY_RESPONSE = {
    "Strict-Transport-Security": "max-age=31536000; includeSubDomains; preload",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}
SITE_POLICY = [
    "default-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
]


def deploy_check(tmp_path, **env: str):
    """Run the deploy checks with production settings, `env` changing some of them."""
    return run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="0",
        SECRET_KEY="a-production-secret-of-fifty-characters-and-more-0123456789",
        DATABASE_URL=f"sqlite:///{tmp_path}/db.sqlite3",
        **{**PRODUCTION_DEFAULTS, **env},
    )


def test_production_settings_pass_the_deploy_check_without_a_warning(tmp_path):
    result = deploy_check(tmp_path)

    assert result.returncode == 0, result.stderr
    assert "no issues (0 silenced)" in result.stdout


def test_the_deploy_check_still_catches_a_weakened_setting(tmp_path):
    result = deploy_check(tmp_path, SECURE_HSTS_SECONDS="0")

    assert result.returncode == 1
    assert "security.W004" in result.stderr


class HeaderTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.c = make_catalogue()
        cls.admin = User.objects.create_superuser("root", password="a-long-admin-password")

    def assert_secure_headers(self, response):
        for header, value in EVERY_RESPONSE.items():
            assert response.headers.get(header) == value, (header, response.headers.get(header))

    def assert_site_policy(self, response) -> str:
        policy = response.headers["Content-Security-Policy"]
        for directive in SITE_POLICY:
            assert directive in policy.split("; "), (directive, policy)
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
        return policy

    def test_html_pages_carry_the_policy_and_the_security_headers(self):
        for kind, url in HTML_PAGES.items():
            with self.subTest(kind):
                response = self.client.get(url, secure=True)
                assert response.status_code in (200, 400, 404)
                self.assert_secure_headers(response)
                policy = self.assert_site_policy(response)
                # A nonce is named only by pages that use one (the admin's).
                assert "script-src 'self'" in policy

    def test_admin_pages_carry_the_same_headers_and_their_tags_the_nonce(self):
        self.client.force_login(self.admin)
        for url in (
            "/admin/",
            "/admin/gallery/photo/",
            f"/admin/gallery/photo/{self.c.paris.pk}/change/",
            "/admin/gallery/photo/upload/",
        ):
            with self.subTest(url):
                response = self.client.get(url, secure=True)
                assert response.status_code == 200
                self.assert_secure_headers(response)
                policy = self.assert_site_policy(response)
                nonce = policy.split("'nonce-")[1].split("'")[0]
                assert f'nonce="{nonce}"' in response.content.decode()

    def test_feeds_sitemaps_robots_and_health_carry_the_security_headers(self):
        for kind, url in OTHER_PAGES.items():
            with self.subTest(kind):
                response = self.client.get(url, secure=True)
                assert response.status_code == 200
                self.assert_secure_headers(response)
                self.assert_site_policy(response)

    def test_server_errors_and_maintenance_pages_carry_the_security_headers(self):
        client = Client(raise_request_exception=False)
        for error, status in ((RuntimeError("bug"), 500), (OperationalError("gone"), 503)):
            with (
                self.subTest(status),
                mock.patch("astrophoto.views.reverse", side_effect=error),
            ):
                response = client.get("/robots.txt", secure=True)
                assert response.status_code == status
                self.assert_secure_headers(response)
                self.assert_site_policy(response)

    def test_cookies_are_secure_and_hidden_from_scripts(self):
        page = self.client.get("/admin/login/", secure=True)
        response = self.client.post(
            "/admin/login/?next=/admin/",
            {
                "username": "root",
                "password": "a-long-admin-password",
                "csrfmiddlewaretoken": page.cookies["csrftoken"].value,
            },
            secure=True,
        )

        assert response.status_code == 302
        for name in ("sessionid", "csrftoken"):
            cookie = response.cookies[name] if name in response.cookies else page.cookies[name]
            assert cookie["secure"] and cookie["httponly"], name
            assert cookie["samesite"] == "Lax", name


class MediaHeaderTests(TestCase):
    def test_media_in_the_embedded_setup_is_served_inert(self):
        photo = make_published_photo()
        rendition = make_rendition(photo, 320)
        for field in (photo.image, rendition.file):
            with self.subTest(field.name):
                response = self.client.get(field.url, secure=True)
                assert response.status_code == 200
                assert response.headers["Content-Type"] in ("image/jpeg", "image/webp")
                self.assert_inert(response, "inline", field.name)

    def test_media_of_a_type_browsers_would_render_is_a_download(self):
        name = default_storage.save("patches/page.html", ContentFile(b"<script>alert(1)</script>"))
        response = self.client.get(default_storage.url(name), secure=True)

        assert response.status_code == 200
        self.assert_inert(response, "attachment", name)

    def assert_inert(self, response, disposition: str, name: str):
        filename = name.rsplit("/", 1)[-1]
        assert response.headers["Content-Disposition"] == f'{disposition}; filename="{filename}"'
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Content-Security-Policy"] == "default-src 'none'; sandbox"
        assert response.headers["X-Frame-Options"] == "DENY"
