"""gallery.intake: the one path every photo file takes into the catalogue."""

import datetime
import io
import shutil
import tempfile
from pathlib import Path
from unittest import mock

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import DatabaseError
from django.test import TestCase, override_settings
from PIL import ExifTags
from PIL.TiffImagePlugin import IFDRational

from gallery import intake
from gallery.bulk_intake import import_paths, import_stream
from gallery.intake import Defaults, FileOutcome, import_file
from gallery.models import Photo, Rendition
from missions.models import Expedition, MissionCrew
from tests.factories import (
    image_bytes,
    make_astronaut,
    make_exif,
    make_expedition,
    make_mission,
    make_photo,
    make_subject,
    utc,
    zip_bytes,
)

Base = ExifTags.Base


def media_files() -> list[str]:
    root = Path(settings.MEDIA_ROOT)
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def nikon_exif(taken: str = "2021:09:09 22:42:31"):
    return make_exif(
        {Base.Make: "NIKON CORPORATION", Base.Model: "NIKON D5"},
        camera={Base.DateTimeOriginal: taken, Base.FocalLength: IFDRational(28)},
    )


def bring(data: bytes, name: str = "photo.jpg", defaults: Defaults | None = None):
    return import_file(io.BytesIO(data), name, defaults)


class ImportFileTests(TestCase):
    def test_a_photo_is_stored_under_its_content_address_and_described_from_its_exif(self):
        data = image_bytes(80, 60, exif=nikon_exif())

        result = bring(data, "DSC_0001.JPG")

        assert result.outcome is FileOutcome.IMPORTED
        photo = Photo.objects.get()
        assert result.photo == photo
        assert photo.image.name == f"originals/{photo.sha256[:2]}/{photo.sha256}.jpg"
        assert media_files() == [photo.image.name]
        assert photo.image.read() == data
        assert photo.original_filename == "DSC_0001.JPG"
        assert (photo.width, photo.height, photo.file_size) == (80, 60, len(data))
        assert photo.taken_at == utc(2021, 9, 9, 22, 42, 31)
        assert (photo.camera_make, photo.camera_model, photo.focal_length) == (
            "NIKON CORPORATION",
            "NIKON D5",
            28.0,
        )
        assert photo.status == Photo.Status.DRAFT

    def test_the_client_file_name_never_becomes_a_storage_path(self):
        result = bring(image_bytes(format="PNG"), "../../../etc/cron.d/evil.jpg")

        photo = result.photo
        assert photo.image.name.startswith(f"originals/{photo.sha256[:2]}/")
        assert photo.image.name.endswith(".png")
        assert photo.original_filename == "evil.jpg"
        assert media_files() == [photo.image.name]

    def test_unreadable_exif_fields_are_reported_and_left_empty(self):
        broken_date = {Base.DateTimeOriginal: "1999:99:99 99:99:99"}
        exif = make_exif({Base.Make: "Canon"}, camera=broken_date)

        result = bring(image_bytes(exif=exif))

        assert result.outcome is FileOutcome.IMPORTED
        assert result.unreadable == ("taken_at",)
        assert "taken_at" in result.describe()
        assert result.photo.taken_at is None
        assert result.photo.camera_make == "Canon"

    def test_a_rejected_file_leaves_no_row_and_no_file(self):
        data = image_bytes(400, 300)

        result = bring(data[:-200])

        assert result.outcome is FileOutcome.REJECTED
        assert "truncated or corrupt" in result.reason
        assert not Photo.objects.exists()
        assert media_files() == []

    @override_settings(PHOTO_MAX_FILE_SIZE=1000)
    def test_the_size_cap_comes_from_settings(self):
        result = bring(image_bytes(200, 200, color=None))

        assert result.outcome is FileOutcome.REJECTED
        assert "limit" in result.reason

    def test_the_same_bytes_again_are_a_duplicate_of_the_existing_photo_not_stored_again(self):
        data = image_bytes()
        first = bring(data, "a.jpg")

        again = bring(data, "b.jpg")

        assert again.outcome is FileOutcome.DUPLICATE
        assert again.photo == first.photo
        assert again.ok
        assert Photo.objects.count() == 1
        assert media_files() == [first.photo.image.name]


