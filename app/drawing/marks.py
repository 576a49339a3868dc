"""One lane's items as the timeline draws them: stacked rows of labelled marks (`stack_lane`
decides the rows), a "+N more" mark for items a lane has no row left for, or density when a
lane holds far more than its rows could ever label.

A mark is a dot (an event) or a square (a statement) where the item's date is narrow on the
screen; an item whose date spans `BAND_MIN_PX` or more is a band over its whole span, its dot or
square and label inside at the left of what is visible: a three-day visit is a solid band, a
date known only to its month or year ("c. Nov 2025") a faint dashed one, and a day seen at
hour zoom is its whole day, not a point at noon.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from itertools import repeat

import numpy as np
import numpy.typing as npt
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFontMetricsF,
    QImage,
    QPaintEngine,
    QPainter,
    QPen,
    QStaticText,
)

from app.core.timeline.clusters import DENSITY_BUCKET_PX, density_sorted
from app.core.timeline.scale import TimeScale
from app.core.timeline.stack import Stack, is_crowded, rows_at_least, stack_lane
from app.drawing.scene import WIDTH_CACHE_LIMIT, LaneBand, Scene, Target

Ints = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]
Flags = npt.NDArray[np.bool_]

LABEL_MAX_PX = 300
"""The most room a label reserves on its row; a longer one is written further only where
nothing follows it on the row."""
SHORT_LABEL_PX = 90
"""What a label is cut to (elided) when full labels would leave items without a row."""
MIN_LABEL_PX = 24
"""Less room than this and a mark goes without its label."""
BAND_MIN_PX = 48.0
"""A date spanning at least this much is drawn as a band over its span; a narrower one as a
dot or square at its middle (a day at month zoom is off by less than the mark is wide)."""
SPAN_INSET_PX = 3
SELECTED_RING_PX = 2.5
RANGE_ALPHA = 70
UNCERTAIN_ALPHA = 30
BAND_FOOT_PX = 2.0
MORE_PADDING_PX = 14
LAID_OUT_LIMIT = 1_500
"""Labels kept laid out: two crowded frames' worth (a frame at year zoom over a million items
draws some 660). Each holds its glyphs: 5,000 took 18 MB."""
STRETCH_MARGIN = 0.5
"""How much of a view's width is placed on each side of it: panning that far reuses the rows
placed (and keeps every item in its row), at the cost of placing that much more on a zoom."""


@dataclass(frozen=True, slots=True)
class Geometry:
    """Per item in view, in plot pixels (see `app.core.timeline.stack`)."""

    mark_x0: Floats
    mark_x1: Floats
    glyph_x: Floats
    label_x: Floats
    band: Flags
    """Drawn as a band over its span (wider than a mark)."""


@dataclass(frozen=True, slots=True)
class Placement:
    """One lane's items stacked at one zoom level over a stretch twice as wide as the view
    (half a view more on each side), so a pan draws what was placed instead of placing again and
    no item changes row under the pointer. Kept until the zoom, the row limit or the
    selection changes, or the view leaves the stretch. x = 0 is `origin`."""

    origin: float
    until: float
    seconds_per_pixel: float
    max_rows: int
    selected: int | None
    members: Ints
    """The lane's items in the stretch (column indexes), in time order."""
    geometry: Geometry
    stack: Stack
    widths: Floats
    """Each label's width as written in full."""

    def serves(self, scale: TimeScale, max_rows: int, selected: int | None) -> bool:
        return (
            math.isclose(self.seconds_per_pixel, scale.seconds_per_pixel, rel_tol=1e-9)
            and self.max_rows == max_rows
            and self.selected == selected
            and self.origin <= scale.start
            and scale.end <= self.until
        )


@dataclass(slots=True)
class LaneLayout:
    """A lane in one frame: density, or the part of its placement in view."""

    rows: int
    """Rows the lane takes: its items' rows in view, and one more for "+N more" marks."""
    density: Ints | None = None
    placement: Placement | None = None
    offset: float = 0.0
    """Plot x of the placement's x = 0."""
    shown: Ints = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    """Positions (in the placement) of the placed items in view."""
    more_shown: tuple[int, ...] = ()
    """Which of the placement's "+N more" marks are in view."""

    @property
    def is_empty(self) -> bool:
        return self.density is None and len(self.shown) == 0 and not self.more_shown


