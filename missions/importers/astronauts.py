"""
Import astronauts, their missions, spacecraft and ISS expeditions from two table formats,
told apart by their header:

- the astronaut database (Stavnichuk & Corlett, as published by TidyTuesday): one row per
  astronaut per mission, `name`, `original_name`, `nationality`, `selection`, `mission_title`,
  `ascend_shuttle`, `descend_shuttle`, `occupation`, `year_of_mission`, ...;
- the NASA astronaut fact book: one row per astronaut, `Name`, `Birth Date`, `Status`,
  `Group`, `Missions` (`STS-119 (Discovery), ISS-31/32 (Soyuz)`), ...

One astronaut per person: a row matches an astronaut by name (and, where both sources give
one, by name in original script), as the catalogue writes it or as it was imported, so that a
curator's corrected spelling does not bring the person back twice. Missions, spacecraft and
expeditions are created or linked. Fields changed in the catalogue since they were imported
are kept (see `astrophoto.importing.merge`).
"""

import datetime
import re
from dataclasses import dataclass, field

from astrophoto.importing.merge import Merge, memory_of
from astrophoto.importing.runs import Batch, Importer, ImportResult
from astrophoto.importing.sources import Record, SourceError, TableReader
from astrophoto.importing.values import RowRejected, check_length, clean_text, parse_integer
from missions.importers.links import CatalogueLinks, Flight, check_flight_names
from missions.importers.names import INITIAL, NameIndex, display_name, name_key
from missions.importers.vocabulary import (
    agency_of_selection,
    country_code,
    crew_role,
    flight_name,
    flight_spacecraft,
    is_shuttle_flight,
    is_stay,
    orbiter,
)
from missions.models import Astronaut, unique_slug

DATABASE_COLUMNS = ["name", "original_name", "nationality", "mission_title", "ascend_shuttle"]
FACT_BOOK_COLUMNS = ["name", "birth date", "status", "missions"]
STATUSES = {
    "active": Astronaut.Status.ACTIVE,
    "retired": Astronaut.Status.RETIRED,
    # Former astronauts who went on to manage at NASA no longer fly.
    "management": Astronaut.Status.RETIRED,
    "deceased": Astronaut.Status.DECEASED,
}
# ISS Expedition 1 was the only expedition to start in 2000; earlier numbered stays are Mir's.
FIRST_ISS_YEAR = 2000
_MISSING = {"", "na", "n/a", "none", "-"}
_NO_VEHICLE = {"explosion", "aborted", "not completed yet"}
_US_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_MISSION_LIST = re.compile(r"[,;]\s*(?![^()]*\))|\.\s+(?=[A-Z])")
_MISSION_ENTRY = re.compile(r"(?P<names>[^()]+?)\s*(?:\((?P<vehicles>[^)]*)\)?)?")
_ISS_STAY = re.compile(r"ISS[\s-]*0*(\d{1,3})", re.IGNORECASE)


@dataclass
class PersonRow:
    line: int
    key: str
    name: str
    original_name: str = ""
    values: dict = field(default_factory=dict)
    agency: str = ""
    flights: list[Flight] = field(default_factory=list)
    expeditions: list[int] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    mir_stay: bool = False

    @property
    def identity(self) -> tuple[str, str]:
        return name_key(self.name), name_key(self.original_name)


def _cell(values: dict, column: str) -> str:
    text = clean_text(values.get(column, ""))
    return "" if text.casefold() in _MISSING else text


def parse_us_date(text: str, label: str) -> datetime.date | None:
    """Read a fact-book date, M/D/YYYY."""
    if not text:
        return None
    match = _US_DATE.fullmatch(text)
    try:
        month, day, year = (int(part) for part in match.groups()) if match else (0, 0, 0)
        return datetime.date(year, month, day)
    except ValueError:
        raise RowRejected(f"{label} {text!r} is not a date written M/D/YYYY") from None


