"""
Import NASA Gateway to Astronaut Photography (GAP) metadata exports into the catalogue.

Each row describes one frame, named by its mission, roll and frame columns. The importer
creates a draft catalogue entry (a photo record without an image) or updates the record with
that NASA ID, so metadata can arrive before, after or without the image file. Fields changed
in the catalogue since they were imported are kept (see `astrophoto.importing.merge`).
"""

import csv
import datetime
import html
import re
from dataclasses import dataclass, field

from django.utils import timezone

from astrophoto.importing.merge import Merge, memory_of
from astrophoto.importing.runs import Batch, Importer, ImportResult
from astrophoto.importing.sources import Record, TableReader
from astrophoto.importing.values import (
    RowRejected,
    check_length,
    check_range,
    clean_text,
    html_to_text,
    parse_decimal,
    parse_integer,
)
from gallery.models import Photo
from gallery.nasa_ids import parse_nasa_id
from gallery.search import MAX_SEARCHABLE_TEXT
from missions.models import Expedition

KM_PER_NAUTICAL_MILE = 1.852
GAP_CREDIT = (
    "Image courtesy of the Earth Science and Remote Sensing Unit, NASA Johnson Space Center"
)
GAP_COLUMNS = ["mission", "roll", "frame"]

# The export script's Perl warnings leaked into its output in the middle of rows, each
# followed by a line break: cutting them out (and the break) restores the row exactly.
_PERL_WARNING = re.compile(r"Wide character in print at .*? line \d+, <\w+> line \d+\.\r?\n\Z")

# Values the importer sets from a row. Empty cells never erase what the catalogue holds.
IMPORTED_FIELDS = [
    "expedition_id",
    "taken_at",
    "taken_at_precision",
    "latitude",
    "longitude",
    "nadir_latitude",
    "nadir_longitude",
    "altitude_km",
    "focal_length",
    "camera_make",
    "camera_model",
    "cloud_cover",
    "look_angle",
    "look_direction",
    "tilt",
    "sun_azimuth",
    "sun_elevation",
    "place",
    "features",
    "title",
    "caption_en",
]
_TILTS = {
    "NV": Photo.Tilt.NEAR_VERTICAL,
    "LO": Photo.Tilt.LOW_OBLIQUE,
    "HO": Photo.Tilt.HIGH_OBLIQUE,
}
_COMPASS_POINTS = {
    "N", "NNE", "NE", "ENE", "E", "ESE", "SE", "SSE",
    "S", "SSW", "SW", "WSW", "W", "WNW", "NW", "NNW",
}  # fmt: skip
_DATE = re.compile(r"(\d{4})(\d\d|__)(\d\d|__)")
_TIME = re.compile(r"(\d\d|__)(\d\d|__)(\d\d|__)")
_TITLE = re.compile(r"\s*<b>(?P<title>.*?)</b>\s*(?:<br\s*/?>\s*)*", re.IGNORECASE | re.DOTALL)
_CAMERA_CODE = re.compile(r"^[A-Z0-9]{1,6}\s*:\s*")
_SERIAL = re.compile(r"\s*S/N\s*:.*$", re.IGNORECASE)
_DIGITAL_SUFFIX = re.compile(r"\s+electronic still camera$", re.IGNORECASE)
_CAMERA_MAKES = {
    make.casefold(): make
    for make in ["Nikon", "Kodak", "Canon", "Hasselblad", "Linhof", "Sony", "Maurer", "Rolleiflex"]
}
_PLACEHOLDER_FEATURES = {"PUBLIC INPUTS"}


@dataclass(slots=True)
class GapRow:
    line: int
    key: str
    expedition_number: int | None
    values: dict = field(default_factory=dict)


def repair_gap_lines(lines):
    """Cut the export script's leaked warnings out of rows and join the pieces again."""
    for line in lines:
        while "Wide character" in line and (match := _PERL_WARNING.search(line)):
            following = next(lines, "")
            line = line[: match.start()] + following
        yield line


def gap_text(text: str) -> str:
    """Clean a GAP text cell: double-encoded UTF-8 and HTML entities occur in real exports."""
    text = clean_text(text, mojibake=True)
    return clean_text(html.unescape(text)) if "&" in text else text


