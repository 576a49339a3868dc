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


def shown_pane(qtbot: QtBot, sample_path: Path, sample_db: sqlite_utils.Database) -> TimelinePane:
    """The timeline on the sample, shown, nothing read yet."""
    pane = TimelinePane(sample_path, StoreTexts(sample_db))
    qtbot.addWidget(pane)
    pane.resize(1200, 760)
    pane.show()
    qtbot.waitExposed(pane)
    return pane


def test_an_item_selected_while_the_timeline_loads_is_selected_and_shown_once_it_has(
    qtbot: QtBot, sample_path: Path, sample_db: sqlite_utils.Database
) -> None:
    pane = shown_pane(qtbot, sample_path, sample_db)
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
    pane = shown_pane(qtbot, sample_path, sample_db)
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
    pane = shown_pane(qtbot, sample_path, sample_db)
    with qtbot.waitSignal(pane.loaded, timeout=LOAD_MS):
        pane.load(Filter(text="no such words anywhere"), "track")
        pane.canvas.select(10**9, reveal=True)
    assert pane.canvas.scene.selected is None


def test_a_search_after_another_keeps_the_chosen_item_it_holds_and_draws_its_matches(
    qtbot: QtBot, sample_path: Path, sample_db: sqlite_utils.Database
) -> None:
    """The items of one search are let go before the next one's are made (both at once were
    the window's peak of memory at half a million matches): what is drawn, and the chosen
    item, are the new search's all the same."""
    pane = shown_pane(qtbot, sample_path, sample_db)
    with qtbot.waitSignal(pane.indexReady, timeout=LOAD_MS):
        pane.load(Filter(), "track")
    key = key_of(sample_db, MIAMI)
    assert key is not None
    pane.canvas.select(key)
    # The third search does not hold it: it is let go, and so not chosen again after.
    for words, holds_it in [("Miami", True), ("Miami", True), ("Peskov", False), ("Miami", False)]:
        f = Filter(text=words)
        with qtbot.waitSignal(pane.loaded, timeout=LOAD_MS):
            pane.load(f, "track")
        expected = load_columns(sample_db, f, "track")
        assert pane.canvas.scene.columns.keys.tolist() == expected.keys.tolist()
        assert (pane.canvas.scene.selected == key) is holds_it, words
        pane.canvas.repaint()
        frame = pane.canvas.frame
        assert frame is not None
        # Each item labelled in every lane it is in.
        assert frame.labelled == len(expected.member_item), words
