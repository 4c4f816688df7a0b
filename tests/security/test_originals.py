"""
Originals are never destroyed by someone who may not delete photos: clearing or replacing
an image needs the delete permission, and a replaced original is kept, with its file, until
someone who may delete removes it (or puts it back). check_media lists such files.
"""

import io
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import TestCase, TransactionTestCase
from django.urls import reverse

from gallery.intake import import_file
from gallery.models import Photo, Rendition, ReplacedOriginal
from tests.factories import image_bytes, make_curator
from tests.gallery.test_photo_form import photo_form


def stored(name: str) -> bool:
    return (Path(settings.MEDIA_ROOT) / name).is_file()


def change_url(photo: Photo) -> str:
    return reverse("admin:gallery_photo_change", args=[photo.pk])


class CuratorCannotDestroyOriginalsTests(TestCase):
    def setUp(self):
        with self.captureOnCommitCallbacks(execute=True):
            self.photo = import_file(io.BytesIO(image_bytes(700, 400)), "ISS065-E-1.JPG").photo
        self.original = self.photo.image.name
        self.renditions = set(Rendition.objects.values_list("file", flat=True))
        self.client.force_login(make_curator())

    def assert_untouched(self):
        self.photo.refresh_from_db()
        assert self.photo.image.name == self.original
        assert stored(self.original)
        assert set(Rendition.objects.values_list("file", flat=True)) == self.renditions
        assert not ReplacedOriginal.objects.exists()

    def test_a_curator_cannot_clear_the_image(self):
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(
                change_url(self.photo),
                photo_form(nasa_id="ISS065-E-1", title="Still here", **{"image-clear": "on"}),
            )

        assert response.status_code == 302
        self.assert_untouched()
        assert Photo.objects.get().title == "Still here"  # the rest of the form was saved

    def test_a_curator_cannot_replace_the_image(self):
        for name, data in [("other.jpg", image_bytes(300, 200)), ("x.png", image_bytes(90, 90))]:
            with self.subTest(name=name), self.captureOnCommitCallbacks(execute=True):
                upload = SimpleUploadedFile(name, data)
                self.client.post(
                    change_url(self.photo), photo_form(nasa_id="ISS065-E-1", image=upload)
                )
            self.assert_untouched()

    def test_the_image_is_shown_read_only_to_a_curator(self):
        response = self.client.get(change_url(self.photo))

        assert 'name="image"' not in response.content.decode()
        assert 'name="image-clear"' not in response.content.decode()

    def test_a_curator_may_still_give_an_image_to_a_catalogue_entry_without_one(self):
        entry = Photo.objects.create(nasa_id="ISS065-E-2")

        response = self.client.post(
            change_url(entry),
            photo_form(nasa_id="ISS065-E-2", image=SimpleUploadedFile("a.jpg", image_bytes())),
        )

        assert response.status_code == 302
        entry.refresh_from_db()
        assert entry.image and stored(entry.image.name)

    def test_a_curator_sees_kept_originals_but_cannot_remove_them(self):
        kept = ReplacedOriginal.objects.create(photo=self.photo, file="originals/aa/kept.jpg")

        assert (
            self.client.get(reverse("admin:gallery_replacedoriginal_changelist")).status_code == 200
        )
        delete = reverse("admin:gallery_replacedoriginal_delete", args=[kept.pk])
        assert self.client.post(delete, {"post": "yes"}).status_code == 403
        assert ReplacedOriginal.objects.filter(pk=kept.pk).exists()


class KeptOriginalsTests(TransactionTestCase):
    """Files are deleted after commit: these tests commit."""

    def setUp(self):
        self.data = image_bytes(700, 400)
        self.photo = import_file(io.BytesIO(self.data), "ISS065-E-1.JPG").photo
        self.original = self.photo.image.name
        self.admin = User.objects.create_superuser("admin", password="a-long-admin-password")
        self.client.force_login(self.admin)

    def replace(self, data: bytes):
        upload = SimpleUploadedFile("new.jpg", data)
        response = self.client.post(
            change_url(self.photo), photo_form(nasa_id="ISS065-E-1", image=upload)
        )
        assert response.status_code == 302, response.context["adminform"].form.errors

    def test_replacing_keeps_the_old_original_with_who_and_when(self):
        self.replace(image_bytes(500, 300))

        kept = ReplacedOriginal.objects.get()
        assert (kept.photo, kept.file.name, kept.replaced_by) == (
            self.photo,
            self.original,
            self.admin,
        )
        assert stored(self.original)
        self.photo.refresh_from_db()
        assert self.photo.image.name != self.original and stored(self.photo.image.name)

    def test_clearing_keeps_the_old_original_too(self):
        self.client.post(
            change_url(self.photo), photo_form(nasa_id="ISS065-E-1", **{"image-clear": "on"})
        )

        assert ReplacedOriginal.objects.get().file.name == self.original
        assert stored(self.original)

    def test_removing_a_kept_original_deletes_its_file(self):
        self.replace(image_bytes(500, 300))
        kept = ReplacedOriginal.objects.get()

        delete = reverse("admin:gallery_replacedoriginal_delete", args=[kept.pk])
        assert self.client.post(delete, {"post": "yes"}).status_code == 302

        assert not ReplacedOriginal.objects.exists()
        assert not stored(self.original)

    def test_a_kept_original_another_photo_now_holds_keeps_its_file(self):
        self.replace(image_bytes(500, 300))
        again = import_file(io.BytesIO(self.data), "again.jpg").photo
        assert again.image.name == self.original

        ReplacedOriginal.objects.get().delete()

        assert stored(self.original)  # the new photo names it

    def test_putting_an_original_back_keeps_the_image_it_replaces(self):
        self.replace(image_bytes(500, 300))
        newer = Photo.objects.get().image.name
        kept = ReplacedOriginal.objects.get()

        response = self.client.post(
            reverse("admin:gallery_replacedoriginal_changelist"),
            {"action": "put_back", "_selected_action": [kept.pk]},
        )

        assert response.status_code == 302
        photo = Photo.objects.get()
        assert photo.image.name == self.original
        assert (photo.width, photo.height) == (700, 400)
        assert list(ReplacedOriginal.objects.values_list("file", flat=True)) == [newer]
        assert stored(self.original) and stored(newer)
        assert Rendition.objects.filter(photo=photo, width=640).exists()

    def test_check_media_lists_kept_originals_and_never_calls_them_orphans(self):
        self.replace(image_bytes(500, 300))
        output = io.StringIO()

        call_command("check_media", stdout=output)

        text = output.getvalue()
        assert f"kept replaced original: {self.original}" in text
        assert "orphan file:" not in text
        assert "0 orphan files, 0 rows with missing files." in text
