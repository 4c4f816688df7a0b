import pytest
from django.db import connection
from django.test import TestCase

from gallery.models import Photo
from tests.factories import make_photo


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's planner rules")
class NasaIdLookupPlanTests(TestCase):
    """A NASA ID finds its photo through the unique index, not by reading the whole table."""

    @classmethod
    def setUpTestData(cls):
        make_photo(with_image=False, nasa_id="ISS065-E-394522")

    def test_lookup_in_either_spelling_uses_the_index(self):
        plan = Photo.objects.by_nasa_id("iss065e394522").explain()

        assert "photo_nasa_id_unique" in plan
        assert Photo.objects.by_nasa_id("iss065e394522").get().nasa_id == "ISS065-E-394522"
