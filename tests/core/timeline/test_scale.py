"""Zooming, panning, fitting and resizing the timeline, checked without a display."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.core.calendar import to_seconds
from app.core.timeline.scale import (
    MIN_SPAN_SECONDS,
    SINGLE_INSTANT_SPAN_SECONDS,
    TimeScale,
    min_span_at,
)

BIG_BANG = float(to_seconds(-13_800_000_000))
FAR_FUTURE = float(to_seconds(10_000_000))
LARGEST_TEST_SPAN = 1e17
GENEROUS_MAX_SPAN = 1e18
PIXEL_TOLERANCE = 0.05
"""Anything finer than a twentieth of a pixel is invisible on screen."""


def float_step(*times: float) -> float:
    """How far apart representable seconds are around these times (64 s at the Big Bang):
    a window's realised span can differ from the asked one by this much."""
    return 2 * float(np.spacing(max(abs(t) for t in times)))


@st.composite
def scales(draw: st.DrawFn) -> TimeScale:
    """Windows anywhere from the Big Bang to the far future, from the closest zoom there to
    three billion years wide, on screens from narrow to very wide."""
    start = draw(st.floats(BIG_BANG, FAR_FUTURE))
    closest = min_span_at(start)
    span = closest * (LARGEST_TEST_SPAN / closest) ** draw(st.floats(0, 1))
    width = draw(st.floats(200, 4000))
    return TimeScale(start, start + span, width)


@given(scales(), st.floats(0, 1), st.floats(0.05, 20))
def test_zooming_keeps_the_time_under_the_pointer_under_it(
    scale: TimeScale, anchor_fraction: float, factor: float
) -> None:
    anchor_x = anchor_fraction * scale.width
    zoomed = scale.zoomed(factor, anchor_x, max_span=GENEROUS_MAX_SPAN)
    assert zoomed.x(scale.t(anchor_x)) == pytest.approx(anchor_x, abs=PIXEL_TOLERANCE)
    assert zoomed.width == scale.width
    anchor = scale.t(anchor_x)
    slack = float_step(anchor, zoomed.start, zoomed.end)
    assert min_span_at(anchor) - slack <= zoomed.span <= GENEROUS_MAX_SPAN


@given(scales(), st.floats(1.01, 10))
def test_zooming_in_shows_less_time_and_out_shows_more(scale: TimeScale, factor: float) -> None:
    middle = scale.width / 2
    zoomed_in = scale.zoomed(factor, middle, GENEROUS_MAX_SPAN)
    zoomed_out = scale.zoomed(1 / factor, middle, GENEROUS_MAX_SPAN)
    slack = float_step(scale.start, scale.end, zoomed_out.start, zoomed_out.end)
    assert zoomed_in.span <= scale.span + slack
    assert zoomed_out.span >= scale.span - slack


@given(scales(), st.lists(st.floats(-1000, 5000), min_size=1, max_size=20))
def test_pixels_and_times_round_trip_for_arrays_and_numbers(
    scale: TimeScale, xs: list[float]
) -> None:
    pixels = np.array(xs, dtype=np.float64)
    np.testing.assert_allclose(scale.x(scale.t(pixels)), pixels, atol=PIXEL_TOLERANCE)
    assert scale.x(scale.t(xs[0])) == pytest.approx(xs[0], abs=PIXEL_TOLERANCE)
    assert scale.x(scale.start) == 0
    assert scale.x(scale.end) == pytest.approx(scale.width)


@given(scales(), st.floats(-2000, 2000), st.floats(0, 1))
def test_dragging_moves_the_time_under_the_pointer_with_it(
    scale: TimeScale, dx: float, grab_fraction: float
) -> None:
    grab_x = grab_fraction * scale.width
    moved = scale.panned(dx)
    assert moved.x(scale.t(grab_x)) == pytest.approx(grab_x + dx, abs=PIXEL_TOLERANCE)
    assert moved.span == pytest.approx(
        scale.span, abs=float_step(scale.start, scale.end, moved.start, moved.end)
    )
    if dx >= PIXEL_TOLERANCE:
        assert moved.start < scale.start  # dragging right shows earlier time


def test_zoom_stops_at_a_minute_near_the_present() -> None:
    afternoon = TimeScale(to_seconds(2025, 10, 24, 14), to_seconds(2025, 10, 24, 15), 1000)
    closest = afternoon.zoomed(1e6, 500, max_span=GENEROUS_MAX_SPAN)
    assert closest.span == MIN_SPAN_SECONDS
    assert closest.zoomed(2, 500, max_span=GENEROUS_MAX_SPAN).span == MIN_SPAN_SECONDS


def test_zoom_stops_where_float_seconds_run_out_at_deep_time() -> None:
    deep = TimeScale(BIG_BANG, BIG_BANG + 1e12, 1000).zoomed(1e12, 500, GENEROUS_MAX_SPAN)
    assert deep.span == pytest.approx(min_span_at(BIG_BANG), abs=float_step(BIG_BANG))
    assert deep.span > 365 * 86_400  # about a year: floats there are 64 s apart
    pixel_times = deep.t(np.arange(1001, dtype=np.float64))
    assert np.all(np.diff(pixel_times) > 0)  # every pixel still shows a different time


def test_zoom_out_stops_at_the_largest_span_the_canvas_allows() -> None:
    scale = TimeScale(0.0, 3600.0, 1000.0)
    widest = scale.zoomed(1e-9, 500, max_span=1e6)
    assert widest.span == 1e6
    assert widest.zoomed(0.5, 500, max_span=1e6).span == 1e6


def test_fitting_leaves_a_margin_on_each_side_of_the_data() -> None:
    fitted = TimeScale(0.0, 1.0, 800.0).fitted(1000.0, 2000.0, 0.05)
    assert (fitted.start, fitted.end, fitted.width) == (950.0, 2050.0, 800.0)


def test_fitting_a_single_instant_shows_a_day_around_it() -> None:
    moment = float(to_seconds(2025, 10, 24, 12))
    fitted = TimeScale(0.0, 1.0, 800.0).fitted(moment, moment)
    assert fitted.span == SINGLE_INSTANT_SPAN_SECONDS
    assert fitted.x(moment) == pytest.approx(400.0)


def test_fitting_the_big_bang_alone_gives_a_usable_window() -> None:
    fitted = TimeScale(0.0, 1.0, 800.0).fitted(BIG_BANG, BIG_BANG)
    assert fitted.start < BIG_BANG < fitted.end
    assert fitted.span >= min_span_at(BIG_BANG) - float_step(BIG_BANG)


def test_resizing_keeps_the_left_edge_and_the_zoom() -> None:
    scale = TimeScale(0.0, 1000.0, 100.0).with_width(200.0)
    assert (scale.start, scale.end, scale.seconds_per_pixel) == (0.0, 2000.0, 10.0)


@pytest.mark.parametrize(
    ("start", "end", "width"),
    [(0.0, 0.0, 100.0), (10.0, 0.0, 100.0), (0.0, 1.0, 0.0), (0.0, math.inf, 100.0)],
)
def test_an_impossible_window_is_refused(start: float, end: float, width: float) -> None:
    with pytest.raises(ValueError, match=r"window|width"):
        TimeScale(start, end, width)
