"""
The one FilterSet behind every photo listing, feed and prev/next link.

Query parameters (all optional, all combinable):
`q`, `mission` (slug), `expedition` (number, repeatable: any of), `astronaut` (photographer
slug), `spacecraft` (slug), `subject` (slug, repeatable: any of, a subject includes those
below it), `taken_after` and `taken_before` (ISO dates, inclusive), `year`, `camera` (camera
model), `has_location` (`true`/`false`) and `sort` (`-taken` default, `taken`, `added`;
`relevance` with `q`, where it is the default).
Anything malformed is a form error, which the views answer with 400.

Data flows one way: a view builds the FilterSet, the FilterSet builds the queryset (`qs`),
and `ordering` is the chosen sort as data, read from the form alone.
"""

import datetime

import django_filters
from django import forms
from django.db.models import Q, Value
from django.db.models.functions import Upper
from django.db.models.lookups import Exact
from django.http import QueryDict
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from astrophoto.pagination import Ordering
from gallery.filter_fields import (
    NUMBER,
    CheckedMultipleChoiceField,
    ExpeditionField,
    SlugChoiceField,
    SubjectMultipleChoiceField,
)
from gallery.models import UNDATED, Photo, Subject
from gallery.search import MAX_LENGTH, Search
from missions.models import Astronaut, Expedition, Mission, Spacecraft

# Photos without a date sort as the earliest moment: last when the newest come first, and
# kept last (as the tail) when the oldest come first.
SORTS = {
    "-taken": Ordering("taken_key", descending=True),
    "taken": Ordering("taken_key", tail=UNDATED),
    "added": Ordering("created_at", descending=True),
}
DEFAULT_SORT = "-taken"
# Offered, and the default, only with search words: photos holding them in title, place,
# features or NASA ID first, then in captions; newest first within each (gallery.search).
RELEVANCE = "relevance"


class SlugFilter(django_filters.ModelChoiceFilter):
    """A mission, astronaut or spacecraft, named by its slug."""

    field_class = SlugChoiceField


class RecordsFilter(django_filters.ModelMultipleChoiceFilter):
    """
    Any of several records (`field_name__in`), named by `to_field_name` in the query string.
    No DISTINCT: it would defeat keyset pagination, and a foreign key cannot repeat a row.
    """

    field_class = CheckedMultipleChoiceField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("distinct", False)
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        return qs.filter(**{f"{self.field_name}__in": value}) if value else qs


class ExpeditionFilter(RecordsFilter):
    field_class = ExpeditionField


class SubjectFilter(django_filters.ModelMultipleChoiceFilter):
    field_class = SubjectMultipleChoiceField


class IntegerFilter(django_filters.Filter):
    field_class = forms.IntegerField


class DayFilter(django_filters.DateFilter):
    """
    One end of a range of UTC days, inclusive (`lookup_expr` "gte" or "lte"), on a date
    that undated photos hold as the earliest moment: they match no range. Filtering on the
    sort key makes a range a range of the indexes that order the pages.
    """

    def filter(self, qs, value):
        if value is None:
            return qs
        dated = Q(**{f"{self.field_name}__gt": UNDATED})
        if self.lookup_expr == "gte":
            return qs.filter(dated, **{f"{self.field_name}__gte": start_of_day(value)})
        if value == datetime.date.max:
            return qs.filter(dated)  # the end of the calendar: no day after it to stop at
        next_day = start_of_day(value + datetime.timedelta(days=1))
        return qs.filter(dated, **{f"{self.field_name}__lt": next_day})


class SortFilter(django_filters.ChoiceFilter):
    """The chosen order: not a filter, read by `PhotoFilter.ordering`."""

    def filter(self, qs, value):
        return qs


class PhotoFilterForm(forms.Form):
    """Cross-field checks that no single field can make."""

    label_suffix = ""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "sort" in self.fields and not str(self.data.get("q", "")).strip():
            sort = self.fields["sort"]
            sort.widget.choices = [choice for choice in sort.choices if choice[0] != RELEVANCE]

    def clean(self):
        cleaned = super().clean()
        if isinstance(self.data, QueryDict):
            for name, field in self.fields.items():
                if not is_multiple(field) and len(self.data.getlist(name)) > 1:
                    self.add_error(name, _("Give this filter only once."))
        after, before = cleaned.get("taken_after"), cleaned.get("taken_before")
        if after and before and after > before:
            self.add_error("taken_before", _("The end of the date range is before its beginning."))
        return cleaned


def is_multiple(field: forms.Field) -> bool:
    """Whether a filter takes several values (repeated in the query string)."""
    return getattr(field.widget, "allow_multiple_selected", False)


