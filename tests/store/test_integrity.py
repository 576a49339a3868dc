"""Damaged files: what `check` finds, what `repair` mends, and writes refused meanwhile."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from app.core.filter import Filter
from app.core.model import Actor, Dataset
from app.store import StoreError, counts, open_database, write_dataset
from app.store.integrity import backup_name, check, repair
from app.store.queries import search

NOON = datetime(2026, 3, 14, 12, 0, 5)
FOUND = {"pages": "tables", "text index": "text index", "truncated": "file"}


def _total(path: Path, words: str) -> int:
    db = open_database(path)
    try:
        return search(db, Filter.build(text=words)).total
    finally:
        db.close()


@pytest.mark.parametrize("quick", [False, True])
def test_a_sound_file_checks_ok(sample_path: Path, quick: bool) -> None:
    findings = check(sample_path, quick=quick)
    assert findings.ok
    assert findings.lines() == [f"{sample_path}: OK"]


@pytest.mark.parametrize("how", list(FOUND))
def test_check_names_the_damage_and_changes_nothing(
    damaged: Callable[[str], Path], snapshot: Callable[[Path], Any], how: str
) -> None:
    path = damaged(how)
    before = snapshot(path)
    findings = check(path)
    assert not findings.ok
    assert FOUND[how] in findings.kinds()
    assert str(path) in findings.lines()[0]
    before.assert_unchanged()


def test_repair_rebuilds_a_broken_text_index_after_a_backup(
    damaged: Callable[[str], Path], sample_path: Path, tmp_path: Path
) -> None:
    pristine = shutil.copyfile(sample_path, tmp_path / "pristine.backchannel")
    expected = _total(pristine, "Lavrov")
    assert expected > 0
    path = damaged("text index")
    broken = path.read_bytes()
    with pytest.raises(sqlite3.DatabaseError, match="malformed"):
        _total(path, "Lavrov")

    report = repair(path, now=NOON)

    assert report.backup == path.with_name(f"{path.name}.repair-20260314-120005.bak")
    assert report.backup.read_bytes() == broken
    assert report.rebuilt
    assert report.items_kept is None
    assert report.after.ok
    assert _total(path, "Lavrov") == expected
    assert any("Rebuilt the full-text index" in line for line in report.lines())


def test_repair_keeps_the_readable_rows_of_damaged_pages(
    damaged: Callable[[str], Path], large_file: None
) -> None:
    path = damaged("pages")
    broken = path.read_bytes()

    report = repair(path, now=NOON)

    assert report.backup is not None
    assert report.backup.read_bytes() == broken
    assert report.items_kept is not None
    assert 0 < report.items_kept < 46
    assert report.after.ok
    db = open_database(path)
    try:
        assert counts(db).items == report.items_kept
    finally:
        db.close()
    assert f"{report.items_kept:,} item(s) kept" in "\n".join(report.lines())


def test_repair_of_a_sound_file_changes_nothing(
    sample_path: Path, snapshot: Callable[[Path], Any]
) -> None:
    before = snapshot(sample_path)
    report = repair(sample_path, now=NOON)
    assert report.backup is None
    assert report.lines() == [f"{sample_path}: OK, nothing to repair."]
    before.assert_unchanged()
    assert list(sample_path.parent.glob("*.bak")) == []


def test_a_backup_never_overwrites_an_earlier_one(tmp_path: Path) -> None:
    path = tmp_path / "mine.backchannel"
    first = backup_name(path, NOON)
    assert first.name == "mine.backchannel.repair-20260314-120005.bak"
    first.write_bytes(b"earlier")
    assert backup_name(path, NOON).name == "mine.backchannel.repair-20260314-120005-2.bak"


def test_a_write_into_a_broken_text_index_is_refused_untouched(
    damaged: Callable[[str], Path], snapshot: Callable[[Path], Any]
) -> None:
    path = damaged("text index")
    before = snapshot(path)
    db = open_database(path)
    try:
        with pytest.raises(StoreError, match=r"full-text index .* damaged: nothing was written"):
            write_dataset(db, Dataset(actors=[Actor("actor/new", "Someone New")]), path)
    finally:
        db.close()
    before.assert_unchanged()


def test_damage_met_at_opening_says_how_to_mend_it(damaged: Callable[[str], Path]) -> None:
    path = damaged("truncated")
    with pytest.raises(StoreError, match="damaged") as raised:
        open_database(path)
    assert f"backchannel repair --db {path}" in str(raised.value)


def test_a_file_nothing_can_be_read_of_is_refused_untouched(
    damaged: Callable[[str], Path], snapshot: Callable[[Path], Any]
) -> None:
    path = damaged("truncated")
    before = snapshot(path)
    with pytest.raises(StoreError, match="Nothing in it can be recovered"):
        repair(path, now=NOON)
    before.assert_unchanged()
    assert list(path.parent.glob("*.bak")) == []
