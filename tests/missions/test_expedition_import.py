import datetime
import json

import pytest
from django.test import TestCase

from astrophoto.importing.sources import SourceError
from missions.importers.expeditions import import_expeditions
from missions.models import Astronaut, Expedition, ExpeditionCrew, Mission
from tests.factories import ImportFiles, make_astronaut, make_expedition, shared_data

ISO_LIST = [
    {
        "number": 1,
        "name": "Expedition 1",
        "start_date": "2000-10-31",
        "end_date": "2001-03-21",
        "crew": ["William Shepherd", "Yuri Gidzenko", "Sergei Krikalev"],
    },
    {
        "number": 4,
        "name": "Expedition 4",
        "start_date": "2001-12-05",
        "end_date": "2002-06-19",
        "crew": ["Yuri Onufrienko", "Carl Walz", "Dan Bursch"],
    },
]
WORDS_LIST = [
    {
        "number_expedition": 4,
        "name_expedition": "Expedition 4",
        "ship_starting": ["Endeavour (STS-108)"],
        "ship_return": ["Endeavour(STS-111)"],
        "date_start": ["5 December 2001"],
        "date_end": ["19 June 2002"],
        "astronauts": [
            "Iouri Onoufrienko (Roscosmos)",
            "Daniel Wheeler Bursch (NASA)",
            "Carl Erwin Walz (NASA)",
        ],
    },
    {
        "number_expedition": 14,
        "ship_starting": ["Soyouz (TMA-9)", "Discovery (STS-116)"],
        "ship_return": ["Soyouz (TMA-9)", ""],
        "date_start": ["18 September 2006", "10 December 2006"],
        "date_end": ["10 December 2006", "21 avril 2007"],
        "astronauts": ["Michael Lopez-Alegria (NASA)"],
    },
    {
        "number_expedition": 68,
        "ship_starting": ["SpaceX (Crew-5)", "Soyouz (MS-22)"],
        "date_start": ["29 September 2022"],
        "date_end": ["Mars 2023"],
        "astronauts": [],
    },
]


