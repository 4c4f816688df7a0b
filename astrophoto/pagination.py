"""
Keyset pagination and bounded counts: listing pages that cost the same at any depth.

A page is "the next N rows after (sort key, id)" in the sort order, never OFFSET, so the
ten-thousandth page reads as few rows as the first. The condition is one row comparison,
`(key, id) < (value, pk)`, which an index on (key, id) serves as a range: the database starts
reading at the cursor instead of counting its way there. The position travels in an opaque
`cursor` query parameter; a cursor that does not decode to a position of the current order is
an `InvalidCursor` (HTTP 400), never a server error. Nothing here knows about photos.
"""

import base64
import binascii
import datetime
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import BadRequest, EmptyResultSet, FieldDoesNotExist, ValidationError
from django.core.paginator import Paginator
from django.db import connections, models
from django.db.models import F, Func, Q, Value, prefetch_related_objects
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.functional import cached_property
from django.utils.translation import gettext as _

from astrophoto.db import Condition
from astrophoto.security import site_path

MAX_CURSOR_LENGTH = 300
MAX_PK = 2**63 - 1
NO_TAIL = object()
# The earliest moment every database stores: the sort key of rows without a date, which
# puts them last when the newest come first.
EARLIEST = datetime.datetime(1, 1, 1, tzinfo=datetime.UTC)


class InvalidCursor(BadRequest):
    """A cursor that was not made by this site for this list (edited, truncated, stale sort)."""


@dataclass(frozen=True)
class ResultCount:
    """
    How many rows a list holds: exact up to a limit; past it a lower bound, or the
    database planner's estimate (`estimated`), which pages show as "about".
    """

    value: int
    exact: bool
    estimated: bool = False


def count_up_to(
    queryset: models.QuerySet, limit: int, estimate_above: int | None = None
) -> ResultCount:
    """
    Count the rows of `queryset`, reading no more than `limit` + 1 of them, in one query.

    On PostgreSQL, once the model's table has been analyzed (its statistics make estimates
    worth reading), past the limit the planner's estimate is given instead of a lower bound,
    and when the planner expects more than `estimate_above` rows (default: the setting
    GALLERY_COUNT_ESTIMATE_ABOVE) it is given without counting at all.
    """
    if estimate_above is None:
        estimate_above = settings.GALLERY_COUNT_ESTIMATE_ABOVE
    connection = connections[queryset.db]
    if connection.vendor != "postgresql":
        found = queryset.order_by()[: limit + 1].count()
        return ResultCount(min(found, limit), exact=found <= limit)
    query = queryset.order_by().values("pk").query
    try:
        sql, params = query.get_compiler(queryset.db).as_sql()
    except EmptyResultSet:
        # A condition nothing can meet (none(), an id past the column's range).
        return ResultCount(0, exact=True)
    # Composing binds the values client-side: let a value PostgreSQL refuses (a NUL byte)
    # be Django's DataError, as it would be on execution.
    with connection.wrap_database_errors:
        composed = connection.ops.compose_sql(sql, params)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT value, exact, estimated FROM astrophoto_bounded_count(%s, %s, %s, %s)",
            [
                composed,
                limit,
                estimate_above,
                queryset.model._meta.db_table,
            ],
        )
        value, exact, estimated = cursor.fetchone()
    return ResultCount(value, exact=exact, estimated=estimated)


class BoundedCountPaginator(Paginator):
    """
    Django's Paginator with a bounded count (`count_up_to`), for the admin's lists of
    millions: exact up to GALLERY_COUNT_LIMIT, past it the planner's estimate or the limit.
    Templates read `result_count` to say which.
    """

    @cached_property
    def result_count(self) -> ResultCount:
        return count_up_to(self.object_list, settings.GALLERY_COUNT_LIMIT)

    @cached_property
    def count(self) -> int:
        return self.result_count.value


class RowValue(Func):
    """`(a, b)`: columns or values as one row value."""

    template = "(%(expressions)s)"
    output_field = models.Field()