class NasaIdTests(TestCase):
    def test_a_nasa_id_in_the_file_name_fills_nasa_id_in_either_spelling(self):
        for name in ["ISS065-E-394522.JPG", "iss066e24523.jpg"]:
            bring(image_bytes(), name)

        assert sorted(Photo.objects.values_list("nasa_id", flat=True)) == [
            "ISS065-E-394522",
            "ISS066-E-24523",
        ]

    def test_the_expedition_named_by_the_id_is_created_with_its_number_when_missing(self):
        result = bring(image_bytes(), "ISS065-E-394522.JPG")

        expedition = Expedition.objects.get()
        assert (expedition.number, expedition.start, expedition.end) == (65, None, None)
        assert result.photo.expedition == expedition

    def test_the_expedition_named_by_the_id_wins_over_the_capture_date(self):
        named = make_expedition(65)
        make_expedition(50, start=datetime.date(2016, 11, 1), end=datetime.date(2017, 4, 1))
        exif = nikon_exif("2016:12:01 10:00:00")

        result = bring(image_bytes(exif=exif), "ISS065-E-1.JPG")

        assert result.photo.expedition == named
        assert Expedition.objects.count() == 2

    def test_a_file_completes_the_catalogue_entry_its_nasa_id_names(self):
        entry = make_photo(
            with_image=False,
            nasa_id="ISS065-E-394522",
            title="Paris at night",
            camera_model="NIKON D5 (curated)",
            status=Photo.Status.PUBLISHED,
        )

        result = bring(image_bytes(exif=nikon_exif()), "iss065e394522.jpg")

        assert (result.outcome, result.attached) == (FileOutcome.IMPORTED, True)
        assert "completing catalogue entry" in result.describe()
        assert Photo.objects.count() == 1
        entry.refresh_from_db()
        assert entry.image.name == f"originals/{entry.sha256[:2]}/{entry.sha256}.jpg"
        # Curated values stay; empty ones are filled from the file.
        assert (entry.title, entry.camera_model) == ("Paris at night", "NIKON D5 (curated)")
        assert entry.camera_make == "NIKON CORPORATION"
        assert entry.taken_at == utc(2021, 9, 9, 22, 42, 31)
        assert entry.expedition.number == 65
        assert Photo.objects.public().get() == entry

    def test_a_file_for_a_nasa_id_that_already_has_another_image_is_rejected(self):
        existing = make_photo(nasa_id="ISS065-E-394522")

        result = bring(image_bytes(), "ISS065-E-394522.JPG")

        assert result.outcome is FileOutcome.REJECTED
        assert result.photo == existing
        assert "ISS065-E-394522 is already in the catalogue with a different image" in (
            result.reason
        )
        assert Photo.objects.count() == 1


class CatalogueLinkTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.pesquet = make_astronaut("Thomas Pesquet")
        cls.alpha = make_mission(
            "Alpha", launch_at=utc(2021, 4, 23, 9, 49), landing_at=utc(2021, 11, 9, 3, 33)
        )
        MissionCrew.objects.create(mission=cls.alpha, astronaut=cls.pesquet)
        cls.other_flight = make_mission(
            "Other flight", launch_at=utc(2021, 4, 1), landing_at=utc(2021, 12, 1)
        )
        cls.exp65 = make_expedition(
            65, start=datetime.date(2021, 4, 17), end=datetime.date(2021, 10, 17)
        )
        cls.exp66 = make_expedition(66, start=datetime.date(2021, 10, 17))

    def test_the_expedition_under_way_when_the_photo_was_taken_is_linked(self):
        result = bring(image_bytes(exif=nikon_exif("2021:09:09 22:42:31")))

        assert result.photo.expedition == self.exp65

    def test_on_a_handover_day_the_expedition_just_begun_is_linked(self):
        result = bring(image_bytes(exif=nikon_exif("2021:10:17 12:00:00")))

        assert result.photo.expedition == self.exp66

    def test_the_photographers_flight_at_that_moment_is_linked_as_mission(self):
        defaults = Defaults(photographer=self.pesquet)

        result = bring(image_bytes(exif=nikon_exif("2021:09:09 22:42:31")), defaults=defaults)

        assert result.photo.mission == self.alpha
        assert result.photo.photographer == self.pesquet

    def test_no_mission_is_guessed_without_a_photographer(self):
        result = bring(image_bytes(exif=nikon_exif("2021:09:09 22:42:31")))

        assert result.photo.mission is None

    def test_no_expedition_is_guessed_without_a_capture_time(self):
        result = bring(image_bytes())

        assert result.photo.expedition is None


class DefaultsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.photographer = make_astronaut("Megan McArthur")
        cls.expedition = make_expedition(65)
        cls.subject = make_subject("Aurora")

    def defaults(self) -> Defaults:
        return Defaults(
            photographer=self.photographer,
            expedition=self.expedition,
            subjects=[self.subject],
            status=Photo.Status.PUBLISHED,
            credit="ESA/NASA",
            licence=Photo.Licence.NASA,
        )

    def test_defaults_are_given_to_new_photos(self):
        result = bring(image_bytes(), defaults=self.defaults())

        photo = result.photo
        assert (photo.photographer, photo.expedition, photo.status) == (
            self.photographer,
            self.expedition,
            Photo.Status.PUBLISHED,
        )
        assert (photo.credit, photo.licence) == ("ESA/NASA", "nasa")
        assert list(photo.subjects.all()) == [self.subject]

    def test_defaults_never_overwrite_a_catalogue_entry(self):
        other = make_astronaut("Shane Kimbrough")
        entry = make_photo(
            with_image=False,
            nasa_id="ISS065-E-1",
            photographer=other,
            credit="NASA",
            status=Photo.Status.WITHDRAWN,
        )

        bring(image_bytes(), "ISS065-E-1.JPG", self.defaults())

        entry.refresh_from_db()
        assert (entry.photographer, entry.credit, entry.status) == (
            other,
            "NASA",
            Photo.Status.WITHDRAWN,
        )
        assert entry.licence == "nasa"


class AtomicityTests(TestCase):
    def test_a_storage_failure_leaves_no_row(self):
        with mock.patch.object(FileSystemStorage, "_save", side_effect=OSError("disk full")):
            result = bring(image_bytes())

        assert result.outcome is FileOutcome.REJECTED
        assert "could not be stored (disk full)" in result.reason
        assert not Photo.objects.exists()
        assert media_files() == []

    def test_a_database_failure_after_the_file_is_written_removes_the_file(self):
        with mock.patch.object(Photo, "save", side_effect=DatabaseError("connection lost")):
            result = bring(image_bytes())

        assert result.outcome is FileOutcome.REJECTED
        assert not Photo.objects.exists()
        assert media_files() == []

    def test_an_orphan_left_by_a_dead_import_is_reused_not_duplicated(self):
        data = image_bytes()
        first = bring(data)
        name = first.photo.image.name
        Photo.objects.all().delete()  # the row goes, the file stays until commit

        again = bring(data)

        assert again.outcome is FileOutcome.IMPORTED
        assert again.photo.image.name == name
        assert media_files() == [name]

    def test_renditions_are_made_only_once_the_row_is_committed(self):
        with self.captureOnCommitCallbacks() as callbacks:
            result = bring(image_bytes(700, 350))
        assert not Rendition.objects.exists()

        for callback in callbacks:
            callback()

        made = Rendition.objects.filter(photo=result.photo)
        assert sorted(made.values_list("width", "format")) == [
            (320, "jpeg"),
            (320, "webp"),
            (640, "jpeg"),
            (640, "webp"),
            (700, "jpeg"),
            (700, "webp"),
        ]


