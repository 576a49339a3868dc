"""How a database file keeps its journal, for a file about to be moved or copied whole."""

from __future__ import annotations

import sqlite_utils


def keep_in_one_file(db: sqlite_utils.Database) -> None:
    """Leave write-ahead logging for a rollback journal: every change goes into the main file
    and no -wal file stays beside it, so the file can be renamed into place by itself."""
    db.execute("PRAGMA journal_mode = DELETE")
