"""Renditions made through the tasks framework, and files kept in step with rows."""

import io
import tempfile
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.core.management import call_command
from django.db import transaction
from django.tasks import default_task_backend
from django.test import TestCase, TransactionTestCase, override_settings
from django.urls import reverse
from PIL import Image

from gallery import intake
from gallery.intake import import_file
from gallery.models import Photo, Rendition
from gallery.tasks import generate_renditions, make_photo_renditions
from tests.factories import image_bytes, make_curator, make_photo

DUMMY_TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}


def media_files() -> set[str]:
    root = Path(settings.MEDIA_ROOT)
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}


def rendition_files(photo: Photo) -> set[str]:
    return set(Rendition.objects.filter(photo=photo).values_list("file", flat=True))


class GenerateRenditionsTests(TestCase):
    def test_every_configured_width_is_made_in_webp_and_jpeg(self):
        photo = import_file(io.BytesIO(image_bytes(3000, 2000)), "big.jpg").photo

        generate_renditions(photo)

        rows = Rendition.objects.filter(photo=photo)
        assert sorted(rows.values_list("width", "format", "pixel_width", "pixel_height")) == [
            (320, "jpeg", 320, 213),
            (320, "webp", 320, 213),
            (640, "jpeg", 640, 427),
            (640, "webp", 640, 427),
            (1280, "jpeg", 1280, 853),
            (1280, "webp", 1280, 853),
            (2048, "jpeg", 2048, 1365),
            (2048, "webp", 2048, 1365),
        ]
        for rendition in rows:
            assert rendition.file.name == (
                f"renditions/{photo.sha256[:2]}/{photo.sha256}-{rendition.width}.{rendition.format}"
            )
            data = rendition.file.read()
            assert len(data) == rendition.file_size
            with Image.open(io.BytesIO(data)) as image:
                assert image.size == (rendition.pixel_width, rendition.pixel_height)

    def test_a_narrow_original_gets_one_rendition_at_its_own_width(self):
        photo = import_file(io.BytesIO(image_bytes(200, 100)), "small.jpg").photo

        generate_renditions(photo)

        assert sorted(photo.renditions.values_list("width", "format", "pixel_width")) == [
            (200, "jpeg", 200),
            (200, "webp", 200),
        ]

    def test_regenerating_replaces_files_under_the_same_names(self):
        photo = import_file(io.BytesIO(image_bytes(700, 350)), "a.jpg").photo
        generate_renditions(photo)
        before = rendition_files(photo)
        ids = set(photo.renditions.values_list("pk", flat=True))

        counts = generate_renditions(photo)

        assert counts == {"made": 6, "removed": 0}
        assert rendition_files(photo) == before
        assert set(photo.renditions.values_list("pk", flat=True)) == ids
        assert before <= media_files()

    def test_a_failed_write_while_regenerating_leaves_every_rendition_as_it_was(self):
        photo = import_file(io.BytesIO(image_bytes(700, 350)), "a.jpg").photo
        generate_renditions(photo)
        root = Path(settings.MEDIA_ROOT)
        before = {name: (root / name).read_bytes() for name in rendition_files(photo)}
        writes = 0

        def fail_on_third_write(storage, name, content):
            nonlocal writes
            writes += 1
            if writes == 3:
                raise OSError(28, "No space left on device")
            return save(storage, name, content)

        save = FileSystemStorage._save
        with (
            override_settings(PHOTO_RENDITION_WIDTHS=[320, 640]),
            mock.patch.object(FileSystemStorage, "_save", fail_on_third_write),
            pytest.raises(OSError),
        ):
            generate_renditions(photo)

        # Every row still names a whole file, the two already made and the others as before.
        for rendition in Rendition.objects.filter(photo=photo):
            data = (root / rendition.file.name).read_bytes()
            assert len(data) == rendition.file_size
            Image.open(io.BytesIO(data)).verify()
        assert writes == 3
        assert set(before) == rendition_files(photo)
        assert not [name for name in media_files() if name.endswith(".partial")]

    def test_only_missing_makes_only_what_is_missing(self):
        photo = import_file(io.BytesIO(image_bytes(700, 350)), "a.jpg").photo
        generate_renditions(photo)
        photo.renditions.filter(width=640).delete()

        counts = generate_renditions(photo, only_missing=True)

        assert counts == {"made": 2, "removed": 0}
        assert photo.renditions.count() == 6

    def test_sizes_no_longer_configured_are_removed_with_their_files(self):
        photo = import_file(io.BytesIO(image_bytes(700, 350)), "a.jpg").photo
        generate_renditions(photo)
        old_640 = set(photo.renditions.filter(width=640).values_list("file", flat=True))

        with (
            override_settings(PHOTO_RENDITION_WIDTHS=[320, 1280]),
            self.captureOnCommitCallbacks(execute=True),
        ):
            counts = generate_renditions(photo)

        assert counts["removed"] == 2
        assert sorted(set(photo.renditions.values_list("width", flat=True))) == [320, 700]
        assert not old_640 & media_files()

    def test_the_task_skips_a_photo_deleted_since_it_was_queued(self):
        assert make_photo_renditions.call(123456) == {"made": 0, "removed": 0}