def item_px(scene: Scene) -> float:
    """The least room an item with a readable label takes on its row."""
    m = scene.metrics
    return 2 * m.mark_radius + 2 * m.label_gap + SHORT_LABEL_PX


def layout_lane(scene: Scene, lane: int, metrics: QFontMetricsF, max_rows: int) -> LaneLayout:
    """Where each of the lane's items in view goes: density, or rows and "+N" marks."""
    scale = scene.scale
    assert scene.lane_index is not None
    # Count before gathering: a crowded lane is drawn from its sorted start times alone.
    starting = scene.lane_index.starting_in(lane, scale.start, scale.end)
    if is_crowded(len(starting), scale.width, max_rows, item_px(scene)):
        return LaneLayout(2, density=density_sorted(starting, scale, DENSITY_BUCKET_PX))
    placement = scene.placements.get(lane)
    if placement is None or not placement.serves(scale, max_rows, scene.selected):
        placement = _place(scene, lane, metrics, max_rows)
        scene.placements[lane] = placement
    return _in_view(placement, scene, scale, metrics)


def _place(scene: Scene, lane: int, metrics: QFontMetricsF, max_rows: int) -> Placement:
    """Stack the lane's items over the view and `STRETCH_MARGIN` of its width on each side."""
    columns, view, m = scene.columns, scene.scale, scene.metrics
    assert scene.lane_index is not None
    margin = view.span * STRETCH_MARGIN
    stretch = TimeScale(
        view.start - margin, view.end + margin, view.width * (1 + 2 * STRETCH_MARGIN)
    )
    members = scene.lane_index.visible(lane, stretch.start, stretch.end, columns.end)
    geometry = _geometry(scene, members, stretch)
    keep = None
    if scene.selected is not None:
        hit = np.flatnonzero(columns.keys[members] == scene.selected)
        keep = int(hit[0]) if len(hit) else None
    widths = _widths(scene, members, metrics)
    stack = stack_lane(
        geometry.mark_x0,
        geometry.mark_x1,
        geometry.label_x,
        widths,
        gap=m.label_gap,
        max_rows=max_rows,
        short_label_px=SHORT_LABEL_PX,
        more_px=_more_px(metrics, m.label_gap),
        keep=keep,
        longest_px=LABEL_MAX_PX,
    )
    return Placement(
        stretch.start, stretch.end, view.seconds_per_pixel, max_rows, scene.selected,
        members, geometry, stack, widths,
    )  # fmt: skip


def _more_px(metrics: QFontMetricsF, gap: float) -> float:
    return metrics.horizontalAdvance("+888 more") + MORE_PADDING_PX + gap


def _in_view(
    placement: Placement, scene: Scene, scale: TimeScale, metrics: QFontMetricsF
) -> LaneLayout:
    """The frame's part of a placement: the placed items whose dates overlap the view, the
    "+N" marks in view, and the rows they reach."""
    offset = float(scale.x(placement.origin))
    stack = placement.stack
    placed = stack.placed
    items = placement.members[placed]
    columns = scene.columns
    shown = placed[(columns.end[items] >= scale.start) & (columns.start[items] <= scale.end)]
    more_w = _more_px(metrics, 0.0)
    more_shown = tuple(
        i for i, x in enumerate(stack.more_x.tolist()) if -more_w < x + offset < scale.width
    )
    rows = int(stack.rows[shown].max()) + 1 if len(shown) else 1
    return LaneLayout(rows + (1 if more_shown else 0), None, placement, offset, shown, more_shown)


