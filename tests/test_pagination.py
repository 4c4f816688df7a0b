import base64
import json

import pytest
from django.db import connection
from django.db.models import Q
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from astrophoto.pagination import (
    InvalidCursor,
    KeysetPaginator,
    Ordering,
    ResultCount,
    count_up_to,
)
from gallery.models import UNDATED, Photo
from missions.models import Astronaut, Expedition
from tests.factories import make_photo, utc


def walk_forward(paginator):
    pages, cursor = [], None
    while True:
        page = paginator.page(cursor)
        pages.append([photo.title for photo in page])
        if not page.has_next:
            return pages, page
        cursor = page.next_cursor


def walk_back_and_forth(paginator) -> list[list[str]]:
    """Walk every page forwards, then back from the last: both ways must agree."""
    forward, page = walk_forward(paginator)
    backward = [[photo.title for photo in page]]
    while page.has_previous:
        page = paginator.page(page.previous_cursor)
        backward.append([photo.title for photo in page])
    assert backward[::-1] == forward
    return forward


def craft(payload) -> str:
    return base64.urlsafe_b64encode(json.dumps(payload).encode()).decode().rstrip("=")


class TiesAndGapsTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        # Two photos share a time, three have none: ties and NULLs are where keysets go wrong.
        times = [utc(2021, 5, day) for day in (1, 2, 2, 3, 4)] + [None, None, None]
        cls.photos = [
            make_photo(with_image=False, title=f"p{n}", taken_at=taken_at)
            for n, taken_at in enumerate(times)
        ]
        cls.queryset = Photo.objects.all()


