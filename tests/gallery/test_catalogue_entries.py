"""Metadata first, image later: a Gateway catalogue entry completed by the photo file."""

import io

from django.core.management import call_command
from django.test import TestCase
from PIL import ExifTags

from gallery.gap import import_gap
from gallery.intake import FileOutcome, import_file
from gallery.models import Photo
from tests.factories import ImportFiles, image_bytes, make_exif, utc
from tests.gallery.test_gap_import import FULL_ROW, gap_file, gap_row


class CatalogueEntryCompletionTests(ImportFiles, TestCase):
    def import_entry(self, row: str = FULL_ROW) -> Photo:
        import_gap(self.import_file(gap_file(row)))
        return Photo.objects.get()

    def test_the_image_file_completes_the_entry_instead_of_adding_a_photo(self):
        entry = self.import_entry()
        assert not Photo.objects.public().exists()

        with self.captureOnCommitCallbacks(execute=True):
            result = import_file(io.BytesIO(image_bytes(800, 533)), "ISS021-E-6000.JPG")

        assert (result.outcome, result.attached) == (FileOutcome.IMPORTED, True)
        photo = Photo.objects.get()
        assert photo.pk == entry.pk
        assert photo.image and photo.renditions.exists()
        assert (photo.place, photo.nadir_latitude, photo.expedition.number) == (
            entry.place,
            entry.nadir_latitude,
            21,
        )
        assert photo.status == Photo.Status.DRAFT  # curators publish it

    def test_the_compact_spelling_of_the_file_name_finds_the_entry_too(self):
        entry = self.import_entry()

        result = import_file(io.BytesIO(image_bytes()), "iss021e6000.jpg")

        assert result.attached and result.photo.pk == entry.pk

    def test_the_camera_clock_refines_a_date_known_only_to_the_day(self):
        entry = self.import_entry(gap_row(date="20091012"))
        assert entry.taken_at_precision == Photo.TimePrecision.DAY

        exif = make_exif(camera={ExifTags.Base.DateTimeOriginal: "2009:10:12 06:38:13"})
        import_file(io.BytesIO(image_bytes(exif=exif)), "ISS021-E-6000.JPG")

        photo = Photo.objects.get()
        assert photo.taken_at == utc(2009, 10, 12, 6, 38, 13)
        assert photo.taken_at_precision == Photo.TimePrecision.SECOND

    def test_a_camera_clock_that_disagrees_does_not_move_the_date(self):
        self.import_entry(gap_row(date="20091012"))

        exif = make_exif(camera={ExifTags.Base.DateTimeOriginal: "2011:01:01 00:00:01"})
        import_file(io.BytesIO(image_bytes(exif=exif)), "ISS021-E-6000.JPG")

        photo = Photo.objects.get()
        assert photo.taken_at == utc(2009, 10, 12)
        assert photo.taken_at_precision == Photo.TimePrecision.DAY

    def test_reimporting_the_metadata_after_the_image_changes_nothing(self):
        path = self.import_file(gap_file(FULL_ROW))
        import_gap(path)
        import_file(io.BytesIO(image_bytes()), "ISS021-E-6000.JPG")
        before = Photo.objects.values().get()

        result = import_gap(path)

        assert (result.unchanged, result.updated, result.created) == (1, 0, 0)
        assert Photo.objects.values().get() == before

    def test_import_photos_twice_after_the_metadata_keeps_one_row(self):
        self.import_entry()
        folder = self.folder / "photos"
        folder.mkdir()
        (folder / "ISS021-E-6000.JPG").write_bytes(image_bytes())

        for _ in range(2):
            call_command("import_photos", str(folder), no_progress=True, stdout=io.StringIO())

        assert Photo.objects.count() == 1
        assert Photo.objects.with_image().count() == 1
