"""Time ↔ pixels for the visible window.

Seconds are floats here: at the Big Bang (≈4.35e17 s) a float64 resolves about a minute,
far below what a pixel covers at such a zoom.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import overload

import numpy as np
import numpy.typing as npt

MIN_SPAN_SECONDS = 60.0
"""The closest zoom: about a minute across the whole width."""
RELATIVE_MIN_SPAN = 1e-9
"""Far from 1970 the closest zoom widens with the distance (13 years at the Big Bang), where
float seconds stop telling minutes apart and no date is known to the minute anyway."""
DEFAULT_MAX_SPAN_SECONDS = 1e19
EMPTY_EXTENT_SECONDS = 86_400.0
"""The window shown around a single instant when fitting."""

Floats = npt.NDArray[np.float64]


def min_span_at(t: float) -> float:
    """The narrowest window worth showing around time t."""
    return max(MIN_SPAN_SECONDS, abs(t) * RELATIVE_MIN_SPAN)


@dataclass(frozen=True, slots=True)
class TimeScale:
    start: float
    end: float
    width: float

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
        """Pixels from the left edge of the plot."""
        return (t - self.start) / self.seconds_per_pixel

    @overload
    def t(self, x: float) -> float: ...
    @overload
    def t(self, x: Floats) -> Floats: ...
    def t(self, x: float | Floats) -> float | Floats:
        return self.start + x * self.seconds_per_pixel

    def zoomed(
        self, factor: float, anchor_x: float, max_span: float = DEFAULT_MAX_SPAN_SECONDS
    ) -> TimeScale:
        """Zoom in (factor > 1) or out keeping the time under `anchor_x` where it is."""
        anchor = self.t(anchor_x)
        closest = min_span_at(anchor)
        span = min(max(self.span / factor, closest), max(max_span, closest))
        start = anchor - anchor_x / self.width * span
        return replace(self, start=start, end=start + span)

    def panned(self, dx: float) -> TimeScale:
        """Dragging right by dx pixels brings earlier time into view: what was under the
        cursor stays under it."""
        shift = -dx * self.seconds_per_pixel
        return replace(self, start=self.start + shift, end=self.end + shift)

    def fitted(self, t0: float, t1: float, margin: float = 0.05) -> TimeScale:
        """A window showing [t0, t1] with a margin on each side."""
        if t1 - t0 < MIN_SPAN_SECONDS:
            middle = (t0 + t1) / 2
            t0, t1 = middle - EMPTY_EXTENT_SECONDS / 2, middle + EMPTY_EXTENT_SECONDS / 2
        pad = (t1 - t0) * margin
        return replace(self, start=t0 - pad, end=t1 + pad)

    def with_width(self, width: float) -> TimeScale:
        """On a resize the left edge and the zoom stay; more or less time comes into view."""
        return replace(self, end=self.start + self.seconds_per_pixel * width, width=width)
