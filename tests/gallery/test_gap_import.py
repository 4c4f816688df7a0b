import datetime
import io
import random
from unittest import mock

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import TestCase, TransactionTestCase

from astrophoto.importing.runs import ImportStopped
from astrophoto.importing.sources import MAX_RECORD_CHARS, SourceError
from gallery.gap import GAP_CREDIT, GapImporter, GapRow, import_gap
from gallery.models import Photo
from gallery.search import MAX_SEARCHABLE_TEXT
from missions.models import Expedition
from tests.factories import (
    ImportFiles,
    accounted_for,
    make_expedition,
    make_photo,
    shared_data,
    utc,
)

COLUMNS = {
    "mission": "mission",
    "roll": "roll",
    "frame": "frame",
    "date": "Photo Date",
    "time": "Photo Time GMT",
    "lat": "Center Point Lat",
    "lon": "Center Point Lon",
    "nadir_lat": "Nadir Lat",
    "nadir_lon": "Nadir Lon",
    "altitude": "Spacecraft Altitude (nautical miles)",
    "lens": "Lens mm",
    "geon": "geon",
    "feat": "feat",
    "clouds": "Clouds Percentage",
    "look_angle": "Look Angle",
    "look_direction": "Look Direction",
    "sun_azimuth": "Sun Azimuth",
    "sun_elevation": "Sun Elevation Angle",
    "camera": "camera",
    "film": "film",
    "uncataloged": "Camera (uncataloged)",
    "caption": "caption",
    "detectives": "Features from Image Detectives (not NASA)",
    "record_type": "RecordType",
}
HEADER = "\t".join(COLUMNS.values())


def gap_row(frame: int | str = 6000, **cells) -> str:
    """One GAP export line: ISS021-E-<frame> with the given cells, the others blank."""
    values = {"mission": "ISS021", "roll": "E", "frame": f"{frame:>7}", **cells}
    return "\t".join(str(values.get(name, "")) for name in COLUMNS)


def gap_file(*rows: str) -> str:
    return "\n".join([HEADER, *rows]) + "\n"


FULL_ROW = gap_row(
    date="20091012",
    time="063813",
    lat="-17.6",
    lon="139.7",
    nadir_lat="-16.7",
    nadir_lon="138.7",
    altitude="185",
    lens="120",
    geon="AUSTRALIA-Q",
    feat="LEICHHARDT R., ALBERT R., COAST, SED.",
    clouds="10",
    look_angle="24",
    look_direction="SE",
    sun_azimuth="271",
    sun_elevation="29",
    camera="Nikon D3 Electronic Still Camera",
    film="4256E: 4256 x 2832 pixel CMOS sensor",
    record_type="CatalogedWithCenterPoint",
)


