"""The overview strip under the timeline: the density of everything the Filter selects, with
the canvas's visible window as a rectangle the user drags to move and pulls at to resize."""

from __future__ import annotations

import enum
import math

import numpy as np
import numpy.typing as npt
from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QImage,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QWheelEvent,
)
from PySide6.QtWidgets import QWidget

from app.core.timeline.clusters import density_sorted
from app.core.timeline.scale import DEFAULT_MARGIN_FRACTION, TimeScale
from app.drawing.theme import LIGHT, METRICS, Theme
from app.store.columns import TimelineColumns

BUCKET_PX = 2.0
EDGE_GRIP_PX = 5.0
"""How close to an edge of the window rectangle a press takes hold of that edge."""
MIN_WINDOW_PX = 6.0
"""The window rectangle never gets thinner than this, so it can always be grabbed."""
WHEEL_ZOOM_PER_DEGREE = 1.006
EMPTY_SPAN = (1.70e9, 1.80e9)
BARS_KEPT = 4
"""Sets of bars kept, for as many widths of the strip's span (`TimelineOverview._bars`)."""


class _Grip(enum.Enum):
    MOVE = "move"
    LEFT = "left"
    RIGHT = "right"


class TimelineOverview(QWidget):
    """Emits `windowRequested(start, end)` when the user drags or resizes the rectangle, or
    presses elsewhere on the strip to bring that time to the middle."""

    windowRequested = Signal(float, float)

    def __init__(
        self, columns: TimelineColumns, theme: Theme = LIGHT, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("timelineOverview")
        self.setAccessibleName("Timeline overview")
        self.setToolTip("Drag the window to move the timeline; drag its edges to zoom")
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self._theme = theme
        self._starts: npt.NDArray[np.float64] = np.zeros(0)
        self._bars: dict[tuple[float, ...], QImage | None] = {}
        """The bars as last drawn, by what they were drawn for, a few (cleared with the
        items): the strip widens with a window that leaves the items' span, so zooming out
        and back in at the whole span alternates between two of them."""
        self._extent = EMPTY_SPAN
        self._window = EMPTY_SPAN
        self._grip: _Grip | None = None
        self._press_x = 0.0
        self._press_window = EMPTY_SPAN
        self.label_width: float = METRICS.lane_label_width
        """Left of the strip, under the canvas's lane names."""
        self.right_margin = 0.0
        """Right of the strip, under the canvas's scrollbar."""
        self.set_columns(columns)

    def sizeHint(self) -> QSize:
        return QSize(600, METRICS.overview_height)

    def minimumSizeHint(self) -> QSize:
        return QSize(200, METRICS.overview_height)

    def set_columns(self, columns: TimelineColumns) -> None:
        starts = columns.start
        if len(starts) > 1 and np.any(starts[1:] < starts[:-1]):
            starts = np.sort(starts)
        self._starts = starts
        self._bars = {}
        if len(starts) == 0:
            self._extent = EMPTY_SPAN
        else:
            first, last = float(starts[0]), float(columns.end.max())
            fitted = TimeScale(0.0, 1.0, 1.0).fitted(first, last, DEFAULT_MARGIN_FRACTION)
            self._extent = (fitted.start, fitted.end)
        self.update()

    def set_margins(self, left: float, right: float) -> None:
        """Keep the strip under the canvas's plot: `left` its lane names, `right` beside it."""
        self.label_width, self.right_margin = left, right
        self.update()

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme
        self.update()

    def set_window(self, start: float, end: float) -> None:
        """Follow the canvas: where its visible window is now."""
        self._window = (start, end)
        self.update()

    @property
    def visible_window(self) -> tuple[float, float]:
        return self._window

    def _plot(self) -> QRectF:
        """The strip's drawing area, aligned with the canvas's plot (right of the lane names)."""
        left = self.label_width
        width = self.width() - left - self.right_margin - 1
        return QRectF(left, 2, max(1.0, width), max(1.0, self.height() - 4))

    def _scale(self) -> TimeScale:
        # The whole span, widened to take in a window that reaches beyond the data.
        start = min(self._extent[0], self._window[0])
        end = max(self._extent[1], self._window[1])
        return TimeScale(start, end, self._plot().width())

    def window_rect(self) -> QRectF:
        """Where the visible window is drawn, in widget coordinates."""
        plot, scale = self._plot(), self._scale()
        x0 = plot.left() + scale.x(self._window[0])
        x1 = plot.left() + scale.x(self._window[1])
        if x1 - x0 < MIN_WINDOW_PX:
            middle = (x0 + x1) / 2
            x0, x1 = middle - MIN_WINDOW_PX / 2, middle + MIN_WINDOW_PX / 2
        return QRectF(x0, plot.top(), x1 - x0, plot.height())

    def paintEvent(self, event: QPaintEvent) -> None:
        theme = self._theme
        painter = QPainter(self)
        painter.fillRect(self.rect(), theme.color("lane_label_background"))
        plot = self._plot()
        painter.fillRect(plot, theme.color("background"))
        window = self.window_rect()
        shade = QColor(theme.overview_window)
        shade.setAlpha(48)
        painter.fillRect(window, shade)
        bars = self._bars_for(plot)
        if bars is not None:
            painter.drawImage(plot.topLeft(), bars)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QPen(theme.color("overview_window"), 1.5))
        painter.drawRect(window.adjusted(0.75, 0.75, -0.75, -0.75))
        painter.setPen(theme.color("muted_text"))
        label = QRectF(8, 0, self.label_width - 16, self.height())
        painter.drawText(
            label, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, "Overview"
        )
        painter.end()

    def _bars_for(self, plot: QRectF) -> QImage | None:
        """The bars of the whole span, drawn once per set of items, size and colour into an
        image the size of the strip: the strip is painted again on every pan and zoom step
        of the timeline, where only its window moves (some 500 bars each time, about half a
        millisecond). None where there are none."""
        scale = self._scale()
        # In hundredths of a pixel: a zoom and its way back come to the same span but for the
        # last bits of a float.
        spp = scale.seconds_per_pixel
        color, ratio = self._theme.color("density"), self.devicePixelRatioF()
        key = (round(scale.start / spp, 2), round(scale.end / spp, 2), plot.width(),
               plot.height(), plot.left(), plot.top(), color.rgba(), ratio)  # fmt: skip
        if key in self._bars:
            return self._bars[key]
        counts = density_sorted(self._starts, scale, BUCKET_PX)
        filled = np.flatnonzero(counts)
        image = None
        if len(filled):
            # Square-root heights: one busy week should not flatten every other month.
            heights = np.maximum(1.0, plot.height() * np.sqrt(counts[filled] / counts.max()))
            size = QSize(math.ceil(plot.width() * ratio), math.ceil(plot.height() * ratio))
            image = QImage(size, QImage.Format.Format_ARGB32_Premultiplied)
            image.setDevicePixelRatio(ratio)
            image.fill(0)
            drawing = QPainter(image)
            drawing.setPen(Qt.PenStyle.NoPen)
            drawing.setBrush(color)
            drawing.drawRects(
                [
                    QRectF(x, plot.height() - h, BUCKET_PX - 0.3, h)
                    for x, h in zip((filled * BUCKET_PX).tolist(), heights.tolist(), strict=True)
                ]
            )
            drawing.end()
        if len(self._bars) >= BARS_KEPT:
            del self._bars[next(iter(self._bars))]
        self._bars[key] = image
        return image

    def _grip_at(self, x: float) -> _Grip | None:
        window = self.window_rect()
        if abs(x - window.left()) <= EDGE_GRIP_PX:
            return _Grip.LEFT
        if abs(x - window.right()) <= EDGE_GRIP_PX:
            return _Grip.RIGHT
        if window.left() < x < window.right():
            return _Grip.MOVE
        return None

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            super().mousePressEvent(event)
            return
        x = event.position().x()
        if x < self._plot().left():
            return
        grip = self._grip_at(x)
        if grip is None:  # elsewhere on the strip: bring that time to the middle, then drag
            t = self._scale().t(x - self._plot().left())
            half = (self._window[1] - self._window[0]) / 2
            self._request(t - half, t + half)
            grip = _Grip.MOVE
        self._grip = grip
        self._press_x = x
        self._press_window = self._window
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        x = event.position().x()
        if self._grip is None:
            grip = self._grip_at(x)
            shape = (
                Qt.CursorShape.SizeHorCursor
                if grip in (_Grip.LEFT, _Grip.RIGHT)
                else Qt.CursorShape.OpenHandCursor
                if grip is _Grip.MOVE
                else Qt.CursorShape.ArrowCursor
            )
            self.setCursor(shape)
            return
        seconds = (x - self._press_x) * self._scale().seconds_per_pixel
        start, end = self._press_window
        min_span = MIN_WINDOW_PX * self._scale().seconds_per_pixel / 4
        if self._grip is _Grip.MOVE:
            self._request(start + seconds, end + seconds)
        elif self._grip is _Grip.LEFT:
            self._request(min(start + seconds, end - min_span), end)
        else:
            self._request(start, max(end + seconds, start + min_span))
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._grip = None
        super().mouseReleaseEvent(event)

    def wheelEvent(self, event: QWheelEvent) -> None:
        """Zoom the visible window about its middle."""
        factor = WHEEL_ZOOM_PER_DEGREE ** (event.angleDelta().y() / 8)
        start, end = self._window
        middle, half = (start + end) / 2, (end - start) / 2 / factor
        self._request(middle - half, middle + half)
        event.accept()

    def _request(self, start: float, end: float) -> None:
        self._window = (start, end)
        self.update()
        self.windowRequested.emit(start, end)
