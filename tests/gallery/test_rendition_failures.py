"""
A rendition task that fails is recorded on its photo with the reason, shown to curators
(the "renditions: failed" filter, the reason on the change page), and tried again by
`regenerate_renditions` (`--failed` for those alone, and every default run).
"""

import io
from contextlib import nullcontext
from pathlib import Path
from unittest import mock

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.core.management import CommandError, call_command
from django.tasks import TaskResultStatus
from django.test import TestCase
from django.urls import reverse

from gallery.intake import import_file
from gallery.models import Photo
from gallery.tasks import make_photo_renditions
from tests.factories import image_bytes, make_curator


def imported(width: int = 700) -> Photo:
    """A photo whose renditions are not made yet (its task waits for a commit)."""
    return import_file(io.BytesIO(image_bytes(width, width // 2)), f"{width}.jpg").photo


def original(photo: Photo) -> Path:
    return Path(settings.MEDIA_ROOT) / photo.image.name


# Ways to make a photo's renditions fail: each returns what to run its task under.


def lose_original(photo: Photo):
    original(photo).unlink()
    return nullcontext()


def damage_original(photo: Photo):
    path = original(photo)
    path.write_bytes(path.read_bytes()[:200])
    return nullcontext()


def fill_disk(photo: Photo | None = None):
    return mock.patch.object(
        FileSystemStorage, "_save", side_effect=OSError(28, "No space left on device")
    )


def run(*args) -> tuple[str, int]:
    out = io.StringIO()
    try:
        call_command("regenerate_renditions", *args, stdout=out, stderr=out)
    except CommandError as error:
        return out.getvalue() + str(error), error.returncode
    return out.getvalue(), 0


class FailureRecordTests(TestCase):
    def test_each_kind_of_failure_is_recorded_with_its_reason(self):
        cases = [
            ("original lost", lose_original, "No such file or directory"),
            ("original damaged", damage_original, "Truncated File Read"),
            ("disk full", fill_disk, "No space left on device"),
        ]
        for label, break_it, reason in cases:
            with self.subTest(label):
                photo = imported()
                with break_it(photo):
                    result = make_photo_renditions.enqueue(photo.pk)

                assert result.status == TaskResultStatus.FAILED
                photo.refresh_from_db()
                assert reason in photo.renditions_error, photo.renditions_error
                assert photo.renditions_failed_at is not None
                assert not photo.renditions.exists()

    def test_the_next_success_clears_the_record(self):
        photo = imported()
        with fill_disk():
            make_photo_renditions.enqueue(photo.pk)

        result = make_photo_renditions.enqueue(photo.pk)

        assert result.status == TaskResultStatus.SUCCESSFUL
        photo.refresh_from_db()
        assert (photo.renditions_error, photo.renditions_failed_at) == ("", None)
        assert photo.renditions.count() == 6

    def test_recording_a_failure_leaves_the_rest_of_the_photo_alone(self):
        photo = imported()
        Photo.objects.filter(pk=photo.pk).update(title="Typed by a curator")
        updated_at = Photo.objects.get(pk=photo.pk).updated_at
        lose_original(photo)

        make_photo_renditions.enqueue(photo.pk)

        photo = Photo.objects.get(pk=photo.pk)
        assert (photo.title, photo.updated_at) == ("Typed by a curator", updated_at)


class RegenerateFailedTests(TestCase):
    def setUp(self):
        self.failed, self.other = imported(700), imported(600)
        with fill_disk():
            make_photo_renditions.enqueue(self.failed.pk)

    def test_failed_retries_only_the_photos_whose_renditions_failed(self):
        output, code = run("--failed")

        assert code == 0, output
        assert "6 renditions made, 0 removed, 1 photos looked at." in output
        self.failed.refresh_from_db()
        assert (self.failed.renditions_error, self.failed.renditions.count()) == ("", 6)
        assert not self.other.renditions.exists()

    def test_the_default_run_retries_them_too(self):
        output, code = run()

        assert code == 0, output
        assert "10 renditions made, 0 removed, 2 photos looked at." in output
        assert not Photo.objects.filter(renditions_failed_at__isnull=False).exists()

    def test_missing_retries_a_failed_photo_even_with_every_rendition(self):
        run()
        Photo.objects.filter(pk=self.failed.pk).update(
            renditions_error="stale renditions could not be removed",
            renditions_failed_at="2026-01-01T00:00:00Z",
        )

        output, code = run("--missing")

        assert code == 0, output
        assert "0 renditions made, 0 removed, 2 photos looked at." in output
        assert Photo.objects.get(pk=self.failed.pk).renditions_failed_at is None

    def test_a_retry_that_fails_again_is_reported_and_recorded_again(self):
        lose_original(self.failed)

        output, code = run("--failed")

        assert code == 1
        assert f"{self.failed} (id {self.failed.pk}): " in output
        assert "1 photos failed" in output
        self.failed.refresh_from_db()
        assert "No such file or directory" in self.failed.renditions_error


class CuratorViewTests(TestCase):
    def setUp(self):
        self.failed, self.other = imported(700), imported(600)
        lose_original(self.failed)
        make_photo_renditions.enqueue(self.failed.pk)
        make_photo_renditions.enqueue(self.other.pk)
        self.client.force_login(make_curator())

    def test_the_changelist_filter_lists_the_photos_whose_renditions_failed(self):
        changelist = reverse("admin:gallery_photo_changelist")

        response = self.client.get(changelist, {"renditions": "failed"})

        assert response.status_code == 200
        assert list(response.context["cl"].result_list) == [self.failed]
        self.assertContains(response, "By renditions")
        all_photos = self.client.get(changelist).context["cl"].result_list
        assert set(all_photos) == {self.failed, self.other}

    def test_the_change_page_gives_the_reason(self):
        response = self.client.get(reverse("admin:gallery_photo_change", args=[self.failed.pk]))

        self.assertContains(response, "Renditions failed")
        self.assertContains(response, "No such file or directory")
