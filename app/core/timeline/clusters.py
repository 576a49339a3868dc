"""Marks too close to tell apart merge into clusters; lanes too dense for marks show counts."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from app.core.timeline.scale import TimeScale

Ints = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]


def cluster_marks(x: Floats, min_gap_px: float) -> tuple[Ints, Ints, Ints, Floats, Floats]:
    """Runs of sorted positions whose neighbours are closer than `min_gap_px`.

    Returns, per cluster: index of its first and last mark, count, first and last x.
    A mark alone is a cluster of one.
    """
    n = len(x)
    if n == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty, np.zeros(0), np.zeros(0)
    breaks = np.flatnonzero(np.diff(x) >= min_gap_px) + 1
    first = np.concatenate(([0], breaks)).astype(np.int64)
    last = np.concatenate((breaks, [n])).astype(np.int64) - 1
    return first, last, last - first + 1, x[first], x[last]


def density(t: Floats, scale: TimeScale, bucket_px: float) -> Ints:
    """How many of the times fall in each `bucket_px`-wide column of the visible window."""
    buckets = max(1, int(np.ceil(scale.width / bucket_px)))
    index = np.floor(scale.x(t) / bucket_px)
    inside = (index >= 0) & (index < buckets)
    return np.bincount(index[inside].astype(np.int64), minlength=buckets)
