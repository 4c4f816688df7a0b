"""The admin's photo form: an uploaded image goes through the same intake as every import."""

from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse
from PIL import ExifTags

from gallery.models import Photo
from gallery.search import MAX_SEARCHABLE_TEXT
from tests.factories import image_bytes, image_upload, make_curator, make_exif, make_photo

ADD = reverse("admin:gallery_photo_add")
RENDITIONS_INLINE = {"renditions-TOTAL_FORMS": "0", "renditions-INITIAL_FORMS": "0"}


def photo_form(**fields):
    data = {"title": "", "nasa_id": "", "status": Photo.Status.DRAFT, **RENDITIONS_INLINE}
    data.update(fields)
    return data


class PlainUploadTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.curator = make_curator()

    def setUp(self):
        self.client.force_login(self.curator)

    def test_curator_uploads_a_photo_and_publishes_it(self):
        response = self.client.post(
            ADD, photo_form(image=image_upload("ISS065-E-394522.JPG"), nasa_id="iss065e394522")
        )

        assert response.status_code == 302, response.context["adminform"].form.errors
        photo = Photo.objects.get()
        assert photo.nasa_id == "ISS065-E-394522"
        assert (photo.width, photo.height) == (64, 48)
        assert photo.image.name == f"originals/{photo.sha256[:2]}/{photo.sha256}.jpg"
        assert photo.image.storage.exists(photo.image.name)
        assert photo.original_filename == "ISS065-E-394522.JPG"
        assert photo.uploaded_by == self.curator

        change = reverse("admin:gallery_photo_change", args=[photo.pk])
        response = self.client.post(
            change, photo_form(nasa_id=photo.nasa_id, status=Photo.Status.PUBLISHED)
        )

        assert response.status_code == 302
        assert Photo.objects.public().get() == photo

    def test_uploading_a_file_already_catalogued_is_a_form_error(self):
        upload = image_upload()
        self.client.post(ADD, photo_form(image=upload))
        upload.seek(0)

        response = self.client.post(ADD, photo_form(image=upload))

        assert response.status_code == 200
        assert "already in the catalogue" in str(response.context["adminform"].form.errors["image"])
        assert Photo.objects.count() == 1

    def test_a_file_that_is_not_an_image_is_a_form_error(self):
        fake = SimpleUploadedFile("photo.jpg", b"<html><script>alert(1)</script></html>")

        response = self.client.post(ADD, photo_form(image=fake))

        assert response.status_code == 200
        assert "image" in response.context["adminform"].form.errors
        assert not Photo.objects.exists()

    def test_a_second_photo_with_the_same_nasa_id_is_a_form_error(self):
        make_photo(nasa_id="ISS065-E-394522")

        response = self.client.post(ADD, photo_form(nasa_id="iss065e394522"))

        assert response.status_code == 200
        assert "already in the catalogue" in str(response.context["adminform"].form.errors)
        assert Photo.objects.count() == 1