class ExpeditionImportTests(ImportFiles, TestCase):
    @classmethod
    def setUpTestData(cls):
        for name in [
            "William M. Shepherd",
            "Yuri Gidzenko",
            "Yuri Onufrienko",
            "Carl E. Walz",
            "Daniel W. Bursch",
            "Michael E. Lopez-Alegria",
        ]:
            make_astronaut(name)

    def import_json(self, value, name="expeditions.json"):
        return import_expeditions(self.import_file(json.dumps(value, indent=2), name))

    def test_expeditions_are_created_with_dates_and_matched_crew(self):
        result = self.import_json(ISO_LIST)

        assert (result.rows, result.created) == (2, 2)
        first = Expedition.objects.get(number=1)
        assert (first.start, first.end) == (datetime.date(2000, 10, 31), datetime.date(2001, 3, 21))
        assert sorted(first.crew.values_list("name", flat=True)) == [
            "William M. Shepherd",
            "Yuri Gidzenko",
        ]
        assert ExpeditionCrew.objects.filter(role=ExpeditionCrew.Role.CREW_MEMBER).count() == 5

    def test_unmatched_crew_names_are_reported_never_invented(self):
        astronauts = Astronaut.objects.count()

        result = self.import_json(ISO_LIST)

        assert Astronaut.objects.count() == astronauts
        assert result.records["crew names not matched"] == 1
        assert (
            "Expedition 1: crew name 'Sergei Krikalev' not matched: no astronaut by that name"
            in [note.message for note in result.notes]
        )
        assert "crew name 'Dan Bursch' taken as Daniel W. Bursch (family name and initial)" in (
            " ".join(note.message for note in result.notes)
        )

    def test_lists_of_dates_words_french_months_and_ships_are_read(self):
        result = self.import_json(WORDS_LIST)

        assert (result.rows, result.created, result.rejected) == (3, 3, 0)
        fourteen = Expedition.objects.get(number=14)
        assert (fourteen.start, fourteen.end) == (
            datetime.date(2006, 9, 18),
            datetime.date(2007, 4, 21),
        )
        assert sorted(fourteen.missions.values_list("name", flat=True)) == [
            "STS-116",
            "Soyuz TMA-9",
        ]
        assert Mission.objects.get(name="Soyuz TMA-9").launch_spacecraft.family == "Soyuz"
        sts = Mission.objects.get(name="STS-111")
        assert sts.launch_spacecraft.name == "Space Shuttle Endeavour"
        assert sorted(Mission.objects.get(name="SpaceX Crew-5").expeditions.values_list(
            "number", flat=True
        )) == [68]  # fmt: skip
        four = Expedition.objects.get(number=4)
        assert four.crew.count() == 3

    def test_a_month_without_a_day_is_noted_and_not_used(self):
        result = self.import_json(WORDS_LIST)

        assert Expedition.objects.get(number=68).end is None
        assert "Expedition 68: end 'Mars 2023' gives a month but no day; not used" in [
            note.message for note in result.notes
        ]
        assert [note.line for note in result.notes if "Mars" in note.message] == [45]

    def test_a_second_list_that_disagrees_updates_and_says_what_changed(self):
        self.import_json(ISO_LIST, "first.json")
        other = [dict(ISO_LIST[1], start_date="2001-12-07")]

        result = self.import_json(other, "second.json")

        assert (result.updated, dict(result.changed_fields)) == (1, {"start": 1})
        assert Expedition.objects.count() == 2
        assert Expedition.objects.get(number=4).start == datetime.date(2001, 12, 7)
        assert "Expedition 4: start 2001-12-05 -> 2001-12-07" in [n.message for n in result.notes]

    def test_running_the_import_again_changes_nothing(self):
        self.import_json(WORDS_LIST, "first.json")

        result = self.import_json(WORDS_LIST, "again.json")

        assert (result.unchanged, result.updated, result.created) == (3, 0, 0)

    def test_an_expedition_ending_before_it_starts_is_rejected(self):
        make_expedition(5, start=datetime.date(2002, 6, 5))
        rows = [
            {"number": 2, "start": "2001-03-08", "end": "2001-01-01"},
            {"number": 5, "end": "2002-01-01"},
            {"number": "Expedition 6", "start": "23 November 2002"},
        ]

        result = self.import_json(rows)

        assert (result.rejected, result.created) == (2, 1)
        assert [(r.line, r.reason) for r in result.rejections] == [
            (2, "it ends (2001-01-01) before it starts (2001-03-08)"),
            (
                7,
                "it would end (2002-01-01) before it starts (2002-06-05), with the dates "
                "already in the catalogue",
            ),
        ]
        assert not Expedition.objects.filter(number=2).exists()
        assert Expedition.objects.get(number=5).end is None

    def test_elements_without_a_number_or_not_objects_are_rejected(self):
        result = import_expeditions(
            self.import_file('[{"start": "2000-10-31"},\n"Expedition 9",\n{"number": "x"}]')
        )

        assert [(r.line, r.reason) for r in result.rejections] == [
            (1, "the expedition number is missing or not a number (none)"),
            (2, "is a JSON str, not an object"),
            (3, "the expedition number is missing or not a number ('x')"),
        ]

    def test_a_csv_list_is_read_with_names_separated_by_semicolons(self):
        content = (
            "number,start,end,crew,spacecraft\n"
            '1,31 October 2000,21 March 2001,"William Shepherd (NASA); Yuri Gidzenko",'
            "Soyuz TM-31; Discovery (STS-102)\n"
            "2,2001-03-08,,,\n"
        )

        result = import_expeditions(self.import_file(content, "expeditions.csv"))

        assert (result.created, result.description) == (2, "an ISS expedition list (CSV)")
        assert Expedition.objects.get(number=1).crew.count() == 2
        assert Expedition.objects.get(number=2).end is None
        assert sorted(Mission.objects.values_list("name", flat=True)) == ["STS-102", "Soyuz TM-31"]

    def test_malformed_json_changes_nothing(self):
        content = json.dumps(ISO_LIST)[:-30]

        with pytest.raises(SourceError, match=r"not valid JSON|expected"):
            import_expeditions(self.import_file(content, "broken.json"))
        assert not Expedition.objects.exists()

    def test_a_json_object_or_another_table_is_refused(self):
        with pytest.raises(SourceError, match="an array of expeditions"):
            import_expeditions(self.import_file('{"expeditions": []}', "object.json"))
        with pytest.raises(SourceError, match="neither a JSON array nor a CSV table"):
            import_expeditions(self.import_file("name,year\nx,1\n", "other.csv"))


