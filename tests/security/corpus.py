"""
Hostile files, made in memory for each run: what an attacker, a broken camera or a careless
export sends to an upload form.

Each case says whether the catalogue must refuse it (and the words of the reason) or may
take it in safely: a valid photo with a hostile name or oversized metadata is a photo, stored
under its content address with its name and metadata cut down to size.
"""

import io
import struct
import zipfile
import zlib
from dataclasses import dataclass

from PIL import ExifTags, Image

from tests.factories import image_bytes, make_exif

# Limits the corpus is built against, set by the tests (override_settings).
MAX_PIXELS = 1_000_000
MAX_FILE_SIZE = 2_000_000


@dataclass(frozen=True)
class Case:
    name: str
    filename: str
    data: bytes
    # "rejected": refused with `reason` in its message; "imported": taken in, safely.
    expect: str
    reason: str = ""


def encode(image: Image.Image, format: str, **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format=format, **options)
    return buffer.getvalue()


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_declaring(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims `width` x `height` one-bit pixels, all zero."""
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    rows = zlib.compress(b"\x00" * (1 + (width + 7) // 8) * 64, 9)
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", header)
        + png_chunk(b"IDAT", rows)
        + png_chunk(b"IEND", b"")
    )


def jpeg_declaring(width: int, height: int) -> bytes:
    """A small JPEG whose frame header is rewritten to claim `width` x `height` pixels."""
    data = bytearray(image_bytes(16, 16))
    frame = data.index(b"\xff\xc0")
    data[frame + 5 : frame + 9] = struct.pack(">HH", height, width)
    return bytes(data)


def bombs() -> list[Case]:
    """Files that unpack to far more pixels than MAX_PIXELS: flat colour compresses to nothing."""
    flat = Image.new("L", (2000, 1000), 0)
    cases = [
        Case(f"{format} bomb", f"bomb.{suffix}", encode(flat, format, **options), "rejected", "")
        for format, suffix, options in [
            ("PNG", "png", {"optimize": True}),
            ("JPEG", "jpg", {"quality": 10}),
            ("WEBP", "webp", {"lossless": True}),
            ("TIFF", "tif", {"compression": "tiff_deflate"}),
        ]
    ]
    cases += [
        Case(
            "PNG header claiming 30000 x 30000", "huge.png", png_declaring(30000, 30000), "rejected"
        ),
        Case(
            "JPEG header claiming 65500 x 65500",
            "huge.jpg",
            jpeg_declaring(65500, 65500),
            "rejected",
        ),
    ]
    return [Case(case.name, case.filename, case.data, "rejected", "pixel") for case in cases]


def damaged() -> list[Case]:
    jpeg = image_bytes(400, 300)
    png = encode(Image.effect_noise((200, 200), 60), "PNG")
    # Huffman tables overwritten: the frame header reads, the image data cannot be decoded.
    corrupt = bytearray(jpeg)
    tables = corrupt.index(b"\xff\xc4")
    corrupt[tables + 4 : tables + 21] = b"\xff" * 17
    return [
        Case(
            "truncated JPEG", "cut.jpg", jpeg[: len(jpeg) // 2], "rejected", "truncated or corrupt"
        ),
        Case("truncated PNG", "cut.png", png[: len(png) // 2], "rejected", "truncated or corrupt"),
        Case("JPEG with corrupt Huffman tables", "bad.jpg", bytes(corrupt), "rejected", "corrupt"),
        Case("empty file", "empty.jpg", b"", "rejected", "empty"),
        Case(
            "random bytes named .jpg", "noise.jpg", bytes(range(256)) * 64, "rejected", "not a JPEG"
        ),
    ]


def disguised() -> list[Case]:
    png = encode(Image.new("RGB", (32, 32), (10, 20, 30)), "PNG")
    html = b"<html><body><script>alert(document.cookie)</script></body></html>"
    text_chunk = png_chunk(b"tEXt", b"Comment\x00" + html)
    gif = encode(Image.new("P", (8, 8)), "GIF")
    psd_header = b"8BPS\x00\x01" + b"\x00" * 6 + struct.pack(">HIIHH", 3, 64, 64, 8, 3)
    return [
        Case("PNG followed by an HTML page", "pic.png", png + html, "rejected", "web page code"),
        Case(
            "PNG with an HTML page in a text chunk",
            "pic.png",
            png[:33] + text_chunk + png[33:],
            "rejected",
            "web page code",
        ),
        Case(
            "GIF that is also a script",
            "pic.jpg",
            b"GIF89a/*" + gif[8:] + b"*/=alert(1);",
            "rejected",
            "not a JPEG",
        ),
        Case("plain GIF renamed .jpg", "pic.jpg", gif, "rejected", "not a JPEG"),
        Case(
            "SVG with a script",
            "pic.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "rejected",
            "not a JPEG",
        ),
        Case(
            "EPS renamed .jpg",
            "pic.jpg",
            b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 64 64\nshowpage\n",
            "rejected",
            "not a JPEG",
        ),
        Case("PSD renamed .jpg", "pic.jpg", psd_header + b"\x00" * 64, "rejected", "not a JPEG"),
        Case("HTML page renamed .jpg", "pic.jpg", html, "rejected", "not a JPEG"),
        # The detected format decides: a TIFF is stored and served as a TIFF, whatever its name.
        Case("TIFF renamed .jpg", "pic.jpg", image_bytes(48, 32, format="TIFF"), "imported"),
    ]


def hostile_names_and_metadata() -> list[Case]:
    huge_text = "A" * 65_000
    exif = make_exif(
        {ExifTags.Base.Make: huge_text, ExifTags.Base.ImageDescription: huge_text[:200]},
    )
    huge_lens = make_exif(camera={ExifTags.Base.LensModel: "L" * 65_000})
    return [
        Case("64 KB EXIF camera make", "exif.jpg", image_bytes(exif=exif), "imported"),
        Case("64 KB EXIF lens", "lens.jpg", image_bytes(exif=huge_lens), "imported"),
        Case(
            "name climbing out with ../",
            "../../../../etc/cron.d/pic.jpg",
            image_bytes(),
            "imported",
        ),
        Case("name with a NUL", "pic\x00.php.jpg", image_bytes(), "imported"),
        Case("name of 5000 characters", "n" * 5000 + ".jpg", image_bytes(), "imported"),
        Case("name with Windows separators", "..\\..\\pic.jpg", image_bytes(), "imported"),
    ]


def zip_with(entries: list[tuple[str, bytes]], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in entries:
            archive.writestr(name, data)
    return buffer.getvalue()


def archives() -> list[Case]:
    zeros = b"\x00" * (MAX_FILE_SIZE * 4)
    nested = zip_with([(f"layer{n}.zip", zip_with([("bomb.jpg", zeros)])) for n in range(4)])
    return [
        Case(
            "zip with traversal paths",
            "photos.zip",
            zip_with([("../../evil.jpg", image_bytes()), ("/etc/evil.jpg", image_bytes())]),
            "rejected",
            "leads out of the archive",
        ),
        Case("zip bomb", "photos.zip", zip_with([("bomb.jpg", zeros)]), "rejected", "over the"),
        Case("zip of zips", "photos.zip", nested, "rejected", "archives inside archives"),
        Case("damaged zip", "photos.zip", b"PK\x03\x04" + b"\x00" * 100, "rejected", "zip"),
    ]


def oversized() -> list[Case]:
    noise = encode(Image.effect_noise((1100, 900), 80).convert("RGB"), "PNG")
    assert len(noise) > MAX_FILE_SIZE
    return [Case("file over the size cap", "big.png", noise, "rejected", "limit")]


def corpus() -> list[Case]:
    return (
        bombs() + damaged() + disguised() + hostile_names_and_metadata() + archives() + oversized()
    )
