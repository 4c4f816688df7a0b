"""
Re-running an importer keeps what people changed since the import (issue 12): for every
importer, every kind of field, counted in the result and the report; `--overwrite-edits`
puts the archive's values back.
"""

import datetime
import io
import json

import pytest
from django.core.management import CommandError, call_command, load_command_class
from django.test import TestCase

from gallery.gap import import_gap
from gallery.models import Photo
from missions.importers.astronauts import import_astronauts
from missions.importers.expeditions import import_expeditions
from missions.models import Astronaut, Expedition
from tests.factories import (
    ImportFiles,
    make_agency,
    make_astronaut,
    make_expedition,
    make_photo,
    utc,
)
from tests.gallery.test_gap_import import COLUMNS, FULL_ROW, gap_file, gap_row
from tests.missions.test_astronaut_import import (
    DATABASE_HEADER,
    FACT_BOOK_HEADER,
    csv_file,
    database_row,
    fact_book_row,
)

CAPTIONED_ROW = gap_row(
    **{**dict(zip(COLUMNS, FULL_ROW.split("\t"), strict=True)), "caption": "<b>Gulf</b> Rivers"}
)


def run_command(name: str, *args) -> tuple[str, int]:
    out = io.StringIO()
    try:
        call_command(name, *args, stdout=out, stderr=io.StringIO())
    except CommandError as exc:
        return out.getvalue() + str(exc), exc.returncode
    return out.getvalue(), 0


