"""Time ↔ pixels for the visible window of the timeline.

Time is float seconds since 1970-01-01 (proleptic Gregorian, astronomical years), as in
`app.core.calendar`. A float64 holds every second exactly up to about ±285 million years; at
the Big Bang (≈ -4.35e17 s) neighbouring floats are 64 s apart. That is harmless: the closest
zoom there is years wide (see `min_span_at`), and axis ticks are computed as exact integers
and only turned into floats to find their pixel.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import overload

import numpy as np
import numpy.typing as npt

from app.core.calendar import SECONDS_PER_DAY

Floats = npt.NDArray[np.float64]

MIN_SPAN_SECONDS = 60.0
"""The closest zoom near the present: one minute across the whole width."""
RELATIVE_MIN_SPAN = 1e-10
"""Far from 1970 the closest zoom widens in proportion to the distance (about 1.4 years at
the Big Bang), so that a window always spans hundreds of thousands of representable floats
and pixels never collapse onto the same time."""
DEFAULT_MAX_SPAN_SECONDS = 2e18
"""About 63 billion years. Callers should pass their own `max_span` (the data's extent plus
a margin) so that zooming out stops where there is nothing more to see."""
SINGLE_INSTANT_SPAN_SECONDS = float(SECONDS_PER_DAY)
"""The window `fitted` shows around data that has no extent (one item, or items at one time)."""
DEFAULT_MARGIN_FRACTION = 0.05


def min_span_at(t: float) -> float:
    """The narrowest window worth showing around time `t` (see `RELATIVE_MIN_SPAN`)."""
    return max(MIN_SPAN_SECONDS, abs(t) * RELATIVE_MIN_SPAN)


@dataclass(frozen=True, slots=True)
class TimeScale:
    """The visible window [`start`, `end`] in seconds, drawn across `width` pixels.

    Immutable: every navigation returns a new scale, so a paint always sees one consistent
    window and the canvas can keep the scale of a mouse press to pan relative to it.
    """

    start: float
    end: float
    width: float

    def __post_init__(self) -> None:
        if not (math.isfinite(self.start) and math.isfinite(self.end)):
            raise ValueError(f"the window [{self.start}, {self.end}] is not finite")
        if not self.end > self.start:
            raise ValueError(f"the window ends ({self.end}) before it starts ({self.start})")
        if not (math.isfinite(self.width) and self.width > 0):
            raise ValueError(f"the width {self.width} must be a positive number of pixels")

    @property
    def span(self) -> float:
        return self.end - self.start

    @property
    def seconds_per_pixel(self) -> float:
        return self.span / self.width

    @overload
    def x(self, t: float) -> float: ...
    @overload
    def x(self, t: Floats) -> Floats: ...
    def x(self, t: float | Floats) -> float | Floats:
        """Pixels from the left edge of the plot; works on numbers and numpy arrays alike.
        Subtracting `start` first keeps the result exact enough even at deep time."""
        return (t - self.start) * (self.width / self.span)

    @overload
    def t(self, x: float) -> float: ...
    @overload
    def t(self, x: Floats) -> Floats: ...
    def t(self, x: float | Floats) -> float | Floats:
        """The time under pixel `x` (the inverse of `x`)."""
        return self.start + x * self.seconds_per_pixel

    def contains(self, t: float) -> bool:
        return self.start <= t <= self.end

    def zoomed(
        self, factor: float, anchor_x: float, max_span: float = DEFAULT_MAX_SPAN_SECONDS
    ) -> TimeScale:
        """Zoom in (`factor` > 1) or out (< 1) keeping the time under `anchor_x` (the pointer)
        under it, as users expect from maps and editors.

        The new span is clamped to [`min_span_at(anchor)`, `max_span`]; when both bounds
        apply (a tiny `max_span` at deep time) the closest-zoom bound wins.
        """
        if not (math.isfinite(factor) and factor > 0):
            raise ValueError(f"zoom factor {factor} must be a positive number")
        anchor = self.t(anchor_x)
        closest = min_span_at(anchor)
        span = min(max(self.span / factor, closest), max(max_span, closest))
        start = anchor - anchor_x / self.width * span
        return replace(self, start=start, end=start + span)

    def panned(self, dx_pixels: float) -> TimeScale:
        """Dragging right by `dx_pixels` brings earlier time into view: the time that was
        under the pointer follows the pointer."""
        shift = -dx_pixels * self.seconds_per_pixel
        return replace(self, start=self.start + shift, end=self.start + shift + self.span)

    def centred_on(self, t: float) -> TimeScale:
        """The same zoom with `t` in the middle, for revealing an item chosen elsewhere."""
        start = t - self.span / 2
        return replace(self, start=start, end=start + self.span)

    def fitted(
        self, t0: float, t1: float, margin_fraction: float = DEFAULT_MARGIN_FRACTION
    ) -> TimeScale:
        """A window of the same width showing the data extent [`t0`, `t1`] with
        `margin_fraction` of its span free on each side.

        An extent too short to be a window (one item, or items at the same second) gets
        `SINGLE_INSTANT_SPAN_SECONDS` (a day) around it, or the closest zoom at deep time.
        """
        lo, hi = min(t0, t1), max(t0, t1)
        middle = lo / 2 + hi / 2
        if hi - lo < min_span_at(middle):
            half = max(SINGLE_INSTANT_SPAN_SECONDS, min_span_at(middle)) / 2
            return replace(self, start=middle - half, end=middle + half)
        pad = (hi - lo) * margin_fraction
        return replace(self, start=lo - pad, end=hi + pad)

    def with_width(self, width: float) -> TimeScale:
        """The scale after the widget is resized: the left edge and the seconds per pixel
        stay, so marks do not move or stretch; more or less time comes into view on the
        right (as in a text editor whose window is widened)."""
        return TimeScale(self.start, self.start + self.seconds_per_pixel * width, width)
