"""A lane's placed items drawn once into a picture, which the frames that follow move with
the view instead of drawing every mark and label again: while the view pans, a lane's rows
stay as they were placed (`app.drawing.marks.Placement`), so only their place on the screen
changes. A frame at year zoom over a million items writes some 650 labels; from its picture,
it copies a strip of pixels per row.

What depends on the view itself is drawn live over the picture: a band that began left of
the view (its mark and label held at the view's left edge), a band that reaches past the
right edge, and a label the right edge would cut, which is elided to the view as a live frame
elides it. A row's strip stops where such a band or label starts, and starts after a band held
at the left edge and after the label of an item left of the view, which a live frame does not
draw either.

Only on devices of pixels (the screen, a PNG); a file of shapes (SVG, PDF) is drawn live.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np
import numpy.typing as npt
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QImage, QPainter

from app.drawing.glyphs import (
    LaneCanvas,
    Placed,
    draw_glyphs,
    draw_labels,
    draw_spans,
    on_pixels,
)

Ints = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]
Flags = npt.NDArray[np.bool_]

PIXEL_BUDGET = 8_000_000
"""The pixels all lanes' pictures hold together (4 bytes each: 32 MB); a lane whose picture
would not fit beside the others is drawn live."""
MIN_ITEMS = 40
"""A lane with fewer items than this in view is drawn live: copying its picture's rows would
cost about what drawing them does."""
RIGHT_MARGIN_PX = 4
"""A live label stops this far from the view's right edge (`app.drawing.marks`)."""

Key = tuple[int, int, int, str, float, float]


@dataclass(frozen=True, slots=True)
class Picture:
    """A lane's placed items drawn at x = 0 for the placement's origin and y = 0 for its first
    row."""

    image: QImage
    key: Key
    rows: int
    reach: Floats
    """Per position in the placement, where its drawing ends on the right (its mark, or its
    label as drawn in the picture); -inf for an item not in it."""
    labelled: Flags
    """Per position in the placement, whether its label is in the picture."""
    row_of: Ints
    """Per position in the placement, its row."""
    x0: Floats
    """Per position in the placement, where its drawing starts on the left."""
    glyph_x: Floats
    """Per position in the placement, where its dot or square is drawn (NaN if not)."""
    row_starts: Floats
    row_ends: Floats
    """Per row, where its first drawing starts and its last ends: what a strip copies."""

    @property
    def pixels(self) -> int:
        return self.image.width() * self.image.height()


def picture_key(canvas: LaneCanvas, color: QColor) -> Key | None:
    """What a picture drawn for this lane colour on this painter depends on besides its
    placement; None on a device of shapes, where lanes are drawn live."""
    painter = canvas.painter
    if not on_pixels(painter):
        return None
    theme = canvas.scene.theme
    return (
        color.rgba(),
        theme.color("text").rgba(),
        theme.color("background").rgba(),
        painter.font().key(),
        painter.device().devicePixelRatioF(),
        canvas.scene.metrics.row_height,
    )


def make_picture(
    canvas: LaneCanvas,
    whole: Placed,
    widths: Floats,
    placed: tuple[Ints, Floats],
    width: float,
    color: QColor,
    key: Key,
) -> Picture | None:
    """Draw `whole` (every placed item, at picture coordinates, with the room its
    row gives its label) into a picture `width` wide and as high as its rows; `placed` is
    each position's row and left edge in the placement. None for a picture of no size."""
    row_of, x0 = placed
    positions = len(row_of)
    rows = int(row_of.max(initial=0)) + 1
    ratio = key[4]
    row_height = canvas.scene.metrics.row_height
    pixels_w, pixels_h = math.ceil(width * ratio), math.ceil(rows * row_height * ratio)
    if pixels_w <= 0 or pixels_h <= 0:
        return None
    image = QImage(pixels_w, pixels_h, QImage.Format.Format_ARGB32_Premultiplied)
    image.setDevicePixelRatio(ratio)
    image.fill(0)
    painter = QPainter(image)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setFont(canvas.painter.font())
        area = QRectF(0, 0, width, rows * row_height)
        drawing = LaneCanvas(painter, area, canvas.scene, canvas.metrics, [], [], {})
        draw_spans(drawing, whole, color)
        draw_glyphs(drawing, whole, color)
        written = np.zeros(len(whole.position), dtype=np.bool_)
        ends = draw_labels(drawing, whole, widths, written)
    finally:
        painter.end()
    reach = np.full(positions, -np.inf)
    reach[whole.position] = ends
    labelled = np.zeros(positions, dtype=np.bool_)
    labelled[whole.position] = written
    glyph = np.full(positions, np.nan)
    glyph[whole.position] = whole.glyph
    row_starts, row_ends = np.full(rows, np.inf), np.full(rows, -np.inf)
    drawn_rows = row_of[whole.position]
    np.minimum.at(row_starts, drawn_rows, whole.x0)
    np.maximum.at(row_ends, drawn_rows, ends)
    return Picture(image, key, rows, reach, labelled, row_of, x0, glyph, row_starts, row_ends)


Kept = tuple[object, Picture | None]
"""A placement and its picture; None for one there was no room for (drawn live)."""
Earlier = dict[int, list[tuple[object, Kept | None]]]
"""Per lane, earlier placements, latest first, each with what was kept for it."""


