"""The "Search in" control beside the search box: by default `2803` lists the resolution's
own items and the status bar says how many more only their sources name; a click there, or
ticking sources, brings them in, and the Match column says where each matched."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.ui.items_model import MATCH
from app.ui.main_window import MainWindow

LOAD_MS = 10_000


@pytest.fixture
def window(
    qtbot: QtBot, open_window: Callable[[Path], MainWindow], sample_path: Path
) -> MainWindow:
    return open_window(sample_path)


def _search(qtbot: QtBot, window: MainWindow, words: str) -> int:
    with qtbot.waitSignal(window.filterApplied, timeout=LOAD_MS) as applied:
        window.search_box.setText(words)
        window.view.flush()
    return int(applied.args[0])


def _matches(window: MainWindow) -> list[str]:
    model = window.items_model
    return [str(model.data(model.index(r, MATCH))) for r in range(model.rowCount())]


def test_2803_shows_the_resolutions_items_and_counts_the_rest(
    qtbot: QtBot, window: MainWindow
) -> None:
    scope = window.search_scope
    assert scope.button.text() == "In: what was said · actors"
    assert scope.button.isVisible()
    assert _search(qtbot, window, "2803") == 8  # 4 name it, 4 were said at events that do
    assert len(window.timeline.scene.columns) == 8
    assert all("2803" in m for m in _matches(window))
    assert sum(m.startswith("matched in its event: ") for m in _matches(window)) == 4
    qtbot.waitUntil(scope.note.isVisible)
    assert scope.note.text().startswith("and 38 more match only through their sources")
    # The note's link brings them in.
    with qtbot.waitSignal(window.filterApplied, timeout=LOAD_MS) as applied:
        scope.note.linkActivated.emit("#sources")
    assert applied.args[0] == 46
    qtbot.waitUntil(lambda: not scope.note.isVisible())
    assert scope.actions["sources"].isChecked()
    assert "sources" in scope.button.text()
    matches = _matches(window)
    assert sum(m.startswith("matched in source: ") for m in matches) == 38


def test_ticking_places_in_the_menu_changes_what_is_found(qtbot: QtBot, window: MainWindow) -> None:
    scope = window.search_scope
    assert _search(qtbot, window, "Песков") == 3
    # His two statements by his name; an event whose own words name him, written in Latin.
    matches = _matches(window)
    assert sum(m.startswith("matched in: actor Dmitry Peskov") for m in matches) == 2
    assert sum("Peskov" in m and not m.startswith("matched in") for m in matches) == 1
    with qtbot.waitSignal(window.filterApplied, timeout=LOAD_MS) as applied:
        scope.actions["actors"].setChecked(False)
    assert applied.args[0] == 1
    assert window.view.filter.scope == frozenset({"text"})
    # The last place cannot be unticked: a search in nowhere would find nothing.
    scope.actions["text"].setChecked(False)
    assert scope.actions["text"].isChecked()
    assert window.view.filter.scope == frozenset({"text"})
