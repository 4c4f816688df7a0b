"""
The records an import row refers to by name (missions, spacecraft, expeditions, agencies) and
the crew memberships between them: found or created per batch in a few queries.

Records shared by many rows are only created or completed, never overwritten: when a row
disagrees with what the catalogue holds (a mission recorded on another spacecraft), the
catalogue is kept and the disagreement noted, so that re-running an import changes nothing.
"""

from collections import Counter
from dataclasses import dataclass

from astrophoto.importing.runs import Batch
from astrophoto.importing.values import RowRejected
from missions.importers.vocabulary import AGENCIES, SpacecraftFacts
from missions.models import (
    Agency,
    Astronaut,
    Expedition,
    ExpeditionCrew,
    Mission,
    MissionCrew,
    Spacecraft,
    unique_slug,
)


@dataclass(frozen=True)
class Flight:
    """A flight as one row knows it: name, spacecraft, crew role, the expeditions it spans."""

    name: str
    launch: SpacecraftFacts | None = None
    landing: SpacecraftFacts | None = None
    role: str = MissionCrew.Role.CREW_MEMBER
    expeditions: tuple[int, ...] = ()


def check_flight_names(flights: list[Flight], key: str) -> None:
    """Reject the row (RowRejected) when a flight's name is too long to be a mission's."""
    max_length = Mission._meta.get_field("name").max_length
    for flight in flights:
        if len(flight.name) > max_length:
            raise RowRejected(
                f"mission {flight.name[:40]!r}... is {len(flight.name):,} characters long; "
                f"at most {max_length} fit",
                key,
            )