class GapRowTests(ImportFiles, TestCase):
    def test_row_becomes_a_draft_catalogue_entry_with_its_metadata(self):
        result = import_gap(self.import_file(gap_file(FULL_ROW)))

        photo = Photo.objects.get()
        assert (result.rows, result.created) == (1, 1)
        assert photo.nasa_id == "ISS021-E-6000"
        assert photo.taken_at == utc(2009, 10, 12, 6, 38, 13)
        assert photo.taken_at_precision == Photo.TimePrecision.SECOND
        assert (photo.latitude, photo.longitude) == (-17.6, 139.7)
        assert (photo.nadir_latitude, photo.nadir_longitude) == (-16.7, 138.7)
        assert photo.altitude_km == pytest.approx(185 * 1.852)
        assert photo.focal_length == 120
        assert (photo.camera_make, photo.camera_model) == ("Nikon", "Nikon D3")
        assert photo.cloud_cover == 10
        assert (photo.look_angle, photo.look_direction, photo.tilt) == (24, "SE", "")
        assert (photo.sun_azimuth, photo.sun_elevation) == (271, 29)
        assert photo.place == "AUSTRALIA-Q"
        assert photo.features == "LEICHHARDT R., ALBERT R., COAST, SED."
        assert photo.expedition.number == 21
        assert photo.status == Photo.Status.DRAFT
        assert (photo.credit, photo.licence) == (GAP_CREDIT, Photo.Licence.NASA)
        assert not photo.image and not photo.sha256

    def test_catalogue_entries_stay_out_of_the_public_gallery(self):
        import_gap(self.import_file(gap_file(FULL_ROW)))
        Photo.objects.update(status=Photo.Status.PUBLISHED)

        assert Photo.objects.exists()
        assert not Photo.objects.public().exists()

    def test_space_padded_numbers_and_decimals_without_leading_zero_are_read(self):
        row = gap_row("  42", lat=".5", lon="-.5", nadir_lat=" 51.7 ", clouds=" 25", lens=" 400")

        import_gap(self.import_file(gap_file(row)))

        photo = Photo.objects.get()
        assert photo.nasa_id == "ISS021-E-42"
        assert (photo.latitude, photo.longitude, photo.nadir_latitude) == (0.5, -0.5, 51.7)
        assert (photo.cloud_cover, photo.focal_length) == (25, 400)

    def test_blank_fields_stay_empty(self):
        import_gap(self.import_file(gap_file(gap_row())))

        photo = Photo.objects.get()
        assert photo.nasa_id == "ISS021-E-6000"
        assert photo.taken_at is None
        assert photo.latitude is photo.altitude_km is photo.cloud_cover is None
        assert photo.place == photo.features == photo.caption_en == photo.camera_model == ""

    def test_high_oblique_look_angle_is_a_tilt_not_an_angle(self):
        import_gap(self.import_file(gap_file(gap_row(look_angle="HO", look_direction="nw"))))

        photo = Photo.objects.get()
        assert (photo.look_angle, photo.tilt, photo.look_direction) == (None, "ho", "NW")

    def test_soft_hyphens_and_nul_characters_are_removed(self):
        row = gap_row(geon="MOZAM\u00adBIQUE\x00", feat="SAND\x00 DUNES, COAST\u00ad")

        import_gap(self.import_file(gap_file(row)))

        photo = Photo.objects.get()
        assert (photo.place, photo.features) == ("MOZAMBIQUE", "SAND DUNES, COAST")

    def test_html_caption_becomes_plain_text_and_its_bold_heading_the_title(self):
        caption = (
            "<b>El Misti Volcano &amp; Arequipa</b><br><br>Several cities have grown up<br>"
            'on volcanoes (<a href="photo.pl?x=1">ISS021-E-6000</a>).<br><br>Second paragraph.'
        )

        import_gap(self.import_file(gap_file(gap_row(caption=caption))))

        photo = Photo.objects.get()
        assert photo.title == "El Misti Volcano & Arequipa"
        assert photo.caption_en == (
            "Several cities have grown up on volcanoes (ISS021-E-6000).\n\nSecond paragraph."
        )
        assert "<" not in photo.caption_en

    def test_quotation_marks_in_a_caption_are_kept(self):
        caption = '"Boilers" along the coast of Bermuda<br>waves break continuously'

        import_gap(self.import_file(gap_file(gap_row(caption=caption), gap_row(5999))))

        assert Photo.objects.count() == 2
        photo = Photo.objects.get(nasa_id="ISS021-E-6000")
        assert photo.caption_en == '"Boilers" along the coast of Bermuda waves break continuously'

    def test_double_encoded_utf8_and_html_entities_are_repaired(self):
        features = (
            "PONTA C\u00c3\u0083\u00c5\u00a1BU, "
            "BROWN\u00c3\u00a2\u00e2\u0082\u00ac\u00e2\u0084\u00a2S CAY, ITHN&#256;"
        )

        import_gap(self.import_file(gap_file(gap_row(detectives=features))))

        assert Photo.objects.get().features == "PONTA CÚBU, BROWN\u2019S CAY, ITHNĀ"

    def test_public_inputs_placeholder_gives_way_to_image_detectives_features(self):
        row = gap_row(feat="PUBLIC INPUTS", detectives="BAHAMAS,WALKER CAY,bahamas, ")

        import_gap(self.import_file(gap_file(row)))

        assert Photo.objects.get().features == "BAHAMAS, WALKER CAY"

    def test_camera_taken_from_uncataloged_column_without_serial_number(self):
        import_gap(self.import_file(gap_file(gap_row(uncataloged="NIKON D2Xs S/N: 6027235"))))

        photo = Photo.objects.get()
        assert (photo.camera_make, photo.camera_model) == ("Nikon", "Nikon D2Xs")

    def test_partial_dates_keep_what_is_known(self):
        rows = [
            gap_row(1, date="200012__"),
            gap_row(2, date="2001____"),
            gap_row(3, date="20011105"),
            gap_row(4, date="20011105", time="08____"),
            gap_row(5, date="20011105", time="0812__"),
            gap_row(6, date="200103__", time="101200"),
        ]

        import_gap(self.import_file(gap_file(*rows)))

        found = {
            photo.nasa_id: (photo.taken_at, photo.taken_at_precision)
            for photo in Photo.objects.all()
        }
        assert found == {
            "ISS021-E-1": (utc(2000, 12, 1), "month"),
            "ISS021-E-2": (utc(2001, 1, 1), "year"),
            "ISS021-E-3": (utc(2001, 11, 5), "day"),
            "ISS021-E-4": (utc(2001, 11, 5, 8), "hour"),
            "ISS021-E-5": (utc(2001, 11, 5, 8, 12), "minute"),
            "ISS021-E-6": (utc(2001, 3, 1), "month"),
        }

    def test_out_of_range_and_unreadable_values_reject_the_row_with_a_reason(self):
        rows = [
            gap_row(1, lat="95.0"),
            gap_row(2, clouds="110"),
            gap_row(3, date="20091340"),
            gap_row(4, sun_azimuth="1,5"),
            gap_row(5, look_direction="UP"),
            gap_row("x"),
            gap_row(7),
        ]

        result = import_gap(self.import_file(gap_file(*rows)))

        assert (result.rows, result.created, result.rejected) == (7, 1, 6)
        reasons = {rejection.line: rejection.reason for rejection in result.rejections}
        assert reasons == {
            2: "center point lat 95 is outside -90 to 90",
            3: "Clouds Percentage 110 is outside 0 to 100",
            4: "Photo Date '20091340'  is not a real date and time",
            5: "sun azimuth '1,5' is not a number",
            6: "Look Direction 'UP' is not a compass point",
            7: "mission 'ISS021', roll 'E' and frame 'x' do not make a NASA photo ID",
        }
        assert result.rejections[0].key == "ISS021-E-1"
        assert list(Photo.objects.values_list("nasa_id", flat=True)) == ["ISS021-E-7"]

    def test_ragged_rows_are_rejected_with_their_line_numbers(self):
        ragged = "ISS021\tE\t   6001\t20091012"

        result = import_gap(self.import_file(gap_file(gap_row(), ragged, "", gap_row(5999))))

        assert (result.rows, result.created, result.rejected) == (3, 2, 1)
        assert result.rejections[0].line == 3
        assert result.rejections[0].reason == "has 4 fields where the header has 24"
        assert accounted_for(result)

    def test_repeated_header_rows_are_skipped_and_not_counted_as_data(self):
        content = gap_file(gap_row(1), HEADER, gap_row(2), HEADER, gap_row(3))

        result = import_gap(self.import_file(content))

        assert (result.rows, result.created, result.repeated_headers) == (3, 3, 2)

    def test_export_warning_inside_a_row_is_cut_out_and_the_row_rejoined(self):
        warning = (
            "Wide character in print at E:\\web\\wwwroot\\SearchPhotos\\GetTSVFromQueryResults.pl"
            " line 77, <RESULTS> line {}.\n"
        )
        row = gap_row(6110, camera="Nikon D2Xs Electronic Still Camera", geon="MALI")
        cut = row.index("D2Xs") + 2
        broken = row[:cut] + warning.format(246) + warning.format(247) + row[cut:]

        result = import_gap(self.import_file(gap_file(broken, gap_row(6109))))

        assert (result.rows, result.created, result.rejected) == (2, 2, 0)
        photo = Photo.objects.get(nasa_id="ISS021-E-6110")
        assert (photo.camera_model, photo.place) == ("Nikon D2Xs", "MALI")
        assert result.last_line == 5

    def test_frame_repeated_in_the_file_is_one_record(self):
        rows = [gap_row(geon="MALI"), gap_row(geon="NIGER")]

        result = import_gap(self.import_file(gap_file(*rows)))

        assert (result.created, result.updated) == (1, 1)
        assert Photo.objects.get().place == "NIGER"

    def test_queries_per_batch_do_not_grow_with_its_rows(self):
        make_expedition(21)
        few = [gap_row(n, geon="A") for n in range(3)]
        many = [gap_row(n, geon="A") for n in range(100, 400)]

        for rows in (few, many):
            with self.subTest(rows=len(rows)), self.assertNumQueries(5):
                # savepoint, photos of the batch, its expeditions, insert, release
                import_gap(self.import_file(gap_file(*rows)))
        for rows in (few, many):
            changed = [row.replace("\tA\t", "\tB\t") for row in rows]
            with self.subTest(rows=len(rows)), self.assertNumQueries(5):
                # savepoint, photos of the batch, its expeditions, update, release
                import_gap(self.import_file(gap_file(*changed)))