class KeysetPaginationTests(TiesAndGapsTestCase):
    def expected(self, ordering):
        dated = [p for p in self.photos if p.taken_at]
        undated = [p for p in self.photos if not p.taken_at]
        reverse = ordering.startswith("-")
        dated.sort(key=lambda p: (p.taken_at, p.pk), reverse=reverse)
        undated.sort(key=lambda p: p.pk, reverse=reverse)
        return [p.title for p in dated + undated]

    def test_forward_pages_cover_every_row_once_in_order_with_nulls_last(self):
        for ordering in ("-taken_at", "taken_at"):
            for per_page in (1, 2, 3, 5, 8, 20):
                with self.subTest(ordering=ordering, per_page=per_page):
                    paginator = KeysetPaginator(self.queryset, ordering, per_page)
                    pages, _last = walk_forward(paginator)
                    assert [title for page in pages for title in page] == self.expected(ordering)
                    assert all(len(page) == per_page for page in pages[:-1])

    def test_backward_pages_retrace_the_forward_pages(self):
        for ordering in ("-taken_at", "taken_at"):
            for per_page in (1, 2, 3):
                with self.subTest(ordering=ordering, per_page=per_page):
                    walk_back_and_forth(KeysetPaginator(self.queryset, ordering, per_page))

    def test_first_page_has_no_previous_and_last_has_no_next(self):
        paginator = KeysetPaginator(self.queryset, "-taken_at", 3)
        first = paginator.page(None)
        assert not first.has_previous and first.previous_cursor is None
        assert first.has_next
        _pages, last = walk_forward(paginator)
        assert not last.has_next and last.next_cursor is None
        assert last.has_previous

    def test_neighbours_follow_the_page_order_across_ties_and_nulls(self):
        paginator = KeysetPaginator(self.queryset, "-taken_at", 1)
        order = self.expected("-taken_at")
        by_title = {p.title: p for p in self.photos}
        for index, title in enumerate(order):
            previous, following = paginator.neighbours(by_title[title])
            assert (previous.title if previous else None) == (order[index - 1] if index else None)
            expected_next = order[index + 1] if index + 1 < len(order) else None
            assert (following.title if following else None) == expected_next

    def test_tampered_cursors_are_invalid(self):
        paginator = KeysetPaginator(self.queryset, "-taken_at", 2)
        valid = paginator.page(None).next_cursor
        tampered = [
            "",
            "zzz",
            "!!!!",
            valid[:-3],
            valid + "A" * 400,
            "\x00" * 10,
            craft(["n", "created_at", "2021-05-01T00:00:00+00:00", 1, 0]),
            craft(["x", "taken_at", "2021-05-01T00:00:00+00:00", 1, 0]),
            craft(["n", "taken_at", "2021-13-45T00:00:00+00:00", 1, 0]),
            craft(["n", "taken_at", "2021-05-01T00:00:00", 1, 0]),
            craft(["n", "taken_at", "99999-01-01T00:00:00+00:00", 1, 0]),
            craft(["n", "taken_at", "2021-05-01T00:00:00+00:00", 2**80, 0]),
            craft(["n", "taken_at", "2021-05-01T00:00:00+00:00", -1, 0]),
            craft(["n", "taken_at", "2021-05-01T00:00:00+00:00", "1", 0]),
            craft(["n", "taken_at", "2021-05-01T00:00:00+00:00", True, 0]),
            craft(["n", "taken_at", ["nested"], 1, 0]),
            craft(["n", "taken_at", "2021-05-01T00:00:00+00:00", 1, 1]),  # dated, in the tail
            craft(["n", "taken_at", None, 1, 0]),  # undated, not in the tail
            craft(["n", "taken_at", "2021-05-01T00:00:00+00:00", 1, 2]),
            craft(["n", "taken_at", "2021-05-01T00:00:00+00:00", 1, "0"]),
            craft(["n", "taken_at", "2021-05-01T00:00:00+00:00", 1]),
            craft(["n", "taken_at", 1]),
            craft({"n": 1}),
        ]
        for cursor in tampered:
            with self.subTest(cursor=cursor[:30]):
                if not cursor:
                    assert paginator.page(cursor).object_list  # empty means the first page
                    continue
                with pytest.raises(InvalidCursor):
                    paginator.page(cursor)

    def test_cursor_values_out_of_range_for_their_column_are_invalid(self):
        # Each reached SQL before, and failed there with a 500.
        out_of_range = {
            "taken_key": [
                "0001-01-01T00:00:00+00:01",  # a year-one moment east of Greenwich
                "0001-01-01T05:00:00+05:30",
                "9999-12-31T23:59:59-00:01",  # past the end of the calendar in UTC
                "2021-05-01T00:00:00+23:59",  # an offset PostgreSQL refuses
                float("nan"),
            ],
            # PostgreSQL's smallint ends at 2**15 - 1; SQLite keeps any 64-bit integer.
            "number": [2**63, -(2**63) - 1, 2**64, -1]
            + ([2**15] if connection.vendor == "postgresql" else []),
            "name": ["a\x00b", "\ud800", "x" * 500],
        }
        lists = {"taken_key": Photo, "number": Expedition, "name": Astronaut}
        for key, values in out_of_range.items():
            paginator = KeysetPaginator(lists[key].objects.all(), key, 2)
            for value in values:
                with self.subTest(key=key, value=str(value)[:30]), pytest.raises(InvalidCursor):
                    paginator.page(craft(["n", key, value, 1, 0]))
        # Values at the ends of the range are pages like any other.
        paginator = KeysetPaginator(self.queryset, "taken_key", 2)
        assert len(paginator.page(craft(["n", "taken_key", "0001-01-01T00:00:00+00:00", 1, 0])))
        assert not paginator.page(craft(["n", "taken_key", "9999-12-31T23:59:59+00:00", 1, 0]))

    def test_cursor_far_beyond_the_data_gives_an_empty_page(self):
        paginator = KeysetPaginator(self.queryset, "-taken_at", 2)
        page = paginator.page(craft(["n", "taken_at", "1900-01-01T00:00:00+00:00", 1, 0]))
        # Past the dated photos only the undated remain.
        assert [p.taken_at for p in page] == [None, None]


class CountUpToTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        for _n in range(5):
            make_photo(with_image=False)

    def test_count_is_exact_up_to_the_limit(self):
        count = count_up_to(Photo.objects.all(), 5)
        assert (count.value, count.exact) == (5, True)

    def test_a_list_nothing_can_match_counts_zero(self):
        lists = {"none": Photo.objects.none(), "empty in": Photo.objects.filter(pk__in=[])}
        if connection.vendor == "postgresql":  # Django knows no row can match
            lists["id past the column"] = Photo.objects.filter(expedition_id=2**70)
        for name, photos in lists.items():
            with self.subTest(name):
                count = count_up_to(photos, 3)
                assert (count.value, count.exact) == (0, True)

    def test_count_past_the_limit_is_a_lower_bound_or_the_planners_estimate(self):
        count = count_up_to(Photo.objects.all(), 3)
        assert not count.exact
        if count.estimated:  # PostgreSQL: its planner expects more than the limit
            assert count.value > 3
        else:
            assert count.value == 3

    def test_without_statistics_the_count_is_bounded_past_the_estimate_threshold(self):
        if connection.vendor != "postgresql":
            # Nothing to estimate with.
            count = count_up_to(Photo.objects.all(), 3, estimate_above=0)
            assert count == ResultCount(3, exact=False)
            return
        # A table's statistics outlive the transaction that made them (other tests or
        # autovacuum may have analyzed the photos): ask about a table never analyzed.
        sql, params = Photo.objects.values("pk").query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute("CREATE TEMPORARY TABLE never_analyzed (id integer)")
            cursor.execute(
                "SELECT value, exact, estimated FROM astrophoto_bounded_count(%s, 3, 0, %s)",
                [connection.ops.compose_sql(sql, params), "never_analyzed"],
            )
            assert cursor.fetchone() == (3, False, False)

    def test_the_estimate_stands_alone_past_the_estimate_threshold_once_analyzed(self):
        if connection.vendor != "postgresql":
            return  # nothing to estimate with: see the test above
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE gallery_photo")
        count = count_up_to(Photo.objects.all(), 3, estimate_above=0)
        assert count == ResultCount(5, exact=False, estimated=True)


