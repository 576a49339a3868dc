"""An open database, as the window holds it: the connection, the caches of what was read from
it (item texts, names, the number of items), and the one signal that says it changed.

Whoever changes the database (an import now, edits later) calls `database_changed()`: the
caches are emptied first, then `changed` tells every view to read again."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import sqlite_utils
from PySide6.QtCore import QObject, Signal

from app.drawing.texts import StoreTexts
from app.store import Counts, counts, open_database
from app.store.lookups import dataset_title, item_count
from app.store.queries import names


class Session(QObject):
    """One open database file; the window reads through it and closes it on exit."""

    changed = Signal()
    """The database changed; the caches are already emptied."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path
        self.db: sqlite_utils.Database = open_database(path)
        self.texts = StoreTexts(self.db)
        self._names: dict[str, str] | None = None
        self._total: int | None = None

    def counts(self) -> Counts:
        return counts(self.db)

    def names(self) -> dict[str, str]:
        """Actor and track names by id, read once (and again after a change)."""
        if self._names is None:
            self._names = names(self.db)
        return self._names

    def title(self) -> str:
        """What the window is called: the dataset's name, if it has one, and the file's (alone
        when the file cannot be read: the window says why elsewhere)."""
        try:
            name = dataset_title(self.db)
        except sqlite3.DatabaseError:
            name = None
        return f"{name} — {self.path.name}" if name else self.path.name

    def total(self, known: int | None = None) -> int:
        """How many items the database holds: read once (and again after a change), unless
        the caller `known`s it already (everything is loaded)."""
        if self._total is None:
            self._total = item_count(self.db) if known is None else known
        return self._total

    def database_changed(self) -> None:
        """Empty every cache of what was read, then tell the views."""
        self.texts.forget()
        self._names = None
        self._total = None
        self.changed.emit()

    def close(self) -> None:
        self.db.close()
