"""Time ↔ pixels and the axis, checked without a display."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.calendar import from_seconds, to_seconds
from app.core.timeline.scale import MIN_SPAN_SECONDS, TimeScale, min_span_at
from app.core.timeline.ticks import axis_ticks, compact_year

STARTS = st.floats(-4e17, 4e11)
SPANS = st.floats(MIN_SPAN_SECONDS, 1e17)
WIDTHS = st.floats(200, 4000)


@given(STARTS, SPANS, WIDTHS, st.floats(0, 1), st.floats(0.05, 20))
def test_zoom_keeps_the_time_under_the_cursor(
    start: float, span: float, width: float, at: float, factor: float
) -> None:
    span = max(span, min_span_at(start))
    scale = TimeScale(start, start + span, width)
    anchor = at * width
    zoomed = scale.zoomed(factor, anchor)
    assert zoomed.t(anchor) == pytest.approx(
        scale.t(anchor), abs=span * 1e-9 + abs(start) * 1e-12 + 1e-6
    )
    assert zoomed.span >= min_span_at(zoomed.t(anchor)) * 0.999


@given(STARTS, SPANS, WIDTHS, st.floats(-2000, 2000))
def test_drag_moves_the_view_by_the_dragged_time(
    start: float, span: float, width: float, dx: float
) -> None:
    scale = TimeScale(start, start + max(span, min_span_at(start)), width)
    moved = scale.panned(dx)
    assert moved.start - scale.start == pytest.approx(
        -dx * scale.seconds_per_pixel, rel=1e-9, abs=abs(start) * 1e-12 + 1e-6
    )
    assert moved.x(scale.t(100.0)) == pytest.approx(100.0 + dx, abs=1e-2)


def test_zoom_stops_at_a_minute_and_at_the_largest_span() -> None:
    scale = TimeScale(0.0, 3600.0, 1000.0)
    assert scale.zoomed(1000, 500).span == MIN_SPAN_SECONDS
    assert scale.zoomed(1e-9, 500, max_span=1e6).span == 1e6


def test_fitting_a_single_instant_shows_a_day_around_it() -> None:
    fitted = TimeScale(0.0, 1.0, 800.0).fitted(1000.0, 1000.0, margin=0)
    assert (fitted.start, fitted.end) == (1000.0 - 43_200, 1000.0 + 43_200)


def test_resizing_keeps_the_left_edge_and_the_zoom() -> None:
    scale = TimeScale(0.0, 1000.0, 100.0).with_width(200.0)
    assert (scale.start, scale.end, scale.seconds_per_pixel) == (0.0, 2000.0, 10.0)


def _labels(
    start: tuple[int, ...], end: tuple[int, ...], width: float = 1000
) -> tuple[list[str], list[str]]:
    major, minor = axis_ticks(TimeScale(to_seconds(*start), to_seconds(*end), width), 56)
    return [t.label for t in major], [t.label for t in minor]


def test_known_windows_get_readable_two_tier_labels() -> None:
    major, minor = _labels((2025, 10, 1), (2025, 11, 1))
    assert major[0] == "Oct 2025"
    assert minor[:3] == ["1", "3", "5"]
    major, minor = _labels((2025, 10, 24, 14), (2025, 10, 24, 16))
    assert major == ["24 Oct 2025"]
    assert minor[:2] == ["14:00", "14:10"]
    major, minor = _labels((1950,), (2030,))
    assert major[:2] == ["1950", "1960"]
    assert "1975" in minor
    major, minor = _labels((2025,), (2026,))
    assert major[0] == "2025"
    assert minor[:3] == ["Jan", "Feb", "Mar"]


def test_deep_time_labels_are_distinct_and_readable() -> None:
    _major, minor = axis_ticks(TimeScale(-4.4e17, -4.3e17, 1000), 56)
    labels = [t.label for t in minor]
    assert all("billion BCE" in label for label in labels)
    assert len(set(labels)) == len(labels)
    assert compact_year(-300) == "301 BCE"
    assert compact_year(-11_999) == "12,000 BCE"
    assert compact_year(-1_499_999, 100_000) == "1.5 million BCE"


@settings(max_examples=300, deadline=None)
@given(st.floats(-4e17, 3e11), st.floats(MIN_SPAN_SECONDS, 4e17), st.floats(300, 3000))
def test_ticks_are_spaced_ordered_and_on_calendar_boundaries(
    start: float, span: float, width: float
) -> None:
    scale = TimeScale(start, start + max(span, min_span_at(start)), width)
    major, minor = axis_ticks(scale, 56)
    assert len(minor) <= width / 40 + 2
    seconds = [t.seconds for t in minor]
    assert seconds == sorted(set(seconds))
    if len(seconds) > 1:
        gaps = [scale.x(b) - scale.x(a) for a, b in itertools.pairwise(seconds)]
        widest = max(len(t.label) for t in minor) * 6
        assert min(gaps) >= max(56 * 0.85, widest)  # months and years vary around their length
    for tick in minor + major:
        _, _, _, _hour, minute, second = from_seconds(tick.seconds)
        assert second == 0
        assert minute == 0 or scale.span < 2 * 86_400
    assert all(scale.start <= t.seconds <= scale.end for t in minor)
    assert major
    assert major[0].seconds <= max(scale.start, minor[0].seconds if minor else scale.start)
