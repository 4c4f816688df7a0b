import datetime
import io

import pytest
from django.core.management import call_command
from django.test import TestCase

from astrophoto.importing.sources import SourceError
from missions.importers.astronauts import import_astronauts
from missions.models import Agency, Astronaut, Expedition, Mission, MissionCrew, Spacecraft
from tests.factories import ImportFiles, accounted_for, make_astronaut, shared_data

DATABASE_HEADER = (
    "id,number,nationwide_number,name,original_name,sex,year_of_birth,nationality,"
    "military_civilian,selection,year_of_selection,mission_number,total_number_of_missions,"
    "occupation,year_of_mission,mission_title,ascend_shuttle,in_orbit,descend_shuttle,"
    "hours_mission,total_hrs_sum,field21,eva_hrs_mission,total_eva_hrs"
)


def database_row(
    name,
    original,
    nationality,
    selection,
    occupation,
    year,
    title,
    ascent,
    descent=None,
):
    cells = [
        "1", "1", "1", name, original, "male", "1950", nationality, "military", selection,
        "1960", "1", "1", occupation, str(year), title, ascent, ascent, descent or ascent,
        "1", "1", "0", "0", "0",
    ]  # fmt: skip
    return ",".join(f'"{cell}"' if ("," in cell or "\n" in cell) else cell for cell in cells)


DATABASE_ROWS = [
    database_row("Gagarin, Yuri", "ГАГАРИН Юрий Алексеевич", "U.S.S.R/Russia", "TsPK-1", "pilot",
                 1961, "Vostok 1", "Vostok 1"),
    database_row("Glenn, John H., Jr.", "Glenn, John H., Jr.", "U.S.", "NASA Astronaut Group 1",
                 "pilot", 1962, "MA-6", "MA-6"),
    database_row("Glenn, John H., Jr.", "Glenn, John H., Jr.", "U.S.", "NASA Astronaut Group 2",
                 "PSP", 1998, "STS-95", "STS-95"),
    database_row("Aleksandrov, Aleksandr", "Александр Павлович Александров", "U.S.S.R/Russia",
                 "NPOE-7", "flight engineer", 1983, "Salyut 7", "Soyuz T-9"),
    database_row("Aleksandrov, Aleksandr", "Александър Панайотов Александров", "Bulgaria",
                 "1978 Intercosmos Group", "MSP", 1988, "2", "Soyuz TM-5", "Soyuz TM-4"),
    database_row("Kaleri, Aleksandr", "Александр Юрьевич Калери", "U.S.S.R/Russia", "NPOE-10",
                 "flight engineer", 2003, "8", "Soyuz TMA\u00ad3", "Soyuz TMA\u00ad3"),
    database_row("Duque, Pedro", "Duque, Pedro Francisco", "Spain", "1992 ESA Group",
                 "flight engineer", 2003, "Soyuz TMA-3/2", "Soyuz TMA-3", "Soyuz TMA-2"),
    database_row("Fullerton, Charles G.", "Fullerton, Charles G.", "U.S.",
                 "USAF MOL Group 2 \r\n NASA- 7", "Pilot", 1982, "STS-3", "STS-3"),
    database_row("Vladimir Remek", "NA", "Czechoslovakia", "1976 Intercosmos Group", "MSP",
                 1978, "Soyuz 28", "Soyuz 28"),
    database_row("Scobee, Francis R.", "Scobee, Francis R.", "U.S.", "NASA- 8", "commander",
                 1986, "STS-51-L", "STS 51-L", "explosion"),
    database_row("Yang, Liwei", "杨利伟", "China", "China-1", "commander", 2003, "Shenzhou 5",
                 "Shenzhou 5"),
]  # fmt: skip

FACT_BOOK_HEADER = (
    "Name,Year,Group,Status,Birth Date,Birth Place,Gender,Alma Mater,Undergraduate Major,"
    "Graduate Major,Military Rank,Military Branch,Space Flights,Space Flight (hr),Space Walks,"
    "Space Walks (hr),Missions,Death Date,Death Mission"
)


def fact_book_row(name, group, status, birth, missions):
    cells = [name, "1959", group, status, birth, "Somewhere, OH", "Male", "", "", "", "", "",
             "1", "1", "0", "0", missions, "", ""]  # fmt: skip
    return ",".join(f'"{cell}"' if "," in cell else cell for cell in cells)


def csv_file(header: str, rows: list[str]) -> str:
    return "\r\n".join([header, *rows]) + "\r\n"


