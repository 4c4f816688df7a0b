import codecs
import csv
import datetime
import io
import os
import random
import re
import threading

import pytest
from django.core.management import CommandError, call_command
from django.test import TestCase

from astrophoto.importing.command import FORMULA_STARTS, spreadsheet_safe
from astrophoto.importing.sources import MAX_RECORD_CHARS, SourceError
from gallery.gap import import_gap
from gallery.models import Photo
from missions.importers.astronauts import import_astronauts
from missions.importers.expeditions import import_expeditions
from missions.models import Agency, Astronaut, Expedition, Mission
from tests.factories import ImportFiles, make_catalogue

GOOD_START = {
    "import_gap": "mission\troll\tframe\tgeon\nISS021\tE\t1\tMALI\n",
    "import_astronauts": "name,original_name,nationality,mission_title,ascend_shuttle\n"
    "Gagarin,Гагарин,U.S.S.R/Russia,Vostok 1,Vostok 1\n",
    "import_expeditions": "number,start,end,crew\n1,2000-10-31,2001-03-21,\n",
}
IMPORTERS = {
    "import_gap": import_gap,
    "import_astronauts": import_astronauts,
    "import_expeditions": import_expeditions,
}


CATALOGUE_MODELS = (Photo, Astronaut, Expedition, Mission, Agency)


def catalogue_state() -> dict[str, list]:
    """Every row of the catalogue's models, as values: equal only if nothing changed."""
    return {
        model.__name__: list(model.objects.order_by("pk").values()) for model in CATALOGUE_MODELS
    }


