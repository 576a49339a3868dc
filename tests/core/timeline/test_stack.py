"""Stacking: every item in view has a row where its mark and label fit, until a lane has no
row left; only then are items folded into "+N more" marks."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.core.timeline import stack as stack_module
from app.core.timeline.lanes import OVERFLOW_ROW, pack_rows
from app.core.timeline.stack import (
    MAX_ROWS,
    MIN_ROWS,
    Stack,
    is_crowded,
    max_rows_for,
    rows_at_least,
    stack_lane,
)

GAP = 6.0
SHORT = 90.0
MORE = 70.0
MARK = 9.0


def points(xs: list[float], widths: list[float], max_rows: int, keep: int | None = None) -> Stack:
    """Dots at `xs` (in order), each with a label of the width given."""
    x = np.sort(np.array(xs, dtype=np.float64))
    w = np.array(widths[: len(x)] + [100.0] * (len(x) - len(widths)), dtype=np.float64)
    return stack_lane(
        x, x + MARK, x + MARK + GAP, w, gap=GAP, max_rows=max_rows, short_label_px=SHORT,
        more_px=MORE, keep=keep,
    )  # fmt: skip


def test_items_on_one_date_stack_one_row_each_with_whole_labels() -> None:
    stacked = points([100.0] * 5, [180.0] * 5, max_rows=8)
    assert sorted(stacked.rows.tolist()) == [0, 1, 2, 3, 4]
    assert stacked.more == []
    assert stacked.label_room.tolist() == [180.0] * 5


def test_labels_that_would_overlap_go_to_another_row_and_apart_ones_share_a_row() -> None:
    near = points([0.0, 100.0], [200.0, 200.0], max_rows=4)
    assert near.rows.tolist() == [0, 1]
    apart = points([0.0, 300.0], [200.0, 200.0], max_rows=4)
    assert apart.rows.tolist() == [0, 0]
    assert apart.row_count == 1


def test_when_full_labels_need_too_many_rows_shorter_labels_place_everything() -> None:
    # Five dots 120 px apart with 400 px labels would need four rows; cut to 90 px, one.
    stacked = points([0.0, 120.0, 240.0, 360.0, 480.0], [400.0] * 5, max_rows=2)
    assert stacked.more == []
    assert set(stacked.rows.tolist()) <= {0, 1}
    assert stacked.label_room.min() >= SHORT


def test_only_items_without_a_row_fold_into_one_more_mark_where_they_stand() -> None:
    stacked = points([50.0] * 7 + [900.0], [100.0] * 8, max_rows=3)
    assert np.count_nonzero(stacked.rows == OVERFLOW_ROW) == 4
    assert [g.tolist() for g in stacked.more] == [[3, 4, 5, 6]]
    assert stacked.more_x.tolist() == [50.0]
    assert stacked.rows[7] == 0  # the lone item far away keeps its row and label


def test_the_selected_item_always_gets_a_row() -> None:
    stacked = points([50.0] * 7, [100.0] * 7, max_rows=3, keep=6)
    assert stacked.rows[6] != OVERFLOW_ROW
    assert np.count_nonzero(stacked.rows != OVERFLOW_ROW) == 3
    assert sum(len(g) for g in stacked.more) == 4


def test_a_band_gives_its_label_the_whole_band() -> None:
    start = np.array([0.0])
    stacked = stack_lane(
        start, start + 600.0, start + 20.0, np.array([250.0]), gap=GAP, max_rows=3,
        short_label_px=SHORT, more_px=MORE,
    )  # fmt: skip
    assert stacked.label_room[0] == 600.0 - 20.0 - GAP


def test_lanes_take_a_share_of_the_view_and_a_lone_lane_all_of_it() -> None:
    assert max_rows_for(440.0, 22.0, lanes=1) == 19
    assert max_rows_for(440.0, 22.0, lanes=12) == 17
    assert max_rows_for(60.0, 22.0, lanes=12) == MIN_ROWS
    assert max_rows_for(1_000_000.0, 22.0, lanes=3) == MAX_ROWS


def test_density_is_chosen_by_what_fits_in_pixels_not_by_a_count() -> None:
    assert not is_crowded(50, 1000.0, 10, 110.0)
    assert is_crowded(100_000, 1000.0, 10, 110.0)
    # The same 500 items: too many to label in a narrow view, fine in a wide one.
    assert is_crowded(500, 400.0, 10, 110.0)
    assert not is_crowded(500, 2000.0, 10, 110.0)


ITEMS = st.lists(
    st.tuples(st.floats(-200, 1500), st.floats(0, 400), st.floats(0, 500)), max_size=120
)


@given(ITEMS, st.integers(1, 8), st.data())
def test_no_two_items_of_a_row_overlap_mark_or_label_and_folding_only_when_rows_run_out(
    items: list[tuple[float, float, float]], max_rows: int, data: st.DataObject
) -> None:
    items.sort()
    x0 = np.array([a for a, _, _ in items], dtype=np.float64)
    x1 = x0 + np.array([b for _, b, _ in items], dtype=np.float64) + MARK
    label_x = np.where(x1 - x0 > 40, x0 + 20, x1 + GAP)
    widths = np.array([c for _, _, c in items], dtype=np.float64)
    keep = data.draw(st.sampled_from([None, *range(len(items))]))
    stacked = stack_lane(
        x0, x1, label_x, widths, gap=GAP, max_rows=max_rows, short_label_px=SHORT,
        more_px=MORE, keep=keep,
    )  # fmt: skip
    placed = stacked.placed
    assert stacked.rows.max(initial=0) < max_rows
    if keep is not None:
        assert stacked.rows[keep] != OVERFLOW_ROW
    drawn_end = np.maximum(x1, label_x + stacked.label_room)
    for row in range(max_rows):
        on_row = placed[stacked.rows[placed] == row]
        order = on_row[np.argsort(x0[on_row])]
        assert np.all(drawn_end[order[:-1]] + GAP <= x0[order[1:]] + 1e-9)
    folded = np.flatnonzero(stacked.rows == OVERFLOW_ROW)
    assert sorted(np.concatenate([*stacked.more, np.zeros(0, np.int64)]).tolist()) == sorted(
        folded.tolist()
    )
    if len(folded) and keep is None:  # every row is busy where a folded item stands
        first = int(folded[0])

        def rows_busy(label_w: np.ndarray) -> int:  # with the labels of either layout
            reach = np.maximum(x1, label_x + label_w)
            busy = placed[(x0[placed] <= x0[first]) & (reach[placed] + GAP > x0[first])]
            return len(set(stacked.rows[busy].tolist()))

        assert max_rows in (rows_busy(widths), rows_busy(np.minimum(widths, SHORT)))


@given(ITEMS, st.integers(1, 8))
def test_the_rows_a_lane_out_of_sight_is_given_are_those_stacking_would_use(
    items: list[tuple[float, float, float]], max_rows: int
) -> None:
    items.sort()
    x0 = np.array([a for a, _, _ in items], dtype=np.float64)
    x1 = x0 + np.array([b for _, b, _ in items], dtype=np.float64) + MARK
    label_x = x1 + GAP
    short = np.full(len(items), SHORT)
    stacked = stack_lane(
        x0, x1, label_x, short, gap=GAP, max_rows=max_rows, short_label_px=SHORT, more_px=MORE
    )
    expected = stacked.row_count + (1 if stacked.more else 0)
    assert rows_at_least(x0, np.maximum(x1, label_x + SHORT), GAP, max_rows) == expected


@pytest.mark.parametrize("count_first", [0, 10**9])
def test_full_labels_that_just_fit_the_rows_are_kept_whole(
    monkeypatch: pytest.MonkeyPatch, count_first: int
) -> None:
    # Two rows, two items whose full labels overlap: each keeps its row and its whole label,
    # though cut labels would share one row.
    monkeypatch.setattr(stack_module, "COUNT_FIRST", count_first)
    assert points([0, 120], [300, 300], max_rows=2).rows.tolist() == [0, 1]
    assert points([0, 120], [300, 300], max_rows=1).rows.tolist() == [0, 0]


@given(ITEMS, st.integers(1, 8), st.floats(0, 400), st.sampled_from([0, 10**9]))
def test_the_rows_chosen_are_those_of_packing_both_ways_and_keeping_the_fuller(
    items: list[tuple[float, float, float]], max_rows: int, longest: float, count_first: int
) -> None:
    """Packing once where the crowd says which way wins gives the rows that packing with full
    labels and with cut ones, keeping the cut ones only if they leave fewer items out, gives."""
    x0 = np.array([a for a, _, _ in items], dtype=np.float64)  # not sorted: bands first
    x1 = x0 + np.array([b for _, b, _ in items], dtype=np.float64) + MARK
    label_x = np.where(x1 - x0 > 40, x0 + 20, x1 + GAP)
    full = np.minimum(np.array([c for _, _, c in items], dtype=np.float64), longest)
    kept = stack_module.COUNT_FIRST
    stack_module.COUNT_FIRST = count_first  # the crowd counted first, or packed at once
    try:
        stacked = stack_lane(
            x0, x1, label_x, full, gap=GAP, max_rows=max_rows, short_label_px=SHORT,
            more_px=MORE, longest_px=longest,
        )  # fmt: skip
    finally:
        stack_module.COUNT_FIRST = kept
    rows = pack_rows(x0, np.maximum(x1, label_x + full), GAP, max_rows)
    short = pack_rows(x0, np.maximum(x1, label_x + np.minimum(full, SHORT)), GAP, max_rows)
    if np.count_nonzero(short == OVERFLOW_ROW) < np.count_nonzero(rows == OVERFLOW_ROW):
        rows = short
    assert stacked.rows.tolist() == rows.tolist()
