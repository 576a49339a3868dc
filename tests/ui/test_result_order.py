"""The order switch beside the search box, on the real window over the sample: relevance puts
a search's best match first in the list while the timeline stays in time, the choice is
remembered by the next window, and without words the list is in time order and the switch
says so."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.ui import items_model
from app.ui.items_model import MATCH, ItemId
from app.ui.main_window import MainWindow
from app.ui.result_order import NO_WORDS
from tests.ui.conftest import LOAD_MS

FIRST_IN_TIME = "event/2025-09-29-gaza-comprehensive-plan"
BEST_MATCH = "event/2025-11-17-hamas-statement"
"""For "Gaza": the earliest item, and the one whose own words hold it most."""


@pytest.fixture
def window(open_window: Callable[[Path], MainWindow], sample_path: Path) -> MainWindow:
    return open_window(sample_path)


def search(qtbot: QtBot, window: MainWindow, words: str) -> None:
    with qtbot.waitSignal(window.filterApplied, timeout=LOAD_MS):
        window.search_box.setText(words)
        window.view.flush()


def rows(window: MainWindow) -> list[str]:
    model = window.items_model
    return [str(model.data(model.index(r, 0), ItemId)) for r in range(model.rowCount())]


def test_relevance_puts_the_best_match_first_and_the_timeline_stays_in_time(
    qtbot: QtBot, window: MainWindow
) -> None:
    search(qtbot, window, "Gaza")
    in_time = rows(window)
    assert in_time[0] == FIRST_IN_TIME
    drawn = list(window.timeline.scene.columns.keys)
    switch = window.result_order
    assert switch.button.isEnabled()
    assert switch.button.text() == "Order: Time"

    switch.actions["relevance"].trigger()
    ranked = rows(window)
    assert ranked[0] == BEST_MATCH
    assert sorted(ranked) == sorted(in_time)
    assert switch.button.text() == "Order: Relevance"
    assert window.table.horizontalHeader().sortIndicatorSection() == MATCH
    assert list(window.timeline.scene.columns.keys) == drawn

    # A new search keeps the order; the step through results follows the list.
    search(qtbot, window, "ceasefire")
    assert rows(window)[0] == "statement/2025-11-17-fu-cong-china-abstained"

    switch.actions["time"].trigger()
    search(qtbot, window, "Gaza")
    assert rows(window) == in_time
    assert switch.button.text() == "Order: Time"


def test_a_click_on_the_match_header_is_the_same_choice(qtbot: QtBot, window: MainWindow) -> None:
    search(qtbot, window, "Gaza")
    window.table.sortByColumn(MATCH, Qt.SortOrder.AscendingOrder)
    assert rows(window)[0] == BEST_MATCH
    assert window.result_order.actions["relevance"].isChecked()
    window.table.sortByColumn(1, Qt.SortOrder.AscendingOrder)  # by Kind
    assert window.result_order.button.text() == "Order: Kind"
    assert not any(a.isChecked() for a in window.result_order.actions.values())


def test_the_choice_is_remembered_by_the_next_window(
    qtbot: QtBot, open_window: Callable[[Path], MainWindow], sample_path: Path
) -> None:
    first = open_window(sample_path)
    first.result_order.actions["relevance"].trigger()
    first.close()
    again = open_window(sample_path)
    assert again.result_order.button.text() == "Order: Time"  # no words yet: time order
    search(qtbot, again, "Gaza")
    assert again.result_order.button.text() == "Order: Relevance"
    assert rows(again)[0] == BEST_MATCH


def test_without_words_the_list_is_in_time_order_and_the_switch_says_why(
    qtbot: QtBot, window: MainWindow
) -> None:
    in_time = rows(window)
    assert len(in_time) == 46
    search(qtbot, window, "Gaza")
    window.result_order.actions["relevance"].trigger()
    assert rows(window)[0] == BEST_MATCH

    search(qtbot, window, "")
    switch = window.result_order.button
    assert not switch.isEnabled()
    assert switch.text() == "Order: Time"
    assert switch.toolTip() == NO_WORDS + " Relevance applies again when you search."
    assert rows(window) == in_time

    search(qtbot, window, "Gaza")
    assert switch.isEnabled()
    assert rows(window)[0] == BEST_MATCH


def test_a_search_of_many_items_is_ranked_off_the_windows_thread_and_then_shown(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Above `RANK_AT_ONCE` matches (every search, here) the list stays in time order while
    the ranking is read on a thread of its own, then takes it; a newer search's ranking is
    the one shown."""
    monkeypatch.setattr(items_model, "RANK_AT_ONCE", 0)
    search(qtbot, window, "ceasefire")
    window.result_order.actions["relevance"].trigger()
    search(qtbot, window, "Gaza")
    in_time = sorted(rows(window))
    qtbot.waitUntil(lambda: rows(window)[0] == BEST_MATCH, timeout=LOAD_MS)
    assert sorted(rows(window)) == in_time
    assert window.result_order.button.text() == "Order: Relevance"


def test_words_only_left_out_rank_nothing_and_list_in_time(
    qtbot: QtBot, window: MainWindow
) -> None:
    switch = window.result_order
    search(qtbot, window, "Gaza")
    switch.actions["relevance"].trigger()
    search(qtbot, window, "-Gaza")
    listed = rows(window)
    assert listed
    assert FIRST_IN_TIME not in listed  # it holds the word left out
    assert not switch.button.isEnabled()
    assert switch.button.text() == "Order: Time"
    assert switch.button.toolTip().startswith(NO_WORDS)
    # In time order, as a search of no words lists them.
    search(qtbot, window, "")
    everything = rows(window)
    assert listed == [i for i in everything if i in set(listed)]