class OrderingPartsTests(TiesAndGapsTestCase):
    """Orders in parts: a tail of rows put last, relevance tiers."""

    def walk(self, ordering, per_page):
        pages = walk_back_and_forth(KeysetPaginator(self.queryset, ordering, per_page))
        return [title for titles in pages for title in titles]

    def test_a_tail_value_comes_last_in_either_direction(self):
        # Undated photos sort as the earliest moment: first when the oldest come first,
        # unless they are the tail.
        dated = sorted((p for p in self.photos if p.taken_at), key=lambda p: (p.taken_at, p.pk))
        undated = [p.title for p in self.photos if not p.taken_at]
        for per_page in (1, 2, 3, 8):
            with self.subTest(per_page=per_page):
                order = self.walk(Ordering("taken_key", tail=UNDATED), per_page)
                assert order == [p.title for p in dated] + undated
                newest = self.walk(Ordering("taken_key", descending=True), per_page)
                assert newest == [p.title for p in reversed(dated)] + undated[::-1]

    def test_tiers_follow_one_another_each_in_key_order(self):
        first_tier = Q(title__in=["p1", "p6", "p4"])
        ordering = Ordering("taken_key", descending=True, tiers=(first_tier, ~first_tier))
        for per_page in (1, 2, 5):
            with self.subTest(per_page=per_page):
                assert self.walk(ordering, per_page) == [
                    "p4", "p1", "p6", "p3", "p2", "p0", "p7", "p5",
                ]  # fmt: skip

    def test_neighbours_cross_from_one_part_to_the_next(self):
        paginator = KeysetPaginator(self.queryset, Ordering("taken_key", tail=UNDATED), 1)
        last_dated = next(p for p in self.photos if p.title == "p4")
        first_undated = next(p for p in self.photos if p.title == "p5")

        assert paginator.neighbours(last_dated)[1] == first_undated
        assert paginator.neighbours(first_undated)[0] == last_dated

    def test_a_cursor_must_agree_with_its_part(self):
        paginator = KeysetPaginator(self.queryset, Ordering("taken_key", tail=UNDATED), 2)
        for payload in (
            ["n", "taken_key", "0001-01-01T00:00:00+00:00", 6, 0],  # undated, not in the tail
            ["n", "taken_key", "2021-05-01T00:00:00+00:00", 1, 1],  # dated, in the tail
        ):
            with self.subTest(payload=payload), pytest.raises(InvalidCursor):
                paginator.page(craft(payload))

    def test_the_position_is_one_row_comparison_an_index_can_serve(self):
        paginator = KeysetPaginator(self.queryset, Ordering("taken_key", descending=True), 2)
        cursor = paginator.page(None).next_cursor
        with CaptureQueriesContext(connection) as queries:
            paginator.page(cursor)

        sql = queries[0]["sql"]
        assert '("gallery_photo"."taken_key", "gallery_photo"."id") < (' in sql
        assert " OR " not in sql

    def test_prefetched_rows_are_fetched_once_per_page_across_parts(self):
        queryset = Photo.objects.prefetch_related("renditions")
        paginator = KeysetPaginator(queryset, Ordering("taken_key", tail=UNDATED), 8)
        with self.assertNumQueries(3):  # the dated photos, the undated ones, their renditions
            page = paginator.page(None)
            assert len(page) == 8
            for photo in page:
                list(photo.renditions.all())