class GapUpdateTests(ImportFiles, TestCase):
    def test_running_an_import_again_changes_nothing(self):
        path = self.import_file(gap_file(FULL_ROW, gap_row(5999, date="200912__")))
        import_gap(path)
        before = list(Photo.objects.values())

        result = import_gap(path)

        assert (result.rows, result.unchanged, result.created, result.updated) == (2, 2, 0, 0)
        assert list(Photo.objects.values()) == before

    def test_a_changed_value_updates_only_that_field(self):
        import_gap(self.import_file(gap_file(FULL_ROW), "first.tsv"))
        photo = Photo.objects.get()
        Photo.objects.filter(pk=photo.pk).update(title="Gulf of Carpentaria", caption_fr="Golfe")

        changed = FULL_ROW.replace("\t10\t", "\t25\t")
        result = import_gap(self.import_file(gap_file(changed), "second.tsv"))

        photo.refresh_from_db()
        assert (result.updated, dict(result.changed_fields)) == (1, {"cloud_cover": 1})
        assert photo.cloud_cover == 25
        assert (photo.title, photo.caption_fr) == ("Gulf of Carpentaria", "Golfe")

    def test_blank_cells_never_erase_what_the_catalogue_holds(self):
        import_gap(self.import_file(gap_file(FULL_ROW), "first.tsv"))

        result = import_gap(self.import_file(gap_file(gap_row()), "second.tsv"))

        assert result.unchanged == 1
        assert Photo.objects.get().place == "AUSTRALIA-Q"

    def test_a_less_precise_date_does_not_replace_an_exact_time_on_the_same_day(self):
        make_expedition(21)
        import_gap(self.import_file(gap_file(gap_row(date="20091012")), "first.tsv"))
        photo = Photo.objects.get()
        photo.refine_taken_at(utc(2009, 10, 12, 6, 38))  # as intake does with the camera's time
        photo.save()

        same_day = import_gap(self.import_file(gap_file(gap_row(date="20091012")), "a.tsv"))
        other_day = import_gap(self.import_file(gap_file(gap_row(date="20091013")), "b.tsv"))

        assert (same_day.unchanged, other_day.updated) == (1, 1)
        photo = Photo.objects.get()
        assert (photo.taken_at, photo.taken_at_precision) == (utc(2009, 10, 13), "day")

    def test_metadata_attaches_to_the_photo_already_holding_that_nasa_id(self):
        photo = make_photo(nasa_id="iss021e6000", status=Photo.Status.PUBLISHED, credit="ESA")

        result = import_gap(self.import_file(gap_file(FULL_ROW)))

        assert (result.updated, Photo.objects.count()) == (1, 1)
        photo.refresh_from_db()
        assert photo.image and photo.place == "AUSTRALIA-Q"
        assert (photo.status, photo.credit) == (Photo.Status.PUBLISHED, "ESA")

    def test_existing_expedition_is_linked_and_missing_one_created_without_dates(self):
        expedition = make_expedition(21, start=datetime.date(2009, 10, 1))
        rows = [gap_row(1), gap_row(2).replace("ISS021", "ISS022"), gap_row(3, mission="STS126")]

        result = import_gap(self.import_file(gap_file(*rows)))

        photos = {p.nasa_id: p.expedition for p in Photo.objects.select_related("expedition")}
        assert photos["ISS021-E-1"] == expedition
        assert photos["ISS022-E-2"].number == 22
        assert photos["ISS022-E-2"].start is None
        assert photos["STS126-E-3"] is None
        assert result.records["expeditions created"] == 1

    def test_dry_run_reports_what_would_change_and_writes_nothing(self):
        path = self.import_file(gap_file(gap_row(1), gap_row(2), gap_row(1, geon="MALI")))

        result = GapImporter(dry_run=True, batch_size=1).run(path)

        assert (result.created, result.updated, result.dry_run) == (2, 1, True)
        assert not Photo.objects.exists()
        assert not Expedition.objects.exists()


