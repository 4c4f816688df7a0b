"""
The date hierarchy of the admin's photo list, at a cost that does not grow with the catalogue.

Django's own reads the first and last date of the list and the distinct years of every row in
it: at a million photos a scan of the whole table, and under a filter a walk of the date index
that can read most of it before the first match. Here the dates offered come either from the
list itself, when it is small enough to be counted exactly (one query over its rows), or from
the whole catalogue, one probe of the date index per year, month or day offered. Under a
filter that keeps many photos, a date offered may then hold none of them: the list says so.
"""

import datetime

from django import template
from django.contrib.admin.views.main import ChangeList
from django.db.models import QuerySet
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

register = template.Library()

KINDS = ("year", "month", "day")


def start_of(moment: datetime.datetime, kind: str) -> datetime.datetime:
    """The first moment of the year, month or day that holds `moment` (in the current zone)."""
    moment = timezone.localtime(moment)
    if kind == "year":
        return moment.replace(month=1, day=1, hour=0, minute=0, second=0, microsecond=0)
    if kind == "month":
        return moment.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    return moment.replace(hour=0, minute=0, second=0, microsecond=0)


def following(start: datetime.datetime, kind: str) -> datetime.datetime | None:
    """The start of the period after the one that begins at `start`; None past the calendar."""
    try:
        if kind == "year":
            return start.replace(year=start.year + 1)
        if kind == "month":
            return (start + datetime.timedelta(days=32)).replace(day=1)
        return timezone.make_aware(start.replace(tzinfo=None) + datetime.timedelta(days=1))
    except (ValueError, OverflowError):
        return None


def periods_in_index(
    queryset: QuerySet, field: str, kind: str, start, end
) -> list[datetime.datetime]:
    """
    The periods of `kind` between `start` and `end` (either may be None) in which `queryset`
    has a row: the first date at or after each period found is one probe of the date index.
    """
    found = []
    rows = queryset.prefetch_related(None).order_by(field).filter(**{f"{field}__isnull": False})
    if end is not None:
        rows = rows.filter(**{f"{field}__lt": end})
    while True:
        probe = rows if start is None else rows.filter(**{f"{field}__gte": start})
        first = probe.values_list(field, flat=True).first()
        if first is None:
            return found
        found.append(start_of(first, kind))
        start = following(found[-1], kind)
        if start is None:
            return found


Moment = datetime.datetime | None


def date_range(cl: ChangeList) -> tuple[list[int], Moment, Moment]:
    """The year, month and day chosen (as many as are), and the range of dates they span."""
    field = cl.date_hierarchy
    chosen = []
    for kind in KINDS:
        value = cl.params.get(f"{field}__{kind}")
        if value is None:
            break
        chosen.append(int(value))  # the change list has checked it makes a date
    if not chosen:
        return chosen, None, None
    start = timezone.make_aware(datetime.datetime(*chosen, *[1] * (3 - len(chosen))))
    return chosen, start, following(start, KINDS[len(chosen) - 1])


@register.inclusion_tag("admin/date_hierarchy.html")
def photo_date_hierarchy(cl: ChangeList) -> dict:
    """The years, months or days to narrow the photo list to, with a link back up."""
    field = cl.date_hierarchy
    chosen, start, end = date_range(cl)
    list_is_small = cl.paginator.result_count.exact

    def periods(kind: str) -> list[datetime.datetime]:
        if list_is_small:
            # The list is already narrowed to the chosen range.
            return list(cl.queryset.datetimes(field, kind))
        return periods_in_index(cl.root_queryset, field, kind, start, end)

    def link(values: list[int]) -> str:
        return cl.get_query_string(
            {f"{field}__{kind}": str(value) for kind, value in zip(KINDS, values, strict=False)},
            [f"{field}__"],
        )

    def title(moment: datetime.datetime, kind: str) -> str:
        if kind == "year":
            return str(moment.year)
        format = "YEAR_MONTH_FORMAT" if kind == "month" else "MONTH_DAY_FORMAT"
        return capfirst(formats.date_format(moment, format))

    if len(chosen) == 3:
        day = datetime.date(*chosen)
        return {
            "show": True,
            "back": {"link": link(chosen[:2]), "title": title(day, "month")},
            "choices": [{"title": title(day, "day")}],
            "field_name": cl.model._meta.get_field(field).verbose_name,
        }
    kind = KINDS[len(chosen)]
    found = periods(kind)
    if chosen:
        back_title = _("All dates") if len(chosen) == 1 else str(chosen[0])
        back = {"link": link(chosen[:-1]), "title": back_title}
    else:
        back = None
    return {
        "show": bool(found) or bool(chosen),
        "back": back,
        "choices": [
            {"link": link([*chosen, getattr(moment, kind)]), "title": title(moment, kind)}
            for moment in found
        ],
        "field_name": cl.model._meta.get_field(field).verbose_name,
    }
