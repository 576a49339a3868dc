"""Edits are written off the window's thread: a slow write (a full-text merge at a million
items) leaves the window painting, and the caller still gets its result or its error."""

from __future__ import annotations

import threading

import pytest
import sqlite_utils
from PySide6.QtCore import QTimer
from pytestqt.qtbot import QtBot

from app.store import StoreError
from app.ui.editing.writing import written


def test_a_slow_write_leaves_the_window_running_and_returns_its_result(
    qtbot: QtBot, sample_db: sqlite_utils.Database
) -> None:
    release = threading.Event()
    ticks: list[int] = []

    def tick() -> None:
        ticks.append(1)
        if len(ticks) >= 3:
            release.set()  # the write ends only once the window's timer has run three times

    timer = QTimer()
    timer.timeout.connect(tick)
    timer.start(5)

    def slow(db: sqlite_utils.Database) -> tuple[int, bool]:
        assert release.wait(10), "the window's event loop did not run during the write"
        count = db.execute("SELECT count(*) FROM items").fetchone()[0]
        return count, threading.current_thread() is not threading.main_thread()

    assert written(None, sample_db, slow) == (46, True)
    timer.stop()
    assert len(ticks) >= 3


def test_an_error_in_the_write_reaches_the_caller(
    qtbot: QtBot, sample_db: sqlite_utils.Database
) -> None:
    def refused(_db: sqlite_utils.Database) -> None:
        raise StoreError("The file is read-only.", None)

    with pytest.raises(StoreError, match="read-only"):
        written(None, sample_db, refused)