class RowComparison(Condition):
    """`(a, b) < (x, y)`: one comparison of two rows, which an index on (a, b) serves as a range."""

    def __init__(self, columns: Sequence, operator: str, values: Sequence):
        if operator not in {"<", ">"} or len(columns) != len(values):
            raise ValueError("RowComparison takes as many columns as values, and < or >.")
        self.operator = operator
        super().__init__(RowValue(*columns), RowValue(*values))


@dataclass
class KeysetPage(Sequence):
    object_list: list
    has_next: bool
    has_previous: bool
    next_cursor: str | None
    previous_cursor: str | None

    def __getitem__(self, index):
        return self.object_list[index]

    def __len__(self) -> int:
        return len(self.object_list)

    @property
    def has_other_pages(self) -> bool:
        return self.has_next or self.has_previous


@dataclass(frozen=True)
class Ordering:
    """
    The order of a list: `key` (a field or an annotation of the queryset) then the primary
    key, both ascending or both descending.

    `tiers` split the list into parts that follow one another (the rows matching the first
    condition, then the second...), each in key order: relevance tiers of a search.

    Rows whose key is `tail` (or NULL, for a nullable key) come after all the others, in
    primary key order. Use it for rows the key would put first but belong last, such as
    photos without a date (sorted as the earliest moment) when the oldest come first.
    """

    key: str
    descending: bool = False
    tail: Any = NO_TAIL
    tiers: tuple[Q, ...] = ()

    @classmethod
    def parse(cls, ordering: "str | Ordering") -> "Ordering":
        if isinstance(ordering, Ordering):
            return ordering
        return cls(ordering.lstrip("-"), descending=ordering.startswith("-"))


@dataclass(frozen=True)
class Part:
    """The rows of a list matching `condition`, ordered by key and pk, or by pk alone."""

    condition: Q | None
    by_pk: bool = False