@override_settings(TASKS=DUMMY_TASKS)
class EnqueueTests(TestCase):
    def setUp(self):
        default_task_backend.clear()

    def test_renditions_are_queued_once_the_transaction_commits(self):
        with self.captureOnCommitCallbacks(execute=True):
            photo = import_file(io.BytesIO(image_bytes()), "a.jpg").photo
            assert default_task_backend.results == []

        (queued,) = default_task_backend.results
        assert queued.task.name == "make_photo_renditions"
        assert queued.args == [photo.pk]

    def test_a_rolled_back_import_queues_nothing(self):
        with self.captureOnCommitCallbacks(execute=True):
            try:
                with transaction.atomic():
                    import_file(io.BytesIO(image_bytes()), "a.jpg")
                    raise RuntimeError("later step failed")
            except RuntimeError:
                pass

        assert default_task_backend.results == []
        assert not Photo.objects.exists()

    def test_saving_a_photo_without_changing_its_image_queues_nothing(self):
        photo = make_photo()
        default_task_backend.clear()

        with self.captureOnCommitCallbacks(execute=True):
            Photo.objects.get(pk=photo.pk).save()
            photo.title = "Renamed"
            photo.save(update_fields=["title"])

        assert default_task_backend.results == []

    def test_loading_a_fixture_queues_nothing_and_touches_no_file(self):
        photo = make_photo(nasa_id="ISS065-E-1")
        fixture = Path(self.enterContext(tempfile.TemporaryDirectory())) / "photos.json"
        call_command("dumpdata", "gallery.photo", output=str(fixture), verbosity=0)
        Photo.objects.all().delete()
        default_task_backend.clear()

        with self.captureOnCommitCallbacks(execute=True):
            call_command("loaddata", str(fixture), verbosity=0)

        assert default_task_backend.results == []
        assert Photo.objects.get().image.name == photo.image.name
        assert photo.image.name in media_files()


class FileCleanupTests(TransactionTestCase):
    """Real commits and rollbacks: files go only when the change that dropped them commits."""

    def imported(self, width: int = 700) -> Photo:
        # The immediate backend makes the renditions as the import commits.
        photo = import_file(io.BytesIO(image_bytes(width, width // 2)), "a.jpg").photo
        assert photo.renditions.count() == 6
        return photo

    def test_deleting_a_photo_removes_its_original_and_renditions_after_commit(self):
        photo = self.imported()
        files = {photo.image.name} | rendition_files(photo)
        assert files <= media_files()

        photo.delete()

        assert not files & media_files()

    def test_a_rolled_back_delete_keeps_every_file(self):
        photo = self.imported()
        pk, files = photo.pk, {photo.image.name} | rendition_files(photo)

        try:
            with transaction.atomic():
                photo.delete()
                raise RuntimeError("changed my mind")
        except RuntimeError:
            pass

        assert files <= media_files()
        assert Photo.objects.filter(pk=pk).exists()

    def test_replacing_the_image_removes_the_old_renditions_keeps_the_old_original(self):
        photo = self.imported()
        original = photo.image.name
        old = rendition_files(photo)
        data = image_bytes(500, 250)
        facts = intake.check_file(io.BytesIO(data))

        intake.store_image(photo, io.BytesIO(data), facts, "new.png")

        assert not old & media_files()
        # Kept until someone who may delete photos removes it (tests/security/test_originals.py).
        assert photo.replaced_originals.get().file.name == original
        assert original in media_files()
        assert photo.image.name in media_files()
        assert sorted(set(photo.renditions.values_list("width", flat=True))) == [320, 500]
        assert rendition_files(photo) <= media_files()

    def test_a_file_another_row_still_uses_is_kept(self):
        photo = self.imported()
        name = photo.image.name
        data = photo.image.read()

        with transaction.atomic():
            photo.delete()
            again = import_file(io.BytesIO(data), "again.jpg")

        assert again.photo.image.name == name
        assert name in media_files()


class ChangelistThumbnailTests(TestCase):
    def test_the_changelist_shows_the_smallest_jpeg_even_of_a_narrow_photo(self):
        wide = import_file(io.BytesIO(image_bytes(700, 350)), "wide.jpg").photo
        narrow = import_file(io.BytesIO(image_bytes(200, 100)), "narrow.jpg").photo
        for photo in (wide, narrow):
            generate_renditions(photo)
        self.client.force_login(make_curator())

        response = self.client.get(reverse("admin:gallery_photo_changelist"))

        for photo, width in [(wide, 320), (narrow, 200)]:
            thumbnail = photo.renditions.get(width=width, format="jpeg")
            self.assertContains(response, f'src="{thumbnail.file.url}?access=')


def test_pillow_guards_the_catalogue_pixel_limit():
    assert Image.MAX_IMAGE_PIXELS == settings.PHOTO_MAX_PIXELS


@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})
class DatabaseWorkerTests(TransactionTestCase):
    """
    Production: the task waits in the database until `manage.py db_worker` makes it.

    Real commits, as the worker manages its own connections and transactions.
    """

    def test_the_worker_makes_the_renditions_queued_by_an_import(self):
        from django_tasks_db.models import DBTaskResult

        photo = import_file(io.BytesIO(image_bytes(700, 350)), "a.jpg").photo
        assert DBTaskResult.objects.get().status == "READY"
        assert not photo.renditions.exists()

        call_command(
            "db_worker", "--batch", "--no-startup-delay", "--no-reload", stdout=io.StringIO()
        )

        assert DBTaskResult.objects.get().status == "SUCCESSFUL"
        assert photo.renditions.count() == 6
