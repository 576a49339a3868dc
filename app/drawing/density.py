"""A lane too crowded to label, drawn as density: a bar for each column `DENSITY_BUCKET_PX`
wide, as high as the share of the lane's items starting in it, the busiest column in view
reaching the lane's full height.

The columns lie on a grid fixed to time, not to the view's left edge, and are counted over the
view and a margin on each side (a `Strip`): a pan finds its columns counted already, moved by
whole columns, and copies the image of their bars, drawn once, for as long as the busiest
column in view stays the same. A view gives the same bars however it was reached, so a file
exported at it shows what the window does.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor, QImage

from app.core.timeline.clusters import DENSITY_BUCKET_PX, grid_column, grid_density
from app.core.timeline.scale import TimeScale
from app.drawing.glyphs import LaneCanvas, on_pixels
from app.drawing.scene import LaneBand, Scene

Ints = npt.NDArray[np.int64]

STRIPS_KEPT = 4
"""Strips kept per lane, the latest first: a wheel turned back finds its columns counted."""
IMAGES_KEPT = 2
"""Of those, how many keep the image of their bars (a few hundred KB a lane): a zoom in and
back out copies both."""


@dataclass(slots=True)
class Strip:
    """A lane's counts at one zoom, column `first` onwards, over the view it was counted for
    and a margin on each side; with the image of their bars last drawn."""

    seconds_per_pixel: float
    first: int
    counts: Ints
    image: QImage | None = None
    made_for: tuple[int, int, int] | None = None
    """The busiest count, the rows and the colour (rgba) the image was drawn for."""
    pixels: npt.NDArray[np.uint32] | None = None
    """The image's memory (a QImage made over numpy's buffer does not copy it)."""

    @property
    def column_seconds(self) -> float:
        return DENSITY_BUCKET_PX * self.seconds_per_pixel

    def serves(self, scale: TimeScale) -> bool:
        seconds = self.column_seconds
        return (
            math.isclose(self.seconds_per_pixel, scale.seconds_per_pixel, rel_tol=1e-9)
            and self.first <= grid_column(scale.start, seconds)
            and grid_column(scale.end, seconds) < self.first + len(self.counts)
        )

    def in_view(self, scale: TimeScale) -> tuple[int, int]:
        """The positions in `counts` of the columns the view shows some of: [lo, hi)."""
        seconds = self.column_seconds
        lo = max(0, grid_column(scale.start, seconds) - self.first)
        hi = min(len(self.counts), grid_column(scale.end, seconds) - self.first + 1)
        return lo, hi

    def forget_image(self) -> None:
        self.image = self.made_for = self.pixels = None

    def image_for(self, peak: int, rows: int, usable: float, color: QColor) -> QImage:
        """The bars of every column, `peak` reaching `usable` pixels (a column outside the
        view may pass it: cut to `rows`), drawn once per peak, height and colour."""
        wanted = (peak, rows, color.rgba())
        if self.image is not None and self.made_for == wanted:
            return self.image
        counts, bucket = self.counts, int(DENSITY_BUCKET_PX)
        heights = np.where(counts > 0, np.maximum(1.0, usable * counts / peak), 0.0)
        tops = (rows - np.minimum(np.round(heights), rows)).astype(np.int32)
        # Per pixel column, the row its bar starts at: each column is `bucket` pixels wide
        # with its last pixel left clear (`rows`: nothing). Then the colour where filled, in
        # one pass (a mask times the colour: a third of the time of choosing per pixel).
        top_px = np.repeat(tops, bucket)
        top_px[bucket - 1 :: bucket] = rows
        filled = np.arange(rows, dtype=np.int32)[:, None] >= top_px[None, :]
        pixels = filled.view(np.uint8) * np.uint32(color.rgba())
        # An opaque colour is the same premultiplied: the format the screen's painter draws
        # without converting each pixel (twice as fast to copy).
        opaque = color.alpha() == 255
        form = QImage.Format.Format_ARGB32_Premultiplied if opaque else QImage.Format.Format_ARGB32
        self.image = QImage(pixels.data, pixels.shape[1], rows, pixels.strides[0], form)
        self.pixels, self.made_for = pixels, wanted
        return self.image


def strip_for(scene: Scene, lane: int, margin: float) -> Strip:
    """The lane's strip that serves the view, counted now if none kept does: over the view
    and `margin` of its width on each side."""
    strips: list[Strip] = scene.strips.setdefault(lane, [])
    found = next((s for s in strips if s.serves(scene.scale)), None)
    if found is None:
        found = _count(scene, lane, margin)
    strips[:] = [found, *(s for s in strips if s is not found)][:STRIPS_KEPT]
    for older in strips[IMAGES_KEPT:]:
        older.forget_image()
    return found


def keep_strips(scene: Scene, laid: set[int], drawn: set[int]) -> None:
    """Forget the strips of lanes a frame did not lay out, and the images of those it did not
    draw (above the view, whose height places the lanes in sight): a window of hundreds of
    lanes scrolled through would otherwise keep counts and an image for each."""
    for lane in [lane for lane in scene.strips if lane not in laid]:
        del scene.strips[lane]
    for lane, strips in scene.strips.items():
        if lane not in drawn:
            for strip in strips:
                strip.forget_image()


def _count(scene: Scene, lane: int, margin: float) -> Strip:
    assert scene.lane_index is not None
    view = scene.scale
    seconds = DENSITY_BUCKET_PX * view.seconds_per_pixel
    extra = view.span * margin
    first = grid_column(view.start - extra, seconds)
    last = grid_column(view.end + extra, seconds)
    starts = scene.lane_index.starting_in(lane, first * seconds, (last + 1) * seconds)
    return Strip(
        view.seconds_per_pixel, first, grid_density(starts, first, last - first + 1, seconds)
    )


def draw_density(canvas: LaneCanvas, band: LaneBand, strip: Strip, color: QColor) -> None:
    """The strip's columns in view, copied from the image of its bars."""
    m, painter, plot, scale = canvas.scene.metrics, canvas.painter, canvas.plot, canvas.scene.scale
    usable = band.height - 2 * m.lane_padding
    rows = int(usable)
    lo, hi = strip.in_view(scale)
    if rows < 1 or hi <= lo:
        return
    peak = int(strip.counts[lo:hi].max())
    if peak == 0:
        return
    image = strip.image_for(peak, rows, usable, color)
    # Whole pixels: the same grid column lands on the same pixel however the view came there.
    left = math.floor(plot.left() + scale.x(strip.first * strip.column_seconds) + 0.5)
    x0 = max(0, math.floor(plot.left()) - left)
    x1 = min(image.width(), math.ceil(plot.right()) - left)
    if x1 <= x0:
        return
    top = band.top + band.height - m.lane_padding - rows
    if on_pixels(painter):
        painter.drawImage(
            QRectF(left + x0, top, x1 - x0, rows), image, QRectF(x0, 0, x1 - x0, rows)
        )
    else:  # a file of shapes (SVG) writes the whole image into the target: the part in view
        painter.drawImage(QPointF(left + x0, top), image.copy(x0, 0, x1 - x0, rows))
