"""Drawing the timeline onto any QPaintDevice: the screen, and later PNG, SVG and PDF files.

Per frame the work is numpy arithmetic on the items in view; Qt is called once per lane for
marks (batched rectangles), and per item only for the few labels there is room to show.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen

from app.core.timeline.clusters import (
    DENSITY_BUCKET_PX,
    cluster_marks,
    cluster_time_ranges,
    density_sorted,
    shows_density,
)
from app.core.timeline.hits import HitIndex
from app.core.timeline.lanes import LaneIndex, pack_rows
from app.core.timeline.scale import TimeScale
from app.core.timeline.ticks import axis_ticks
from app.drawing.edges import draw_edge_marks
from app.drawing.texts import ItemTexts
from app.drawing.theme import METRICS, Metrics, Theme
from app.store.columns import TimelineColumns

LABEL_MAX_PX = 220
SELECTED_RING_PX = 3.0
UNCERTAIN_ALPHA = 70
PILL_PADDING_PX = 12
MIN_LABEL_PX = 24
"""Less room than this at the right edge and a mark goes without its label."""


@dataclass(slots=True)
class Scene:
    """Everything one frame needs; the canvas keeps it, the painter only reads it."""

    columns: TimelineColumns
    scale: TimeScale
    theme: Theme
    texts: ItemTexts
    lane_index: LaneIndex | None = None
    """Built from `columns` on first use; cleared when they change."""
    selected: int | None = None
    collapsed: set[int] = field(default_factory=set)
    """Lanes the user folded to one thin row (by clicking their names)."""
    hide_empty: bool = False
    """Leave out lanes with nothing in the visible window."""
    lane_scroll: float = 0.0
    metrics: Metrics = METRICS
    message: str | None = None
    """Shown over the plot, e.g. while the items are being read."""


@dataclass(frozen=True, slots=True)
class LaneBand:
    lane: int
    top: float
    height: float
    collapsed: bool = False


@dataclass(slots=True)
class Frame:
    """What was drawn where, for hit testing and for tests."""

    hits: HitIndex
    hit_targets: list[tuple[str, int, float, float]]
    """Per hit rectangle: ('item', key, t0, t1) or ('cluster', key of its first item, t0, t1)."""
    bands: list[LaneBand]
    content_height: float


def lane_index(columns: TimelineColumns) -> LaneIndex:
    """Each lane's members in one sorted run, for finding what is in view by binary search."""
    return LaneIndex.build(
        columns.member_item, columns.member_lane, columns.start, columns.end, len(columns.lanes)
    )


def mark_time(columns: TimelineColumns, members: npt.NDArray[np.int64]) -> npt.NDArray[np.float64]:
    """Where an item's mark stands: the start of a range, the middle of a month or year
    that is only known to that precision."""
    start, end = columns.start[members], columns.end[members]
    return np.where(columns.is_range[members], start, (start + end) / 2)


def paint(painter: QPainter, area: QRectF, scene: Scene) -> Frame:
    """Draw lanes, marks, labels, axis and lane names into `area`."""
    m, theme = scene.metrics, scene.theme
    painter.fillRect(area, theme.color("background"))
    plot_left = area.left() + m.lane_label_width
    plot = QRectF(
        plot_left,
        area.top() + m.axis_height,
        area.width() - m.lane_label_width,
        area.height() - m.axis_height,
    )
    scale = scene.scale
    major, minor = axis_ticks(scale, m.min_tick_label_px)
    painter.save()
    painter.setClipRect(plot)
    _grid(painter, plot, scale, [t.seconds for t in minor], theme)
    bands, hit_rects, targets = _lanes(painter, plot, scene)
    painter.restore()
    _axis(painter, area, plot, scale, major, minor, theme, m)
    _lane_names(painter, area, plot, bands, scene)
    draw_edge_marks(painter, plot, scene, hit_rects, targets)
    if scene.message:
        _message(painter, plot, scene.message, theme)
    hits = HitIndex.from_rects(np.array(hit_rects, dtype=np.float64).reshape(-1, 4))
    height = sum(b.height for b in bands)
    return Frame(hits, targets, bands, height)