class CatalogueLinks:
    def __init__(self, batch: Batch, *, flights=None, expedition_numbers=None):
        self.batch = batch
        if flights is None:
            flights = [flight for row in batch.rows for flight in row.flights]
        if expedition_numbers is None:
            expedition_numbers = {n for row in batch.rows for n in row.expeditions}
        expedition_numbers = set(expedition_numbers)
        expedition_numbers.update(n for flight in flights for n in flight.expeditions)
        self.agencies = {a.abbreviation.casefold(): a.pk for a in Agency.objects.all()}
        self.spacecraft = self._spacecraft(
            {craft.name: craft for f in flights for craft in (f.launch, f.landing) if craft}
        )
        self.missions = self._missions({flight.name for flight in flights})
        # When rows disagree on a mission's spacecraft, the one most rows give is recorded.
        votes = Counter(
            (flight.name, field, craft.name)
            for flight in flights
            for field, craft in (
                ("launch_spacecraft", flight.launch),
                ("return_spacecraft", flight.landing),
            )
            if craft
        )
        self.chosen: dict[tuple[str, str], str] = {}
        for (mission, field, craft), _votes in votes.most_common():
            self.chosen.setdefault((mission, field), craft)
        self.disagreements: set[tuple[int, str]] = set()
        self.expeditions = self._expeditions(expedition_numbers)
        mission_ids = [mission.pk for mission in self.missions.values()]
        expedition_ids = [expedition.pk for expedition in self.expeditions.values()]
        self.mission_crew = set(
            MissionCrew.objects.filter(mission__in=mission_ids).values_list(
                "mission_id", "astronaut_id"
            )
        )
        self.expedition_crew = set(
            ExpeditionCrew.objects.filter(expedition__in=expedition_ids).values_list(
                "expedition_id", "astronaut_id"
            )
        )
        self.spans = set(
            Mission.expeditions.through.objects.filter(mission__in=mission_ids).values_list(
                "mission_id", "expedition_id"
            )
        )
        self.new_mission_crew: list[MissionCrew] = []
        self.new_expedition_crew: list[ExpeditionCrew] = []
        self.new_spans: list = []
        self.completed_missions: dict[int, set[str]] = {}

    def agency(self, abbreviation: str) -> int | None:
        """The id of the agency with this abbreviation, created if missing; None for ''."""
        if not abbreviation:
            return None
        key = abbreviation.casefold()
        if key not in self.agencies:
            facts = AGENCIES[abbreviation]
            agency = Agency.objects.filter(name__iexact=facts.name).first()
            if agency is None:
                agency = Agency.objects.create(
                    abbreviation=facts.abbreviation, name=facts.name, country=facts.country
                )
                self.batch.count("agencies created")
            self.agencies[key] = agency.pk
        return self.agencies[key]

    def _spacecraft(self, wanted: dict[str, SpacecraftFacts]) -> dict[str, Spacecraft]:
        found = {s.name: s for s in Spacecraft.objects.filter(name__in=wanted)}
        slugs: set[str] = set()
        new = []
        for name, facts in wanted.items():
            if name not in found:
                slug = unique_slug(Spacecraft, name, reserved=slugs)
                slugs.add(slug)
                new.append(
                    Spacecraft(name=name, slug=slug, family=facts.family, serial=facts.serial)
                )
        for spacecraft in Spacecraft.objects.bulk_create(new):
            found[spacecraft.name] = spacecraft
        self.batch.count("spacecraft created", len(new))
        return found

    def _missions(self, names: set[str]) -> dict[str, Mission]:
        found: dict[str, Mission] = {}
        for mission in Mission.objects.filter(name__in=names).order_by("-pk"):
            found[mission.name] = mission  # the oldest wins when names repeat
        slugs: set[str] = set()
        new = []
        for name in sorted(names - found.keys()):
            slug = unique_slug(Mission, name, reserved=slugs)
            slugs.add(slug)
            new.append(Mission(name=name, slug=slug))
        for mission in Mission.objects.bulk_create(new):
            found[mission.name] = mission
        self.batch.count("missions created", len(new))
        return found

    def _expeditions(self, numbers: set[int]) -> dict[int, Expedition]:
        found = Expedition.objects.in_bulk(numbers, field_name="number")
        new = [Expedition(number=number) for number in sorted(numbers - found.keys())]
        for expedition in Expedition.objects.bulk_create(new):
            found[expedition.number] = expedition
        self.batch.count("expeditions created", len(new))
        return found

    def join(self, astronaut: Astronaut, flights, expeditions, *, line: int) -> bool:
        """Put `astronaut` in the crew of these flights and expeditions; say if anything was new."""
        added = False
        for flight in flights:
            mission = self.missions[flight.name]
            self.complete_mission(mission, flight, line=line)
            if (mission.pk, astronaut.pk) not in self.mission_crew:
                self.mission_crew.add((mission.pk, astronaut.pk))
                self.new_mission_crew.append(
                    MissionCrew(mission=mission, astronaut=astronaut, role=flight.role)
                )
                added = True
        for number in expeditions:
            expedition = self.expeditions[number]
            if (expedition.pk, astronaut.pk) not in self.expedition_crew:
                self.expedition_crew.add((expedition.pk, astronaut.pk))
                self.new_expedition_crew.append(
                    ExpeditionCrew(
                        expedition=expedition,
                        astronaut=astronaut,
                        role=ExpeditionCrew.Role.CREW_MEMBER,
                    )
                )
                added = True
        return added

    def complete_mission(self, mission: Mission, flight: Flight, *, line: int) -> bool:
        """Fill the mission's empty spacecraft and expeditions from `flight`; say if any were."""
        changed = False
        for field, facts in (
            ("launch_spacecraft", flight.launch),
            ("return_spacecraft", flight.landing),
        ):
            if facts is None:
                continue
            if getattr(mission, f"{field}_id") is None:
                setattr(mission, field, self.spacecraft[self.chosen[(mission.name, field)]])
                self.completed_missions.setdefault(mission.pk, set()).add(field)
                changed = True
            recorded = getattr(mission, field)
            if recorded.name != facts.name and (mission.pk, facts.name) not in self.disagreements:
                self.disagreements.add((mission.pk, facts.name))
                self.batch.note(
                    line,
                    f"{mission.name}: this row gives {facts.name}, but the mission is "
                    f"recorded with {recorded.name} (the catalogue's, or what most rows give)",
                )
        for number in flight.expeditions:
            expedition = self.expeditions[number]
            if (mission.pk, expedition.pk) not in self.spans:
                self.spans.add((mission.pk, expedition.pk))
                self.new_spans.append(
                    Mission.expeditions.through(mission=mission, expedition=expedition)
                )
                changed = True
        return changed

    def save(self) -> None:
        MissionCrew.objects.bulk_create(self.new_mission_crew)
        ExpeditionCrew.objects.bulk_create(self.new_expedition_crew)
        Mission.expeditions.through.objects.bulk_create(self.new_spans)
        missions = {mission.pk: mission for mission in self.missions.values()}
        for pk, fields in self.completed_missions.items():
            missions[pk].save(update_fields=sorted(fields))
        self.batch.count("mission crew places added", len(self.new_mission_crew))
        self.batch.count("expedition crew places added", len(self.new_expedition_crew))
        self.batch.count("mission-expedition links added", len(self.new_spans))
        self.batch.count("missions completed", len(self.completed_missions))
