"""Database failures a user can act on, told apart from bugs.

A locked, read-only, damaged or foreign file is something the user can fix or choose
differently; it becomes a `StoreError` with a message saying so. Any other SQLite error is a
bug in Backchannel and is raised as it is.
"""

from __future__ import annotations

import shlex
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

_DAMAGE = ("database disk image is malformed", "could not decode to utf-8", "disk i/o error")
"""Failures after which the file may be damaged: their message says how to check and mend it."""
_KNOWN = (
    ("file is not a database", "is not a Backchannel database (not an SQLite file)"),
    ("database disk image is malformed", "is damaged (SQLite reports a malformed disk image)"),
    ("could not decode to utf-8", "is damaged (a record holds text garbled beyond reading)"),
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
            hint = f" {repair_hint(path)}" if needle in _DAMAGE else ""
            return StoreError(f"{where} {meaning}.{hint}", path)
    return None


def repair_hint(path: Path | str | None) -> str:
    """How to see what is damaged and mend it, as commands to type."""
    db = f" --db {shlex.quote(str(path))}" if path else ""
    return (
        f"Run `backchannel check{db}` to see what is damaged and `backchannel repair{db}` "
        "to mend it (the damaged file is backed up first)."
    )


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