class GapEditsTests(ImportFiles, TestCase):
    def setUp(self):
        super().setUp()
        self.path = self.import_file(gap_file(CAPTIONED_ROW), "export.tsv")
        import_gap(self.path)
        self.photo = Photo.objects.get()

    def edit(self, **values):
        for name, value in values.items():
            setattr(self.photo, name, value)
        self.photo.save()

    def test_the_captioned_row_is_what_these_tests_think(self):
        assert (self.photo.title, self.photo.caption_en) == ("Gulf", "Rivers")

    def test_a_rerun_keeps_every_kind_of_field_a_curator_changed_and_counts_them(self):
        edits = {
            "caption_en": "The Leichhardt and Albert rivers.",
            "title": "",  # emptied on purpose
            "place": "Australia, Queensland",
            "latitude": -17.5,
            "cloud_cover": 0,
            "taken_at": utc(2009, 10, 12, 6, 40),
            "expedition": make_expedition(22),
        }
        self.edit(**edits)

        result = import_gap(self.path)

        self.photo.refresh_from_db()
        for name, value in edits.items():
            assert getattr(self.photo, name) == value, name
        assert self.photo.taken_at_precision == Photo.TimePrecision.SECOND
        assert (result.unchanged, result.updated, result.edits_kept) == (1, 0, 7)
        assert set(result.edits) == {*edits.keys() - {"expedition"}, "expedition_id"}

    def test_fields_left_as_imported_follow_the_archive(self):
        self.edit(place="Australia, Queensland")
        changed = CAPTIONED_ROW.replace("\t10\t", "\t25\t").replace("AUSTRALIA-Q", "AUSTRALIA")

        result = import_gap(self.import_file(gap_file(changed), "corrected.tsv"))

        self.photo.refresh_from_db()
        assert (self.photo.cloud_cover, self.photo.place) == (25, "Australia, Queensland")
        assert (result.updated, dict(result.changed_fields)) == (1, {"cloud_cover": 1})
        assert dict(result.edits) == {"place": 1}

    def test_overwrite_edits_puts_the_archive_back_and_later_runs_follow_it_again(self):
        self.edit(place="Queensland", caption_en="Mine.", sun_azimuth=12.5)

        overwritten = import_gap(self.path, overwrite_edits=True)
        again = import_gap(self.path)

        self.photo.refresh_from_db()
        assert (self.photo.place, self.photo.caption_en, self.photo.sun_azimuth) == (
            "AUSTRALIA-Q",
            "Rivers",
            271,
        )
        assert (overwritten.updated, overwritten.edits_overwritten, overwritten.edits_kept) == (
            1,
            3,
            0,
        )
        assert (again.unchanged, again.edits.total()) == (1, 0)

    def test_an_edit_the_archive_comes_to_agree_with_is_followed_again(self):
        self.edit(place="AUSTRALIA")
        agreeing = self.import_file(gap_file(CAPTIONED_ROW.replace("-Q", "")), "agreeing.tsv")
        moved_on = self.import_file(gap_file(CAPTIONED_ROW.replace("-Q", "-NT")), "later.tsv")

        first = import_gap(agreeing)
        second = import_gap(moved_on)

        self.photo.refresh_from_db()
        assert (first.unchanged, first.edits.total()) == (1, 0)
        assert self.photo.imported_values["place"] == "AUSTRALIA-NT"
        assert (second.updated, self.photo.place) == (1, "AUSTRALIA-NT")

    def test_a_record_a_person_created_gets_only_its_empty_fields_filled(self):
        Photo.objects.all().delete()
        photo = make_photo(
            nasa_id="ISS021-E-6000", place="Gulf of Carpentaria", taken_at=utc(2009, 10, 11, 23)
        )

        result = import_gap(self.path)

        photo.refresh_from_db()
        assert (photo.place, photo.taken_at) == ("Gulf of Carpentaria", utc(2009, 10, 11, 23))
        assert photo.taken_at_precision == Photo.TimePrecision.SECOND
        assert (photo.latitude, photo.caption_en, photo.expedition.number) == (-17.6, "Rivers", 21)
        assert dict(result.edits) == {"place": 1, "taken_at": 1}
        assert result.updated == 1

    def test_what_was_imported_is_remembered_as_json(self):
        memory = self.photo.imported_values

        assert memory["taken_at"] == "2009-10-12T06:38:13+00:00"
        assert (memory["latitude"], memory["cloud_cover"], memory["place"]) == (
            -17.6,
            10,
            "AUSTRALIA-Q",
        )
        assert memory["expedition_id"] == self.photo.expedition_id
        assert "credit" not in memory and "status" not in memory
        assert json.loads(json.dumps(memory)) == memory

    def test_a_dry_run_counts_the_edits_it_would_keep(self):
        self.edit(place="Queensland")

        result = import_gap(self.path, dry_run=True, overwrite_edits=True)

        self.photo.refresh_from_db()
        assert (result.edits_overwritten, self.photo.place) == (1, "Queensland")

    def test_the_command_reports_edits_kept_and_takes_overwrite_edits(self):
        self.edit(place="Queensland", caption_en="Mine.")

        kept, kept_status = run_command("import_gap", self.path)
        overwritten, status = run_command("import_gap", self.path, "--overwrite-edits")

        assert kept_status == status == 0
        assert "Edits kept: 2 fields changed in the catalogue since they were imported" in kept
        assert "caption_en (1)" in kept and "--overwrite-edits puts the file's values back" in kept
        assert "Edits overwritten (--overwrite-edits): 2 fields" in overwritten
        self.photo.refresh_from_db()
        assert self.photo.place == "AUSTRALIA-Q"

    def test_a_rerun_with_nothing_edited_says_nothing_about_edits(self):
        output, _status = run_command("import_gap", self.path)

        assert "Edits" not in output

    def test_remembering_costs_no_query_per_row(self):
        rows = [gap_row(n, geon="A") for n in range(100, 300)]
        import_gap(self.import_file(gap_file(*rows), "many.tsv"))
        Photo.objects.filter(nasa_id__in=["ISS021-E-100", "ISS021-E-101"]).update(place="B")
        Photo.objects.filter(nasa_id="ISS021-E-102").update(place="C")
        changed = [row.replace("\tA\t", "\tC\t") for row in rows]

        with self.assertNumQueries(6):
            # savepoint, photos of the batch, expeditions, the places updated, the place a
            # curator already wrote (only remembered), release
            result = import_gap(self.import_file(gap_file(*changed), "changed.tsv"))

        assert (result.updated, result.unchanged, result.edits_kept) == (197, 3, 2)
        assert Photo.objects.get(nasa_id="ISS021-E-102").imported_values["place"] == "C"