class AstronautDatabaseImportTests(ImportFiles, TestCase):
    def setUp(self):
        super().setUp()
        self.path = self.import_file(csv_file(DATABASE_HEADER, DATABASE_ROWS), "astronauts.csv")
        self.result = import_astronauts(self.path)

    def test_one_astronaut_per_person_matched_on_name_and_original_name(self):
        assert (self.result.rows, self.result.rejected) == (11, 0)
        assert accounted_for(self.result)
        assert Astronaut.objects.count() == 10
        aleksandrovs = Astronaut.objects.filter(name="Aleksandr Aleksandrov")
        assert sorted(aleksandrovs.values_list("nationality", flat=True)) == ["BG", "RU"]
        assert len({a.slug for a in aleksandrovs}) == 2

    def test_names_are_written_as_people_write_them(self):
        names = dict(Astronaut.objects.values_list("name", "original_name"))

        assert names["Yuri Gagarin"] == "ГАГАРИН Юрий Алексеевич"
        assert names["John H. Glenn Jr."] == ""
        assert names["Yang Liwei"] == "杨利伟"
        assert names["Vladimir Remek"] == ""
        assert names["Pedro Duque"] == "Pedro Francisco Duque"

    def test_nationalities_and_agencies_are_mapped(self):
        found = {
            a.name: (a.nationality, a.agency.abbreviation if a.agency else None)
            for a in Astronaut.objects.select_related("agency")
        }

        assert found["Yuri Gagarin"] == ("RU", "Roscosmos")
        assert found["Pedro Duque"] == ("ES", "ESA")
        assert found["Yang Liwei"] == ("CN", "CMSA")
        assert found["Vladimir Remek"] == ("CZ", None)
        assert found["Charles G. Fullerton"] == ("US", "NASA")
        assert Agency.objects.get(abbreviation="ESA").name == "European Space Agency"

    def test_each_row_puts_the_astronaut_in_the_crew_of_its_flight(self):
        glenn = Astronaut.objects.get(name="John H. Glenn Jr.")

        roles = dict(glenn.mission_memberships.values_list("mission__name", "role"))

        assert roles == {
            "Mercury-Atlas 6": MissionCrew.Role.PILOT,
            "STS-95": MissionCrew.Role.PAYLOAD_SPECIALIST,
        }
        fullerton = Astronaut.objects.get(name="Charles G. Fullerton")
        assert fullerton.mission_memberships.get().role == MissionCrew.Role.PILOT

    def test_soyuz_flights_name_the_mission_and_its_spacecraft(self):
        mission = Mission.objects.get(name="Soyuz TMA-3")

        assert sorted(mission.crew.values_list("name", flat=True)) == [
            "Aleksandr Kaleri",
            "Pedro Duque",
        ]
        assert mission.launch_spacecraft == mission.return_spacecraft
        spacecraft = mission.launch_spacecraft
        assert (spacecraft.name, spacecraft.family, spacecraft.serial) == (
            "Soyuz TMA-3",
            "Soyuz",
            "TMA-3",
        )
        assert Mission.objects.get(name="Soyuz T-9").crew.get().nationality == "RU"

    def test_a_bare_number_after_2000_is_an_iss_expedition(self):
        expedition = Expedition.objects.get()

        assert expedition.number == 8
        assert list(expedition.crew.values_list("name", flat=True)) == ["Aleksandr Kaleri"]
        assert list(expedition.missions.values_list("name", flat=True)) == ["Soyuz TMA-3"]
        assert self.result.records["Mir expedition numbers (before 2000) not linked"] == 1

    def test_shuttle_flights_have_no_spacecraft_until_a_source_names_the_orbiter(self):
        mission = Mission.objects.get(name="STS-51-L")

        assert mission.launch_spacecraft is None and mission.return_spacecraft is None
        assert not Spacecraft.objects.filter(name__startswith="STS").exists()

    def test_running_the_import_again_changes_nothing(self):
        counts = [model.objects.count() for model in (Astronaut, Mission, Spacecraft, MissionCrew)]

        result = import_astronauts(self.path)

        assert (result.unchanged, result.created, result.updated) == (11, 0, 0)
        assert [m.objects.count() for m in (Astronaut, Mission, Spacecraft, MissionCrew)] == counts

    def test_nasa_fact_book_completes_the_same_people(self):
        rows = [
            fact_book_row("John H. Glenn Jr. ", "1", "Deceased", "7/18/1921",
                          "Mercury 6, STS-95 (Discovery)"),
            fact_book_row("C. Gordon Fullerton", "7", "Retired", "10/11/1936",
                          "STS-3 (Columbia), STS 51-F (Challenger)"),
            fact_book_row("Joseph M. Acaba", "19", "Active", "5/17/1967",
                          "STS-119 (Discovery), ISS-31/32 (Soyuz)"),
        ]  # fmt: skip

        result = import_astronauts(self.import_file(csv_file(FACT_BOOK_HEADER, rows), "nasa.csv"))

        assert (result.updated, result.created) == (2, 1)
        glenn = Astronaut.objects.get(name="John H. Glenn Jr.")
        assert (glenn.birth_date, glenn.status) == (datetime.date(1921, 7, 18), "deceased")
        assert glenn.missions.count() == 2
        assert (
            Mission.objects.get(name="STS-95").launch_spacecraft.name == "Space Shuttle Discovery"
        )
        fullerton = Astronaut.objects.get(name="Charles G. Fullerton")
        assert sorted(fullerton.missions.values_list("name", flat=True)) == ["STS-3", "STS-51-F"]
        acaba = Astronaut.objects.get(name="Joseph M. Acaba")
        assert sorted(acaba.expeditions.values_list("number", flat=True)) == [31, 32]
        assert acaba.agency.abbreviation == "NASA"
        assert any("C. Gordon Fullerton matched Charles G. Fullerton" in n.message
                   for n in result.notes)  # fmt: skip


