"""The time axis: ticks on calendar boundaries with readable labels, from a minute to the
age of the universe."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.calendar import SECONDS_PER_DAY, from_seconds, to_seconds
from app.core.timeline.scale import TimeScale, min_span_at
from app.core.timeline.ticks import (
    LABEL_PADDING_PX,
    MAX_TICKS_PER_TIER,
    Tick,
    axis_ticks,
    estimated_text_width,
    tick_year_after,
    tick_year_at_or_before,
)

MIN_LABEL_PX = 56.0
BIG_BANG = float(to_seconds(-13_800_000_000))
TEN_BILLION_YEARS = 10_000_000_000 * 365.2425 * SECONDS_PER_DAY
SHORTEST_MONTH = 28 * SECONDS_PER_DAY
SHORTEST_YEAR = 365 * SECONDS_PER_DAY


def _labels(ticks: list[Tick]) -> list[str]:
    return [tick.label for tick in ticks]


def _window(start: tuple[int, ...], end: tuple[int, ...], width: float = 1000) -> TimeScale:
    return TimeScale(float(to_seconds(*start)), float(to_seconds(*end)), width)


def _assert_on_calendar_boundaries(ticks: list[Tick]) -> None:
    """Each tick starts a calendar period at least as long as the distance to its
    neighbour suggests: 00:00 for ticks days apart, the 1st for months, 1 Jan for years."""
    seconds = [tick.seconds for tick in ticks]
    gaps = [b - a for a, b in itertools.pairwise(seconds)]
    for tick, gap in zip(ticks, gaps or [0] * len(ticks), strict=False):
        _, month, day, hour, minute, second = from_seconds(tick.seconds)
        assert second == 0
        if gap >= SECONDS_PER_DAY:
            assert (hour, minute) == (0, 0), tick
        if gap >= SHORTEST_MONTH:
            assert day == 1, tick
        if gap >= SHORTEST_YEAR:
            assert month == 1, tick


@st.composite
def windows(draw: st.DrawFn) -> TimeScale:
    """One minute to ten billion years wide, anywhere from the Big Bang to the far future."""
    start = draw(st.floats(BIG_BANG, 3e14))
    closest = min_span_at(start)
    span = closest * (TEN_BILLION_YEARS / closest) ** draw(st.floats(0, 1))
    return TimeScale(start, start + span, draw(st.floats(300, 4000)))


@settings(max_examples=250, deadline=None)
@given(windows())
def test_minor_ticks_are_ordered_spaced_for_their_labels_and_on_boundaries(
    scale: TimeScale,
) -> None:
    _, minor = axis_ticks(scale, MIN_LABEL_PX)
    seconds = [tick.seconds for tick in minor]
    assert seconds == sorted(set(seconds))
    assert all(scale.start <= t <= scale.end for t in seconds)
    assert len(minor) <= MAX_TICKS_PER_TIER
    for a, b in itertools.pairwise(minor):
        gap_px = scale.x(float(b.seconds)) - scale.x(float(a.seconds))
        assert gap_px >= MIN_LABEL_PX * (1 - 1e-9)
        assert gap_px >= estimated_text_width(a.label) + LABEL_PADDING_PX - 1e-6
        assert a.label != b.label
    _assert_on_calendar_boundaries(minor)


@settings(max_examples=250, deadline=None)
@given(windows())
def test_the_major_tier_is_coarser_and_names_the_period_at_the_left_edge(
    scale: TimeScale,
) -> None:
    major, minor = axis_ticks(scale, MIN_LABEL_PX)
    assert major, "the period in view always has a name"
    assert major[0].seconds <= scale.start
    assert all(scale.start < tick.seconds <= scale.end for tick in major[1:])
    assert [t.seconds for t in major] == sorted({t.seconds for t in major})
    minor_seconds = {tick.seconds for tick in minor}
    assert all(tick.seconds in minor_seconds for tick in major if tick.seconds >= scale.start)
    if len(minor) > 1:
        assert len(major) <= len(minor)
    _assert_on_calendar_boundaries(major)


def test_a_month_shows_its_days_under_the_month() -> None:
    major, minor = axis_ticks(_window((2025, 10, 1), (2025, 11, 1), width=1500), 40)
    assert _labels(major) == ["Oct 2025", "Nov 2025"]
    assert _labels(minor)[:3] == ["1", "2", "3"]
    assert "24" in _labels(minor)


def test_a_narrow_month_keeps_to_days_of_the_month_that_fit() -> None:
    major, minor = axis_ticks(_window((2025, 10, 15), (2025, 11, 15), width=600))
    assert _labels(major)[0] == "Oct 2025"  # the month begun before the left edge
    assert major[0].seconds == to_seconds(2025, 10, 1)
    assert "1" in _labels(minor)  # 1 November is always a tick, however coarse the days


def test_an_afternoon_shows_clock_times_under_the_day() -> None:
    major, minor = axis_ticks(_window((2025, 10, 24, 14), (2025, 10, 24, 16)))
    assert _labels(major) == ["24 Oct 2025"]
    assert _labels(minor)[:3] == ["14:00", "14:10", "14:20"]


def test_a_year_shows_months_under_the_year() -> None:
    major, minor = axis_ticks(_window((2025,), (2026,)))
    assert _labels(major) == ["2025", "2026"]
    assert _labels(minor)[:3] == ["Jan", "Feb", "Mar"]


def test_decades_show_years_under_the_decade() -> None:
    major, minor = axis_ticks(_window((1950,), (2030,)))
    assert _labels(major)[:3] == ["1950", "1960", "1970"]
    assert "1975" in _labels(minor)


def test_antiquity_counts_round_years_on_both_sides_of_the_era() -> None:
    _, minor = axis_ticks(_window((-500,), (501,)))
    labels = _labels(minor)
    assert labels[:2] == ["500 BCE", "400 BCE"]
    assert "100 BCE" in labels
    assert "100" in labels
    assert "1 BCE" not in labels  # year 0 is not a round number to a reader


def test_deep_time_reads_in_billions_with_distinct_labels() -> None:
    scale = TimeScale(BIG_BANG - 1e16, BIG_BANG + 1e16, 1000)
    major, minor = axis_ticks(scale)
    labels = _labels(minor)
    assert len(labels) >= 3
    assert all("billion BCE" in label for label in labels + _labels(major))
    assert len(set(labels)) == len(labels)


def test_the_far_future_reads_in_millions() -> None:
    _, minor = axis_ticks(_window((1_000_000,), (3_000_000,)))
    assert "2 million" in _labels(minor)


def test_wider_text_makes_the_ticks_sparser() -> None:
    scale = _window((1950,), (2030,))
    _, normal = axis_ticks(scale)
    _, wide = axis_ticks(scale, text_width=lambda text: 30.0 * len(text))
    assert len(wide) < len(normal)


def test_the_whole_range_of_time_still_gets_a_handful_of_ticks() -> None:
    major, minor = axis_ticks(TimeScale(-1e18, 1e18, 1000))
    assert 2 <= len(minor) <= 20
    assert major[0].seconds <= -1e18


def test_tick_years_are_round_numbers_as_written() -> None:
    assert tick_year_at_or_before(50, 100) == -99  # 100 BCE
    assert tick_year_at_or_before(-100, 100) == -199  # 200 BCE
    assert tick_year_after(-99, 100) == 100
    assert tick_year_after(-100, 100) == -99
    assert tick_year_after(0, 1) == 1
    assert tick_year_at_or_before(2025, 10) == 2020


def _is_tick_year(year: int, count: int) -> bool:
    return year % count == 0 if year > 0 else (1 - year) % count == 0


@given(st.integers(-10_000, 10_000), st.sampled_from([1, 2, 5, 10, 20, 50, 100, 1000]))
def test_tick_years_step_to_the_neighbouring_round_years(year: int, count: int) -> None:
    before, after = tick_year_at_or_before(year, count), tick_year_after(year, count)
    assert _is_tick_year(before, count)
    assert _is_tick_year(after, count)
    assert before <= year < after
    assert not any(_is_tick_year(y, count) for y in range(before + 1, after) if y != year)
    assert _is_tick_year(year, count) == (before == year)
