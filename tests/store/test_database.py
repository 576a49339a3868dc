"""Opening files: ours, foreign, damaged, newer, locked; migrations that run once."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
import sqlite_utils

from app.core.model import Actor, Dataset
from app.store import StoreError, counts, open_database, schema_version, write_dataset
from app.store import database as database_module
from app.store.errors import known_failure
from app.store.schema import APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION


def test_new_database_carries_our_id_and_version(tmp_path: Path) -> None:
    path = tmp_path / "new.backchannel"
    open_database(path, create=True).close()
    raw = sqlite3.connect(path)
    assert raw.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert raw.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    raw.close()


def test_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="There is no database at"):
        open_database(tmp_path / "nope.backchannel")
    assert not (tmp_path / "nope.backchannel").exists()


def test_create_refuses_to_overwrite(sample_path: Path) -> None:
    before = sample_path.read_bytes()
    with pytest.raises(StoreError, match="already exists"):
        open_database(sample_path, create=True)
    assert sample_path.read_bytes() == before


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "not a Backchannel database"),
        (b"name,date\nLavrov,2025\n" * 50, "not a Backchannel database"),
        (b"\x00\x01garbage" * 1000, "not a Backchannel database"),
    ],
)
def test_files_that_are_not_databases_are_refused_untouched(
    tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "notes.backchannel"
    path.write_bytes(content)
    with pytest.raises(StoreError, match=message):
        open_database(path)
    assert path.read_bytes() == content


def test_another_programs_sqlite_file_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    other = sqlite_utils.Database(path)
    other["songs"].insert({"title": "Moscow Nights"})
    other.close()
    before = path.read_bytes()
    with pytest.raises(StoreError, match="file of another program"):
        open_database(path)
    assert path.read_bytes() == before


def test_a_newer_file_is_refused_untouched(sample_path: Path) -> None:
    raw = sqlite3.connect(sample_path)
    raw.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    raw.close()
    before = sample_path.read_bytes()
    with pytest.raises(StoreError, match="newer Backchannel"):
        open_database(sample_path)
    assert sample_path.read_bytes() == before


def test_a_damaged_file_is_reported_untouched(sample_path: Path) -> None:
    data = bytearray(sample_path.read_bytes())
    page = 4096
    assert len(data) > 6 * page
    for offset in range(2 * page, 6 * page, 7):
        data[offset] = (data[offset] + 91) % 256
    sample_path.write_bytes(bytes(data))
    with pytest.raises(StoreError, match=r"damaged|not a Backchannel"):
        open_database(sample_path)
    assert sample_path.read_bytes() == bytes(data)


def test_a_locked_database_is_reported_as_locked(sample_path: Path) -> None:
    db = open_database(sample_path)
    holder = sqlite3.connect(sample_path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(StoreError, match="locked by another program"):
            write_dataset(db, Dataset(actors=[Actor("actor/x", "X")]), sample_path)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
        db.close()


def test_known_failures_name_the_file_and_bugs_are_not_swallowed() -> None:
    readonly = known_failure(
        sqlite3.OperationalError("attempt to write a readonly database"), "/x/db"
    )
    assert readonly is not None
    assert "/x/db is read-only" in str(readonly)
    assert known_failure(sqlite3.OperationalError("no such column: nonsense"), "/x/db") is None


def test_migrations_run_once_after_a_backup(
    sample_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[int] = []

    def add_notes(db: sqlite_utils.Database) -> None:
        calls.append(1)
        db["notes"].create({"id": int, "text": str}, pk="id")

    monkeypatch.setattr(database_module, "MIGRATIONS", (*MIGRATIONS, add_notes))
    monkeypatch.setattr(database_module, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    db = open_database(sample_path)
    assert schema_version(db) == SCHEMA_VERSION + 1
    assert "notes" in db.table_names()
    assert counts(db).items == 46
    db.close()
    backup = sample_path.with_name(f"{sample_path.name}.v{SCHEMA_VERSION}.bak")
    assert backup.exists()
    old = sqlite3.connect(backup)
    assert old.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert old.execute("SELECT count(*) FROM items").fetchone()[0] == 46
    old.close()
    open_database(sample_path).close()
    assert calls == [1]


def test_a_failing_migration_leaves_the_file_as_it_was(
    sample_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(db: sqlite_utils.Database) -> None:
        db.execute("DELETE FROM items")
        raise RuntimeError("migration bug")

    monkeypatch.setattr(database_module, "MIGRATIONS", (*MIGRATIONS, broken))
    monkeypatch.setattr(database_module, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    with pytest.raises(RuntimeError, match="migration bug"):
        open_database(sample_path)
    monkeypatch.undo()
    db = open_database(sample_path)
    assert schema_version(db) == SCHEMA_VERSION
    assert counts(db).items == 46
    db.close()
