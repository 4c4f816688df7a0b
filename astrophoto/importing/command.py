"""The management command every importer shares: arguments, progress, report, exit status."""

import argparse
import csv
import os
import stat
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from astrophoto.importing.runs import Importer, ImportResult, ImportStopped, Rejection
from astrophoto.importing.sources import SourceError
from astrophoto.progress import TerminalProgress

EXIT_REJECTED_ROWS = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130
# A spreadsheet reads a cell starting with one of these as a formula (OWASP, CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number above zero")
    return value


class ImportCommand(BaseCommand):
    """
    A thin command over an `Importer`: `manage.py <command> FILE [--dry-run] ...`.

    Exit status: 0 when every row was imported, 1 when some rows were rejected (or the run
    stopped on an error), 2 when the file cannot be imported at all (nothing written), 130
    when interrupted.
    """

    importer_class: type[Importer]
    file_help = "the file to import"

    def add_arguments(self, parser):
        parser.add_argument("file", help=self.file_help)
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="read and check everything and report what would change; write nothing",
        )
        parser.add_argument(
            "--batch-size",
            type=positive_int,
            help=f"rows per transaction (default {self.importer_class.batch_size})",
        )
        parser.add_argument(
            "--encoding", default="utf-8", help="the file's text encoding (default utf-8)"
        )
        parser.add_argument(
            "--rejects",
            metavar="CSV",
            help="also write every rejected row (line, key, reason) to this CSV file",
        )
        parser.add_argument(
            "--overwrite-edits",
            action="store_true",
            help="put the file's values back in fields people changed since they were imported "
            "(by default those edits are kept, and counted in the report)",
        )

    def importer_options(self, options: dict) -> dict:
        """Extra keyword arguments for the importer, from this command's own options."""
        return {}

    def handle(self, *args, **options):
        path = Path(options["file"])
        self.verbosity = options["verbosity"]
        terminal = TerminalProgress.on(self.stderr, wanted=options["verbosity"] > 0)
        rejects_file = self._open_rejects(options["rejects"], path)
        importer = self.importer_class(
            batch_size=options["batch_size"],
            dry_run=options["dry_run"],
            encoding=options["encoding"],
            overwrite_edits=options["overwrite_edits"],
            progress=terminal and self._progress(terminal),
            on_reject=rejects_file and self._rejects_writer(rejects_file),
            **self.importer_options(options),
        )
        started = time.monotonic()
        try:
            result = importer.run(path)
        except SourceError as exc:
            raise CommandError(
                f"{path}: {exc}. Nothing was imported.", returncode=EXIT_USAGE
            ) from None
        except ImportStopped as exc:
            self._stopped(exc, terminal, started)
        except KeyboardInterrupt:
            raise CommandError(
                "Interrupted while checking the file. Nothing was imported.",
                returncode=EXIT_INTERRUPTED,
            ) from None
        finally:
            if terminal:
                terminal.clear()
            if rejects_file:
                rejects_file.close()
        self.report(result, time.monotonic() - started)
        if result.rejected:
            raise CommandError(
                f"{result.rejected:,} rows were rejected (see above); the others were imported.",
                returncode=EXIT_REJECTED_ROWS,
            )

    def _open_rejects(self, name: str | None, source: Path):
        if not name:
            return None
        try:
            if source.exists() and os.path.samefile(name, source):
                raise CommandError(
                    f"--rejects {name} is the file to import; name another file",
                    returncode=EXIT_USAGE,
                )
            # Opening a named pipe for writing waits for a reader: only files (or a device
            # such as /dev/null) are written.
            mode = os.stat(name).st_mode
            if not (stat.S_ISREG(mode) or stat.S_ISCHR(mode)):
                raise CommandError(f"--rejects {name} is not a regular file", returncode=EXIT_USAGE)
        except FileNotFoundError:
            pass
        except OSError as exc:
            raise CommandError(
                f"--rejects {name}: cannot write ({exc.strerror})", returncode=EXIT_USAGE
            ) from None
        try:
            return open(name, "w", encoding="utf-8", newline="")
        except OSError as exc:
            raise CommandError(
                f"--rejects {name}: cannot write ({exc.strerror})", returncode=EXIT_USAGE
            ) from None

    @staticmethod
    def _rejects_writer(file):
        writer = csv.writer(file)
        writer.writerow(["line", "key", "reason"])

        def write(rejection: Rejection) -> None:
            writer.writerow(
                [
                    spreadsheet_safe(cell)
                    for cell in (rejection.line, rejection.key, rejection.reason)
                ]
            )

        return write

    @staticmethod
    def _progress(terminal: TerminalProgress):
        def show(phase: str, rows: int, fraction: float) -> None:
            rate = rows / terminal.elapsed
            terminal.show(f"{phase}: {rows:,} rows, {fraction:.0%} of the file, {rate:,.0f} rows/s")

        return show

    def _stopped(self, exc: ImportStopped, terminal, started: float):
        if terminal:
            terminal.clear()
        self.report(exc.result, time.monotonic() - started)
        cause = exc.__cause__
        kept = (
            "Nothing was written (dry run)."
            if exc.result.dry_run
            else f"Saved: {exc.result.batches:,} batches, up to line {exc.result.last_line:,}; "
            "the batch in flight was rolled back. Run the same command again to finish: rows "
            "already imported count as unchanged."
        )
        if isinstance(cause, KeyboardInterrupt):
            raise CommandError(f"Interrupted. {kept}", returncode=EXIT_INTERRUPTED) from None
        raise CommandError(
            f"The import stopped after line {exc.result.last_line:,}: "
            f"{type(cause).__name__}: {cause}. {kept}",
            returncode=EXIT_REJECTED_ROWS,
        ) from cause

    def report(self, result: ImportResult, seconds: float) -> None:
        if self.verbosity < 1:
            return
        write = self.stdout.write
        write(f"{result.source}: {result.description}")
        write(
            f"Data rows: {result.rows:,} (created {result.created:,}, updated "
            f"{result.updated:,}, unchanged {result.unchanged:,}, rejected {result.rejected:,})"
        )
        if result.repeated_headers:
            write(f"Repeated header rows skipped (not data): {result.repeated_headers:,}")
        if result.records:
            write("Records: " + "; ".join(f"{label} {n:,}" for label, n in result.records.items()))
        if result.changed_fields:
            write(f"Fields updated: {_by_field(result.changed_fields)}")
        if result.edits_kept:
            write(
                f"Edits kept: {result.edits_kept:,} fields changed in the catalogue since they "
                "were imported (or set before any import), where the file gives other values: "
                f"{_by_field(result.edits)} (--overwrite-edits puts the file's values back)"
            )
        if result.edits_overwritten:
            write(
                f"Edits overwritten (--overwrite-edits): {result.edits_overwritten:,} fields "
                "changed in the catalogue since they were imported (or set before any import): "
                f"{_by_field(result.edits)}"
            )
        if result.notes:
            write(f"Notes ({result.notes_total:,}):")
            for note in result.notes:
                write(f"  line {note.line}: {note.message}")
            if result.notes_total > len(result.notes):
                write(f"  ... and {result.notes_total - len(result.notes):,} more")
        if result.rejections:
            write(self.style.WARNING(f"Rejected rows ({result.rejected:,}):"))
            for rejection in result.rejections:
                key = f" {rejection.key}" if rejection.key else ""
                write(f"  line {rejection.line}{key}: {rejection.reason}")
            if result.rejected > len(result.rejections):
                write(
                    f"  ... and {result.rejected - len(result.rejections):,} more "
                    "(--rejects FILE lists them all)"
                )
        write(
            f"Each batch of up to {result.batch_size:,} rows is one transaction "
            f"({result.batches:,} batches): an interruption keeps the batches before it and "
            "nothing of the batch in flight."
        )
        if result.dry_run:
            write(self.style.WARNING("Dry run: nothing was written."))
        write(f"Done in {seconds:.1f} s.")


def _by_field(counts) -> str:
    return ", ".join(f"{name} ({n:,})" for name, n in counts.most_common())


def spreadsheet_safe(cell) -> str:
    """
    Write a cell so that a spreadsheet shows it as text: one starting like a formula
    (`=HYPERLINK(...)`, `+`, `-`, `@`, a tab or carriage return) gets a leading apostrophe.
    """
    text = str(cell)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text
