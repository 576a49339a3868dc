"""The timeline canvas driven like a user would: wheel, drag, keys and clicks."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlite_utils
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.core.calendar import to_seconds
from app.core.filter import Filter
from app.drawing.texts import StoreTexts
from app.drawing.theme import DARK, METRICS
from app.store.columns import load_columns
from app.ui.timeline.canvas import TimelineCanvas


@pytest.fixture
def canvas(qtbot: QtBot, sample_db: sqlite_utils.Database) -> Iterator[TimelineCanvas]:
    view = TimelineCanvas(load_columns(sample_db, Filter(), "track"), StoreTexts(sample_db))
    qtbot.addWidget(view)
    view.resize(1200, 700)
    view.show()
    qtbot.waitExposed(view)
    return view


def _render(view: TimelineCanvas) -> None:
    view.repaint()
    QApplication.processEvents()


def _wheel(view: TimelineCanvas, x: float, degrees: int) -> None:
    position = QPointF(x, 300)
    event = QWheelEvent(
        position, view.mapToGlobal(position), QPoint(), QPoint(0, degrees * 8),
        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase,
        False,
    )  # fmt: skip
    QApplication.sendEvent(view, event)


def test_wheel_zoom_keeps_the_time_under_the_cursor(canvas: TimelineCanvas) -> None:
    x = 700.0
    under = canvas.scale.t(x - METRICS.lane_label_width)
    span = canvas.scale.span
    _wheel(canvas, x, 120)
    assert canvas.scale.span < span / 2
    assert canvas.scale.t(x - METRICS.lane_label_width) == pytest.approx(under, abs=span * 1e-9)
    _wheel(canvas, x, -120)
    assert canvas.scale.span == pytest.approx(span, rel=1e-9)


def test_dragging_moves_the_view_by_the_dragged_time(qtbot: QtBot, canvas: TimelineCanvas) -> None:
    start, per_pixel = canvas.scale.start, canvas.scale.seconds_per_pixel
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=QPoint(600, 650))
    qtbot.mouseMove(canvas, QPoint(700, 650))
    qtbot.mouseMove(canvas, QPoint(750, 650))
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=QPoint(750, 650))
    assert canvas.scale.start == pytest.approx(start - 150 * per_pixel)


def test_keys_zoom_pan_and_fit(qtbot: QtBot, canvas: TimelineCanvas) -> None:
    fitted = (canvas.scale.start, canvas.scale.end)
    span = canvas.scale.span
    qtbot.keyClick(canvas, Qt.Key.Key_Plus)
    assert canvas.scale.span == pytest.approx(span / 1.5)
    middle = (canvas.scale.start + canvas.scale.end) / 2
    qtbot.keyClick(canvas, Qt.Key.Key_Right)
    assert (canvas.scale.start + canvas.scale.end) / 2 > middle
    qtbot.keyClick(canvas, Qt.Key.Key_Home)
    assert canvas.scale.start < to_seconds(2005, 12) < canvas.scale.end
    qtbot.keyClick(canvas, Qt.Key.Key_F)
    assert (canvas.scale.start, canvas.scale.end) == pytest.approx(fitted)


def _centre_of(view: TimelineCanvas, kind: str, key: int | None = None) -> tuple[QPoint, tuple]:
    _render(view)
    assert view.frame is not None
    for rect, target in zip(view.frame.hits.rects, view.frame.hit_targets, strict=True):
        if target[0] == kind and (key is None or target[1] == key):
            return QPoint(int((rect[0] + rect[2]) / 2), int((rect[1] + rect[3]) / 2)), target
    raise AssertionError(f"no {kind} drawn")


def test_clicking_a_drawn_item_selects_it(
    qtbot: QtBot, canvas: TimelineCanvas, sample_db: sqlite_utils.Database
) -> None:
    canvas.set_window(to_seconds(2025, 10, 18), to_seconds(2025, 10, 30))
    miami = sample_db.execute(
        "SELECT key FROM items WHERE id = 'event/2025-10-24-dmitriev-miami'"
    ).fetchone()[0]
    point, _ = _centre_of(canvas, "item", miami)
    with qtbot.waitSignal(canvas.itemSelected) as selected:
        qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=point)
    assert selected.args == ["event/2025-10-24-dmitriev-miami"]
    assert canvas.scene.selected == miami
    canvas.zoom(3.0)
    assert canvas.scene.selected == miami
    with qtbot.waitSignal(canvas.itemSelected) as moved:
        qtbot.keyClick(canvas, Qt.Key.Key_Right)
    assert moved.args != ["event/2025-10-24-dmitriev-miami"]


def test_the_sample_renders_every_track_lane(
    canvas: TimelineCanvas, sample_db: sqlite_utils.Database
) -> None:
    canvas.set_theme(DARK)
    canvas.resize(1200, 2600)  # every lane, however many rows its items stack into
    _render(canvas)
    assert canvas.frame is not None
    assert len(canvas.frame.bands) == 14
    image = canvas.grab().toImage()
    colours = {
        image.pixelColor(x, y).name()
        for x in range(0, image.width(), 7)
        for y in range(0, image.height(), 7)
    }
    assert len(colours) > 10
    swatches = {
        image.pixelColor(12, int(b.top) + METRICS.lane_padding + 8).name()
        for b in canvas.frame.bands
    }
    tracks = {r[0].lower() for r in sample_db.execute("SELECT color FROM tracks")}
    assert swatches == tracks


def _has_colour_near(view: TimelineCanvas, point: QPoint, colour: str, reach: int) -> bool:
    image = view.grab().toImage()
    return any(
        image.pixelColor(x, y).name() == colour
        for x in range(max(0, point.x() - reach), min(image.width(), point.x() + reach))
        for y in range(max(0, point.y() - reach), min(image.height(), point.y() + reach))
    )


def test_a_bar_running_out_of_view_keeps_its_label_in_view(
    canvas: TimelineCanvas, sample_db: sqlite_utils.Database
) -> None:
    # One day inside the three-day Miami visit: the bar crosses the whole plot.
    canvas.set_window(to_seconds(2025, 10, 25), to_seconds(2025, 10, 26))
    point, _ = _centre_of(
        canvas,
        "item",
        sample_db.execute(
            "SELECT key FROM items WHERE id = 'event/2025-10-24-dmitriev-miami'"
        ).fetchone()[0],
    )
    start = QPoint(METRICS.lane_label_width + 30, point.y())
    assert _has_colour_near(canvas, start, canvas.scene.theme.text, 12)
