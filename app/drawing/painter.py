"""Drawing the timeline onto any QPaintDevice: the screen, and later PNG, SVG and PDF files.

Per frame the work is numpy arithmetic on the items in view (`app.drawing.marks` lays out and
draws each lane's items); a lane too crowded to label is drawn as density from its sorted
start times alone, so a frame costs what is visible, not what the lane holds.
"""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QFont, QFontMetricsF, QImage, QPainter, QPen

from app.core.timeline.hits import HitIndex
from app.core.timeline.scale import TimeScale
from app.core.timeline.stack import max_rows_for
from app.core.timeline.ticks import axis_ticks
from app.drawing.density import keep_strips
from app.drawing.edges import draw_edge_marks
from app.drawing.glyphs import LaneCanvas, forget_oldest, laid_out, on_pixels
from app.drawing.marks import (
    LABEL_MAX_PX,
    LaneLayout,
    draw_lane,
    layout_lane,
    rows_at_least_for,
)
from app.drawing.scene import Frame, LaneBand, Scene
from app.drawing.theme import Theme
from app.store.columns import lane_index

RECOUNTS_PER_FRAME = 4
"""Lanes out of sight whose height one frame counts again after a zoom (see `Scene`)."""
AXIS_TEXTS_LIMIT = 1000
"""Tick names kept laid out (`Scene.axis_texts`): the axis writes a few dozen a frame."""
NAMES_PICTURES_KEPT = 4
"""Pictures of the column of lane names kept (`Scene.names_pictures`): a pan to and fro that
brings an item in and out of view changes a lane's height and back, frame after frame."""
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
    _axis(painter, area, plot, (major, minor), scene)
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
    laid: set[int] = set()
    drawn: set[int] = set()
    for number, lane in enumerate(columns.lanes):
        folded = number in scene.collapsed
        layout = None
        if not folded and top <= plot.bottom():
            layout = layout_lane(scene, number, metrics, max_rows)
            laid.add(number)
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
                drawn.add(number)
        top += height
    keep_strips(scene, laid, drawn)
    return bands, canvas


def _axis(
    painter: QPainter, area: QRectF, plot: QRectF, ticks: tuple[list, list], scene: Scene
) -> None:
    m, theme, scale, (major, minor) = scene.metrics, scene.theme, scene.scale, ticks
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
    # Tick names laid out once each (a pan writes the same ones frame after frame).
    texts = scene.axis_texts
    if len(texts) > AXIS_TEXTS_LIMIT:
        forget_oldest(texts)
    for tick in minor:
        x = plot.left() + scale.x(tick.seconds)
        painter.drawLine(QPointF(x, bar.bottom() - 5), QPointF(x, bar.bottom()))
        if named_above.get(tick.seconds) != tick.label:  # "2010" once is enough
            # Laid out text is placed by its top: the baseline is `ascent` below it.
            static = laid_out(texts, (tick.label, False), tick.label)
            painter.drawStaticText(QPointF(x + 3, bar.top() + half), static)
    bold = QFont(painter.font())
    bold.setBold(True)
    painter.setFont(bold)
    bold_metrics = QFontMetricsF(bold)
    painter.setPen(theme.color("text"))
    xs = [max(plot.left() + scale.x(t.seconds), plot.left()) for t in major]
    for i, tick in enumerate(major):
        x = xs[i]
        limit = xs[i + 1] if i + 1 < len(xs) else plot.right()
        text = bold_metrics.elidedText(
            tick.label, Qt.TextElideMode.ElideRight, max(0.0, limit - x - 6)
        )
        top = bar.top() + 4 + metrics.ascent() - bold_metrics.ascent()
        painter.drawStaticText(QPointF(x + 3, top), laid_out(texts, (text, True), text))
        painter.drawLine(
            QPointF(plot.left() + scale.x(tick.seconds), bar.top()),
            QPointF(plot.left() + scale.x(tick.seconds), bar.bottom()),
        )
    painter.restore()


def _lane_names(
    painter: QPainter, area: QRectF, plot: QRectF, bands: list[LaneBand], scene: Scene
) -> None:
    """The column of lane names. On a device of pixels it is drawn once into an image and
    copied while the lanes in sight keep their places and heights (every pan at a zoom whose
    rows do not change, or come back): some twenty names, swatches and lines, a millisecond or
    two a frame at whole-span zoom, for a copy of a tenth of that."""
    theme, width = scene.theme, scene.lane_label_width
    column = QRectF(area.left(), area.top(), width, area.height())
    ratio = painter.device().devicePixelRatioF()
    whole = area.left() == math.floor(area.left()) and area.top() == math.floor(area.top())
    if not on_pixels(painter) or not whole:
        _draw_lane_names(painter, column, plot, bands, scene)
    else:
        shown = tuple(
            (b.lane, b.top, b.height, b.collapsed)
            for b in bands
            if b.height > 0 and b.top + b.height >= plot.top() and b.top <= plot.bottom()
        )
        key = (shown, scene.columns.lanes, width, area.height(), plot.top(), plot.height(),
               theme, painter.font().key(), ratio)  # fmt: skip
        kept = scene.names_pictures
        image = kept.pop(key, None)  # and put back last: the least used go first
        if image is None:
            image = QImage(
                math.ceil(width * ratio), math.ceil(area.height() * ratio),
                QImage.Format.Format_ARGB32_Premultiplied,
            )  # fmt: skip
            image.setDevicePixelRatio(ratio)
            drawing = QPainter(image)
            drawing.setRenderHints(painter.renderHints())
            drawing.setFont(painter.font())
            drawing.translate(-area.left(), -area.top())
            _draw_lane_names(drawing, column, plot, bands, scene)
            drawing.end()
            if len(kept) >= NAMES_PICTURES_KEPT:
                del kept[next(iter(kept))]
        kept[key] = image
        painter.drawImage(column.topLeft(), image)
    painter.setPen(QPen(theme.color("grid"), 1))
    painter.drawLine(QPointF(column.right(), area.top()), QPointF(column.right(), area.bottom()))


def _draw_lane_names(
    painter: QPainter, column: QRectF, plot: QRectF, bands: list[LaneBand], scene: Scene
) -> None:
    m, theme, width = scene.metrics, scene.theme, column.width()
    painter.fillRect(column, theme.color("lane_label_background"))
    painter.save()
    painter.setClipRect(QRectF(column.left(), plot.top(), width, plot.height()))
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
        swatch = QRectF(column.left() + 8, band.top + inset, 10, 10)
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
            QPointF(column.left(), band.top + band.height),
            QPointF(column.right(), band.top + band.height),
        )
    painter.restore()
