"""Importing a file into a database: detect, read, match, write in one transaction, report.

This is the one entry point for the command line and the import dialog:

    report = import_file(db_path, path, ImportOptions(format="auto", mapping={...}),
                         progress=callback, cancelled=check)

Formats are detected and read through the registry (`app.formats.readers`); matching
against the database is `app.services.matching`. Reading happens before the database is
touched. Rows that cannot be imported are reported with their place, field and reason;
unless `skip_bad` is set, that refuses the whole file (`ImportRefused`, a `FileProblems`
like a file that cannot be read at all) and nothing is written. The write is one
transaction: a cancel, a fault or a full disk leaves the database exactly as it was. Run it
on a worker thread: it opens its own connection.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import sqlite_utils

from app.core.model import Dataset, Event, Statement
from app.core.progress import Cancelled, StagedProgress
from app.formats import readers
from app.formats.builder import ColumnRef, Reading, ReadOptions
from app.formats.problems import FileProblems, ImportCancelled, MappingError, Problem
from app.formats.readers import AUTO
from app.formats.text_in import Layout
from app.services.matching import Plan, plan
from app.store import open_database, write_dataset
from app.store.changes import Change, Ref, read_state

PROGRESS_STEPS = 20_000
"""SQLite virtual-machine steps between two checks for a cancel while writing."""

__all__ = [
    "ImportCancelled",
    "ImportOptions",
    "ImportRefused",
    "ImportReport",
    "MappingError",
    "Preview",
    "Problem",
    "WholeFile",
    "import_file",
    "preview",
    "read_file",
]


@dataclass(frozen=True, slots=True)
class ImportOptions:
    format: str = AUTO
    """One of `readers.FORMAT_CHOICES`: a format's name, or "auto" to detect it from the
    content and extension."""
    mapping: Mapping[str, Sequence[ColumnRef]] = field(default_factory=dict)
    """CSV only: field → columns, by header or by number from 1 (`{"date": [2]}`); fields not
    given are guessed from the headers; an empty list leaves a field unmapped."""
    track: str | None = None
    """Put every imported item on this track too (found by name, or created)."""
    missing: Sequence[str] = ()
    """CSV only: cells that say a value is missing ("NA", "-"), read as empty."""
    skip_bad: bool = False
    """Import the rows that can be imported and report the others, instead of refusing."""
    dry_run: bool = False
    """Work out and report what would change, and write nothing."""


UNDOABLE_RECORDS = 20_000
"""Imports of up to this many records can be undone: what they replace is read first (a
fraction of a second). A larger one is a bulk load, kept as the file it was loaded from."""


class ImportRefused(FileProblems):
    """Some records cannot be imported and `skip_bad` was not set: nothing was written."""

    def __init__(self, path: Path, problems: list[Problem], importable: int) -> None:
        self.path = path
        self.importable = importable
        headline = f"{len(problems)} record(s) cannot be imported, so nothing was imported"
        super().__init__(str(path), headline, problems)


@dataclass(slots=True)
class ImportReport:
    """What an import did (or, for a dry run, would do)."""

    source: Path
    format: str
    name: str | None
    dry_run: bool
    added: list[Event | Statement] = field(default_factory=list)
    updated: list[Event | Statement] = field(default_factory=list)
    unchanged: int = 0
    new_actors: int = 0
    new_tracks: int = 0
    new_sources: int = 0
    skipped: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    suggestions: list[str] = field(default_factory=list)
    mapping: list[str] = field(default_factory=list)
    """For CSV: which column fed which field ('date ← column 2 “event_date”')."""
    change: Change | None = None
    """The import as one step the window can undo (None for a dry run, or for an import of
    more than `UNDOABLE_RECORDS` records, whose former state is not kept)."""

    def summary(self) -> str:
        verb = ("would add", "would update", "would leave") if self.dry_run else (
            "added", "updated", "left")  # fmt: skip
        what = readers.label(self.format)
        text = (
            f"{self.source} ({what}): {verb[0]} {len(self.added)} item(s), {verb[1]} "
            f"{len(self.updated)}, {verb[2]} {self.unchanged} unchanged"
        )
        new = [f"{n} new {kind}" for n, kind in ((self.new_actors, "actor(s)"),
               (self.new_tracks, "track(s)"), (self.new_sources, "source(s)")) if n]  # fmt: skip
        if new:
            text += "; " + ", ".join(new)
        if self.skipped:
            text += f"; {len(self.skipped)} record(s) skipped"
        return text + "."

    def lines(self, listed: int = 30) -> list[str]:
        """The report as text lines, for the command line or a dialog."""
        out = [("Dry run, nothing written: " if self.dry_run else "Imported ") + self.summary()]
        if self.name:
            out.append(f"Name: {self.name}")
        if self.mapping:
            out.append("Columns: " + "; ".join(self.mapping))
        if self.dry_run:
            for action, records in (("add", self.added), ("update", self.updated)):
                for record in records[:listed]:
                    out.append(f"  {action:<7}{_describe(record)}")
                if len(records) > listed:
                    out.append(f"  … and {len(records) - listed} more to {action}")
        for title, items in (("Skipped", [str(p) for p in self.skipped]), ("Notes", self.notes),
                             ("Possible duplicates, not merged", self.suggestions)):  # fmt: skip
            if items:
                out.append(f"{title}:")
                out += [f"  - {item}" for item in items[:listed]]
                if len(items) > listed:
                    out.append(f"  … and {len(items) - listed} more")
        return out


def _describe(record: Event | Statement) -> str:
    if isinstance(record, Statement):
        text = " ".join(record.text.split())
        return f"{record.date.display():<24} statement  {text[:70]}"
    return f"{record.when.display():<24} {record.kind:<10} {record.title[:70]}"


def read_file(
    path: Path,
    options: ImportOptions | None = None,
    progress: StagedProgress | None = None,
    cancelled: Cancelled | None = None,
) -> Reading:
    """Read a file as records without touching any database."""
    options = options or ImportOptions()
    head, fmt = readers.resolve(path, options.format)
    return readers.read(
        head, fmt, ReadOptions(options.mapping, missing=options.missing), progress, cancelled
    )


@dataclass(slots=True)
class Preview:
    """The first records of a file as they will land, for the import dialog."""

    format: str
    records: list[Event | Statement]
    dataset: Dataset
    """Everything the previewed records refer to (actors, tracks, sources by id)."""
    problems: list[Problem]
    notes: list[str]
    layout: Layout | None
    """For CSV: delimiter, header, and which columns feed which field (editable)."""
    whole: WholeFile | None = None
    """The whole file as read, when the preview read all of it (every format but CSV), so
    that importing it need not read it again."""


@dataclass(frozen=True, slots=True)
class WholeFile:
    """A file as read whole, with the size and modification time it had then."""

    reading: Reading
    stamp: tuple[int, int]

    def still_current(self, path: Path) -> bool:
        return _stamp(path) == self.stamp


def _stamp(path: Path) -> tuple[int, int]:
    status = path.stat()
    return status.st_size, status.st_mtime_ns


def preview(path: Path, options: ImportOptions | None = None, rows: int = 20) -> Preview:
    """The first records of a table, or the whole of any other file with its first records."""
    options = options or ImportOptions()
    head, fmt = readers.resolve(path, options.format)
    stamp = _stamp(path)  # resolve has made sure it is a file
    limit = rows if fmt.table else None
    reading = readers.read(head, fmt, ReadOptions(options.mapping, limit, options.missing))
    records: list[Event | Statement] = [*reading.dataset.events, *reading.dataset.statements]
    records.sort(key=lambda r: r.when.first_second if isinstance(r, Event) else r.date.first_second)
    whole = None if fmt.table else WholeFile(reading, stamp)
    return Preview(
        fmt.name,
        records[:rows],
        reading.dataset,
        reading.problems,
        reading.notes,
        reading.layout,
        whole,
    )


def import_file(
    db_path: Path,
    path: Path,
    options: ImportOptions | None = None,
    progress: StagedProgress | None = None,
    cancelled: Cancelled | None = None,
    already: WholeFile | None = None,
) -> ImportReport:
    """Import one file into the database at `db_path`: all of it, or nothing. `already` is
    the file as a preview read it with the same options; it is used unless the file has
    changed since."""
    options = options or ImportOptions()
    if already is not None and already.still_current(path):
        reading = already.reading
    else:
        reading = read_file(path, options, progress, cancelled)
    items = len(reading.dataset.events) + len(reading.dataset.statements)
    if reading.problems and not options.skip_bad:
        raise ImportRefused(path, reading.problems, items)
    if progress is not None:
        progress("Matching", 0, 0)
    db = open_database(db_path)
    try:
        merge = plan(db, reading, options.track, cancelled)
        report = _report(path, reading, merge, options.dry_run)
        if options.dry_run or not (merge.dataset.events or merge.dataset.statements
                                   or _has_new_records(merge)):  # fmt: skip
            return report
        refs = _touched(merge.dataset)
        before = read_state(db, refs) if len(refs) <= UNDOABLE_RECORDS else None
        _write(db, db_path, merge.dataset, progress, cancelled)
        if before is not None:
            report.change = Change(f"Import {path.name}", before, read_state(db, refs))
        return report
    finally:
        db.close()


def _touched(data: Dataset) -> list[Ref]:
    """Every record an import writes, to read as it was and as it is after."""
    return [
        *(("actor", a.id) for a in data.actors),
        *(("track", t.id) for t in data.tracks),
        *(("source", s.id) for s in data.sources),
        *(("item", e.id) for e in data.events),
        *(("item", st.id) for st in data.statements),
    ]


def _has_new_records(merge: Plan) -> bool:
    return bool(merge.dataset.actors or merge.dataset.tracks or merge.dataset.sources)


def _report(path: Path, reading: Reading, merge: Plan, dry_run: bool) -> ImportReport:
    return ImportReport(
        source=path,
        format=reading.format,
        name=reading.dataset.title,
        dry_run=dry_run,
        added=merge.added,
        updated=merge.updated,
        unchanged=merge.unchanged,
        new_actors=merge.new_actors,
        new_tracks=merge.new_tracks,
        new_sources=merge.new_sources,
        skipped=reading.problems,
        notes=reading.notes,
        suggestions=merge.suggestions,
        mapping=reading.layout.describe() if reading.layout is not None else [],
    )


def _write(
    db: sqlite_utils.Database,
    db_path: Path,
    data: Dataset,
    progress: StagedProgress | None,
    cancelled: Cancelled | None,
) -> None:
    """write_dataset, with a cancel that interrupts SQLite mid-statement: the store rolls the
    transaction back, so the file is left as it was."""
    stopped = False

    def tick() -> int:
        nonlocal stopped
        if progress is not None:
            progress("Writing", 0, 0)
        if not stopped and cancelled is not None and cancelled():
            stopped = True
            return 1  # interrupts the running statement; once, so the rollback can run
        return 0

    def asked_to_stop() -> bool:  # on the thread that helps with a large import
        return cancelled is not None and cancelled()

    db.conn.set_progress_handler(tick, PROGRESS_STEPS)
    try:
        write_dataset(db, data, db_path, asked_to_stop)
    except sqlite3.OperationalError:
        if stopped or asked_to_stop():
            raise ImportCancelled() from None
        raise
    finally:
        db.conn.set_progress_handler(None, 0)
