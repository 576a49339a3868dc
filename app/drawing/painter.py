"""Drawing the timeline onto any QPaintDevice: the screen, and later PNG, SVG and PDF files.

Per frame the work is numpy arithmetic on the items in view (`app.drawing.marks` lays out and
draws each lane's items); a lane too crowded to label is drawn as density from its sorted
start times alone, so a frame costs what is visible, not what the lane holds.
"""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QFont, QFontMetricsF, QPainter, QPen

from app.core.timeline.hits import HitIndex
from app.core.timeline.scale import TimeScale
from app.core.timeline.stack import max_rows_for
from app.core.timeline.ticks import axis_ticks
from app.drawing.edges import draw_edge_marks
from app.drawing.glyphs import LaneCanvas
from app.drawing.marks import (
    LABEL_MAX_PX,
    LaneLayout,
    draw_lane,
    layout_lane,
    rows_at_least_for,
)
from app.drawing.scene import Frame, LaneBand, Scene
from app.drawing.theme import Metrics, Theme
from app.store.columns import lane_index

RECOUNTS_PER_FRAME = 4
"""Lanes out of sight whose height one frame counts again after a zoom (see `Scene`)."""
ELIDED_NAMES_LIMIT = 2000
"""Lane names cut to the column's width kept (`Scene.elided_names`) before they are forgotten."""

__all__ = ["LABEL_MAX_PX", "Frame", "LaneBand", "Scene", "lane_index", "paint"]


def paint(painter: QPainter, area: QRectF, scene: Scene) -> Frame:
    """Draw lanes, marks, labels, axis and lane names into `area`."""
    m, theme = scene.metrics, scene.theme
    painter.fillRect(area, theme.color("background"))
    plot_left = area.left() + scene.lane_label_width
    plot = QRectF(
        plot_left,
        area.top() + m.axis_height,
        area.width() - scene.lane_label_width,
        area.height() - m.axis_height,
    )
    scale = scene.scale
    major, minor = axis_ticks(scale, m.min_tick_label_px)
    painter.save()
    painter.setClipRect(plot)
    _grid(painter, plot, scale, [t.seconds for t in minor], theme)
    bands, drawn = _lanes(painter, plot, scene)
    painter.restore()
    _axis(painter, area, plot, scale, major, minor, theme, m)
    _lane_names(painter, area, plot, bands, scene)
    draw_edge_marks(painter, plot, scene, drawn.rects, drawn.targets)
    if scene.message:
        _message(painter, plot, scene.message, theme)
    hits = HitIndex.from_rects(np.array(drawn.rects, dtype=np.float64).reshape(-1, 4))
    height = sum(b.height for b in bands)
    return Frame(
        hits, drawn.targets, bands, height, drawn.more, drawn.labelled, not scene.recounts_pending
    )


def _message(painter: QPainter, plot: QRectF, text: str, theme: Theme) -> None:
    # A long message (an empty result's hint) wraps inside the plot rather than past it.
    flags = Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap
    metrics = QFontMetricsF(painter.font())
    room = QRectF(0, 0, max(1.0, plot.width() - 48), plot.height())
    box = metrics.boundingRect(room, flags, text).adjusted(-14, -8, 14, 8)
    box.moveCenter(plot.center())
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(theme.color("grid"), 1))
    painter.setBrush(theme.color("axis_background"))
    painter.drawRoundedRect(box, 6, 6)
    painter.setPen(theme.color("text"))
    painter.drawText(box, flags, text)
    painter.restore()


def _grid(
    painter: QPainter, plot: QRectF, scale: TimeScale, ticks: list[int], theme: Theme
) -> None:
    # One pixel wide, on whole pixels, without antialiasing: a line blended over two columns
    # of pixels the height of the plot cost twice as much, and looked blurred.
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
    painter.setPen(QPen(theme.color("grid"), 1))
    left, top, bottom = plot.left(), plot.top(), plot.bottom()
    painter.drawLines(
        [QLineF(x, top, x, bottom) for x in (math.floor(left + scale.x(s)) for s in ticks)]
    )
    painter.restore()