def _message(painter: QPainter, plot: QRectF, text: str, theme: Theme) -> None:
    metrics = QFontMetricsF(painter.font())
    box = metrics.boundingRect(text).adjusted(-14, -8, 14, 8)
    box.moveCenter(plot.center())
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(theme.color("grid"), 1))
    painter.setBrush(theme.color("axis_background"))
    painter.drawRoundedRect(box, 6, 6)
    painter.setPen(theme.color("text"))
    painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)
    painter.restore()


def _grid(
    painter: QPainter, plot: QRectF, scale: TimeScale, ticks: list[int], theme: Theme
) -> None:
    painter.setPen(QPen(theme.color("grid"), 1))
    for seconds in ticks:
        x = plot.left() + scale.x(seconds)
        painter.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()))


def _lane_height(scene: Scene, lane: int, layout: _LaneLayout) -> float:
    m = scene.metrics
    if scene.hide_empty and layout.is_empty:
        return 0.0
    if lane in scene.collapsed:
        return m.row_height
    return layout.rows * m.row_height + 2 * m.lane_padding


def _lanes(
    painter: QPainter, plot: QRectF, scene: Scene
) -> tuple[
    list[LaneBand], list[tuple[float, float, float, float]], list[tuple[str, int, float, float]]
]:
    theme, columns = scene.theme, scene.columns
    bands: list[LaneBand] = []
    top = plot.top() - scene.lane_scroll
    font = QFont(painter.font())
    metrics = QFontMetricsF(font)
    canvas = _Canvas(painter, plot, scene, metrics)
    if scene.lane_index is None:
        scene.lane_index = lane_index(columns)
    for number, lane in enumerate(columns.lanes):
        color = theme.track_color(lane.color)
        layout = _layout_lane(scene, number, metrics)
        height = _lane_height(scene, number, layout)
        band = LaneBand(number, top, height, number in scene.collapsed)
        bands.append(band)
        if height > 0 and top + height >= plot.top() and top <= plot.bottom():
            if number % 2:
                painter.fillRect(
                    QRectF(plot.left(), top, plot.width(), height), theme.color("lane_alternate")
                )
            if number not in scene.collapsed:
                _draw_lane(canvas, band, layout, color)
        top += height
    return bands, canvas.rects, canvas.targets


@dataclass(slots=True)
class _LaneLayout:
    rows: int
    density: npt.NDArray[np.int64] | None
    singles: npt.NDArray[np.int64]
    single_rows: npt.NDArray[np.int64]
    clusters: list[tuple[int, float, float, float, float, int, float]]
    """(count, x_start, x_end, t_start, t_end, key of the first, pill width)."""
    cluster_rows: list[int]
    selected_cluster: int | None = None
    """The first key of the cluster holding the selected item."""

    @property
    def is_empty(self) -> bool:
        return self.density is None and len(self.singles) == 0 and not self.clusters


def _layout_lane(scene: Scene, lane: int, metrics: QFontMetricsF) -> _LaneLayout:
    m, columns, scale = scene.metrics, scene.columns, scene.scale
    assert scene.lane_index is not None
    empty = np.zeros(0, dtype=np.int64)
    # Count before gathering: a crowded lane is drawn from its sorted start times alone.
    starting = scene.lane_index.starting_in(lane, scale.start, scale.end)
    if shows_density(len(starting), scale):
        counts = density_sorted(starting, scale, DENSITY_BUCKET_PX)
        return _LaneLayout(2, counts, empty, empty, [], [])
    members = scene.lane_index.visible(lane, scale.start, scale.end, columns.end)
    if len(members) == 0:
        return _LaneLayout(1, None, empty, empty, [], [])
    centre = scale.x(mark_time(columns, members))
    runs = cluster_marks(centre, m.cluster_gap_px)
    holding = _cluster_holding(scene, members, runs.first)
    singles = members[runs.first[runs.mark_count == 1]]
    grouped = runs.mark_count > 1
    t_start, t_end = cluster_time_ranges(runs, columns.start[members], columns.end[members])
    xs, xe, counts = runs.x_start[grouped], runs.x_end[grouped], runs.mark_count[grouped]
    pill_width = np.maximum(xe - xs, _digits_width(counts, metrics) + PILL_PADDING_PX)
    clusters = list(
        zip(
            counts.tolist(),
            xs.tolist(),
            xe.tolist(),
            t_start[grouped].tolist(),
            t_end[grouped].tolist(),
            columns.keys[members[runs.first[grouped]]].tolist(),
            pill_width.tolist(),
            strict=True,
        )
    )
    # Singles (with room for their label) and cluster pills share the rows, so neither
    # covers the other.
    x0 = np.minimum(scale.x(columns.start[singles]), scale.x(columns.end[singles]))
    x1 = np.maximum(scale.x(columns.end[singles]), x0) + LABEL_MAX_PX
    middle = (xs + xe) / 2
    all_x0 = np.concatenate([x0, middle - pill_width / 2])
    order = np.argsort(all_x0, kind="stable")
    rows = np.empty(len(order), dtype=np.int64)
    rows[order] = pack_rows(
        all_x0[order],
        np.concatenate([x1, middle + pill_width / 2])[order],
        m.label_gap,
        m.max_rows_per_lane,
    )
    used = int(rows.max()) + 1 if len(rows) else 1
    cluster_rows = np.maximum(rows[len(singles) :], 0).tolist()
    return _LaneLayout(
        max(1, used), None, singles, rows[: len(singles)], clusters, cluster_rows, holding
    )