class GapHostileFileTests(ImportFiles, TestCase):
    def assert_refused(self, content: bytes | str, message: str, **options):
        make_photo(with_image=False, nasa_id="ISS021-E-1")
        before = list(Photo.objects.values())

        with pytest.raises(SourceError, match=message):
            import_gap(self.import_file(content), **options)

        assert list(Photo.objects.values()) == before
        assert Expedition.objects.count() == 0

    def test_binary_garbage_is_refused(self):
        garbage = random.Random(5).randbytes(20000)

        self.assert_refused(garbage, "not a text file|not valid utf-8")

    def test_an_image_is_refused(self):
        png = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(2000)

        self.assert_refused(png, "not a text file")

    def test_wrong_encoding_is_refused_with_a_hint(self):
        latin1 = gap_file(gap_row(1), gap_row(2, geon="CÔTE D'IVOIRE")).encode("latin-1")

        self.assert_refused(latin1, r"line 3 is not valid utf-8 text.*--encoding")

    def test_named_encoding_is_read(self):
        latin1 = gap_file(gap_row(2, geon="CÔTE D'IVOIRE")).encode("latin-1")

        import_gap(self.import_file(latin1), encoding="latin-1")

        assert Photo.objects.get().place == "CÔTE D'IVOIRE"

    def test_a_huge_line_is_refused_even_after_good_rows(self):
        huge = gap_row(3, caption="x" * (MAX_RECORD_CHARS + 10))

        self.assert_refused(gap_file(gap_row(2), huge), "line 3 is longer than")

    def test_a_table_of_another_kind_is_refused(self):
        self.assert_refused("name,original_name\nGagarin,Гагарин\n", "lacks mission, roll, frame")

    def test_an_empty_file_is_refused(self):
        self.assert_refused(" \n\n", "is empty")