def make_room(
    pictures: dict[int, Kept],
    current: dict[int, object],
    lane: int,
    pixels: int,
    earlier: Earlier | None = None,
) -> bool:
    """Whether a picture of `pixels` fits beside the others kept, once those of placements
    no longer current (`current`, per lane) are dropped, and as many of those kept with
    earlier placements (`earlier`) as it takes, the oldest first. A lane that does not fit
    is drawn live rather than dropping another lane's current picture, which would be made
    again next frame."""
    for other, (owner, _) in list(pictures.items()):
        if other == lane or current.get(other) is not owner:
            del pictures[other]
    used = sum(p.pixels for _, p in pictures.values() if p is not None)
    stashed: list[tuple[int, list[tuple[object, Kept | None]], Picture]] = []
    for entries in (earlier or {}).values():
        for age, (_, kept) in enumerate(entries):
            if kept is not None and kept[1] is not None:
                stashed.append((age, entries, kept[1]))
                used += kept[1].pixels
    for age, entries, picture in sorted(stashed, key=lambda s: -s[0]):
        if used + pixels <= PIXEL_BUDGET:
            break
        entries[age] = (entries[age][0], None)
        used -= picture.pixels
    return used + pixels <= PIXEL_BUDGET


def picture_pixels(width: float, rows: int, row_height: float, ratio: float) -> int:
    """The pixels of a picture `width` wide and `rows` high at this pixel ratio."""
    return math.ceil(width * ratio) * math.ceil(rows * row_height * ratio)


def draw_from(
    canvas: LaneCanvas,
    picture: Picture,
    drawn: Placed,
    widths: Floats,
    origin: tuple[int, int],
    color: QColor,
) -> Floats:
    """This frame's items of a lane (`drawn`): the picture, its x = 0 at `origin[0]` and
    first row at `origin[1]`, with what the view's edges change drawn live over it: a band
    the left edge holds (its mark and label moved into the view), a band or a label that
    reaches past the right edge. Returns where each item's drawing ends on the right."""
    left, position = origin[0], drawn.position
    reach = left + picture.reach[position]
    beyond = reach > canvas.plot.right() - RIGHT_MARGIN_PX
    moved = drawn.band & (np.abs(drawn.glyph - (left + picture.glyph_x[position])) > 1e-6)
    live_bands = drawn.band & (moved | beyond)
    cut = ~drawn.band & picture.labelled[position] & beyond
    live = live_bands | cut
    bands = _subset(drawn, live_bands)
    draw_spans(canvas, bands, color)  # under the picture, as a live frame draws them first
    _copy(canvas, picture, drawn, (cut, live_bands, moved, widths), origin)
    draw_glyphs(canvas, bands, color)
    ends = np.where(live, drawn.x1, reach)
    ends[live] = draw_labels(canvas, _subset(drawn, live), widths[live])
    canvas.labelled += int(np.count_nonzero(picture.labelled[position] & ~live))
    return ends


def _copy(
    canvas: LaneCanvas,
    picture: Picture,
    drawn: Placed,
    live: tuple[Flags, Flags, Flags, Floats],
    origin: tuple[int, int],
) -> None:
    """The picture's part in view, a strip per row: from the view's left edge (or from the
    end of what is drawn live there: an item left of the view, which this frame does not
    draw, or a band the edge holds) to its right edge (or to a label or band that edge cuts,
    drawn live)."""
    cut, live_bands, moved, widths = live
    left, top = origin
    plot, painter = canvas.plot, canvas.painter
    ratio, height = picture.image.devicePixelRatio(), canvas.scene.metrics.row_height
    # Whole pixels of the picture, to whole pixels of the frame (`left` is whole too): a
    # row's first and last pixels partly drawn are copied, a pixel partly drawn live is not.
    starts = np.maximum(math.ceil(plot.left()), np.floor(left + picture.row_starts))
    stops = np.minimum(math.floor(plot.right()), np.ceil(left + picture.row_ends))
    rows = picture.row_of[drawn.position]
    np.minimum.at(stops, rows[cut], np.floor(drawn.label_x[cut]))
    ahead = live_bands & ~moved
    np.minimum.at(stops, rows[ahead], np.floor(drawn.x0[ahead]))
    # A band held at the left edge: after all of it, as the picture has it and as drawn
    # live (its label moved right, within the room its row gives it).
    held = np.maximum.reduce(
        [
            left + picture.reach[drawn.position[moved]],
            drawn.x1[moved],
            drawn.label_x[moved] + np.minimum(widths[moved], drawn.room[moved]),
        ]
    )
    np.maximum.at(starts, rows[moved], np.ceil(held))
    shown = np.zeros(len(picture.reach), dtype=np.bool_)
    shown[drawn.position] = True
    before = np.flatnonzero(
        ~shown & (left + picture.x0 < plot.left()) & (left + picture.reach > plot.left())
    )
    np.maximum.at(starts, picture.row_of[before], np.ceil(left + picture.reach[before]))
    # Rows one after another that copy the same stretch go in one piece: at year zoom most
    # rows run from edge to edge, and a copy costs about the same for one row as for ten.
    strips = list(zip(starts.tolist(), stops.tolist(), strict=True))
    row = 0
    while row < len(strips):
        start, stop = strips[row]
        last = row
        while last + 1 < len(strips) and strips[last + 1] == (start, stop):
            last += 1
        if stop > start:
            count = last - row + 1
            source = QRectF((start - left) * ratio, row * height * ratio,
                            (stop - start) * ratio, count * height * ratio)  # fmt: skip
            target = QRectF(start, top + row * height, stop - start, count * height)
            painter.drawImage(target, picture.image, source)
        row = last + 1


def _subset(drawn: Placed, mask: Flags) -> Placed:
    return replace(
        drawn,
        position=drawn.position[mask],
        index=drawn.index[mask],
        band=drawn.band[mask],
        y=drawn.y[mask],
        x0=drawn.x0[mask],
        x1=drawn.x1[mask],
        glyph=drawn.glyph[mask],
        label_x=drawn.label_x[mask],
        room=drawn.room[mask],
    )
