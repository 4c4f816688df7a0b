"""
What the public may read of the media: a photo's original and renditions while the photo
is public, by no address otherwise; curators through links the admin signs.
"""

import io
import re

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import TestCase, override_settings
from django.urls import reverse

from gallery.intake import import_file
from gallery.media import signed_url
from gallery.models import Photo, ReplacedOriginal
from tests.factories import image_bytes, make_curator


class MediaAccessTests(TestCase):
    def setUp(self):
        with self.captureOnCommitCallbacks(execute=True):
            self.photo = import_file(io.BytesIO(image_bytes(700, 400)), "ISS065-E-1.JPG").photo
        self.names = [self.photo.image.name, *self.photo.renditions.values_list("file", flat=True)]
        assert len(self.names) > 2

    def status(self, name: str, query: str = "") -> int:
        return self.client.get(default_storage.url(name) + query, secure=True).status_code

    def set_status(self, status: str):
        Photo.objects.filter(pk=self.photo.pk).update(status=status)

    def test_a_public_photos_files_are_served_and_may_be_cached_for_an_hour(self):
        self.set_status(Photo.Status.PUBLISHED)
        for name in self.names:
            with self.subTest(name=name):
                response = self.client.get(default_storage.url(name), secure=True)
                assert response.status_code == 200
                assert response["Cache-Control"] == "public, max-age=3600"
                assert b"".join(response.streaming_content) == default_storage.open(name).read()

    def test_a_draft_or_withdrawn_photos_files_are_not_found_by_any_address(self):
        for status in (Photo.Status.DRAFT, Photo.Status.WITHDRAWN):
            self.set_status(status)
            for name in self.names:
                url = default_storage.url(name)
                folder, rest = url.rsplit("/", 1)
                for address in (
                    url,
                    url + "?download=1",
                    url.replace("/media/", "/media//"),
                    url.replace("/media/", "/media/./"),
                    f"{folder}/../{folder.rsplit('/', 1)[-1]}/{rest}",
                    url.replace("/media/", "/fr/media/"),
                ):
                    with self.subTest(status=status, address=address):
                        assert self.client.get(address, secure=True).status_code == 404

    def test_publishing_and_withdrawing_change_what_is_readable_at_once(self):
        name = self.names[1]
        assert self.status(name) == 404
        Photo.objects.filter(pk=self.photo.pk).publish()
        assert self.status(name) == 200
        Photo.objects.filter(pk=self.photo.pk).withdraw()
        assert self.status(name) == 404

    def test_a_signed_link_opens_a_non_public_file_and_nothing_else(self):
        name, other = self.names[0], self.names[1]
        signed = signed_url(name)
        query = signed[signed.index("?") :]

        response = self.client.get(signed, secure=True)
        assert response.status_code == 200
        assert response["Cache-Control"] == "private, no-store"
        assert self.status(other, query) == 404  # the signature names one file
        assert self.status(name, query[:-2]) == 404  # tampered
        assert self.status(name, "?access=") == 404
        with override_settings(MEDIA_SIGNED_SECONDS=-1):
            assert self.status(name, query) == 404  # expired

    def test_kept_replaced_originals_are_never_public(self):
        self.set_status(Photo.Status.PUBLISHED)
        old = default_storage.save("originals/ab/" + "ab" * 32 + ".jpg", ContentFile(b"x"))
        ReplacedOriginal.objects.create(photo=self.photo, file=old)

        assert self.status(old) == 404
        assert self.client.get(signed_url(old), secure=True).status_code == 200

    def test_leftovers_and_probes_are_never_served(self):
        self.set_status(Photo.Status.PUBLISHED)
        partial = default_storage.save(self.names[1] + ".partial", ContentFile(b"half"))
        probe = default_storage.save(".healthz/probe", ContentFile(b"ok"))
        for name in (partial, probe, "nothing/here.jpg"):
            with self.subTest(name=name):
                assert self.status(name) == 404

    @override_settings(MEDIA_ACCEL_REDIRECT="/protected-media/")
    def test_behind_nginx_the_site_answers_with_x_accel_redirect_after_the_check(self):
        self.set_status(Photo.Status.PUBLISHED)
        response = self.client.get(default_storage.url(self.names[1]), secure=True)

        assert response.status_code == 200
        assert response["X-Accel-Redirect"] == "/protected-media/" + self.names[1]
        assert response.content == b""
        assert response["X-Content-Type-Options"] == "nosniff"
        self.set_status(Photo.Status.DRAFT)
        assert self.status(self.names[1]) == 404

    def test_the_admin_shows_drafts_through_signed_links(self):
        self.client.force_login(make_curator())
        response = self.client.get(reverse("admin:gallery_photo_changelist"))
        thumbnails = re.findall(
            r'<img src="([^"]+)"[^>]*class="astrophoto-thumb"', response.content.decode()
        )

        assert thumbnails and all("access=" in url for url in thumbnails)
        self.client.logout()  # the signature opens it, on a media domain without the session
        for url in thumbnails:
            assert self.client.get(url.replace("&amp;", "&"), secure=True).status_code == 200
