import io
import random

import pytest
from django.core.management import CommandError, call_command
from django.test import TestCase

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
