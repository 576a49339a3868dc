"""Where the first view and Fit look, and what lies beyond a window's edges.

A dataset of one story often carries a few items from long before it (the 2005 vote a 2025
article recalls) or after it. Framing from the first item to the last would squeeze the story
into a sliver at one end; `bulk_window` frames the span holding the bulk of the items instead,
and says how many it leaves wholly before and after, which the canvas marks at its edges
(`outside_counts` counts them for any window, `nearest_outside` finds where to go).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

Floats = npt.NDArray[np.float64]

BULK_SHARE = 0.8
"""The core of the items is the shortest span holding this share of their starts."""
MIN_CORE_SECONDS = 7 * 86_400.0
"""The least width a core counts as having: items a few days from a core of one day are
part of the story."""
STEP = 2.0
"""The bulk grows from its core to the next item as long as the gap to it is at most this
many core widths."""
REACH = 8.0
"""... and as long as that item starts within this many core widths of the core."""
WORTH_LEAVING_OUT = 0.25
"""Outliers are left out only when that leaves at most this share of the whole span in view,
so the bulk gets at least four times the room; a smaller gain is not worth hiding items for."""


@dataclass(frozen=True, slots=True)
class Framing:
    """A window [`start`, `end`] in seconds, and the items that lie wholly outside it."""

    start: float
    end: float
    before: int
    """Items that end before `start`."""
    after: int
    """Items that start after `end`."""


def bulk_window(starts: npt.ArrayLike, ends: npt.ArrayLike) -> Framing | None:
    """The window to frame items by, given each item's start and end (each end at or after
    its start; the items in any order), or None when there are none.

    The rule, in three steps, on the items' starts:
    1. The *core* is the shortest span holding `BULK_SHARE` (80 %) of the starts. Shortest,
       not central: a long tail on one side does not drag it. Fewer than five items have no
       outlier by this rule (80 % of four is all four), and two groups of similar size, however
       far apart, are both in the core (neither holds 80 %).
    2. The *bulk* grows from the core outwards, item by item, while the gap to the next item
       is at most `STEP` core widths and that item starts within `REACH` core widths of the
       core (a width of at least `MIN_CORE_SECONDS`, a week). So a sparse run-up (a meeting
       a month for half a year before a busy month) stays in, a lone item years away does
       not, and a heavy tail is cut where it thins out or, at the latest, at the reach. The
       window runs from the bulk's first start to its last end: whatever is in the bulk is
       wholly in view (a range starting before the bulk runs in from the left edge).
    3. Items are left out only when that shrinks the view to a quarter of the whole span or
       less (`WORTH_LEAVING_OUT`); otherwise the window is the whole span, first start to
       last end, with nothing outside.

    On the sample, a 2005 vote, a 2021 draft treaty and a 2024 summit stay outside a window
    of June to November 2025; 1,000,000 evenly spread items are all framed. Cost: a sort
    unless the starts are already in order (the canvas's columns are), then a few passes of
    numpy over the items.
    """
    start = np.asarray(starts, dtype=np.float64)
    end = np.asarray(ends, dtype=np.float64)
    if start.shape != end.shape or start.ndim != 1:
        raise ValueError("starts and ends must be one-dimensional, one entry per item")
    count = len(start)
    if count == 0:
        return None
    if np.any(start[1:] < start[:-1]):
        order = np.argsort(start, kind="stable")
        start, end = start[order], end[order]
    whole = Framing(float(start[0]), float(end.max()), 0, 0)
    low, high = _bulk(start)
    window_start, window_end = float(start[low]), float(end[low:high].max())
    if window_end - window_start > WORTH_LEAVING_OUT * (whole.end - whole.start):
        return whole
    before = int(np.count_nonzero(end[:low] < window_start))
    # Items past the bulk that start before a long one of its items ends are in view.
    after = count - int(np.searchsorted(start, window_end, side="right"))
    if low == 0 and after == 0:
        # Every item starts in the window, one after the bulk that runs on past it too: with
        # nothing left out, all are framed whole.
        return whole
    return Framing(window_start, window_end, before, after)


def _bulk(start: Floats) -> tuple[int, int]:
    """The bulk of these sorted starts, as the slice [low, high) of them (steps 1 and 2 of
    `bulk_window`)."""
    count = len(start)
    core = math.ceil(BULK_SHARE * count)
    widths = start[core - 1 :] - start[: count - core + 1]
    first = int(np.argmin(widths))
    last = first + core - 1
    width = max(float(widths[first]), MIN_CORE_SECONDS)
    gaps = np.diff(start)
    wide_before = np.flatnonzero(gaps[:first] > STEP * width)
    wide_after = np.flatnonzero(gaps[last:] > STEP * width)
    low = int(wide_before[-1]) + 1 if len(wide_before) else 0
    high = last + int(wide_after[0]) + 1 if len(wide_after) else count
    earliest, latest = float(start[first]) - REACH * width, float(start[last]) + REACH * width
    low = max(low, int(np.searchsorted(start, earliest, side="left")))
    high = min(high, int(np.searchsorted(start, latest, side="right")))
    return low, high


def outside_counts(
    starts: Floats, ends: Floats, window_start: float, window_end: float
) -> tuple[int, int]:
    """How many items end before `window_start`, and how many start after `window_end`.

    `starts` must be in ascending order (the items in time order, as the canvas holds them):
    the items after the window are one binary search; those before are the ones starting
    before the window (another) less those still running into it, a count over the ends of
    the items that start before the window only (at a million items, well under a
    millisecond even with the window at the end).
    """
    starting_before = int(np.searchsorted(starts, window_start, side="left"))
    before = int(np.count_nonzero(ends[:starting_before] < window_start))
    after = len(starts) - int(np.searchsorted(starts, window_end, side="right"))
    return before, after


def nearest_outside(
    starts: Floats, ends: Floats, window_start: float, window_end: float, *, later: bool
) -> int | None:
    """The index of the item nearest the window among those wholly after it (`later`) or
    wholly before it: the first to start after its end, or the last to end before its start;
    None if there is none. `starts` in ascending order, as for `outside_counts`."""
    if later:
        at = int(np.searchsorted(starts, window_end, side="right"))
        return at if at < len(starts) else None
    starting_before = int(np.searchsorted(starts, window_start, side="left"))
    ends_before = ends[:starting_before]
    candidates = np.flatnonzero(ends_before < window_start)
    if len(candidates) == 0:
        return None
    return int(candidates[np.argmax(ends_before[candidates])])
