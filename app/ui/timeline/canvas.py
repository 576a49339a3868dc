"""The timeline canvas: one widget painting every lane, zoomed and panned by mouse and keys
(what each key does, and the lane menu, are in `app.ui.timeline.keys`)."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QEvent, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QContextMenuEvent,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QNativeGestureEvent,
    QPainter,
    QPaintEvent,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QToolTip, QWidget

from app.core.timeline.lanes import LaneIndex
from app.core.timeline.scale import TimeScale
from app.drawing.edges import EARLIER, LATER
from app.drawing.painter import Frame, Scene, paint
from app.drawing.texts import ItemTexts
from app.drawing.theme import LIGHT, METRICS, Theme
from app.store.columns import TimelineColumns
from app.ui.timeline.fitting import MIN_WIDTH, DateRange, beyond, fitted, max_zoom_span
from app.ui.timeline.keys import lane_menu, press_key
from app.ui.timeline.more_menu import more_menu
from app.ui.timeline.pointing import lane_at, tooltip_text

WHEEL_ZOOM_PER_DEGREE = 1.006
DOUBLE_CLICK_ZOOM = 2.0
DRAG_THRESHOLD_PX = 4
SETTLE_MS = 30
"""After a frame that left lanes out of sight to count, the next one follows this soon."""


def empty_columns() -> TimelineColumns:
    """No items and no lanes: what the canvas shows before anything is loaded."""
    none = np.zeros(0, dtype=np.int64)
    floats = np.zeros(0, dtype=np.float64)
    flags = np.zeros(0, dtype=np.bool_)
    return TimelineColumns(none, floats, floats, flags, flags, (), none, none)


class TimelineCanvas(QWidget):
    """Emits `itemSelected` with the id of the item clicked (or moved to by Left/Right) and
    `windowChanged` whenever the visible time window moves."""

    itemSelected = Signal(str)
    windowChanged = Signal(float, float)
    painted = Signal()  # after each paint: `frame` tells how tall the lanes were drawn

    def __init__(
        self,
        columns: TimelineColumns,
        texts: ItemTexts,
        theme: Theme = LIGHT,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("timelineView")
        self.setAccessibleName("Timeline")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setMinimumSize(400, 200)
        self.grabGesture(Qt.GestureType.PinchGesture)
        self._scene = Scene(columns, TimeScale(0.0, 1.0, MIN_WIDTH), theme, texts)
        self._frame: Frame | None = None
        self._press: QPointF | None = None
        self._press_scale: TimeScale | None = None
        self._dragged = False
        self._auto_fit = True
        """Until the user moves the view, it follows the widget's size to keep the data fitted."""
        self._fitted_dates: DateRange | None = None
        """The date range the view was last fitted to, or None for the bulk of the items."""
        self._reveal_on_load: int | None = None
        """An item selected (to be shown) before the items loading now hold it."""
        self.set_columns(columns)

    @property
    def scene(self) -> Scene:
        return self._scene

    @property
    def scale(self) -> TimeScale:
        return self._scene.scale

    @property
    def frame(self) -> Frame | None:
        """What the last paint drew, for hit testing."""
        return self._frame

    def plot_width(self) -> float:
        return max(MIN_WIDTH, self.width() - self._scene.lane_label_width)

    def set_lane_label_width(self, width: float) -> None:
        """Widen or narrow the column of lane names; the same time window stays in view."""
        self._scene.lane_label_width = width
        if self._auto_fit:
            self.fit()
        else:
            self._set_scale(
                TimeScale(self.scale.start, self.scale.end, self.plot_width()), user=False
            )

    def set_columns(
        self,
        columns: TimelineColumns,
        *,
        fit: bool | None = None,
        dates: DateRange | None = None,
        lanes: LaneIndex | None = None,
    ) -> None:
        """Draw these items from now on. The view fits them when `fit` says so (to the
        date range `dates`, as far as they reach into it, if given) or, by default, while
        the user has not moved it or when none is in view; the selection stays if it is
        among them. `lanes`, if given, is `lane_index(columns)` built off the GUI thread."""
        self._scene.show(columns, lanes)
        selected = self._scene.selected
        if selected is not None and not self.holds(selected):
            self._scene.selected = None
        reveal, self._reveal_on_load = self._reveal_on_load, None
        if fit is None:  # refit when the user has not moved, or would see nothing
            scale = self._scene.scale
            in_view = (columns.start <= scale.end) & (columns.end >= scale.start)
            fit, dates = self._auto_fit or not bool(np.any(in_view)), self._fitted_dates
        if fit:
            self._fit(dates)
        else:
            self.update()
        if reveal is not None and reveal == self._scene.selected:
            self._reveal(reveal)

    def holds(self, key: int) -> bool:
        """Whether the items drawn now include this one."""
        keys = self._scene.columns.keys
        at = int(keys.searchsorted(key))
        return at < len(keys) and int(keys[at]) == key

    def set_message(self, message: str | None) -> None:
        """A line shown over the timeline while it is being read, or None."""
        self._scene.message = message
        self.update()

    def set_theme(self, theme: Theme) -> None:
        self._scene.theme = theme
        self.update()

    def data_extent(self) -> tuple[float, float] | None:
        return self._scene.data_extent()

    def set_window(self, start: float, end: float) -> None:
        self._set_scale(TimeScale(start, end, self.plot_width()))

    def _set_scale(self, scale: TimeScale, *, user: bool = True) -> None:
        self._auto_fit = self._auto_fit and not user
        self._scene.scale = scale
        self.windowChanged.emit(scale.start, scale.end)
        self.update()

    def fit(self) -> None:
        """Show the bulk of the items (`app.core.timeline.framing.bulk_window`), not their
        far outliers, which are marked at the edges of the view instead."""
        self._fit(None)

    def _fit(self, dates: DateRange | None) -> None:
        """Fit, and follow the widget's size with the same fit until the user moves."""
        scene = self._scene
        self._set_scale(fitted(scene.columns, scene.bulk(), self.plot_width(), dates), user=False)
        self._auto_fit = True
        self._fitted_dates = dates

    def zoom(self, factor: float, anchor_x: float | None = None) -> None:
        anchor = self.plot_width() / 2 if anchor_x is None else anchor_x
        self._set_scale(
            self.scale.zoomed(factor, anchor, max_span=max_zoom_span(self.data_extent()))
        )

    def pan(self, dx: float) -> None:
        self._set_scale(self.scale.panned(dx))

    def select(self, key: int | None, *, reveal: bool = False) -> None:
        """Select an item, and with `reveal` bring it into view. An item the timeline has not
        loaded yet (the list shows a search's first results while the timeline reads them
        all) stays selected, and is shown once the load holds it."""
        self._scene.selected = key
        self._reveal_on_load = None
        if key is not None:
            if reveal and self.holds(key):
                self._reveal(key)
            elif reveal:
                self._reveal_on_load = key
            self.itemSelected.emit(self._scene.texts.item_id(key))
        self.update()

    def go_outside(self, *, later: bool) -> None:
        """Centre the nearest item beyond the view's end (or start), at the same zoom."""
        scale = beyond(self._scene.columns, self.scale, later=later)
        if scale is not None:
            self._set_scale(scale)

    def _reveal(self, key: int) -> None:
        columns = self._scene.columns
        index = int(columns.keys.searchsorted(key))
        t = float(columns.start[index])
        if not self.scale.start <= t <= self.scale.end:
            half = (self.scale.end - self.scale.start) / 2
            self.set_window(t - half, t + half)

    def paintEvent(self, event: QPaintEvent) -> None:
        if abs(self.scale.width - self.plot_width()) > 0.5:
            self._scene.scale = self.scale.with_width(self.plot_width())
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self._frame = paint(painter, QRectF(self.rect()), self._scene)
        painter.end()
        if not self._frame.settled:  # lanes out of sight still to count at this zoom
            QTimer.singleShot(SETTLE_MS, self.update)
        self.painted.emit()

    def resizeEvent(self, event: QResizeEvent) -> None:
        if self._auto_fit:
            self._fit(self._fitted_dates)
        else:
            self._scene.scale = self.scale.with_width(self.plot_width())
        super().resizeEvent(event)

    def _plot_x(self, x: float) -> float:
        return x - self._scene.lane_label_width

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            self.scroll_lanes(-event.angleDelta().y() / 2)
        else:
            degrees = event.angleDelta().y() / 8
            self.zoom(WHEEL_ZOOM_PER_DEGREE**degrees, self._plot_x(event.position().x()))
        event.accept()

    def scroll_lanes(self, dy: float) -> None:
        height = self._frame.content_height if self._frame else 0.0
        room = max(0.0, height - (self.height() - METRICS.axis_height))
        self._scene.lane_scroll = min(room, max(0.0, self._scene.lane_scroll + dy))
        self.update()

    def event(self, event: QEvent) -> bool:
        if (
            isinstance(event, QNativeGestureEvent)
            and event.gestureType() == Qt.NativeGestureType.ZoomNativeGesture
        ):
            self.zoom(1.0 + event.value(), self._plot_x(event.position().x()))
            return True
        if isinstance(event, QHelpEvent) and event.type() == QEvent.Type.ToolTip:
            self._tooltip(event)
            return True
        return super().event(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._press = event.position()
            self._press_scale = self.scale
            self._dragged = False
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._press is not None and self._press_scale is not None:
            dx = event.position().x() - self._press.x()
            if self._dragged or abs(dx) >= DRAG_THRESHOLD_PX:
                self._dragged = True
                self._set_scale(self._press_scale.panned(dx))
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self._press is not None:
            if not self._dragged:
                self._click(event.position())
            self._press = None
            self._press_scale = None
        super().mouseReleaseEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        if self._hit(event.position()) is None:
            self.zoom(DOUBLE_CLICK_ZOOM, self._plot_x(event.position().x()))
        super().mouseDoubleClickEvent(event)

    def _hit(self, point: QPointF) -> tuple[str, int, float, float] | None:
        index = self._hit_index(point)
        return None if index is None or self._frame is None else self._frame.hit_targets[index]

    def _hit_index(self, point: QPointF) -> int | None:
        return None if self._frame is None else self._frame.hits.at(point.x(), point.y())

    def set_hide_empty(self, hide: bool) -> None:
        """Leave out lanes with nothing in view (they come back as soon as they have)."""
        self._scene.hide_empty = hide
        self.update()

    def toggle_lane(self, lane: int) -> None:
        """Fold a lane to one thin row, or unfold it."""
        self._scene.collapsed.symmetric_difference_update({lane})
        self.update()

    def expand_all(self) -> None:
        self._scene.collapsed.clear()
        self._scene.hide_empty = False
        self.update()

    def _lane_at(self, y: float) -> int | None:
        return lane_at(self._frame, y)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        lane_menu(self, self._lane_at(event.pos().y()), self).exec(event.globalPos())

    def _click(self, point: QPointF) -> None:
        if point.x() < self._scene.lane_label_width:  # a lane's name: fold or unfold it
            lane = self._lane_at(point.y())
            if lane is not None:
                self.toggle_lane(lane)
            return
        index = self._hit_index(point)
        if index is None or self._frame is None:
            return
        kind, key, t0, t1 = self._frame.hit_targets[index]
        if kind in (EARLIER, LATER):
            self.go_outside(later=kind == LATER)
        elif kind == "more":
            menu = more_menu(self, self._frame.more[index], t0, t1)
            menu.popup(self.mapToGlobal(point.toPoint()))
        else:
            self.select(key)

    def _tooltip(self, event: QHelpEvent) -> None:
        text = tooltip_text(self._hit(QPointF(event.pos())), self._scene.texts)
        if text:
            QToolTip.showText(event.globalPos(), text, self)
        else:
            QToolTip.hideText()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if press_key(self, Qt.Key(event.key())):
            event.accept()
        else:
            super().keyPressEvent(event)