def _cluster_holding(
    scene: Scene, members: npt.NDArray[np.int64], first: npt.NDArray[np.int64]
) -> int | None:
    """The key of the first item of the cluster that holds the selected item, if one does:
    a selection inside a cluster is shown on the cluster."""
    if scene.selected is None:
        return None
    keys = scene.columns.keys
    at = int(np.searchsorted(keys, scene.selected))
    if at >= len(keys) or int(keys[at]) != scene.selected:
        return None
    found = np.flatnonzero(members == at)
    if len(found) == 0:
        return None
    run = int(np.searchsorted(first, found[0], side="right")) - 1
    return int(keys[members[first[run]]])


def _digits_width(counts: npt.NDArray[np.int64], metrics: QFontMetricsF) -> npt.NDArray[np.float64]:
    """The width of each count written out, from the width of its number of digits: one
    font measurement per digit count, not one per cluster."""
    digits = np.floor(np.log10(np.maximum(counts, 1))).astype(np.int64) + 1
    widths = np.array(
        [metrics.horizontalAdvance("8" * n) for n in range(int(digits.max(initial=1)) + 1)]
    )
    return widths[digits]


@dataclass(slots=True)
class _Canvas:
    """What every lane of a frame is drawn with, and where the marks and pills drawn are
    recorded for hit testing."""

    painter: QPainter
    plot: QRectF
    scene: Scene
    metrics: QFontMetricsF
    rects: list[tuple[float, float, float, float]] = field(default_factory=list)
    targets: list[tuple[str, int, float, float]] = field(default_factory=list)


def _draw_lane(canvas: _Canvas, band: LaneBand, layout: _LaneLayout, color: QColor) -> None:
    if layout.density is not None:
        _draw_density(canvas, band, layout.density, color)
        return
    columns, m = canvas.scene.columns, canvas.scene.metrics
    row_top = band.top + m.lane_padding
    labels = canvas.scene.texts.labels([int(columns.keys[i]) for i in layout.singles])
    for index, row in zip(layout.singles, layout.single_rows, strict=True):
        y = row_top + max(int(row), 0) * m.row_height + m.row_height / 2
        mark = _draw_mark(canvas, index, y, color)
        key = int(columns.keys[index])
        if row >= 0 and key in labels:
            _draw_label(canvas, labels[key], mark, y, bool(columns.is_range[index]))
    _draw_clusters(canvas, layout, row_top)


def _draw_density(
    canvas: _Canvas, band: LaneBand, density: npt.NDArray[np.int64], color: QColor
) -> None:
    m, painter, plot = canvas.scene.metrics, canvas.painter, canvas.plot
    peak = max(1, int(density.max()))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(color)
    usable = band.height - 2 * m.lane_padding
    baseline = band.top + band.height - m.lane_padding
    filled = np.flatnonzero(density)
    heights = np.maximum(1.0, usable * density[filled] / peak)
    width = DENSITY_BUCKET_PX - 0.5
    # Plain floats, not numpy scalars, into QRectF: a tenth of the cost per column.
    painter.drawRects(
        [
            QRectF(x, y, width, h)
            for x, y, h in zip(
                (plot.left() + filled * DENSITY_BUCKET_PX).tolist(),
                (baseline - heights).tolist(),
                heights.tolist(),
                strict=True,
            )
        ]
    )