class HostileFileTests(ImportFiles, TestCase):
    """
    Every importer refuses a hostile file with a message, and changes nothing: neither its
    function nor its command touches a row of the catalogue already there.
    """

    @classmethod
    def setUpTestData(cls):
        make_catalogue()

    def assert_refused_by_every_importer(self, content_for, message: str):
        before = catalogue_state()
        assert all(before.values())
        for name, importer in IMPORTERS.items():
            with self.subTest(importer=name):
                path = self.import_file(content_for(name), f"{name}.txt")
                with pytest.raises(SourceError, match=message):
                    importer(path)
                assert catalogue_state() == before
                out = io.StringIO()
                with pytest.raises(CommandError, match=message) as refused:
                    call_command(name, str(path), stdout=out, stderr=out)
                assert refused.value.returncode != 0
                assert "Traceback" not in out.getvalue()
                assert catalogue_state() == before

    def test_binary_garbage(self):
        garbage = random.Random(7).randbytes(50_000)

        self.assert_refused_by_every_importer(
            lambda name: garbage, "not a text file|not valid utf-8"
        )

    def test_a_zip_archive(self):
        archive = b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + bytes(range(256)) * 40

        self.assert_refused_by_every_importer(lambda name: archive, "not a text file")

    def test_wrong_encoding_after_good_rows(self):
        def content(name):
            return (GOOD_START[name] * 3).encode() + "Chrétien\n".encode("cp1252")

        self.assert_refused_by_every_importer(content, r"line \d+ is not valid utf-8")

    def test_a_huge_line_after_good_rows(self):
        def content(name):
            return GOOD_START[name] + "x" * (MAX_RECORD_CHARS + 1) + "\n"

        self.assert_refused_by_every_importer(content, "longer than 1,000,000 characters")

    def test_utf16_text(self):
        self.assert_refused_by_every_importer(
            lambda name: GOOD_START[name].encode("utf-16"), "not a text file"
        )

    def test_latin1_from_the_first_line(self):
        self.assert_refused_by_every_importer(
            lambda name: ("Chrétien," + GOOD_START[name]).encode("latin-1", "replace"),
            r"line 1 is not valid utf-8",
        )

    def test_one_huge_line_and_no_line_break_at_all(self):
        self.assert_refused_by_every_importer(
            lambda name: b"x," * (MAX_RECORD_CHARS // 2 + 1), "longer than 1,000,000 characters"
        )

    def test_a_flood_of_nul_bytes_after_good_rows(self):
        self.assert_refused_by_every_importer(
            lambda name: GOOD_START[name].encode() + b"\x00" * 20_000, "not a text file"
        )

    def test_json_nested_thousands_deep(self):
        before = catalogue_state()

        with pytest.raises(SourceError, match="nested too deeply"):
            import_expeditions(self.import_file("[" * 200_000, "deep.json"))
        assert catalogue_state() == before

    def test_a_huge_json_element(self):
        huge = '[{"number": 1, "crew": ["' + "x" * (MAX_RECORD_CHARS + 10) + '"]}]'

        before = catalogue_state()

        with pytest.raises(SourceError, match="element longer than 1,000,000 characters"):
            import_expeditions(self.import_file(huge, "huge.json"))
        assert catalogue_state() == before


def within(seconds: float, function):
    """Run `function` in a thread; fail, rather than hang, if it still runs after `seconds`."""
    outcome = {}

    def run():
        try:
            outcome["value"] = function()
        except BaseException as exc:  # the test looks at it
            outcome["error"] = exc

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"still running after {seconds} s"
    if "error" in outcome:
        raise outcome["error"]
    return outcome.get("value")


def run_command(name: str, *args) -> tuple[str, int]:
    out = io.StringIO()
    try:
        call_command(name, *map(str, args), stdout=out, stderr=out)
    except CommandError as exc:
        return out.getvalue() + str(exc), exc.returncode
    return out.getvalue(), 0


class UnreadableSourceTests(ImportFiles, TestCase):
    """Files that are not regular files and encodings that are not text: exit 2, at once."""

    @classmethod
    def setUpTestData(cls):
        make_catalogue()

    def assert_refused(self, path, message: str, *options: str):
        before = catalogue_state()
        for name, importer in IMPORTERS.items():
            with self.subTest(importer=name):
                encoding = {"encoding": options[1]} if options else {}
                with pytest.raises(SourceError, match=message):
                    within(10, lambda importer=importer, kw=encoding: importer(path, **kw))
                output, status = within(10, lambda name=name: run_command(name, path, *options))
                assert status == 2
                assert re.search(message, output)
                assert "Nothing was imported." in output and "Traceback" not in output
                assert catalogue_state() == before

    @pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
    def test_a_named_pipe_is_refused_without_waiting_for_a_writer(self):
        pipe = self.folder / "export.tsv"
        os.mkfifo(pipe)
        link = self.folder / "link.tsv"
        link.symlink_to(pipe)

        self.assert_refused(pipe, r"is a named pipe \(FIFO\), not a regular file")
        self.assert_refused(link, r"is a named pipe \(FIFO\), not a regular file")

    def test_a_device_is_refused_without_reading_it(self):
        for device in ("/dev/zero", "/dev/null", "/dev/urandom"):
            if os.path.exists(device):
                self.assert_refused(device, "is a device, not a regular file")

    def test_a_folder_is_refused(self):
        self.assert_refused(self.folder, "is a folder")

    def test_codecs_that_do_not_decode_text_are_refused(self):
        path = self.import_file(GOOD_START["import_gap"])

        for codec in ("zlib_codec", "base64", "rot13", "hex", "bz2", "uu", "quopri"):
            with self.subTest(codec=codec):
                self.assert_refused(path, "is not a text encoding", "--encoding", codec)

    def test_unknown_encodings_are_refused(self):
        path = self.import_file(GOOD_START["import_gap"])

        for codec in ("no-such-codec", "", "utf-8\x00", "x" * 300):
            with self.subTest(codec=codec):
                self.assert_refused(path, "unknown encoding", "--encoding", codec)

    def test_a_codec_that_decodes_nothing_is_refused(self):
        path = self.import_file(GOOD_START["import_gap"])

        self.assert_refused(path, "undefined codec cannot read", "--encoding", "undefined")


class Utf16Tests(ImportFiles, TestCase):
    """Excel's "Unicode Text": UTF-16 with a byte-order mark, tab-separated, CRLF."""

    GAP = "mission\troll\tframe\tgeon\r\nISS021\tE\t1\tCÔTE D'IVOIRE\r\nISS021\tE\t2\tMALI\r\n"
    GAGARIN = "Гагарин Юрий"
    ASTRONAUTS = (
        "name\toriginal_name\tnationality\tmission_title\tascend_shuttle\r\n"
        f"Gagarin, Yuri\t{GAGARIN}\tU.S.S.R/Russia\tVostok 1\tVostok 1\r\n"
    )
    EXPEDITIONS_CSV = "number\tstart\tend\r\n1\t31 octobre 2000\t2001-03-21\r\n"
    EXPEDITIONS_JSON = '[{"number": 2, "start": "8 mars 2001", "end": "2001-08-22"}]'

    def assert_imported(self):
        assert dict(Photo.objects.values_list("nasa_id", "place")) == {
            "ISS021-E-1": "CÔTE D'IVOIRE",
            "ISS021-E-2": "MALI",
        }
        assert Astronaut.objects.get().original_name == self.GAGARIN
        assert dict(Expedition.objects.values_list("number", "start")) == {
            1: datetime.date(2000, 10, 31),
            2: datetime.date(2001, 3, 8),
            21: None,
        }

    def import_all(self, encoding: str, encode) -> None:
        files = [
            ("import_gap", self.GAP, "gap.tsv"),
            ("import_astronauts", self.ASTRONAUTS, "astronauts.txt"),
            ("import_expeditions", self.EXPEDITIONS_CSV, "expeditions.txt"),
            ("import_expeditions", self.EXPEDITIONS_JSON, "expeditions.json"),
        ]
        for name, content, file_name in files:
            path = self.import_file(encode(content), file_name)
            output, status = run_command(name, path, "--encoding", encoding)
            assert status == 0, output
            assert "rejected 0" in output

    def test_utf16_with_a_byte_order_mark_imports_with_encoding_utf16(self):
        self.import_all("utf-16", lambda text: text.encode("utf-16"))

        self.assert_imported()

    def test_utf16_big_endian_and_a_byte_order_mark_kept_by_utf16_le(self):
        self.import_all("utf-16-le", lambda text: codecs.BOM_UTF16_LE + text.encode("utf-16-le"))
        Photo.objects.all().delete()
        Astronaut.objects.all().delete()
        Expedition.objects.all().delete()
        self.import_all("utf-16", lambda text: codecs.BOM_UTF16_BE + text.encode("utf-16-be"))

        self.assert_imported()

    def test_utf16_without_the_encoding_is_refused_with_a_hint(self):
        output, status = run_command("import_gap", self.import_file(self.GAP.encode("utf-16")))

        assert status == 2
        assert "UTF-16 byte-order mark; import it with --encoding utf-16" in output
        assert not Photo.objects.exists()

    def test_the_line_where_utf16_text_breaks_is_named(self):
        broken = self.GAP.encode("utf-16-le") + "\ud800".encode("utf-16-le", "surrogatepass")
        broken += "\tE\t3\tX\r\n".encode("utf-16-le")

        with pytest.raises(SourceError, match="line 4 is not valid utf-16-le text"):
            import_gap(self.import_file(broken), encoding="utf-16-le")
        assert not Photo.objects.exists()


class RejectsFileTests(ImportFiles, TestCase):
    def test_cells_a_spreadsheet_would_run_as_formulas_are_written_as_text(self):
        names = ['=HYPERLINK("http://evil.example";"x")', "+1+2", "-2+3", "@SUM(1+1)"]
        rows = "".join(f'"{name.replace(chr(34), 2 * chr(34))}",,,3/37/1936,\n' for name in names)
        path = self.import_file(f"Name,Group,Status,Birth Date,Missions\n{rows}", "book.csv")
        rejects = self.folder / "rejects.csv"

        output, status = run_command("import_astronauts", path, "--rejects", rejects)

        assert status == 1, output
        with rejects.open(newline="", encoding="utf-8") as file:
            cells = list(csv.reader(file))[1:]
        assert [key for _line, key, _reason in cells] == [f"'{name}" for name in names]
        assert all(not cell.startswith(FORMULA_STARTS) for row in cells for cell in row)

    def test_every_cell_that_starts_like_a_formula_is_neutralised(self):
        for text in ["=1+1", "+1", "-1", "@A1", "\t=1", "\r=1"]:
            assert spreadsheet_safe(text) == f"'{text}"
        for value in ["Expedition 4", "3", 3, "line 2: =x", " =1", ""]:
            assert spreadsheet_safe(value) == str(value)

    def test_rejects_naming_the_file_to_import_is_refused_and_the_file_kept(self):
        path = self.import_file(GOOD_START["import_gap"])

        output, status = run_command("import_gap", path, "--rejects", path)

        assert status == 2 and "is the file to import" in output
        assert path.read_text() == GOOD_START["import_gap"]
        assert not Photo.objects.exists()

    @pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
    def test_rejects_into_a_named_pipe_is_refused_without_waiting(self):
        pipe = self.folder / "rejects.csv"
        os.mkfifo(pipe)

        output, status = within(
            10, lambda: run_command("import_gap", self.import_file("x"), "--rejects", pipe)
        )

        assert status == 2 and "is not a regular file" in output
