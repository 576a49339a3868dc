"""Database failures a user can act on, told apart from bugs.

A locked, read-only, damaged or foreign file is something the user can fix or choose
differently; it becomes a `StoreError` with a message saying so. Any other SQLite error is a
bug in Backchannel and is raised as it is.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

_KNOWN = (
    ("file is not a database", "is not a Backchannel database (not an SQLite file)"),
    ("database disk image is malformed", "is damaged (SQLite reports a malformed disk image)"),
    ("attempt to write a readonly database", "is read-only: imports and edits are off"),
    ("database is locked", "is locked by another program: close it there and try again"),
    ("unable to open database file", "cannot be opened: check the folder exists and is writable"),
    ("disk i/o error", "could not be read or written (disk I/O error)"),
    ("database or disk is full", "cannot be written: the disk is full"),
)


class StoreError(Exception):
    """A database problem with a message for the user, naming the file."""

    def __init__(self, message: str, path: Path | str | None = None) -> None:
        super().__init__(message)
        self.path = Path(path) if path is not None else None


class QueryError(ValueError):
    """An advanced search query that FTS5 cannot parse; the message is for the user."""


def known_failure(error: sqlite3.Error, path: Path | str | None) -> StoreError | None:
    text = str(error).lower()
    for needle, meaning in _KNOWN:
        if needle in text:
            where = f"The database {path}" if path else "The database"
            return StoreError(f"{where} {meaning}.", path)
    return None


@contextmanager
def translated(path: Path | str | None) -> Iterator[None]:
    """Turn known SQLite failures inside the block into `StoreError`; re-raise the rest."""
    try:
        yield
    except sqlite3.Error as error:
        known = known_failure(error, path)
        if known is None:
            raise
        raise known from error