def rows_at_least_for(scene: Scene, lane: int, max_rows: int) -> int:
    """How many rows the lane takes at least, without reading or measuring a label: for a
    lane out of sight, whose height places the lanes after it but which is not drawn."""
    assert scene.lane_index is not None
    scale = scene.scale
    known = scene.least_rows.get(lane)
    if known is not None and known[:2] == (scale.seconds_per_pixel, max_rows):
        return known[2]  # the view only panned: close enough for a lane not drawn
    if known is not None and scene.recounts_left <= 0:
        scene.recounts_pending = True  # counted again in a frame to come
        return known[2]
    if known is not None:
        scene.recounts_left -= 1
    starting = scene.lane_index.starting_in(lane, scale.start, scale.end)
    if is_crowded(len(starting), scale.width, max_rows, item_px(scene)):
        rows = 2
    else:
        members = scene.lane_index.visible(lane, scale.start, scale.end, scene.columns.end)
        geometry = _geometry(scene, members, scale)
        reach = np.maximum(geometry.mark_x1, geometry.label_x + SHORT_LABEL_PX)
        rows = rows_at_least(geometry.mark_x0, reach, scene.metrics.label_gap, max_rows)
    scene.least_rows[lane] = (scale.seconds_per_pixel, max_rows, rows)
    return rows


def _geometry(scene: Scene, members: Ints, scale: TimeScale) -> Geometry:
    columns, m = scene.columns, scene.metrics
    start, end = scale.x(columns.start[members]), scale.x(columns.end[members])
    radius = m.mark_radius
    band = (end - start) >= BAND_MIN_PX
    solid = band | columns.is_range[members]
    centre = (start + end) / 2
    glyph = np.where(band, np.maximum(start, 0.0) + SPAN_INSET_PX + radius, centre)
    mark_x0 = np.where(solid, start, centre - radius)
    mark_x1 = np.where(solid, np.maximum(end, start + 2 * radius), centre + radius)
    label_x = np.where(band, glyph + radius, mark_x1) + m.label_gap
    return Geometry(mark_x0, mark_x1, glyph, label_x, band)


def _widths(scene: Scene, members: Ints, metrics: QFontMetricsF) -> Floats:
    """Each item's label width as written: measured once per item (and once per text), so a
    zoom reads and measures only the items it has not met yet at any zoom."""
    if scene.label_px is None or len(scene.label_px) != len(scene.columns):
        scene.label_px = np.full(len(scene.columns), np.nan, dtype=np.float32)
    widths = scene.label_px[members].astype(np.float64)
    unknown = np.flatnonzero(np.isnan(widths))
    if len(unknown):
        keys = scene.columns.keys[members[unknown]].tolist()
        found = scene.texts.labels(keys)
        known = scene.label_widths
        if len(known) > WIDTH_CACHE_LIMIT:
            known.clear()
        measured = np.empty(len(keys), dtype=np.float64)
        for i, key in enumerate(keys):
            label = found.get(key, "")
            width = known.get(label)
            if width is None:
                width = known[label] = metrics.horizontalAdvance(label)
            measured[i] = width
        scene.label_px[members[unknown]] = measured
        widths[unknown] = measured
    return widths


@dataclass(slots=True)
class LaneCanvas:
    """What every lane of a frame is drawn with, and where the marks drawn are recorded for
    hit testing."""

    painter: QPainter
    plot: QRectF
    scene: Scene
    metrics: QFontMetricsF
    rects: list[tuple[float, float, float, float]]
    targets: list[Target]
    more: dict[int, tuple[int, ...]]
    labelled: int = 0

    def record(self, box: QRectF, target: Target) -> int:
        self.rects.append((box.left(), box.top(), box.right(), box.bottom()))
        self.targets.append(target)
        return len(self.targets) - 1


def draw_lane(canvas: LaneCanvas, band: LaneBand, layout: LaneLayout, color: QColor) -> None:
    """A lane's items in three passes (bands and bars, then dots and squares, then labels),
    so the painter's pen and brush change a few times a lane, not a few times an item."""
    if layout.density is not None:
        _draw_density(canvas, band, layout.density, color)
        return
    placement = layout.placement
    if placement is None:
        return
    m, plot = canvas.scene.metrics, canvas.plot
    row_top = band.top + m.lane_padding
    drawn = _placed(canvas, layout, placement, row_top)
    _draw_spans(canvas, drawn, color)
    _draw_glyphs(canvas, drawn, color)
    ends = _draw_labels(canvas, placement, drawn)
    _record_items(canvas, drawn, ends)
    more_y = row_top + (layout.rows - 1) * m.row_height + m.row_height / 2
    for group in layout.more_shown:
        x = plot.left() + layout.offset + float(placement.stack.more_x[group])
        _draw_more(canvas, placement.members[placement.stack.more[group]], x, more_y)


