"""The views an analyst named, kept in the database file: read, written, renamed, deleted.

A view's `spec` is text this module does not read (`core.views` writes and reads it). Names
compare without regard to case: "Peskov" and "peskov" are one view, spelt as saved last."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime

import sqlite_utils

from app.store.database import file_of
from app.store.errors import translated


@dataclass(frozen=True, slots=True)
class StoredView:
    name: str
    spec: str
    saved: str
    """When it was saved, ISO 8601 in UTC."""


def stored_views(db: sqlite_utils.Database) -> list[StoredView]:
    """Every saved view, by name whatever its case."""
    rows = db.execute("SELECT name, spec, saved FROM views ORDER BY name COLLATE NOCASE, name")
    return [StoredView(*row) for row in rows]


def stored_view(db: sqlite_utils.Database, name: str) -> StoredView | None:
    row = db.execute("SELECT name, spec, saved FROM views WHERE name = ?", [name]).fetchone()
    return None if row is None else StoredView(*row)


def write_view(db: sqlite_utils.Database, name: str, spec: str) -> None:
    """Save the view as `name`, in place of one of that name in any case."""
    at = datetime.now(UTC).isoformat(timespec="seconds")
    with _writing(db):
        db.execute("DELETE FROM views WHERE name = ?", [name])
        db.execute("INSERT INTO views (name, spec, saved) VALUES (?, ?, ?)", [name, spec, at])


def rename_view(db: sqlite_utils.Database, old: str, new: str) -> bool:
    """Give the view `old` the name `new`; False if there is no view `old`, or another view
    is called `new` already (a change of case alone is a rename)."""
    with _writing(db):
        taken = stored_view(db, new)
        if taken is not None and taken.name.casefold() != old.casefold():
            return False
        changed = db.execute("UPDATE views SET name = ? WHERE name = ?", [new, old])
        return bool(changed.rowcount)


def delete_view(db: sqlite_utils.Database, name: str) -> bool:
    """Forget the view; False if there was none of that name."""
    with _writing(db):
        return bool(db.execute("DELETE FROM views WHERE name = ?", [name]).rowcount)


@contextmanager
def _writing(db: sqlite_utils.Database) -> Iterator[None]:
    """One transaction, taking the write lock at once (another program waits, or says the
    file is locked); a read-only or locked file raises `StoreError`."""
    with translated(file_of(db)):
        db.execute("BEGIN IMMEDIATE")
        try:
            yield
            db.execute("COMMIT")
        except BaseException:
            if db.conn.in_transaction:
                db.execute("ROLLBACK")
            raise
