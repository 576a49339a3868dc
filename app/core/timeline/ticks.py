"""Axis ticks in two tiers on calendar boundaries, from one minute to billions of years.

Every tick is the first second of a minute, hour, day, month or year, computed with the
integer calendar in `app.core.calendar`, which works for any year: a window near the Big Bang
gets round years just as an afternoon gets round hours. `datetime` is never used (it stops
at year 1 and year 9999).

Steps come from a ladder (see `LADDER`); the minor tier takes the finest step whose ticks stand
far enough apart for their labels, and the major tier the next calendar unit up. Work per call
is proportional to the ticks on screen: enumeration starts at the boundary at the window's
start, never at some fixed origin.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import Enum
from typing import NamedTuple

from app.core.calendar import (
    MONTH_ABBR,
    SECONDS_PER_DAY,
    civil_from_days,
    days_from_civil,
    days_in_month,
    from_seconds,
    to_seconds,
)
from app.core.timeline.scale import TimeScale
from app.core.timeline.years import compact_year

SECONDS_PER_MINUTE = 60
SECONDS_PER_HOUR = 3_600
DAYS_PER_COMMON_YEAR = 365
MONTHS_PER_YEAR = 12
COMMON_YEAR = 2001
"""Any year without 29 February: the shortest months, for the closest months can come."""

DEFAULT_MIN_LABEL_PX = 56.0
LABEL_CHAR_PX = 7.0
"""A generous advance of one character of axis text, when the caller gives no font metrics."""
LABEL_PADDING_PX = 10.0
"""Room kept between the end of one minor label and the next tick."""
MAX_TICKS_PER_TIER = 400
"""However small `min_label_px` is, no tier gets more ticks than this across the width."""

MINUTE_STEPS = (1, 5, 10, 15, 30)
HOUR_STEPS = (1, 3, 6, 12)
DAY_STEPS = (1, 2, 7)
"""Days within each month: 7 gives the 1st, 8th, 15th and 22nd, aligned to months (unlike
ISO weeks) so that a day tick never falls a day before the next month's tick."""
MONTH_STEPS = (1, 3, 6)
YEAR_STEP_MANTISSAS = (1, 2, 5)
MAX_YEAR_STEP_EXPONENT = 11
"""Year steps run 1, 2, 5, 10, … up to 5e11 years, beyond any window a TimeScale allows."""

TextWidth = Callable[[str], float]


class Unit(Enum):
    MINUTE = "minute"
    HOUR = "hour"
    DAY = "day"
    MONTH = "month"
    YEAR = "year"


@dataclass(frozen=True, slots=True)
class Step:
    """`count` calendar `unit`s between ticks, aligned to the next unit up (hours to the day,
    days to the month, months to the year, years to round numbers of years)."""

    unit: Unit
    count: int

    @property
    def shortest_seconds(self) -> int:
        """The smallest distance two neighbouring ticks can have, so that spacing holds for
        every month and year (a one-month step can be as short as February)."""
        match self.unit:
            case Unit.MINUTE:
                return self.count * SECONDS_PER_MINUTE
            case Unit.HOUR:
                return self.count * SECONDS_PER_HOUR
            case Unit.DAY:
                return self.count * SECONDS_PER_DAY
            case Unit.MONTH:
                spans = (
                    sum(days_in_month(COMMON_YEAR, first + i) for i in range(self.count))
                    for first in range(1, MONTHS_PER_YEAR + 1, self.count)
                )
                return min(spans) * SECONDS_PER_DAY
        return self.count * DAYS_PER_COMMON_YEAR * SECONDS_PER_DAY


def _ladder() -> tuple[Step, ...]:
    steps = [Step(Unit.MINUTE, n) for n in MINUTE_STEPS]
    steps += [Step(Unit.HOUR, n) for n in HOUR_STEPS]
    steps += [Step(Unit.DAY, n) for n in DAY_STEPS]
    steps += [Step(Unit.MONTH, n) for n in MONTH_STEPS]
    for exponent in range(MAX_YEAR_STEP_EXPONENT + 1):
        steps += [Step(Unit.YEAR, m * 10**exponent) for m in YEAR_STEP_MANTISSAS]
    return tuple(steps)


LADDER = _ladder()


class Tick(NamedTuple):
    seconds: int
    """The exact first second of the period the tick starts."""
    label: str


class AxisTicks(NamedTuple):
    major: list[Tick]
    """Upper tier. Its first tick is the last boundary at or before the window's start, so
    the canvas can pin the name of the period in view ("Oct 2025") at the left edge."""
    minor: list[Tick]
    """Lower tier, inside the window, labels at least `min_label_px` apart."""


def major_step_for(minor: Step) -> Step:
    """The next calendar unit up: days above hours and minutes, months above days, years
    above months, and the next power of ten above a step of years (decades above years,
    a billion years above hundreds of millions)."""
    match minor.unit:
        case Unit.MINUTE | Unit.HOUR:
            return Step(Unit.DAY, 1)
        case Unit.DAY:
            return Step(Unit.MONTH, 1)
        case Unit.MONTH:
            return Step(Unit.YEAR, 1)
    return Step(Unit.YEAR, 10 ** (len(str(minor.count))))


def _fixed_boundaries(size: int, first: int, end: float) -> Iterator[int]:
    """Multiples of `size` seconds from `first`: every size divides a day, and days start at
    multiples of 86,400 s, so these are hour and minute boundaries."""
    t = first - first % size
    while t <= end:
        yield t
        t += size


