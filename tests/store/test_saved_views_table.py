"""Saved views in the database file: kept by name whatever its case, renamed, deleted, and
brought into a file of an earlier version by its upgrade."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest
import sqlite_utils

from app.store import StoreError, counts, open_database
from app.store import database as database_module
from app.store.integrity import repair
from app.store.schema import ITEM_TABLES, MIGRATIONS
from app.store.views import delete_view, rename_view, stored_view, stored_views, write_view
from tests.exports import exported


def test_views_are_kept_by_name_whatever_its_case(sample_db: sqlite_utils.Database) -> None:
    write_view(sample_db, "Peskov", '{"search": "speaker:Peskov"}')
    write_view(sample_db, "alaska summit", '{"search": "Alaska"}')
    write_view(sample_db, "UNSC", '{"tracks": ["track/unsc"]}')
    assert [v.name for v in stored_views(sample_db)] == ["alaska summit", "Peskov", "UNSC"]
    found = stored_view(sample_db, "PESKOV")
    assert found is not None
    assert (found.name, found.spec) == ("Peskov", '{"search": "speaker:Peskov"}')
    assert found.saved.endswith("+00:00")

    write_view(sample_db, "peskov", '{"search": "Песков"}')  # saved over, as now spelt

    assert [v.name for v in stored_views(sample_db)] == ["alaska summit", "peskov", "UNSC"]
    assert stored_view(sample_db, "Peskov").spec == '{"search": "Песков"}'  # type: ignore[union-attr]


def test_a_view_is_renamed_unless_the_name_is_taken_and_deleted_once(
    sample_db: sqlite_utils.Database,
) -> None:
    write_view(sample_db, "Peskov", "{}")
    write_view(sample_db, "UNSC", "{}")
    assert not rename_view(sample_db, "Peskov", "unsc")
    assert not rename_view(sample_db, "Lavrov", "Rubio")
    assert rename_view(sample_db, "peskov", "PESKOV")  # a new case is a new spelling
    assert rename_view(sample_db, "PESKOV", "Kremlin")
    assert [v.name for v in stored_views(sample_db)] == ["Kremlin", "UNSC"]
    assert delete_view(sample_db, "unsc")
    assert not delete_view(sample_db, "unsc")
    assert [v.name for v in stored_views(sample_db)] == ["Kremlin"]


def test_a_read_only_file_keeps_its_views_and_says_why_none_is_saved(
    sample_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = open_database(sample_path)
    write_view(db, "Peskov", "{}")
    db.close()
    monkeypatch.setattr(database_module, "_writable", lambda _path: False)
    db = open_database(sample_path)
    with pytest.raises(StoreError, match="is read-only"):
        write_view(db, "UNSC", "{}")
    with pytest.raises(StoreError, match="is read-only"):
        delete_view(db, "Peskov")
    assert [v.name for v in stored_views(db)] == ["Peskov"]
    db.close()


def test_a_version_5_file_is_upgraded_keeps_its_data_and_takes_views(
    tmp_path: Path, sample_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "old.backchannel"
    with monkeypatch.context() as version_5:  # the sample's rows in a file of schema 5
        version_5.setattr(database_module, "MIGRATIONS", MIGRATIONS[:5])
        version_5.setattr(database_module, "SCHEMA_VERSION", 5)
        old = open_database(path, create=True)
        old.execute("ATTACH ? AS current", [str(sample_path)])
        for table in ("meta", "actors", "tracks", "sources", "items", *ITEM_TABLES):
            old.execute(f"INSERT INTO main.{table} SELECT * FROM current.{table}")
        old.execute("DETACH current")
        old.execute("INSERT INTO items_fts (items_fts) VALUES ('rebuild')")
        assert "views" not in old.table_names()
        before, before_counts = exported(old), counts(old)
        old.close()

    db = open_database(path)

    assert db.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
    assert path.with_name("old.backchannel.v5.bak").exists()
    assert (exported(db), counts(db)) == (before, before_counts)
    assert stored_views(db) == []
    write_view(db, "UNSC", '{"tracks": ["track/unsc"]}')
    db.close()
    again = open_database(path)
    assert [v.name for v in stored_views(again)] == ["UNSC"]
    again.close()


def test_a_repair_that_copies_what_can_be_read_keeps_the_views(
    sample_path: Path, damaged: Callable[[str], Path], large_file: None
) -> None:
    db = open_database(sample_path)
    write_view(db, "UNSC", '{"tracks": ["track/unsc"]}')
    db.close()

    report = repair(damaged("pages"), now=datetime(2026, 3, 14, 12, 0, 5))

    assert report.items_kept is not None  # the items were copied into a new file
    db = open_database(sample_path)
    assert [(v.name, v.spec) for v in stored_views(db)] == [("UNSC", '{"tracks": ["track/unsc"]}')]
    db.close()
