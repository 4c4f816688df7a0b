import random

import pytest
from django.test import TestCase

from astrophoto.importing.sources import MAX_RECORD_CHARS, SourceError
from gallery.gap import import_gap
from gallery.models import Photo
from missions.importers.astronauts import import_astronauts
from missions.importers.expeditions import import_expeditions
from missions.models import Agency, Astronaut, Expedition, Mission
from tests.factories import ImportFiles

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


class HostileFileTests(ImportFiles, TestCase):
    """Every importer refuses a hostile file with a message, and changes nothing."""

    def assert_refused_by_every_importer(self, content_for, message: str):
        for name, importer in IMPORTERS.items():
            with self.subTest(importer=name):
                with pytest.raises(SourceError, match=message):
                    importer(self.import_file(content_for(name), f"{name}.txt"))
                counts = [
                    model.objects.count()
                    for model in (Photo, Astronaut, Expedition, Mission, Agency)
                ]
                assert counts == [0, 0, 0, 0, 0]

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

    def test_a_huge_json_element(self):
        huge = '[{"number": 1, "crew": ["' + "x" * (MAX_RECORD_CHARS + 10) + '"]}]'

        with pytest.raises(SourceError, match="element longer than 1,000,000 characters"):
            import_expeditions(self.import_file(huge, "huge.json"))
        assert not Expedition.objects.exists()
