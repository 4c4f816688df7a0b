"""
Every lookup on the intake and import paths is served by an index, on both databases: a
file brought into a catalogue of a million photos costs what it costs in an empty one.
"""

import io
import re

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from PIL import ExifTags

from gallery.gap import import_gap
from gallery.intake import Defaults, FileOutcome, import_file
from tests.factories import (
    ImportFiles,
    image_bytes,
    make_astronaut,
    make_catalogue,
    make_exif,
    make_photo,
    make_subject,
)
from tests.gallery.test_gap_import import gap_file, gap_row

# Tables whose rows grow with the catalogue; the catalogue's own lists (expeditions,
# missions, crews: tens to hundreds of rows) are read whole at no cost that grows.
GROWING_TABLES = ("gallery_photo", "gallery_rendition", "gallery_photo_subjects")


def plan_of(sql: str) -> str:
    """The query plan of a captured query, with sequential scans made a last resort."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
            return "\n".join(row[-1] for row in cursor.fetchall())
        # On tables of a few rows PostgreSQL prefers a scan: ask what it would do at size.
        cursor.execute("SET enable_seqscan = off")
        try:
            cursor.execute(f"EXPLAIN {sql}")
            return "\n".join(row[0] for row in cursor.fetchall())
        finally:
            cursor.execute("RESET enable_seqscan")


def scans(plan: str) -> list[str]:
    """The lines of a plan that read a growing table whole."""
    pattern = (
        r"^\s*SCAN (%s)\b" if connection.vendor == "sqlite" else r"Seq Scan on (%s)\b"
    ) % "|".join(GROWING_TABLES)
    return [line for line in plan.splitlines() if re.search(pattern, line)]


class IntakeLookupPlanTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.c = make_catalogue()
        for number in range(30):
            make_photo(nasa_id=f"ISS065-E-{number + 1000}", title=f"Frame {number}")
        make_photo(with_image=False, nasa_id="ISS065-E-77")

    def assert_served_by_indexes(self, queries):
        selects = [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith("SELECT")]
        assert selects, "nothing was looked up"
        for sql in selects:
            if not any(table in sql for table in GROWING_TABLES):
                continue
            plan = plan_of(sql)
            assert not scans(plan), f"{sql}\n{plan}"

    def test_importing_a_file_looks_photos_up_by_index_only(self):
        exif = make_exif(
            {ExifTags.Base.Make: "NIKON CORPORATION"},
            camera={ExifTags.Base.DateTimeOriginal: "2021:09:09 22:42:31"},
        )
        data = image_bytes(64, 48, exif=exif)
        defaults = Defaults(photographer=self.c.pesquet, subjects=[make_subject()])

        with CaptureQueriesContext(connection) as queries:
            imported = import_file(io.BytesIO(data), "ISS065-E-77.JPG", defaults)
            duplicate = import_file(io.BytesIO(data), "copy.jpg")
            named = import_file(io.BytesIO(image_bytes(64, 40)), "ISS065-E-1001.JPG")

        assert imported.outcome is FileOutcome.IMPORTED
        assert duplicate.outcome is FileOutcome.DUPLICATE
        assert named.outcome is FileOutcome.REJECTED  # that NASA ID already has an image
        self.assert_served_by_indexes(queries.captured_queries)


class ImporterLookupPlanTests(ImportFiles, TestCase):
    def test_a_gateway_import_looks_photos_up_by_index_only(self):
        make_astronaut()
        for number in range(30):
            make_photo(with_image=False, nasa_id=f"ISS021-E-{number + 1}")
        rows = [gap_row(number, date="20091015", geon="FRANCE") for number in range(26, 36)]
        path = self.import_file(gap_file(*rows))

        with CaptureQueriesContext(connection) as queries:
            result = import_gap(path)

        assert (result.created, result.updated) == (5, 5)
        IntakeLookupPlanTests.assert_served_by_indexes(self, queries.captured_queries)