class ArchiveTests(TestCase):
    def test_every_image_in_a_zip_is_imported_and_unsafe_entries_are_skipped(self):
        archive = zip_bytes(
            {
                "expedition 65/ISS065-E-1.JPG": image_bytes(),
                "ISS065-E-2.png": image_bytes(format="PNG"),
                "/etc/evil.jpg": image_bytes(),
                "../escape.jpg": image_bytes(),
                "inner/more.zip": zip_bytes({"a.jpg": image_bytes()}),
                "notes.txt": b"not a photo",
            }
        )

        results = list(import_stream(io.BytesIO(archive), "upload.zip"))

        outcomes = {r.name: (r.outcome, r.reason) for r in results}
        assert outcomes["upload.zip: expedition 65/ISS065-E-1.JPG"][0] is FileOutcome.IMPORTED
        assert outcomes["upload.zip: ISS065-E-2.png"][0] is FileOutcome.IMPORTED
        assert outcomes["upload.zip: /etc/evil.jpg"] == (
            FileOutcome.SKIPPED,
            "its path is absolute",
        )
        assert outcomes["upload.zip: ../escape.jpg"] == (
            FileOutcome.SKIPPED,
            "its path leads out of the archive (..)",
        )
        assert outcomes["upload.zip: inner/more.zip"] == (
            FileOutcome.SKIPPED,
            "archives inside archives are not opened",
        )
        # Every zip entry is tried: the content, not the name, decides.
        assert outcomes["upload.zip: notes.txt"][0] is FileOutcome.REJECTED
        assert sorted(Photo.objects.values_list("nasa_id", flat=True)) == [
            "ISS065-E-1",
            "ISS065-E-2",
        ]
        assert all(name.startswith("originals/") for name in media_files())

    @override_settings(PHOTO_MAX_FILE_SIZE=100_000)
    def test_a_zip_bomb_entry_is_rejected_without_being_unpacked(self):
        archive = zip_bytes({"bomb.jpg": b"\xff\xd8" + b"\x00" * 50_000_000})

        with mock.patch.object(intake, "import_file") as imported:
            (result,) = import_stream(io.BytesIO(archive), "bomb.zip")

        assert result.outcome is FileOutcome.REJECTED
        assert "the file is 50 MB, over the 0.1 MB limit" in result.reason
        imported.assert_not_called()

    def test_a_damaged_archive_is_rejected_with_a_reason(self):
        (result,) = import_stream(io.BytesIO(b"PK\x03\x04" + b"\x00" * 100), "broken.zip")

        assert result.outcome is FileOutcome.REJECTED
        assert "not a readable zip archive" in result.reason


class PathTests(TestCase):
    def setUp(self):
        self.folder = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, self.folder)

    def test_in_folders_only_image_names_are_tried_and_the_rest_skipped(self):
        (self.folder / "nested").mkdir()
        (self.folder / "nested" / "ISS065-E-1.JPG").write_bytes(image_bytes())
        (self.folder / "b.TIFF").write_bytes(image_bytes(format="TIFF"))
        (self.folder / "listing.csv").write_text("img_id\n")

        results = {Path(r.name).name: r.outcome for r in import_paths([self.folder])}

        assert results == {
            "ISS065-E-1.JPG": FileOutcome.IMPORTED,
            "b.TIFF": FileOutcome.IMPORTED,
            "listing.csv": FileOutcome.SKIPPED,
        }

    def test_a_file_named_on_its_own_is_always_tried(self):
        (self.folder / "scan.dat").write_bytes(image_bytes(format="PNG"))
        (self.folder / "notes.txt").write_text("hello")

        results = list(import_paths([self.folder / "scan.dat", self.folder / "notes.txt"]))

        assert [r.outcome for r in results] == [FileOutcome.IMPORTED, FileOutcome.REJECTED]
        assert Photo.objects.get().image.name.endswith(".png")
