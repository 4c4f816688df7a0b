#!/usr/bin/env python3
"""
Benchmark the Gateway (GAP) metadata import against a naive row-by-row baseline.

    .venv/bin/python bench/imports.py                      # SQLite
    .venv/bin/python bench/imports.py --postgres postgres://postgres@127.0.0.1:5432/astrophoto_bench

With DATABASE_URL pointing at PostgreSQL, that server is measured as well as SQLite.

For each database: a fresh database, the import (batched, as `manage.py import_gap` runs it),
the same import again (every row unchanged), then the naive baseline on another fresh
database (`get_or_create` and `save()` for each row, in autocommit) and its re-run. Every
measurement runs in a process of its own, so that peak memory (the growth of the process's
resident set during the import) belongs to that import alone. Memory is also measured on an
export four times as long, to show it does not grow with the file.

The export is ../shared/data/photos/gap-metadata/gap_export_ISS21-E.tsv (25,936 lines) when
present; otherwise a synthetic export of the same size is generated.
"""

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
REAL_EXPORT = ROOT.parent / "shared" / "data" / "photos" / "gap-metadata" / "gap_export_ISS21-E.tsv"
TARGET_SECONDS = 30
SYNTHETIC_ROWS = 25_936


def django_setup(database_url: str) -> None:
    os.environ.update(DATABASE_URL=database_url, DEBUG="0", SECRET_KEY="benchmark-only")
    os.environ["DJANGO_SETTINGS_MODULE"] = "astrophoto.settings"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def current_rss_mib() -> float:
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except OSError:
        return peak_rss_mib()


