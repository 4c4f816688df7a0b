"""
Property tests over every public page's query string: whatever a visitor, a crawler or an
attacker puts there (wrong types, any length, broken encodings, NUL, repeated keys, absurd
numbers and cursors, unknown keys), no page answers 500 and none writes back what it was
given unescaped.

HYPOTHESIS_PROFILE=thorough runs many more examples than CI does (see conftest.py).
"""

import base64
import datetime
import json
from urllib.parse import quote, quote_from_bytes

from django.test import Client
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from gallery.filters import PhotoFilter
from tests.factories import make_catalogue

PAGES = [
    "/",
    "/photos/",
    "/fr/photos/",
    "/photos/ISS065-E-394522/",
    "/photos/iss065e53301/",
    "/subjects/",
    "/subjects/earth/",
    "/astronauts/",
    "/astronauts/thomas-pesquet/",
    "/missions/",
    "/missions/alpha/",
    "/expeditions/",
    "/expeditions/65/",
    "/feeds/photos/",
    "/feeds/expeditions/65/",
    "/feeds/missions/alpha/",
    "/sitemap.xml",
    "/sitemap-photos.xml",
    "/robots.txt",
    "/healthz",
]
KEYS = sorted({*PhotoFilter.base_filters, "cursor", "page", "p", "lang", "format"})
# Written into values so that a reflection, if any, can be found in the page.
MARKERS = ['<x-probe id="1">', '"onprobe="1', "'onprobe='1", "</textarea><x-probe>"]
ANSWERS = {200, 301, 302, 400, 404, 405}

text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=300)
numbers = st.one_of(
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
).map(str)
# The ends of the calendar are where date arithmetic overflows.
calendar_ends = st.sampled_from(["0001-01-01", "0001-01-02", "9999-12-30", "9999-12-31"])
dates = st.one_of(
    st.dates().map(str),
    calendar_ends,
    st.from_regex(r"\A[0-9]{1,6}-[0-9]{1,3}-[0-9]{1,3}\Z"),
)
cursors = st.one_of(
    st.binary(max_size=200).map(lambda b: __import__("base64").urlsafe_b64encode(b).decode()),
    st.from_regex(r"\A[A-Za-z0-9_=-]{0,2000}\Z"),
)
values = st.one_of(
    text,
    numbers,
    dates,
    cursors,
    st.sampled_from(["", "\x00", "true", "false", "-taken", "65", "alpha", "earth", "%"]),
    st.integers(min_value=1000, max_value=20000).map(lambda n: "9" * n),
    st.tuples(text, st.sampled_from(MARKERS), text).map("".join),
)
keys = st.one_of(st.sampled_from(KEYS), text.filter(bool))

# Cursors as the site writes them (base64 of [direction, key, value, pk, part]) but holding
# values out of range for their column: moments at the ends of the calendar with any
# offset, integers past 64 bits, strings with NUL or lone surrogates, NaN.
LIST_KEYS = {
    "/photos/": "taken_key",
    "/photos/?sort=taken": "taken_key",
    "/photos/?sort=added": "created_at",
    "/subjects/earth/": "taken_key",
    "/astronauts/": "name",
    "/astronauts/thomas-pesquet/": "taken_key",
    "/missions/": "launch_key",
    "/missions/alpha/": "taken_key",
    "/expeditions/": "number",
    "/expeditions/65/": "taken_key",
}
moments = st.builds(
    lambda moment, minutes: moment.replace(
        tzinfo=datetime.timezone(datetime.timedelta(minutes=minutes))
    ).isoformat(),
    st.datetimes(),
    st.integers(min_value=-1439, max_value=1439),
)
huge_integers = st.one_of(
    st.integers(min_value=-(2**80), max_value=2**80),
    st.sampled_from([2**15, 2**31, 2**63 - 1, 2**63, 2**64, -(2**63) - 1]),
)
cursor_values = st.one_of(
    moments,
    huge_integers,
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=50),
    st.sampled_from(["\x00", "a\x00b", "\ud800", "", None, True]),
)


def cursor_for(payload: list) -> str:
    return base64.urlsafe_b64encode(json.dumps(payload).encode()).decode().rstrip("=")


pairs = st.lists(st.tuples(keys, values), max_size=12)
raw_bytes = st.binary(max_size=64)


def query_string(items: list[tuple[str, str]], raw: bytes) -> str:
    """Encode the pairs as a browser would, then add raw, possibly invalid UTF-8 bytes."""
    encoded = "&".join(f"{quote(key, safe='')}={quote(value, safe='')}" for key, value in items)
    if raw:
        encoded += f"&q={quote_from_bytes(raw, safe='')}&{quote_from_bytes(raw, safe='')}=1"
    return encoded


class QueryStringPropertyTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.c = make_catalogue()

    def setUp(self):
        self.client = Client(raise_request_exception=False)

    def assert_answered_safely(self, url: str):
        response = self.client.get(url)
        assert response.status_code in ANSWERS, (url, response.status_code)
        if response.get("Content-Type", "").startswith("text/html"):
            body = response.content.decode("utf-8", errors="replace")
            # Escaped, a marker's < and quotes become entities; only a raw copy matches.
            for marker in MARKERS:
                assert marker not in body, (url, marker)

    @given(page=st.sampled_from(PAGES), items=pairs, raw=raw_bytes)
    def test_no_query_string_makes_a_public_page_fail_or_reflect_markup(self, page, items, raw):
        self.assert_answered_safely(f"{page}?{query_string(items, raw)}")

    @given(
        key=st.one_of(text.filter(bool), st.sampled_from(MARKERS)),
        items=pairs,
        language=st.sampled_from(["", "/fr"]),
    )
    def test_no_photo_address_makes_the_photo_page_fail_or_reflect_markup(
        self, key, items, language
    ):
        self.assert_answered_safely(
            f"{language}/photos/{quote(key, safe='')}/?{query_string(items, b'')}"
        )

    @given(
        field=st.sampled_from(sorted(PhotoFilter.base_filters)),
        values=st.lists(values, min_size=2, max_size=5),
    )
    def test_repeated_filter_keys_never_fail(self, field, values):
        self.assert_answered_safely("/photos/?" + query_string([(field, v) for v in values], b""))

    @given(
        page=st.sampled_from(sorted(LIST_KEYS)),
        direction=st.sampled_from(["n", "p"]),
        value=cursor_values,
        pk=st.one_of(huge_integers, st.integers(min_value=1, max_value=100)),
        part=st.integers(min_value=-2, max_value=3),
    )
    def test_cursors_with_values_out_of_range_for_their_column_answer_400(
        self, page, direction, value, pk, part
    ):
        cursor = cursor_for([direction, LIST_KEYS[page], value, pk, part])
        separator = "&" if "?" in page else "?"
        response = self.client.get(f"{page}{separator}cursor={cursor}")
        assert response.status_code in {200, 400}, (page, value, pk, part)

    @given(
        items=st.lists(
            st.tuples(st.sampled_from(["taken_after", "taken_before"]), calendar_ends),
            min_size=1,
            max_size=2,
        ),
        page=st.sampled_from(["/photos/", "/photos/ISS065-E-394522/", "/feeds/photos/"]),
    )
    def test_dates_at_the_ends_of_the_calendar_never_fail(self, items, page):
        self.assert_answered_safely(f"{page}?{query_string(items, b'')}")