class GapFailureTests(ImportFiles, TransactionTestCase):
    def test_a_crash_keeps_earlier_batches_and_nothing_of_the_failing_one(self):
        path = self.import_file(gap_file(*(gap_row(n) for n in range(1, 8))))
        original = GapImporter.write

        def write(importer, batch):
            original(importer, batch)
            if any(row.key == "ISS021-E-5" for row in batch.rows):
                raise RuntimeError("disk full")

        with (
            mock.patch.object(GapImporter, "write", write),
            pytest.raises(ImportStopped) as stopped,
        ):
            GapImporter(batch_size=2).run(path)

        assert sorted(Photo.objects.values_list("nasa_id", flat=True)) == [
            "ISS021-E-1",
            "ISS021-E-2",
            "ISS021-E-3",
            "ISS021-E-4",
        ]
        assert isinstance(stopped.value.__cause__, RuntimeError)
        assert (stopped.value.result.created, stopped.value.result.last_line) == (4, 5)

    def test_a_row_the_database_refuses_is_rejected_and_its_batch_kept(self):
        path = self.import_file(gap_file(*(gap_row(n) for n in range(1, 4))))
        original = GapImporter.prepare

        def prepare(importer, record) -> GapRow:
            row = original(importer, record)
            if row.key == "ISS021-E-2":
                row.values["cloud_cover"] = 400  # past the database's check constraint
            return row

        with mock.patch.object(GapImporter, "prepare", prepare):
            result = GapImporter().run(path)

        assert (result.created, result.rejected) == (2, 1)
        assert result.rejections[0].line == 3
        assert result.rejections[0].reason.startswith("the database refused it")
        assert Photo.objects.count() == 2


