"""
Merge a row's values into a record without undoing what people changed since the import.

Each imported record remembers, in its `imported_values` JSON field, the values the archive
last gave it (`{"place": "MALI", ...}`). When a row comes again:

- a field that still holds what was imported follows the archive: it takes the row's value;
- a field whose value differs from what was imported was changed in the catalogue since (by
  a curator, say): it is kept and counted as an edit, unless the operator asked for the
  archive's values back (`overwrite_edits`);
- a field the record has no memory of (a record a person created, or one imported before
  records remembered) is filled only while it holds nothing: empty, or its default.

An empty cell is never a value (the importers leave it out), so it never erases anything.
"""

import datetime
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

MEMORY_FIELD = "imported_values"


def imported_values_field() -> models.JSONField:
    """The field in which an imported model keeps what the archive last gave it."""
    return models.JSONField(
        _("values as last imported"),
        default=dict,
        blank=True,
        editable=False,
        help_text=_("What an archive import last set, so that a re-run keeps later edits."),
    )


def remembered(value):
    """`value` as `imported_values` holds it: JSON types, moments in UTC ISO 8601."""
    if isinstance(value, datetime.date):
        if isinstance(value, datetime.datetime):
            value = value.astimezone(datetime.UTC)
        return value.isoformat()
    return value


def memory_of(values: dict) -> dict:
    """What a record created from `values` remembers (its empty values need no memory)."""
    return {name: remembered(value) for name, value in values.items() if value not in (None, "")}


def same_value(current, memory) -> bool:
    """Whether a value, as `remembered()` writes it, is the one remembered."""
    if current == memory:
        return True
    # PostgreSQL's jsonb gives 1e16 back as the integer 10000000000000000.
    return isinstance(current, float) and isinstance(memory, int) and current == float(memory)


def holds_nothing(instance: models.Model, name: str) -> bool:
    """Whether a field holds nothing anyone chose: empty, or the model's default."""
    value = getattr(instance, name)
    if value is None or value == "":
        return True
    field = instance._meta.get_field(name)
    return field.has_default() and value == field.get_default()


@dataclass
class Merge:
    """What a row does to a record: the values it sets, the edits it meets, the new memory."""

    changes: dict
    edited: list[str]
    memory: dict

    @classmethod
    def plan(
        cls,
        instance: models.Model,
        values: dict,
        *,
        overwrite_edits: bool = False,
        only_empty: bool = False,
        memory: dict | None = None,
        together: tuple[str, ...] = (),
    ) -> "Merge":
        """
        Say what `values` change on `instance`. `edited` names the fields a person changed
        that the row disagrees with: kept, or overwritten with `overwrite_edits`. With
        `only_empty`, only fields that hold nothing are filled (later rows about a record in
        one run). `memory` stands for the instance's own when the caller knows better.
        Fields named `together` (a time and its precision) are kept all or none.
        """
        memory = dict(getattr(instance, MEMORY_FIELD) if memory is None else memory)
        before = dict(memory)
        changes, edited = {}, []
        for name, value in values.items():
            current = getattr(instance, name)
            if only_empty and not (current is None or current == ""):
                continue
            # Dates only need converting: a test first saves a call per field (GAP: 20 a row).
            incoming = remembered(value) if isinstance(value, datetime.date) else value
            held = remembered(current) if isinstance(current, datetime.date) else current
            if held == incoming or same_value(held, incoming):
                memory[name] = incoming
                continue
            if name in memory:
                changed_by_a_person = not same_value(held, memory[name])
            else:
                changed_by_a_person = not holds_nothing(instance, name)
            if changed_by_a_person:
                edited.append(name)
                if not overwrite_edits:
                    continue
            changes[name] = value
            memory[name] = incoming
        if not overwrite_edits and set(together) & set(edited):
            for name in together:
                changes.pop(name, None)
                memory.pop(name, None)
                if name in before:
                    memory[name] = before[name]
        return cls(changes, edited, memory)

    @property
    def changed(self) -> list[str]:
        return list(self.changes)

    def apply(self, instance: models.Model) -> list[str]:
        """Set the changes on `instance`; return the fields to save, the memory among them."""
        for name, value in self.changes.items():
            setattr(instance, name, value)
        fields = list(self.changes)
        if self.memory != getattr(instance, MEMORY_FIELD):
            setattr(instance, MEMORY_FIELD, self.memory)
            fields.append(MEMORY_FIELD)
        return fields
