"""An open database, as the window holds it."""

from __future__ import annotations

from pathlib import Path

import sqlite_utils

from app.store import Counts, counts, open_database


class Session:
    """One open database file; the window reads through it and closes it on exit."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.db: sqlite_utils.Database = open_database(path)

    def counts(self) -> Counts:
        return counts(self.db)

    def close(self) -> None:
        self.db.close()
