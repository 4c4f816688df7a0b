"""
A PostgreSQL function that counts the rows of a query without reading millions of them: the
planner's estimate when it expects many rows, else an exact count read no further than a limit.
One round trip either way, so a page runs the same number of queries whatever the result size.
Estimates are trusted only once the table has statistics: before that they are guesses.
"""

from django.db import migrations

from astrophoto.db import RunSQLOn

BOUNDED_COUNT = """
CREATE FUNCTION astrophoto_bounded_count(
    query text, exact_limit bigint, estimate_over bigint, analyzed regclass,
    OUT value bigint, OUT exact boolean, OUT estimated boolean
) LANGUAGE plpgsql AS $$
DECLARE
    plan json;
    expected bigint := 0;
BEGIN
    -- Statistics record the table's size in pages once it has been analyzed (or vacuumed)
    -- with rows in it; until then the planner guesses.
    IF (SELECT relpages > 0 FROM pg_class WHERE oid = analyzed) THEN
        EXECUTE 'EXPLAIN (FORMAT JSON) ' || query INTO plan;
        expected := (plan -> 0 -> 'Plan' ->> 'Plan Rows')::bigint;
    END IF;
    IF expected > estimate_over THEN
        value := expected; exact := false; estimated := true;
        RETURN;
    END IF;
    EXECUTE 'SELECT count(*) FROM (' || query || ' LIMIT ' || (exact_limit + 1) || ') AS rows'
        INTO value;
    exact := value <= exact_limit;
    estimated := NOT exact AND expected > exact_limit;
    IF estimated THEN
        value := expected;
    ELSIF NOT exact THEN
        value := exact_limit;
    END IF;
END
$$
"""


class Migration(migrations.Migration):
    dependencies = [
        ("gallery", "0005_photo_search"),
    ]

    operations = [
        RunSQLOn(
            "postgresql",
            # One statement: not to be split at the semicolons of the function's body.
            [BOUNDED_COUNT],
            ["DROP FUNCTION astrophoto_bounded_count(text, bigint, bigint, regclass)"],
        ),
    ]
