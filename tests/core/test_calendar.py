"""Proleptic Gregorian arithmetic: exact for any year, agreeing with `datetime` where it reaches."""

from __future__ import annotations

import calendar as stdlib_calendar
from datetime import date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.calendar import (
    civil_from_days,
    days_from_civil,
    days_in_month,
    format_year,
    from_seconds,
    is_leap,
    to_seconds,
)

EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
BIG_BANG_YEAR = -13_800_000_000
# Days from 1 Jan of year 0 back to 1 Jan of the Big Bang year: -13.8e9 is a whole number of
# 400-year cycles of 146,097 days. 1 Jan of year 0 is 366 days (year 0 is leap) before
# 1 Jan 0001, which is 719,162 days before 1970-01-01.
BIG_BANG_DAYS = -719_528 - 34_500_000 * 146_097

FAST = settings(max_examples=300, deadline=None)


@st.composite
def real_dates(draw: st.DrawFn) -> date:
    return date.fromordinal(draw(st.integers(1, date.max.toordinal())))


@FAST
@given(real_dates())
def test_days_from_civil_agrees_with_datetime_for_years_1_to_9999(day: date) -> None:
    assert days_from_civil(day.year, day.month, day.day) == day.toordinal() - EPOCH_ORDINAL


@FAST
@given(real_dates())
def test_civil_from_days_agrees_with_datetime_for_years_1_to_9999(day: date) -> None:
    assert civil_from_days(day.toordinal() - EPOCH_ORDINAL) == (day.year, day.month, day.day)


@pytest.mark.parametrize(
    ("civil", "days"),
    [
        ((1970, 1, 1), 0),
        ((1969, 12, 31), -1),
        ((2000, 3, 1), 11_017),
        ((2025, 10, 24), 20_385),
        ((1, 1, 1), -719_162),
        ((0, 12, 31), -719_163),
        ((0, 1, 1), -719_528),
        ((0, 2, 29), -719_469),
        ((BIG_BANG_YEAR, 1, 1), BIG_BANG_DAYS),
    ],
)
def test_days_from_civil_known_values(civil: tuple[int, int, int], days: int) -> None:
    assert days_from_civil(*civil) == days
    assert civil_from_days(days) == civil


WIDE_DAYS = st.one_of(
    st.integers(-(10**16), 10**16),
    st.integers(BIG_BANG_DAYS - 400 * 146_097, BIG_BANG_DAYS + 400 * 146_097),
    st.integers(-(10**40), 10**40),
)


@FAST
@given(WIDE_DAYS)
def test_civil_from_days_is_the_inverse_of_days_from_civil_for_any_day_count(days: int) -> None:
    year, month, day = civil_from_days(days)
    assert 1 <= month <= 12
    assert 1 <= day <= days_in_month(year, month)
    assert days_from_civil(year, month, day) == days


@FAST
@given(WIDE_DAYS)
def test_consecutive_day_counts_are_consecutive_calendar_days(days: int) -> None:
    year, month, day = civil_from_days(days)
    following = civil_from_days(days + 1)
    if day < days_in_month(year, month):
        assert following == (year, month, day + 1)
    elif month < 12:
        assert following == (year, month + 1, 1)
    else:
        assert following == (year + 1, 1, 1)


@FAST
@given(
    st.integers(-(10**12), 10**12),
    st.integers(1, 12),
    st.integers(1, 31),
    st.integers(0, 23),
    st.integers(0, 59),
    st.integers(0, 59),
)
def test_from_seconds_is_the_inverse_of_to_seconds(
    year: int, month: int, day: int, hour: int, minute: int, second: int
) -> None:
    day = min(day, days_in_month(year, month))
    seconds = to_seconds(year, month, day, hour, minute, second)
    assert from_seconds(seconds) == (year, month, day, hour, minute, second)


@FAST
@given(st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31, 23, 59, 59)))
def test_to_seconds_agrees_with_datetime(moment: datetime) -> None:
    expected = (moment.replace(microsecond=0) - datetime(1970, 1, 1)) // timedelta(seconds=1)
    fields = (moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second)
    assert to_seconds(*fields) == expected


def test_to_seconds_known_values() -> None:
    assert to_seconds(1970) == 0
    assert to_seconds(2025) == 1_735_689_600
    assert to_seconds(2025, 10, 24, 14, 30) == 1_761_316_200
    assert to_seconds(1969, 12, 31, 23, 59, 59) == -1
    assert from_seconds(-1) == (1969, 12, 31, 23, 59, 59)
    assert to_seconds(BIG_BANG_YEAR) == BIG_BANG_DAYS * 86_400 == -435_485_999_767_219_200


@pytest.mark.parametrize(
    ("year", "leap"),
    [
        (2024, True),
        (2025, False),
        (2000, True),
        (1900, False),
        (2100, False),
        (1600, True),
        (0, True),  # 1 BCE
        (-4, True),  # 5 BCE
        (-1, False),
        (-100, False),
        (-400, True),
        (BIG_BANG_YEAR, True),
    ],
)
def test_is_leap(year: int, leap: bool) -> None:
    assert is_leap(year) is leap


@FAST
@given(st.integers(-(10**15), 10**15))
def test_is_leap_matches_the_standard_library_for_any_year(year: int) -> None:
    assert is_leap(year) == stdlib_calendar.isleap(year)


@pytest.mark.parametrize(
    ("year", "month", "days"),
    [
        (2025, 1, 31),
        (2025, 2, 28),
        (2024, 2, 29),
        (1900, 2, 28),
        (2000, 2, 29),
        (2025, 4, 30),
        (2025, 6, 30),
        (2025, 9, 30),
        (2025, 11, 30),
        (2025, 7, 31),
        (2025, 8, 31),
        (2025, 12, 31),
        (0, 2, 29),
        (-300, 2, 28),
    ],
)
def test_days_in_month(year: int, month: int, days: int) -> None:
    assert days_in_month(year, month) == days


@FAST
@given(st.integers(1, 9999), st.integers(1, 12))
def test_days_in_month_matches_the_standard_library(year: int, month: int) -> None:
    assert days_in_month(year, month) == stdlib_calendar.monthrange(year, month)[1]


@pytest.mark.parametrize(
    ("year", "text"),
    [
        (2025, "2025"),
        (1, "1"),
        (476, "476"),
        (9999, "9999"),
        (10_000, "10,000"),
        (12_345, "12,345"),
        (0, "1 BCE"),
        (-1, "2 BCE"),
        (-300, "301 BCE"),
        (-9998, "9999 BCE"),
        (-9999, "10,000 BCE"),
        (BIG_BANG_YEAR, "13,800,000,001 BCE"),
    ],
)
def test_format_year(year: int, text: str) -> None:
    assert format_year(year) == text