@dataclass(frozen=True, slots=True)
class _Placed:
    """The placed items of a lane in view, as drawn in this frame: positions in the
    placement, column indexes, and where (in the painter's coordinates)."""

    position: Ints
    index: Ints
    band: Flags
    y: Floats
    x0: Floats
    x1: Floats
    glyph: Floats
    label_x: Floats
    room: Floats


def _placed(
    canvas: LaneCanvas, layout: LaneLayout, placement: Placement, row_top: float
) -> _Placed:
    """Where this frame draws the items of `layout` in view. A band that began left of the
    view keeps its mark and label at the view's left edge, inside the band."""
    m, plot, g = canvas.scene.metrics, canvas.plot, placement.geometry
    position = layout.shown
    left = plot.left() + layout.offset
    x1 = left + g.mark_x1[position]
    glyph = left + g.glyph_x[position]
    band = g.band[position]
    edge = plot.left() + SPAN_INSET_PX + m.mark_radius
    held = np.where(band, np.maximum(glyph, np.minimum(edge, x1 - m.mark_radius)), glyph)
    shift = held - glyph
    label_x = left + g.label_x[position] + shift
    room = np.minimum(placement.stack.label_room[position] - shift, plot.right() - label_x - 4)
    y = row_top + placement.stack.rows[position] * m.row_height + m.row_height / 2
    return _Placed(
        position, placement.members[position], band, y.astype(np.float64),
        left + g.mark_x0[position], x1, held, label_x, room,
    )  # fmt: skip


def _draw_spans(canvas: LaneCanvas, drawn: _Placed, color: QColor) -> None:
    """Bands over wide dates, and the bars of ranges too short for a band."""
    painter, plot, m = canvas.painter, canvas.plot, canvas.scene.metrics
    is_range = canvas.scene.columns.is_range[drawn.index]
    half = m.row_height / 2 - 2
    clip = plot.adjusted(-4, 0, 4, 0)
    for ranged in (True, False):
        for i in np.flatnonzero(drawn.band & (is_range == ranged)).tolist():
            x0, x1, y = float(drawn.x0[i]), float(drawn.x1[i]), float(drawn.y[i])
            box = QRectF(x0, y - half, x1 - x0, 2 * half).intersected(clip)
            draw_band(painter, box, color, ranged)
    bars = np.flatnonzero(~drawn.band & is_range)
    if len(bars):
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(color)
        for i in bars.tolist():
            x0, x1, y = float(drawn.x0[i]), float(drawn.x1[i]), float(drawn.y[i])
            painter.drawRoundedRect(QRectF(x0, y - m.bar_height / 2, x1 - x0, m.bar_height), 3, 3)


def _draw_glyphs(canvas: LaneCanvas, drawn: _Placed, color: QColor) -> None:
    """A dot for each event, a square for each statement (not on a short range's bar)."""
    scene, painter = canvas.scene, canvas.painter
    radius = scene.metrics.mark_radius
    shown = drawn.band | ~scene.columns.is_range[drawn.index]
    statement = scene.columns.is_statement[drawn.index]
    painter.setPen(QPen(scene.theme.color("background"), 1))
    painter.setBrush(color)
    squares = np.flatnonzero(shown & statement)
    if len(squares):
        side = 2 * radius - 1
        xs, ys = drawn.glyph[squares].tolist(), drawn.y[squares].tolist()
        painter.drawRects(
            [
                QRectF(cx - radius + 0.5, cy - radius + 0.5, side, side)
                for cx, cy in zip(xs, ys, strict=True)
            ]
        )
    dots = np.flatnonzero(shown & ~statement)
    stamp = _dot_stamp(canvas, color) if len(dots) else None
    if stamp is None:  # a file of shapes (SVG, PDF): each dot a circle
        for i in dots.tolist():
            painter.drawEllipse(QPointF(float(drawn.glyph[i]), float(drawn.y[i])), radius, radius)
        return
    half = stamp.width() / stamp.devicePixelRatio() / 2
    xs, ys = (drawn.glyph[dots] - half).tolist(), (drawn.y[dots] - half).tolist()
    for x, y in zip(xs, ys, strict=True):
        painter.drawImage(QPointF(x, y), stamp)


