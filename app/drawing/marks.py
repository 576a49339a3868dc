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
    QPen,
)

from app.core.timeline.scale import TimeScale
from app.core.timeline.stack import Stack, is_crowded, rows_at_least, stack_lane
from app.drawing.density import Strip, draw_density, strip_for
from app.drawing.glyphs import (
    LaneCanvas,
    Placed,
    draw_glyphs,
    draw_labels,
    draw_spans,
    laid_out,
)
from app.drawing.pictures import (
    MIN_ITEMS,
    Picture,
    draw_from,
    make_picture,
    make_room,
    picture_key,
    picture_pixels,
)
from app.drawing.scene import WIDTH_CACHE_LIMIT, LaneBand, Scene

Ints = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]
Flags = npt.NDArray[np.bool_]

LABEL_MAX_PX = 300
"""The most room a label reserves on its row; a longer one is written further only where
nothing follows it on the row."""
SHORT_LABEL_PX = 90
"""What a label is cut to (elided) when full labels would leave items without a row."""
BAND_MIN_PX = 48.0
"""A date spanning at least this much is drawn as a band over its span; a narrower one as a
dot or square at its middle (a day at month zoom is off by less than the mark is wide)."""
SPAN_INSET_PX = 3
SELECTED_RING_PX = 2.5
MORE_PADDING_PX = 14
EARLIER_KEPT = 4
"""Placements of earlier zooms kept per lane (`Scene.earlier`): zooming back by the steps a
wheel took in, each frame finds its rows placed already."""
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
    density: Strip | None = None
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
        scene.pictures.pop(lane, None)
        return LaneLayout(2, density=strip_for(scene, lane, STRETCH_MARGIN))
    placement = scene.placements.get(lane)
    if placement is None or not placement.serves(scale, max_rows, scene.selected):
        placement = _recalled(scene, lane, max_rows) or _place(scene, lane, metrics, max_rows)
        scene.placements[lane] = placement
    return _in_view(placement, scene, scale, metrics)


def _recalled(scene: Scene, lane: int, max_rows: int) -> Placement | None:
    """A placement of an earlier zoom that serves this one, if one is kept, with its picture
    if it had one; the current one goes to the earlier ones with its picture (`EARLIER_KEPT`
    of them, latest first)."""
    earlier = scene.earlier.setdefault(lane, [])
    current = scene.placements.get(lane)
    found = next((e for e in earlier if e[0].serves(scene.scale, max_rows, scene.selected)), None)
    if current is not None:
        earlier.insert(0, (current, scene.pictures.pop(lane, None)))
    earlier[:] = [e for e in earlier if e is not found][:EARLIER_KEPT]
    if found is None:
        return None
    placement, picture = found
    if picture is not None:
        scene.pictures[lane] = picture
    scene.placement_seen[lane] = placement  # drawn before: its next drawing makes its picture
    return placement


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


def draw_lane(canvas: LaneCanvas, band: LaneBand, layout: LaneLayout, color: QColor) -> None:
    """A lane's items in three passes (bands and bars, then dots and squares, then labels),
    so the painter's pen and brush change a few times a lane, not a few times an item."""
    if layout.density is not None:
        draw_density(canvas, band, layout.density, color)
        return
    placement = layout.placement
    if placement is None:
        return
    m, plot = canvas.scene.metrics, canvas.plot
    # Whole pixels: a pan moves every mark and label by whole pixels, as copying the lane's
    # picture does, so a label's letters do not shimmer from frame to frame.
    left, row_top = round(plot.left() + layout.offset), round(band.top + m.lane_padding)
    drawn = _placed(canvas, layout, placement, (left, row_top))
    widths = placement.widths[drawn.position]
    picture = None
    if np.count_nonzero(~drawn.band) >= MIN_ITEMS:
        picture = _picture(canvas, band.lane, placement, color)
    if picture is None:
        draw_spans(canvas, drawn, color)
        draw_glyphs(canvas, drawn, color)
        ends = draw_labels(canvas, drawn, widths)
    else:
        ends = draw_from(canvas, picture, drawn, widths, (left, row_top), color)
    _record_items(canvas, drawn, ends)
    more_y = row_top + (layout.rows - 1) * m.row_height + m.row_height / 2
    for group in layout.more_shown:
        x = left + float(placement.stack.more_x[group])
        _draw_more(canvas, placement.members[placement.stack.more[group]], x, more_y)


