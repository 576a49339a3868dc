"""Lanes and rows: every item shows on each of its lanes, and no two marks overlap."""

from __future__ import annotations

import numpy as np
from hypothesis import example, given
from hypothesis import strategies as st

from app.core.timeline.lanes import (
    GROUPING_LABELS,
    GROUPINGS,
    OVERFLOW_ROW,
    LaneIndex,
    lane_members,
    pack_rows,
)

GAP_PX = 4.0


def rows_used(rows: np.ndarray) -> int:
    return max(1, int(rows.max(initial=OVERFLOW_ROW)) + 1)


def test_an_item_on_three_tracks_shows_on_all_three_and_trackless_items_get_their_own_lane() -> (
    None
):
    groups = [np.array(g, dtype=np.int64) for g in ([0, 2], [0, 3], [0])]
    member_item, member_lane, lonely = lane_members(groups, 4)
    assert lonely
    assert member_item.tolist() == [0, 2, 0, 3, 0, 1]
    assert member_lane.tolist() == [0, 0, 1, 1, 2, 3]
    _, _, lonely = lane_members([*groups, np.array([1], dtype=np.int64)], 4)
    assert not lonely
    empty_item, empty_lane, lonely = lane_members([], 0)
    assert (len(empty_item), len(empty_lane), lonely) == (0, 0, False)


def test_every_grouping_has_a_name_for_menus() -> None:
    assert GROUPINGS == ("track", "actor", "kind", "none")
    assert dict(GROUPING_LABELS)["none"] == "No lanes"


def _extents(draw_lists: list[tuple[float, float]]) -> tuple[np.ndarray, np.ndarray]:
    draw_lists = sorted(draw_lists)
    x0 = np.array([a for a, _ in draw_lists], dtype=np.float64)
    return x0, x0 + np.array([w for _, w in draw_lists], dtype=np.float64)


EXTENTS = st.lists(st.tuples(st.floats(0, 1000), st.floats(0, 300)), max_size=150)


@given(EXTENTS, st.integers(1, 6))
def test_marks_in_a_row_never_overlap_and_overflow_only_when_every_row_is_taken(
    extents: list[tuple[float, float]], max_rows: int
) -> None:
    x0, x1 = _extents(extents)
    rows = pack_rows(x0, x1, GAP_PX, max_rows)
    assert rows.max(initial=0) < max_rows
    for row in range(max_rows):
        mine = np.flatnonzero(rows == row)
        assert np.all(x0[mine][1:] >= x1[mine][:-1] + GAP_PX)
    for i in range(len(rows)):  # first fit: every lower row was busy when the mark came
        busy_rows = {int(rows[j]) for j in range(i) if rows[j] >= 0 and x1[j] + GAP_PX > x0[i]}
        lower = range(max_rows) if rows[i] == OVERFLOW_ROW else range(int(rows[i]))
        assert set(lower) <= busy_rows


@given(EXTENTS)
def test_rows_are_as_few_as_the_most_marks_overlapping_at_one_place(
    extents: list[tuple[float, float]],
) -> None:
    x0, x1 = _extents(extents)
    rows = pack_rows(x0, x1, GAP_PX, max_rows=len(x0) + 1)
    occupied_until = x1 + GAP_PX
    overlapping_at_each_start = (
        (x0[None, :] <= x0[:, None]) & (x0[:, None] < occupied_until[None, :])
    ).sum(axis=1)
    assert rows_used(rows) == max(1, int(overlapping_at_each_start.max(initial=0)))
    assert np.all(rows >= 0)


def test_ten_thousand_crowded_marks_fill_every_row_and_overflow_the_rest() -> None:
    rng = np.random.default_rng(7)
    x0 = np.sort(rng.uniform(0, 4000, 10_000))
    x1 = x0 + rng.uniform(10, 220, 10_000)
    rows = pack_rows(x0, x1, GAP_PX, max_rows=8)
    assert rows_used(rows) == 8
    assert np.any(rows == OVERFLOW_ROW)


@given(EXTENTS)
def test_marks_given_out_of_order_still_never_overlap(extents: list[tuple[float, float]]) -> None:
    x0 = np.array([a for a, _ in extents], dtype=np.float64)
    x1 = x0 + np.array([w for _, w in extents], dtype=np.float64)
    rows = pack_rows(x0, x1, GAP_PX, max_rows=3)
    order = np.argsort(x0, kind="stable")
    assert np.array_equal(rows[order], pack_rows(x0[order], x1[order], GAP_PX, max_rows=3))


def _lane_index(
    starts: list[list[float]], length: float
) -> tuple[LaneIndex, np.ndarray, np.ndarray]:
    """Lanes given as lists of start times; every item lasts `length` seconds."""
    start = np.array([t for lane in starts for t in lane], dtype=np.float64)
    lane_of = np.array([i for i, lane in enumerate(starts) for _ in lane], dtype=np.int64)
    end = start + length
    order = np.lexsort((start, lane_of))
    index = LaneIndex.build(order.astype(np.int64), lane_of[order], start, end, len(starts))
    return index, start, end


@given(
    st.lists(st.lists(st.floats(0, 1000), max_size=40), min_size=1, max_size=4),
    st.floats(0, 1000),
    st.floats(0, 500),
    st.floats(0, 50),
)
def test_lane_index_finds_exactly_the_items_overlapping_the_window(
    starts: list[list[float]], t0: float, width: float, length: float
) -> None:
    index, start, end = _lane_index(starts, length)
    t1 = t0 + width
    for lane in range(len(starts)):
        members = index.members(lane)
        expected = {int(i) for i in members if start[i] <= t1 and end[i] >= t0}
        found = index.visible(lane, t0, t1, end)
        assert set(found.tolist()) == expected
        assert np.all(np.diff(start[found]) >= 0)  # in time order
        starting = index.starting_in(lane, t0, t1)
        assert sorted(starting.tolist()) == sorted(
            float(start[i]) for i in members if t0 <= start[i] <= t1
        )


@given(
    st.lists(
        st.lists(st.tuples(st.floats(0, 1e6), st.floats(0, 1e5)), max_size=12),
        min_size=1,
        max_size=6,
    )
)
@example(lanes=[[(0.0, 0.0), (0.0, 1.0)], []])  # a last lane without items
def test_each_lanes_longest_span_is_its_longest_items_and_none_for_an_empty_lane(
    lanes: list[list[tuple[float, float]]],
) -> None:
    """What the index looks back by before a window, per lane; lanes without items (first,
    in between, last) look back nothing."""
    spans = [(start, start + length, i) for i, lane in enumerate(lanes) for start, length in lane]
    spans.sort(key=lambda span: span[0])
    start = np.array([s for s, _, _ in spans], dtype=np.float64)
    end = np.array([e for _, e, _ in spans], dtype=np.float64)
    lane_of = np.array([i for _, _, i in spans], dtype=np.int64)
    order = np.argsort(lane_of, kind="stable")
    index = LaneIndex.build(order.astype(np.int64), lane_of[order], start, end, len(lanes))
    expected = [
        max((e - s for s, e, i in spans if i == lane), default=0.0) for lane in range(len(lanes))
    ]
    assert index.longest.tolist() == expected