def _dot_stamp(canvas: LaneCanvas, color: QColor) -> QImage | None:
    """An event's dot drawn once per colour into a small image that a frame stamps on every
    event of the lane (three times quicker than a circle each), at the screen's pixel ratio;
    None on a device of shapes rather than pixels."""
    painter, scene = canvas.painter, canvas.scene
    engine = painter.paintEngine()
    if engine is None or engine.type() != QPaintEngine.Type.Raster:
        return None
    ratio = painter.device().devicePixelRatioF()
    background = scene.theme.color("background")
    radius = scene.metrics.mark_radius
    key = (color.rgba(), background.rgba(), radius, ratio)
    stamp = scene.stamps.get(key)
    if stamp is None:
        side = 2 * math.ceil(radius + 1)
        pixels = round(side * ratio)
        stamp = QImage(pixels, pixels, QImage.Format.Format_ARGB32_Premultiplied)
        stamp.setDevicePixelRatio(ratio)
        stamp.fill(0)
        drawing = QPainter(stamp)
        drawing.setRenderHint(QPainter.RenderHint.Antialiasing)
        drawing.setPen(QPen(background, 1))
        drawing.setBrush(color)
        drawing.drawEllipse(QPointF(side / 2, side / 2), radius, radius)
        drawing.end()
        scene.stamps[key] = stamp
    return stamp


def _draw_labels(canvas: LaneCanvas, placement: Placement, drawn: _Placed) -> Floats:
    """Each label, elided only where its room is short; returns where each item's drawing
    ends on the right (its mark, or its label)."""
    painter, metrics = canvas.painter, canvas.metrics
    widths = placement.widths[drawn.position]
    ends = drawn.x1
    painter.setPen(canvas.scene.theme.color("text"))
    top = metrics.ascent() / 2 - 1 - metrics.ascent()
    labelled = np.flatnonzero(drawn.room >= MIN_LABEL_PX)
    keys = canvas.scene.columns.keys[drawn.index[labelled]].tolist()
    texts = canvas.scene.texts.labels(keys) if keys else {}
    laid = canvas.scene.laid_out
    if len(laid) > LAID_OUT_LIMIT:
        laid.clear()
    rooms, xs, ys = drawn.room.tolist(), drawn.label_x.tolist(), (drawn.y + top).tolist()
    written, reach = widths.tolist(), ends.tolist()
    draw, count = painter.drawStaticText, 0
    for i, key in zip(labelled.tolist(), keys, strict=True):
        text, width = texts.get(key, ""), written[i]
        if width > rooms[i]:  # elide only what must be
            text, width = _elided(canvas, text, int(rooms[i]))
        if text:
            # Laid out once per text and drawn from that: the same labels come back frame
            # after frame while the view pans or zooms to and fro.
            static = laid.get(text)
            if static is None:
                static = laid[text] = QStaticText(text)
                static.setTextFormat(Qt.TextFormat.PlainText)
            draw(QPointF(xs[i], ys[i]), static)
            count += 1
            reach[i] = max(reach[i], xs[i] + width)
    canvas.labelled += count
    return np.array(reach, dtype=np.float64)


def _elided(canvas: LaneCanvas, text: str, room: int) -> tuple[str, float]:
    """`text` cut to `room` pixels with an ellipsis, and its width so: once per text and
    room, as a pan at one zoom asks for the same again and again."""
    cache = canvas.scene.elided
    found = cache.get((text, room))
    if found is None:
        if len(cache) > WIDTH_CACHE_LIMIT:
            cache.clear()
        cut = canvas.metrics.elidedText(text, Qt.TextElideMode.ElideRight, room)
        found = cache[(text, room)] = (cut, canvas.metrics.horizontalAdvance(cut))
    return found


