"""The marks at the edges of the plot that tell of the items beyond them: "◀ 1 earlier item"
at the left, "3 later items ▶" at the right, in the lower line of the axis.

The first view frames the bulk of the items and leaves far outliers out
(`app.core.timeline.framing`); these marks say they are there, on screen (a click goes to
them) and in an exported picture alike, where they tell the reader the picture is not all.
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QFontMetricsF, QPainter, QPen

from app.core.timeline.framing import outside_counts
from app.core.timeline.scale import TimeScale
from app.drawing.theme import Theme
from app.store.columns import TimelineColumns

EARLIER = "earlier"
LATER = "later"
"""The kinds of hit target of the two marks: (kind, -1, window start, window end)."""
INSET_PX = 6.0
"""Between a mark and the plot's edges, and around its words."""
MIN_PLOT_PX = 120.0
"""A narrower plot has no room for the marks: they would cover what is in view."""


class EdgeScene(Protocol):
    """What the marks read of the painter's scene."""

    @property
    def columns(self) -> TimelineColumns: ...
    @property
    def scale(self) -> TimeScale: ...
    @property
    def theme(self) -> Theme: ...


def edge_text(count: int, *, later: bool) -> str:
    """'◀ 1 earlier item', '12,345 later items ▶'."""
    noun = "item" if count == 1 else "items"
    return f"{count:,} later {noun} ▶" if later else f"◀ {count:,} earlier {noun}"


def edge_tooltip(*, later: bool) -> str:
    """What clicking a mark does."""
    return f"Go to the {'next later' if later else 'nearest earlier'} item, at this zoom"


def draw_edge_marks(
    painter: QPainter,
    plot: QRectF,
    scene: EdgeScene,
    rects: list[tuple[float, float, float, float]],
    targets: list[tuple[str, int, float, float]],
) -> None:
    """Draw a mark at each edge of `plot` beyond which items lie wholly outside the view,
    appending its rectangle and target for hit tests. Two binary searches and a count over
    the ends of the items starting before the view (`outside_counts`): cheap at a million."""
    columns, scale = scene.columns, scene.scale
    if len(columns) == 0 or plot.width() < MIN_PLOT_PX:
        return
    before, after = outside_counts(columns.start, columns.end, scale.start, scale.end)
    for count, later in ((before, False), (after, True)):
        if count:
            box = _draw_mark(painter, plot, edge_text(count, later=later), later, scene.theme)
            rects.append((box.left(), box.top(), box.right(), box.bottom()))
            targets.append((LATER if later else EARLIER, -1, scale.start, scale.end))


def _draw_mark(painter: QPainter, plot: QRectF, text: str, later: bool, theme: Theme) -> QRectF:
    metrics = QFontMetricsF(painter.font())
    width = metrics.horizontalAdvance(text) + 2 * INSET_PX
    height = metrics.height() + INSET_PX
    left = plot.right() - INSET_PX - width if later else plot.left() + INSET_PX
    # In the axis's lower line, over the tick names there: never over an item or its label.
    box = QRectF(left, plot.top() - height - 2, width, height)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(theme.color("grid"), 1))
    painter.setBrush(theme.color("axis_background"))
    painter.drawRoundedRect(box, height / 2, height / 2)
    painter.setPen(theme.color("text"))
    painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)
    painter.restore()
    return box
