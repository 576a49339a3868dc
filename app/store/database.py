"""Opening, creating and migrating a Backchannel database file."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import sqlite_utils

from app.store.errors import StoreError, known_failure, repair_hint, translated
from app.store.schema import APPLICATION_ID, MIGRATIONS, PAGE_SIZE, SCHEMA_VERSION

QUICK_CHECK_MAX_BYTES = 64 * 1024 * 1024
"""Files up to this size are checked for damage when opened (a fraction of a second); larger
ones report damage when a query meets it, through the same `StoreError`."""


@dataclass(frozen=True, slots=True)
class Counts:
    actors: int
    tracks: int
    sources: int
    events: int
    statements: int

    @property
    def items(self) -> int:
        return self.events + self.statements


def open_database(
    path: Path | str, *, create: bool = False, cancelled: Callable[[], bool] | None = None
) -> sqlite_utils.Database:
    """Open a Backchannel file, migrating it if it is older than this app.

    With `create`, the file must not exist yet and is made empty. A missing file, a file that
    is not ours, a damaged one or one written by a newer Backchannel raises `StoreError` and
    is left exactly as it was. A file that cannot be written (or whose folder cannot) is
    opened read-only: it can be read and exported, and a change to it raises `StoreError`
    saying it is read-only. A migration (see `needs_upgrade`) stops when `cancelled` says
    so, and raises `StoreError` with the file as it was.
    """
    path = Path(path)
    if create and path.exists():
        raise StoreError(f"{path} already exists; choose a new file name.", path)
    if not create and not path.is_file():
        raise StoreError(f"There is no database at {path}.", path)
    read_only = not create and not _writable(path)
    with translated(path):
        db = sqlite_utils.Database(_connect(path, read_only))
    try:
        _prepare(db, path, create, read_only, cancelled)
    except BaseException:
        db.close()
        raise
    return db


def _writable(path: Path) -> bool:
    """Whether the database at `path` can be changed: SQLite writes the file and, beside it,
    its journal, so both the file and its folder must be writable."""
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def _connect(path: Path, read_only: bool) -> sqlite3.Connection:
    """A connection to the file; read-only ones read it as it is, changing nothing. In a
    folder that cannot be written SQLite cannot make the shared-memory file a
    write-ahead-logged database needs, so it is read as immutable, unless a log of changes
    not yet in the file is beside it (then it needs those files)."""
    if not read_only:
        return sqlite3.connect(path, isolation_level=None)
    uri = f"{path.resolve().as_uri()}?mode=ro"
    log = path.with_name(path.name + "-wal")
    if not os.access(path.parent, os.W_OK) and not (log.exists() and log.stat().st_size):
        uri += "&immutable=1"
    return sqlite3.connect(uri, uri=True, isolation_level=None)


def _prepare(
    db: sqlite_utils.Database,
    path: Path,
    create: bool,
    read_only: bool,
    cancelled: Callable[[], bool] | None = None,
) -> None:
    with translated(path):
        db.execute("PRAGMA busy_timeout = 2000")
        app_id = db.execute("PRAGMA application_id").fetchone()[0]
        version = db.execute("PRAGMA user_version").fetchone()[0]
        has_tables = bool(db.table_names())
    if not create and (app_id != APPLICATION_ID or not has_tables):
        what = "an empty file" if not has_tables and app_id == 0 else "a file of another program"
        raise StoreError(f"{path} is not a Backchannel database ({what}).", path)
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"{path} was written by a newer Backchannel (schema {version}; this version "
            f"understands up to {SCHEMA_VERSION}). Update Backchannel to open it.",
            path,
        )
    if has_tables and path.stat().st_size <= QUICK_CHECK_MAX_BYTES:
        with translated(path):
            integrity = db.execute("PRAGMA quick_check(1)").fetchone()[0]
        if integrity != "ok":
            found = " ".join(integrity.split())
            raise StoreError(f"The database {path} is damaged ({found}). {repair_hint(path)}", path)
    if read_only:
        if version < SCHEMA_VERSION:
            raise StoreError(
                f"{path} is read-only and was written by an older Backchannel (schema "
                f"{version}); it must be updated to open here: make it writable first.",
                path,
            )
        return
    with translated(path):
        if create:
            db.execute(f"PRAGMA page_size = {PAGE_SIZE}")  # before the first page is written
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = NORMAL")
    if version < SCHEMA_VERSION:
        if version > 0:
            backup(db, path.with_name(f"{path.name}.v{version}.bak"))
        migrate(db, version, path, cancelled)


def needs_upgrade(path: Path | str) -> bool:
    """Whether the file at `path` is a Backchannel database of an older schema, which opening
    it brings up to date: a minute or more for a million items when the full-text index is
    built again. False for anything else (opening it says what is wrong).

    Read from the file's header, as SQLite keeps it, so that asking leaves nothing beside a
    file in a folder that cannot be written; or, while a write-ahead log beside it may hold
    a newer header, from SQLite."""
    path = Path(path)
    log = Path(f"{path}-wal")
    try:
        if not path.is_file():  # a folder, a named pipe (which opening waits on), a device
            return False
        if log.exists() and log.stat().st_size:
            return _older(*_asked(path))
        with path.open("rb") as file:
            header = file.read(_HEADER_BYTES)
    except (OSError, sqlite3.Error):
        return False
    if len(header) < _HEADER_BYTES or not header.startswith(b"SQLite format 3\x00"):
        return False
    version = int.from_bytes(header[60:64], "big", signed=True)
    return _older(int.from_bytes(header[68:72], "big", signed=True), version)


def _asked(path: Path) -> tuple[int, int]:
    """(application id, schema version) as SQLite reads them."""
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        return int(app_id), int(conn.execute("PRAGMA user_version").fetchone()[0])
    finally:
        conn.close()


def _older(app_id: int, version: int) -> bool:
    return app_id == APPLICATION_ID and 0 < version < SCHEMA_VERSION


_HEADER_BYTES = 100
"""The database header: `user_version` at bytes 60–63, `application_id` at 68–71."""


MIGRATION_STEPS = 10_000
"""SQLite steps between two looks at whether a migration should stop."""


def migrate(
    db: sqlite_utils.Database,
    version: int,
    path: Path | str,
    cancelled: Callable[[], bool] | None = None,
) -> None:
    """Apply the migrations after `version` in one transaction: all of them or none; none if
    `cancelled` says so while they run."""
    if cancelled is not None:
        db.conn.set_progress_handler(lambda: int(cancelled()), MIGRATION_STEPS)
    try:
        _migrate(db, version, path)
    except sqlite3.OperationalError:
        if cancelled is not None and cancelled():
            raise StoreError(
                f"The update of {path} was cancelled; it is as it was.", path
            ) from None
        raise
    finally:
        db.conn.set_progress_handler(None, 0)


def _migrate(db: sqlite_utils.Database, version: int, path: Path | str) -> None:
    with translated(path):
        db.execute("BEGIN IMMEDIATE")
        try:
            db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            for number, step in enumerate(MIGRATIONS[version:], start=version + 1):
                step(db)
                db.execute(f"PRAGMA user_version = {number}")
            db.execute("COMMIT")
        except BaseException:
            if db.conn.in_transaction:  # a full disk has rolled it back already
                db.execute("ROLLBACK")
            raise


def backup(db: sqlite_utils.Database, target: Path) -> None:
    """A consistent copy of the database, taken before anything changes it."""
    with translated(target):
        out = sqlite3.connect(target)
        try:
            db.conn.backup(out)
        finally:
            out.close()


def file_of(db: sqlite_utils.Database) -> Path:
    """The file a connection is open on."""
    return Path(db.execute("PRAGMA database_list").fetchone()[2])


def schema_version(db: sqlite_utils.Database) -> int:
    return int(db.execute("PRAGMA user_version").fetchone()[0])


def counts(db: sqlite_utils.Database) -> Counts:
    def count(sql: str) -> int:
        return int(db.execute(sql).fetchone()[0])

    return Counts(
        actors=count("SELECT count(*) FROM actors"),
        tracks=count("SELECT count(*) FROM tracks"),
        sources=count("SELECT count(*) FROM sources"),
        events=count("SELECT count(*) FROM items WHERE kind != 'statement'"),
        statements=count("SELECT count(*) FROM items WHERE kind = 'statement'"),
    )


__all__ = [
    "Counts",
    "StoreError",
    "backup",
    "counts",
    "known_failure",
    "migrate",
    "needs_upgrade",
    "open_database",
    "schema_version",
]