def _picture(canvas: LaneCanvas, lane: int, placement: Placement, color: QColor) -> Picture | None:
    """The lane's picture of this placement (`app.drawing.pictures`): made by the second
    frame that draws the placement, the first frame of a pan, as a zoom places anew on every
    frame; None while the lane is drawn live."""
    scene = canvas.scene
    key = picture_key(canvas, color)
    if key is None:
        return None
    kept = scene.pictures.get(lane)
    if kept is not None and kept[0] is placement and (kept[1] is None or kept[1].key == key):
        return kept[1]  # None: no room for it, drawn live
    if scene.placement_seen.get(lane) is not placement:
        scene.placement_seen[lane] = placement
        return None
    m, g, stack = scene.metrics, placement.geometry, placement.stack
    width = (placement.until - placement.origin) / placement.seconds_per_pixel
    rows = int(stack.rows.max(initial=0)) + 1
    pixels = picture_pixels(width, rows, m.row_height, key[4])
    if not make_room(scene.pictures, scene.placements, lane, pixels, scene.earlier):
        scene.pictures[lane] = (placement, None)
        return None
    position = stack.placed
    whole = Placed(
        position, placement.members[position], g.band[position],
        stack.rows[position] * m.row_height + m.row_height / 2, g.mark_x0[position],
        g.mark_x1[position], g.glyph_x[position], g.label_x[position], stack.label_room[position],
    )  # fmt: skip
    placed = (stack.rows, g.mark_x0)
    picture = make_picture(canvas, whole, placement.widths[position], placed, width, color, key)
    scene.pictures[lane] = (placement, picture)
    return picture


def _placed(
    canvas: LaneCanvas, layout: LaneLayout, placement: Placement, origin: tuple[int, int]
) -> Placed:
    """Where this frame draws the items of `layout` in view. A band that began left of the
    view keeps its mark and label at the view's left edge, inside the band."""
    m, plot, g = canvas.scene.metrics, canvas.plot, placement.geometry
    position = layout.shown
    left, row_top = origin
    x1 = left + g.mark_x1[position]
    glyph = left + g.glyph_x[position]
    band = g.band[position]
    edge = plot.left() + SPAN_INSET_PX + m.mark_radius
    held = np.where(band, np.maximum(glyph, np.minimum(edge, x1 - m.mark_radius)), glyph)
    shift = held - glyph
    label_x = left + g.label_x[position] + shift
    room = np.minimum(placement.stack.label_room[position] - shift, plot.right() - label_x - 4)
    y = row_top + placement.stack.rows[position] * m.row_height + m.row_height / 2
    return Placed(
        position, placement.members[position], band, y.astype(np.float64),
        left + g.mark_x0[position], x1, held, label_x, room,
    )  # fmt: skip


def _record_items(canvas: LaneCanvas, drawn: Placed, ends: Floats) -> None:
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


def _draw_more(canvas: LaneCanvas, members: Ints, x: float, y: float) -> None:
    """A "+N more" mark for items the lane had no row for; recorded with their keys."""
    scene, painter, metrics = canvas.scene, canvas.painter, canvas.metrics
    m, theme, columns = scene.metrics, scene.theme, scene.columns
    text = f"+{len(members):,} more"
    width = scene.label_widths.get(text)
    if width is None:  # measured and laid out once per count: a pan draws the same again
        width = scene.label_widths[text] = metrics.horizontalAdvance(text)
    pill = QRectF(
        max(x, canvas.plot.left()), y - m.row_height / 2 + 3, width + MORE_PADDING_PX,
        m.row_height - 6,
    )  # fmt: skip
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(theme.color("cluster"))
    painter.drawRoundedRect(pill, pill.height() / 2, pill.height() / 2)
    painter.setPen(theme.color("background"))
    # Centred as `drawText(pill, AlignCenter, …)` centres it: its line's height in the pill.
    corner = QPointF(
        pill.left() + (pill.width() - width) / 2,
        pill.top() + (pill.height() - metrics.height()) / 2,
    )
    painter.drawStaticText(corner, laid_out(scene.laid_out, text, text))
    keys = tuple(columns.keys[members].tolist())
    t0 = float(columns.start[members].min())
    t1 = float(columns.end[members].max())
    at = canvas.record(pill, ("more", keys[0], t0, t1))
    canvas.more[at] = keys