def _lane_height(scene: Scene, lane: int, layout: LaneLayout | None, max_rows: int) -> float:
    """How tall a lane is drawn. A lane below the plot (`layout` None) is not laid out: its
    height is the least its items need with the shortest labels (numpy, no label read), so a
    frame costs the lanes in sight, not all of them."""
    m = scene.metrics
    if scene.hide_empty and not _has_items_in_view(scene, lane, layout):
        return 0.0
    if lane in scene.collapsed:
        return m.row_height
    if layout is None:
        return rows_at_least_for(scene, lane, max_rows) * m.row_height + 2 * m.lane_padding
    return layout.rows * m.row_height + 2 * m.lane_padding


def _has_items_in_view(scene: Scene, lane: int, layout: LaneLayout | None) -> bool:
    if layout is not None:
        return not layout.is_empty
    assert scene.lane_index is not None
    scale = scene.scale
    if len(scene.lane_index.starting_in(lane, scale.start, scale.end)):
        return True
    return bool(len(scene.lane_index.visible(lane, scale.start, scale.end, scene.columns.end)))


def _lanes(painter: QPainter, plot: QRectF, scene: Scene) -> tuple[list[LaneBand], LaneCanvas]:
    theme, columns = scene.theme, scene.columns
    bands: list[LaneBand] = []
    top = plot.top() - scene.lane_scroll
    metrics = QFontMetricsF(QFont(painter.font()))
    canvas = LaneCanvas(painter, plot, scene, metrics, [], [], {})
    if scene.lane_index is None:
        scene.lane_index = lane_index(columns)
    max_rows = max_rows_for(plot.height(), scene.metrics.row_height, len(columns.lanes))
    scene.recounts_left, scene.recounts_pending = RECOUNTS_PER_FRAME, False
    for number, lane in enumerate(columns.lanes):
        folded = number in scene.collapsed
        layout = None
        if not folded and top <= plot.bottom():
            layout = layout_lane(scene, number, metrics, max_rows)
        height = _lane_height(scene, number, layout, max_rows)
        band = LaneBand(number, top, height, folded)
        bands.append(band)
        if height > 0 and top + height >= plot.top() and top <= plot.bottom():
            if number % 2:
                painter.fillRect(
                    QRectF(plot.left(), top, plot.width(), height), theme.color("lane_alternate")
                )
            if layout is not None:
                draw_lane(canvas, band, layout, theme.track_color(lane.color))
        top += height
    return bands, canvas


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
    m, theme, width = scene.metrics, scene.theme, scene.lane_label_width
    column = QRectF(area.left(), area.top(), width, area.height())
    painter.fillRect(column, theme.color("lane_label_background"))
    painter.setPen(QPen(theme.color("grid"), 1))
    painter.drawLine(QPointF(column.right(), area.top()), QPointF(column.right(), area.bottom()))
    painter.save()
    painter.setClipRect(QRectF(area.left(), plot.top(), width, plot.height()))
    metrics = QFontMetricsF(painter.font())
    grid, font = QPen(theme.color("grid"), 1), painter.font().key()
    names = scene.elided_names
    if len(names) > ELIDED_NAMES_LIMIT:
        names.clear()
    for band in bands:
        if band.height == 0 or band.top + band.height < plot.top() or band.top > plot.bottom():
            continue
        lane = scene.columns.lanes[band.lane]
        inset = (m.row_height - 10) / 2 if band.collapsed else m.lane_padding + 4
        swatch = QRectF(area.left() + 8, band.top + inset, 10, 10)
        painter.fillRect(swatch, theme.track_color(lane.color))
        painter.setPen(theme.color("muted_text" if band.collapsed else "text"))
        key = (lane.name, width, font)
        name = names.get(key)
        if name is None:  # once per name and width: every frame writes every lane's name
            name = names[key] = metrics.elidedText(
                lane.name, Qt.TextElideMode.ElideRight, width - 34
            )
        painter.drawText(
            QPointF(swatch.right() + 8, swatch.center().y() + metrics.ascent() / 2 - 1), name
        )
        painter.setPen(grid)
        painter.drawLine(
            QPointF(area.left(), band.top + band.height),
            QPointF(area.right(), band.top + band.height),
        )
    painter.restore()
