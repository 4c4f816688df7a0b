"""
Full-text search: on PostgreSQL a generated, weighted `tsvector` with a GIN index and a
trigram index for near misses; on SQLite an FTS5 table kept in step by triggers.
"""

from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations

from astrophoto.db import RunSQLOn
from gallery import search_index

# English and French with accents folded ("Pô" finds "po"), and the same without stemming
# for NASA photo IDs.
CONFIGURATIONS = [
    ("astrophoto_en", "english", "english_stem"),
    ("astrophoto_fr", "french", "french_stem"),
    ("astrophoto_simple", "simple", "simple"),
]

# The words of a search in either language, as one query when both read them alike.
TSQUERY = """
CREATE FUNCTION astrophoto_tsquery(words text) RETURNS tsquery
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE
        WHEN websearch_to_tsquery('astrophoto_en', words)
            = websearch_to_tsquery('astrophoto_fr', words)
        THEN websearch_to_tsquery('astrophoto_en', words)
        ELSE websearch_to_tsquery('astrophoto_en', words)
            || websearch_to_tsquery('astrophoto_fr', words)
    END
$$
"""

# Title, place, features and NASA ID weigh A, captions B. Title, place and features are read
# in both languages, each caption in its own.
SEARCH_VECTOR = """
    setweight(to_tsvector('astrophoto_en'::regconfig, title || ' ' || place || ' ' || features), 'A')
    || setweight(to_tsvector('astrophoto_fr'::regconfig, title || ' ' || place || ' ' || features), 'A')
    || setweight(to_tsvector('astrophoto_simple'::regconfig, nasa_id), 'A')
    || setweight(to_tsvector('astrophoto_en'::regconfig, caption_en), 'B')
    || setweight(to_tsvector('astrophoto_fr'::regconfig, caption_fr), 'B')
"""


class Migration(migrations.Migration):
    dependencies = [
        ("gallery", "0004_photo_public_flag_sort_key_and_list_indexes"),
    ]

    operations = [
        UnaccentExtension(),
        TrigramExtension(),
        RunSQLOn(
            "postgresql",
            [
                statement
                for name, copy, dictionary in CONFIGURATIONS
                for statement in (
                    f"CREATE TEXT SEARCH CONFIGURATION {name} (COPY = pg_catalog.{copy})",
                    f"ALTER TEXT SEARCH CONFIGURATION {name} "
                    f"ALTER MAPPING FOR hword, hword_part, word WITH unaccent, {dictionary}",
                )
            ],
            [f"DROP TEXT SEARCH CONFIGURATION {name}" for name, _copy, _dict in CONFIGURATIONS],
        ),
        RunSQLOn("postgresql", [TSQUERY], ["DROP FUNCTION astrophoto_tsquery(text)"]),
        RunSQLOn(
            "postgresql",
            [
                "ALTER TABLE gallery_photo ADD COLUMN search_vector tsvector "
                f"GENERATED ALWAYS AS ({SEARCH_VECTOR}) STORED",
                "CREATE INDEX photo_search ON gallery_photo USING gin (search_vector)",
                # The strong fields alone, for the first relevance tier: a word common in
                # captions but rare in titles is found here without reading the captions'.
                "CREATE INDEX photo_search_strong ON gallery_photo "
                "USING gin (ts_filter(search_vector, '{a}'))",
                "CREATE INDEX photo_search_trigram ON gallery_photo "
                "USING gin ((title || ' ' || place || ' ' || features) gin_trgm_ops)",
            ],
            [
                "DROP INDEX photo_search_trigram",
                "DROP INDEX photo_search_strong",
                "DROP INDEX photo_search",
                "ALTER TABLE gallery_photo DROP COLUMN search_vector",
            ],
        ),
        RunSQLOn("sqlite", search_index.FORWARDS, search_index.BACKWARDS),
    ]
