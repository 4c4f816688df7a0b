"""
The one FilterSet behind every photo listing, feed and prev/next link.

Query parameters (all optional, all combinable):
`q`, `mission` (slug), `expedition` (number, repeatable: any of), `astronaut` (photographer
slug), `spacecraft` (slug), `subject` (slug, repeatable: any of, a subject includes those
below it), `taken_after` and `taken_before` (ISO dates, inclusive), `year`, `camera` (camera
model), `has_location` (`true`/`false`) and `sort` (`-taken` default, `taken`, `added`;
`relevance` with `q`, where it is the default).
Anything malformed is a form error, which the views answer with 400.
"""

import datetime
import re
from html import escape

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q, Value
from django.db.models.functions import Upper
from django.db.models.lookups import Exact
from django.forms.utils import flatatt
from django.http import QueryDict
from django.utils.formats import date_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django_filters import fields as filter_fields

from astrophoto.pagination import Ordering
from gallery.models import UNDATED, Photo, Subject
from gallery.search import Search
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
MAX_REPEATS = 20
SLUG = re.compile(r"[-a-zA-Z0-9_]{1,140}")
NUMBER = re.compile(r"[0-9]{1,5}")


class CheckedChoiceMixin:
    """Reject malformed values before they reach the database (NUL bytes, megabytes, letters)."""

    value_pattern: re.Pattern

    def check_value(self, value: str) -> None:
        if not isinstance(value, str) or not self.value_pattern.fullmatch(value):
            raise ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": str(value)[:40]},
            )


class QuickSelect(forms.Select):
    """
    A <select> written out directly rather than through a template per option: the gallery's
    lists of astronauts, missions and spacecraft hold about a thousand options, which cost
    tens of milliseconds a page through templates and about one here. Flat choices only.
    """

    def render(self, name, value, attrs=None, renderer=None):
        selected = set(self.format_value(value))
        attrs = self.build_attrs(self.attrs, attrs)
        if self.allow_multiple_selected:
            attrs["multiple"] = True
        options = []
        for option_value, label in self.choices:
            option_value = "" if option_value is None else str(option_value)
            mark = " selected" if option_value in selected else ""
            if mark and not self.allow_multiple_selected:
                selected = set()  # one selected option, as Django's own <select> does
            options.append(
                f'<option value="{escape(option_value)}"{mark}>{escape(str(label))}</option>'
            )
        return mark_safe(
            f'<select name="{escape(name)}"{flatatt(attrs)}>{"".join(options)}</select>'
        )


class QuickSelectMultiple(QuickSelect, forms.SelectMultiple):
    pass


