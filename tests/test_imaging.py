"""astrophoto.imaging: checking files, reading EXIF, making renditions (pure Pillow)."""

import datetime
import io

import pytest
from PIL import ExifTags, Image, ImageCms
from PIL.TiffImagePlugin import IFDRational

from astrophoto.imaging import (
    MAX_SIDE,
    ImageRejected,
    inspect_image,
    make_renditions,
    plan_renditions,
    plan_widths,
)
from tests.factories import image_bytes, make_exif

Base, GPS = ExifTags.Base, ExifTags.GPS
LIMITS = {"max_bytes": 10_000_000, "max_pixels": 10_000_000}
NOW = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)


def inspect(data: bytes, **limits):
    return inspect_image(io.BytesIO(data), **{**LIMITS, **limits}, now=NOW)


def exif_of(exif) -> object:
    return inspect(image_bytes(exif=exif)).exif


def dms(degrees, minutes, seconds):
    return (IFDRational(degrees), IFDRational(minutes), IFDRational(seconds))


# Checking files -------------------------------------------------------------------------


@pytest.mark.parametrize("format", ["JPEG", "PNG", "WEBP", "TIFF"])
def test_each_allowed_format_is_accepted_and_described(format):
    data = image_bytes(40, 30, format=format)

    facts = inspect(data)

    assert (facts.format, facts.width, facts.height, facts.file_size) == (format, 40, 30, len(data))
    assert len(facts.sha256) == 64


def test_the_detected_format_decides_not_the_name():
    # A TIFF is a TIFF whatever it is called; a GIF is refused even when called .jpg.
    assert inspect(image_bytes(format="TIFF")).format == "TIFF"
    with pytest.raises(ImageRejected, match="not a JPEG, PNG, WebP or TIFF"):
        inspect(image_bytes(format="GIF"))


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b"<html><script>alert(1)</script></html>", "not a JPEG, PNG, WebP or TIFF"),
        (b"%!PS-Adobe-3.0 EPSF-3.0\n", "not a JPEG, PNG, WebP or TIFF"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'><script/></svg>", "not a JPEG"),
    ],
)
def test_files_that_are_not_images_are_rejected_with_a_reason(data, reason):
    with pytest.raises(ImageRejected, match=reason):
        inspect(data)


