"""The pipeline against real photos from ../shared/data/photos (skipped where it is absent)."""

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.test import TestCase

from gallery.bulk_intake import import_paths
from gallery.intake import FileOutcome
from gallery.models import Photo
from gallery.nasa_ids import parse_nasa_id

PHOTOS = Path(settings.BASE_DIR).parent / "shared" / "data" / "photos"

pytestmark = pytest.mark.skipif(not PHOTOS.is_dir(), reason="shared/data/photos is absent")


class IssPhotosTests(TestCase):
    def test_all_52_iss_photos_come_in_with_ids_times_cameras_and_expeditions(self):
        folder = PHOTOS / "iss-nasa-gap"
        out = io.StringIO()

        call_command("import_photos", str(folder), stdout=out)
        call_command("import_photos", str(folder), stdout=out)

        report = out.getvalue()
        assert "52 imported, 0 duplicates, 0 rejected, 1 skipped." in report
        assert "0 imported, 52 duplicates, 0 rejected, 1 skipped." in report
        photos = Photo.objects.select_related("expedition")
        assert len(photos) == 52
        for photo in photos:
            assert photo.nasa_id == Path(photo.original_filename).stem
            assert photo.expedition.number == parse_nasa_id(photo.nasa_id).expedition_number
            assert photo.taken_at is not None
            assert photo.camera_make == "NIKON CORPORATION"
            assert photo.camera_model.startswith("NIKON ")
            assert photo.width == 640 and photo.height in (426, 427)
            assert (photo.latitude, photo.longitude) == (None, None)
        photo = Photo.objects.get(nasa_id="ISS065-E-394522")
        assert photo.taken_at.isoformat() == "2021-09-09T22:42:31+00:00"
        assert (photo.camera_model, photo.focal_length, photo.iso) == ("NIKON D5", 28.0, 10000)


class DifficultFilesTests(TestCase):
    def results(self, folder: str) -> dict[str, object]:
        return {Path(r.name).name: r for r in import_paths([PHOTOS / folder])}

    def test_malformed_files_import_what_decodes_and_reject_the_rest_with_reasons(self):
        with pytest.raises(CommandError) as error:
            call_command("import_photos", str(PHOTOS / "malformed"), stdout=io.StringIO())
        assert error.value.returncode == 1

        names = set(Photo.objects.values_list("original_filename", flat=True))
        assert "pillow_truncated_jpeg.jpg" not in names
        assert "exifsamples_corrupted.jpg" in names
        assert "pillow_hopper_bad_exif.jpg" in names
        bogus = Photo.objects.get(original_filename="pillow_exif_gps.jpg")
        assert (bogus.taken_at, bogus.latitude) == (None, None)

    def test_truncated_data_is_rejected_and_broken_exif_reported(self):
        results = self.results("malformed")

        truncated = results["pillow_truncated_jpeg.jpg"]
        assert truncated.outcome is FileOutcome.REJECTED
        assert "truncated" in truncated.reason
        assert results["pillow_hopper_bad_exif.jpg"].unreadable == ("EXIF",)
        assert set(results["pillow_exif_gps.jpg"].unreadable) >= {"taken_at", "GPS position"}

    def test_gps_in_its_many_shapes(self):
        results = self.results("camera-gps")

        iphone = results["Apple iPhone 4.jpg"].photo
        assert (iphone.latitude, iphone.longitude) == pytest.approx((41.853, 12.48883), abs=1e-4)
        kodak = results["exifsamples_Kodak_CX7530.jpg"].photo
        assert kodak.latitude == pytest.approx(-0.3713, abs=1e-4)
        leica = results["Leica T (Typ 701).jpg"]
        assert (leica.photo.latitude, leica.photo.camera_make) == (None, "LEICA CAMERA AG")
        assert "GPS position" in leica.unreadable
        assert results["Samsung GT-I9000 (Galaxy S).jpg"].photo.latitude is None
        # Orientation 8: stored 4928 wide, shown 3264 wide.
        assert (leica.photo.width, leica.photo.height) == (3264, 4928)