def _day_boundaries(count: int, first: int, end: float) -> Iterator[int]:
    """Days 1, 1 + count, … of each month, leaving out a last one closer than `count` days to
    the next month's first (so ticks never crowd at month ends)."""
    year, month, day = civil_from_days(first // SECONDS_PER_DAY)
    last_day = days_in_month(year, month) - count + 1
    day = 1 + (min(day, last_day) - 1) // count * count
    while True:
        last_day = days_in_month(year, month) - count + 1
        while day <= last_day:
            t = days_from_civil(year, month, day) * SECONDS_PER_DAY
            if t > end:
                return
            yield t
            day += count
        year, month, day = (year + 1, 1, 1) if month == MONTHS_PER_YEAR else (year, month + 1, 1)


def _month_boundaries(count: int, first: int, end: float) -> Iterator[int]:
    year, month, *_ = from_seconds(first)
    month -= (month - 1) % count
    while (t := to_seconds(year, month)) <= end:
        yield t
        month += count
        if month > MONTHS_PER_YEAR:
            year, month = year + 1, month - MONTHS_PER_YEAR


def tick_year_at_or_before(year: int, count: int) -> int:
    """The last tick year ≤ `year` for a step of `count` years.

    Ticks fall on round years as people write them: 100, 200 … after Christ and 100 BCE,
    200 BCE … before (astronomical -99, -199, since year 0 is 1 BCE). So there is one longer
    gap across the era boundary and every label is a round number.
    """
    if year > 0 and year - year % count > 0:
        return year - year % count
    before = 1 - min(year, 0)  # the BCE number of the year, or of 1 BCE
    return 1 - -(-before // count) * count


def tick_year_after(year: int, count: int) -> int:
    """The first tick year > `year` (see `tick_year_at_or_before`)."""
    if year < 0 and (k := -year // count) >= 1:
        return 1 - k * count
    return (max(year, 0) // count + 1) * count


def _year_boundaries(count: int, first: int, end: float) -> Iterator[int]:
    year = tick_year_at_or_before(from_seconds(first)[0], count)
    while (t := to_seconds(year)) <= end:
        yield t
        year = tick_year_after(year, count)


def boundaries(step: Step, start: float, end: float) -> Iterator[int]:
    """Boundaries of `step` from the last one at or before `start` up to `end`, in order."""
    first = math.floor(start)
    match step.unit:
        case Unit.MINUTE:
            return _fixed_boundaries(step.count * SECONDS_PER_MINUTE, first, end)
        case Unit.HOUR:
            return _fixed_boundaries(step.count * SECONDS_PER_HOUR, first, end)
        case Unit.DAY:
            return _day_boundaries(step.count, first, end)
        case Unit.MONTH:
            return _month_boundaries(step.count, first, end)
    return _year_boundaries(step.count, first, end)


def tick_label(step: Step, seconds: int, *, major: bool) -> str:
    """Minor: '14:30', '24', 'Jan', '1990', '13.8 billion BCE'. Major: '24 Oct 2025',
    'Oct 2025', '2000', '1.5 million BCE'. Years never print more digits than the step needs."""
    year, month, day, hour, minute, _ = from_seconds(seconds)
    month_name = MONTH_ABBR[month - 1]
    match step.unit:
        case Unit.MINUTE | Unit.HOUR:
            return f"{hour:02d}:{minute:02d}"
        case Unit.DAY:
            return f"{day} {month_name} {compact_year(year)}" if major else str(day)
        case Unit.MONTH:
            return f"{month_name} {compact_year(year)}" if major else month_name
    return compact_year(year, step.count)


def estimated_text_width(text: str) -> float:
    return len(text) * LABEL_CHAR_PX


def _minor_ticks(step: Step, scale: TimeScale) -> list[Tick]:
    return [
        Tick(t, tick_label(step, t, major=False))
        for t in boundaries(step, scale.start, scale.end)
        if t >= scale.start
    ]


def axis_ticks(
    scale: TimeScale,
    min_label_px: float = DEFAULT_MIN_LABEL_PX,
    text_width: TextWidth = estimated_text_width,
) -> AxisTicks:
    """(major, minor) ticks for the window.

    The minor step is the finest on the ladder whose ticks are at least `min_label_px` apart
    AND leave room for the widest of its labels as measured by `text_width` (pass
    `QFontMetricsF.horizontalAdvance` for exact fonts; the default estimates). The major
    tier also includes the boundary at or before `scale.start` (see `AxisTicks.major`).
    """
    spacing_px = max(min_label_px, scale.width / MAX_TICKS_PER_TIER)
    minor_step, minor = LADDER[-1], []
    for step in LADDER:
        shortest_px = step.shortest_seconds / scale.seconds_per_pixel
        if shortest_px < spacing_px:
            continue
        minor_step, minor = step, _minor_ticks(step, scale)
        widest = max((text_width(tick.label) for tick in minor), default=0.0)
        if widest + LABEL_PADDING_PX <= shortest_px:
            break
    major_step = major_step_for(minor_step)
    major = [
        Tick(t, tick_label(major_step, t, major=True))
        for t in boundaries(major_step, scale.start, scale.end)
    ]
    return AxisTicks(major, minor)
