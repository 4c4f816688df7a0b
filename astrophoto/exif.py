"""
What the catalogue keeps from a photo's EXIF, with impossible values dropped: capture time
(to UTC), camera, lens, exposure and GPS position. Pure Pillow, like astrophoto.imaging.
"""

import dataclasses
import datetime
import math
import re
import warnings
from dataclasses import dataclass

from PIL import Image

_MAKE, _MODEL = 0x010F, 0x0110
_EXIF_IFD, _GPS_IFD = 0x8769, 0x8825
_DATE_TIME_ORIGINAL, _DATE_TIME_DIGITIZED = 0x9003, 0x9004
_OFFSET_TIME_ORIGINAL, _OFFSET_TIME_DIGITIZED = 0x9011, 0x9012
_EXPOSURE_TIME, _F_NUMBER, _ISO, _FOCAL_LENGTH = 0x829A, 0x829D, 0x8827, 0x920A
_LENS_MAKE, _LENS_MODEL = 0xA433, 0xA434
_GPS_LATITUDE_REF, _GPS_LATITUDE, _GPS_LONGITUDE_REF, _GPS_LONGITUDE = 1, 2, 3, 4

_EXIF_DATE = re.compile(r"(\d{4})[:-](\d{2})[:-](\d{2})[ T](\d{2}):(\d{2}):(\d{2})")
_EXIF_OFFSET = re.compile(r"([+-])(\d{2}):(\d{2})")
# Lenses that report nothing at all: "0.0 mm f/0.0", "0 mm f/0".
_EMPTY_LENS = re.compile(r"0(\.0+)? ?mm f/0(\.0+)?", re.IGNORECASE)
# Cameras whose clock was never set write dates before this; photos from orbit begin in 1946.
_EARLIEST_PHOTO = datetime.datetime(1946, 1, 1, tzinfo=datetime.UTC)
# A camera clock ahead by more than this is wrong, not a photo from the future.
_CLOCK_TOLERANCE = datetime.timedelta(days=1)
_MAX_TEXT = 100


@dataclass(frozen=True)
class ExifFacts:
    """
    What a photo's EXIF says, with impossible values dropped.

    `unreadable` names the fields that were present but broken or impossible.
    """

    taken_at: datetime.datetime | None = None
    camera_make: str = ""
    camera_model: str = ""
    lens: str = ""
    focal_length: float | None = None
    exposure_time: float | None = None
    f_number: float | None = None
    iso: int | None = None
    latitude: float | None = None
    longitude: float | None = None
    unreadable: tuple[str, ...] = ()


def read_exif(image: Image.Image, *, now: datetime.datetime | None = None) -> ExifFacts:
    """
    Read what the catalogue keeps from an open image's EXIF; never raise.

    Each field is read on its own, so one broken value costs only that field.
    """
    with warnings.catch_warnings(record=True) as caught:
        # Pillow warns, rather than raises, about EXIF blocks it can only read in part.
        warnings.simplefilter("always", UserWarning)
        facts = _read_exif(image, now)
    if any("EXIF" in str(warning.message) for warning in caught):
        unreadable = ("EXIF", *(name for name in facts.unreadable if name != "EXIF"))
        facts = dataclasses.replace(facts, unreadable=unreadable)
    return facts


def _read_exif(image: Image.Image, now: datetime.datetime | None) -> ExifFacts:
    try:
        exif = image.getexif()
    except Exception:
        return ExifFacts(unreadable=("EXIF",))
    unreadable: list[str] = []
    facts: dict = {}

    def ifd(tag: int) -> dict:
        try:
            return dict(exif.get_ifd(tag))
        except Exception:
            unreadable.append("EXIF" if tag == _EXIF_IFD else "GPS")
            return {}

    camera = ifd(_EXIF_IFD)
    gps = ifd(_GPS_IFD)
    now = now or datetime.datetime.now(datetime.UTC)

    def take(name: str, reader, *args):
        try:
            value = reader(*args)
        except (ValueError, TypeError, ArithmeticError, IndexError):
            unreadable.append(name)
            return
        if value is not None and value != "":
            facts[name] = value

    take("taken_at", _taken_at, camera, now)
    take("camera_make", _text, exif.get(_MAKE))
    take("camera_model", _text, exif.get(_MODEL))
    take("lens", _lens, camera.get(_LENS_MODEL))
    take("focal_length", _measure, camera.get(_FOCAL_LENGTH), 10_000)
    take("exposure_time", _measure, camera.get(_EXPOSURE_TIME), 86_400)
    take("f_number", _measure, camera.get(_F_NUMBER), 1_000)
    take("iso", _iso, camera.get(_ISO))
    try:
        position = _gps_position(gps)
    except (ValueError, TypeError, ArithmeticError, IndexError):
        unreadable.append("GPS position")
    else:
        if position:
            facts["latitude"], facts["longitude"] = position
    return ExifFacts(**facts, unreadable=tuple(dict.fromkeys(unreadable)))