def parse_taken_at(date_text: str, time_text: str) -> tuple[datetime.datetime | None, str]:
    """
    Read GAP's `YYYYMMDD` date and `HHMMSS` GMT time, where unknown digits are underscores
    (`200012__`, `08____`); return the UTC moment and how precisely it is known.
    """
    date_text, time_text = date_text.strip(), time_text.strip()
    if not date_text:
        return None, ""
    match = _DATE.fullmatch(date_text)
    if not match or (match[2] == "__" and match[3] != "__"):
        raise RowRejected(f"Photo Date {date_text!r} is not a date written YYYYMMDD")
    year, month, day = (None if part == "__" else int(part) for part in match.groups())
    parts = [year, month or 1, day or 1]
    if month is None:
        precision = Photo.TimePrecision.YEAR
    elif day is None:
        precision = Photo.TimePrecision.MONTH
    else:
        precision = Photo.TimePrecision.DAY
        clock = _TIME.fullmatch(time_text) if time_text else None
        if time_text and not clock:
            raise RowRejected(f"Photo Time GMT {time_text!r} is not a time written HHMMSS")
        for part, finer in zip(
            clock.groups() if clock else (),
            [Photo.TimePrecision.HOUR, Photo.TimePrecision.MINUTE, Photo.TimePrecision.SECOND],
            strict=False,
        ):
            if part == "__":
                break
            parts.append(int(part))
            precision = finer
    try:
        moment = datetime.datetime(*parts, tzinfo=datetime.UTC)
    except ValueError:
        raise RowRejected(
            f"Photo Date {date_text!r} {time_text} is not a real date and time"
        ) from None
    return moment, precision


def camera_make_and_model(camera: str, uncataloged: str) -> tuple[str, str]:
    """
    Turn GAP's camera description into a make and a readable model:
    `Nikon D2Xs Electronic Still Camera` and `NIKON D2Xs S/N: 6027235` both give Nikon, Nikon D2Xs.
    """
    text = _SERIAL.sub("", _CAMERA_CODE.sub("", camera or uncataloged)).strip()
    text = _DIGITAL_SUFFIX.sub("", text)
    if not text or text.casefold() in {"unknown", "unkn"}:
        return "", ""
    brand, _space, rest = text.partition(" ")
    make = _CAMERA_MAKES.get(brand.casefold(), "")
    if make:
        text = f"{make} {rest}".strip()
    return make, text


def features_of(nasa_features: str, public_features: str) -> str:
    """Join NASA's feature list and the public Image Detectives' list, without repeats."""
    seen, features = set(), []
    for text in (nasa_features, public_features):
        for feature in text.split(","):
            feature = feature.strip()
            placeholder = feature.upper() in _PLACEHOLDER_FEATURES
            if feature and not placeholder and feature.casefold() not in seen:
                seen.add(feature.casefold())
                features.append(feature)
    return ", ".join(features)


def caption_and_title(markup: str) -> tuple[str, str]:
    """Return a plain-text caption and, when the caption opens with a bold heading, a title."""
    title = ""
    match = _TITLE.match(markup)
    if match:
        heading = html_to_text(match["title"]).replace("\n", " ")
        if 0 < len(heading) <= Photo._meta.get_field("title").max_length:
            title, markup = heading, markup[match.end() :]
    return html_to_text(markup), title


