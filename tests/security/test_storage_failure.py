"""
Media storage that fails while a photo is stored (a read-only or full folder): a clear error
on every way in, no row left behind, and no part of a file either.

The failures are made where the operating system reports them, in the file system storage's
write, with the errors it gives: EROFS at once, ENOSPC after part of the file is written.
"""

import errno
import io
import os
import tempfile
from pathlib import Path
from types import SimpleNamespace
from unittest import mock

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client, TestCase
from django.urls import reverse

from gallery import intake
from gallery.models import Photo
from tests.factories import image_bytes, image_upload, make_curator

UPLOAD = reverse("admin:gallery_photo_upload")
ADD = reverse("admin:gallery_photo_add")
RENDITIONS_INLINE = {"renditions-TOTAL_FORMS": "0", "renditions-INITIAL_FORMS": "0"}


def read_only(storage, name, content):
    raise OSError(errno.EROFS, os.strerror(errno.EROFS))


def full_after_half(storage, name, content):
    """Write half of the file where it belongs, then run out of space, as a full disk does."""
    path = Path(storage.path(name))
    path.parent.mkdir(parents=True, exist_ok=True)
    data = b"".join(content.chunks())
    path.write_bytes(data[: len(data) // 2])
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


FAILURES = {"read-only": read_only, "full": full_after_half}


class StorageFailureTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.curator = make_curator()

    def setUp(self):
        self.client = Client(raise_request_exception=False)
        self.client.force_login(self.curator)

    def failing(self, failure: str):
        return mock.patch.object(
            FileSystemStorage, "_save", autospec=True, side_effect=FAILURES[failure]
        )

    def assert_nothing_kept(self, media_root):
        assert not Photo.objects.exists()
        assert not [path for path in Path(media_root).rglob("*") if path.is_file()]

    def test_the_upload_page_reports_the_failure_for_each_file(self):
        for failure, message in (("read-only", "Read-only file system"), ("full", "No space left")):
            with self.subTest(failure), self.failing(failure):
                response = self.client.post(
                    UPLOAD,
                    {"files": [image_upload("a.jpg"), image_upload("b.jpg")], "status": "draft"},
                )
                assert response.status_code == 200
                assert [result.outcome for result in response.context["results"]] == [
                    "rejected"
                ] * 2
                assert response.text.count(message) == 2
                self.assert_nothing_kept(settings.MEDIA_ROOT)

    def test_the_photo_form_reports_the_failure_and_saves_nothing(self):
        for failure, message in (("read-only", "Read-only file system"), ("full", "No space left")):
            with self.subTest(failure), self.failing(failure):
                response = self.client.post(
                    ADD,
                    {
                        "image": image_upload(),
                        "title": "Cupola",
                        "status": "draft",
                        **RENDITIONS_INLINE,
                    },
                    follow=True,
                )
                assert response.status_code == 200
                assert f"The image could not be stored ({message}" in response.text
                assert "nothing was saved" in response.text
                self.assert_nothing_kept(settings.MEDIA_ROOT)

    def test_the_photo_form_keeps_what_was_typed_when_storage_cannot_take_the_file(self):
        folders = {
            "Read-only file system": SimpleNamespace(
                f_flag=os.ST_RDONLY, f_bavail=10**9, f_frsize=4096
            ),
            "No space left": SimpleNamespace(f_flag=0, f_bavail=0, f_frsize=4096),
        }
        for message, folder in folders.items():
            with (
                self.subTest(message),
                mock.patch("gallery.intake.os.statvfs", return_value=folder),
            ):
                response = self.client.post(
                    ADD,
                    {
                        "image": image_upload(),
                        "title": "Cupola at dawn",
                        "caption_en": "The seven windows of the Cupola.",
                        "status": "draft",
                        **RENDITIONS_INLINE,
                    },
                )
                assert response.status_code == 200  # the form again, not a redirect
                form = response.context["adminform"].form
                assert f"The image cannot be stored ({message}" in str(form.errors["image"])
                self.assertContains(response, 'value="Cupola at dawn"')
                self.assertContains(response, "The seven windows of the Cupola.")
                self.assert_nothing_kept(settings.MEDIA_ROOT)

    def test_a_media_folder_not_made_yet_or_a_remote_storage_is_no_problem(self):
        root = Path(self.enterContext(tempfile.TemporaryDirectory()))
        assert intake.storage_problem(FileSystemStorage(root / "media" / "not-yet"), 10) is None
        remote = mock.Mock(path=mock.Mock(side_effect=NotImplementedError))
        assert intake.storage_problem(remote, 10) is None

    def test_import_photos_reports_the_failure_and_exits_1(self):
        folder = Path(self.enterContext(tempfile.TemporaryDirectory()))
        (folder / "a.jpg").write_bytes(image_bytes())
        for failure, message in (("read-only", "Read-only file system"), ("full", "No space left")):
            with self.subTest(failure), self.failing(failure):
                out = io.StringIO()
                with self.assertRaises(CommandError) as error:
                    call_command("import_photos", str(folder), stdout=out, stderr=out)
                assert error.exception.returncode == 1
                assert message in out.getvalue()
                self.assert_nothing_kept(settings.MEDIA_ROOT)

    def test_the_catalogue_takes_the_file_once_storage_works_again(self):
        upload = image_bytes()
        with self.failing("full"):
            self.client.post(
                UPLOAD, {"files": [SimpleUploadedFile("photo.jpg", upload)], "status": "draft"}
            )

        response = self.client.post(
            UPLOAD, {"files": [SimpleUploadedFile("photo.jpg", upload)], "status": "draft"}
        )

        assert [result.outcome for result in response.context["results"]] == ["imported"]
        photo = Photo.objects.get()
        assert photo.image.read() == upload
