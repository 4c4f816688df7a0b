"""
Pure image work with Pillow: bytes in, facts and images out. Photos, astronaut portraits
and mission patches all go through it, so it sits in the shared library rather than in
either app (missions may not import gallery).

Nothing here knows about HTTP, storage or the ORM.
"""

import datetime
import hashlib
import io
import re
import struct
import warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import BinaryIO

from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

from astrophoto.exif import ExifFacts, read_exif

# Pillow format names the catalogue accepts; the detected format decides, never the file name.
ALLOWED_FORMATS = ("JPEG", "PNG", "WEBP", "TIFF")
# Rendition formats, best first: browsers that read WebP get it, the others fall back to JPEG.
RENDITION_FORMATS = ("webp", "jpeg")
# The longest side each rendition format can hold: WebP's own limit, and libjpeg's (the JPEG
# format itself would allow 65,535). A rendition longer than that is scaled down to fit.
MAX_SIDE = {"webp": 16_383, "jpeg": 65_500}
JPEG_QUALITY = 82
WEBP_QUALITY = 80
# libwebp's effort (0-6): 2 encodes three times faster than the default 4 for files about
# 2% larger, and encoding is most of the cost of a rendition set (see docs/performance.md).
WEBP_METHOD = 2
# How many times larger than its target an image may be before LANCZOS takes over from the
# cheap box reduction; 3 is indistinguishable from a full LANCZOS resize at a fraction of the cost.
REDUCING_GAP = 3.0

# EXIF orientations that turn the picture a quarter, so width and height swap.
_QUARTER_TURNS = {5, 6, 7, 8}
_TRANSPOSE = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}
_CHUNK = 1024 * 1024

# EXIF tags, by number (Pillow's ExifTags.Base names them too).
_ORIENTATION = 0x0112
# Markup a browser would run if it ever took the file for a page or a script: no photo holds
# it, and polyglots (a valid PNG that is also an HTML page) are built around it.
_MARKUP = re.compile(
    rb"<(?:script|html|body|iframe|svg|object|embed|meta)\b|<\?php|javascript:", re.IGNORECASE
)
_MARKUP_OVERLAP = 16


class ImageRejected(Exception):
    """The file is not an image the catalogue accepts; str() says why, for the curator."""


# The file name extension of each format the catalogue accepts.
EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "TIFF": "tif"}


@dataclass(frozen=True)
class ImageFacts:
    format: str
    width: int
    height: int
    file_size: int
    sha256: str
    exif: ExifFacts = field(default_factory=ExifFacts)

    @property
    def stored_name(self) -> str:
        """The file's name in storage, made from its content and format alone: `<sha256>.jpg`."""
        return f"{self.sha256}.{EXTENSIONS[self.format]}"


@dataclass(frozen=True)
class PlannedRendition:
    """
    One rendition to make: `width` is the configured width it is for, the pixel size what
    it will be, narrower than `width` when the format cannot hold that rendition whole.
    """

    width: int
    format: str
    pixel_width: int
    pixel_height: int


@dataclass(frozen=True)
class RenditionImage:
    """One encoded rendition: `width` is the size it was planned for."""

    width: int
    format: str
    pixel_width: int
    pixel_height: int
    data: bytes


def megabytes(size: int) -> str:
    """Write a byte count for people: 104857600 -> "104.9 MB", 2147483648 -> "2.1 GB"."""
    value = size / 1e6
    if value >= 1000:
        return f"{value / 1000:.1f} GB"
    return f"{value:.1f} MB".replace(".0 MB", " MB")


def file_digest(stream: BinaryIO) -> tuple[str, int]:
    """Return the SHA-256 hex digest and size of a stream, read from the start."""
    stream.seek(0)
    digest, size = hashlib.sha256(), 0
    while chunk := stream.read(_CHUNK):
        digest.update(chunk)
        size += len(chunk)
    stream.seek(0)
    return digest.hexdigest(), size


def find_markup(stream: BinaryIO) -> str:
    """Return the first script or page markup in a stream's bytes, or "" when it has none."""
    stream.seek(0)
    tail = b""
    try:
        while chunk := stream.read(_CHUNK):
            window = tail + chunk
            if found := _MARKUP.search(window):
                return found.group().decode("ascii").lower()
            tail = window[-_MARKUP_OVERLAP:]
    finally:
        stream.seek(0)
    return ""