def _draw_mark(canvas: _Canvas, index: int, y: float, color: QColor) -> QRectF:
    """One item's bar, dot or square (and its selection ring), recorded for hit tests."""
    scene, painter = canvas.scene, canvas.painter
    m, theme, columns, scale = scene.metrics, scene.theme, scene.columns, scene.scale
    start, end = float(columns.start[index]), float(columns.end[index])
    x0, x1 = canvas.plot.left() + scale.x(start), canvas.plot.left() + scale.x(end)
    key = int(columns.keys[index])
    if columns.is_range[index]:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(color)
        bar = QRectF(x0, y - m.bar_height / 2, max(x1 - x0, 2 * m.mark_radius), m.bar_height)
        painter.drawRoundedRect(bar, 3, 3)
        mark = bar
    else:
        if x1 - x0 > 2 * m.mark_radius:  # month or year precision: show the uncertainty
            faded = QColor(color)
            faded.setAlpha(UNCERTAIN_ALPHA)
            painter.fillRect(QRectF(x0, y - m.bar_height / 2, x1 - x0, m.bar_height), faded)
        cx = (x0 + x1) / 2 if x1 - x0 > 2 * m.mark_radius else x0
        mark = QRectF(cx - m.mark_radius, y - m.mark_radius, 2 * m.mark_radius, 2 * m.mark_radius)
        painter.setPen(QPen(theme.color("background"), 1))
        painter.setBrush(color)
        if columns.is_statement[index]:
            painter.drawRect(mark.adjusted(0.5, 0.5, -0.5, -0.5))
        else:
            painter.drawEllipse(mark)
    if key == scene.selected:
        painter.setPen(QPen(theme.color("selection"), SELECTED_RING_PX))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(mark.adjusted(-3, -3, 3, 3), 4, 4)
    canvas.rects.append((mark.left(), mark.top(), mark.right(), mark.bottom()))
    canvas.targets.append(("item", key, start, end))
    return mark


def _draw_label(canvas: _Canvas, label: str, mark: QRectF, y: float, is_range: bool) -> None:
    """A mark's label to its right, elided to fit, never clipped at the plot's edge."""
    painter, plot, metrics = canvas.painter, canvas.plot, canvas.metrics
    m, theme = canvas.scene.metrics, canvas.scene.theme
    text = metrics.elidedText(label, Qt.TextElideMode.ElideRight, LABEL_MAX_PX - m.label_gap)
    x = mark.right() + m.label_gap
    runs_out = is_range and x + LABEL_MAX_PX / 2 > plot.right()
    if runs_out and mark.left() < plot.right() - 80:
        # A bar running out of view on the right: its label rides on the bar, at
        # the left of what is visible, on a plate of the background colour.
        x = max(plot.left(), mark.left()) + m.label_gap
        plate = QRectF(
            x - 3,
            y - metrics.height() / 2,
            metrics.horizontalAdvance(text) + 6,
            metrics.height(),
        )
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(theme.color("background"))
        painter.drawRoundedRect(plate, 3, 3)
    room = plot.right() - x - 4
    if room < LABEL_MAX_PX - m.label_gap:  # at the right edge: elide, never clip
        text = metrics.elidedText(label, Qt.TextElideMode.ElideRight, room)
    if text and room >= MIN_LABEL_PX:
        painter.setPen(theme.color("text"))
        painter.drawText(QPointF(x, y + metrics.ascent() / 2 - 1), text)


def _draw_clusters(canvas: _Canvas, layout: _LaneLayout, row_top: float) -> None:
    """The "+N" pills of marks too close to tell apart, recorded for hit tests."""
    painter, plot = canvas.painter, canvas.plot
    m, theme = canvas.scene.metrics, canvas.scene.theme
    cluster_color, label_color = theme.color("cluster"), theme.color("background")
    for (count, xs, xe, t0, t1, first, width), row in zip(
        layout.clusters, layout.cluster_rows, strict=True
    ):
        y = row_top + row * m.row_height + m.row_height / 2
        pill = QRectF(
            plot.left() + (xs + xe) / 2 - width / 2,
            y - m.row_height / 2 + 3,
            width,
            m.row_height - 6,
        )
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(cluster_color)
        painter.drawRoundedRect(pill, pill.height() / 2, pill.height() / 2)
        painter.setPen(label_color)
        painter.drawText(pill, Qt.AlignmentFlag.AlignCenter, str(count))
        if first == layout.selected_cluster:
            painter.setPen(QPen(theme.color("selection"), SELECTED_RING_PX))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            ring = pill.adjusted(-3, -3, 3, 3)
            painter.drawRoundedRect(ring, ring.height() / 2, ring.height() / 2)
        canvas.rects.append((pill.left(), pill.top(), pill.right(), pill.bottom()))
        canvas.targets.append(("cluster", first, t0, t1))


