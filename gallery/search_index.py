"""
The full-text index SQLite keeps for photo search: an FTS5 table and the triggers that keep
it in step with `gallery_photo`.

FTS5 reads the text from `gallery_photo` itself (an external-content table), so the index
holds only tokens. The tokenizer folds case and diacritics ("Pô" and "po" meet) and stems
English words ("rivers" finds "river"). PostgreSQL does not use any of this: its index is a
generated `tsvector` column (see the migration that creates it and docs/performance.md).

Django rebuilds a SQLite table to alter it, which drops the table's triggers; so the migration
creates them and `ensure_triggers()` (run after every `migrate`) puts back any that are missing
and then rebuilds the index from the table.
"""

from django.db.backends.base.base import BaseDatabaseWrapper

TABLE = "gallery_photo_search"
# The searched columns; the first four are "strong": a word found there ranks higher.
COLUMNS = ("title", "place", "features", "nasa_id", "caption_en", "caption_fr")
STRONG_COLUMNS = COLUMNS[:4]

_columns = ", ".join(COLUMNS)
_new = ", ".join(f"new.{column}" for column in COLUMNS)
_old = ", ".join(f"old.{column}" for column in COLUMNS)

CREATE_TABLE = (
    f"CREATE VIRTUAL TABLE {TABLE} USING fts5({_columns}, content='gallery_photo', "
    "content_rowid='id', tokenize='porter unicode61 remove_diacritics 2')"
)
TRIGGERS = {
    f"{TABLE}_insert": (
        f"CREATE TRIGGER IF NOT EXISTS {TABLE}_insert AFTER INSERT ON gallery_photo BEGIN "
        f"INSERT INTO {TABLE}(rowid, {_columns}) VALUES (new.id, {_new}); END"
    ),
    f"{TABLE}_delete": (
        f"CREATE TRIGGER IF NOT EXISTS {TABLE}_delete AFTER DELETE ON gallery_photo BEGIN "
        f"INSERT INTO {TABLE}({TABLE}, rowid, {_columns}) VALUES ('delete', old.id, {_old}); END"
    ),
    f"{TABLE}_update": (
        f"CREATE TRIGGER IF NOT EXISTS {TABLE}_update AFTER UPDATE OF {_columns} "
        f"ON gallery_photo BEGIN "
        f"INSERT INTO {TABLE}({TABLE}, rowid, {_columns}) VALUES ('delete', old.id, {_old}); "
        f"INSERT INTO {TABLE}(rowid, {_columns}) VALUES (new.id, {_new}); END"
    ),
}
REBUILD = f"INSERT INTO {TABLE}({TABLE}) VALUES ('rebuild')"

FORWARDS = [CREATE_TABLE, *TRIGGERS.values(), REBUILD]
BACKWARDS = [*(f"DROP TRIGGER IF EXISTS {name}" for name in TRIGGERS), f"DROP TABLE {TABLE}"]


def ensure_triggers(connection: BaseDatabaseWrapper) -> bool:
    """
    On SQLite, put back the triggers a table rebuild dropped, and rebuild the index, since
    rows may have changed while they were missing. Return whether anything was missing.
    """
    if connection.vendor != "sqlite":
        return False
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name, type FROM sqlite_master WHERE name = %s OR tbl_name = 'gallery_photo'",
            [TABLE],
        )
        present = dict(cursor.fetchall())
        if TABLE not in present:
            return False  # not migrated this far: the migration will create everything
        missing = [sql for name, sql in TRIGGERS.items() if name not in present]
        for sql in missing:
            cursor.execute(sql)
        if missing:
            cursor.execute(REBUILD)
    return bool(missing)