def test_truncated_image_data_is_rejected():
    data = image_bytes(400, 300)

    with pytest.raises(ImageRejected, match="truncated or corrupt"):
        inspect(data[: len(data) // 2])


def test_corrupt_png_data_is_rejected():
    buffer = io.BytesIO()
    Image.effect_noise((64, 64), 50).save(buffer, "PNG")
    data = bytearray(buffer.getvalue())
    start = data.index(b"IDAT") + 8
    data[start : start + 40] = b"\xff" * 40

    with pytest.raises(ImageRejected, match="truncated or corrupt"):
        inspect(bytes(data))


def test_a_file_over_the_size_cap_is_rejected():
    data = image_bytes(64, 48)

    with pytest.raises(ImageRejected, match="over the"):
        inspect(data, max_bytes=len(data) - 1)


def test_an_image_over_the_pixel_cap_is_rejected():
    with pytest.raises(ImageRejected, match="200 by 100 pixels"):
        inspect(image_bytes(200, 100), max_pixels=19_999)


def test_a_decompression_bomb_is_rejected(monkeypatch):
    # Pillow warns past MAX_IMAGE_PIXELS and refuses past twice that: both are rejections.
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1000)
    for size in [(40, 30), (100, 100)]:
        with pytest.raises(ImageRejected, match="decompression bomb"):
            inspect(image_bytes(*size))


def test_width_and_height_are_as_displayed_after_orientation():
    data = image_bytes(80, 60, exif=make_exif({Base.Orientation: 6}))

    facts = inspect(data)

    assert (facts.width, facts.height) == (60, 80)


# EXIF -----------------------------------------------------------------------------------


def test_camera_exif_is_read():
    exif = make_exif(
        {Base.Make: "NIKON CORPORATION", Base.Model: "NIKON D5"},
        camera={
            Base.DateTimeOriginal: "2021:09:09 22:42:31",
            Base.ExposureTime: IFDRational(1, 250),
            Base.FNumber: IFDRational(14, 10),
            Base.ISOSpeedRatings: 10000,
            Base.FocalLength: IFDRational(28),
            Base.LensModel: "AF-S Nikkor 28mm f/1.4E ED",
        },
    )

    facts = exif_of(exif)

    assert facts.taken_at == datetime.datetime(2021, 9, 9, 22, 42, 31, tzinfo=datetime.UTC)
    assert (facts.camera_make, facts.camera_model) == ("NIKON CORPORATION", "NIKON D5")
    assert facts.lens == "AF-S Nikkor 28mm f/1.4E ED"
    assert (facts.exposure_time, facts.f_number, facts.iso, facts.focal_length) == (
        0.004,
        1.4,
        10000,
        28.0,
    )
    assert facts.unreadable == ()


def test_capture_time_uses_its_offset_and_is_stored_in_utc():
    exif = make_exif(
        camera={Base.DateTimeOriginal: "2021:09:10 00:42:31", Base.OffsetTimeOriginal: "+02:00"}
    )

    assert exif_of(exif).taken_at == datetime.datetime(2021, 9, 9, 22, 42, 31, tzinfo=datetime.UTC)


def test_capture_time_without_offset_is_utc_as_on_station_cameras():
    exif = make_exif(camera={Base.DateTimeOriginal: "2016:11:20 09:01:02"})

    assert exif_of(exif).taken_at.utcoffset() == datetime.timedelta(0)


@pytest.mark.parametrize(
    "value",
    ["1999:99:99 99:99:99", "2099:01:01 00:00:00", "1901:01:01 00:00:00", "yesterday"],
)
def test_impossible_capture_times_are_dropped_and_reported(value):
    facts = exif_of(make_exif(camera={Base.DateTimeOriginal: value}))

    assert facts.taken_at is None
    assert "taken_at" in facts.unreadable


def test_a_clock_never_set_is_no_capture_time():
    facts = exif_of(make_exif(camera={Base.DateTimeOriginal: "0000:00:00 00:00:00"}))

    assert facts.taken_at is None
    assert facts.unreadable == ()


def test_strings_lose_nul_padding_and_surrounding_space():
    exif = make_exif({Base.Make: "LEICA CAMERA AG\x00\x00\x00", Base.Model: "  LEICA T  \x00"})

    facts = exif_of(exif)

    assert (facts.camera_make, facts.camera_model) == ("LEICA CAMERA AG", "LEICA T")


@pytest.mark.parametrize(
    ("tag", "value", "field"),
    [
        (Base.FNumber, IFDRational(0, 0), "f_number"),
        (Base.ExposureTime, IFDRational(0, 0), "exposure_time"),
        (Base.FocalLength, IFDRational(0), "focal_length"),
        (Base.ISOSpeedRatings, 0, "iso"),
        (Base.LensModel, "0.0 mm f/0.0", "lens"),
    ],
)
def test_impossible_camera_values_are_dropped_and_reported(tag, value, field):
    facts = exif_of(make_exif(camera={tag: value}))

    assert getattr(facts, field) in (None, "")
    assert facts.unreadable == (field,)


def test_gps_in_degrees_minutes_seconds_is_read_with_its_hemisphere():
    exif = make_exif(
        gps={
            GPS.GPSLatitudeRef: "S",
            GPS.GPSLatitude: dms(33, 51, 54),
            GPS.GPSLongitudeRef: "W",
            GPS.GPSLongitude: dms(151, 12, 36),
        }
    )

    facts = exif_of(exif)

    assert facts.latitude == pytest.approx(-33.865)
    assert facts.longitude == pytest.approx(-151.21)


def test_gps_in_decimal_minutes_is_read():
    exif = make_exif(
        gps={
            GPS.GPSLatitudeRef: "N",
            GPS.GPSLatitude: (IFDRational(41), IFDRational(5118, 100), IFDRational(0)),
            GPS.GPSLongitudeRef: "E",
            GPS.GPSLongitude: (IFDRational(12), IFDRational(2933, 100), IFDRational(0)),
        }
    )

    facts = exif_of(exif)

    assert facts.latitude == pytest.approx(41.853)
    assert facts.longitude == pytest.approx(12.48883, abs=1e-5)


@pytest.mark.parametrize(
    "gps",
    [
        # 0/0 rationals (NaN) with NUL references, as a Leica writes without a fix.
        {
            GPS.GPSLatitudeRef: "\x00",
            GPS.GPSLatitude: (IFDRational(0, 0),) * 3,
            GPS.GPSLongitudeRef: "\x00",
            GPS.GPSLongitude: (IFDRational(0, 0),) * 3,
        },
        # A latitude beyond the pole.
        {
            GPS.GPSLatitudeRef: "N",
            GPS.GPSLatitude: (IFDRational(4294967295),),
            GPS.GPSLongitudeRef: "E",
            GPS.GPSLongitude: dms(1, 0, 0),
        },
        # 0, 0: what receivers write without a fix.
        {
            GPS.GPSLatitudeRef: "N",
            GPS.GPSLatitude: dms(0, 0, 0),
            GPS.GPSLongitudeRef: "E",
            GPS.GPSLongitude: dms(0, 0, 0),
        },
        # No hemisphere: the sign is unknown.
        {GPS.GPSLatitude: dms(45, 0, 0), GPS.GPSLongitude: dms(5, 0, 0)},
    ],
    ids=["nan", "beyond-pole", "null-island", "no-hemisphere"],
)
def test_impossible_gps_positions_are_dropped_and_reported(gps):
    facts = exif_of(make_exif(gps=gps))

    assert (facts.latitude, facts.longitude) == (None, None)
    assert facts.unreadable == ("GPS position",)


def test_one_broken_field_costs_only_that_field():
    exif = make_exif(
        {Base.Make: "Canon"},
        camera={Base.DateTimeOriginal: "2008:99:30 15:56:01", Base.FocalLength: IFDRational(135)},
    )

    facts = exif_of(exif)

    assert (facts.camera_make, facts.focal_length, facts.taken_at) == ("Canon", 135.0, None)
    assert facts.unreadable == ("taken_at",)


def test_a_corrupt_exif_block_never_blocks_the_image():
    data = bytearray(image_bytes(64, 48, exif=make_exif({Base.Make: "X" * 40})))
    start = data.index(b"Exif\x00\x00")
    data[start + 10 : start + 30] = b"\xff" * 20

    facts = inspect(bytes(data))

    assert (facts.width, facts.height) == (64, 48)
    assert facts.exif.camera_make == ""


# Renditions -----------------------------------------------------------------------------


def renditions(data: bytes, widths=(320, 640, 1280, 2048)):
    return list(make_renditions(io.BytesIO(data), widths))


@pytest.mark.parametrize(
    ("width", "planned"),
    [
        (4000, [320, 640, 1280, 2048]),
        (2048, [320, 640, 1280, 2048]),
        (1000, [320, 640, 1000]),
        (640, [320, 640]),
        (200, [200]),
    ],
)
def test_planned_widths_never_upscale_and_always_make_one(width, planned):
    assert plan_widths(width, [2048, 320, 1280, 640]) == planned


def test_renditions_are_made_in_each_format_largest_first_without_upscaling():
    made = renditions(image_bytes(1000, 500))

    assert [(r.width, r.format, r.pixel_width, r.pixel_height) for r in made] == [
        (1000, "webp", 1000, 500),
        (1000, "jpeg", 1000, 500),
        (640, "webp", 640, 320),
        (640, "jpeg", 640, 320),
        (320, "webp", 320, 160),
        (320, "jpeg", 320, 160),
    ]
    for rendition in made:
        with Image.open(io.BytesIO(rendition.data)) as image:
            assert image.format == rendition.format.upper()
            assert image.size == (rendition.pixel_width, rendition.pixel_height)


def test_renditions_are_upright_and_carry_no_metadata():
    exif = make_exif(
        {Base.Orientation: 6, Base.Make: "Apple"},
        gps={
            GPS.GPSLatitudeRef: "N",
            GPS.GPSLatitude: dms(48, 51, 0),
            GPS.GPSLongitudeRef: "E",
            GPS.GPSLongitude: dms(2, 21, 0),
        },
    )
    made = renditions(image_bytes(800, 400, exif=exif), widths=[320])

    for rendition in made:
        assert (rendition.pixel_width, rendition.pixel_height) == (320, 640)
        with Image.open(io.BytesIO(rendition.data)) as image:
            assert not image.getexif()
            assert "icc_profile" not in image.info
            assert b"Exif" not in rendition.data


def test_renditions_are_converted_to_srgb_rgb():
    buffer = io.BytesIO()
    cmyk = Image.new("CMYK", (100, 50), (0, 255, 255, 0))
    cmyk.save(buffer, "JPEG")
    lab_profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    png = io.BytesIO()
    Image.new("RGBA", (100, 50), (0, 0, 255, 0)).save(png, "PNG", icc_profile=lab_profile)

    for data in [buffer.getvalue(), png.getvalue()]:
        rendition = renditions(data, widths=[64])[-1]
        with Image.open(io.BytesIO(rendition.data)) as image:
            assert image.mode == "RGB"
    # Transparent pixels are laid on white, not black.
    with Image.open(io.BytesIO(renditions(png.getvalue(), widths=[64])[-1].data)) as image:
        assert min(image.getpixel((10, 10))) > 240


def test_sixteen_bit_scans_are_scaled_not_clipped():
    buffer = io.BytesIO()
    Image.new("I;16", (64, 32), 30000).save(buffer, "PNG")

    rendition = renditions(buffer.getvalue(), widths=[32])[-1]

    with Image.open(io.BytesIO(rendition.data)) as image:
        assert 200 < image.convert("L").getpixel((5, 5)) <= 255


# Renditions of extreme shapes: every format's longest side is a hard limit --------------


def tall(width: int, height: int, format: str = "PNG") -> bytes:
    """A flat image of an extreme shape, a few kilobytes whatever its pixel count."""
    buffer = io.BytesIO()
    Image.new("L", (width, height), 90).save(buffer, format=format)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("size", "widths", "planned"),
    [
        # An ordinary photo: every configured width, both formats, untouched.
        ((1000, 500), [320], [(320, "webp", 320, 160), (320, "jpeg", 320, 160)]),
        # A tall strip: the WebP is scaled to WebP's 16,383, the JPEG holds it whole.
        ((40, 20_000), [320], [(40, "webp", 33, 16_383), (40, "jpeg", 40, 20_000)]),
        # A wide panorama at a configured width past WebP's limit.
        (
            (20_000, 800),
            [320, 20_000],
            [
                (20_000, "webp", 16_383, 655),
                (20_000, "jpeg", 20_000, 800),
                (320, "webp", 320, 13),
                (320, "jpeg", 320, 13),
            ],
        ),
        # Too long for a WebP even a pixel wide: JPEG only.
        ((2, 70_000), [320], [(2, "jpeg", 2, 65_500)]),
        # Too long for any format: nothing can be made.
        ((1, 140_000), [320, 640], []),
    ],
    ids=["ordinary", "tall-strip", "wide-panorama", "jpeg-only", "impossible"],
)
def test_renditions_are_planned_within_each_formats_limit(size, widths, planned):
    plan = plan_renditions(*size, widths)

    assert [(p.width, p.format, p.pixel_width, p.pixel_height) for p in plan] == planned
    for p in plan:
        assert max(p.pixel_width, p.pixel_height) <= MAX_SIDE[p.format]


@pytest.mark.parametrize(
    ("data", "widths"),
    [
        (tall(40, 20_000), [320]),
        (tall(2, 70_000), [320]),
        (tall(20_000, 40), [320, 20_000]),
        # Stored wide, displayed tall: the limit applies to the upright rendition.
        (
            image_bytes(20_000, 24, exif=make_exif({Base.Orientation: 6})),
            [320],
        ),
    ],
    ids=["tall-png", "jpeg-only", "wide-png", "turned-jpeg"],
)
def test_every_planned_rendition_of_an_extreme_shape_is_made(data, widths):
    facts = inspect(data)

    made = renditions(data, widths)

    planned = plan_renditions(facts.width, facts.height, widths)
    assert planned
    assert [(r.width, r.format, r.pixel_width, r.pixel_height) for r in made] == [
        (p.width, p.format, p.pixel_width, p.pixel_height) for p in planned
    ]
    for rendition in made:
        with Image.open(io.BytesIO(rendition.data)) as image:
            image.load()
            assert image.size == (rendition.pixel_width, rendition.pixel_height)
            assert image.format == rendition.format.upper()