class OneLineJsonTests(ImportFiles, TestCase):
    """Rows are told apart by their place in the file, not by their line (issue 12)."""

    def test_a_list_on_one_line_imports_whatever_the_batch_size(self):
        path = self.import_file(json.dumps(ISO_LIST + WORDS_LIST[1:]), "one-line.json")

        for batch_size in (1, 2, 200):
            with self.subTest(batch_size=batch_size):
                result = import_expeditions(path, batch_size=batch_size)

                assert (result.rows, result.rejected) == (4, 0)
                assert result.created + result.unchanged == 4
        assert Expedition.objects.count() == 4

    def test_rows_rejected_and_repeated_on_one_line_are_each_counted_once(self):
        elements = [
            {"number": 1, "start": "2000-10-31"},
            "Expedition 2",
            {"number": 1, "end": "2001-03-21"},
            {"number": 3, "start": "2001-08-10", "end": "2001-01-01"},
            {"number": "x"},
        ]

        result = import_expeditions(self.import_file(json.dumps(elements), "one-line.json"))

        assert (result.rows, result.created, result.updated, result.rejected) == (5, 1, 1, 3)
        assert [rejection.line for rejection in result.rejections] == [1, 1, 1]
        one = Expedition.objects.get()
        assert (one.start, one.end) == (datetime.date(2000, 10, 31), datetime.date(2001, 3, 21))


class ExpeditionLimitTests(ImportFiles, TestCase):
    def test_a_flight_name_too_long_for_the_catalogue_rejects_its_row(self):
        elements = [
            {"number": 1, "spacecraft": ["Soyuz TM-31", "Y" * 200]},
            {"number": 2, "spacecraft": ["Soyuz TM-32"]},
        ]

        result = import_expeditions(self.import_file(json.dumps(elements), "ships.json"))

        assert (result.created, result.rejected) == (1, 1)
        assert result.rejections[0].key == "Expedition 1"
        assert "is 200 characters long; at most 120 fit" in result.rejections[0].reason
        assert list(Mission.objects.values_list("name", flat=True)) == ["Soyuz TM-32"]


class RealExpeditionListsTests(TestCase):
    def test_both_lists_import_and_their_disagreements_are_updates_not_duplicates(self):
        first = import_expeditions(shared_data("expeditions/iss_expeditions_1-72_KassaSana.json"))
        second = import_expeditions(shared_data("expeditions/iss_expeditions_1-68_zlimteck.json"))

        assert (first.rows, first.created, first.rejected) == (72, 72, 0)
        assert (second.rows, second.created, second.rejected) == (68, 0, 0)
        assert second.updated > 20
        assert second.changed_fields["start"] >= 20
        assert Expedition.objects.count() == 72
        assert Astronaut.objects.count() == 0
        again = import_expeditions(shared_data("expeditions/iss_expeditions_1-68_zlimteck.json"))
        assert again.unchanged == 68

    def test_crews_join_the_astronauts_the_database_names(self):
        from missions.importers.astronauts import import_astronauts

        import_astronauts(shared_data("astronauts/tidytuesday_2020-07-14_astronauts.csv"))
        astronauts = Astronaut.objects.count()

        result = import_expeditions(shared_data("expeditions/iss_expeditions_1-72_KassaSana.json"))

        assert Astronaut.objects.count() == astronauts
        one = Expedition.objects.get(number=1)
        assert sorted(one.crew.values_list("name", flat=True)) == [
            "Sergei Krikalev",
            "William M. Shepherd",
            "Yuri Gidzenko",
        ]
        assert result.records["crew names not matched"] < 80