class AstronautEditsTests(ImportFiles, TestCase):
    ROWS = [
        database_row("Gagarin, Yuri", "ГАГАРИН Юрий Алексеевич", "U.S.S.R/Russia", "TsPK-1",
                     "pilot", 1961, "Vostok 1", "Vostok 1"),
        database_row("Duque, Pedro", "Duque, Pedro Francisco", "Spain", "1992 ESA Group",
                     "flight engineer", 2003, "Soyuz TMA-3/2", "Soyuz TMA-3", "Soyuz TMA-2"),
    ]  # fmt: skip

    def setUp(self):
        super().setUp()
        self.path = self.import_file(csv_file(DATABASE_HEADER, self.ROWS), "astronauts.csv")
        import_astronauts(self.path)

    def test_a_rerun_keeps_a_curators_nationality_agency_and_original_name(self):
        nasa = make_agency("NASA")
        Astronaut.objects.filter(name="Pedro Duque").update(nationality="FR", agency=nasa)
        Astronaut.objects.filter(name="Yuri Gagarin").update(original_name="Юрий Гагарин")

        result = import_astronauts(self.path)

        duque = Astronaut.objects.get(name="Pedro Duque")
        assert (duque.nationality, duque.agency) == ("FR", nasa)
        assert Astronaut.objects.get(name="Yuri Gagarin").original_name == "Юрий Гагарин"
        assert dict(result.edits) == {"nationality": 1, "agency_id": 1, "original_name": 1}
        assert (result.unchanged, Astronaut.objects.count()) == (2, 2)

    def test_overwrite_edits_puts_the_archive_back(self):
        Astronaut.objects.filter(name="Pedro Duque").update(nationality="FR")

        result = import_astronauts(self.path, overwrite_edits=True)

        assert Astronaut.objects.get(name="Pedro Duque").nationality == "ES"
        assert (result.updated, result.edits_overwritten) == (1, 1)

    def test_a_renamed_astronaut_is_not_imported_again_as_a_new_one(self):
        Astronaut.objects.filter(name="Yuri Gagarin").update(name="Iouri Gagarine")
        Astronaut.objects.filter(name="Pedro Duque").update(name="Pedro F. Duque-Marin")

        result = import_astronauts(self.path)

        assert Astronaut.objects.count() == 2
        assert (result.created, result.unchanged) == (0, 2)
        assert set(Astronaut.objects.values_list("name", flat=True)) == {
            "Iouri Gagarine",
            "Pedro F. Duque-Marin",
        }

    def test_the_fact_book_fills_what_a_person_left_empty_and_keeps_the_rest(self):
        make_astronaut("Joseph M. Acaba", status=Astronaut.Status.RETIRED)
        rows = [fact_book_row("Joseph M. Acaba", "19", "Active", "5/17/1967", "")]

        result = import_astronauts(self.import_file(csv_file(FACT_BOOK_HEADER, rows), "b.csv"))

        acaba = Astronaut.objects.get(name="Joseph M. Acaba")
        assert (acaba.status, acaba.birth_date) == ("retired", datetime.date(1967, 5, 17))
        assert (acaba.agency.abbreviation, dict(result.edits)) == ("NASA", {"status": 1})


class ExpeditionEditsTests(ImportFiles, TestCase):
    LIST = [
        {"number": 4, "start": "2001-12-05", "end": "2002-06-19"},
        {"number": 5, "start": "2002-06-05", "end": "2002-12-07"},
    ]

    def import_list(self, value, name="expeditions.json", **options):
        return import_expeditions(self.import_file(json.dumps(value), name), **options)

    def test_a_rerun_and_another_list_keep_the_dates_a_curator_corrected(self):
        self.import_list(self.LIST)
        Expedition.objects.filter(number=4).update(start=datetime.date(2001, 12, 7))
        other = [dict(self.LIST[0], start="2001-12-06", end="2002-06-20")]

        again = self.import_list(self.LIST, "again.json")
        second = self.import_list(other, "other.json")

        four = Expedition.objects.get(number=4)
        assert (four.start, four.end) == (datetime.date(2001, 12, 7), datetime.date(2002, 6, 20))
        assert (again.unchanged, dict(again.edits)) == (2, {"start": 1})
        assert (second.updated, dict(second.edits), dict(second.changed_fields)) == (
            1,
            {"start": 1},
            {"end": 1},
        )

    def test_a_date_kept_is_the_one_checked_against_the_other(self):
        self.import_list(self.LIST)
        Expedition.objects.filter(number=5).update(end=datetime.date(2002, 7, 1))

        result = self.import_list([dict(self.LIST[1], start="2002-08-01")], "late.json")

        assert result.rejected == 1
        assert "it would end (2002-07-01) before it starts (2002-08-01)" in (
            result.rejections[0].reason
        )

    def test_an_expedition_a_person_created_keeps_its_dates_and_gets_the_missing_one(self):
        make_expedition(4, start=datetime.date(2001, 12, 6))

        result = self.import_list(self.LIST)

        four = Expedition.objects.get(number=4)
        assert (four.start, four.end) == (datetime.date(2001, 12, 6), datetime.date(2002, 6, 19))
        assert (result.updated, result.created, dict(result.edits)) == (1, 1, {"start": 1})

    def test_overwrite_edits_puts_the_list_back(self):
        self.import_list(self.LIST)
        Expedition.objects.filter(number=4).update(start=datetime.date(2001, 12, 7))

        result = self.import_list(self.LIST, "again.json", overwrite_edits=True)

        assert Expedition.objects.get(number=4).start == datetime.date(2001, 12, 5)
        assert (result.updated, result.edits_overwritten) == (1, 1)


@pytest.mark.parametrize("name", ["import_gap", "import_astronauts", "import_expeditions"])
def test_every_import_command_takes_overwrite_edits(name):
    command = load_command_class("gallery" if name == "import_gap" else "missions", name)

    options = command.create_parser("manage.py", name).parse_args(["f", "--overwrite-edits"])

    assert options.overwrite_edits is True
