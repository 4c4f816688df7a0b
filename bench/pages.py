#!/usr/bin/env python3
"""
Benchmark the public pages on a catalogue of a million photos, against a naive baseline.

    ./dev bench pages                         # PostgreSQL, 1,000,000 photos
    ./dev bench pages --sqlite                # SQLite, 100,000 photos
    ./dev bench pages --photos 200000 --reuse # keep a catalogue made earlier with the same size

PostgreSQL is the server of DATABASE_URL when it names one, else postgres://postgres@
127.0.0.1:5432; the benchmark works in its own database, astrophoto_bench, and never touches
another: it is made afresh and dropped at the end, unless --keep (or --reuse, which measures
the catalogue kept by an earlier run when it is the same). SQLite's is var/bench/pages.sqlite3.

It loads a synthetic catalogue (bench/catalogue.py: COPY on PostgreSQL, batched inserts on
SQLite), then requests each page below through the site's real views, URLs, middleware and
templates (Django's test client, DEBUG off, so templates come from the cached loader), and
prints p50 and p95 over --requests requests (after a few unmeasured ones), the SQL queries
each page runs, and the same for the naive baseline (bench/naive.py: OFFSET pages with an
exact COUNT(*), `icontains` search) over --baseline-requests requests, with the ratios.
--plans prints the database's plan for each page's main query (EXPLAIN ANALYZE on
PostgreSQL, EXPLAIN QUERY PLAN on SQLite).
"""

import argparse
import hashlib
import html
import json
import os
import platform
import re
import shutil
import statistics
import sys
import tempfile
import time
from contextlib import nullcontext
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432"
DATABASE_NAME = "astrophoto_bench"
SEED = 6
# The pages the targets apply to: p50 under 50 ms and p95 under 150 ms at a million photos.
TARGET_P50, TARGET_P95 = 50, 150
BOUNDED_COUNT = r"astrophoto_bounded_count\('(.*)', (\d+), (\d+), '[^']*'\)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sqlite", action="store_true", help="SQLite instead of PostgreSQL")
    parser.add_argument("--photos", type=int, help="default 1,000,000; 100,000 with --sqlite")
    parser.add_argument("--requests", type=int, default=200, help="per page (default 200)")
    parser.add_argument(
        "--baseline-requests", type=int, default=20, help="per naive page (default 20)"
    )
    parser.add_argument(
        "--reuse", action="store_true", help="use the catalogue of an earlier run if it matches"
    )
    parser.add_argument(
        "--keep", action="store_true", help="keep the catalogue for --reuse (implied by --reuse)"
    )
    parser.add_argument("--plans", action="store_true", help="print query plans")
    parser.add_argument("--skip-naive", action="store_true", help="leave out the baseline")
    options = parser.parse_args()
    photos = options.photos or (100_000 if options.sqlite else 1_000_000)
    started = time.perf_counter()

    url = prepare_database(options.sqlite)
    static = tempfile.mkdtemp(prefix="astrophoto-bench-static-")
    os.environ.update(
        DATABASE_URL=url,
        DEBUG="0",
        SECRET_KEY="benchmark-only",
        ALLOWED_HOSTS="testserver",
        SECURE_SSL_REDIRECT="0",
        STATIC_ROOT=static,
        DJANGO_SETTINGS_MODULE="astrophoto.settings",
    )
    sys.path.insert(0, str(ROOT / "bench"))
    import django

    django.setup()
    from django.core.management import call_command

    generator = hashlib.sha256((ROOT / "bench" / "catalogue.py").read_bytes()).hexdigest()[:12]
    description = f"{photos} photos, seed {SEED}, {latest_migration()}, generator {generator}"
    if not (options.reuse and catalogue_description() == description):
        fresh_database(url)
        call_command("migrate", verbosity=0)
        import catalogue

        catalogue.load(photos, seed=SEED, progress=lambda line: print(f"  {line}", flush=True))
        record_catalogue(description)
    call_command("collectstatic", interactive=False, verbosity=0)
    print_machine(url)
    cases = page_cases(photos)
    results = measure_all(cases, options)
    report(results, photos)
    if options.plans:
        print_plans(cases)
    if not (options.keep or options.reuse):
        fresh_database(url, drop_only=True)
    shutil.rmtree(static, ignore_errors=True)
    print(f"\nthe whole run took {(time.perf_counter() - started) / 60:.1f} minutes")


