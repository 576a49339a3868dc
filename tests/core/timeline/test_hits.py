"""Clicking and hovering: the mark the user sees under the pointer is the one picked."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.core.timeline.hits import TOLERANCE_PX, HitIndex


def test_the_topmost_of_overlapping_marks_is_picked_and_empty_space_picks_nothing() -> None:
    hits = HitIndex.from_rects([[0, 0, 10, 10], [5, 5, 15, 15]])
    assert hits.at(7, 7) == 1
    assert hits.at(2, 2) == 0
    assert hits.at(100, 100) is None
    assert hits.at(20, 20) is None


def test_a_point_mark_is_clickable_within_the_tolerance_only() -> None:
    hits = HitIndex.from_rects([[40, 40, 40, 40]])
    assert hits.at(40, 40) == 0
    assert hits.at(42, 41) == 0
    assert hits.at(40 + TOLERANCE_PX + 0.5, 40) is None


def test_a_mark_under_the_pointer_wins_over_a_later_mark_merely_near_it() -> None:
    hits = HitIndex.from_rects([[0, 0, 10, 10], [12, 0, 20, 10]])
    assert hits.at(9.5, 5) == 0
    assert hits.at(11.2, 5) == 1  # in the gap: the nearer one


def test_ids_come_back_for_the_picked_mark() -> None:
    hits = HitIndex.from_rects([[0, 0, 10, 10], [10, 0, 0, 10]], ids=[501, 502])
    assert hits.id_at(5, 5) == 502  # a rectangle given right to left still counts
    assert hits.id_at(50, 50) is None
    assert len(hits) == 2


def test_nothing_drawn_means_nothing_hit() -> None:
    assert HitIndex.from_rects(np.zeros((0, 4))).at(0, 0) is None


RECTS = st.lists(
    st.tuples(st.floats(0, 100), st.floats(0, 100), st.floats(0, 20), st.floats(0, 20)),
    max_size=40,
)


@given(RECTS, st.floats(-5, 125), st.floats(-5, 125))
def test_hits_match_a_plain_reading_of_the_rules(
    boxes: list[tuple[float, float, float, float]], x: float, y: float
) -> None:
    rects = [(left, top, left + w, top + h) for left, top, w, h in boxes]
    hits = HitIndex.from_rects(np.array(rects, dtype=np.float64).reshape(-1, 4))
    containing = [
        i
        for i, (left, top, right, bottom) in enumerate(rects)
        if left <= x <= right and top <= y <= bottom
    ]
    if containing:
        assert hits.at(x, y) == containing[-1]
        return
    distances = [
        np.hypot(max(left - x, 0, x - right), max(top - y, 0, y - bottom))
        for left, top, right, bottom in rects
    ]
    found = hits.at(x, y)
    if found is None:
        assert all(d > TOLERANCE_PX - 1e-9 for d in distances)
    else:
        assert distances[found] <= TOLERANCE_PX + 1e-9
        assert distances[found] == pytest.approx(min(distances), abs=1e-9)
