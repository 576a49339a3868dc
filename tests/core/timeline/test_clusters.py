"""Clusters and density: what keeps a crowded lane readable."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from app.core.timeline.clusters import (
    cluster_marks,
    density,
    density_sorted,
    grid_column,
    grid_density,
    zoom_to_cluster,
)
from app.core.timeline.scale import TimeScale

POSITIONS = st.lists(st.floats(0, 2000), max_size=300)


@given(POSITIONS, st.floats(1, 40))
def test_clusters_partition_the_marks_and_respect_the_gap(xs: list[float], gap: float) -> None:
    x = np.sort(np.array(xs, dtype=np.float64))
    first, last, count, x_start, x_end = cluster_marks(x, gap)
    assert int(count.sum()) == len(x)
    if len(x) == 0:
        assert len(first) == 0
        return
    assert first[0] == 0
    assert last[-1] == len(x) - 1
    assert np.all(first[1:] == last[:-1] + 1)
    assert np.all(x[first[1:]] - x[last[:-1]] >= gap)  # separate clusters stand apart
    for f, lst in zip(first, last, strict=True):
        assert np.all(np.diff(x[f : lst + 1]) < gap)  # a cluster holds no visible gap
    assert np.array_equal(x_start, x[first])
    assert np.array_equal(x_end, x[last])


def test_a_mark_left_of_its_predecessor_joins_it_and_widens_the_cluster() -> None:
    runs = cluster_marks(np.array([10.0, 30.0, 26.0, 80.0]), 5.0)
    assert runs.first.tolist() == [0, 1, 3]
    assert runs.mark_count.tolist() == [1, 2, 1]
    assert (runs.x_start[1], runs.x_end[1]) == (26.0, 30.0)


def test_zooming_to_a_cluster_shows_all_of_it_or_declines_when_it_cannot_help() -> None:
    scale = TimeScale(0.0, 1e9, 1000.0)
    closer = zoom_to_cluster(scale, 4e8, 4.1e8)
    assert closer is not None
    assert closer.start < 4e8 < 4.1e8 < closer.end
    assert closer.span < scale.span / 10
    one_day = TimeScale(0.0, 86_400.0, 1000.0)
    assert zoom_to_cluster(one_day, 40_000.0, 40_000.0) is None  # all at the same second


@given(st.lists(st.floats(-2000, 3000), max_size=300), st.floats(1, 8))
def test_density_counts_exactly_the_items_in_view(ts: list[float], bucket_px: float) -> None:
    scale = TimeScale(0.0, 1000.0, 250.0)
    t = np.array(ts, dtype=np.float64)
    counts = density(t, scale, bucket_px)
    assert len(counts) == int(np.ceil(250.0 / bucket_px))
    assert counts.sum() == np.count_nonzero((t >= 0.0) & (t <= 1000.0))


@given(
    st.lists(st.floats(-2000, 3000), max_size=300),
    st.floats(1, 8),
    st.floats(-500, 500),
    st.floats(1, 5000),
)
def test_density_of_sorted_times_by_binary_search_matches_counting_each(
    ts: list[float], bucket_px: float, start: float, span: float
) -> None:
    scale = TimeScale(start, start + span, 317.0)
    t = np.sort(np.array(ts, dtype=np.float64))
    # Times exactly on a bucket edge may round either way; random floats do not land there.
    assert density_sorted(t, scale, bucket_px).tolist() == density(t, scale, bucket_px).tolist()


def test_density_puts_items_in_the_column_under_them() -> None:
    scale = TimeScale(0.0, 1000.0, 100.0)
    counts = density(np.array([-5.0, 0.0, 5.0, 25.0, 999.0, 1000.0, 2000.0]), scale, 2)
    assert len(counts) == 50
    assert counts[0] == 2
    assert counts[1] == 1
    assert counts[49] == 2  # the right edge belongs to the window
    assert counts.sum() == 5


@given(
    st.lists(st.integers(-5000, 5000), max_size=300),
    st.integers(1, 50),
    st.integers(-150, 150),
    st.integers(1, 120),
    st.integers(0, 40),
)
def test_density_on_a_grid_fixed_to_time_counts_each_column_and_moves_with_a_pan(
    ts: list[int], seconds: int, first: int, columns: int, shift: int
) -> None:
    t = np.sort(np.array(ts, dtype=np.float64))
    counts = grid_density(t, first, columns, float(seconds))
    column = np.array([grid_column(float(v), float(seconds)) for v in t.tolist()], dtype=np.int64)
    # Each column holds the times in [k * seconds, (k + 1) * seconds), an edge in the later.
    expected = [int(np.count_nonzero(column == first + i)) for i in range(columns)]
    assert counts.tolist() == expected
    # A view panned by whole columns finds the same counts, moved: nothing counted anew differs.
    later = grid_density(t, first + shift, columns, float(seconds))
    assert later[: max(0, columns - shift)].tolist() == counts[shift:].tolist()
