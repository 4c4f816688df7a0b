"""
Import lists of ISS expeditions, as a JSON array of objects or a CSV table, with dates and
crew names, and the spacecraft that carried crews up or down.

Keys (JSON) or columns (CSV), each under any of its usual names:

- number: `number`, `number_expedition`, `expedition`;
- start and end: `start`, `start_date`, `date_start`; `end`, `end_date`, `date_end`. A value
  may be a list of dates (crew rotations): the expedition runs from the first start to the
  last end. Dates are ISO or written with English or French month names;
- crew: `crew`, `astronauts`: a list of names (in CSV, names separated by `;`), optionally
  followed by the agency in parentheses, `William Shepherd (NASA)`;
- spacecraft: `spacecraft`, `ship_starting`, `ship_return`: flights such as `Soyuz TM-31`,
  `Soyouz (TMA-8)`, `Discovery (STS-121)`, `SpaceX (Crew-5)`.

Crew names are matched to the catalogue's astronauts (see `NameIndex`); names that match no
one are reported, never added as new astronauts. Dates changed in the catalogue since they
were imported are kept (see `astrophoto.importing.merge`).
"""

import re
from dataclasses import dataclass, field

from astrophoto.importing.merge import Merge
from astrophoto.importing.runs import Batch, Importer, ImportResult
from astrophoto.importing.sources import (
    JsonArrayReader,
    Record,
    SourceError,
    TableReader,
    peek_text,
)
from astrophoto.importing.values import IncompleteDate, RowRejected, clean_text, parse_date
from missions.importers.links import CatalogueLinks, Flight, check_flight_names
from missions.importers.names import NameIndex, without_agency
from missions.importers.vocabulary import flight_name, flight_spacecraft, orbiter
from missions.models import Astronaut, Expedition

ALIASES = {
    "number": ["number", "number_expedition", "expedition", "expedition_number"],
    "start": ["start", "start_date", "date_start", "begin"],
    "end": ["end", "end_date", "date_end"],
    "crew": ["crew", "astronauts"],
    "spacecraft": ["spacecraft", "ship_starting", "ship_return", "ships"],
}
_LIST_SEPARATOR = re.compile(r"\s*[;|]\s*")
_NUMBER = re.compile(r"(?:expedition\s*)?(\d{1,5})", re.IGNORECASE)
_ORBITER_FLIGHT = re.compile(r"([A-Za-z]+)\s*\(\s*(STS[\s-]*\d+\w*)\s*\)")


@dataclass
class ExpeditionRow:
    line: int
    key: str
    number: int
    start: object = None
    end: object = None
    crew: list[str] = field(default_factory=list)
    flights: list[Flight] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _values(record: Record, key: str) -> list:
    """Every value a record gives under any name for `key`, lists flattened."""
    found = []
    for name in ALIASES[key]:
        value = record.values.get(name)
        if value is None:
            continue
        items = value if isinstance(value, list) else [value]
        for item in items:
            if isinstance(item, str):
                found.extend(
                    _LIST_SEPARATOR.split(item) if key in ("crew", "spacecraft") else [item]
                )
            elif isinstance(item, int | float) and not isinstance(item, bool):
                found.append(str(item))
            elif item is not None:
                raise RowRejected(f"{name} holds {type(item).__name__} values, not text")
    return [text for text in (clean_text(str(item)) for item in found) if text]


def _lower_keys(record: Record) -> Record:
    return record._replace(values={str(k).strip().casefold(): v for k, v in record.values.items()})


def ship_flight(text: str, number: int) -> Flight:
    """
    Read a spacecraft entry: `Discovery (STS-121)` is flight STS-121 on Space Shuttle
    Discovery; `Soyouz (TMA-8)` is Soyuz TMA-8.
    """
    if match := _ORBITER_FLIGHT.fullmatch(text):
        vehicle = orbiter(match[1])
        return Flight(flight_name(match[2]), vehicle, vehicle, expeditions=(number,))
    name = flight_name(text)
    return Flight(name, launch=flight_spacecraft(name), expeditions=(number,))