class KeysetPaginator:
    """
    Page through `queryset` in an `Ordering` (or a field name, "-" first for descending).

    A page costs one query, and one more for each part of the order it reaches into (the
    next relevance tier, the tail). Related rows the queryset prefetches are fetched once,
    for the page's rows only.
    """

    def __init__(self, queryset: models.QuerySet, ordering: "str | Ordering", per_page: int):
        self.ordering = ordering = Ordering.parse(ordering)
        self.key, self.descending = ordering.key, ordering.descending
        self.field = self._key_field(queryset)
        self.prefetch = queryset._prefetch_related_lookups
        self.queryset = queryset.prefetch_related(None)
        self.per_page = per_page
        self.has_tail = ordering.tail is not NO_TAIL or self.field.null
        if ordering.tiers and self.has_tail:
            raise ValueError("An ordering has relevance tiers or a tail, not both.")
        if ordering.tiers:
            self.parts = [Part(tier) for tier in ordering.tiers]
        elif ordering.tail is not NO_TAIL:
            later = "lt" if self.descending else "gt"
            self.parts = [
                Part(Q(**{f"{self.key}__{later}": ordering.tail})),
                Part(Q(**{self.key: ordering.tail}), by_pk=True),
            ]
        elif self.field.null:
            self.parts = [
                Part(Q(**{f"{self.key}__isnull": False})),
                Part(Q(**{f"{self.key}__isnull": True}), by_pk=True),
            ]
        else:
            self.parts = [Part(None)]

    def _key_field(self, queryset: models.QuerySet) -> models.Field:
        try:
            field = queryset.model._meta.get_field(self.key)
        except FieldDoesNotExist:
            return queryset.query.annotations[self.key].output_field
        # A generated column converts values as the field it yields does.
        return field.output_field if field.generated else field

    def page(self, cursor: str | None) -> KeysetPage:
        if not cursor:
            rows = self._walk(None, forward=True, limit=self.per_page + 1)
            return self._page(rows, forward=True, first=True)
        forward, position = self.decode(cursor)
        rows = self._walk(position, forward=forward, limit=self.per_page + 1)
        return self._page(rows, forward=forward, first=False)

    def neighbours(self, obj: models.Model) -> tuple[Any, Any]:
        """Return the rows just before and just after `obj` in the order."""
        before, after = self.around(obj, 1)
        return (before[0] if before else None, after[0] if after else None)

    def around(self, obj: models.Model, count: int) -> tuple[list, list]:
        """Return up to `count` rows before `obj` and up to `count` after it, nearest first."""
        value = getattr(obj, self.key)
        position = (self._part_of(obj, value), value, obj.pk)
        before = [row for row, _part in self._walk(position, forward=False, limit=count)]
        after = [row for row, _part in self._walk(position, forward=True, limit=count)]
        prefetch_related_objects(before + after, *self.prefetch)
        return before, after

    def _part_of(self, obj: models.Model, value: Any) -> int:
        if self.has_tail:
            return int(self._in_tail(value))
        for index, part in enumerate(self.parts[:-1]):
            if self.queryset.filter(part.condition, pk=obj.pk).exists():
                return index
        return len(self.parts) - 1

    def _in_tail(self, value: Any) -> bool:
        tail = self.ordering.tail
        return value is None if tail is NO_TAIL else value == tail

    def _walk(self, position, *, forward: bool, limit: int) -> list[tuple[Any, int]]:
        """
        Return up to `limit` (row, part) pairs after `position` (or from the start) going
        forward, or before it going backward (nearest first), part after part.
        """
        indexes = list(range(len(self.parts)))
        if not forward:
            indexes.reverse()
        if position is not None:
            indexes = indexes[indexes.index(position[0]) :]
        rows = []
        for index in indexes:
            part = self.parts[index]
            queryset = self.queryset
            if part.condition is not None:
                queryset = queryset.filter(part.condition)
            if position is not None and index == position[0]:
                queryset = queryset.filter(self._beyond(part, position, forward=forward))
            order = self._order(part, reverse=not forward)
            found = list(queryset.order_by(*order)[: limit - len(rows)])
            rows += [(row, index) for row in found]
            if len(rows) >= limit:
                break
        return rows

    def _order(self, part: Part, *, reverse: bool) -> list:
        descending = self.descending != reverse
        names = ["pk"] if part.by_pk else [self.key, "pk"]
        return [F(name).desc() if descending else F(name).asc() for name in names]

    def _beyond(self, part: Part, position, *, forward: bool) -> Q | RowComparison:
        """Match the rows of `part` after `position` in the order, or before it."""
        _index, value, pk = position
        before = self.descending == forward
        if part.by_pk:
            return Q(pk__lt=pk) if before else Q(pk__gt=pk)
        return RowComparison(
            [F(self.key), F("pk")],
            "<" if before else ">",
            [Value(value, output_field=self.field), Value(pk)],
        )

    def encode(self, obj: models.Model, part: int, *, forward: bool) -> str:
        value = getattr(obj, self.key)
        if isinstance(value, datetime.date):
            value = value.isoformat()
        payload = ["n" if forward else "p", self.key, value, obj.pk, part]
        return base64.urlsafe_b64encode(json.dumps(payload).encode()).decode().rstrip("=")

    def decode(self, cursor: str) -> tuple[bool, tuple[int, Any, int]]:
        """
        Return (forward, (part, key value, primary key)) from a cursor, or raise InvalidCursor.
        """
        invalid = InvalidCursor(_("This page link is damaged or out of date."))
        if not isinstance(cursor, str) or len(cursor) > MAX_CURSOR_LENGTH:
            raise invalid
        try:
            raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
            direction, key, value, pk, part = json.loads(raw)
        except (binascii.Error, ValueError, TypeError, UnicodeDecodeError):
            raise invalid from None
        if direction not in {"n", "p"} or key != self.key:
            raise invalid
        if type(part) is not int or not 0 <= part < len(self.parts):
            raise invalid
        if type(pk) is not int or not 0 < pk <= MAX_PK:
            raise invalid
        value = self._key_value(value, invalid)
        if self.has_tail and part != int(self._in_tail(value)):
            raise invalid
        return direction == "n", (part, value, pk)

    def _key_value(self, value: Any, invalid: InvalidCursor) -> Any:
        """
        Read a cursor's key value as the key's column holds it, or raise `invalid`: every
        value is checked against the column's type and range before it reaches SQL.
        """
        if value is None:
            if not self.field.null:
                raise invalid
            return None
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            raise invalid
        if isinstance(value, float) and not math.isfinite(value):
            raise invalid
        try:
            value = self.field.to_python(value)
            # The database's integer ranges, the column's length.
            self.field.run_validators(value)
            # Moments in UTC, as encode() writes them: a year-one moment east of Greenwich
            # is not expressible in UTC, and PostgreSQL refuses an offset of +23:59.
            if isinstance(value, datetime.datetime) and value.utcoffset() != datetime.timedelta():
                raise invalid
            elif isinstance(value, str):
                value.encode()  # no lone surrogates
                if "\x00" in value:
                    raise invalid
        except (ValidationError, ValueError, TypeError, OverflowError, UnicodeEncodeError):
            raise invalid from None
        return value

    def _page(self, rows: list, *, forward: bool, first: bool) -> KeysetPage:
        more = len(rows) > self.per_page
        rows = rows[: self.per_page]
        if forward:
            has_next, has_previous = more, not first
        else:
            rows.reverse()
            has_next, has_previous = True, more
        objects = [row for row, _part in rows]
        prefetch_related_objects(objects, *self.prefetch)
        return KeysetPage(
            object_list=objects,
            has_next=has_next and bool(rows),
            has_previous=has_previous and bool(rows),
            next_cursor=self.encode(*rows[-1], forward=True) if has_next and rows else None,
            previous_cursor=self.encode(*rows[0], forward=False) if has_previous and rows else None,
        )


