"""The admin's "Upload photos" page: many files and archives through intake, one line each."""

import io

from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, TestCase, override_settings
from django.urls import reverse
from PIL import Image

from gallery.models import Photo
from tests.factories import (
    image_bytes,
    make_astronaut,
    make_curator,
    make_expedition,
    make_photo,
    make_subject,
    zip_bytes,
)

UPLOAD = reverse("admin:gallery_photo_upload")
CHANGELIST = reverse("admin:gallery_photo_changelist")


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def outcomes(response) -> dict[str, str]:
    return {result.name: result.outcome for result in response.context["results"]}


class UploadPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.curator = make_curator()

    def setUp(self):
        self.client.force_login(self.curator)

    def test_the_changelist_links_to_the_upload_page(self):
        response = self.client.get(CHANGELIST)

        self.assertContains(response, f'href="{UPLOAD}"')
        self.assertContains(response, "Upload photos")

    def test_the_upload_page_offers_many_files_and_defaults(self):
        response = self.client.get(UPLOAD)

        assert response.status_code == 200
        self.assertContains(response, 'enctype="multipart/form-data"')
        self.assertContains(response, "multiple")
        for field in ["photographer", "mission", "expedition", "subjects", "status", "licence"]:
            assert field in response.context["form"].fields

    def test_many_files_answer_with_one_line_each(self):
        existing = make_photo()
        existing_bytes = existing.image.read()

        response = self.client.post(
            UPLOAD,
            {
                "files": [
                    upload("ISS065-E-1.JPG", image_bytes()),
                    upload("b.png", image_bytes(format="PNG")),
                    upload("copy.jpg", existing_bytes),
                    upload("page.jpg", b"<html></html>"),
                ],
                "status": "draft",
            },
        )

        assert response.status_code == 200
        assert outcomes(response) == {
            "ISS065-E-1.JPG": "imported",
            "b.png": "imported",
            "copy.jpg": "duplicate",
            "page.jpg": "rejected",
        }
        imported = Photo.objects.get(nasa_id="ISS065-E-1")
        change_url = reverse("admin:gallery_photo_change", args=[imported.pk])
        self.assertContains(response, f'href="{change_url}"')
        existing_url = reverse("admin:gallery_photo_change", args=[existing.pk])
        self.assertContains(response, f'href="{existing_url}"')
        self.assertContains(response, "not a JPEG, PNG, WebP or TIFF image")
        self.assertContains(response, "2 imported, 1 duplicates, 1 rejected, 0 skipped")
        assert imported.uploaded_by == self.curator
        assert LogEntry.objects.filter(user=self.curator).count() == 2

    def test_defaults_are_given_to_every_photo(self):
        photographer, expedition = make_astronaut("Thomas Pesquet"), make_expedition(65)
        subject = make_subject("Earth at night")

        self.client.post(
            UPLOAD,
            {
                "files": [upload("a.jpg", image_bytes()), upload("b.jpg", image_bytes())],
                "photographer": photographer.pk,
                "expedition": expedition.pk,
                "subjects": [subject.pk],
                "status": "published",
                "credit": "ESA/NASA-T. Pesquet",
                "licence": "cc-by-sa-3.0-igo",
            },
        )

        photos = Photo.objects.all()
        assert len(photos) == 2
        for photo in photos:
            assert (photo.photographer, photo.expedition, photo.status) == (
                photographer,
                expedition,
                "published",
            )
            assert photo.credit_line == "ESA/NASA-T. Pesquet"
            assert list(photo.subjects.all()) == [subject]

    def test_a_zip_is_opened_and_its_entries_reported(self):
        archive = zip_bytes({"x/ISS066-E-2.jpg": image_bytes(), "../up.jpg": image_bytes()})

        response = self.client.post(
            UPLOAD, {"files": [upload("batch.zip", archive)], "status": "draft"}
        )

        assert outcomes(response) == {
            "batch.zip: x/ISS066-E-2.jpg": "imported",
            "batch.zip: ../up.jpg": "skipped",
        }
        self.assertContains(response, "leads out of the archive")

    def test_a_catalogue_entry_is_completed_not_doubled(self):
        entry = make_photo(with_image=False, nasa_id="ISS065-E-394522", title="Curated")

        response = self.client.post(
            UPLOAD, {"files": [upload("iss065e394522.jpg", image_bytes())], "status": "draft"}
        )

        self.assertContains(response, "Imported, completing catalogue entry")
        entry.refresh_from_db()
        assert entry.image and entry.title == "Curated"
        assert Photo.objects.count() == 1

    def test_posting_no_file_is_a_form_error(self):
        response = self.client.post(UPLOAD, {"status": "draft"})

        assert response.status_code == 200
        assert response.context["form"].errors["files"] == ["Choose at least one file."]

    @override_settings(PHOTO_MAX_FILE_SIZE=5000)
    def test_an_oversized_file_is_refused_as_it_streams_in_and_the_others_go_on(self):
        buffer = io.BytesIO()
        Image.effect_noise((200, 200), 40).save(buffer, "PNG")
        big = buffer.getvalue()

        response = self.client.post(
            UPLOAD,
            {
                "files": [upload("big.png", big), upload("small.jpg", image_bytes())],
                "status": "draft",
            },
        )

        assert response.status_code == 200
        assert outcomes(response) == {"big.png": "rejected", "small.jpg": "imported"}
        self.assertContains(response, "over the 0 MB limit")

    @override_settings(FILE_UPLOAD_MAX_MEMORY_SIZE=100)
    def test_files_streamed_to_temporary_files_are_imported(self):
        response = self.client.post(
            UPLOAD, {"files": [upload("a.jpg", image_bytes(300, 200))], "status": "draft"}
        )

        assert outcomes(response) == {"a.jpg": "imported"}

    @override_settings(DATA_UPLOAD_MAX_NUMBER_FILES=2)
    def test_more_files_than_allowed_is_a_clear_400_page_and_imports_nothing(self):
        files = [upload(f"{n}.jpg", image_bytes()) for n in range(3)]

        response = self.client.post(UPLOAD, {"files": files, "status": "draft"})

        assert response.status_code == 400
        self.assertContains(response, "more than 2 files at once", status_code=400)
        self.assertContains(response, ".zip archive", status_code=400)
        assert not Photo.objects.exists()

    def test_the_upload_is_protected_against_cross_site_requests(self):
        client = Client(enforce_csrf_checks=True)
        client.force_login(self.curator)

        response = client.post(UPLOAD, {"files": [upload("a.jpg", image_bytes())]})

        assert response.status_code == 403
        assert not Photo.objects.exists()

    def test_anonymous_visitors_are_sent_to_log_in(self):
        self.client.logout()

        response = self.client.post(UPLOAD, {"files": [upload("a.jpg", image_bytes())]})

        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))
        assert not Photo.objects.exists()

    def test_staff_without_the_right_to_add_photos_are_refused(self):
        viewer = User.objects.create_user("viewer", password="long-viewer-password", is_staff=True)
        self.client.force_login(viewer)

        assert self.client.get(UPLOAD).status_code == 403
        response = self.client.post(UPLOAD, {"files": [upload("a.jpg", image_bytes())]})
        assert response.status_code == 403
        assert not Photo.objects.exists()
