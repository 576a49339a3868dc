"""What a first large import into an empty database changes while it writes: a big page
cache for the index builds, and a rollback journal in place of WAL, so that each page is
written once."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

import sqlite_utils

BULK_CACHE_KIB = 256 * 1024


@contextmanager
def bulk_settings(db: sqlite_utils.Database, *, active: bool) -> Iterator[None]:
    """For a first large import (into an empty database): a big page cache for the index
    builds, and each page written once when this connection has the file to itself."""
    if not active:
        yield
        return
    cache = db.execute("PRAGMA cache_size").fetchone()[0]
    db.execute(f"PRAGMA cache_size = -{BULK_CACHE_KIB}")
    try:
        with _rollback_journal(db):
            yield
    finally:
        db.execute(f"PRAGMA cache_size = {cache}")


@contextmanager
def _rollback_journal(db: sqlite_utils.Database) -> Iterator[None]:
    """A rollback journal in place of WAL while the block runs, if SQLite allows it now.

    With WAL every page is written twice, into the log and then by the checkpoint into the
    file: about 3 s of a million-item load. A rollback journal copies aside only the pages
    the file had before (an empty database has a few) and writes the new ones once.
    SQLite leaves WAL only for a connection that has the file to itself; while the window
    has the file open as well, it refuses at once and the write keeps WAL. A cancelled or
    failed load leaves the data as it was either way; with the switch, SQLite's change
    counter in the file's header (bytes 24–27 and 92–95) moves on."""
    if db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
        yield
        return
    sync = db.execute("PRAGMA synchronous").fetchone()[0]
    if _journal_mode(db, "DELETE") != "delete":  # refused at once, no busy wait
        yield
        return
    # With a rollback journal, NORMAL can leave a damaged file after a power cut at the
    # wrong moment; FULL costs a few syncs of the small journal.
    db.execute("PRAGMA synchronous = FULL")
    try:
        yield
    finally:
        db.execute(f"PRAGMA synchronous = {sync}")
        # Refused only if another connection came in meanwhile; the next open sets WAL.
        _journal_mode(db, "WAL")


def _journal_mode(db: sqlite_utils.Database, mode: str) -> str | None:
    """Set the journal mode; the mode now, or None if another connection holds the file."""
    try:
        return str(db.execute(f"PRAGMA journal_mode = {mode}").fetchone()[0])
    except sqlite3.OperationalError as error:
        if error.sqlite_errorcode & 0xFF == sqlite3.SQLITE_BUSY:
            return None
        raise