class PhotoFormIntakeTests(TestCase):
    """The single-photo form goes through the same intake as the upload page."""

    @classmethod
    def setUpTestData(cls):
        cls.curator = make_curator()

    def setUp(self):
        self.client.force_login(self.curator)

    def post(self, url, **fields):
        data = {
            "title": "",
            "nasa_id": "",
            "status": "draft",
            "renditions-TOTAL_FORMS": "0",
            "renditions-INITIAL_FORMS": "0",
            **fields,
        }
        return self.client.post(url, data)

    def test_the_form_fills_exif_and_the_nasa_id_from_the_file(self):
        exif = make_exif(
            {ExifTags.Base.Model: "NIKON D5"},
            camera={ExifTags.Base.DateTimeOriginal: "2021:09:09 22:42:31"},
        )
        file = SimpleUploadedFile("ISS065-E-394522.JPG", image_bytes(exif=exif))

        response = self.post(ADD, image=file, camera_model="")

        assert response.status_code == 302, response.context["adminform"].form.errors
        photo = Photo.objects.get()
        assert photo.nasa_id == "ISS065-E-394522"
        assert photo.camera_model == "NIKON D5"
        assert photo.expedition.number == 65
        assert photo.taken_at.year == 2021

    def test_what_the_curator_typed_wins_over_exif(self):
        exif = make_exif({ExifTags.Base.Model: "NIKON D5"})

        self.post(ADD, image=SimpleUploadedFile("a.jpg", image_bytes(exif=exif)), camera_model="D5")

        assert Photo.objects.get().camera_model == "D5"

    def test_a_file_named_after_another_photo_is_a_form_error(self):
        other = make_photo(nasa_id="ISS065-E-394522")

        response = self.post(ADD, image=image_upload("ISS065-E-394522.JPG"))

        assert response.status_code == 200
        errors = str(response.context["adminform"].form.errors["image"])
        assert "named after a photo already in the catalogue" in errors
        assert reverse("admin:gallery_photo_change", args=[other.pk]) in errors
        assert Photo.objects.count() == 1

    def test_removing_the_image_forgets_what_described_the_file(self):
        photo = make_photo(nasa_id="ISS065-E-1")
        change = reverse("admin:gallery_photo_change", args=[photo.pk])
        # Clearing an image is for those who may delete photos (tests/security/test_originals.py).
        self.client.force_login(User.objects.create_superuser("admin", password="a-long-password"))

        response = self.post(change, nasa_id="ISS065-E-1", **{"image-clear": "on"})

        assert response.status_code == 302, response.context["adminform"].form.errors
        photo.refresh_from_db()
        assert (photo.image.name, photo.sha256, photo.width) == ("", "", None)

    def test_the_form_reuses_an_orphan_left_with_the_same_bytes(self):
        data = image_bytes()
        self.post(ADD, image=SimpleUploadedFile("a.jpg", data))
        name = Photo.objects.get().image.name
        Photo.objects.all().delete()  # in a test the file outlives the row

        response = self.post(ADD, image=SimpleUploadedFile("b.jpg", data))

        assert response.status_code == 302
        assert Photo.objects.get().image.name == name
        folder = Path(settings.MEDIA_ROOT) / Path(name).parent
        assert [p.name for p in folder.iterdir()] == [Path(name).name]


class LongTextTests(TestCase):
    """Text too long for the search index is a form error, with what was typed kept."""

    @classmethod
    def setUpTestData(cls):
        cls.curator = make_curator()

    def setUp(self):
        self.client.force_login(self.curator)

    def test_captions_and_features_past_the_limit_are_form_errors(self):
        photo = make_photo(nasa_id="ISS065-E-1", with_image=False)
        change = reverse("admin:gallery_photo_change", args=[photo.pk])
        long = "word " * (MAX_SEARCHABLE_TEXT // 5) + "x"
        for field in ("caption_en", "caption_fr", "features"):
            with self.subTest(field=field):
                data = photo_form(nasa_id="ISS065-E-1", title="Typed title", **{field: long})
                response = self.client.post(change, data)

                assert response.status_code == 200
                form = response.context["adminform"].form
                assert "at most 30000 characters" in str(form.errors[field])
                assert form["title"].value() == "Typed title"
                photo.refresh_from_db()
                assert getattr(photo, field) == ""

    def test_text_up_to_the_limit_is_saved_and_searched(self):
        photo = make_photo(nasa_id="ISS065-E-1", with_image=False)
        change = reverse("admin:gallery_photo_change", args=[photo.pk])
        words = (
            " ".join(f"w{n:06d}" for n in range(MAX_SEARCHABLE_TEXT // 8))[
                : MAX_SEARCHABLE_TEXT - 9
            ]
            + " aurorae"
        )
        data = photo_form(nasa_id="ISS065-E-1", caption_en=words, caption_fr=words, features=words)

        response = self.client.post(change, data)

        assert response.status_code == 302, response.context["adminform"].form.errors
        assert Photo.objects.search("aurorae").get() == photo