def batched_import(path: Path) -> dict:
    from gallery.gap import GapImporter

    start = current_rss_mib()
    curve = []

    def progress(phase: str, rows: int, fraction: float) -> None:
        if phase == "importing":
            curve.append((rows, current_rss_mib() - start))

    result = GapImporter(progress=progress).run(path)
    quarters = [curve[min(len(curve) - 1, len(curve) * q // 4)] for q in (1, 2, 3, 4)]
    return {
        "rows": result.rows,
        "created": result.created,
        "unchanged": result.unchanged,
        "curve": quarters,
    }


def naive_import(path: Path) -> dict:
    """The obvious way: parse each row as the importer does, then get_or_create and save it."""
    from astrophoto.importing.sources import open_source
    from astrophoto.importing.values import RowRejected
    from gallery.gap import GapImporter
    from gallery.models import Photo
    from missions.models import Expedition

    importer = GapImporter()
    counts = {"rows": 0, "created": 0, "unchanged": 0}
    with open_source(path) as file:
        for record in importer.open_reader(file):
            counts["rows"] += 1
            if record.problem:
                continue
            try:
                row = importer.prepare(record)
            except RowRejected:
                continue
            values = dict(row.values)
            if row.expedition_number:
                values["expedition"], _ = Expedition.objects.get_or_create(
                    number=row.expedition_number
                )
            photo, created = Photo.objects.get_or_create(nasa_id=row.key, defaults=values)
            if created:
                counts["created"] += 1
                continue
            for name, value in values.items():
                setattr(photo, name, value)
            photo.save()
            counts["unchanged"] += 1
    return counts


def child(mode: str, database_url: str, path: str) -> None:
    """Run one measurement in this process and print it as JSON."""
    django_setup(database_url)
    if mode == "migrate":
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        print(json.dumps({}))
        return
    from django.db import connection

    connection.ensure_connection()
    before = peak_rss_mib()
    started = time.perf_counter()
    counts = (batched_import if mode == "batched" else naive_import)(Path(path))
    seconds = time.perf_counter() - started
    print(json.dumps({**counts, "seconds": seconds, "memory_mib": peak_rss_mib() - before}))


def measure(mode: str, database_url: str, path: Path) -> dict:
    output = subprocess.run(
        [sys.executable, __file__, "--child", mode, "--database", database_url, str(path)],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


class Database:
    """A database made fresh for each run: a new SQLite file, or a recreated PostgreSQL one."""

    def __init__(self, url: str, folder: Path):
        self.url, self.folder, self.runs = url, folder, 0

    @property
    def label(self) -> str:
        return "PostgreSQL" if self.url.startswith("postgres") else "SQLite"

    def fresh(self) -> str:
        self.runs += 1
        if self.label == "SQLite":
            url = f"sqlite:///{self.folder / f'bench-{self.runs}.sqlite3'}"
        else:
            url = self._recreate_postgres()
        measure("migrate", url, Path("-"))
        return url

    def _recreate_postgres(self) -> str:
        import psycopg

        parts = urlsplit(self.url)
        name = parts.path.lstrip("/") or "astrophoto_bench"
        admin = urlunsplit(parts._replace(path="/postgres"))
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            connection.execute(f'CREATE DATABASE "{name}"')
        return urlunsplit(parts._replace(path=f"/{name}"))


def synthetic_export(path: Path, rows: int, seed: int = 21) -> None:
    """Write a GAP-shaped export of `rows` rows, for machines without the real one."""
    header = (
        "mission\troll\tframe\tPhoto Date\tPhoto Time GMT\tCenter Point Lat\tCenter Point Lon\t"
        "Nadir Lat\tNadir Lon\tSpacecraft Altitude (nautical miles)\tLens mm\tgeon\tfeat\t"
        "Clouds Percentage\tLook Angle\tLook Direction\tSun Azimuth\tSun Elevation Angle\tcamera\t"
        "film\tCamera (uncataloged)\tcaption\tFeatures from Image Detectives (not NASA)\tRecordType"
    )
    generator = random.Random(seed)
    with path.open("w", encoding="utf-8") as file:
        file.write(header + "\n")
        for frame in range(5000, 5000 + rows):
            catalogued = generator.random() < 0.15
            cells = [
                "ISS021", "E", f"{frame:>7}", f"200910{generator.randint(10, 30)}",
                f"{generator.randint(0, 23):02}{generator.randint(0, 59):02}00",
                f"{generator.uniform(-51, 51):.1f}" if catalogued else "",
                f"{generator.uniform(-180, 180):.1f}" if catalogued else "",
                f"{generator.uniform(-51, 51):.1f}", f"{generator.uniform(-180, 180):.1f}",
                str(generator.randint(180, 186)), generator.choice(["400", "800", "180", "58"]),
                "MALI" if catalogued else "", "DESERT, WADIS" if catalogued else "",
                "10" if catalogued else "", str(generator.randint(5, 50)) if catalogued else "",
                "NW" if catalogued else "", str(generator.randint(0, 359)),
                str(generator.randint(-60, 80)), "Nikon D2Xs Electronic Still Camera",
                "4288E: 4288 x 2848 pixel CMOS sensor", "NIKON D2Xs S/N: 6027235", "", "",
                "CatalogedWithCenterPoint" if catalogued else "NotCataloged",
            ]  # fmt: skip
            file.write("\t".join(cells) + "\n")


def longer_export(source: Path, target: Path, times: int) -> None:
    """Write `source` `times` over, each copy with its own frame numbers."""
    with target.open("w", encoding="utf-8", newline="") as out:
        for copy in range(times):
            with source.open(encoding="utf-8", newline="") as lines:
                for number, line in enumerate(lines):
                    if number == 0 and copy:
                        continue
                    mission, _tab, rest = line.partition("\t")
                    roll, _tab, rest2 = rest.partition("\t")
                    frame, _tab, tail = rest2.partition("\t")
                    if mission == "ISS021" and frame.strip().isdigit():
                        frame = f"{int(frame) + copy * 1_000_000:>7}"
                        line = "\t".join([mission, roll, frame, tail])
                    out.write(line)


def report_line(label: str, run: dict, baseline: dict | None = None) -> str:
    rate = run["rows"] / run["seconds"]
    text = (
        f"  {label:<34} {run['seconds']:7.1f} s  {rate:9,.0f} rows/s"
        f"  peak +{run['memory_mib']:.0f} MiB"
    )
    if baseline:
        text += f"  (naive is {baseline['seconds'] / run['seconds']:.1f}x slower)"
    return text


def bench(database: Database, export: Path, longer: Path, naive: bool) -> dict:
    print(f"\n{database.label}")
    url = database.fresh()
    fresh = measure("batched", url, export)
    rerun = measure("batched", url, export)
    assert rerun["unchanged"] == fresh["created"], "a re-run must leave every row unchanged"
    figures = {"fresh": fresh, "rerun": rerun}
    if naive:
        naive_url = database.fresh()
        figures["naive_fresh"] = measure("naive", naive_url, export)
        figures["naive_rerun"] = measure("naive", naive_url, export)
    print(report_line("batched import, fresh database", fresh, figures.get("naive_fresh")))
    print(report_line("batched import, re-run (unchanged)", rerun, figures.get("naive_rerun")))
    if naive:
        print(report_line("naive row by row, fresh database", figures["naive_fresh"]))
        print(report_line("naive row by row, re-run", figures["naive_rerun"]))
    longer_run = figures["longer"] = measure("batched", database.fresh(), longer)
    print(report_line(f"batched import, {longer_run['rows']:,} rows", longer_run))
    curve = ", ".join(f"{rows:,} rows +{mib:.0f} MiB" for rows, mib in longer_run["curve"])
    print(f"  memory while importing {longer_run['rows']:,} rows: {curve}")
    if database.label == "SQLite":
        verdict = "met" if fresh["seconds"] < TARGET_SECONDS else "MISSED"
        print(f"  target: the export in under {TARGET_SECONDS} s on SQLite: {verdict}")
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.strip().split("\n\n")[0])
    parser.add_argument("file", nargs="?", help=argparse.SUPPRESS)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--database", help=argparse.SUPPRESS)
    parser.add_argument("--postgres", metavar="URL", help="also measure this PostgreSQL database")
    parser.add_argument("--export", type=Path, help="the GAP export to import")
    parser.add_argument("--skip-naive", action="store_true", help="leave out the slow baseline")
    options = parser.parse_args()
    if options.child:
        child(options.child, options.database, options.file)
        return
    postgres = options.postgres or os.environ.get("DATABASE_URL", "")
    with tempfile.TemporaryDirectory(prefix="astrophoto-bench-") as folder:
        folder = Path(folder)
        export = options.export or REAL_EXPORT
        if not export.is_file():
            print(f"{export} is not here: generating a synthetic export of {SYNTHETIC_ROWS:,} rows")
            export = folder / "synthetic.tsv"
            synthetic_export(export, SYNTHETIC_ROWS)
        longer = folder / "longer.tsv"
        longer_export(export, longer, 4)
        sizes = [path.stat().st_size / 1e6 for path in (export, longer)]
        print(f"Export: {export.name} ({sizes[0]:.1f} MB); four times over: {sizes[1]:.1f} MB")
        print(f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs")
        bench(Database("sqlite", folder), export, longer, not options.skip_naive)
        if postgres.startswith("postgres"):
            bench(Database(postgres, folder), export, longer, not options.skip_naive)


if __name__ == "__main__":
    main()
