"""Where the first view looks: the bulk of the items, with the outliers counted at the edges."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from app.core.calendar import to_seconds
from app.core.timeline.framing import (
    Framing,
    bulk_window,
    nearest_outside,
    outside_counts,
)

DAY = 86_400.0


def _day(year: int, month: int, day: int) -> tuple[float, float]:
    start = float(to_seconds(year, month, day))
    return start, start + DAY - 1


def _month(year: int, month: int) -> tuple[float, float]:
    start = float(to_seconds(year, month))
    following = to_seconds(year + month // 12, month % 12 + 1)
    return start, float(following - 1)


SAMPLE = [
    _month(2005, 12),  # the UN General Assembly vote the article recalls
    _day(2021, 12, 17),  # the draft treaty Russia published
    _day(2024, 6, 14),
    _day(2025, 6, 2),
    _day(2025, 7, 10),
    _day(2025, 8, 16),
    _day(2025, 9, 29),
    *[_month(2025, 10)] * 2,
    _day(2025, 10, 20),
    _day(2025, 10, 22),
    (float(to_seconds(2025, 10, 24)), float(to_seconds(2025, 10, 27) - 1)),  # Miami, 3 days
    *[_month(2025, 11)] * 22,  # "c. Nov 2025"
    *[_day(2025, 11, 14)] * 2,
    *[_day(2025, 11, 17)] * 5,
    *[_day(2025, 11, 18)] * 5,
]
"""The 46 items of the bundled sample, as the store dates them."""


def _frame(items: list[tuple[float, float]]) -> Framing:
    framing = bulk_window([s for s, _ in items], [e for _, e in items])
    assert framing is not None
    return framing


def test_the_sample_opens_on_2025_with_three_earlier_items_outside() -> None:
    framing = _frame(SAMPLE)
    assert len(SAMPLE) == 46
    assert framing.start == to_seconds(2025, 6, 2)
    assert framing.end == to_seconds(2025, 12, 1) - 1
    assert (framing.before, framing.after) == (3, 0)


def test_a_filter_of_one_track_frames_it_whole() -> None:
    """The UN Security Council track: its items from October to November, nothing outside."""
    unsc = [_day(2025, 10, 20), *[_month(2025, 11)] * 8, *[_day(2025, 11, 17)] * 4]
    framing = _frame(unsc)
    assert (framing.start, framing.end) == (to_seconds(2025, 10, 20), to_seconds(2025, 12, 1) - 1)
    assert (framing.before, framing.after) == (0, 0)


def test_nothing_to_frame() -> None:
    assert bulk_window([], []) is None


@pytest.mark.parametrize(
    "items",
    [
        [_day(2025, 11, 17)],
        [_day(2005, 12, 1), _day(2025, 11, 17)],
        [_day(2005, 12, 1), _day(2025, 11, 17), _day(2025, 11, 18)],
        [_day(1900, 1, 1), *[_day(2025, 11, 17)] * 3],
        [_day(2025, 11, 17)] * 40 + [_day(2025, 11, 20)] * 3,
    ],
    ids=["one", "two far apart", "three", "four", "a day and three days later"],
)
def test_few_items_or_close_ones_are_all_framed(items: list[tuple[float, float]]) -> None:
    framing = _frame(items)
    assert (framing.start, framing.end) == (min(s for s, _ in items), max(e for _, e in items))
    assert (framing.before, framing.after) == (0, 0)


def test_one_item_far_from_four_is_left_out() -> None:
    framing = _frame([_day(1900, 1, 1), *[_day(2025, 11, d) for d in range(14, 18)]])
    assert framing.start == to_seconds(2025, 11, 14)
    assert (framing.before, framing.after) == (1, 0)


def test_two_far_groups_of_the_same_size_are_both_framed() -> None:
    items = [_day(1990, 1, d) for d in range(1, 21)] + [_day(2025, 1, d) for d in range(1, 21)]
    framing = _frame(items)
    assert (framing.start, framing.before, framing.after) == (to_seconds(1990, 1, 1), 0, 0)


def test_a_million_evenly_spread_items_are_all_framed() -> None:
    starts = np.linspace(0.0, 3e9, 1_000_000)
    framing = bulk_window(starts, starts + DAY)
    assert framing == Framing(0.0, 3e9 + DAY, 0, 0)


def test_a_heavy_tail_is_cut_where_it_thins_out() -> None:
    rng = np.random.default_rng(14)
    starts = 1.75e9 + rng.standard_cauchy(100_000) * DAY
    framing = bulk_window(starts, starts)
    assert framing is not None
    assert framing.end - framing.start < 200 * DAY  # the whole span is some 3,000 years
    assert framing.before + framing.after < 0.05 * len(starts)


def test_a_range_starting_long_before_the_bulk_runs_in_from_the_edge() -> None:
    """The war since 2014, and the talks of November 2025: the talks are framed, and the war
    is in view (its bar runs in from the left), so it is not counted as outside."""
    items = [(float(to_seconds(2014, 2, 20)), _day(2025, 11, 30)[1])]
    items += [_day(2025, 11, d) for d in range(1, 20)]
    framing = _frame(items)
    assert (framing.start, framing.end) == (to_seconds(2025, 11, 1), _day(2025, 11, 19)[1])
    assert (framing.before, framing.after) == (0, 0)


TIMES = st.integers(-(10**10), 10**10).map(float)
ITEMS = st.lists(
    st.tuples(TIMES, st.sampled_from([0.0, DAY - 1, 30 * DAY, 3 * 365 * DAY])),
    min_size=1,
    max_size=60,
)


def _columns(items: list[tuple[float, float]]) -> tuple[np.ndarray, np.ndarray]:
    starts = np.array([s for s, _ in items], dtype=np.float64)
    return starts, starts + np.array([d for _, d in items], dtype=np.float64)


@example([(0.0, 0.0)] * 3 + [(0.0, 30 * DAY), (14 * DAY + 1, 3 * 365 * DAY)])
@given(ITEMS)
def test_the_window_holds_the_bulk_and_counts_what_it_leaves_out(
    items: list[tuple[float, float]],
) -> None:
    starts, ends = _columns(items)
    framing = bulk_window(starts, ends)
    assert framing is not None
    assert starts.min() <= framing.start <= framing.end <= ends.max()
    assert framing.before == np.count_nonzero(ends < framing.start)
    assert framing.after == np.count_nonzero(starts > framing.end)
    # at least four in five items start in the window
    assert np.count_nonzero((starts >= framing.start) & (starts <= framing.end)) >= 0.8 * len(items)
    if np.all((starts >= framing.start) & (starts <= framing.end)):
        assert (framing.start, framing.end) == (starts.min(), ends.max())


@given(ITEMS, st.randoms(use_true_random=False))
def test_the_order_of_the_items_does_not_matter(
    items: list[tuple[float, float]], random: object
) -> None:
    starts, ends = _columns(sorted(items))
    shuffled = list(items)
    random.shuffle(shuffled)  # type: ignore[attr-defined]
    assert bulk_window(*_columns(shuffled)) == bulk_window(starts, ends)


@given(ITEMS, TIMES, TIMES)
def test_outside_counts_and_nearest_agree_with_a_count_of_every_item(
    items: list[tuple[float, float]], a: float, b: float
) -> None:
    starts, ends = _columns(sorted(items))
    lo, hi = min(a, b), max(a, b)
    before, after = outside_counts(starts, ends, lo, hi)
    assert before == np.count_nonzero(ends < lo)
    assert after == np.count_nonzero(starts > hi)
    earlier = nearest_outside(starts, ends, lo, hi, later=False)
    later = nearest_outside(starts, ends, lo, hi, later=True)
    assert (earlier is None) == (before == 0)
    assert (later is None) == (after == 0)
    if earlier is not None:
        assert ends[earlier] == ends[ends < lo].max()
    if later is not None:
        assert starts[later] == starts[starts > hi].min()


def test_an_item_past_the_bulk_inside_a_long_range_of_it_is_not_counted_outside() -> None:
    """Found by the property test above: a three-year range in the bulk ends after a lone
    later item starts, so that item is in view, not beyond the right edge."""
    items = [(0.0, 0.0)] * 8 + [(1_209_601.0, 0.0), (-7_776_000.0, 0.0)]
    items[0] = (0.0, 30 * DAY)
    starts, ends = _columns(items)
    framing = bulk_window(starts, ends)
    assert framing is not None
    assert framing.after == np.count_nonzero(starts > framing.end)
    assert framing.before == np.count_nonzero(ends < framing.start)
