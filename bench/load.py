#!/usr/bin/env python3
"""
Load test: the site served by gunicorn with several workers on PostgreSQL, the demo
catalogue scaled to 100,000 photos, and 50 concurrent visitors for 60 s (bench/locustfile.py:
the gallery with mixed filters and pages, photo pages, search, home and entity pages).

    .venv/bin/pip install -e '.[bench]'     # locust
    .venv/bin/python bench/load.py          # defaults below; --help for the options

The database is created and loaded when it holds fewer photos than asked for (load_demo is
idempotent, so an interrupted load goes on where it stopped). Prints throughput, p50, p95
and p99 per kind of page and overall, and the errors; exits 1 if there was any error.
"""

import argparse
import csv
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.security.servers import Gunicorn, fetch  # noqa: E402

BIN = Path(sys.executable).parent


def manage(environment: dict, *args: str) -> str:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def photo_count(environment: dict) -> tuple[int, int, int]:
    """Return (count, first id, last id) of the published photos."""
    code = (
        "from django.db.models import Count, Max, Min;"
        "from gallery.models import Photo;"
        "r = Photo.objects.public().aggregate(n=Count('id'), a=Min('id'), b=Max('id'));"
        "print(r['n'], r['a'] or 0, r['b'] or 0)"
    )
    return tuple(map(int, manage(environment, "shell", "--no-imports", "-c", code).split()))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url", default="postgres://postgres@127.0.0.1:5432/astrophoto_load"
    )
    parser.add_argument("--media-root", default=str(ROOT / "var" / "load-media"))
    parser.add_argument("--photos", type=int, default=100_000)
    parser.add_argument("--image-width", type=int, default=320)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=4, help="threads per worker")
    options = parser.parse_args()

    environment = {
        **os.environ,
        "DATABASE_URL": options.database_url,
        "MEDIA_ROOT": options.media_root,
        "DEBUG": "0",
        "SECRET_KEY": "load-test-only-not-a-secret-0123456789-0123456789",
        "SECURE_SSL_REDIRECT": "0",
        "LOG_LEVEL": "WARNING",
    }
    database = options.database_url.rsplit("/", 1)[1]
    subprocess.run(
        ["createdb", "-h", "127.0.0.1", "-U", "postgres", database],
        capture_output=True,
        check=False,
    )
    manage(environment, "migrate", "--noinput")
    count, _first, _last = photo_count(environment)
    if count < options.photos:
        print(f"loading the demo catalogue: {count} photos, {options.photos} wanted", flush=True)
        started = time.monotonic()
        manage(
            {**environment, "DEBUG": "1"},
            "load_demo",
            f"--photos={options.photos}",
            f"--image-width={options.image_width}",
            "--no-progress",
        )
        print(f"  loaded in {time.monotonic() - started:.0f} s", flush=True)
        # Fresh planner statistics, as autovacuum would gather them some time after a bulk load.
        subprocess.run(["psql", options.database_url, "-qc", "VACUUM ANALYZE"], check=True)
    count, first, last = photo_count(environment)

    with tempfile.TemporaryDirectory() as scratch:
        static_root = Path(scratch) / "static"
        manage({**environment, "STATIC_ROOT": str(static_root)}, "collectstatic", "--noinput")
        os.environ["DATABASE_POOL_MAX_SIZE"] = str(options.threads + 2)
        server = Gunicorn(
            options.database_url,
            static_root=static_root,
            media_root=Path(options.media_root),
            workers=options.workers,
            threads=options.threads,
        )
        try:
            assert fetch(server.url + "/healthz")[0] == 200, "the site is not healthy"
            prefix = Path(scratch) / "locust"
            subprocess.run(
                [
                    str(BIN / "locust"),
                    "-f",
                    str(ROOT / "bench" / "locustfile.py"),
                    "--headless",
                    f"--users={options.users}",
                    f"--spawn-rate={options.users}",
                    f"--run-time={options.seconds}s",
                    f"--host={server.url}",
                    f"--csv={prefix}",
                    "--only-summary",
                    "--loglevel=WARNING",
                ],
                env={**environment, "ASTROPHOTO_PHOTO_IDS": f"{first}-{last}"},
                check=False,
                capture_output=True,
            )
            with open(f"{prefix}_stats.csv") as stats:
                rows = list(csv.DictReader(stats))
        finally:
            server.stop()

    print(
        f"\n{count:,} published photos on PostgreSQL; gunicorn {options.workers} workers x "
        f"{options.threads} threads; {options.users} users for {options.seconds} s "
        f"({os.cpu_count()} cores shared with the load generator)\n"
    )
    print(
        f"{'page':<46} {'requests':>9} {'req/s':>7} {'p50':>6} {'p95':>6} {'p99':>6} {'errors':>7}"
    )
    errors = 0
    for row in rows:
        errors += int(row["Failure Count"]) if row["Name"] == "Aggregated" else 0
        print(
            f"{row['Name'][:46]:<46} {int(row['Request Count']):>9} "
            f"{float(row['Requests/s']):>7.1f} {row['50%']:>4}ms {row['95%']:>4}ms "
            f"{row['99%']:>4}ms {int(row['Failure Count']):>7}"
        )
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
