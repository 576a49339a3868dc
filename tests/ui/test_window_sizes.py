"""The main window at any size: lanes taller than the view scroll with a scrollbar, the
column of lane names is readable and as wide as the user drags it, and a small window
leaves the timeline room to read."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QHelpEvent, QWheelEvent
from PySide6.QtWidgets import QApplication, QToolTip, QWidget
from pytestqt.qtbot import QtBot

from app.core.timeline.ticks import axis_ticks
from app.drawing.theme import METRICS
from app.ui.main_window import MainWindow
from app.ui.timeline.pane import scroll_range

LOAD_MS = 10_000


@pytest.fixture
def window(open_window: Callable[[Path], MainWindow], sample_path: Path) -> MainWindow:
    return open_window(sample_path)


def _painted(qtbot: QtBot, window: MainWindow) -> None:
    window.timeline.repaint()
    qtbot.waitUntil(lambda: window.timeline.frame is not None, timeout=LOAD_MS)
    QApplication.processEvents()


def _first_lane_top(window: MainWindow) -> float:
    frame = window.timeline.frame
    assert frame is not None
    return frame.bands[0].top


def test_lanes_taller_than_the_view_get_a_scrollbar_that_moves_them(
    qtbot: QtBot, window: MainWindow
) -> None:
    _painted(qtbot, window)
    bar = window.timeline_pane.lane_bar
    frame = window.timeline.frame
    assert frame is not None
    assert frame.content_height > window.timeline.height() - METRICS.axis_height
    assert bar.isVisible()
    assert bar.maximum() > 0
    assert bar.value() == 0
    top = _first_lane_top(window)

    bar.setValue(100)  # as dragging its handle does
    _painted(qtbot, window)
    assert _first_lane_top(window) == pytest.approx(top - 100)

    window.timeline.scroll_lanes(50)  # Shift+wheel, PageDown on the canvas
    _painted(qtbot, window)
    assert bar.value() == 150
    assert _first_lane_top(window) == pytest.approx(top - 150)


@pytest.mark.parametrize(
    ("kept", "room", "value", "expected"),
    [
        (19_013, 19_035, 0, 19_013),  # a row more out of sight, far from the end: kept
        (19_035, 19_013, 5_000, 19_035),
        (19_013, 19_035, 18_500, 19_035),  # within a page of the end: exact
        (19_013, 19_500, 0, 19_500),  # more than the slack
        (0, 300, 0, 300),  # the lanes stop fitting: the bar comes
        (300, 0, 0, 0),  # they fit again: it goes
        (300, 300, 0, 300),
    ],
)
def test_the_lanes_scrolling_range_is_kept_while_far_from_its_end(
    kept: int, room: int, value: int, expected: int
) -> None:
    assert scroll_range(kept, room, value, 763) == expected


def test_scrolled_to_the_end_the_last_lane_shows_whole(qtbot: QtBot, window: MainWindow) -> None:
    _painted(qtbot, window)
    bar, canvas = window.timeline_pane.lane_bar, window.timeline
    for _ in range(3):  # drag to the end, whatever the range was
        bar.setValue(bar.maximum())
        _painted(qtbot, window)
    frame = canvas.frame
    assert frame is not None
    last = frame.bands[-1]
    assert last.top + last.height == pytest.approx(canvas.height(), abs=1.5)
    assert bar.value() == bar.maximum() == round(canvas.scene.lane_scroll)


def test_no_scrollbar_when_every_lane_fits(qtbot: QtBot, window: MainWindow) -> None:
    window.view.edit(tracks=frozenset({"track/icj"}))
    window.filter_panel.flush()
    qtbot.waitUntil(lambda: len(window.timeline.scene.columns.lanes) == 1, timeout=LOAD_MS)
    _painted(qtbot, window)
    assert not window.timeline_pane.lane_bar.isVisible()


def test_the_wheel_over_lane_names_scrolls_the_lanes_and_over_the_plot_zooms(
    qtbot: QtBot, window: MainWindow
) -> None:
    _painted(qtbot, window)
    canvas = window.timeline
    scale = canvas.scale
    names = QPoint(40, METRICS.axis_height + 40)

    def wheel(at: QPoint) -> None:
        event = QWheelEvent(
            QPointF(at), QPointF(canvas.mapToGlobal(at)), QPoint(0, 0), QPoint(0, -120),
            Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
            Qt.ScrollPhase.NoScrollPhase, False,
        )  # fmt: skip
        QApplication.sendEvent(canvas, event)

    wheel(names)
    _painted(qtbot, window)
    assert canvas.scene.lane_scroll == pytest.approx(60)
    assert window.timeline_pane.lane_bar.value() == 60
    assert (canvas.scale.start, canvas.scale.end) == (scale.start, scale.end)
    wheel(QPoint(canvas.width() - 100, METRICS.axis_height + 40))
    assert canvas.scale.end - canvas.scale.start > scale.end - scale.start


def test_a_lane_name_shows_in_full_on_hover(qtbot: QtBot, window: MainWindow) -> None:
    _painted(qtbot, window)
    canvas = window.timeline
    frame = canvas.frame
    assert frame is not None
    long_lane = next(
        b for b in frame.bands if "back-channel" in canvas.scene.columns.lanes[b.lane].name
    )
    at = QPoint(40, round(long_lane.top + 10))
    event = QHelpEvent(QEvent.Type.ToolTip, at, canvas.mapToGlobal(at))
    QApplication.sendEvent(canvas, event)
    assert QToolTip.text() == "Dmitriev–Witkoff back-channel"
    assert window.timeline_pane.lane_names.name_at(QPointF(at)) == QToolTip.text()


def test_the_lane_names_column_widens_by_its_edge_and_is_remembered(
    qtbot: QtBot, open_window: Callable[[Path], MainWindow], sample_path: Path
) -> None:
    window = open_window(sample_path)
    canvas = window.timeline
    edge = round(canvas.scene.lane_label_width)
    y = METRICS.axis_height + 10
    plot_before = canvas.plot_width()
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=QPoint(edge, y))
    qtbot.mouseMove(canvas, QPoint(edge + 80, y))
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=QPoint(edge + 80, y))
    assert canvas.scene.lane_label_width == edge + 80
    assert canvas.plot_width() == pytest.approx(plot_before - 80)
    assert canvas.scene.selected is None  # the drag picked nothing
    window.close()
    again = open_window(sample_path)
    assert again.timeline.scene.lane_label_width == edge + 80


def test_a_small_window_keeps_a_readable_timeline(qtbot: QtBot, window: MainWindow) -> None:
    window.resize(900, 600)
    qtbot.waitUntil(lambda: window.width() == 900, timeout=LOAD_MS)
    window.timeline.fit()
    _painted(qtbot, window)
    for dock in ("filtersDock", "detailsDock"):
        assert window.findChild(QWidget, dock).isVisible()
    canvas = window.timeline
    assert canvas.plot_width() >= 280
    assert canvas.scene.lane_label_width >= 90
    major, minor = axis_ticks(canvas.scale, METRICS.min_tick_label_px)
    years = [int(y) for t in (*major, *minor) for y in re.findall(r"\d{4}", t.label)]
    assert years
    assert all(1990 <= year <= 2100 for year in years), years
    assert not any("BCE" in t.label for t in (*major, *minor))


def test_a_large_window_gives_its_room_to_the_timeline_and_long_names(
    qtbot: QtBot, window: MainWindow
) -> None:
    filters = window.findChild(QWidget, "filtersDock")
    before = filters.width()
    window.resize(2560, 1440)
    qtbot.waitUntil(lambda: window.width() == 2560, timeout=LOAD_MS)
    _painted(qtbot, window)
    assert window.timeline.plot_width() > 1500
    assert window.timeline.scene.lane_label_width > METRICS.lane_label_width
    assert filters.width() >= before