class GapImporter(Importer):
    description = "a Gateway to Astronaut Photography export"
    batch_size = 1000

    def open_reader(self, file) -> TableReader:
        # GAP exports are raw tab-separated text: a quotation mark is part of a caption.
        reader = TableReader(
            file,
            encoding=self.encoding,
            delimiter="\t",
            quoting=csv.QUOTE_NONE,
            line_filter=repair_gap_lines,
        )
        reader.require(GAP_COLUMNS, described_as=self.description)
        return reader

    def prepare(self, record: Record) -> GapRow:
        cells = record.values
        mission, roll, frame = (gap_text(cells[column]) for column in GAP_COLUMNS)
        nasa_id = parse_nasa_id(f"{mission}-{roll}-{frame}") if mission and frame else None
        if nasa_id is None:
            raise RowRejected(
                f"mission {mission!r}, roll {roll!r} and frame {frame!r} "
                "do not make a NASA photo ID"
            )
        key = str(nasa_id)
        try:
            values = self._values(cells)
        except RowRejected as exc:
            raise RowRejected(str(exc), key) from None
        return GapRow(record.line, key, nasa_id.expedition_number, values)

    def _values(self, cells: dict) -> dict:
        def cell(column: str) -> str:
            return cells.get(column, "")

        def decimal(column: str, low: float, high: float) -> float | None:
            return check_range(parse_decimal(cell(column), column), column, low, high)

        values = {}
        taken_at, precision = parse_taken_at(cell("photo date"), cell("photo time gmt"))
        if taken_at:
            values.update(taken_at=taken_at, taken_at_precision=precision)
        values["latitude"] = decimal("center point lat", -90, 90)
        values["longitude"] = decimal("center point lon", -180, 180)
        values["nadir_latitude"] = decimal("nadir lat", -90, 90)
        values["nadir_longitude"] = decimal("nadir lon", -180, 180)
        altitude = decimal("spacecraft altitude (nautical miles)", 0, 250_000)
        if altitude is not None:
            values["altitude_km"] = round(altitude * KM_PER_NAUTICAL_MILE, 2)
        focal_length = decimal("lens mm", 0, 10_000)
        values["focal_length"] = focal_length or None
        cloud_cover = parse_integer(cell("clouds percentage"), "Clouds Percentage")
        values["cloud_cover"] = check_range(cloud_cover, "Clouds Percentage", 0, 100)
        values["sun_azimuth"] = decimal("sun azimuth", 0, 360)
        values["sun_elevation"] = decimal("sun elevation angle", -90, 90)
        look_angle = cell("look angle").strip().upper()
        if look_angle in _TILTS:
            values["tilt"] = _TILTS[look_angle]
        else:
            values["look_angle"] = decimal("look angle", 0, 90)
        direction = cell("look direction").strip().upper()
        if direction and direction not in _COMPASS_POINTS:
            raise RowRejected(f"Look Direction {direction!r} is not a compass point")
        values["look_direction"] = direction
        values["camera_make"], values["camera_model"] = (
            check_length(text, "camera", 100)
            for text in camera_make_and_model(
                gap_text(cell("camera")), gap_text(cell("camera (uncataloged)"))
            )
        )
        values["place"] = check_length(gap_text(cell("geon")), "geon", 255)
        features = features_of(
            gap_text(cell("feat")), gap_text(cell("features from image detectives (not nasa)"))
        )
        values["features"] = check_length(features, "features", MAX_SEARCHABLE_TEXT)
        caption, title = caption_and_title(clean_text(cell("caption"), multiline=True))
        values["caption_en"] = check_length(caption, "caption", MAX_SEARCHABLE_TEXT)
        values["title"] = title
        return {name: value for name, value in values.items() if value not in (None, "")}

    def write(self, batch: Batch) -> None:
        keys = {row.key for row in batch.rows}
        # Repeating the unique index's condition lets SQLite use the index instead of a scan.
        existing = {
            photo.nasa_id: photo
            for photo in Photo.objects.exclude(nasa_id="")
            .filter(nasa_id__in=keys)
            .order_by()
            .only(
                "id",
                "nasa_id",
                "imported_values",
                *(name.removesuffix("_id") for name in IMPORTED_FIELDS),
            )
        }
        expeditions = self._expeditions(batch)
        new: dict[str, Photo] = {}
        changed: dict[int, set[str]] = {}
        for row in batch.rows:
            values = dict(row.values)
            if row.expedition_number:
                values["expedition_id"] = expeditions[row.expedition_number]
            photo = existing.get(row.key) or new.get(row.key)
            if photo is None:
                new[row.key] = Photo(
                    nasa_id=row.key,
                    status=Photo.Status.DRAFT,
                    credit=GAP_CREDIT,
                    licence=Photo.Licence.NASA,
                    imported_values=memory_of(values),
                    **values,
                )
                batch.created(row)
                continue
            merge = plan_photo_merge(photo, values, overwrite_edits=self.overwrite_edits)
            batch.edited(merge.edited)
            fields = merge.apply(photo)
            if merge.changes:
                batch.updated(row, merge.changed)
            else:
                batch.unchanged(row)
            if photo.pk and fields:
                changed.setdefault(photo.pk, set()).update(fields)
        Photo.objects.bulk_create(new.values())
        batch.count("photos created", len(new))
        self._save_changes(existing, changed)
        batch.count("photos updated", len(changed))

    def _expeditions(self, batch: Batch) -> dict[int, int]:
        """Return the expedition ids the batch's NASA IDs name, creating missing expeditions."""
        first_lines = {}
        for row in batch.rows:
            if row.expedition_number:
                first_lines.setdefault(row.expedition_number, row.line)
        if not first_lines:
            return {}
        ids = dict(Expedition.objects.filter(number__in=first_lines).values_list("number", "id"))
        missing = [Expedition(number=number) for number in sorted(first_lines.keys() - ids.keys())]
        for expedition in Expedition.objects.bulk_create(missing):
            ids[expedition.number] = expedition.id
            batch.note(
                first_lines[expedition.number],
                f"created Expedition {expedition.number}, without dates, for curators to complete",
            )
        batch.count("expeditions created", len(missing))
        return ids

    def _save_changes(self, existing: dict[str, Photo], changed: dict[int, set[str]]) -> None:
        by_fields: dict[frozenset, list[Photo]] = {}
        photos = {photo.pk: photo for photo in existing.values()}
        now = timezone.now()
        for pk, fields in changed.items():
            if fields != {"imported_values"}:  # what was remembered is not an update
                photos[pk].updated_at = now
                fields = fields | {"updated_at"}
            by_fields.setdefault(frozenset(fields), []).append(photos[pk])
        for fields, group in by_fields.items():
            Photo.objects.bulk_update(group, sorted(fields))


