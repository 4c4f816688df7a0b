"""/healthz: ok when the database and media storage work, 503 naming what does not."""

import errno
import os
from unittest import mock

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import OperationalError
from django.test import TestCase

from astrophoto.views import maintenance


class HealthCheckTests(TestCase):
    def test_a_healthy_site_answers_ok_and_leaves_no_probe_behind(self):
        response = self.client.get("/healthz")

        assert (response.status_code, response.text) == (200, "ok\n")
        assert "no-store" in response["Cache-Control"]
        assert not [path for path in settings.MEDIA_ROOT.rglob("*") if path.is_file()]

    def test_read_only_media_storage_is_reported(self):
        with mock.patch.object(
            FileSystemStorage, "_save", side_effect=OSError(errno.EROFS, os.strerror(errno.EROFS))
        ):
            response = self.client.get("/healthz")

        assert (response.status_code, response.text) == (503, "media: not writable\n")

    def test_an_unreachable_database_is_reported_without_its_details(self):
        with mock.patch(
            "astrophoto.views.connection.cursor",
            side_effect=OperationalError('connection to server at "db.internal" failed'),
        ):
            response = self.client.get("/healthz")

        assert (response.status_code, response.text) == (503, "database: unavailable\n")

    def test_the_health_check_answers_plain_http_for_load_balancers(self):
        with self.settings(SECURE_SSL_REDIRECT=True):
            assert self.client.get("/healthz").status_code == 200
            assert self.client.get("/photos/").status_code == 301


class MaintenancePageTests(TestCase):
    def test_the_maintenance_page_needs_no_database(self):
        with self.assertNumQueries(0):
            response = maintenance()

        assert response.status_code == 503
        assert response["Retry-After"] == "30"
        assert b"The catalogue is back in a moment" in response.content
