"""Finding damage in a database file, and mending what can be mended: `backchannel check`
and `backchannel repair`.

A file can be damaged in three ways that need different mending. The full-text index and
the tables' indexes hold nothing of their own: they are rebuilt from the tables. Links that
point to records no longer there are dropped. Pages of the tables themselves that cannot be
read are lost: what SQLite can still read is copied, row by row, into a new file.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from app.store import text_index
from app.store.database import open_database
from app.store.errors import StoreError
from app.store.journal import keep_in_one_file
from app.store.schema import (
    APPLICATION_ID,
    ITEM_TABLES,
    LINK_TABLES,
    RECORD_TABLES,
    SCHEMA_VERSION,
)

LISTED = 20
"""How many of SQLite's own findings a report quotes; the rest are counted."""
_INDEX_ONLY = ("missing from index", "wrong # of entries in index", "non-unique entry in index")
"""SQLite's words for an index out of step with its table: a REINDEX mends it."""
COPIED_TABLES = ("meta", *RECORD_TABLES.values(), "items", *ITEM_TABLES, "views")
"""The tables that hold what the user entered, in the order a recovery copies them."""


@dataclass(frozen=True, slots=True)
class Problem:
    kind: str
    """"file" (unreadable or not ours), "tables", "indexes", "text index" or "links"."""
    text: str


