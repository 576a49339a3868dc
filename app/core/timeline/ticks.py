"""Axis ticks in two tiers on calendar boundaries, from minutes to billions of years.

Boundaries come from the integer calendar in `app.core.calendar`, which works for any year,
so a window near the Big Bang gets round numbers just as a window on one afternoon does.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass

from app.core.calendar import MONTH_ABBR, SECONDS_PER_DAY, from_seconds, to_seconds
from app.core.timeline.scale import TimeScale

MAX_YEAR_STEP = 10**11
CHAR_PX = 7.5
"""A generous width of one character of axis text, to keep labels apart."""
LABEL_PADDING_PX = 8
_DAYS_PER_YEAR = 365.2425
_SECONDS_PER_MONTH = _DAYS_PER_YEAR / 12 * SECONDS_PER_DAY
_SECONDS_PER_YEAR = _DAYS_PER_YEAR * SECONDS_PER_DAY
_WEEK_DAYS = (1, 8, 15, 22)
"""Days of the month that start a 'week' tick: calendar-aligned, unlike ISO weeks."""


@dataclass(frozen=True, slots=True)
class Tick:
    seconds: int
    label: str


@dataclass(frozen=True, slots=True)
class Step:
    unit: str  # "minute", "hour", "day", "week", "month", "year"
    count: int

    @property
    def nominal_seconds(self) -> float:
        return self.count * {
            "minute": 60.0, "hour": 3600.0, "day": float(SECONDS_PER_DAY),
            "week": 7.0 * SECONDS_PER_DAY, "month": _SECONDS_PER_MONTH, "year": _SECONDS_PER_YEAR,
        }[self.unit]  # fmt: skip


def _ladder() -> list[Step]:
    steps = [Step("minute", n) for n in (1, 5, 10, 15, 30)]
    steps += [Step("hour", n) for n in (1, 3, 6, 12)]
    steps += [Step("day", 1), Step("day", 2), Step("week", 1)]
    steps += [Step("month", n) for n in (1, 3, 6)]
    years = 1
    while years <= MAX_YEAR_STEP:
        steps += [Step("year", years * k) for k in (1, 2, 5)]
        years *= 10
    return steps


LADDER = tuple(_ladder())


def compact_year(year: int, step_years: int = 1) -> str:
    """'2025', '301 BCE', '12,000 BCE', '1.5 million BCE', '13.85 billion BCE': large years
    in millions or billions, with as many decimals as ticks `step_years` apart need."""
    magnitude, suffix = (1 - year, " BCE") if year <= 0 else (year, "")
    for size, word in ((10**9, "billion"), (10**6, "million")):
        if magnitude >= size:
            decimals = max(1, math.ceil(math.log10(size / step_years))) if step_years < size else 0
            number = f"{magnitude / size:.{decimals}f}".rstrip("0").rstrip(".")
            return f"{number} {word}{suffix}"
    return f"{magnitude:,}{suffix}" if magnitude >= 10_000 else f"{magnitude}{suffix}"


def choose_step(scale: TimeScale, min_label_px: float) -> Step:
    """The finest step whose ticks stand at least `min_label_px` apart."""
    for step in LADDER:
        if step.nominal_seconds / scale.seconds_per_pixel >= min_label_px:
            return step
    return LADDER[-1]


def _major_step(minor: Step) -> Step:
    if minor.unit in ("minute", "hour"):
        return Step("day", 1)
    if minor.unit in ("day", "week"):
        return Step("month", 1)
    if minor.unit == "month":
        return Step("year", 1)
    return Step("year", 10 ** (int(math.log10(minor.count)) + 1))


def boundaries(step: Step, start: float, end: float) -> Iterator[int]:
    """Calendar boundaries of `step` from the last one at or before `start` to `end`."""
    if step.unit in ("minute", "hour"):
        size = int(step.nominal_seconds)
        t = math.floor(start / size) * size
        while t <= end:
            yield t
            t += size
        return
    if step.unit == "day":
        size = step.count * SECONDS_PER_DAY
        t = math.floor(start / size) * size
        while t <= end:
            yield t
            t += size
        return
    year, month, *_ = from_seconds(math.floor(start))
    if step.unit == "week":
        while True:
            for day in _WEEK_DAYS:
                t = to_seconds(year, month, day)
                if t > end:
                    return
                if t + 7 * SECONDS_PER_DAY > start:
                    yield t
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    if step.unit == "month":
        month -= (month - 1) % step.count
        while (t := to_seconds(year, month)) <= end:
            yield t
            month += step.count
            if month > 12:
                year, month = year + 1, month - 12
        return
    year -= year % step.count
    while (t := to_seconds(year)) <= end:
        yield t
        year += step.count


def _label(step: Step, seconds: int, *, major: bool) -> str:
    year, month, day, hour, minute, _ = from_seconds(seconds)
    if major:
        if step.unit == "day":
            return f"{day} {MONTH_ABBR[month - 1]} {compact_year(year)}"
        if step.unit == "month":
            return f"{MONTH_ABBR[month - 1]} {compact_year(year)}"
        return compact_year(year, step.count)
    if step.unit in ("minute", "hour"):
        return f"{hour:02d}:{minute:02d}"
    if step.unit in ("day", "week"):
        return str(day)
    if step.unit == "month":
        return MONTH_ABBR[month - 1]
    return compact_year(year, step.count)


def axis_ticks(scale: TimeScale, min_label_px: float) -> tuple[list[Tick], list[Tick]]:
    """(major, minor) ticks for the window. The major tier starts with the boundary at or
    before the window's start, so the period in view can be named at the left edge.

    Minor ticks stand at least `min_label_px` apart and far enough for their labels, which
    grow long in deep time ("12.4291916 billion BCE")."""
    index = LADDER.index(choose_step(scale, min_label_px))
    while True:
        minor_step = LADDER[index]
        minor = [
            Tick(t, _label(minor_step, t, major=False))
            for t in boundaries(minor_step, scale.start, scale.end)
            if t >= scale.start
        ]
        spacing = minor_step.nominal_seconds / scale.seconds_per_pixel
        widest = max((len(t.label) for t in minor), default=0) * CHAR_PX + LABEL_PADDING_PX
        if widest <= spacing or index == len(LADDER) - 1:
            break
        index += 1
    major_step = _major_step(minor_step)
    major = [
        Tick(t, _label(major_step, t, major=True))
        for t in boundaries(major_step, scale.start, scale.end)
    ]
    return major, minor