def prepare_database(sqlite: bool) -> str:
    if sqlite:
        path = ROOT / "var" / "bench" / "pages.sqlite3"
        path.parent.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{path}"
    server = os.environ.get("DATABASE_URL", "")
    if not server.startswith("postgres"):
        server = DEFAULT_SERVER
    parts = urlsplit(server)
    return urlunsplit(parts._replace(path=f"/{DATABASE_NAME}"))


def fresh_database(url: str, *, drop_only: bool = False) -> None:
    """Drop and make again the benchmark's own database (or SQLite file)."""
    from django.db import connection

    connection.close()
    if url.startswith("sqlite"):
        path = Path(urlsplit(url).path)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return
    import psycopg

    admin = urlunsplit(urlsplit(url)._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as server:
        server.execute(f'DROP DATABASE IF EXISTS "{DATABASE_NAME}" WITH (FORCE)')
        if not drop_only:
            server.execute(f'CREATE DATABASE "{DATABASE_NAME}"')


def latest_migration() -> str:
    from django.db.migrations.loader import MigrationLoader

    leaves = MigrationLoader(None, ignore_no_migrations=True).graph.leaf_nodes("gallery")
    return " ".join(name for _app, name in leaves)


def catalogue_description() -> str | None:
    """What the benchmark database holds, as recorded when it was loaded (None: unknown)."""
    from django.db import DatabaseError, connection

    if connection.vendor == "postgresql" and not database_exists():
        return None
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT description FROM bench_catalogue")
            row = cursor.fetchone()
    except DatabaseError:
        return None
    return row[0] if row else None


def database_exists() -> bool:
    import psycopg
    from django.conf import settings

    database = settings.DATABASES["default"]
    admin = f"postgres://{database['USER']}@{database['HOST']}:{database['PORT'] or 5432}/postgres"
    with psycopg.connect(admin) as server:
        found = server.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE_NAME]
        ).fetchone()
    return bool(found)


def record_catalogue(description: str) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE bench_catalogue (description text)")
        cursor.execute("INSERT INTO bench_catalogue VALUES (%s)", [description])


def print_machine(url: str) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT version()")
        else:
            cursor.execute("SELECT 'SQLite ' || sqlite_version()")
        version = cursor.fetchone()[0].split(" on ")[0]
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    print(
        f"\n{platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}, {version}; load average {load}"
    )


class Case:
    """A page to measure, its naive counterpart, and whether the targets apply to it."""

    def __init__(self, label: str, url: str, naive: str | None, *, target: bool = True):
        self.label, self.url, self.naive, self.target = label, url, naive, target