def _record_items(canvas: LaneCanvas, drawn: _Placed, ends: Floats) -> None:
    """Every placed item's mark and label for hit tests, and the ring of the selected one:
    built from whole columns (a frame at year zoom records some 650 items)."""
    scene, plot = canvas.scene, canvas.plot
    columns, half = scene.columns, scene.metrics.row_height / 2 - 2
    keys = columns.keys[drawn.index]
    left = np.maximum(drawn.x0, plot.left())
    right = np.minimum(ends, plot.right())
    boxes = np.column_stack([left, drawn.y - half, right, drawn.y + half])
    canvas.rects.extend(map(tuple, boxes.tolist()))
    canvas.targets.extend(
        zip(
            repeat("item"),
            keys.tolist(),
            columns.start[drawn.index].tolist(),
            columns.end[drawn.index].tolist(),
            strict=False,
        )
    )
    if scene.selected is None:
        return
    for i in np.flatnonzero(keys == scene.selected).tolist():
        y = float(drawn.y[i])
        painter = canvas.painter
        painter.setPen(QPen(scene.theme.color("selection"), SELECTED_RING_PX))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        ring = QRectF(
            float(drawn.x0[i]) - 3, y - half - 1, float(ends[i] - drawn.x0[i]) + 6, 2 * half + 2
        )
        painter.drawRoundedRect(ring.intersected(plot.adjusted(-6, 0, 6, 0)), 4, 4)


def draw_band(painter: QPainter, box: QRectF, color: QColor, is_range: bool) -> None:
    """A span as a band: a tint over the span with a line along its foot, solid for a range,
    fainter and dashed for a date known only to its month or year (or a day at hour zoom).
    No edge crosses the label written inside."""
    fill = QColor(color)
    fill.setAlpha(RANGE_ALPHA if is_range else UNCERTAIN_ALPHA)
    painter.fillRect(box, fill)
    pen = QPen(color, BAND_FOOT_PX)
    pen.setCapStyle(Qt.PenCapStyle.FlatCap)
    if not is_range:
        pen.setStyle(Qt.PenStyle.DashLine)
    painter.setPen(pen)
    foot = box.bottom() - BAND_FOOT_PX / 2
    painter.drawLine(QPointF(box.left(), foot), QPointF(box.right(), foot))


def _draw_more(canvas: LaneCanvas, members: Ints, x: float, y: float) -> None:
    """A "+N more" mark for items the lane had no row for; recorded with their keys."""
    scene, painter, metrics = canvas.scene, canvas.painter, canvas.metrics
    m, theme, columns = scene.metrics, scene.theme, scene.columns
    text = f"+{len(members):,} more"
    pill = QRectF(
        max(x, canvas.plot.left()),
        y - m.row_height / 2 + 3,
        metrics.horizontalAdvance(text) + MORE_PADDING_PX,
        m.row_height - 6,
    )
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(theme.color("cluster"))
    painter.drawRoundedRect(pill, pill.height() / 2, pill.height() / 2)
    painter.setPen(theme.color("background"))
    painter.drawText(pill, Qt.AlignmentFlag.AlignCenter, text)
    keys = tuple(int(k) for k in columns.keys[members])
    t0 = float(columns.start[members].min())
    t1 = float(columns.end[members].max())
    at = canvas.record(pill, ("more", keys[0], t0, t1))
    canvas.more[at] = keys


def _draw_density(canvas: LaneCanvas, band: LaneBand, density: Ints, color: QColor) -> None:
    """Counts per column as bars, drawn as one image a lane: one drawImage instead of a
    rectangle per column (a frame at whole-span zoom over a million items drew some 10,000)."""
    m, painter, plot = canvas.scene.metrics, canvas.painter, canvas.plot
    usable = band.height - 2 * m.lane_padding
    rows = int(usable)
    if rows < 1 or not len(density) or not density.any():
        return
    peak = max(1, int(density.max()))
    heights = np.where(density > 0, np.maximum(1.0, usable * density / peak), 0.0)
    bucket = int(DENSITY_BUCKET_PX)
    # Each column is `bucket` pixels wide with its last pixel left clear, as the bars were.
    from_top = np.arange(rows, dtype=np.float64)[:, None]
    filled = from_top >= (rows - np.round(heights))[None, :]
    columns = np.repeat(filled, bucket, axis=1)
    columns[:, bucket - 1 :: bucket] = False
    pixels = np.zeros((rows, columns.shape[1]), dtype=np.uint32)
    pixels[columns] = color.rgba()
    image = QImage(pixels.data, pixels.shape[1], rows, pixels.strides[0],
                   QImage.Format.Format_ARGB32)  # fmt: skip
    top = band.top + band.height - m.lane_padding - rows
    painter.drawImage(QPointF(plot.left(), top), image)