def _axis(
    painter: QPainter,
    area: QRectF,
    plot: QRectF,
    scale: TimeScale,
    major: list,
    minor: list,
    theme: Theme,
    m: Metrics,
) -> None:
    bar = QRectF(plot.left(), area.top(), plot.width(), m.axis_height)
    painter.fillRect(bar, theme.color("axis_background"))
    painter.setPen(QPen(theme.color("grid"), 1))
    painter.drawLine(QPointF(plot.left(), bar.bottom()), QPointF(plot.right(), bar.bottom()))
    painter.save()
    painter.setClipRect(bar)
    metrics = QFontMetricsF(painter.font())
    half = m.axis_height / 2
    painter.setPen(theme.color("muted_text"))
    named_above = {t.seconds: t.label for t in major}
    for tick in minor:
        x = plot.left() + scale.x(tick.seconds)
        painter.drawLine(QPointF(x, bar.bottom() - 5), QPointF(x, bar.bottom()))
        if named_above.get(tick.seconds) != tick.label:  # "2010" once is enough
            painter.drawText(QPointF(x + 3, bar.top() + half + metrics.ascent()), tick.label)
    bold = QFont(painter.font())
    bold.setBold(True)
    painter.setFont(bold)
    painter.setPen(theme.color("text"))
    xs = [max(plot.left() + scale.x(t.seconds), plot.left()) for t in major]
    for i, tick in enumerate(major):
        x = xs[i]
        limit = xs[i + 1] if i + 1 < len(xs) else plot.right()
        text = QFontMetricsF(bold).elidedText(
            tick.label, Qt.TextElideMode.ElideRight, max(0.0, limit - x - 6)
        )
        painter.drawText(QPointF(x + 3, bar.top() + 4 + metrics.ascent()), text)
        painter.drawLine(
            QPointF(plot.left() + scale.x(tick.seconds), bar.top()),
            QPointF(plot.left() + scale.x(tick.seconds), bar.bottom()),
        )
    painter.restore()


def _lane_names(
    painter: QPainter, area: QRectF, plot: QRectF, bands: list[LaneBand], scene: Scene
) -> None:
    m, theme = scene.metrics, scene.theme
    column = QRectF(area.left(), area.top(), m.lane_label_width, area.height())
    painter.fillRect(column, theme.color("lane_label_background"))
    painter.setPen(QPen(theme.color("grid"), 1))
    painter.drawLine(QPointF(column.right(), area.top()), QPointF(column.right(), area.bottom()))
    painter.save()
    painter.setClipRect(QRectF(area.left(), plot.top(), m.lane_label_width, plot.height()))
    metrics = QFontMetricsF(painter.font())
    for band in bands:
        if band.height == 0 or band.top + band.height < plot.top() or band.top > plot.bottom():
            continue
        lane = scene.columns.lanes[band.lane]
        inset = (m.row_height - 10) / 2 if band.collapsed else m.lane_padding + 4
        swatch = QRectF(area.left() + 8, band.top + inset, 10, 10)
        painter.fillRect(swatch, theme.track_color(lane.color))
        painter.setPen(theme.color("muted_text" if band.collapsed else "text"))
        name = metrics.elidedText(lane.name, Qt.TextElideMode.ElideRight, m.lane_label_width - 34)
        painter.drawText(
            QPointF(swatch.right() + 8, swatch.center().y() + metrics.ascent() / 2 - 1), name
        )
        painter.setPen(QPen(theme.color("grid"), 1))
        painter.drawLine(
            QPointF(area.left(), band.top + band.height),
            QPointF(area.right(), band.top + band.height),
        )
    painter.restore()
