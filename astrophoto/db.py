"""Database helpers that know nothing about photos."""

from django.db import migrations
from django.db.models import Lookup


class Condition(Lookup):
    """
    `lhs <operator> rhs` for an operator Django has no lookup for, used as a filter:
    `queryset.filter(Condition(F("a"), Value(1)))`.

    A lookup rather than an expression, so that every database takes it as a condition of
    its own: an expression would be compared with TRUE on databases without a boolean type,
    which hides it from SQLite's planner.
    """

    operator = ""

    def as_sql(self, compiler, connection):
        lhs, lhs_params = compiler.compile(self.lhs)
        rhs, rhs_params = compiler.compile(self.rhs)
        return f"{lhs} {self.operator} {rhs}", (*lhs_params, *rhs_params)


class RunSQLOn(migrations.RunSQL):
    """
    Run SQL on one database vendor ("postgresql", "sqlite") and do nothing on the others.

    For what only one database has (a PostgreSQL `tsvector` column, a SQLite FTS5 table):
    the model state stays the same everywhere, so `makemigrations` agrees on every backend.
    """

    def __init__(self, vendor: str, sql, reverse_sql=None, **kwargs):
        self.vendor = vendor
        super().__init__(sql, reverse_sql, **kwargs)

    def deconstruct(self):
        name, args, kwargs = super().deconstruct()
        return name, [self.vendor, *args], kwargs

    def describe(self):
        return f"Raw SQL on {self.vendor}"

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == self.vendor:
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == self.vendor:
            super().database_backwards(app_label, schema_editor, from_state, to_state)
