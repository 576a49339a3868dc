"""The full-text index of a first large import, built on a second thread in a file of its own
while the import's own connection writes the items, their links and their indexes.

A file takes one writer at a time, so the index of the new items is built apart, in a scratch
file beside the database, and copied in once both are done. Both halves run the same SQLite
in the same process: the copy of the index's tables is the index that filling it in place
would have made.

The entries are handed over as plain rows, a chunk at a time, each in a small scratch file of
its own, written by a child process forked from this one (see `FORKED`), or else by the
import's thread before it writes the items; the building thread indexes each chunk in one
statement as soon as it is there, and removes its file. That statement, the larger half of
the import's work, runs in SQLite without Python's lock; indexing row by row from Python would
ask for the lock at every row, and the two threads would spend their time handing it to each
other. The chunks' files take a few tens of megabytes at a time, and the system's memory that
held one takes the next: one file of all the entries (half a gigabyte at a million items) took
memory never written to before, to the end, which a virtual machine is slow to give. The
scratch file of the index is attached to the database for the copy, which SQLite does in a
second at a million items, while the building thread lists the other spellings of its terms;
it is detached once the write's transaction has ended (SQLite keeps it until then).
"""

from __future__ import annotations

import contextlib
import functools
import glob
import os
import queue
import sqlite3
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from itertools import islice
from pathlib import Path
from types import TracebackType
from typing import Any

import sqlite_utils

from app.core import forked
from app.store import segment_levels
from app.store.errors import StoreError
from app.store.rows import NO_TEXT
from app.store.schema import TEXT_COLUMNS, spelling_rows
from app.store.text_index import FILL_SETTINGS, configure

SHADOWS = ("data", "idx", "docsize")
"""The tables in which FTS5 keeps an index (`items_fts_config` holds its settings, which the
database keeps its own of)."""
STOP_EVERY = 1_000_000
"""SQLite steps between two looks at whether the build should stop."""
CHUNK = 50_000
"""Entries handed to the building thread at a time: it indexes one while the next is made."""
FEED_PAGE_BYTES = 65536
"""SQLite's largest page, for the chunks' files: an entry is some 500 bytes (written alone, a
million take 1.7 s instead of 2.5)."""
SUFFIX = ".tmp"
_NULLABLE = {"title", "body", "place", "note", "event"}
FORKED = forked.AVAILABLE
"""Whether a child process makes the entries and writes the chunks (`forked`), while this
process writes the items and their links: the entries are some 8 s of Python at a million
items, which the import's own thread made before it wrote a row, and which set the load's
time. Elsewhere that thread makes them, as before."""

Entries = Callable[[], Iterable[tuple[object, ...]]]


def scratch_file(db: sqlite_utils.Database) -> Path | None:
    """A new empty scratch file beside the database, whose directory takes SQLite's own
    journal already; None for a database in memory, or if no file can be made there: the
    index is then filled in place."""
    database = _database_file(db)
    if database is None:
        return None
    try:
        handle, name = tempfile.mkstemp(
            prefix=_prefix(database), suffix=SUFFIX, dir=database.parent
        )
    except OSError:
        return None
    os.close(handle)
    return Path(name)


def remove_left_behind(db: sqlite_utils.Database) -> None:
    """Remove the scratch files of loads into this database that were killed. Only while
    holding the file's write lock: then no other load into it is using one."""
    database = _database_file(db)
    if database is None:
        return
    for left in database.parent.glob(f"{glob.escape(_prefix(database))}*{SUFFIX}"):
        with contextlib.suppress(OSError):
            left.unlink(missing_ok=True)


def _database_file(db: sqlite_utils.Database) -> Path | None:
    file = db.execute("PRAGMA database_list").fetchone()[2]
    return Path(file) if file else None


def _prefix(database: Path) -> str:
    return f".{database.name}.index-"


