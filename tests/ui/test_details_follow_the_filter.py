"""The side panel follows the filter: an item the filter leaves out is not left on show."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.core.filter import Filter
from app.ui.detail_panel import PLACEHOLDER
from app.ui.main_window import MainWindow

LOAD_MS = 10_000
MIAMI = "event/2025-10-24-dmitriev-miami"


@pytest.fixture
def window(open_window: Callable[[Path], MainWindow], sample_path: Path) -> MainWindow:
    return open_window(sample_path)


def _apply(qtbot: QtBot, window: MainWindow, f: Filter) -> None:
    with qtbot.waitSignal(window.filterApplied, timeout=LOAD_MS):
        window.apply_filter(f)


def _shown(window: MainWindow) -> str | None:
    detail = window.detail_panel.detail
    return None if detail is None else detail.record.id


def test_the_details_panel_clears_when_the_filter_leaves_its_item_out(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.show_item(MIAMI)
    assert _shown(window) == MIAMI
    _apply(qtbot, window, Filter.build(date_from="2025"))  # still holds it: it stays
    assert _shown(window) == MIAMI
    assert "Miami" in window.detail_panel.plain_text()
    _apply(qtbot, window, Filter.build(date_to="2010"))
    assert _shown(window) is None
    assert window.detail_panel.plain_text() == PLACEHOLDER
    assert window.timeline.scene.selected is None


def test_an_item_read_from_a_link_outside_the_filter_stays_until_the_filter_changes(
    qtbot: QtBot, window: MainWindow
) -> None:
    _apply(qtbot, window, Filter.build(date_to="2010"))
    window.show_item(MIAMI)  # a link in the side panel, to an item the filter leaves out
    assert _shown(window) == MIAMI
    window.session.database_changed()  # an import reads everything again: nothing to let go
    qtbot.waitUntil(lambda: not window.timeline_pane.loading, timeout=LOAD_MS)
    assert _shown(window) == MIAMI
    _apply(qtbot, window, Filter.build(date_to="2011"))
    assert _shown(window) is None
