"""
Images of extreme shapes: every accepted image gets its renditions, each within its format's
longest side (WebP 16,383 pixels, JPEG 65,500), or is refused at intake with the reason.
"""

import io
import itertools

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import TestCase, override_settings
from django.urls import reverse
from PIL import ExifTags, Image

from astrophoto.imaging import MAX_SIDE
from gallery.intake import Defaults, FileOutcome, import_file
from gallery.models import Photo
from gallery.tasks import planned_renditions
from tests.factories import image_bytes, make_curator, make_exif

PUBLISHED = Defaults(status=Photo.Status.PUBLISHED)


def flat(width: int, height: int) -> bytes:
    """A flat PNG of any shape: a few kilobytes, however many pixels."""
    buffer = io.BytesIO()
    # A new grey each time, so that no two are the same file.
    Image.new("L", (width, height), next(_greys) % 256).save(buffer, format="PNG")
    return buffer.getvalue()


_greys = itertools.count(1)


EXTREME_SHAPES = {
    # A tall strip wider than the smallest configured width: several renditions too tall.
    "tall strip": (flat(350, 24_000), {("webp", 16_383), ("jpeg", 24_000)}),
    # One rendition, its own width: the WebP scaled to fit, the JPEG whole.
    "narrow strip": (flat(40, 20_000), {("webp", 16_383), ("jpeg", 20_000)}),
    # Too long for a WebP a pixel wide: a JPEG only.
    "thread": (flat(2, 70_000), {("jpeg", 65_500)}),
    # Stored wide, displayed tall through its EXIF orientation.
    "turned": (
        image_bytes(20_000, 24, exif=make_exif({ExifTags.Base.Orientation: 6})),
        {("webp", 16_383), ("jpeg", 20_000)},
    ),
}


class ExtremeShapeTests(TestCase):
    def imported(self, data: bytes, name: str) -> Photo:
        # The immediate task backend makes the renditions as the import commits.
        with self.captureOnCommitCallbacks(execute=True):
            result = import_file(io.BytesIO(data), name, PUBLISHED)
        assert result.outcome is FileOutcome.IMPORTED, result.describe()
        return result.photo

    def test_every_extreme_shape_gets_every_rendition_within_its_formats_limit(self):
        for label, (data, tallest) in EXTREME_SHAPES.items():
            with self.subTest(label):
                photo = self.imported(data, f"{label}.png")

                made = {(r.width, r.format): r for r in photo.renditions.all()}
                assert made and set(made) == planned_renditions(photo)
                assert {(r.format, r.pixel_height) for r in made.values()} >= tallest, (
                    "the largest rendition of each format is as tall as it can be"
                )
                for rendition in made.values():
                    longest = max(rendition.pixel_width, rendition.pixel_height)
                    assert longest <= MAX_SIDE[rendition.format]
                    with Image.open(rendition.file) as image:
                        image.load()
                        assert image.size == (rendition.pixel_width, rendition.pixel_height)

    def test_the_photo_page_shows_the_picture_not_in_preparation(self):
        for label, (data, _tallest) in EXTREME_SHAPES.items():
            with self.subTest(label):
                photo = self.imported(data, f"{label}.png")

                response = self.client.get(photo.get_absolute_url())

                assert response.status_code == 200
                self.assertNotContains(response, "Image in preparation")
                jpeg = photo.renditions.filter(format="jpeg").first()
                self.assertContains(response, jpeg.file.url)

    def test_nothing_is_left_missing_for_regenerate_renditions(self):
        for label, (data, _tallest) in EXTREME_SHAPES.items():
            self.imported(data, f"{label}.png")
        out = io.StringIO()

        call_command("regenerate_renditions", "--missing", stdout=out)

        assert "0 renditions made" in out.getvalue()

    @override_settings(PHOTO_RENDITION_WIDTHS=[320, 20_000])
    def test_a_wide_panorama_past_webps_limit_gets_a_webp_scaled_to_fit(self):
        photo = self.imported(flat(20_000, 800), "panorama.png")

        sizes = {
            (r.width, r.format): (r.pixel_width, r.pixel_height) for r in photo.renditions.all()
        }
        assert sizes[20_000, "webp"] == (16_383, 655)
        assert sizes[20_000, "jpeg"] == (20_000, 800)


class RefusedShapeTests(TestCase):
    """An image no format can hold at a pixel across is refused, with the reason, everywhere."""

    SHAPES = [(1, 140_000), (2, 300_000)]

    def test_import_refuses_it_with_the_reason(self):
        for width, height in self.SHAPES:
            with self.subTest(f"{width} x {height}"):
                result = import_file(io.BytesIO(flat(width, height)), "strip.png")

                assert result.outcome is FileOutcome.REJECTED
                assert result.reason == (
                    f"the image is {width} by {height} pixels, "
                    "too long and narrow for any web format to show it"
                )
        assert not Photo.objects.exists()

    def test_the_photo_form_refuses_it_as_a_form_error(self):
        self.client.force_login(make_curator())
        upload = SimpleUploadedFile("strip.png", flat(1, 140_000), content_type="image/png")

        response = self.client.post(
            reverse("admin:gallery_photo_add"),
            {
                "image": upload,
                "status": "draft",
                "renditions-TOTAL_FORMS": "0",
                "renditions-INITIAL_FORMS": "0",
            },
        )

        assert response.status_code == 200
        errors = response.context["adminform"].form.errors["image"]
        assert "too long and narrow for any web format" in errors[0]
        assert not Photo.objects.exists()