def _text(value) -> str:
    """Return an EXIF string without its NUL padding and surrounding space."""
    if value is None:
        return ""
    if isinstance(value, bytes):
        value = value.decode("utf-8", errors="replace")
    if not isinstance(value, str):
        raise TypeError(f"not text: {value!r}")
    cleaned = " ".join(value.replace("\x00", " ").split())
    if cleaned and not cleaned.isprintable():
        raise ValueError("control characters")
    return cleaned[:_MAX_TEXT]


def _lens(value) -> str:
    text = _text(value)
    if _EMPTY_LENS.fullmatch(text):
        raise ValueError("a lens that reports nothing")
    return text


def _number(value) -> float | None:
    """Turn an EXIF number (a rational, possibly 0/0, or a one-item tuple) into a float."""
    if value is None:
        return None
    if isinstance(value, (tuple, list)):
        if len(value) != 1:
            raise ValueError(f"several values: {value!r}")
        value = value[0]
    number = float(value)
    if not math.isfinite(number):
        raise ValueError("not a number")
    return number


def _measure(value, upper: float) -> float | None:
    number = _number(value)
    if number is None:
        return None
    if not 0 < number < upper:
        raise ValueError(f"impossible value {number}")
    return round(number, 6)


def _iso(value) -> int | None:
    number = _number(value)
    if number is None:
        return None
    if not 0 < number <= 10_000_000 or number != int(number):
        raise ValueError(f"impossible ISO {number}")
    return int(number)


def _taken_at(camera: dict, now: datetime.datetime) -> datetime.datetime | None:
    """
    Return DateTimeOriginal (else DateTimeDigitized) in UTC.

    With no offset tag the time is taken as UTC: station cameras run on GMT.
    """
    for date_tag, offset_tag in (
        (_DATE_TIME_ORIGINAL, _OFFSET_TIME_ORIGINAL),
        (_DATE_TIME_DIGITIZED, _OFFSET_TIME_DIGITIZED),
    ):
        text = _text(camera.get(date_tag))
        if not text or set(text) <= set("0: -"):
            continue
        match = _EXIF_DATE.match(text)
        if match is None:
            raise ValueError(f"not a date: {text!r}")
        moment = datetime.datetime(*map(int, match.groups()), tzinfo=_offset(camera, offset_tag))
        moment = moment.astimezone(datetime.UTC)
        if not _EARLIEST_PHOTO <= moment <= now + _CLOCK_TOLERANCE:
            raise ValueError(f"implausible date: {text!r}")
        return moment
    return None


def _offset(camera: dict, tag: int) -> datetime.tzinfo:
    try:
        match = _EXIF_OFFSET.fullmatch(_text(camera.get(tag)))
    except (TypeError, ValueError):
        match = None
    if match is None:
        return datetime.UTC
    sign, hours, minutes = match.groups()
    delta = datetime.timedelta(hours=int(hours), minutes=int(minutes))
    if delta > datetime.timedelta(hours=14):
        return datetime.UTC
    return datetime.timezone(-delta if sign == "-" else delta)


def _gps_position(gps: dict) -> tuple[float, float] | None:
    if _GPS_LATITUDE not in gps and _GPS_LONGITUDE not in gps:
        return None
    latitude = _coordinate(gps.get(_GPS_LATITUDE), gps.get(_GPS_LATITUDE_REF), "NS", 90)
    longitude = _coordinate(gps.get(_GPS_LONGITUDE), gps.get(_GPS_LONGITUDE_REF), "EW", 180)
    # 0, 0 is what receivers without a fix write, not a photo taken in the Gulf of Guinea.
    if latitude == 0 and longitude == 0:
        raise ValueError("no fix (0, 0)")
    return latitude, longitude


def _coordinate(value, reference, hemispheres: str, limit: float) -> float:
    """Turn degrees, minutes, seconds (any of them fractional) and N/S or E/W into degrees."""
    if value is None:
        raise ValueError("missing")
    parts = value if isinstance(value, (tuple, list)) else (value,)
    if not 1 <= len(parts) <= 3:
        raise ValueError(f"not a coordinate: {value!r}")
    numbers = [float(part) for part in parts]
    if not all(math.isfinite(n) and n >= 0 for n in numbers):
        raise ValueError(f"not a coordinate: {value!r}")
    if any(n >= 60 for n in numbers[1:]):
        raise ValueError(f"minutes or seconds over 60: {value!r}")
    degrees = sum(n / 60**i for i, n in enumerate(numbers))
    if degrees > limit:
        raise ValueError(f"beyond {limit} degrees: {degrees}")
    hemisphere = _text(reference).upper()[:1]
    if not hemisphere or hemisphere not in hemispheres:
        raise ValueError(f"no hemisphere: {reference!r}")
    return round(-degrees if hemisphere == hemispheres[1] else degrees, 7)


# Renditions ----------------------------------------------------------------------------