class ApartIndex:
    """Hand `entries` (as `text_index.fill` takes them) to a thread that indexes them into the
    scratch file at `path`; `take_in` waits for the index and copies it, and the other
    spellings of its terms, into the database. Leave the `with` block once the transaction
    has ended: that stops a build no longer wanted and removes the scratch files.

    `interrupted` is asked now and then on the building thread: a True stops the build, and
    `take_in` raises SQLite's "interrupted"."""

    def __init__(
        self,
        db: sqlite_utils.Database,
        path: Path,
        entries: Entries,
        interrupted: Callable[[], bool] | None = None,
    ) -> None:
        definition = db.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'items_fts'"
        ).fetchone()[0]
        self._definition = str(definition)
        self._db: sqlite_utils.Database | None = None
        self.path = path
        self._feed_stem = path.name.removesuffix(SUFFIX) + ".entries-"
        self._abandoned = threading.Event()
        self._interrupted = interrupted or (lambda: False)
        self._ready: queue.SimpleQueue[Path | None] = queue.SimpleQueue()
        self._child: forked.Child | None = None
        self._indexed: Future[None] = Future()
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="index-apart")
        try:
            scratch = self._scratch()
            if FORKED:
                # Before the building thread starts, so that no lock of its is held in the
                # child. With no room for a child, this thread makes the entries.
                with contextlib.suppress(OSError):
                    work = functools.partial(self._write_chunks, entries, None)
                    self._child = forked.Child(work)
            self._built: Future[list[tuple[str, str]]] = self._worker.submit(self._build, scratch)
            if self._child is None:
                self._feed(entries)
        except BaseException:
            self.__exit__(None, None, None)
            raise

    def __enter__(self) -> ApartIndex:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self._abandoned.set()
        if self._child is not None:
            self._child.stop()  # before the chunks' files are removed: it makes no more
        self._ready.put(None)  # wakes a build waiting for entries that will not come
        self._worker.shutdown(wait=True)
        if self._child is not None:
            self._child.close()
        try:
            if self._db is not None:
                self._db.execute("DETACH DATABASE apart")
        finally:
            self.path.unlink(missing_ok=True)
            pattern = f"{glob.escape(self._feed_stem)}*{SUFFIX}"
            for chunk in self.path.parent.glob(pattern):
                chunk.unlink(missing_ok=True)

    def _stopping(self) -> int:
        return int(self._abandoned.is_set() or self._interrupted())

    def _chunk_file(
        self, number: int, rows: list[tuple[object, ...]], stopping: Callable[[], int] | None
    ) -> Path:
        """A chunk's file, written (by the child, or on the calling thread)."""
        path = self._chunk(number)
        chunk = sqlite3.connect(path, isolation_level=None)
        try:
            # Read once and thrown away: no journal, no syncs.
            chunk.execute(f"PRAGMA page_size = {FEED_PAGE_BYTES}")
            chunk.execute("PRAGMA journal_mode = OFF")
            chunk.execute("PRAGMA synchronous = OFF")
            chunk.set_progress_handler(stopping, STOP_EVERY)
            columns = ", ".join(TEXT_COLUMNS)
            marks = ", ".join("?" * len(TEXT_COLUMNS))
            chunk.execute("BEGIN")
            chunk.execute(f"CREATE TABLE entries (key INTEGER PRIMARY KEY, {columns})")
            chunk.executemany(f"INSERT INTO entries VALUES (?, {marks})", rows)
            chunk.execute("COMMIT")
        finally:
            chunk.close()
        return path

    def _scratch(self) -> sqlite3.Connection:
        """The scratch file of the index, for the building thread."""
        scratch = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        try:
            # The file is thrown away if anything goes wrong: no journal, no syncs.
            scratch.execute("PRAGMA journal_mode = OFF")
            scratch.execute("PRAGMA synchronous = OFF")
            scratch.set_progress_handler(self._stopping, STOP_EVERY)
            scratch.execute(self._definition)
            configure(scratch, **FILL_SETTINGS)
        except BaseException:
            scratch.close()
            raise
        return scratch

    def _write_chunks(self, entries: Entries, stopping: Callable[[], int] | None) -> Iterator[int]:
        """Write the entries, in order of key, a chunk at a time; the number of each once
        its file is written (see `_chunk`). `stopping` is asked while one is written (not in
        the child, which asks nothing of this process: it is stopped by a signal)."""
        rows = iter(entries())
        number = 0
        while chunk := list(islice(rows, CHUNK)):
            self._chunk_file(number, chunk, stopping)
            yield number
            number += 1

    def _chunk(self, number: int) -> Path:
        return self.path.with_name(f"{self._feed_stem}{number}{SUFFIX}")

    def _feed(self, entries: Entries) -> None:
        """Hand the chunks over as they are written, on the calling thread, so as not to ask
        for Python's lock while the write's own rows are written; where no child process
        can make them (see `FORKED`)."""
        for number in self._write_chunks(entries, self._stopping):
            if self._built.done():
                break
            self._ready.put(self._chunk(number))
        self._ready.put(None)

    def _chunks(self) -> Iterator[Path]:
        """Each chunk's file as it is handed over (on the building thread)."""
        if self._child is None:
            while (chunk := self._ready.get()) is not None and not self._abandoned.is_set():
                yield chunk
            return
        try:
            yield from map(self._chunk, self._child.numbers(lambda: bool(self._stopping())))
        except forked.Stopped:
            raise sqlite3.OperationalError("interrupted") from None
        except ChildProcessError as error:  # killed: most likely for want of memory
            raise StoreError(
                "The import stopped: the process making the search index's entries ended "
                "before it was done (the computer may be short of memory). Nothing was written."
            ) from error

    def _build(self, scratch: sqlite3.Connection) -> list[tuple[str, str]]:
        """The index of the entries, a chunk at a time as they are handed over (on the
        thread), each chunk's file removed once indexed; the rows of `spellings` for its
        terms."""
        try:
            columns = ", ".join(TEXT_COLUMNS)
            values = ", ".join(
                f"nullif({c}, {NO_TEXT})" if c in _NULLABLE else c for c in TEXT_COLUMNS
            )
            index = (
                f"INSERT INTO items_fts (rowid, {columns}) SELECT key, {values} FROM feed.entries"
            )
            for chunk in self._chunks():
                self._index_chunk(scratch, index, chunk)
            if self._abandoned.is_set():
                raise sqlite3.OperationalError("interrupted")
            # Its segments (some twenty at a million items) out of the way of the edits'
            # merges, which would otherwise merge them all within one write (see
            # segment_levels); if they cannot be, merged into one first, which writes the
            # whole index again (about 6 s at a million items).
            if not segment_levels.lift(scratch):
                scratch.execute("INSERT INTO items_fts (items_fts) VALUES ('optimize')")
                segment_levels.lift(scratch)
            # The index is whole: it is copied in while its terms are listed.
            self._indexed.set_result(None)
            return spelling_rows(scratch)
        finally:
            scratch.close()

    def _index_chunk(self, scratch: sqlite3.Connection, index: str, chunk: Path) -> None:
        """Index one chunk's entries with `index`, and remove its file. Only the indexing
        asks whether to stop: a stop while the file is attached or detached would fail with
        another message, or leave it attached."""
        scratch.set_progress_handler(None, 0)
        scratch.execute("ATTACH DATABASE ? AS feed", [str(chunk)])
        try:
            scratch.set_progress_handler(self._stopping, STOP_EVERY)
            scratch.execute(index)
        finally:
            scratch.set_progress_handler(None, 0)
            scratch.execute("DETACH DATABASE feed")
            scratch.set_progress_handler(self._stopping, STOP_EVERY)
        chunk.unlink()

    def take_in(self, db: sqlite_utils.Database) -> None:
        """Wait for the index, and make it the database's (whose own is empty, as the
        database was), while the building thread lists its terms' other spellings; then
        those. The table is made afresh first, so that nothing the connection read of the
        empty index stays in its memory."""
        either: list[Future[Any]] = [self._indexed, self._built]
        wait(either, return_when=FIRST_COMPLETED)
        if self._built.done():
            self._built.result()  # raises what stopped the build
        db.execute("ATTACH DATABASE ? AS apart", [str(self.path)])
        self._db = db
        db.execute("DROP TABLE main.items_fts")
        db.execute(self._definition)
        for shadow in SHADOWS:
            table = f"items_fts_{shadow}"
            if db[table].exists():
                db.execute(f"DELETE FROM main.{table}")
                db.execute(f"INSERT INTO main.{table} SELECT * FROM apart.{table}")
        configure(db.conn, **FILL_SETTINGS)
        spellings = self._built.result()
        db.execute("DELETE FROM spellings")
        db.conn.executemany("INSERT INTO spellings (key, term) VALUES (?, ?)", spellings)
