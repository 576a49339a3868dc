"""Drawing a lane's placed items onto a painter: bands and bars, dots and squares, labels
(elided only where their room is short). The timeline's frames and the pictures of a lane
kept while the view pans (`app.drawing.pictures`) both draw with these."""

from __future__ import annotations

import math
from dataclasses import dataclass
from itertools import islice
from typing import Any

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

from app.drawing.scene import Scene, Target

Ints = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]
Flags = npt.NDArray[np.bool_]

MIN_LABEL_PX = 24
"""Less room than this and a mark goes without its label."""
RANGE_ALPHA = 70
UNCERTAIN_ALPHA = 30
BAND_FOOT_PX = 2.0
ELIDE_STEP_PX = 4
"""A cut label's room, rounded down to this: a steady zoom widens every room a little at each
step, and the same cut serves a few steps instead of being made anew (less than half a
letter of room given up)."""
ELLIPSIS = "…"
ADVANCES_LIMIT = 5_000
"""Characters whose advance is kept (`cut_to`): every script a database holds, and more."""
ELIDED_LIMIT = 5_000
"""Labels cut to a room kept: a pan asks for the same cuts frame after frame, while a steady
zoom asks for new ones at every step (50,000 cuts of labels like the benchmark's took 15 MB)."""
LAID_OUT_LIMIT = 1_500
"""Labels kept laid out: two crowded frames' worth (a frame at year zoom over a million items
draws some 660). Each holds its glyphs: 5,000 took 18 MB."""


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


@dataclass(frozen=True, slots=True)
class Placed:
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


def draw_spans(canvas: LaneCanvas, drawn: Placed, color: QColor) -> None:
    """Bands over wide dates, and the bars of ranges too short for a band."""
    painter, plot, m = canvas.painter, canvas.plot, canvas.scene.metrics
    is_range = canvas.scene.columns.is_range[drawn.index]
    half = m.row_height / 2 - 2
    clip = plot.adjusted(-4, 0, 4, 0)
    for ranged in (True, False):
        chosen = np.flatnonzero(drawn.band & (is_range == ranged))
        boxes = [
            QRectF(x0, y - half, x1 - x0, 2 * half).intersected(clip)
            for x0, x1, y in zip(
                drawn.x0[chosen].tolist(), drawn.x1[chosen].tolist(), drawn.y[chosen].tolist(),
                strict=True,
            )
        ]  # fmt: skip
        if boxes:
            draw_bands(painter, boxes, color, ranged)
    bars = np.flatnonzero(~drawn.band & is_range)
    if len(bars):
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(color)
        for i in bars.tolist():
            x0, x1, y = float(drawn.x0[i]), float(drawn.x1[i]), float(drawn.y[i])
            painter.drawRoundedRect(QRectF(x0, y - m.bar_height / 2, x1 - x0, m.bar_height), 3, 3)


def draw_glyphs(canvas: LaneCanvas, drawn: Placed, color: QColor) -> None:
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


def on_pixels(painter: QPainter) -> bool:
    """Whether the painter draws onto pixels (the screen, a PNG) rather than a file of shapes
    (SVG, PDF): what is drawn once and copied (a stamp, a picture, an image of bars) is
    copied only onto pixels; a file of shapes is drawn live."""
    engine = painter.paintEngine()
    return engine is not None and engine.type() == QPaintEngine.Type.Raster


def _dot_stamp(canvas: LaneCanvas, color: QColor) -> QImage | None:
    """An event's dot drawn once per colour into a small image that a frame stamps on every
    event of the lane (three times quicker than a circle each), at the screen's pixel ratio;
    None on a device of shapes rather than pixels."""
    painter, scene = canvas.painter, canvas.scene
    if not on_pixels(painter):
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


def draw_labels(
    canvas: LaneCanvas, drawn: Placed, widths: Floats, marked: Flags | None = None
) -> Floats:
    """Each label (`widths` as written in full), elided only where its room is short;
    returns where each item's drawing ends on the right (its mark, or its label), and marks
    in `marked`, if given, the items whose label was written."""
    painter, metrics = canvas.painter, canvas.metrics
    ends = drawn.x1
    painter.setPen(canvas.scene.theme.color("text"))
    top = metrics.ascent() / 2 - 1 - metrics.ascent()
    labelled = np.flatnonzero(drawn.room >= MIN_LABEL_PX)
    keys = canvas.scene.columns.keys[drawn.index[labelled]].tolist()
    texts = canvas.scene.texts.labels(keys) if keys else {}
    laid = canvas.scene.laid_out
    if len(laid) > LAID_OUT_LIMIT:
        forget_oldest(laid)
    font = painter.font().key()  # once a lane: Qt builds the key anew at every call
    advances = canvas.scene.advances.setdefault(font, {})
    measured = canvas.scene.cut_widths.setdefault(font, {})
    if len(measured) > ELIDED_LIMIT:
        forget_oldest(measured)
    rooms, xs, ys = drawn.room.tolist(), drawn.label_x.tolist(), (drawn.y + top).tolist()
    written, reach = widths.tolist(), ends.tolist()
    draw, count = painter.drawStaticText, 0
    for i, key in zip(labelled.tolist(), keys, strict=True):
        text, width = texts.get(key, ""), written[i]
        if width > rooms[i]:  # elide only what must be, to whole steps of a few pixels
            room = int(rooms[i]) // ELIDE_STEP_PX * ELIDE_STEP_PX
            text, width = _elided(canvas, text, room, advances, measured)
        if text:
            # Laid out once per text and drawn from that: the same labels come back frame
            # after frame while the view pans or zooms to and fro.
            draw(QPointF(xs[i], ys[i]), laid_out(laid, text, text))
            count += 1
            if marked is not None:
                marked[i] = True
            reach[i] = max(reach[i], xs[i] + width)
    canvas.labelled += count
    return np.array(reach, dtype=np.float64)