class ExpeditionImporter(Importer):
    description = "an ISS expedition list"
    batch_size = 200

    def open_reader(self, file) -> JsonArrayReader | TableReader:
        start = peek_text(file, self.encoding).lstrip("\ufeff \t\r\n")
        if start.startswith("["):
            self.description = "an ISS expedition list (JSON)"
            return JsonArrayReader(file, encoding=self.encoding)
        if start.startswith("{"):
            raise SourceError("this JSON is an object; the importer reads an array of expeditions")
        reader = TableReader(file, encoding=self.encoding)
        if not any(name in reader.header for name in ALIASES["number"]):
            raise SourceError(
                "this is not an ISS expedition list: it is neither a JSON array nor a CSV "
                f"table with a {ALIASES['number'][0]!r} column (the header starts "
                f"{', '.join(reader.header[:6])})"
            )
        self.description = "an ISS expedition list (CSV)"
        return reader

    def prepare(self, record: Record) -> ExpeditionRow:
        record = _lower_keys(record)
        numbers = _values(record, "number")
        match = _NUMBER.fullmatch(numbers[0]) if numbers else None
        if not match or not 1 <= int(match[1]) <= 32767:
            found = repr(numbers[0]) if numbers else "none"
            raise RowRejected(f"the expedition number is missing or not a number ({found})")
        number = int(match[1])
        row = ExpeditionRow(record.line, f"Expedition {number}", number)
        try:
            starts = self._dates(row, _values(record, "start"), "start")
            ends = self._dates(row, _values(record, "end"), "end")
        except RowRejected as exc:
            raise RowRejected(str(exc), row.key) from None
        row.start = min(starts, default=None)
        row.end = max(ends, default=None)
        if row.start and row.end and row.end < row.start:
            raise RowRejected(f"it ends ({row.end}) before it starts ({row.start})", row.key)
        row.crew = [without_agency(name) for name in _values(record, "crew")]
        seen = set()
        for text in _values(record, "spacecraft"):
            flight = ship_flight(text, number)
            if flight.name not in seen:
                seen.add(flight.name)
                row.flights.append(flight)
        check_flight_names(row.flights, row.key)
        return row

    @staticmethod
    def _dates(row: ExpeditionRow, texts: list[str], label: str) -> list:
        dates = []
        for text in texts:
            try:
                dates.append(parse_date(text, label))
            except IncompleteDate as exc:
                row.notes.append(f"{exc}; not used")
        return dates

    def write(self, batch: Batch) -> None:
        numbers = {row.number for row in batch.rows}
        known = set(Expedition.objects.filter(number__in=numbers).values_list("number", flat=True))
        links = CatalogueLinks(
            batch,
            flights=[flight for row in batch.rows for flight in row.flights],
            expedition_numbers=numbers,
        )
        index = NameIndex()
        for pk, name, imported in Astronaut.objects.values_list("id", "name", "imported_values"):
            index.add(pk, name)
            index.add_alias(pk, imported.get("name", ""))
        to_save: dict[int, set[str]] = {}
        updated: set[int] = set()
        for row in batch.rows:
            expedition = links.expeditions[row.number]
            for note in row.notes:
                batch.note(row.line, f"{row.key}: {note}")
            values = {name: getattr(row, name) for name in ("start", "end") if getattr(row, name)}
            merge = Merge.plan(expedition, values, overwrite_edits=self.overwrite_edits)
            start = merge.changes.get("start", expedition.start)
            end = merge.changes.get("end", expedition.end)
            if start and end and end < start:
                batch.reject(
                    row.line,
                    f"it would end ({end}) before it starts ({start}), with the dates "
                    "already in the catalogue",
                    row.key,
                )
                continue
            batch.edited(merge.edited)
            for name, value in merge.changes.items():
                if getattr(expedition, name) is not None:
                    batch.note(
                        row.line, f"{row.key}: {name} {getattr(expedition, name)} -> {value}"
                    )
            if fields := merge.apply(expedition):
                to_save.setdefault(expedition.pk, set()).update(fields)
            if merge.changes:
                updated.add(expedition.pk)
            added = self._join_crew(batch, row, index, links)
            for flight in row.flights:
                added |= links.complete_mission(links.missions[flight.name], flight, line=row.line)
            if row.number not in known:
                known.add(row.number)
                batch.created(row)
            elif merge.changes or added:
                batch.updated(row, merge.changed)
            else:
                batch.unchanged(row)
        for expedition in links.expeditions.values():
            if expedition.pk in to_save:
                expedition.save(update_fields=sorted(to_save[expedition.pk]))
        batch.count("expeditions updated", len(updated))
        links.save()

    @staticmethod
    def _join_crew(batch: Batch, row: ExpeditionRow, index: NameIndex, links) -> bool:
        added = False
        for name in row.crew:
            match = index.match(name)
            if match.astronaut_id is None:
                batch.note(row.line, f"{row.key}: crew name {name!r} not matched: {match.problem}")
                batch.count("crew names not matched")
                continue
            if match.is_loose:
                batch.note(
                    row.line,
                    f"{row.key}: crew name {name!r} taken as "
                    f"{index.names[match.astronaut_id]} ({match.rule})",
                )
            astronaut = Astronaut(pk=match.astronaut_id)
            added |= links.join(astronaut, [], [row.number], line=row.line)
        return added


def import_expeditions(path, **options) -> ImportResult:
    """Import an ISS expedition list (JSON or CSV); see `Importer` for the options."""
    return ExpeditionImporter(**options).run(path)