@dataclass(frozen=True, slots=True)
class Findings:
    path: Path
    problems: tuple[Problem, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.problems

    def kinds(self) -> set[str]:
        return {p.kind for p in self.problems}

    def lines(self) -> list[str]:
        if self.ok:
            return [f"{self.path}: OK"]
        return [f"{self.path}: {len(self.problems)} problem(s)"] + [
            f"  - {p.text}" for p in self.problems
        ]


@dataclass(slots=True)
class RepairReport:
    path: Path
    before: Findings
    after: Findings
    backup: Path | None = None
    rebuilt: bool = False
    items_kept: int | None = None
    rows_lost: dict[str, int] = field(default_factory=dict)

    def lines(self) -> list[str]:
        if self.before.ok:
            return [f"{self.path}: OK, nothing to repair."]
        out = [f"Backed up the damaged file to {self.backup}"]
        if self.rebuilt:
            out.append("Rebuilt the full-text index and the tables' indexes from the tables.")
        if self.items_kept is not None:
            out.append(
                f"Copied what could be read into a new file: {self.items_kept:,} item(s) kept."
            )
            out += [f"  {n:,} unreadable row(s) of {t} left out" for t, n in self.rows_lost.items()]
        out.append("Checked again:")
        out += self.after.lines()
        return out


@contextmanager
def _raw(path: Path) -> Iterator[sqlite3.Connection]:
    """A plain connection: no journal mode or migration, so that looking changes nothing."""
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        yield connection
    finally:
        connection.close()


def check(path: Path | str, *, quick: bool = False) -> Findings:
    """What is damaged in the file at `path`, in plain words; nothing is written.

    `quick` runs SQLite's quick_check (no index-against-table comparison) and checks the
    full-text index's own structure without comparing it with the items."""
    path = Path(path)
    if not path.is_file():
        raise StoreError(f"There is no database at {path}.", path)
    with _raw(path) as db:
        try:
            app_id = db.execute("PRAGMA application_id").fetchone()[0]
            version = db.execute("PRAGMA user_version").fetchone()[0]
        except sqlite3.DatabaseError as error:
            return Findings(path, (Problem("file", f"SQLite cannot read it at all ({error})."),))
        # (A file cut short before its list of tables ends, for one: nothing can be read.)
        if app_id != APPLICATION_ID:
            return Findings(path, (Problem("file", "It is not a Backchannel database."),))
        if version > SCHEMA_VERSION:
            return Findings(path, (Problem("file", "It was written by a newer Backchannel."),))
        problems = _pages(db, quick)
        if "tables" not in {p.kind for p in problems}:
            problems += _text_index(db, quick)
            if not quick:
                problems += _links(db)
    return Findings(path, tuple(problems))


def _pages(db: sqlite3.Connection, quick: bool) -> list[Problem]:
    pragma = "quick_check" if quick else "integrity_check"
    try:
        found = [row[0] for row in db.execute(f"PRAGMA {pragma}({LISTED + 1})")]
    except sqlite3.DatabaseError as error:
        return [Problem("tables", f"Pages of the file cannot be read ({error}).")]
    if found == ["ok"]:
        return []
    shown = "; ".join(" ".join(line.split()) for line in found[:LISTED])
    if all(any(words in line for words in _INDEX_ONLY) for line in found):
        return [Problem("indexes", f"Indexes are out of step with their tables: {shown}")]
    return [Problem("tables", f"Pages of the tables are damaged. SQLite reports: {shown}")]


def _text_index(db: sqlite3.Connection, quick: bool) -> list[Problem]:
    """FTS5's own check; in full, it also compares the index with what the items say."""
    try:
        db.execute(
            "INSERT INTO items_fts (items_fts, rank) VALUES ('integrity-check', ?)",
            [0 if quick else 1],
        )
    except sqlite3.DatabaseError as error:
        return [
            Problem(
                "text index",
                f"The full-text index is damaged ({error}): searches fail or miss items. "
                "It can be rebuilt from the items.",
            )
        ]
    return []


def _links(db: sqlite3.Connection) -> list[Problem]:
    try:
        dangling = db.execute("PRAGMA foreign_key_check").fetchall()
    except sqlite3.DatabaseError as error:
        return [Problem("tables", f"The links between records cannot be read ({error}).")]
    if not dangling:
        return []
    tables = sorted({row[0] for row in dangling})
    return [
        Problem(
            "links",
            f"{len(dangling):,} link(s) in {', '.join(tables)} point to items or records "
            "that are not there.",
        )
    ]


def repair(path: Path | str, *, now: datetime | None = None) -> RepairReport:
    """Back the file up beside itself, then rebuild what is rebuilt from the tables, or, if
    the tables themselves are damaged, copy what can be read into a new file in its place."""
    path = Path(path)
    before = check(path)
    if before.ok:
        return RepairReport(path, before, before)
    if "file" in before.kinds() and not _readable_schema(path):
        raise StoreError(
            f"{path}: {before.problems[0].text} Nothing in it can be recovered: "
            "restore a copy from a backup.",
            path,
        )
    report = RepairReport(path, before, before, backup=_back_up(path, now or datetime.now()))
    if "tables" not in before.kinds() and "file" not in before.kinds():
        _rebuild(path)
        report.rebuilt = True
        report.after = check(path)
    if not report.after.ok:
        report.items_kept, report.rows_lost = _recover(path)
        report.after = check(path)
    return report


def _readable_schema(path: Path) -> bool:
    with _raw(path) as db:
        try:
            app_id = db.execute("PRAGMA application_id").fetchone()[0]
            version = db.execute("PRAGMA user_version").fetchone()[0]
            db.execute("SELECT name FROM sqlite_schema").fetchall()
        except sqlite3.DatabaseError:
            return False
    return bool(app_id == APPLICATION_ID and version <= SCHEMA_VERSION)


def backup_name(path: Path, now: datetime) -> Path:
    """`name.backchannel.repair-YYYYmmdd-HHMMSS.bak`, numbered on if that is taken."""
    stem = f"{path.name}.repair-{now:%Y%m%d-%H%M%S}"
    target = path.with_name(f"{stem}.bak")
    number = 1
    while target.exists():
        number += 1
        target = path.with_name(f"{stem}-{number}.bak")
    return target


def _back_up(path: Path, now: datetime) -> Path:
    """The file's bytes as they are, with its write-ahead log if it has one, so that the
    backup opens as the damaged file did."""
    target = backup_name(path, now)
    shutil.copyfile(path, target)
    wal = path.with_name(path.name + "-wal")
    if wal.exists():
        shutil.copyfile(wal, target.with_name(target.name + "-wal"))
    return target


def _rebuild(path: Path) -> None:
    """Drop links to records that are gone, rebuild every index and the full-text index."""
    with _raw(path) as db:
        db.execute("BEGIN IMMEDIATE")
        try:
            _drop_dangling(db)
            db.execute("REINDEX")
            db.execute("INSERT INTO items_fts (items_fts) VALUES ('rebuild')")
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise


def _drop_dangling(db: sqlite3.Connection) -> None:
    """Items whose time or kind a damaged page garbled, and links whose item or record is
    gone, go; a statement's event that is gone is forgotten, and a statement whose speaker is
    gone cannot stand and goes."""
    db.execute(
        "DELETE FROM items WHERE typeof(start) != 'integer' OR typeof(\"end\") != 'integer' "
        "OR typeof(precision) != 'integer' OR typeof(kind) != 'text' OR typeof(id) != 'text'"
    )
    db.execute(
        "DELETE FROM items WHERE speaker IS NOT NULL AND speaker NOT IN (SELECT id FROM actors)"
    )
    db.execute(
        "UPDATE items SET event = NULL WHERE event IS NOT NULL "
        "AND event NOT IN (SELECT id FROM items)"
    )
    for table, other in LINK_TABLES.items():
        records = RECORD_TABLES[other]
        db.execute(
            f"DELETE FROM {table} WHERE item NOT IN (SELECT key FROM items) "
            f"OR {other} NOT IN (SELECT key FROM {records})"
        )
    db.execute("DELETE FROM item_tags WHERE item NOT IN (SELECT key FROM items)")


def _recover(path: Path) -> tuple[int, dict[str, int]]:
    """Copy every row SQLite can read into a new file that then takes the damaged one's
    place (the backup is already taken). Returns the items kept and the rows lost by table."""
    fresh = path.with_name(path.name + ".recovering")
    fresh.unlink(missing_ok=True)
    lost: dict[str, int] = {}
    try:
        target = open_database(fresh, create=True)
        try:
            with _raw(path) as source:
                target.execute("BEGIN IMMEDIATE")
                for table in COPIED_TABLES:
                    lost[table] = _copy_table(source, target.conn, table)
                _drop_dangling(target.conn)
                text_index.rebuild(target)
                target.execute("COMMIT")
            kept = int(target.execute("SELECT count(*) FROM items").fetchone()[0])
            keep_in_one_file(target)
        finally:
            target.close()
        for suffix in ("-wal", "-shm"):
            path.with_name(path.name + suffix).unlink(missing_ok=True)
        os.replace(fresh, path)
    finally:
        fresh.unlink(missing_ok=True)
    return kept, {table: n for table, n in lost.items() if n}


def _copy_table(source: sqlite3.Connection, target: sqlite3.Connection, table: str) -> int:
    """Copy `table`'s readable rows; returns how many rows were found but could not be read."""
    columns = [f'"{row[1]}"' for row in _table_info(target, table)]
    keys = [f'"{row[1]}"' for row in sorted(_table_info(target, table), key=_pk_order) if row[5]]
    listed = ", ".join(columns)
    insert = f"INSERT OR IGNORE INTO {table} ({listed}) VALUES ({', '.join('?' * len(columns))})"
    try:
        target.executemany(insert, source.execute(f"SELECT {listed} FROM {table}"))
        return 0
    except sqlite3.DatabaseError:
        pass  # a page is unreadable: read row by row, finding the rows through every index
    found = _keys(source, table, keys)
    where = " AND ".join(f"{k} = ?" for k in keys)
    lost = 0
    for key in sorted(found):
        try:
            row = source.execute(f"SELECT {listed} FROM {table} WHERE {where}", key).fetchone()
        except sqlite3.DatabaseError:
            lost += 1
            continue
        if row is not None:
            target.execute(insert, row)
    return lost


def _table_info(db: sqlite3.Connection, table: str) -> list[tuple[Any, ...]]:
    return list(db.execute(f"PRAGMA table_info({table})"))


def _pk_order(row: tuple[Any, ...]) -> int:
    return int(row[5])


def _keys(source: sqlite3.Connection, table: str, keys: list[str]) -> set[tuple[object, ...]]:
    """The primary keys of every row found by the table itself or any of its indexes, each
    read until it meets a page it cannot read."""
    listed = ", ".join(keys)
    ways = [f"SELECT {listed} FROM {table} NOT INDEXED"]
    try:
        indexes = [row[1] for row in source.execute(f"PRAGMA index_list({table})")]
    except sqlite3.DatabaseError:
        indexes = []
    ways += [f"SELECT {listed} FROM {table} INDEXED BY {name}" for name in indexes]
    found: set[tuple[object, ...]] = set()
    for sql in ways:
        with closing(source.cursor()) as cursor:
            try:
                for row in cursor.execute(sql):
                    found.add(tuple(row))
            except sqlite3.DatabaseError:
                continue
    return found
