"""The column of lane names beside the timeline: as wide as the user drags its edge (within
what leaves the plot room), the full name of a lane on hover, and the mouse wheel over it
scrolling the lanes rather than zooming the time."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPointF, QSettings, Qt, Signal
from PySide6.QtGui import QHelpEvent, QMouseEvent, QWheelEvent
from PySide6.QtWidgets import QToolTip

from app.drawing.theme import METRICS
from app.ui import settings
from app.ui.timeline.canvas import TimelineCanvas

MIN_NAMES_PX = 90
"""The narrowest the column gets: a swatch and a few letters."""
MAX_NAMES_SHARE = 0.35
"""The widest, as a share of the canvas: the plot keeps the rest."""
AUTO_SHARE = 0.13
AUTO_MAX_PX = 280
"""Until the user drags the edge, the column is this share of a wide canvas (never narrower
than the theme's width, nor wider than this): a large window shows long names whole."""
EDGE_GRAB_PX = 4
"""How near the column's edge a press takes hold of it."""


class LaneNames(QObject):
    """Watches the canvas's events for the name column. `widthChosen(width)` fires when the
    user lets go of the edge they dragged, with the width they asked for."""

    widthChosen = Signal(int)

    def __init__(self, canvas: TimelineCanvas) -> None:
        super().__init__(canvas)
        self._canvas = canvas
        self._wanted: float | None = None
        """The width the user dragged the edge to; None until they do."""
        self._dragging = False
        canvas.installEventFilter(self)

    @property
    def wanted(self) -> int | None:
        """The width the user chose (None: it follows the canvas's); the column is narrower
        only when the canvas is."""
        return None if self._wanted is None else round(self._wanted)

    def restore(self, st: QSettings) -> None:
        """The width the user chose in an earlier run, if they did."""
        saved = settings.LANE_NAMES_WIDTH.read(st)
        if saved.isdigit():
            self.set_width(int(saved))

    def save(self, st: QSettings) -> None:
        settings.LANE_NAMES_WIDTH.write(st, "" if self.wanted is None else str(self.wanted))

    def set_width(self, width: float) -> None:
        self._wanted = max(float(MIN_NAMES_PX), width)
        self._apply()

    def _apply(self) -> None:
        canvas_width = self._canvas.width()
        wanted = self._wanted
        if wanted is None:
            wanted = min(AUTO_MAX_PX, max(METRICS.lane_label_width, canvas_width * AUTO_SHARE))
        widest = max(float(MIN_NAMES_PX), canvas_width * MAX_NAMES_SHARE)
        width = round(min(wanted, widest))
        if width != self._canvas.scene.lane_label_width:
            self._canvas.set_lane_label_width(width)

    def _near_edge(self, x: float) -> bool:
        return abs(x - self._canvas.scene.lane_label_width) <= EDGE_GRAB_PX

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.Resize:
            self._apply()  # before the canvas fits its time window to the new width
        elif isinstance(event, QMouseEvent):
            return self._mouse(event)
        elif isinstance(event, QWheelEvent):
            return self._wheel(event)
        elif kind == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            return self._tooltip(event)
        return False

    def _mouse(self, event: QMouseEvent) -> bool:
        x = event.position().x()
        kind = event.type()
        left = event.button() == Qt.MouseButton.LeftButton
        if kind == QEvent.Type.MouseButtonPress and left and self._near_edge(x):
            self._dragging = True
            return True
        if kind == QEvent.Type.MouseMove and self._dragging:
            self.set_width(x)
            return True
        if kind == QEvent.Type.MouseButtonRelease and self._dragging and left:
            self._dragging = False
            self.widthChosen.emit(round(self._wanted or 0))
            return True
        if kind == QEvent.Type.MouseMove and not event.buttons():
            if self._near_edge(x):
                self._canvas.setCursor(Qt.CursorShape.SplitHCursor)
            else:
                self._canvas.unsetCursor()
        return kind == QEvent.Type.MouseButtonDblClick and self._near_edge(x)

    def _wheel(self, event: QWheelEvent) -> bool:
        if event.position().x() >= self._canvas.scene.lane_label_width or event.modifiers():
            return False
        self._canvas.scroll_lanes(-event.angleDelta().y() / 2)
        event.accept()
        return True

    def _tooltip(self, event: QHelpEvent) -> bool:
        if event.pos().x() >= self._canvas.scene.lane_label_width:
            return False
        name = self.name_at(QPointF(event.pos()))
        if name is None:
            QToolTip.hideText()
        else:
            QToolTip.showText(event.globalPos(), name, self._canvas)
        return True

    def name_at(self, point: QPointF) -> str | None:
        """The full name of the lane whose name is at `point` (with an actor's affiliation)."""
        frame = self._canvas.frame
        if frame is None or point.y() < METRICS.axis_height:
            return None
        for band in frame.bands:
            if band.height > 0 and band.top <= point.y() < band.top + band.height:
                lane = self._canvas.scene.columns.lanes[band.lane]
                return f"{lane.name} — {lane.group}" if lane.group else lane.name
        return None