def fact_book_flights(text: str) -> tuple[list[Flight], list[int]]:
    """
    Read the fact book's mission list: `STS-116/117 (Discovery/Atlantis), ISS-19/20 (Soyuz)`
    gives flights STS-116 on Discovery and STS-117 on Atlantis, and Expeditions 19 and 20.
    """
    flights, expeditions = [], []
    for entry in filter(None, (part.strip() for part in _MISSION_LIST.split(text))):
        match = _MISSION_ENTRY.fullmatch(entry)
        if not match:
            continue
        vehicles = [v.strip() for v in (match["vehicles"] or "").split("/") if v.strip()]
        orbiters = [o for o in map(orbiter, vehicles) if o]
        prefix, shuttle_names, other_names, stays = "", [], [], []
        for part in (p.strip() for p in match["names"].split("/") if p.strip()):
            # `STS-102/105` and `ISS-43/44/45` share the first part's prefix.
            if part[:1].isdigit() and prefix:
                part = prefix + part
            if stay := _ISS_STAY.fullmatch(part):
                prefix = "ISS-"
                stays.append(int(stay[1]))
                continue
            name = flight_name(part)
            prefix = "STS-" if is_shuttle_flight(name) else ""
            (shuttle_names if is_shuttle_flight(name) else other_names).append(name)
        # Flights named with stays (`ISS-01/STS-102`) span those expeditions.
        spans = tuple(stays)
        expeditions.extend(stays)
        for name in other_names:
            flights.append(Flight(name, launch=flight_spacecraft(name), expeditions=spans))
        for position, name in enumerate(shuttle_names):
            vehicle = orbiter(vehicles[position]) if position < len(vehicles) else None
            if vehicle is None and len(orbiters) == 1:
                vehicle = orbiters[0]
            flights.append(Flight(name, launch=vehicle, landing=vehicle, expeditions=spans))
    return flights, expeditions