def cursor_from(request: HttpRequest) -> str | None:
    """Return the request's `cursor` parameter; given more than once, it is invalid."""
    values = request.GET.getlist("cursor")
    if len(values) > 1:
        raise InvalidCursor(_("This page link is damaged or out of date."))
    return values[0] if values else None


def page_of(
    request: HttpRequest, queryset: models.QuerySet, ordering: "str | Ordering", per_page: int
) -> tuple[KeysetPage, ResultCount]:
    """
    Return the page of `queryset` the request's cursor asks for, and the bounded count:
    a list that fits on its first page is counted by its length, without a query.
    """
    cursor = cursor_from(request)
    page = KeysetPaginator(queryset, ordering, per_page).page(cursor)
    if not cursor and not page.has_next:
        # The whole list is on its first page: its length is the count.
        return page, ResultCount(len(page), exact=True)
    count = count_up_to(queryset, settings.GALLERY_COUNT_LIMIT)
    return page, count


def page_context(
    request: HttpRequest, queryset: models.QuerySet, ordering: "str | Ordering", per_page: int
) -> dict:
    """
    Return what a listing template shows: the `page` the request's cursor asks for and its
    `count` (see page_of); or, for a cursor that is damaged, `cursor_error`, which the
    template shows in place of the list with a link to its first page.
    """
    try:
        page, count = page_of(request, queryset, ordering, per_page)
    except InvalidCursor as error:
        query = request.GET.copy()
        query.pop("cursor", None)
        path = site_path(request)
        first_page = f"{path}?{query.urlencode()}" if query else path
        return {"cursor_error": str(error), "first_page_url": first_page}
    return {"page": page, "count": count}


def render_listing(request: HttpRequest, template_name: str, context: dict) -> HttpResponse:
    """Render a listing page (see page_context): 400 when its cursor was damaged."""
    status = 400 if "cursor_error" in context else 200
    return render(request, template_name, context, status=status)
