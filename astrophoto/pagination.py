"""
Keyset pagination and capped counts: listing pages that cost the same at any depth.

A page is "the next N rows after (sort key, id)" in the sort order, never OFFSET, so the
ten-thousandth page reads as few rows as the first. The position travels in an opaque
`cursor` query parameter; a cursor that does not decode to a position of the current sort
is an `InvalidCursor` (HTTP 400), never a server error. Nothing here knows about photos.
"""

import base64
import binascii
import datetime
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import BadRequest, ValidationError
from django.db import models
from django.db.models import F, Q
from django.http import HttpRequest
from django.utils.translation import gettext as _

MAX_CURSOR_LENGTH = 300
MAX_PK = 2**63 - 1


class InvalidCursor(BadRequest):
    """A cursor that was not made by this site for this list (edited, truncated, stale sort)."""


@dataclass(frozen=True)
class ResultCount:
    """How many rows a list holds: exact up to a limit, a lower bound past it."""

    value: int
    exact: bool


def count_up_to(queryset: models.QuerySet, limit: int) -> ResultCount:
    """Count the rows of `queryset`, reading no more than `limit` + 1 of them."""
    found = queryset.order_by()[: limit + 1].count()
    return ResultCount(min(found, limit), found <= limit)


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


class KeysetPaginator:
    """
    Page through `queryset` ordered by one field plus the primary key.

    `ordering` names the field, with "-" for descending ("-taken_at"). The primary key breaks
    ties in the same direction. Rows whose key is NULL come last in either direction, so a
    nullable key (a photo without a date) pages correctly both ways.
    """

    def __init__(self, queryset: models.QuerySet, ordering: str, per_page: int):
        self.queryset = queryset
        self.descending = ordering.startswith("-")
        self.field_name = ordering.lstrip("-")
        self.field = queryset.model._meta.get_field(self.field_name)
        self.nullable = self.field.null
        self.per_page = per_page

    def page(self, cursor: str | None) -> KeysetPage:
        if not cursor:
            rows = list(self.queryset.order_by(*self._order())[: self.per_page + 1])
            return self._page(rows, more=len(rows) > self.per_page, forward=True, first=True)
        forward, value, pk = self.decode(cursor)
        rows = list(
            self.queryset.filter(self._beyond(value, pk, forward=forward)).order_by(
                *self._order(reverse=not forward)
            )[: self.per_page + 1]
        )
        return self._page(rows, more=len(rows) > self.per_page, forward=forward, first=False)

    def neighbours(self, obj: models.Model) -> tuple[Any, Any]:
        """Return the rows just before and just after `obj` in the sort order."""
        value, pk = getattr(obj, self.field_name), obj.pk
        before = self.queryset.filter(self._beyond(value, pk, forward=False))
        after = self.queryset.filter(self._beyond(value, pk, forward=True))
        return (
            before.order_by(*self._order(reverse=True)).first(),
            after.order_by(*self._order()).first(),
        )

    def encode(self, obj: models.Model, *, forward: bool) -> str:
        value = getattr(obj, self.field_name)
        if isinstance(value, datetime.date):
            value = value.isoformat()
        payload = json.dumps(["n" if forward else "p", self.field_name, value, obj.pk])
        return base64.urlsafe_b64encode(payload.encode()).decode().rstrip("=")

    def decode(self, cursor: str) -> tuple[bool, Any, int]:
        """Return (forward, key value, primary key) from a cursor, or raise InvalidCursor."""
        invalid = InvalidCursor(_("This page link is damaged or out of date."))
        if not isinstance(cursor, str) or len(cursor) > MAX_CURSOR_LENGTH:
            raise invalid
        try:
            raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
            direction, field_name, value, pk = json.loads(raw)
        except (binascii.Error, ValueError, TypeError, UnicodeDecodeError):
            raise invalid from None
        if direction not in {"n", "p"} or field_name != self.field_name:
            raise invalid
        if type(pk) is not int or not 0 < pk <= MAX_PK:
            raise invalid
        return direction == "n", self._key_value(value, invalid), pk

    def _key_value(self, value: Any, invalid: InvalidCursor) -> Any:
        if value is None:
            if not self.nullable:
                raise invalid
            return None
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            raise invalid
        try:
            value = self.field.to_python(value)
        except (ValidationError, ValueError, TypeError, OverflowError):
            raise invalid from None
        if isinstance(value, datetime.datetime) and value.tzinfo is None:
            raise invalid
        return value

    def _order(self, *, reverse: bool = False) -> list:
        descending = self.descending != reverse
        key = F(self.field_name)
        # NULL keys sit at the end of the page order, so at the start of the reversed one.
        nulls = {"nulls_first": True} if reverse else {"nulls_last": True}
        key = key.desc(**nulls) if descending else key.asc(**nulls)
        return [key, "-pk" if descending else "pk"]

    def _beyond(self, value: Any, pk: int, *, forward: bool) -> Q:
        """Match the rows after (value, pk) in the page order, or before it."""
        later, earlier = ("lt", "gt") if self.descending else ("gt", "lt")
        step = later if forward else earlier
        name = self.field_name
        if value is None:
            same_key = Q(**{f"{name}__isnull": True, f"pk__{step}": pk})
            return same_key if forward else Q(**{f"{name}__isnull": False}) | same_key
        beyond = Q(**{f"{name}__{step}": value}) | Q(**{name: value, f"pk__{step}": pk})
        if forward and self.nullable:
            beyond |= Q(**{f"{name}__isnull": True})
        return beyond

    def _page(self, rows: list, *, more: bool, forward: bool, first: bool) -> KeysetPage:
        rows = rows[: self.per_page]
        if forward:
            has_next, has_previous = more, not first
        else:
            rows.reverse()
            has_next, has_previous = True, more
        return KeysetPage(
            object_list=rows,
            has_next=has_next and bool(rows),
            has_previous=has_previous and bool(rows),
            next_cursor=self.encode(rows[-1], forward=True) if has_next and rows else None,
            previous_cursor=self.encode(rows[0], forward=False) if has_previous and rows else None,
        )


def cursor_from(request: HttpRequest) -> str | None:
    """Return the request's `cursor` parameter; given more than once, it is invalid."""
    values = request.GET.getlist("cursor")
    if len(values) > 1:
        raise InvalidCursor(_("This page link is damaged or out of date."))
    return values[0] if values else None


def page_of(request: HttpRequest, queryset: models.QuerySet, ordering: str, per_page: int):
    """Return the page of `queryset` the request's cursor asks for, and the capped count."""
    page = KeysetPaginator(queryset, ordering, per_page).page(cursor_from(request))
    return page, count_up_to(queryset, settings.GALLERY_COUNT_LIMIT)
