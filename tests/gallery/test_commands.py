"""import_photos, regenerate_renditions and check_media."""

import io
import shutil
import tempfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.test import TestCase

from gallery.intake import import_file
from gallery.models import Photo, Rendition
from gallery.tasks import generate_renditions
from tests.factories import image_bytes, make_astronaut, make_subject, zip_bytes


def run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def failing(code: int, *args) -> str:
    out = io.StringIO()
    with pytest.raises(CommandError) as error:
        call_command(*args, stdout=out, stderr=io.StringIO())
    assert error.value.returncode == code
    return out.getvalue() + str(error.value)


class ImportPhotosTests(TestCase):
    def setUp(self):
        self.folder = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, self.folder)

    def test_a_folder_is_imported_once_and_running_again_imports_nothing_new(self):
        (self.folder / "day 1").mkdir()
        (self.folder / "day 1" / "ISS065-E-1.JPG").write_bytes(image_bytes())
        (self.folder / "ISS065-E-2.jpeg").write_bytes(image_bytes())
        (self.folder / "observations.csv").write_text("img_id\n")

        first = run("import_photos", str(self.folder))
        second = run("import_photos", str(self.folder))

        assert "2 imported, 0 duplicates, 0 rejected, 1 skipped." in first
        assert "observations.csv: skipped: not named like an image" in first
        assert "0 imported, 2 duplicates, 0 rejected, 1 skipped." in second
        assert Photo.objects.count() == 2

    def test_a_terminal_sees_progress_and_the_report_stays_plain(self):
        for n in range(3):
            (self.folder / f"ISS065-E-{n}.jpg").write_bytes(image_bytes())

        class Terminal(io.StringIO):
            def isatty(self):
                return True

        terminal = Terminal()
        call_command("import_photos", str(self.folder), stdout=terminal)

        output = terminal.getvalue()
        assert "\r\033[K[1/3] " in output
        assert "\r\033[K[3/3] " in output
        assert output.endswith("3 imported, 0 duplicates, 0 rejected, 0 skipped.\n")

    def test_any_rejection_exits_1_with_its_reason(self):
        (self.folder / "good.jpg").write_bytes(image_bytes())
        (self.folder / "bad.jpg").write_bytes(image_bytes(400, 300)[:500])

        output = failing(1, "import_photos", str(self.folder))

        assert "bad.jpg: rejected: the image data is truncated or corrupt" in output
        assert "1 imported, 0 duplicates, 1 rejected, 0 skipped." in output
        assert Photo.objects.count() == 1

    def test_usage_errors_exit_2_before_importing_anything(self):
        (self.folder / "a.jpg").write_bytes(image_bytes())

        assert "No such file or folder" in failing(
            2, "import_photos", str(self.folder), "/no/such/folder"
        )
        assert "No astronaut with slug 'nobody'" in failing(
            2, "import_photos", str(self.folder), "--photographer", "nobody"
        )
        assert not Photo.objects.exists()

    def test_zip_archives_and_defaults_from_options(self):
        astronaut = make_astronaut("Thomas Pesquet")
        subject = make_subject("Aurora")
        archive = self.folder / "batch.zip"
        archive.write_bytes(zip_bytes({"ISS066-E-1.jpg": image_bytes(), "ISS066-E-2.jpg": b""}))

        output = failing(
            1,
            "import_photos",
            str(archive),
            "--photographer",
            astronaut.slug,
            "--subject",
            subject.slug,
            "--status",
            "published",
            "--credit",
            "ESA/NASA-T. Pesquet",
        )

        assert "batch.zip: ISS066-E-2.jpg: rejected: the file is empty" in output
        photo = Photo.objects.get()
        assert (photo.nasa_id, photo.photographer, photo.status) == (
            "ISS066-E-1",
            astronaut,
            "published",
        )
        assert list(photo.subjects.all()) == [subject]
        assert photo.credit == "ESA/NASA-T. Pesquet"


class RegenerateRenditionsTests(TestCase):
    def setUp(self):
        # Files, unlike rows, are not rolled back: each test makes its own in its media folder.
        self.photos = [
            import_file(io.BytesIO(image_bytes(700, 350)), f"ISS065-E-{n}.jpg").photo
            for n in range(1, 4)
        ]

    def test_all_photos_get_their_renditions(self):
        output = run("regenerate_renditions")

        assert "18 renditions made, 0 removed, 3 photos looked at." in output
        assert Rendition.objects.count() == 18

    def test_one_photo_by_nasa_id_in_either_spelling(self):
        run("regenerate_renditions", "iss065e2")

        assert set(Rendition.objects.values_list("photo__nasa_id", flat=True)) == {"ISS065-E-2"}

    def test_missing_only_touches_photos_that_lack_something(self):
        for photo in self.photos:
            generate_renditions(photo)
        Rendition.objects.filter(photo=self.photos[0], width=320).delete()

        output = run("regenerate_renditions", "--missing")

        assert "2 renditions made" in output
        assert Rendition.objects.count() == 18

    def test_an_unknown_photo_is_a_usage_error(self):
        assert "No photo with an image for: ISS099-E-1" in failing(
            2, "regenerate_renditions", "ISS099-E-1"
        )


class CheckMediaTests(TestCase):
    def setUp(self):
        self.photo = import_file(io.BytesIO(image_bytes(400, 200)), "a.jpg").photo
        generate_renditions(self.photo)

    def test_a_consistent_media_folder_is_reported_clean(self):
        assert "0 orphan files, 0 rows with missing files." in run("check_media")

    def test_orphans_are_reported_and_deleted_on_request(self):
        sha = "ab" + "0" * 62
        orphans = [
            default_storage.save(f"originals/ab/{sha}.jpg", ContentFile(b"x")),
            default_storage.save(f"renditions/ab/{sha}-320.webp", ContentFile(b"x")),
            default_storage.save("stray/notes.txt", ContentFile(b"x")),
        ]

        output = failing(1, "check_media")

        for name in orphans:
            assert f"orphan file: {name}" in output
        assert self.photo.image.name not in output

        output = run("check_media", "--delete-orphans")

        assert "3 orphan files deleted." in output
        assert not any(default_storage.exists(name) for name in orphans)
        assert default_storage.exists(self.photo.image.name)

    def test_rows_whose_files_are_missing_are_reported(self):
        rendition = self.photo.renditions.first()
        (Path(settings.MEDIA_ROOT) / self.photo.image.name).unlink()
        (Path(settings.MEDIA_ROOT) / rendition.file.name).unlink()

        output = failing(1, "check_media")

        assert f"missing file: photo {self.photo.pk}: {self.photo.image.name}" in output
        assert f"rendition {rendition.pk} of photo {self.photo.pk}" in output
        assert "0 orphan files, 2 rows with missing files." in output