class DisagreeingRowsTests(ImportFiles, TestCase):
    def test_the_first_row_about_a_person_wins_so_re_runs_change_nothing(self):
        rows = [
            database_row("Nicollier, Claude", "Nicollier, Claude", "Switzerland",
                         "1978 ESA Group", "MSP", 1992, "STS-46", "STS-46"),
            database_row("Nicollier, Claude", "Nicollier, Claude", "Switzerland",
                         "NASA- 13", "MSP", 1993, "STS-61", "STS-61"),
        ]  # fmt: skip
        path = self.import_file(csv_file(DATABASE_HEADER, rows))

        for batch_size in (1, 500):
            with self.subTest(batch_size=batch_size):
                first = import_astronauts(path, batch_size=batch_size)
                again = import_astronauts(path, batch_size=batch_size)

                assert Astronaut.objects.get().agency.abbreviation == "ESA"
                assert first.rejected == again.rejected == 0
                assert again.unchanged == 2


class DatabaseLimitTests(ImportFiles, TestCase):
    def test_a_mission_name_too_long_for_the_catalogue_rejects_its_row_on_every_database(self):
        rows = [
            database_row("Gagarin, Yuri", "", "U.S.S.R/Russia", "TsPK-1", "pilot", 1961,
                         "Vostok 1", "Vostok 1"),
            database_row("Titov, Gherman", "", "U.S.S.R/Russia", "TsPK-1", "pilot", 1961,
                         "M" * 121, "M" * 121),
            database_row("Glenn, John H., Jr.", "", "U.S.", "NASA Astronaut Group 1", "pilot",
                         1962, "MA-6", "MA-6"),
        ]  # fmt: skip

        result = import_astronauts(self.import_file(csv_file(DATABASE_HEADER, rows)))

        assert (result.created, result.rejected) == (2, 1)
        assert (result.rejections[0].line, result.rejections[0].key) == (3, "Gherman Titov")
        assert result.rejections[0].reason.endswith("is 121 characters long; at most 120 fit")
        assert not Astronaut.objects.filter(name="Gherman Titov").exists()
        assert Mission.objects.count() == 2


