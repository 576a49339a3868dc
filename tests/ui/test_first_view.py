"""What the window shows first, and where a filter takes the view: the bulk of the story, the
outliers counted at the edges, a filter's items framed every time."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import sqlite_utils
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.core.calendar import to_seconds
from app.core.dates import parse_span
from app.drawing.edges import EARLIER, LATER, edge_text
from app.drawing.theme import DARK
from app.store.records import resolve
from app.ui.main_window import MainWindow
from app.ui.timeline.canvas import TimelineCanvas

LOAD_MS = 10_000


@pytest.fixture
def window(open_window: Callable[[Path], MainWindow], sample_path: Path) -> MainWindow:
    return open_window(sample_path)


def _edge_marks(canvas: TimelineCanvas) -> dict[str, QPoint]:
    """The edge marks drawn now, by kind, with the point to click each."""
    canvas.repaint()
    QApplication.processEvents()
    assert canvas.frame is not None
    return {
        target[0]: QPoint(int((rect[0] + rect[2]) / 2), int((rect[1] + rect[3]) / 2))
        for rect, target in zip(canvas.frame.hits.rects, canvas.frame.hit_targets, strict=True)
        if target[0] in (EARLIER, LATER)
    }


def _apply(qtbot: QtBot, window: MainWindow, action: Callable[[], object]) -> None:
    with qtbot.waitSignal(window.filterApplied, timeout=LOAD_MS):
        action()
        window.filter_panel.flush()
        window.view.flush()


def _shows(canvas: TimelineCanvas, first: float, last: float) -> bool:
    """The view holds [first, last] and is not more than twice as wide as it needs."""
    scale = canvas.scale
    return scale.start <= first and last <= scale.end and scale.span < 2 * (last - first)


def test_edge_marks_count_with_the_right_noun() -> None:
    assert edge_text(1, later=False) == "◀ 1 earlier item"
    assert edge_text(3, later=True) == "3 later items ▶"
    assert edge_text(1_234_567, later=True) == "1,234,567 later items ▶"


def test_the_sample_opens_on_its_story_with_the_outliers_marked(window: MainWindow) -> None:
    canvas = window.timeline
    assert _shows(canvas, to_seconds(2025, 6, 2), to_seconds(2025, 12) - 1)
    assert set(_edge_marks(canvas)) == {EARLIER}


def test_an_edge_mark_steps_to_the_items_beyond_at_the_same_zoom(
    qtbot: QtBot, window: MainWindow
) -> None:
    canvas = window.timeline
    span = canvas.scale.span
    summit = to_seconds(2024, 6, 14) + 43_200  # the nearest of the three earlier items
    qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=_edge_marks(canvas)[EARLIER])
    assert canvas.scale.span == pytest.approx(span)
    assert (canvas.scale.start + canvas.scale.end) / 2 == pytest.approx(summit, abs=1)
    marks = _edge_marks(canvas)
    assert set(marks) == {EARLIER, LATER}  # 2021 and 2005 before, 2025 after
    qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=marks[LATER])
    assert canvas.scale.contains(to_seconds(2025, 6, 2) + 43_200)


def test_every_filter_frames_what_it_selected(
    qtbot: QtBot, window: MainWindow, sample_db: sqlite_utils.Database
) -> None:
    canvas = window.timeline
    assembly = resolve(sample_db, "tracks", "UN General Assembly")
    _apply(qtbot, window, lambda: window.filter_panel.choose("tracks", assembly))
    # Its two votes, twenty years apart: both framed
    assert _shows(canvas, to_seconds(2005, 12), to_seconds(2025, 11))
    canvas.set_window(to_seconds(2025, 1), to_seconds(2025, 2))  # the user looks elsewhere
    _apply(qtbot, window, lambda: window.filter_panel.choose("tracks", assembly, on=False))
    assert _shows(canvas, to_seconds(2025, 6, 2), to_seconds(2025, 12) - 1)
    canvas.set_window(to_seconds(2025, 11, 17), to_seconds(2025, 11, 18))
    _apply(qtbot, window, lambda: window.search_box.setText("Istanbul"))
    found = canvas.scene.columns
    assert 0 < len(found) < 46
    assert _shows(canvas, found.start.min(), found.end.max())


def test_a_date_range_frames_the_range(qtbot: QtBot, window: MainWindow) -> None:
    canvas, panel = window.timeline, window.filter_panel
    canvas.set_window(to_seconds(2025, 11, 17), to_seconds(2025, 11, 18))  # the votes' day

    def october_to_november() -> None:
        panel.date_from.setText("Oct 2025")
        panel.date_to.setText("Nov 2025")

    _apply(qtbot, window, october_to_november)
    october, november = parse_span("Oct 2025"), parse_span("Nov 2025")
    assert _shows(canvas, october.first_second, november.last_second)
    # From alone: from there to the last item
    _apply(qtbot, window, lambda: panel.date_to.setText(""))
    assert _shows(canvas, october.first_second, november.last_second)
    # A range far wider than the items: as far as they reach into it
    _apply(qtbot, window, lambda: panel.date_from.setText("1990"))
    assert _shows(canvas, to_seconds(2005, 12), to_seconds(2025, 12) - 1)


def test_reading_the_same_filter_again_leaves_the_view_where_the_user_put_it(
    qtbot: QtBot, window: MainWindow
) -> None:
    canvas = window.timeline
    canvas.set_window(to_seconds(2025, 11, 10), to_seconds(2025, 11, 20))
    before = (canvas.scale.start, canvas.scale.end)
    window.set_theme_choice("dark")
    assert window.theme == DARK
    with qtbot.waitSignal(window.timeline_pane.loaded, timeout=LOAD_MS):
        window.session.database_changed()  # as after an import
    qtbot.waitUntil(lambda: not window.timeline_pane.loading, timeout=LOAD_MS)
    assert (canvas.scale.start, canvas.scale.end) == before