def plan_photo_merge(photo: Photo, values: dict, *, overwrite_edits: bool = False) -> Merge:
    """Say what a row's values change on `photo` (see `Merge.plan`)."""
    if "taken_at" in values and not _more_precise(photo, values):
        values = {k: v for k, v in values.items() if k not in ("taken_at", "taken_at_precision")}
    memory = photo.imported_values
    if _refined_by_camera(photo, memory):
        # Intake gave the imported day its camera's second: the archive still owns the time.
        refined = {"taken_at": photo.taken_at, "taken_at_precision": photo.taken_at_precision}
        memory = {**memory, **memory_of(refined)}
    return Merge.plan(
        photo,
        values,
        overwrite_edits=overwrite_edits,
        memory=memory,
        together=("taken_at", "taken_at_precision"),
    )


def _refined_by_camera(photo: Photo, memory: dict) -> bool:
    """Whether the photo's time is the imported one made precise by its camera's clock."""
    imported_precision = memory.get("taken_at_precision", Photo.TimePrecision.SECOND)
    if (
        imported_precision == Photo.TimePrecision.SECOND
        or photo.taken_at_precision != Photo.TimePrecision.SECOND
        or photo.taken_at is None
        or "taken_at" not in memory
    ):
        return False
    imported = datetime.datetime.fromisoformat(memory["taken_at"])
    return Photo.TimePrecision(imported_precision).truncate(photo.taken_at) == imported


def _more_precise(photo: Photo, values: dict) -> bool:
    """
    Say whether the row's time should replace the photo's: not when it only repeats, less
    precisely, the moment already known (a day-only date for a photo timed to the second).
    """
    known = photo.taken_at
    precision = Photo.TimePrecision(photo.taken_at_precision or Photo.TimePrecision.SECOND)
    incoming = values["taken_at"]
    incoming_precision = Photo.TimePrecision(values["taken_at_precision"])
    if known is None or incoming_precision.rank <= precision.rank:
        return True
    return incoming_precision.truncate(known) != incoming


def import_gap(path, **options) -> ImportResult:
    """Import a GAP export file; see `Importer` for the options."""
    return GapImporter(**options).run(path)