class FactBookImportTests(ImportFiles, TestCase):
    def import_rows(self, *rows):
        return import_astronauts(self.import_file(csv_file(FACT_BOOK_HEADER, list(rows))))

    def test_mission_lists_name_flights_orbiters_and_stays(self):
        self.import_rows(
            fact_book_row("Sunita L. Williams", "17", "Active", "9/19/1965",
                          "STS-116/117 (Discovery/Atlantis), ISS-32/33 (Soyuz)"),
            fact_book_row("Shannon W. Lucid", "8", "Retired", "1/14/1943",
                          "STS 51-G (Discovery), STS-76/79 (Atlantis)"),
            fact_book_row("William M. Shepherd", "10", "Retired", "7/26/1949",
                          "ISS-01/STS-102 (Soyuz/Discovery)"),
        )  # fmt: skip

        spacecraft = dict(Mission.objects.values_list("name", "launch_spacecraft__name"))
        assert spacecraft == {
            "STS-116": "Space Shuttle Discovery",
            "STS-117": "Space Shuttle Atlantis",
            "STS-51-G": "Space Shuttle Discovery",
            "STS-76": "Space Shuttle Atlantis",
            "STS-79": "Space Shuttle Atlantis",
            "STS-102": "Space Shuttle Discovery",
        }
        assert Spacecraft.objects.get(name="Space Shuttle Atlantis").serial == "OV-104"
        williams = Astronaut.objects.get(name="Sunita L. Williams")
        assert sorted(williams.expeditions.values_list("number", flat=True)) == [32, 33]
        assert list(
            Mission.objects.get(name="STS-102").expeditions.values_list("number", flat=True)
        ) == [1]
        assert MissionCrew.objects.filter(role=MissionCrew.Role.CREW_MEMBER).count() == 6

    def test_most_rows_decide_a_disputed_spacecraft_and_the_others_are_noted(self):
        result = self.import_rows(
            fact_book_row("Ronald E. McNair", "8", "Deceased", "1/1/1950", "STS 51-L (Discovery)"),
            fact_book_row("Judith A. Resnik", "8", "Deceased", "1/1/1949", "STS 51-L (Challenger)"),
            fact_book_row("Ellison Onizuka", "8", "Deceased", "1/1/1946", "STS 51-L (Challenger)"),
        )  # fmt: skip

        mission = Mission.objects.get(name="STS-51-L")
        assert mission.launch_spacecraft.name == "Space Shuttle Challenger"
        assert [note.line for note in result.notes] == [2]
        assert "this row gives Space Shuttle Discovery" in result.notes[0].message

    def test_unreadable_birth_date_rejects_the_row_and_unknown_status_is_noted(self):
        result = self.import_rows(
            fact_book_row("Loren W. Acton", "", "Retired", "3/37/1936", "STS 51-F (Challenger)"),
            fact_book_row("Mario Runco Jr. ", "13", "Astronaut", "1/26/1952", ""),
        )

        assert (result.rejected, result.created) == (1, 1)
        assert result.rejections[0].line == 2
        assert (
            result.rejections[0].reason == "Birth Date '3/37/1936' is not a date written M/D/YYYY"
        )
        assert (
            result.notes[0].message
            == "Mario Runco Jr.: status 'Astronaut' is not one the importer knows"
        )
        assert Astronaut.objects.get().agency.abbreviation == "NASA"

    def test_a_spelling_that_may_be_someone_known_is_flagged_for_curators(self):
        make_astronaut("Nicholas J. M. Patrick")

        result = self.import_rows(
            fact_book_row("Niclolas J. M. Patrick", "17", "Retired", "3/22/1964", "")
        )

        assert result.created == 1
        assert "check whether they are Nicholas J. M. Patrick" in result.notes[0].message

    def test_a_table_of_neither_format_is_refused(self):
        with pytest.raises(SourceError, match=r"neither the astronaut database .* header starts"):
            import_astronauts(self.import_file("Nom,Prénom\nPesquet,Thomas\n"))
        assert not Astronaut.objects.exists()

    def test_the_command_reports_and_exits_0(self):
        path = self.import_file(csv_file(FACT_BOOK_HEADER, [
            fact_book_row("Joseph M. Acaba", "19", "Active", "5/17/1967", "STS-119 (Discovery)")
        ]))  # fmt: skip
        out = io.StringIO()

        call_command("import_astronauts", path, stdout=out)

        assert "the NASA astronaut fact book" in out.getvalue()
        assert "Data rows: 1 (created 1," in out.getvalue()


class RealAstronautTablesTests(TestCase):
    def test_the_astronaut_database_yields_one_astronaut_per_person(self):
        path = shared_data("astronauts/tidytuesday_2020-07-14_astronauts.csv")

        result = import_astronauts(path)

        assert (result.rows, result.rejected) == (1277, 0)
        assert accounted_for(result)
        # 564 distinct values in the `number` column, but two different people share one
        # (Pedro Duque and Yuri Baturin, both 385), and two different people share a name
        # (Aleksandr Aleksandrov of the USSR and of Bulgaria): 565 people.
        assert Astronaut.objects.count() == 565
        assert Astronaut.objects.filter(name__in=["Pedro Duque", "Yuri Baturin"]).count() == 2
        again = import_astronauts(path)
        assert again.unchanged == 1277

    def test_the_fact_book_joins_the_same_people_and_adds_the_others(self):
        import_astronauts(shared_data("astronauts/tidytuesday_2020-07-14_astronauts.csv"))

        result = import_astronauts(shared_data("astronauts/nasa_astronauts_1959-2013.csv"))

        assert (result.rows, result.rejected) == (357, 0)
        assert accounted_for(result)
        assert result.created < 40  # mostly NASA astronauts who never flew
        assert Astronaut.objects.get(name="Eileen M. Collins").missions.count() == 4