class NameChoices(forms.models.ModelChoiceIterator):
    """Options read as (slug, name) rows, without a model instance for each of hundreds."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        yield from self.queryset.values_list(self.field.to_field_name, "name")


class ExpeditionChoices(forms.models.ModelChoiceIterator):
    """Expeditions read by number alone, without a model instance (or cursor) for each."""

    def __iter__(self):
        for number in self.queryset.values_list("number", flat=True):
            yield (number, Expedition.name_of(number))


class SlugChoiceField(CheckedChoiceMixin, filter_fields.ModelChoiceField):
    """A mission, astronaut or spacecraft, named by its slug."""

    value_pattern = SLUG
    widget = QuickSelect
    iterator = NameChoices

    def to_python(self, value):
        if value in self.empty_values:
            return None
        self.check_value(value)
        return super().to_python(value)


class CheckedMultipleChoiceField(CheckedChoiceMixin, filter_fields.ModelMultipleChoiceField):
    widget = QuickSelectMultiple

    def __init__(self, *args, value_pattern: re.Pattern = SLUG, **kwargs):
        self.value_pattern = value_pattern
        super().__init__(*args, **kwargs)

    def _check_values(self, value):
        if len(value) > MAX_REPEATS:
            raise ValidationError(
                _("Choose at most %(limit)s values."), params={"limit": MAX_REPEATS}
            )
        for item in value:
            self.check_value(item)
        return super()._check_values(value)


class SubjectTree(list):
    """All subjects, parents before their children, each with a `depth`."""

    def __init__(self, subjects):
        by_parent: dict[int | None, list] = {}
        for subject in subjects:
            by_parent.setdefault(subject.parent_id, []).append(subject)

        def walk(parent_id, depth):
            for subject in sorted(by_parent.get(parent_id, ()), key=lambda s: str(s.name)):
                subject.depth = depth
                self.append(subject)
                walk(subject.pk, depth + 1)

        super().__init__()
        walk(None, 0)


class SubjectChoices(forms.models.ModelChoiceIterator):
    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for subject in SubjectTree(self.queryset):
            yield self.choice(subject)


class SubjectMultipleChoiceField(CheckedMultipleChoiceField):
    iterator = SubjectChoices

    def label_from_instance(self, subject):
        # Subjects come ordered as a tree (see subject_choices); indent the children.
        return f"{'— ' * subject.depth}{subject.name}"


class SlugFilter(django_filters.ModelChoiceFilter):
    field_class = SlugChoiceField


class CheckedMultipleFilter(django_filters.ModelMultipleChoiceFilter):
    field_class = CheckedMultipleChoiceField


class ExpeditionField(CheckedMultipleChoiceField):
    iterator = ExpeditionChoices


class ExpeditionFilter(CheckedMultipleFilter):
    field_class = ExpeditionField


class SubjectFilter(django_filters.ModelMultipleChoiceFilter):
    field_class = SubjectMultipleChoiceField


class IntegerFilter(django_filters.Filter):
    field_class = forms.IntegerField


class PhotoFilterForm(forms.Form):
    """Cross-field checks that no single field can make."""

    label_suffix = ""

    single_valued = (
        "q",
        "mission",
        "astronaut",
        "spacecraft",
        "taken_after",
        "taken_before",
        "year",
        "camera",
        "has_location",
        "sort",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "sort" in self.fields and not str(self.data.get("q", "")).strip():
            sort = self.fields["sort"]
            sort.widget.choices = [choice for choice in sort.choices if choice[0] != RELEVANCE]

    def clean(self):
        cleaned = super().clean()
        if isinstance(self.data, QueryDict):
            for name in self.single_valued:
                if len(self.data.getlist(name)) > 1:
                    self.add_error(name, _("Give this filter only once."))
        after, before = cleaned.get("taken_after"), cleaned.get("taken_before")
        if after and before and after > before:
            self.add_error("taken_before", _("The end of the date range is before its beginning."))
        return cleaned


def date_input():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PhotoFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_text",
        max_length=200,
        help_text=_("Words from the title, caption, place or features, or a NASA photo ID."),
        widget=forms.TextInput(attrs={"type": "search", "spellcheck": "false"}),
    )
    expedition = ExpeditionFilter(
        label=_("Expedition"),
        queryset=Expedition.objects.order_by("-number"),
        to_field_name="number",
        value_pattern=NUMBER,
        method="filter_expedition",
    )
    mission = SlugFilter(
        label=_("Mission"),
        queryset=Mission.objects.all(),
        to_field_name="slug",
        empty_label=_("Any mission"),
        method="filter_mission",
    )
    astronaut = SlugFilter(
        label=_("Photographer"),
        queryset=Astronaut.objects.all(),
        to_field_name="slug",
        empty_label=_("Anyone"),
        method="filter_astronaut",
    )
    spacecraft = SlugFilter(
        label=_("Spacecraft"),
        queryset=Spacecraft.objects.all(),
        to_field_name="slug",
        empty_label=_("Any spacecraft"),
        method="filter_spacecraft",
    )
    subject = SubjectFilter(
        label=_("Subject"),
        queryset=Subject.objects.all(),
        to_field_name="slug",
        method="filter_subject",
    )
    taken_after = django_filters.DateFilter(
        label=_("Taken on or after"),
        method="filter_taken_after",
        input_formats=["%Y-%m-%d"],
        widget=date_input(),
    )
    taken_before = django_filters.DateFilter(
        label=_("Taken on or before"),
        method="filter_taken_before",
        input_formats=["%Y-%m-%d"],
        widget=date_input(),
    )
    year = IntegerFilter(
        label=_("Year"),
        method="filter_year",
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
    sort = django_filters.ChoiceFilter(
        label=_("Order"),
        method="filter_nothing",
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

    multi_valued = ("expedition", "subject")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.search: Search | None = None

    @property
    def chosen_sort(self) -> str:
        """The chosen sort: relevance by default when searching, and only then."""
        searching = bool(self.is_bound and self.data.get("q", "").strip())
        sort = (self.form.cleaned_data.get("sort") if self.is_bound else "") or ""
        if sort == RELEVANCE and not searching:
            return DEFAULT_SORT
        return sort or (RELEVANCE if searching else DEFAULT_SORT)

    @property
    def ordering(self) -> Ordering:
        """The order of the chosen sort, for the keyset paginator."""
        if self.chosen_sort != RELEVANCE:
            return SORTS[self.chosen_sort]
        self.qs  # noqa: B018 (filtering runs the search, which decides the tiers)
        tiers = self.search.tiers(self.queryset) if self.search else ()
        return Ordering("taken_key", descending=True, tiers=tiers)

    def filter_text(self, queryset, name, value):
        self.search = Search(value)
        return self.search.filter(queryset)

    def filter_expedition(self, queryset, name, value):
        return queryset.filter(expedition__in=value) if value else queryset

    def filter_mission(self, queryset, name, value):
        return queryset.filter(mission=value)

    def filter_astronaut(self, queryset, name, value):
        return queryset.filter(photographer=value)

    def filter_spacecraft(self, queryset, name, value):
        return queryset.filter(spacecraft=value)

    def filter_subject(self, queryset, name, value):
        return queryset.about(value) if value else queryset

    # Dates filter on the sort key, so that a range is a range of the indexes that order
    # the pages; undated photos (keyed at the earliest moment) fall outside every range.
    def filter_taken_after(self, queryset, name, value):
        return queryset.filter(taken_key__gte=start_of_day(value))

    def filter_taken_before(self, queryset, name, value):
        return queryset.filter(
            taken_key__gt=UNDATED,
            taken_key__lt=start_of_day(value + datetime.timedelta(days=1)),
        )

    def filter_year(self, queryset, name, value):
        return queryset.filter(
            taken_key__gte=start_of_day(datetime.date(value, 1, 1)),
            taken_key__lt=start_of_day(datetime.date(value + 1, 1, 1)),
        )

    def filter_camera(self, queryset, name, value):
        # UPPER on both sides, as the camera index is built: the same on every database.
        return queryset.filter(Exact(Upper("camera_model"), Upper(Value(value.strip()))))

    def filter_has_location(self, queryset, name, value):
        if value == "true":
            return queryset.with_location()
        return queryset.filter(Q(latitude__isnull=True) | Q(longitude__isnull=True))

    def filter_nothing(self, queryset, name, value):
        return queryset

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
            items = value if name in self.multi_valued else [value]
            for item in items:
                remaining = current.copy()
                if name in self.multi_valued:
                    key = self.form.fields[name].to_field_name
                    others = [str(getattr(other, key)) for other in items if other != item]
                    remaining.setlist(name, others)
                else:
                    del remaining[name]
                active.append(
                    {
                        "name": name,
                        "label": self.form.fields[name].label,
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