def date_input():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PhotoFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_text",
        max_length=MAX_LENGTH,
        help_text=_("Words from the title, caption, place or features, or a NASA photo ID."),
        widget=forms.TextInput(attrs={"type": "search", "spellcheck": "false"}),
    )
    expedition = ExpeditionFilter(
        label=_("Expedition"),
        field_name="expedition",
        queryset=Expedition.objects.order_by("-number"),
        to_field_name="number",
        value_pattern=NUMBER,
    )
    mission = SlugFilter(
        label=_("Mission"),
        field_name="mission",
        queryset=Mission.objects.all(),
        to_field_name="slug",
        empty_label=_("Any mission"),
    )
    astronaut = SlugFilter(
        label=_("Photographer"),
        field_name="photographer",
        queryset=Astronaut.objects.all(),
        to_field_name="slug",
        empty_label=_("Anyone"),
    )
    spacecraft = SlugFilter(
        label=_("Spacecraft"),
        field_name="spacecraft",
        queryset=Spacecraft.objects.all(),
        to_field_name="slug",
        empty_label=_("Any spacecraft"),
    )
    subject = SubjectFilter(
        label=_("Subject"),
        queryset=Subject.objects.all(),
        to_field_name="slug",
        method="filter_subject",
    )
    taken_after = DayFilter(
        label=_("Taken on or after"),
        field_name="taken_key",
        lookup_expr="gte",
        input_formats=["%Y-%m-%d"],
        widget=date_input(),
    )
    taken_before = DayFilter(
        label=_("Taken on or before"),
        field_name="taken_key",
        lookup_expr="lte",
        input_formats=["%Y-%m-%d"],
        widget=date_input(),
    )
    year = IntegerFilter(
        label=_("Year"),
        field_name="taken_key",
        lookup_expr="year",
        min_value=1900,
        max_value=2200,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    camera = django_filters.CharFilter(
        label=_("Camera"),
        method="filter_camera",
        max_length=100,
        help_text=_("Camera model, such as NIKON D5."),
    )
    has_location = django_filters.ChoiceFilter(
        label=_("Location"),
        method="filter_has_location",
        choices=[("true", _("With coordinates")), ("false", _("Without coordinates"))],
        empty_label=_("With or without"),
    )
    sort = SortFilter(
        label=_("Order"),
        choices=[
            (RELEVANCE, _("Relevance")),
            ("-taken", _("Newest first")),
            ("taken", _("Oldest first")),
            ("added", _("Recently added")),
        ],
        empty_label=None,
    )

    class Meta:
        model = Photo
        fields = []
        form = PhotoFilterForm

    @property
    def search_text(self) -> str:
        return (self.form.cleaned_data.get("q") or "").strip() if self.is_bound else ""

    @property
    def chosen_sort(self) -> str:
        """The chosen sort: relevance by default when searching, and only then."""
        sort = (self.form.cleaned_data.get("sort") if self.is_bound else "") or ""
        if sort == RELEVANCE and not self.search_text:
            return DEFAULT_SORT
        return sort or (RELEVANCE if self.search_text else DEFAULT_SORT)

    @property
    def ordering(self) -> Ordering:
        """The order of the chosen sort, for the keyset paginator."""
        if self.chosen_sort != RELEVANCE:
            return SORTS[self.chosen_sort]
        tiers = Search(self.search_text).tiers(self.queryset.db)
        return Ordering("taken_key", descending=True, tiers=tiers)

    def filter_text(self, queryset, name, value):
        return queryset.search(value)

    def filter_subject(self, queryset, name, value):
        return queryset.about(value) if value else queryset

    def filter_camera(self, queryset, name, value):
        # UPPER on both sides, as the camera index is built: the same on every database.
        return queryset.filter(Exact(Upper("camera_model"), Upper(Value(value.strip()))))

    def filter_has_location(self, queryset, name, value):
        if value == "true":
            return queryset.with_location()
        return queryset.filter(Q(latitude__isnull=True) | Q(longitude__isnull=True))

    def context_query(self) -> str:
        """Return the valid filters and sort as a query string, without the page cursor."""
        query = QueryDict(mutable=True)
        if self.is_bound and self.is_valid():
            for name in self.filters:
                values = [value for value in self.data.getlist(name) if value]
                if values:
                    query.setlist(name, values)
        return query.urlencode()

    def active_filters(self) -> list[dict]:
        """Describe each filter in use, with the query string that removes just that one."""
        if not (self.is_bound and self.is_valid()):
            return []
        current = QueryDict(self.context_query())
        active = []
        for name, value in self.form.cleaned_data.items():
            if name == "sort" or value in (None, "", []):
                continue
            field = self.form.fields[name]
            items = value if is_multiple(field) else [value]
            for item in items:
                remaining = current.copy()
                if is_multiple(field):
                    key = field.to_field_name
                    others = [str(getattr(other, key)) for other in items if other != item]
                    remaining.setlist(name, others)
                else:
                    del remaining[name]
                active.append(
                    {
                        "name": name,
                        "label": field.label,
                        "value": self.describe(name, item),
                        "remove_query": remaining.urlencode(),
                    }
                )
        return active

    def describe(self, name: str, value) -> str:
        if isinstance(value, datetime.date):
            return date_format(value, "DATE_FORMAT")
        if name == "has_location":
            return str(dict(self.form.fields[name].choices)[value])
        return str(value)


def start_of_day(day: datetime.date) -> datetime.datetime:
    """Photo times are UTC, so a day of the filters is a UTC day."""
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=datetime.UTC)
