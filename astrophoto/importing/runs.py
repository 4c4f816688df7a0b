"""
Run an import: read a file twice (once to check it, once to write), in batches, each batch
one transaction, and account for every data row.
"""

import itertools
import os
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import nullcontext
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol

from django.db import DatabaseError, DataError, IntegrityError, transaction

from astrophoto.importing.sources import JsonArrayReader, Record, TableReader, open_source
from astrophoto.importing.values import RowRejected

# Reports list this many rejected rows and notes; the counts always cover all of them.
MAX_LISTED = 1000


class RowOutcome(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    REJECTED = "rejected"


@dataclass(frozen=True, slots=True)
class Rejection:
    line: int
    reason: str
    key: str = ""


@dataclass(frozen=True, slots=True)
class Note:
    """Something an operator should know about a row that was imported: a name not matched."""

    line: int
    message: str


class PreparedRow(Protocol):
    line: int
    key: str


@dataclass
class ImportResult:
    """What an import did, counted over the batches that were committed."""

    source: str
    description: str
    dry_run: bool = False
    batch_size: int = 0
    rows: int = 0
    outcomes: Counter = field(default_factory=Counter)
    repeated_headers: int = 0
    batches: int = 0
    last_line: int = 0
    records: Counter = field(default_factory=Counter)
    changed_fields: Counter = field(default_factory=Counter)
    # Fields people changed since they were imported, where a row gave another value: kept,
    # or overwritten when the run was asked to (`overwrite_edits`); counted by field name.
    edits: Counter = field(default_factory=Counter)
    overwrite_edits: bool = False
    rejections: list[Rejection] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    notes_total: int = 0

    @property
    def created(self) -> int:
        return self.outcomes[RowOutcome.CREATED]

    @property
    def updated(self) -> int:
        return self.outcomes[RowOutcome.UPDATED]

    @property
    def unchanged(self) -> int:
        return self.outcomes[RowOutcome.UNCHANGED]

    @property
    def rejected(self) -> int:
        return self.outcomes[RowOutcome.REJECTED]

    @property
    def edits_kept(self) -> int:
        return 0 if self.overwrite_edits else self.edits.total()

    @property
    def edits_overwritten(self) -> int:
        return self.edits.total() if self.overwrite_edits else 0


class ImportStopped(Exception):
    """
    The import stopped before the end of the file (an error, or Ctrl-C).

    `result` counts the batches committed before it; the batch in flight was rolled back.
    """

    def __init__(self, result: ImportResult):
        super().__init__(f"the import stopped after line {result.last_line}")
        self.result = result


class Batch:
    """The rows of one transaction and what became of each, kept until it commits."""

    def __init__(self, records: int, rows: list, rejections=(), last_line: int = 0):
        self.records = records
        self.rows = rows
        self.last_line = last_line
        self.rejections: list[Rejection] = list(rejections)
        self.outcomes: Counter = Counter({RowOutcome.REJECTED: len(self.rejections)})
        # Rows are told apart by position, not line: a JSON array may sit on one line.
        self._counted: set[int] = set()
        self.notes: list[Note] = []
        self.counts: Counter = Counter()
        self.changed_fields: Counter = Counter()
        self.edits: Counter = Counter()

    def created(self, row: PreparedRow) -> None:
        self._count(row, RowOutcome.CREATED)

    def updated(self, row: PreparedRow, fields) -> None:
        self._count(row, RowOutcome.UPDATED)
        self.changed_fields.update(fields)

    def unchanged(self, row: PreparedRow) -> None:
        self._count(row, RowOutcome.UNCHANGED)

    def _count(self, row: PreparedRow, outcome: RowOutcome) -> None:
        if id(row) in self._counted:
            raise AssertionError(f"the row on line {row.line} ({row.key}) was counted twice")
        self._counted.add(id(row))
        self.outcomes[outcome] += 1

    def edited(self, fields) -> None:
        """Count fields people changed since the import that a row disagrees with."""
        self.edits.update(fields)

    def reject(self, line: int, reason: str, key: str = "") -> None:
        self.outcomes[RowOutcome.REJECTED] += 1
        self.rejections.append(Rejection(line, reason, key))

    def note(self, line: int, message: str) -> None:
        self.notes.append(Note(line, message))

    def count(self, label: str, number: int = 1) -> None:
        """Count records by kind: `batch.count("photos created", 12)`."""
        if number:
            self.counts[label] += number

    def absorb(self, other: "Batch") -> None:
        self.outcomes.update(other.outcomes)
        self.rejections.extend(other.rejections)
        self.notes.extend(other.notes)
        self.counts.update(other.counts)
        self.changed_fields.update(other.changed_fields)
        self.edits.update(other.edits)

    def check_accounted_for(self) -> None:
        if self.outcomes.total() != self.records:
            raise AssertionError(
                f"a batch of {self.records} rows reported {self.outcomes.total()} outcomes"
            )


class Importer:
    """
    Import one file format. Subclasses say how to read the file (`open_reader`), how to turn
    a record into a row (`prepare`, raising `RowRejected`) and how to write a batch of rows
    (`write`, calling `batch.created(row)` and the like once per row). Writing merges a row
    into the record it updates with `Merge` (see `astrophoto.importing.merge`), so that
    what people changed since the import is kept unless `overwrite_edits` is set.
    """

    description = "a file"
    batch_size = 500

    def __init__(
        self,
        *,
        batch_size: int | None = None,
        dry_run: bool = False,
        encoding: str = "utf-8",
        overwrite_edits: bool = False,
        progress: Callable[[str, int, float], None] | None = None,
        on_reject: Callable[[Rejection], None] | None = None,
    ):
        self.batch_size = batch_size or self.batch_size
        self.dry_run = dry_run
        self.encoding = encoding
        self.overwrite_edits = overwrite_edits
        self.progress = progress or (lambda phase, rows, fraction: None)
        self.on_reject = on_reject

    def open_reader(self, file) -> TableReader | JsonArrayReader:
        raise NotImplementedError

    def prepare(self, record: Record) -> PreparedRow:
        raise NotImplementedError

    def write(self, batch: Batch) -> None:
        raise NotImplementedError

    def run(self, path: str | os.PathLike) -> ImportResult:
        """
        Import the file at `path`; raise SourceError (nothing written) if it cannot be read,
        and ImportStopped if the run is cut short after some batches were committed.
        """
        self.check(path)
        result = ImportResult(
            source=os.fspath(path),
            description=self.description,
            dry_run=self.dry_run,
            batch_size=self.batch_size,
            overwrite_edits=self.overwrite_edits,
        )
        with open_source(path, self.encoding) as file:
            reader = self.open_reader(file)
            # A dry run is one transaction, rolled back at the end, so that later batches see
            # what earlier ones would have written and the counts are those of a real run.
            with transaction.atomic() if self.dry_run else nullcontext():
                try:
                    for batch in self._batches(reader):
                        self._merge(result, batch)
                        result.repeated_headers = reader.repeated_headers
                        self.progress("importing", result.rows, reader.progress)
                except BaseException as exc:
                    raise ImportStopped(result) from exc
                if self.dry_run:
                    transaction.set_rollback(True)
        return result

    def check(self, path: str | os.PathLike) -> None:
        """Read the whole file once without writing, so a broken file changes nothing."""
        with open_source(path, self.encoding) as file:
            reader = self.open_reader(file)
            for count, _record in enumerate(reader, 1):
                if count % 10000 == 0:
                    self.progress("checking", count, reader.progress)

    def _batches(self, reader) -> Iterator[Batch]:
        for records in itertools.batched(reader, self.batch_size):
            rows, early = [], []
            for record in records:
                if record.problem:
                    early.append(Rejection(record.line, record.problem))
                    continue
                try:
                    rows.append(self.prepare(record))
                except RowRejected as exc:
                    early.append(Rejection(record.line, str(exc), exc.key))
            yield self._commit(len(records), records[-1].line, rows, early)

    def _commit(self, records: int, last_line: int, rows: list, early: list) -> Batch:
        batch = Batch(records, rows, early, last_line)
        try:
            with transaction.atomic():
                self.write(batch)
                batch.check_accounted_for()
            return batch
        except DatabaseError as exc:
            if not refuses_a_row(exc):
                raise
        # Find the rows the database refuses, one savepoint each, the batch still one
        # transaction.
        batch = Batch(records, rows, early, last_line)
        with transaction.atomic():
            for row in rows:
                single = Batch(1, [row])
                try:
                    with transaction.atomic():
                        self.write(single)
                        single.check_accounted_for()
                except DatabaseError as exc:
                    if not refuses_a_row(exc):
                        raise
                    single = Batch(1, [row], [Rejection(row.line, _refusal(exc), row.key)])
                batch.absorb(single)
        batch.check_accounted_for()
        return batch

    def _merge(self, result: ImportResult, batch: Batch) -> None:
        result.batches += 1
        result.rows += batch.records
        result.last_line = batch.last_line
        result.outcomes.update(batch.outcomes)
        result.records.update(batch.counts)
        result.changed_fields.update(batch.changed_fields)
        result.edits.update(batch.edits)
        for rejection in batch.rejections:
            if self.on_reject:
                self.on_reject(rejection)
            if len(result.rejections) < MAX_LISTED:
                result.rejections.append(rejection)
        result.notes_total += len(batch.notes)
        result.notes.extend(batch.notes[: max(0, MAX_LISTED - len(result.notes))])


def refuses_a_row(exc: DatabaseError) -> bool:
    """
    Whether the database refused a row's values rather than failed: a constraint, a value
    out of range, or one of its limits (SQLSTATE class 54, such as a text too long for a
    PostgreSQL `tsvector`). A lost connection is not a refusal: the import stops.
    """
    if isinstance(exc, IntegrityError | DataError):
        return True
    return str(getattr(exc.__cause__, "sqlstate", "") or "").startswith("54")


def _refusal(exc: Exception) -> str:
    lines = str(exc).strip().splitlines()
    return f"the database refused it: {lines[0] if lines else type(exc).__name__}"