def costly_words(length: int, seed: int) -> str:
    """
    Text that costs PostgreSQL's search index the most per character: distinct hyphenated
    pairs of 4-byte letters, each indexed whole and as its two parts, with positions.
    """
    generator = random.Random(seed)
    letters = [chr(code) for code in range(0x20000, 0x2A6DF)]
    words = (f"{generator.choice(letters)}-{generator.choice(letters)}" for _ in range(length))
    return " ".join(words)[: length - 1] + letters[0]


def plain_words(length: int, seed: int) -> str:
    generator = random.Random(seed)
    words = ("".join(generator.choices("abcdefghijklmnopqrstuvwxyz", k=8)) for _ in range(length))
    return " ".join(words)[:length]


class GapSearchIndexLimitTests(ImportFiles, TestCase):
    """A text too long for PostgreSQL's tsvector rejects its row, never stops the import."""

    def test_text_past_the_limit_rejects_the_row_and_the_import_goes_on(self):
        rows = [
            gap_row(1),
            gap_row(2, caption=plain_words(900_000, 1)),
            gap_row(3, feat=", ".join(f"FEATURE {n}" for n in range(4000))),
            gap_row(4, caption="x" * (MAX_SEARCHABLE_TEXT + 1)),
            gap_row(5),
        ]

        result = import_gap(self.import_file(gap_file(*rows)))

        assert (result.created, result.rejected, result.batches) == (2, 3, 1)
        assert [(r.line, r.key, r.reason) for r in result.rejections] == [
            (3, "ISS021-E-2", "caption is 899,999 characters long; at most 30,000 fit"),
            (4, "ISS021-E-3", "features is 54,888 characters long; at most 30,000 fit"),
            (5, "ISS021-E-4", "caption is 30,001 characters long; at most 30,000 fit"),
        ]
        assert sorted(Photo.objects.values_list("nasa_id", flat=True)) == [
            "ISS021-E-1",
            "ISS021-E-5",
        ]

    def test_the_costliest_text_at_the_limit_fits_and_is_found(self):
        caption, features = (
            costly_words(MAX_SEARCHABLE_TEXT, 1),
            costly_words(MAX_SEARCHABLE_TEXT, 2),
        )
        row = gap_row(1, caption=caption, feat=features.replace(",", " "), geon="Kiruna")

        result = import_gap(self.import_file(gap_file(row)))
        photo = Photo.objects.get()
        photo.caption_fr = costly_words(MAX_SEARCHABLE_TEXT, 3)
        photo.save()

        assert (result.created, result.rejected) == (1, 0)
        assert len(photo.caption_en) == MAX_SEARCHABLE_TEXT
        assert list(Photo.objects.search("Kiruna")) == [photo]

    def test_past_a_limit_of_the_database_the_row_is_refused_and_its_batch_kept(self):
        if connection.vendor != "postgresql":
            pytest.skip("the tsvector limit is PostgreSQL's")
        rows = [gap_row(1), gap_row(2, caption=plain_words(900_000, 1)), gap_row(3)]

        with mock.patch("gallery.gap.MAX_SEARCHABLE_TEXT", MAX_RECORD_CHARS):
            result = import_gap(self.import_file(gap_file(*rows)))

        assert (result.created, result.rejected) == (2, 1)
        assert result.rejections[0].reason.startswith(
            "the database refused it: string is too long for tsvector"
        )
        assert Photo.objects.count() == 2


