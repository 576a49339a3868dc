"""A file of schema 8 (before the `links` column) is updated on opening, and searches with
filters as a new one does; an update cancelled midway leaves it as it was."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from app.core.filter import Filter
from app.store import StoreError, open_database
from app.store import database as database_module
from app.store.database import needs_upgrade, schema_version
from app.store.queries import count
from app.store.schema import SCHEMA_VERSION

SAID_ON_A_TRACK = Filter(text="2803", tracks=frozenset({"track/unsc"}))


def test_a_version_8_file_is_updated_and_filters_narrow_its_searches(
    version_8_path: Path, sample_path: Path
) -> None:
    path = version_8_path
    assert needs_upgrade(path)
    db = open_database(path)
    assert schema_version(db) == SCHEMA_VERSION
    assert not needs_upgrade(path)
    db.execute("INSERT INTO items_fts (items_fts, rank) VALUES ('integrity-check', 1)")
    new = open_database(sample_path)
    assert count(db, SAID_ON_A_TRACK) == count(new, SAID_ON_A_TRACK) > 0
    db.close()
    new.close()


def test_a_cancelled_update_leaves_the_file_as_it_was(
    version_8_path: Path, monkeypatch: pytest.MonkeyPatch, snapshot: Callable[[Path], Any]
) -> None:
    path = version_8_path
    before = snapshot(path)
    monkeypatch.setattr(database_module, "MIGRATION_STEPS", 1)
    asked = 0

    def cancelled() -> bool:
        nonlocal asked
        asked += 1
        return asked > 50  # some way into the rebuild of the index

    with pytest.raises(StoreError, match=r"update of .* was cancelled; it is as it was"):
        open_database(path, cancelled=cancelled)
    before.assert_unchanged()
    assert needs_upgrade(path)
    db = open_database(path)  # and it updates when opened again
    assert schema_version(db) == SCHEMA_VERSION
    db.close()


def test_only_an_older_backchannel_file_needs_an_update(tmp_path: Path, sample_path: Path) -> None:
    assert not needs_upgrade(sample_path)
    assert not needs_upgrade(tmp_path / "missing.backchannel")
    other = tmp_path / "notes.txt"
    other.write_text("not a database", encoding="utf-8")
    assert not needs_upgrade(other)
    assert not needs_upgrade(tmp_path)
    assert not needs_upgrade("")


def test_asking_about_a_named_pipe_does_not_wait_for_a_writer(tmp_path: Path) -> None:
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    assert not needs_upgrade(pipe)  # opening it to read its header would wait forever


def test_an_update_pending_in_the_write_ahead_log_is_seen(version_8_path: Path) -> None:
    log = Path(f"{version_8_path}-wal")
    assert not log.exists()
    assert needs_upgrade(version_8_path)
    conn = sqlite3.connect(version_8_path)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA wal_autocheckpoint=0")
    conn.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
    assert log.stat().st_size  # the new version is in the log, not yet in the header
    assert not needs_upgrade(version_8_path)
    conn.close()
