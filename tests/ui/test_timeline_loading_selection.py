"""Choosing an item while the timeline is still reading: the choice is kept, not a crash."""

from __future__ import annotations

from pathlib import Path

import sqlite_utils
from pytestqt.qtbot import QtBot

from app.core.filter import Filter
from app.drawing.texts import StoreTexts
from app.store.columns import load_columns
from app.store.lookups import key_of
from app.ui.timeline.pane import TimelinePane

LOAD_MS = 10_000
MIAMI = "event/2025-10-24-dmitriev-miami"


def test_an_item_selected_while_the_timeline_loads_is_selected_and_shown_once_it_has(
    qtbot: QtBot, sample_path: Path, sample_db: sqlite_utils.Database
) -> None:
    pane = TimelinePane(sample_path, StoreTexts(sample_db))
    qtbot.addWidget(pane)
    pane.resize(1200, 760)
    pane.show()
    qtbot.waitExposed(pane)
    key = key_of(sample_db, MIAMI)
    assert key is not None
    chosen: list[str] = []
    pane.canvas.itemSelected.connect(chosen.append)
    with qtbot.waitSignal(pane.loaded, timeout=LOAD_MS):
        pane.load(Filter(), "track")
        assert pane.loading
        pane.canvas.select(key, reveal=True)  # nothing is drawn yet: the list was quicker
        assert chosen == [MIAMI]  # the side panel reads it at once
    assert pane.canvas.scene.selected == key


def test_an_item_chosen_before_the_timeline_holds_it_is_brought_into_view_when_it_does(
    qtbot: QtBot, sample_path: Path, sample_db: sqlite_utils.Database
) -> None:
    pane = TimelinePane(sample_path, StoreTexts(sample_db))
    qtbot.addWidget(pane)
    pane.resize(1200, 760)
    pane.show()
    qtbot.waitExposed(pane)
    key = key_of(sample_db, MIAMI)
    assert key is not None
    early = Filter.build(date_to="2010")
    with qtbot.waitSignal(pane.loaded, timeout=LOAD_MS):
        pane.load(early, "track")
    assert key not in pane.canvas.scene.columns.keys.tolist()
    pane.canvas.zoom(4.0)  # the user looks closer at the early years
    with qtbot.waitSignal(pane.loaded, timeout=LOAD_MS):
        pane.load(Filter(), "track")
        pane.canvas.select(key, reveal=True)
    columns = load_columns(sample_db, Filter(), "track")
    start = float(columns.start[int(columns.keys.searchsorted(key))])
    assert pane.canvas.scene.selected == key
    assert pane.canvas.scale.start <= start <= pane.canvas.scale.end


def test_an_item_the_loaded_timeline_does_not_hold_is_let_go(
    qtbot: QtBot, sample_path: Path, sample_db: sqlite_utils.Database
) -> None:
    pane = TimelinePane(sample_path, StoreTexts(sample_db))
    qtbot.addWidget(pane)
    pane.resize(1200, 760)
    pane.show()
    qtbot.waitExposed(pane)
    with qtbot.waitSignal(pane.loaded, timeout=LOAD_MS):
        pane.load(Filter(text="no such words anywhere"), "track")
        pane.canvas.select(10**9, reveal=True)
    assert pane.canvas.scene.selected is None
