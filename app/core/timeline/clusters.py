"""Marks too close to tell apart run together (the "+N more" marks of a lane are grouped so);
lanes too dense for marks show counts per column (density).

All of it is numpy over the marks of one lane in view; nothing loops over items in Python.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from app.core.timeline.scale import DEFAULT_MARGIN_FRACTION, TimeScale

Ints = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]

DENSITY_BUCKET_PX = 3.0
"""The width of one density column: narrow enough to show shape, wide enough to be seen."""
CLUSTER_ZOOM_MIN_PROGRESS = 0.9
"""Zooming to a cluster must narrow the window at least this much to be worth it."""


class ClusterRuns(NamedTuple):
    """One entry per cluster (a lone mark is a cluster of one), left to right. Clusters
    partition the marks: cluster i holds marks first[i]..last[i], inclusive."""

    first: Ints
    last: Ints
    mark_count: Ints
    """How many marks each cluster holds (1 for a lone mark)."""
    x_start: Floats
    x_end: Floats


def cluster_marks(x: Floats, min_gap_px: float) -> ClusterRuns:
    """Merge runs of marks whose neighbours are closer than `min_gap_px`.

    `x` are the pixel positions of one lane's marks, left to right (in time order). Chaining
    is intended: marks every 2 px with a 5 px gap form one cluster however long, as the eye
    would see one blob. A mark left of its predecessor (the centres of spans of different
    lengths need not be in order) counts as close to it; `x_start` and `x_end` are then the
    cluster's true leftmost and rightmost positions.
    """
    x = np.asarray(x, dtype=np.float64)
    if len(x) == 0:
        empty = np.zeros(0, dtype=np.int64)
        return ClusterRuns(empty, empty, empty, np.zeros(0), np.zeros(0))
    breaks = np.flatnonzero(np.diff(x) >= min_gap_px) + 1
    first = np.concatenate(([0], breaks)).astype(np.int64)
    last = np.concatenate((breaks, [len(x)])).astype(np.int64) - 1
    return ClusterRuns(
        first, last, last - first + 1, np.minimum.reduceat(x, first), np.maximum.reduceat(x, first)
    )


def zoom_to_cluster(
    scale: TimeScale, t0: float, t1: float, margin_fraction: float = DEFAULT_MARGIN_FRACTION
) -> TimeScale | None:
    """The window that shows a clicked cluster spread out, or None when zooming would not
    part its items (they share one date, or the view is already that close): the canvas
    should then list or select them instead."""
    closer = scale.fitted(t0, t1, margin_fraction)
    return closer if closer.span < scale.span * CLUSTER_ZOOM_MIN_PROGRESS else None


def bucket_count(scale: TimeScale, bucket_px: float = DENSITY_BUCKET_PX) -> int:
    return max(1, math.ceil(scale.width / bucket_px))


def density(t: Floats, scale: TimeScale, bucket_px: float = DENSITY_BUCKET_PX) -> Ints:
    """How many of the times `t` fall in each `bucket_px`-wide column of the visible window.

    Bucket i covers pixels [i * bucket_px, (i + 1) * bucket_px); the window is closed, so an
    item exactly at `scale.end` counts in the last bucket. Times outside are not counted.
    """
    buckets = bucket_count(scale, bucket_px)
    t = np.asarray(t, dtype=np.float64)
    inside = (t >= scale.start) & (t <= scale.end)
    index = np.floor(scale.x(t[inside]) / bucket_px).astype(np.int64)
    return np.bincount(np.clip(index, 0, buckets - 1), minlength=buckets)


def grid_column(t: float, seconds: float) -> int:
    """The column of time `t` on a grid of columns `seconds` wide fixed to time (`grid_density`)."""
    return math.floor(t / seconds)


def grid_density(sorted_t: Floats, first: int, columns: int, seconds: float) -> Ints:
    """How many of the ascending times `sorted_t` fall in each of `columns` columns `seconds`
    wide on a grid fixed to time, not to a view: column k covers [k · seconds, (k + 1) ·
    seconds), from k = `first`. A view panned by whole columns finds the same counts in
    the same columns, moved. Binary search at the edges: O(columns · log n)."""
    edges = (first + np.arange(columns + 1, dtype=np.float64)) * seconds
    return np.diff(np.searchsorted(np.asarray(sorted_t, dtype=np.float64), edges, side="left"))


def density_sorted(
    sorted_t: Floats, scale: TimeScale, bucket_px: float = DENSITY_BUCKET_PX
) -> Ints:
    """`density` for times already in ascending order, by binary search at the bucket edges:
    O(buckets · log n) however many items there are, so a lane of a million costs what a lane
    of a thousand does."""
    buckets = bucket_count(scale, bucket_px)
    sorted_t = np.asarray(sorted_t, dtype=np.float64)
    edges = scale.start + np.arange(buckets, dtype=np.float64) * (
        bucket_px * scale.seconds_per_pixel
    )
    cuts = np.empty(buckets + 1, dtype=np.int64)
    cuts[:buckets] = np.searchsorted(sorted_t, edges, side="left")
    cuts[0] = np.searchsorted(sorted_t, scale.start, side="left")
    cuts[buckets] = np.searchsorted(sorted_t, scale.end, side="right")
    return np.diff(np.maximum.accumulate(cuts))
