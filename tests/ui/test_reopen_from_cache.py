"""Opening a large database again draws its timeline from the item index kept the last time,
not from a read of every item; a database changed since is read afresh."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
import sqlite_utils
from PySide6.QtCore import QCoreApplication
from pytestqt.qtbot import QtBot

from app.core.dates import parse_span
from app.core.filter import Filter
from app.core.model import Event
from app.drawing.texts import StoreTexts
from app.services.locations import APP_NAME
from app.store import index_cache, open_database
from app.store.changes import make_change, read_state
from app.store.columns import load_columns
from app.ui import first_read, settings
from app.ui.main_window import MainWindow
from app.ui.timeline.pane import TimelinePane
from tests.store.test_item_index import _same
from tests.ui.conftest import LOAD_MS, OpenWindow

MIAMI = "event/2025-10-24-dmitriev-miami"


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The Filters' texts the timeline read every item's columns for; the sample is kept."""
    monkeypatch.setattr(index_cache, "MIN_ITEMS", 1)
    read: list[str] = []

    def counted(db: sqlite_utils.Database, f: Filter, grouping: str = "track") -> object:
        read.append(f.text)
        return load_columns(db, f, grouping)

    monkeypatch.setattr(first_read, "load_columns", counted)
    return read


def _opened(qtbot: QtBot, open_window: OpenWindow, path: Path) -> MainWindow:
    window = open_window(path)
    qtbot.waitUntil(lambda: window.timeline_pane.index is not None, timeout=LOAD_MS)
    return window


def test_a_reopened_database_is_drawn_from_its_kept_index_until_it_changes(
    qtbot: QtBot, open_window: OpenWindow, sample_path: Path, reads: list[str]
) -> None:
    first = _opened(qtbot, open_window, sample_path)
    shown = first.timeline.scene.columns
    labelled = first.timeline.frame.labelled
    first.close()
    assert reads == [""]
    assert len(list(settings.index_cache().directory.glob("*.items"))) == 1

    again = open_window(sample_path)
    assert again.timeline_pane.index is not None  # with the first picture, not after it
    assert reads == [""]  # no second read of every item
    _same(again.timeline.scene.columns, shown)
    assert again.timeline.frame.labelled == labelled > 10
    again.close()

    with open_database(sample_path) as db:  # another program moves an item
        miami = read_state(db, [("item", MIAMI)]).record("item", MIAMI)
        assert isinstance(miami, Event)
        make_change(db, "Move", {("item", MIAMI): replace(miami, when=parse_span("2031-05-06"))})
    changed = _opened(qtbot, open_window, sample_path)
    assert reads == ["", ""]
    with open_database(sample_path) as db:
        _same(changed.timeline.scene.columns, load_columns(db, Filter()))


def test_a_search_opened_on_a_kept_index_shows_what_the_database_gives(
    qtbot: QtBot, open_window: OpenWindow, sample_path: Path, reads: list[str]
) -> None:
    _opened(qtbot, open_window, sample_path).close()
    pane = TimelinePane(
        sample_path, StoreTexts(open_database(sample_path)), cache=settings.index_cache()
    )
    qtbot.addWidget(pane)
    f = Filter(text="Witkoff", kinds=frozenset({"statement"}))
    with qtbot.waitSignal(pane.loaded, timeout=LOAD_MS):
        pane.load(f, "actor")
    assert pane.index is not None
    assert reads == [""]
    with open_database(sample_path) as db:
        expected = load_columns(db, f, "actor")
    assert len(expected) > 0
    _same(pane.canvas.scene.columns, expected)


def test_a_read_begun_before_the_window_finds_the_kept_index(
    qtbot: QtBot, open_window: OpenWindow, sample_path: Path, reads: list[str]
) -> None:
    """Opened again after another file, before the application has its name (which names
    the cache folder), the early read draws from the index kept the first time."""
    _opened(qtbot, open_window, sample_path).close()
    st = settings.settings()
    settings.LAST_DATABASE.write(st, str(sample_path.with_name("another.backchannel")))
    st.sync()
    QCoreApplication.setApplicationName("")
    try:
        assert first_read.start(sample_path)
        begun = first_read.take(sample_path, Filter(), "track")
        assert begun is not None
        assert begun.result(timeout=30).index is not None
    finally:
        QCoreApplication.setApplicationName(APP_NAME)
    assert reads == [""]  # no second read of every item