def laid_out(kept: dict[Any, QStaticText], key: Any, text: str) -> QStaticText:
    """`text` laid out as drawn, once: kept in `kept` by `key` and put back last at each use,
    so the least used go first (`forget_oldest`)."""
    static = kept.pop(key, None)
    if static is None:
        static = QStaticText(text)
        static.setTextFormat(Qt.TextFormat.PlainText)
    kept[key] = static
    return static


def forget_oldest(cache: dict[Any, Any]) -> None:
    """Drop the quarter of a cache's entries made (or, for laid-out labels, drawn) longest
    ago. Emptying all of them at once made the next frame lay out every label again: while
    the view zooms steadily, one frame in eight took twice as long."""
    for key in list(islice(cache, len(cache) // 4)):
        del cache[key]


def _elided(
    canvas: LaneCanvas,
    text: str,
    room: int,
    advances: dict[str, float],
    measured: dict[str, float],
) -> tuple[str, float]:
    """`text` cut to `room` pixels with an ellipsis, and its width so: once per text and
    room, as a pan at one zoom asks for the same again and again."""
    cache = canvas.scene.elided
    found = cache.get((text, room))
    if found is None:
        if len(cache) > ELIDED_LIMIT:
            forget_oldest(cache)
        found = cache[(text, room)] = cut_to(canvas.metrics, advances, text, room, measured)
    return found


def cut_to(
    metrics: QFontMetricsF,
    advances: dict[str, float],
    text: str,
    room: float,
    measured: dict[str, float] | None = None,
) -> tuple[str, float]:
    """`text` cut after its last character that leaves room for an ellipsis within `room`
    pixels, with "…", and its width; ("", 0) when not even the ellipsis fits.

    Where the cut falls is found from each character's advance (kept in `advances`, a few
    hundred characters for any text), then the cut text is measured as drawn, and cut shorter
    while kerning makes it wider than the room: one measure instead of Qt's own eliding, which
    shapes the text again at every room (with the measure, 20–28 µs a label where this takes
    6–11 µs, at every step of a zoom). `measured` keeps the widths of cuts measured already:
    while the view zooms, the room grows a few pixels a frame and the cut stays the same for
    a few frames."""
    ellipsis = advances.get(ELLIPSIS)
    if ellipsis is None:
        ellipsis = advances[ELLIPSIS] = metrics.horizontalAdvance(ELLIPSIS)
    budget, used, end = room - ellipsis, 0.0, 0
    if budget < 0:
        return "", 0.0
    for character in text:
        advance = advances.get(character)
        if advance is None:
            if len(advances) > ADVANCES_LIMIT:
                advances.clear()
            advance = advances[character] = metrics.horizontalAdvance(character)
        if used + advance > budget:
            break
        used, end = used + advance, end + 1
    while end > 0:
        cut = text[:end].rstrip() + ELLIPSIS
        width = measured.get(cut) if measured is not None else None
        if width is None:
            width = metrics.horizontalAdvance(cut)
            if measured is not None:
                measured[cut] = width
        if width <= room:
            return cut, width
        end -= 1
    return ELLIPSIS, ellipsis


def draw_band(painter: QPainter, box: QRectF, color: QColor, is_range: bool) -> None:
    """A span as a band: a tint over the span with a line along its foot, solid for a range,
    fainter and dashed for a date known only to its month or year (or a day at hour zoom).
    No edge crosses the label written inside."""
    draw_bands(painter, [box], color, is_range)


def draw_bands(painter: QPainter, boxes: list[QRectF], color: QColor, is_range: bool) -> None:
    """Bands of one colour and kind (`draw_band`), each filled and then given its foot, with
    the painter's pen and brush set once for all of them: at day zoom a lane of dozens of days
    spent more time setting them than drawing."""
    fill = QColor(color)
    fill.setAlpha(RANGE_ALPHA if is_range else UNCERTAIN_ALPHA)
    pen = QPen(color, BAND_FOOT_PX)
    pen.setCapStyle(Qt.PenCapStyle.FlatCap)
    if not is_range:
        pen.setStyle(Qt.PenStyle.DashLine)
    painter.save()
    painter.setPen(pen)
    # Without antialiasing: a band's edges and its foot lie along whole pixels or nearly, and
    # a dashed line the width of the view cost twice as much blended (a frame at day zoom
    # draws dozens of bands).
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
    fill_rect, draw_line, foot_up = painter.fillRect, painter.drawLine, BAND_FOOT_PX / 2
    for box in boxes:
        fill_rect(box, fill)
        foot = box.bottom() - foot_up
        draw_line(QPointF(box.left(), foot), QPointF(box.right(), foot))
    painter.restore()
