"""The filter panel shows what the typed search chose, on the real window over the sample:
entries a field chooses are half ticked and say so, a tick of the panel's own that the search
repeats or contradicts says that, the date fields show the search's dates, and all of it
follows the one Filter of the view state."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QStandardItem
from pytestqt.qtbot import QtBot

from app.ui.filter_panel import IdRole
from app.ui.main_window import MainWindow
from app.ui.marks import PROBLEM_COLOUR
from app.ui.search_marks import CONTRADICTED, FROM_SEARCH, REPEATED, SearchMarkRole
from tests.ui.conftest import LOAD_MS

PESKOV = "actor/dmitry-peskov"
BACK_CHANNEL = "track/dmitriev-witkoff"


@pytest.fixture
def window(open_window: Callable[[Path], MainWindow], sample_path: Path) -> MainWindow:
    return open_window(sample_path)


def search(qtbot: QtBot, window: MainWindow, typed: str) -> None:
    with qtbot.waitSignal(window.filterApplied, timeout=LOAD_MS):
        window.search_box.setText(typed)
        window.view.flush()


def entry(window: MainWindow, facet: str, value: str) -> QStandardItem:
    panel = window.filter_panel
    found = [i for i in panel._items(facet) if i.data(IdRole) == value]
    assert len(found) == 1, value
    return found[0]


def click_tick(qtbot: QtBot, window: MainWindow, item: QStandardItem) -> None:
    """Toggle the entry as a click on its box does (a half tick becomes a tick)."""
    ticked = item.checkState() == Qt.CheckState.Checked
    with qtbot.waitSignal(window.filterApplied, timeout=LOAD_MS):
        item.setCheckState(Qt.CheckState.Unchecked if ticked else Qt.CheckState.Checked)
        window.view.flush()


def test_entries_the_search_chooses_are_half_ticked_and_say_why(
    qtbot: QtBot, window: MainWindow
) -> None:
    peskov = entry(window, "actors", PESKOV)
    aliases = peskov.toolTip()
    search(qtbot, window, "speaker:Peskov track:Witkoff")
    track = entry(window, "tracks", BACK_CHANNEL)
    for item, term in ((peskov, "speaker:Peskov"), (track, "track:Witkoff")):
        assert item.checkState() == Qt.CheckState.PartiallyChecked
        assert item.data(SearchMarkRole) == FROM_SEARCH
        assert item.font().italic()
        assert f"From the search: {term}." in item.toolTip()
    assert peskov.toolTip().startswith(aliases)
    # The panel chose nothing itself: the search's choice stays the search's.
    assert window.filter_panel.chosen("actors") == set()
    assert window.view.filter.actors == frozenset()
    others = [i for i in window.filter_panel._items("actors") if i is not peskov]
    assert all(i.checkState() == Qt.CheckState.Unchecked for i in others)

    search(qtbot, window, "")
    assert peskov.checkState() == Qt.CheckState.Unchecked
    assert track.checkState() == Qt.CheckState.Unchecked
    assert not peskov.font().italic()
    assert peskov.toolTip() == aliases


def test_ticking_what_the_search_chose_repeats_it_and_unticking_gives_it_back(
    qtbot: QtBot, window: MainWindow
) -> None:
    search(qtbot, window, "speaker:Peskov")
    shown = window.items_model.rowCount()
    peskov = entry(window, "actors", PESKOV)
    click_tick(qtbot, window, peskov)
    assert window.view.filter.actors == frozenset({PESKOV})
    assert peskov.checkState() == Qt.CheckState.Checked
    assert peskov.data(SearchMarkRole) == REPEATED
    assert "the tick adds nothing" in peskov.toolTip()
    assert window.items_model.rowCount() == shown

    click_tick(qtbot, window, peskov)
    assert window.view.filter.actors == frozenset()
    assert peskov.checkState() == Qt.CheckState.PartiallyChecked


def test_a_tick_the_search_contradicts_is_drawn_as_a_problem(
    qtbot: QtBot, window: MainWindow
) -> None:
    meeting = entry(window, "kinds", "meeting")
    click_tick(qtbot, window, meeting)
    assert meeting.data(SearchMarkRole) is None
    search(qtbot, window, "kind:vote")
    assert window.items_model.rowCount() == 0
    assert meeting.checkState() == Qt.CheckState.Checked
    assert meeting.data(SearchMarkRole) == CONTRADICTED
    assert meeting.foreground().color() == QColor(PROBLEM_COLOUR)
    assert "Contradicts the search's kind:vote" in meeting.toolTip()
    vote = entry(window, "kinds", "vote")
    assert vote.checkState() == Qt.CheckState.PartiallyChecked

    search(qtbot, window, "")
    assert meeting.data(SearchMarkRole) is None
    assert meeting.foreground().color() != QColor(PROBLEM_COLOUR)
    assert "Contradicts" not in meeting.toolTip()


def test_the_date_fields_show_the_search_s_dates_and_a_range_that_cannot_meet(
    qtbot: QtBot, window: MainWindow
) -> None:
    panel = window.filter_panel
    search(qtbot, window, "from:2025-10")
    assert panel.date_from.placeholderText() == "2025-10 (from the search)"
    assert panel.date_from.text() == ""
    assert "From the search: from:2025-10." in panel.date_from.toolTip()
    assert panel.date_to.placeholderText() == "e.g. Nov 2025"

    with qtbot.waitSignal(window.filterApplied, timeout=LOAD_MS):
        panel.date_to.setText("Sep 2025")
        panel.flush()
    assert window.items_model.rowCount() == 0
    assert panel.date_to.property("problem") == (
        "Contradicts the search's from:2025-10: no day is in both ranges."
    )
    assert not panel.date_error.isVisibleTo(panel)  # the date itself reads

    with qtbot.waitSignal(window.filterApplied, timeout=LOAD_MS):
        panel.date_to.setText("Dec 2025")
        panel.flush()
    assert not panel.date_to.property("problem")
    assert panel.date_to.toolTip() == ""

    search(qtbot, window, "")
    assert panel.date_from.placeholderText() == "e.g. 2025 or Oct 2025"
    assert panel.date_from.toolTip() == ""
