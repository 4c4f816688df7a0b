"""
The hostile upload corpus (tests/security/corpus.py) through both ways in: the admin's upload
page and `manage.py import_photos`.

For every case, four things hold: a clear answer (refused with its reason, or taken in
safely), never a 500, no file written outside MEDIA_ROOT, and no photo row without its file
(nor a stored file without its row).
"""

import io
import tempfile
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client, TestCase, override_settings
from django.urls import reverse
from PIL import Image

from gallery.models import Photo, Rendition
from tests.factories import image_bytes, make_curator
from tests.security import corpus

# Pillow warns about some of these files before refusing them; the refusal is under test.
pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")

UPLOAD = reverse("admin:gallery_photo_upload")
REFUSED = {"rejected", "skipped"}


class HostileUploadTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.curator = make_curator()

    def setUp(self):
        self.sandbox = Path(self.enterContext(tempfile.TemporaryDirectory()))
        self.media = self.sandbox / "site" / "data" / "media"
        self.uploads = self.sandbox / "upload-temp"
        self.incoming = self.sandbox / "incoming"
        for folder in (self.media, self.uploads, self.incoming):
            folder.mkdir(parents=True)
        self.enterContext(
            override_settings(
                MEDIA_ROOT=self.media,
                FILE_UPLOAD_TEMP_DIR=self.uploads,
                # Stream every upload through a temporary file, as large ones are.
                FILE_UPLOAD_MAX_MEMORY_SIZE=1024,
                PHOTO_MAX_PIXELS=corpus.MAX_PIXELS,
                PHOTO_MAX_FILE_SIZE=corpus.MAX_FILE_SIZE,
                PHOTO_RENDITION_WIDTHS=[320],
            )
        )
        self.enterContext(_pillow_limit(corpus.MAX_PIXELS))
        self.client = Client(raise_request_exception=False)
        self.client.force_login(self.curator)

    # The four properties ------------------------------------------------------------

    def assert_nothing_outside_media(self):
        written = [
            path
            for path in self.sandbox.rglob("*")
            if path.is_file()
            and self.media not in path.parents
            and self.incoming not in path.parents
        ]
        assert not written, written

    def assert_rows_and_files_agree(self):
        for photo in Photo.objects.exclude(image=""):
            assert default_storage.exists(photo.image.name), photo.image.name
            assert (self.media / photo.image.name).resolve().is_relative_to(self.media)
        for rendition in Rendition.objects.all():
            assert default_storage.exists(rendition.file.name), rendition.file.name
        stored = {
            path.relative_to(self.media).as_posix()
            for path in (self.media / "originals").rglob("*")
            if path.is_file()
        }
        assert stored == set(Photo.objects.exclude(image="").values_list("image", flat=True))

    def assert_taken_in_safely(self, case: corpus.Case, before: int):
        photo = Photo.objects.order_by("-pk").first()
        assert Photo.objects.count() == before + 1, case.name
        assert photo.image.name.startswith(f"originals/{photo.sha256[:2]}/{photo.sha256}.")
        with Image.open(default_storage.path(photo.image.name)) as stored:
            true_suffix = {"TIFF": ".tif", "JPEG": ".jpg"}[stored.format]
        assert photo.image.name.endswith(true_suffix), photo.image.name
        assert len(photo.original_filename) <= 255
        assert not {"/", "\\", "\x00"} & set(photo.original_filename)
        for field in ("camera_make", "camera_model", "lens"):
            assert len(getattr(photo, field)) <= Photo._meta.get_field(field).max_length

    # Through the admin --------------------------------------------------------------

    def test_every_case_through_the_admin_upload_page(self):
        for case in corpus.corpus():
            with self.subTest(case.name):
                before = Photo.objects.count()
                response = self.client.post(
                    UPLOAD,
                    {"files": [SimpleUploadedFile(case.filename, case.data)], "status": "draft"},
                )
                assert response.status_code == 200, response.status_code
                # One line per file; a file the form itself refuses is a form error.
                results = response.context["results"] or []
                form_errors = " ".join(response.context["form"].errors.get("files", []))
                if case.expect == "rejected":
                    assert {result.outcome for result in results} <= REFUSED
                    reasons = " ".join(result.reason for result in results) + form_errors
                    assert case.reason.lower() in reasons.lower(), reasons
                    assert Photo.objects.count() == before
                else:
                    assert [result.outcome for result in results] == ["imported"], results
                    self.assert_taken_in_safely(case, before)
                self.assert_nothing_outside_media()
                self.assert_rows_and_files_agree()

    def test_more_files_than_the_form_allows_is_refused_whole(self):
        files = [SimpleUploadedFile(f"{n}.jpg", image_bytes()) for n in range(4)]
        with override_settings(DATA_UPLOAD_MAX_NUMBER_FILES=3):
            response = self.client.post(UPLOAD, {"files": files, "status": "draft"})

        assert response.status_code == 400
        assert "more than 3 files at once" in response.text
        assert not Photo.objects.exists()
        self.assert_nothing_outside_media()

    # Through import_photos ----------------------------------------------------------

    def test_every_case_through_import_photos(self):
        for number, case in enumerate(corpus.corpus()):
            with self.subTest(case.name):
                before = Photo.objects.count()
                # A file system name cannot hold "/" or NUL: the name's last part stands in.
                disk_name = case.filename.replace("\\", "/").rsplit("/", 1)[-1].replace("\x00", "")
                path = self.incoming / f"{number}-{disk_name[:200]}"
                path.write_bytes(case.data)
                output, code = import_photos(path)
                if case.expect == "rejected":
                    assert code in (0, 1), output
                    assert code == 1 or "skipped" in output
                    assert case.reason.lower() in output.lower(), output
                    assert Photo.objects.count() == before
                else:
                    assert code == 0, output
                    assert "1 imported" in output, output
                    self.assert_taken_in_safely(case, before)
                self.assert_nothing_outside_media()
                self.assert_rows_and_files_agree()


def import_photos(*paths: Path) -> tuple[str, int]:
    """Run import_photos; return what it wrote and its exit status."""
    out = io.StringIO()
    try:
        call_command("import_photos", *map(str, paths), stdout=out, stderr=out)
    except CommandError as error:
        return out.getvalue() + str(error), error.returncode
    return out.getvalue(), 0


class _pillow_limit:
    """Set Pillow's own bomb limit as gallery.apps does from PHOTO_MAX_PIXELS at start-up."""

    def __init__(self, pixels: int):
        self.pixels = pixels

    def __enter__(self):
        self.saved, Image.MAX_IMAGE_PIXELS = Image.MAX_IMAGE_PIXELS, self.pixels

    def __exit__(self, *exc):
        Image.MAX_IMAGE_PIXELS = self.saved
