"""
Pure image work with Pillow: bytes in, facts and images out.

Nothing here knows about HTTP, storage or the ORM.
"""

import hashlib
import warnings
from dataclasses import dataclass
from typing import BinaryIO

from PIL import Image, UnidentifiedImageError

# Pillow format names the catalogue accepts; the detected format decides, never the file name.
ALLOWED_FORMATS = ("JPEG", "PNG", "WEBP", "TIFF")
# EXIF orientations that turn the picture a quarter, so width and height swap.
_QUARTER_TURNS = {5, 6, 7, 8}
_CHUNK = 1024 * 1024


class ImageRejected(Exception):
    """The file is not an image the catalogue accepts; str() says why, for the curator."""


@dataclass(frozen=True)
class ImageFacts:
    format: str
    width: int
    height: int
    file_size: int
    sha256: str


def file_digest(stream: BinaryIO) -> tuple[str, int]:
    """Return the SHA-256 hex digest and size of a stream, read from the start."""
    stream.seek(0)
    digest, size = hashlib.sha256(), 0
    while chunk := stream.read(_CHUNK):
        digest.update(chunk)
        size += len(chunk)
    stream.seek(0)
    return digest.hexdigest(), size


def inspect_image(stream: BinaryIO, *, max_bytes: int, max_pixels: int) -> ImageFacts:
    """
    Check that `stream` holds one whole image the catalogue accepts and describe it.

    The image is decoded completely, so truncated or corrupt data is caught here.
    Width and height are given as displayed, after the EXIF orientation.
    """
    sha256, size = file_digest(stream)
    if size == 0:
        raise ImageRejected("the file is empty")
    if size > max_bytes:
        raise ImageRejected(
            f"the file is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:.0f} MB limit"
        )
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(stream, formats=ALLOWED_FORMATS) as image:
                width, height = image.size
                if width * height > max_pixels:
                    raise ImageRejected(
                        f"the image is {width} by {height} pixels, "
                        f"over the {max_pixels / 1e6:.0f} megapixel limit"
                    )
                image.load()
                image_format = image.format
                orientation = _orientation(image)
        except ImageRejected:
            raise
        except (Image.DecompressionBombWarning, Image.DecompressionBombError):
            raise ImageRejected("the image has too many pixels (a decompression bomb)") from None
        except UnidentifiedImageError:
            raise ImageRejected("not a JPEG, PNG, WebP or TIFF image") from None
        except (OSError, SyntaxError, ValueError, EOFError) as exc:
            raise ImageRejected(f"the image data is truncated or corrupt ({exc})") from None
        finally:
            stream.seek(0)
    if orientation in _QUARTER_TURNS:
        width, height = height, width
    return ImageFacts(image_format, width, height, size, sha256)


def _orientation(image: Image.Image) -> int:
    try:
        return int(image.getexif().get(0x0112, 1))
    except Exception:
        return 1