class ImportGapCommandTests(ImportFiles, TestCase):
    def run_command(self, *args) -> tuple[str, int]:
        out = io.StringIO()
        try:
            call_command("import_gap", *args, stdout=out, stderr=io.StringIO())
        except CommandError as exc:
            return out.getvalue() + str(exc), exc.returncode
        return out.getvalue(), 0

    def test_clean_file_exits_0_with_a_report(self):
        output, status = self.run_command(self.import_file(gap_file(FULL_ROW)))

        assert status == 0
        assert "Data rows: 1 (created 1, updated 0, unchanged 0, rejected 0)" in output
        assert "one transaction" in output

    def test_rejected_rows_exit_1_and_are_listed_with_line_and_reason(self):
        rejects = self.folder / "rejects.csv"
        path = self.import_file(gap_file(gap_row(1), gap_row(2, clouds="x")))

        output, status = self.run_command(path, "--rejects", rejects)

        assert status == 1
        assert "line 3 ISS021-E-2: Clouds Percentage 'x' is not a whole number" in output
        assert rejects.read_text().splitlines() == [
            "line,key,reason",
            "3,ISS021-E-2,Clouds Percentage 'x' is not a whole number",
        ]

    def test_progress_is_shown_on_a_terminal(self):
        class Terminal(io.StringIO):
            def isatty(self):
                return True

        terminal = Terminal()

        call_command("import_gap", self.import_file(gap_file(FULL_ROW)), stderr=terminal)

        assert "importing: 1 rows, 100% of the file" in terminal.getvalue()
        assert terminal.getvalue().endswith("\r\033[K")

    def test_missing_file_exits_2(self):
        output, status = self.run_command(self.folder / "nowhere.tsv")

        assert status == 2
        assert "no such file. Nothing was imported." in output

    def test_dry_run_says_so(self):
        output, status = self.run_command(self.import_file(gap_file(FULL_ROW)), "--dry-run")

        assert (status, Photo.objects.count()) == (0, 0)
        assert "Dry run: nothing was written." in output

    def test_ctrl_c_exits_130_saying_what_was_kept(self):
        path = self.import_file(gap_file(gap_row(1), gap_row(2)))
        original = GapImporter.write

        def write(importer, batch):
            if batch.rows[0].key == "ISS021-E-2":
                raise KeyboardInterrupt
            original(importer, batch)

        with mock.patch.object(GapImporter, "write", write):
            output, status = self.run_command(path, "--batch-size", "1")

        assert status == 130
        assert "Interrupted. Saved: 1 batches, up to line 2; the batch in flight" in output
        assert list(Photo.objects.values_list("nasa_id", flat=True)) == ["ISS021-E-1"]


class RealGapExportTests(TestCase):
    def test_the_three_exports_import_with_every_row_accounted_for(self):
        expected = {"ISS1": (717, 1), "ISS3": (1291, 2), "ISS21": (25883, 32)}
        # Look every file up first: a missing one skips the whole test, not just a subtest.
        paths = {
            name: shared_data(f"photos/gap-metadata/gap_export_{name}-E.tsv") for name in expected
        }
        for name, (rows, repeated_headers) in expected.items():
            with self.subTest(export=name):
                result = import_gap(paths[name])

                assert accounted_for(result)
                assert (result.rows, result.repeated_headers) == (rows, repeated_headers)
                assert result.created == rows
        assert Photo.objects.count() == 717 + 1291 + 25883
        assert set(Expedition.objects.values_list("number", flat=True)) == {1, 3, 21}
        repaired = Photo.objects.get(nasa_id="ISS021-E-7932")
        assert repaired.features.endswith("INDIGO BAY LODGE AIRPORT (IBL)")
        assert "PONTA CÚBUÊ" in repaired.features
