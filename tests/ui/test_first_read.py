"""The timeline's first read, begun before the window's modules load (`app.ui.first_read`):
the window takes it when it asks for the same items, and reads itself otherwise."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from pytestqt.qtbot import QtBot

from app.core.filter import Filter
from app.store.columns import load_columns
from app.store.database import open_database
from app.ui import first_read
from app.ui import settings as s
from app.ui.main_window import MainWindow
from app.ui.timeline import pane

OpenWindow = Callable[[Path], MainWindow]
WAIT_S = 30


def _never_again(*_: object, **__: object) -> object:
    raise AssertionError("the window read the timeline again")


def _same_as_the_database(window: MainWindow, path: Path) -> None:
    db = open_database(path)
    try:
        expected = load_columns(db, Filter(), window.timeline_pane.grouping)
    finally:
        db.close()
    shown = window.timeline.scene.columns
    assert np.array_equal(shown.keys, expected.keys)
    assert np.array_equal(shown.member_item, expected.member_item)
    assert [lane.name for lane in shown.lanes] == [lane.name for lane in expected.lanes]


def test_the_window_takes_the_read_begun_before_it(
    open_window: OpenWindow, sample_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert first_read.start(sample_path)
    with first_read._lock:
        begun = first_read._started[sample_path.resolve()].result
    begun.result(timeout=WAIT_S)
    # Were the window to read the columns itself, it would fail.
    monkeypatch.setattr(pane, "columns_and_lanes", _never_again)
    window = open_window(sample_path)
    assert not window.timeline_pane.loading
    assert len(window.timeline.scene.columns) == 46
    _same_as_the_database(window, sample_path)
    assert first_read.take(sample_path, Filter(), "track") is None  # taken, and only once


def test_an_early_read_that_failed_is_read_again(
    open_window: OpenWindow, sample_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def damaged(*_: object, **__: object) -> object:
        raise sqlite3.DatabaseError("database disk image is malformed")

    monkeypatch.setattr(first_read, "columns_and_lanes", damaged)
    assert first_read.start(sample_path)
    window = open_window(sample_path)
    assert len(window.timeline.scene.columns) == 46
    _same_as_the_database(window, sample_path)


def test_a_read_of_other_items_is_dropped(qtbot: QtBot, sample_path: Path) -> None:
    assert first_read.start(sample_path)
    assert first_read.take(sample_path, Filter(text="Peskov"), "track") is None
    assert first_read.take(sample_path, Filter(), "track") is None  # dropped, not kept
    assert first_read.start(sample_path)
    assert first_read.take(sample_path, Filter(), "actor") is None


def test_the_file_the_window_showed_last_opens_with_its_own_view(sample_path: Path) -> None:
    """Its saved Filter and the index kept of it are the window's to use: no early read."""
    settings = s.settings()
    s.LAST_DATABASE.write(settings, str(sample_path.resolve()))
    settings.sync()
    assert not first_read.start(sample_path)
    assert first_read.take(sample_path, Filter(), "track") is None


def test_a_file_to_bring_up_to_date_is_not_read_early(version_8_path: Path) -> None:
    """Opening it updates it, which the window asks about first."""
    assert not first_read.start(version_8_path)
    assert not first_read.start(version_8_path.with_name("missing.backchannel"))


def test_the_remembered_grouping_is_read(
    open_window: OpenWindow, sample_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = s.settings()
    s.GROUPING.write(settings, "actor")
    settings.sync()
    assert first_read.start(sample_path)
    with first_read._lock:
        begun = first_read._started[sample_path.resolve()]
    assert begun.grouping == "actor"
    begun.result.result(timeout=WAIT_S)
    monkeypatch.setattr(pane, "columns_and_lanes", _never_again)
    window = open_window(sample_path)
    assert window.timeline_pane.grouping == "actor"
    _same_as_the_database(window, sample_path)
