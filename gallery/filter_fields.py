"""
The fields and widgets of the gallery's filter form: choices read cheaply from lists of a
thousand records, and values checked before they reach the database (NUL bytes, megabytes,
letters where a number belongs).
"""

import re
from html import escape

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import flatatt
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django_filters import fields as filter_fields

from missions.models import Expedition

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


class SubjectChoices(forms.models.ModelChoiceIterator):
    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for subject in self.queryset.as_tree():
            yield self.choice(subject)


class SubjectMultipleChoiceField(CheckedMultipleChoiceField):
    iterator = SubjectChoices

    def label_from_instance(self, subject):
        # Subjects come ordered as a tree (SubjectQuerySet.as_tree); indent the children.
        return f"{'— ' * subject.depth}{subject.name}"


class ExpeditionField(CheckedMultipleChoiceField):
    iterator = ExpeditionChoices