class AstronautImporter(Importer):
    description = "an astronaut table"
    batch_size = 500

    def open_reader(self, file) -> TableReader:
        reader = TableReader(file, encoding=self.encoding)
        if all(column in reader.header for column in DATABASE_COLUMNS):
            self.format = "database"
            self.description = "the astronaut database (one row per astronaut per mission)"
        elif all(column in reader.header for column in FACT_BOOK_COLUMNS):
            self.format = "fact-book"
            self.description = "the NASA astronaut fact book (one row per astronaut)"
        else:
            raise SourceError(
                "this is neither the astronaut database (columns "
                f"{', '.join(DATABASE_COLUMNS)}) nor the NASA astronaut fact book (columns "
                f"{', '.join(c.title() for c in FACT_BOOK_COLUMNS)}); the header starts "
                f"{', '.join(reader.header[:6])}"
            )
        return reader

    def run(self, path) -> ImportResult:
        # Within one run the first row about a person sets their details and later rows only
        # fill gaps, so that rows disagreeing with each other cannot flip values on re-runs.
        self.described: set[int] = set()
        return super().run(path)

    def prepare(self, record: Record) -> PersonRow:
        if self.format == "database":
            row = self._database_row(record)
        else:
            row = self._fact_book_row(record)
        check_flight_names(row.flights, row.key)
        return row

    def _database_row(self, record: Record) -> PersonRow:
        cells = record.values
        nationality_text = _cell(cells, "nationality")
        nationality = country_code(nationality_text)
        name = display_name(_cell(cells, "name"), nationality=nationality)
        if not name:
            raise RowRejected("the name is empty")
        check_length(name, "name", 120)
        original = display_name(_cell(cells, "original_name"), nationality=nationality)
        row = PersonRow(record.line, name, name, "" if original == name else original)
        row.original_name = check_length(row.original_name, "original_name", 120)
        if nationality:
            row.values["nationality"] = nationality
        elif nationality_text:
            row.notes.append(f"nationality {nationality_text!r} is not one the importer knows")
        row.agency = agency_of_selection(_cell(cells, "selection"))
        year = parse_integer(_cell(cells, "year_of_mission"), "year_of_mission")
        title = _cell(cells, "mission_title")
        ascent = flight_name(_cell(cells, "ascend_shuttle"))
        descent_text = _cell(cells, "descend_shuttle")
        descent = "" if descent_text.casefold() in _NO_VEHICLE else flight_name(descent_text)
        if title.isdigit():
            number = int(title)
            if year and (year > FIRST_ISS_YEAR or (year == FIRST_ISS_YEAR and number == 1)):
                row.expeditions.append(number)
            else:
                row.mir_stay = True
        mission = self._mission_of(flight_name(title) if title else "", ascent)
        if mission:
            launch = flight_spacecraft(ascent) if ascent else None
            landing = launch if launch and descent == ascent else None
            role = crew_role(_cell(cells, "occupation"))
            row.flights.append(
                Flight(mission, launch, landing, role, expeditions=tuple(row.expeditions))
            )
        return row

    @staticmethod
    def _mission_of(title: str, ascent: str) -> str:
        """
        The flight a database row is about. Shuttle and Soyuz flights are named by the
        launch (titles such as `Spacelab 1`, `Salyut 7` or an expedition number say what the
        crew did there); other titles (`Apollo 11`, `Skylab 2`) name the flight.
        """
        if ascent and (is_shuttle_flight(ascent) or ascent.startswith("Soyuz ")):
            return ascent
        if title and not title.isdigit() and not is_stay(title):
            return title
        return ascent

    def _fact_book_row(self, record: Record) -> PersonRow:
        cells = record.values
        name = display_name(_cell(cells, "name"))
        if not name:
            raise RowRejected("the name is empty")
        row = PersonRow(record.line, name, check_length(name, "name", 120))
        try:
            birth_date = parse_us_date(_cell(cells, "birth date"), "Birth Date")
        except RowRejected as exc:
            raise RowRejected(str(exc), name) from None
        if birth_date:
            row.values["birth_date"] = birth_date
        status_text = _cell(cells, "status")
        if status := STATUSES.get(status_text.casefold()):
            row.values["status"] = status
        elif status_text:
            row.notes.append(f"status {status_text!r} is not one the importer knows")
        if _cell(cells, "group"):
            row.agency = "NASA"
        row.flights, row.expeditions = fact_book_flights(_cell(cells, "missions"))
        return row

    def write(self, batch: Batch) -> None:
        links = CatalogueLinks(batch)
        astronauts = self._astronauts(batch, links)
        # Kept apart until the batch is written: a batch retried row by row starts afresh.
        described = set(self.described)
        for row in batch.rows:
            astronaut, created = astronauts[row.identity]
            for note in row.notes:
                batch.note(row.line, f"{row.name}: {note}")
            # The catalogue's numbered expeditions are the ISS's; Mir's are not linked.
            batch.count("Mir expedition numbers (before 2000) not linked", row.mir_stay)
            changed = [] if created else self._describe(astronaut, row, links, described)
            added = links.join(astronaut, row.flights, row.expeditions, line=row.line)
            if created:
                batch.created(row)
            elif changed or added:
                batch.updated(row, changed)
            else:
                batch.unchanged(row)
            described.add(astronaut.pk)
        links.save()
        self.described = described

    def _astronauts(self, batch: Batch, links: CatalogueLinks) -> dict:
        """Match each row to an astronaut, creating those not in the catalogue yet."""
        index = NameIndex()
        originals: dict[int, set[str]] = {}
        people = Astronaut.objects.values_list("id", "name", "original_name", "imported_values")
        for pk, name, original, imported in people:
            index.add(pk, name)
            index.add_alias(pk, imported.get("name", ""))
            originals[pk] = {name_key(original), name_key(imported.get("original_name", ""))}
            originals[pk].discard("")
        matched, new = {}, {}
        for row in batch.rows:
            if row.identity in matched or row.identity in new:
                continue
            _name, original = row.identity
            match = index.match(
                row.name,
                initials=False,
                accept=lambda pk, original=original: (
                    not original or not originals[pk] or original in originals[pk]
                ),
            )
            if match.astronaut_id:
                matched[row.identity] = match.astronaut_id
                if match.is_loose:
                    batch.note(
                        row.line,
                        f"{row.name} matched {index.names[match.astronaut_id]} ({match.rule})",
                    )
            else:
                new[row.identity] = row
                similar = index.match(row.name)
                if similar.astronaut_id and similar.rule == INITIAL:
                    batch.note(
                        row.line,
                        f"{row.name} is added as a new astronaut; check whether they are "
                        f"{index.names[similar.astronaut_id]} (same family name and initial)",
                    )
        existing = Astronaut.objects.in_bulk(set(matched.values()))
        slugs: set[str] = set()
        created = []
        for row in new.values():
            values = {
                "name": row.name,
                "original_name": row.original_name,
                "agency_id": links.agency(row.agency),
                **row.values,
            }
            astronaut = Astronaut(**values, imported_values=memory_of(values))
            astronaut.slug = unique_slug(Astronaut, row.name, reserved=slugs)
            slugs.add(astronaut.slug)
            created.append(astronaut)
        Astronaut.objects.bulk_create(created)
        batch.count("astronauts created", len(created))
        found = {identity: (existing[pk], False) for identity, pk in matched.items()}
        found.update({identity: (a, True) for identity, a in zip(new, created, strict=True)})
        return found

    def _describe(
        self, astronaut: Astronaut, row: PersonRow, links: CatalogueLinks, described: set[int]
    ) -> list:
        values = dict(row.values)
        if row.agency:
            values["agency_id"] = links.agency(row.agency)
        if row.original_name:
            values["original_name"] = row.original_name
        merge = Merge.plan(
            astronaut,
            values,
            overwrite_edits=self.overwrite_edits,
            only_empty=astronaut.pk in described,
        )
        links.batch.edited(merge.edited)
        if fields := merge.apply(astronaut):
            astronaut.save(update_fields=fields)
        links.batch.count("astronauts updated", bool(merge.changes))
        return merge.changed


def import_astronauts(path, **options) -> ImportResult:
    """Import an astronaut table (database or fact-book format); see `Importer`."""
    return AstronautImporter(**options).run(path)
