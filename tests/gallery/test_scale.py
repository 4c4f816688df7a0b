"""
What keeps lists fast at a million photos, checked on a small catalogue: pages cost the same
queries at any depth, and the database can serve each page from an index, starting at the
cursor. Speed itself is measured by bench/pages.py, not here.
"""

import re

from django.db import connection
from django.template import engines
from django.template.loaders.cached import Loader as CachedLoader
from django.test import TestCase, override_settings
from django.test.utils import CaptureQueriesContext

from gallery.models import UNDATED, Photo
from tests.factories import (
    make_astronaut,
    make_expedition,
    make_mission,
    make_photo,
    make_published_photo,
    utc,
)


def walk(client, url: str) -> list[tuple[int, list[str]]]:
    """Follow the next-page links from `url`; return each page's query count and titles."""
    pages, address = [], url
    while address:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(address)
        assert response.status_code == 200
        page = response.context["page"]
        pages.append((len(queries), [photo.title for photo in page]))
        separator = "&" if "?" in url else "?"
        address = f"{url}{separator}cursor={page.next_cursor}" if page.has_next else None
    return pages


@override_settings(GALLERY_PAGE_SIZE=4)
class DepthTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.astronaut = make_astronaut("Samantha Cristoforetti")
        cls.mission = make_mission("Futura")
        cls.expedition = make_expedition(42)
        for day in range(1, 31):
            make_published_photo(
                title=f"Day {day}",
                caption_en="Clouds over the sea",
                taken_at=utc(2015, 1, day, 12) if day % 10 else None,
                photographer=cls.astronaut,
                mission=cls.mission,
                expedition=cls.expedition,
            )

    def test_every_page_of_a_list_runs_the_same_queries_to_the_last(self):
        for url in (
            "/photos/",
            "/photos/?sort=added",
            "/photos/?q=clouds&sort=-taken",
            f"/photos/?mission={self.mission.slug}&astronaut={self.astronaut.slug}",
            f"/missions/{self.mission.slug}/",
            f"/expeditions/{self.expedition.number}/",
        ):
            with self.subTest(url=url):
                pages = walk(self.client, url)
                assert len(pages) == 8
                assert sum(len(titles) for _queries, titles in pages) == 30
                # The first page has no cursor; all the deeper ones cost what the second does.
                assert len({queries for queries, _titles in pages[1:]}) == 1, pages

    def test_the_oldest_first_reach_the_undated_photos_last_at_one_query_more(self):
        pages = walk(self.client, "/photos/?sort=taken")

        titles = [title for _queries, page in pages for title in page]
        assert titles[-3:] == ["Day 10", "Day 20", "Day 30"]
        deeper = [queries for queries, _titles in pages[1:]]
        # The page where the dated photos end also asks for the first undated ones.
        assert sorted(set(deeper)) == [deeper[0], deeper[0] + 1]


class IndexPlanTests(TestCase):
    """The page and its position in one index range, whichever database runs them."""

    @classmethod
    def setUpTestData(cls):
        cls.mission = make_mission("Horizons")
        other = make_mission("Futura")
        for day in range(1, 21):
            make_published_photo(
                title=f"Day {day}", taken_at=utc(2018, 7, day), mission=cls.mission
            )
            # The mission filter keeps a third of the photos: its index is the way to them.
            for hour in (6, 18):
                make_published_photo(taken_at=utc(2018, 7, day, hour), mission=other)
        make_photo(title="Draft", taken_at=utc(2018, 7, 1))

    def page_query(self, url: str) -> str:
        with self.settings(GALLERY_PAGE_SIZE=5):
            cursor = self.client.get(url).context["page"].next_cursor
            separator = "&" if "?" in url else "?"
            with CaptureQueriesContext(connection) as queries:
                self.client.get(f"{url}{separator}cursor={cursor}")
        return next(
            query["sql"]
            for query in queries
            if query["sql"].startswith('SELECT "gallery_photo"."id"') and "LIMIT 6" in query["sql"]
        )

    def plan(self, sql: str) -> str:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # Statistics of these rows, not of whatever an earlier test left (they
                # outlive its transaction); then, whatever a tiny table would prefer: can
                # an index serve it at all?
                cursor.execute("ANALYZE gallery_photo")
                for setting in ("enable_seqscan", "enable_bitmapscan", "enable_sort"):
                    cursor.execute(f"SET LOCAL {setting} = off")
                cursor.execute(f"EXPLAIN {sql}")
                return "\n".join(row[0] for row in cursor.fetchall())
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
            return "\n".join(row[-1] for row in cursor.fetchall())

    def test_a_deeper_page_starts_in_the_public_index_at_its_cursor(self):
        for url, index in (
            ("/photos/", "photo_public_taken"),
            (f"/photos/?mission={self.mission.slug}", "photo_public_mission"),
            ("/photos/?sort=added", "photo_public_added"),
        ):
            with self.subTest(url=url):
                plan = self.plan(self.page_query(url))
                assert index in plan, plan
                if connection.vendor == "postgresql":
                    assert re.search(r"Index Cond: .*ROW\(", plan), plan
                    assert "Sort" not in plan, plan
                else:
                    assert re.search(r"USING INDEX \w+ \(.*(taken_key|created_at)[<>]\?\)", plan), (
                        plan
                    )


class GeneratedColumnTests(TestCase):
    def test_public_means_published_with_an_image(self):
        cases = {
            ("published", True): True,
            ("published", False): False,
            ("draft", True): False,
            ("withdrawn", True): False,
        }
        for (status, with_image), public in cases.items():
            with self.subTest(status=status, with_image=with_image):
                photo = make_photo(status=status, with_image=with_image)
                assert photo.is_public is public  # returned by the database on save
                assert Photo.objects.public().filter(pk=photo.pk).exists() is public

    def test_the_sort_key_of_an_undated_photo_is_the_earliest_moment(self):
        dated = make_photo(taken_at=utc(2021, 5, 3), with_image=False)
        undated = make_photo(with_image=False)

        assert dated.taken_key == utc(2021, 5, 3)
        assert undated.taken_key == UNDATED
        Photo.objects.filter(pk=undated.pk).update(taken_at=utc(2020, 1, 1))
        undated.refresh_from_db()
        assert undated.taken_key == utc(2020, 1, 1)


class TemplateLoaderTests(TestCase):
    def test_templates_are_cached_with_debug_off(self):
        loaders = engines["django"].engine.template_loaders

        assert isinstance(loaders[0], CachedLoader)
