"""Lanes and rows: every item shows on each of its lanes, and no two marks overlap."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from app.core.timeline.lanes import (
    ALL_ITEMS,
    NO_LANE,
    OVERFLOW_ROW,
    Grouping,
    LaneIndex,
    lane_keys,
    membership_from_keys,
    membership_from_pairs,
    pack_rows,
    rows_used,
)

GAP_PX = 4.0


def test_grouping_puts_items_on_the_lanes_a_reader_expects() -> None:
    assert lane_keys(Grouping.TRACK, kind="meeting", tracks=("gaza", "iran")) == ("gaza", "iran")
    statement = {"kind": "statement", "actors": ("a", "b"), "speaker": "b"}
    assert lane_keys(Grouping.ACTOR, **statement) == ("b",)  # type: ignore[arg-type]
    assert lane_keys(Grouping.ACTOR, kind="call", actors=("a", "b")) == ("a", "b")
    assert lane_keys(Grouping.KIND, kind="vote") == ("vote",)
    assert lane_keys(Grouping.NONE, kind="vote", tracks=("x",)) == (ALL_ITEMS,)
    assert lane_keys(Grouping.TRACK, kind="leak") == ()


def test_an_item_on_three_tracks_shows_on_all_three_and_trackless_items_get_their_own_lane() -> (
    None
):
    membership = membership_from_keys(
        [("b", "a", "c"), (), ("a",), ("b", "b")], lane_order=("a", "b", "c")
    )
    assert membership.lanes == ("a", "b", "c", NO_LANE)
    assert membership.members(0).tolist() == [0, 2]
    assert membership.members(1).tolist() == [0, 3]  # a repeated track counts once
    assert membership.members(2).tolist() == [0]
    assert membership.members(3).tolist() == [1]
    assert membership.lane_sizes().tolist() == [2, 2, 1, 1]


def test_lanes_not_in_the_given_order_follow_it_in_order_of_appearance() -> None:
    membership = membership_from_keys([("z",), ("a", "y")], lane_order=("a",))
    assert membership.lanes == ("a", "z", "y")


@given(
    st.integers(0, 30).flatmap(
        lambda n: st.tuples(
            st.just(n),
            st.lists(st.tuples(st.integers(0, max(n - 1, 0)), st.integers(0, 4)), max_size=60),
        )
    )
)
def test_memberships_hold_each_pair_once_and_every_item_somewhere(
    case: tuple[int, list[tuple[int, int]]],
) -> None:
    item_count, pairs = case
    pairs = [(item, lane) for item, lane in pairs if item < item_count]
    membership = membership_from_pairs(
        item_count,
        np.array([p[0] for p in pairs], dtype=np.int64),
        np.array([p[1] for p in pairs], dtype=np.int64),
        ("l0", "l1", "l2", "l3", "l4"),
    )
    got = list(zip(membership.member_lane.tolist(), membership.member_item.tolist(), strict=True))
    assert got == sorted(got)
    assert set(got) >= {(lane, item) for item, lane in pairs}
    assert set(membership.member_item.tolist()) == set(range(item_count))
    for lane in range(len(membership.lanes)):
        assert np.all(membership.member_lane[membership.lane_offsets[lane] :][:1] >= lane)
        assert np.all(
            membership.members(lane) == membership.member_item[membership.member_lane == lane]
        )


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