def inspect_image(
    stream: BinaryIO, *, max_bytes: int, max_pixels: int, now: datetime.datetime | None = None
) -> ImageFacts:
    """
    Check that `stream` holds one whole image the catalogue accepts and describe it.

    All the image data is decoded, so truncated or corrupt data is caught here; a JPEG is
    decoded at 1/8 scale, which reads every byte but keeps memory small. Width and height
    are given as displayed, after the EXIF orientation. `now` bounds plausible capture times.
    """
    sha256, size = file_digest(stream)
    if size == 0:
        raise ImageRejected("the file is empty")
    if size > max_bytes:
        raise ImageRejected(f"the file is {megabytes(size)}, over the {megabytes(max_bytes)} limit")
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        warnings.simplefilter("ignore", UserWarning)
        try:
            with Image.open(stream, formats=ALLOWED_FORMATS) as image:
                width, height = image.size
                if width * height > max_pixels:
                    raise ImageRejected(
                        f"the image is {width} by {height} pixels, "
                        f"over the {max_pixels / 1e6:.0f} megapixel limit"
                    )
                image_format = image.format
                if image_format == "JPEG":
                    image.draft(image.mode, (max(1, width // 8), max(1, height // 8)))
                # Decode before reading EXIF: a PNG's EXIF may follow its pixels, and a
                # failed decode inside the EXIF reader would pass for broken metadata.
                image.load()
                exif = read_exif(image, now=now)
                orientation = _orientation(image)
        except ImageRejected:
            raise
        except (Image.DecompressionBombWarning, Image.DecompressionBombError):
            raise ImageRejected("the image has too many pixels (a decompression bomb)") from None
        except UnidentifiedImageError:
            raise ImageRejected("not a JPEG, PNG, WebP or TIFF image") from None
        except (OSError, SyntaxError, ValueError, EOFError, struct.error) as exc:
            raise ImageRejected(f"the image data is truncated or corrupt ({exc})") from None
        finally:
            stream.seek(0)
    # Checked once the file is known to be an image: anything else is refused as not one.
    if markup := find_markup(stream):
        raise ImageRejected(
            f"the image also holds web page code ({markup}), as disguised attacks do"
        )
    if orientation in _QUARTER_TURNS:
        width, height = height, width
    return ImageFacts(image_format, width, height, size, sha256, exif)


def _orientation(image: Image.Image) -> int:
    try:
        orientation = int(image.getexif().get(_ORIENTATION, 1))
    except Exception:
        return 1
    return orientation if orientation in range(1, 9) else 1


def plan_widths(width: int, widths: Iterable[int]) -> list[int]:
    """
    Return the rendition widths to make for an image `width` pixels wide, smallest first.

    Never upscale: configured widths larger than the image are left out, and an image
    narrower than the largest configured width gets one rendition at its own width.
    """
    configured = sorted({w for w in widths if w > 0})
    planned = [w for w in configured if w <= width]
    if configured and width < configured[-1] and width not in planned:
        planned.append(width)
    return planned


def fit_within(size: tuple[int, int], longest: int) -> tuple[int, int] | None:
    """Return `size` scaled down until no side exceeds `longest`; None if under a pixel across."""
    if max(size) <= longest:
        return size
    scale = longest / max(size)
    fitted = (min(longest, round(size[0] * scale)), min(longest, round(size[1] * scale)))
    return fitted if min(fitted) >= 1 else None


def plan_renditions(
    width: int, height: int, widths: Iterable[int], formats: Iterable[str] = RENDITION_FORMATS
) -> list[PlannedRendition]:
    """
    Return the renditions to make of an image `width` by `height` pixels (as displayed),
    largest first, in each format.

    A rendition longer than its format allows is scaled down to fit (the WebP of a tall
    panorama), and left out if it would then be less than a pixel across: the JPEG, which
    holds four times more, is made instead. An empty plan means no rendition can be made.
    """
    formats = tuple(formats)
    planned = []
    for planned_width in reversed(plan_widths(width, widths)):
        size = (planned_width, max(1, round(height * planned_width / width)))
        for format in formats:
            if fitted := fit_within(size, MAX_SIDE[format]):
                planned.append(PlannedRendition(planned_width, format, *fitted))
    return planned


def make_renditions(
    stream: BinaryIO, widths: Iterable[int], formats: Iterable[str] = RENDITION_FORMATS
) -> Iterator[RenditionImage]:
    """
    Yield the renditions of an image as plan_renditions() plans them, largest first.

    The image is decoded once, a JPEG straight at the smallest DCT scale that still covers
    the largest rendition; each smaller size is resized from the one above it. EXIF
    orientation is applied, colours are converted to sRGB, and no metadata is carried over.
    Memory stays bounded by the decoded (draft) image plus the largest rendition.
    """
    with warnings.catch_warnings():
        # Damaged metadata was reported when the file came in; here only pixels matter.
        warnings.simplefilter("ignore", UserWarning)
        prepared = _largest_rendition(stream, widths)
    if prepared is None:
        return
    frame, width, height = prepared
    for planned in plan_renditions(width, height, widths, formats):
        if frame.width != planned.width:
            size = (planned.width, max(1, round(height * planned.width / width)))
            frame = frame.resize(size, Image.Resampling.LANCZOS)
        size = (planned.pixel_width, planned.pixel_height)
        # Only a rendition too long for its format differs from the frame, and only there.
        image = frame if frame.size == size else frame.resize(size, Image.Resampling.LANCZOS)
        yield RenditionImage(planned.width, planned.format, *size, encode(image, planned.format))


def make_thumbnails(
    stream: BinaryIO,
    sizes: Iterable[int],
    *,
    crop: bool,
    formats: Iterable[str] = RENDITION_FORMATS,
) -> Iterator[RenditionImage]:
    """
    Yield renditions for squares of each of `sizes` pixels, largest first, in each format:
    the image filling the square, its middle kept (`crop`, for portraits), or fitting
    within it whole (for patches). `width` is the square's size. Never upscaled: an image
    smaller than a square is given whole at its own size.
    """
    sizes, formats = sorted(set(sizes), reverse=True), tuple(formats)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        with Image.open(stream, formats=ALLOWED_FORMATS) as image:
            width, height = _upright_size(image)
            fill = (max if crop else min)(sizes[0] / width, sizes[0] / height)
            scale = min(1.0, fill)
            largest = _upright_srgb(
                image, (max(1, round(width * scale)), max(1, round(height * scale)))
            )
    for size in sizes:
        if crop:
            side = min(size, *largest.size)
            frame = ImageOps.fit(largest, (side, side), Image.Resampling.LANCZOS)
        else:
            frame = largest.copy()
            frame.thumbnail((size, size), Image.Resampling.LANCZOS)
        for format in formats:
            yield RenditionImage(size, format, frame.width, frame.height, encode(frame, format))


def _largest_rendition(stream: BinaryIO, widths: Iterable[int]):
    """Decode the image once and return its largest rendition with the image's size."""
    with Image.open(stream, formats=ALLOWED_FORMATS) as image:
        width, height = _upright_size(image)
        planned = plan_widths(width, widths)
        if not planned:
            return None
        largest = planned[-1]
        frame = _upright_srgb(image, (largest, max(1, round(height * largest / width))))
    return frame, width, height


def _upright_size(image: Image.Image) -> tuple[int, int]:
    """Return the size of an image as displayed, after its EXIF orientation."""
    width, height = image.size
    return (height, width) if _orientation(image) in _QUARTER_TURNS else (width, height)


def _upright_srgb(image: Image.Image, size: tuple[int, int]) -> Image.Image:
    """Decode `image` resized to `size` (as displayed), upright and in sRGB."""
    orientation = _orientation(image)
    stored_size = size[::-1] if orientation in _QUARTER_TURNS else size
    icc_profile = image.info.get("icc_profile")
    if image.format == "JPEG":
        image.draft(image.mode, stored_size)
    frame = _resizable(image)
    frame = frame.resize(stored_size, Image.Resampling.LANCZOS, reducing_gap=REDUCING_GAP)
    if orientation in _TRANSPOSE:
        frame = frame.transpose(_TRANSPOSE[orientation])
    return _to_srgb(frame, icc_profile)


def encode(image: Image.Image, format: str) -> bytes:
    """Encode an RGB image as a web rendition, with no metadata at all."""
    buffer = io.BytesIO()
    if format == "webp":
        image.save(buffer, format="WEBP", quality=WEBP_QUALITY, method=WEBP_METHOD)
    elif format == "jpeg":
        # Baseline with optimised Huffman tables: within 2% of progressive in size at under
        # half the encoding time, for the fallback format few browsers still need.
        image.save(buffer, format="JPEG", quality=JPEG_QUALITY, optimize=True)
    else:
        raise ValueError(f"unknown rendition format {format!r}")
    return buffer.getvalue()


def _resizable(image: Image.Image) -> Image.Image:
    """Return the image in a mode LANCZOS can resize, keeping any transparency."""
    if image.mode in {"RGB", "RGBA", "L", "LA", "CMYK"}:
        image.load()
        return image
    if image.mode in {"I;16", "I;16L", "I;16B", "I;16N", "I", "F"}:
        # 16-bit and float scans: scale to 8 bits rather than clip everything to white.
        high = image.getextrema()[1] or 1
        scale = 255 / (high if high > 255 else 255)
        return image.convert("F").point(lambda v: v * scale).convert("L")
    has_alpha = "A" in image.getbands() or "transparency" in image.info
    return image.convert("RGBA" if has_alpha else "RGB")


_SRGB = ImageCms.createProfile("sRGB")


def _to_srgb(image: Image.Image, icc_profile: bytes | None) -> Image.Image:
    """Return an sRGB RGB image: colour profile applied, transparency laid on white."""
    if image.mode in {"RGBA", "LA"}:
        background = Image.new("RGBA", image.size, (255, 255, 255, 255))
        image = Image.alpha_composite(background, image.convert("RGBA"))
    if icc_profile:
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc_profile))
            mode = image.mode if image.mode in {"RGB", "CMYK", "L"} else "RGB"
            converted = ImageCms.profileToProfile(
                image.convert(mode), source, _SRGB, outputMode="RGB"
            )
            if converted is not None:
                image = converted
        except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
            pass  # An unreadable profile: the pixels are most likely sRGB already.
    if image.mode != "RGB":
        image = image.convert("RGB")
    image.info = {}
    return image