def page_cases(photos: int) -> list[Case]:
    from django.conf import settings

    from astrophoto.pagination import KeysetPaginator
    from gallery.filters import SORTS
    from gallery.models import Photo
    from gallery.sitemaps import PhotoSitemap

    public = Photo.objects.public()
    depth = min(500_000, public.count() * 2 // 3)
    deep = public.order_by("-taken_key", "-id").only("taken_key")[depth - 1]
    cursor = KeysetPaginator(public, SORTS["-taken"], 1).encode(deep, 0, forward=True)
    page_number = depth // settings.GALLERY_PAGE_SIZE + 1
    frequent, rare, absent = "night", "Kerguelen", "xylophone"
    three = {"mission": "alpha", "astronaut": "megan-mcarthur", "subject": "cities-at-night"}
    nothing = {"mission": "alpha", "expedition": "50"}
    photo_url = public.order_by("pk")[depth].get_absolute_url()
    section = f"sitemap-photos.xml?p={max(1, PhotoSitemap().paginator.num_pages // 2)}"
    return [
        Case("first gallery page", "/photos/", "/naive/photos/"),
        Case(
            f"page {depth:,} rows deep",
            f"/photos/?cursor={cursor}",
            f"/naive/photos/?page={page_number}",
        ),
        Case("three filters", f"/photos/?{urlencode(three)}", f"/naive/photos/?{urlencode(three)}"),
        Case(
            "a filter matching nothing",
            f"/photos/?{urlencode(nothing)}",
            f"/naive/photos/?{urlencode(nothing)}",
        ),
        Case(
            f"search: frequent ({frequent})",
            f"/photos/?q={frequent}",
            f"/naive/photos/?q={frequent}",
        ),
        Case(f"search: rare ({rare})", f"/photos/?q={rare}", f"/naive/photos/?q={rare}"),
        Case(f"search: absent ({absent})", f"/photos/?q={absent}", f"/naive/photos/?q={absent}"),
        Case("photo page", photo_url, f"/naive{photo_url}"),
        Case("search: near miss (Marsseille)", "/photos/?q=Marsseille", None, target=False),
        Case("mission page (Alpha)", "/missions/alpha/", None, target=False),
        Case("subject page (Earth)", "/subjects/earth/", None, target=False),
        Case("home page", "/", None, target=False),
        Case("sitemap section (10,000 photos)", f"/{section}", f"/naive/{section}", target=False),
    ]


def measure_all(cases: list[Case], options) -> list[dict]:
    """Time every page, then every naive page: the baseline's long scans come after."""
    from django.test import Client

    client = Client()
    results = []
    for case in cases:
        ours = timed(client, case.url, options.requests)
        results.append({"case": case, "ours": ours, "naive": None})
        print(
            f"  {case.label:<34} p50 {ours['p50']:7.1f} ms  p95 {ours['p95']:7.1f} ms"
            f"  {ours['queries']:>2} queries",
            flush=True,
        )
    if options.skip_naive:
        return results
    for result in results:
        case = result["case"]
        if case.naive:
            naive = timed(client, case.naive, options.baseline_requests, urlconf="naive")
            result["naive"] = naive
            print(f"  naive {case.label:<28} p50 {naive['p50']:8.1f} ms", flush=True)
    return results


def timed(client, url: str, requests: int, urlconf: str | None = None) -> dict:
    """Request `url` a few times unmeasured, then `requests` times; return the figures."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext, override_settings

    with override_settings(ROOT_URLCONF=urlconf) if urlconf else nullcontext():
        for _ in range(min(10, requests)):
            response = client.get(url)
            if response.status_code != 200:
                raise SystemExit(f"{url} answered {response.status_code}")
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        queries = [query["sql"] for query in captured]  # before later requests reset the log
        times = []
        for _ in range(requests):
            started = time.perf_counter()
            client.get(url)
            times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return {
        "p50": statistics.median(times),
        "p95": times[max(0, round(len(times) * 0.95) - 1)],
        "queries": len(queries),
        "bytes": len(response.content),
        "count": result_count(response.content.decode()),
        "sql": queries,
    }


def report(results: list[dict], photos: int) -> None:
    print(f"\n{photos:,} photos; times in ms, p50 / p95; naive = OFFSET + COUNT(*), icontains")
    columns = ("p50", "p95", "SQL", "naive p50", "naive p95", "ratio")
    widths = (7, 7, 4, 10, 10, 7)
    header = f"{'page':<34} " + " ".join(f"{c:>{w}}" for c, w in zip(columns, widths, strict=True))
    header += "  count"
    print(header)
    print("-" * len(header))
    for result in results:
        case, ours, naive = result["case"], result["ours"], result["naive"]
        line = f"{case.label:<34} {ours['p50']:7.1f} {ours['p95']:7.1f} {ours['queries']:>4}"
        if naive:
            line += f" {naive['p50']:10.1f} {naive['p95']:10.1f} {naive['p50'] / ours['p50']:6.1f}x"
        else:
            line += " " * 30
        line += f"  {ours['count']}"
        print(line)
    print()
    targeted = [result for result in results if result["case"].target]
    slowest = max(targeted, key=lambda result: result["ours"]["p50"])
    slowest95 = max(targeted, key=lambda result: result["ours"]["p95"])
    print(
        f"every listed page p50 < {TARGET_P50} ms: "
        f"{verdict(slowest['ours']['p50'] < TARGET_P50)} (slowest {slowest['ours']['p50']:.1f} ms,"
        f" {slowest['case'].label})"
    )
    worst = slowest95["ours"]["p95"]
    print(
        f"every listed page p95 < {TARGET_P95} ms: {verdict(worst < TARGET_P95)} "
        f"(slowest {worst:.1f} ms, {slowest95['case'].label})"
    )
    first, deep = results[0]["ours"], results[1]["ours"]
    ratio = deep["p50"] / first["p50"]
    print(f"deep page within 1.5x of the first page: {verdict(ratio <= 1.5)} ({ratio:.2f}x)")
    searches = [r for r in results if r["case"].label.startswith("search:") and r["naive"]]
    if searches:
        ratios = [r["naive"]["p50"] / r["ours"]["p50"] for r in searches]
        print(
            f"search at least 20x faster than icontains: {verdict(min(ratios) >= 20)} "
            f"({', '.join(f'{ratio:.0f}x' for ratio in ratios)})"
        )
    constant = first["queries"] == deep["queries"]
    print(
        f"SQL queries per page constant at depth: {verdict(constant)} "
        f"(first page {first['queries']}, deep page {deep['queries']})"
    )


def result_count(page: str) -> str:
    """The result count as the page shows it ("About 410,000 photos")."""
    found = re.search(r'class="(?:result-)?count"[^>]*>\(?(.*?)\)?</', page, re.S)
    return " ".join(html.unescape(found[1]).split()) if found else ""


def verdict(met: bool) -> str:
    return "met" if met else "MISSED"


def print_plans(cases: list[Case]) -> None:
    """Print the plan of each page's photo queries, as the database runs them."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    for case in cases:
        with CaptureQueriesContext(connection) as queries:
            client.get(case.url)
        print(f"\n=== {case.label}: {case.url}")
        for query in queries:
            sql = query["sql"]
            counted = re.search(BOUNDED_COUNT, sql, re.S)
            if counted:
                sql, note = counted_query(counted)
                if note:
                    print(f"--- count: {note}")
                    continue
            elif "gallery_photo" not in sql:
                continue
            print(f"--- {' '.join(sql.split())[:240]}...")
            with connection.cursor() as cursor:
                if connection.vendor == "postgresql":
                    cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) {sql}")
                else:
                    cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
                for row in cursor.fetchall():
                    print("   ", row[0] if connection.vendor == "postgresql" else row[-1])


def counted_query(counted: re.Match) -> tuple[str, str]:
    """The count astrophoto_bounded_count() ran, or what it estimated instead of counting."""
    from django.db import connection

    inner, limit, estimate_above = counted[1].replace("''", "'"), counted[2], counted[3]
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {inner}")
        plan = cursor.fetchone()[0]
    expected = (json.loads(plan) if isinstance(plan, str) else plan)[0]["Plan"]["Plan Rows"]
    if expected > int(estimate_above):
        return "", f"the planner's estimate, {expected:,} rows, shown without counting"
    return f"SELECT count(*) FROM ({inner} LIMIT {int(limit) + 1}) AS counted", ""


if __name__ == "__main__":
    main()
