"""Clusters, density, rows and hit testing: what keeps marks readable and clickable."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from app.core.timeline.clusters import cluster_marks, density
from app.core.timeline.hits import HitIndex
from app.core.timeline.lanes import OVERFLOW, pack_rows
from app.core.timeline.scale import TimeScale


@given(st.lists(st.floats(0, 2000), max_size=300), st.floats(1, 40))
def test_clusters_partition_the_marks_and_respect_the_gap(xs: list[float], gap: float) -> None:
    x = np.sort(np.array(xs, dtype=np.float64))
    first, last, count, _x_start, _x_end = cluster_marks(x, gap)
    assert int(count.sum()) == len(x)
    if len(x):
        assert first[0] == 0
        assert last[-1] == len(x) - 1
        assert np.all(first[1:] == last[:-1] + 1)
        assert np.all(x[first[1:]] - x[last[:-1]] >= gap)
        for f, lst in zip(first, last, strict=True):
            assert np.all(np.diff(x[f : lst + 1]) < gap)


def test_density_counts_what_is_in_view() -> None:
    scale = TimeScale(0.0, 1000.0, 100.0)
    counts = density(np.array([-5.0, 0.0, 5.0, 25.0, 999.0, 1000.0, 2000.0]), scale, bucket_px=2)
    assert len(counts) == 50
    assert counts[0] == 2
    assert counts[1] == 1
    assert counts[49] == 1
    assert counts.sum() == 4


@given(st.lists(st.tuples(st.floats(0, 1000), st.floats(0, 300)), max_size=200), st.integers(1, 6))
def test_rows_never_overlap(extents: list[tuple[float, float]], max_rows: int) -> None:
    extents.sort()
    x0 = np.array([a for a, _ in extents], dtype=np.float64)
    x1 = x0 + np.array([w for _, w in extents], dtype=np.float64)
    rows = pack_rows(x0, x1, 4.0, max_rows)
    assert rows.max(initial=0) < max_rows
    for row in range(max_rows):
        mine = np.flatnonzero(rows == row)
        assert np.all(x0[mine][1:] >= x1[mine][:-1] + 4.0)
    for i in np.flatnonzero(rows == OVERFLOW):  # overflow only when every row was busy
        assert all(np.any((rows[:i] == r) & (x1[:i] + 4.0 > x0[i])) for r in range(max_rows))


def test_hits_prefer_the_topmost_mark_and_miss_empty_space() -> None:
    hits = HitIndex.from_rects(
        np.array([[0, 0, 10, 10], [5, 5, 15, 15], [40, 40, 40, 40]], dtype=np.float64)
    )
    assert hits.at(7, 7) == 1
    assert hits.at(2, 2) == 0
    assert hits.at(41.5, 39) == 2
    assert hits.at(100, 100) is None
    assert HitIndex.from_rects(np.zeros((0, 4))).at(0, 0) is None
