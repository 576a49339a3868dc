"""Partial, possibly uncertain dates: parse what people write, keep what they really said.

A `PartialDate` holds only the parts that were given ("October 2025" has no day) and maps to
a span of integer seconds on the proleptic Gregorian calendar (see `calendar`). A `DateSpan`
is a start and an optional end, such as "24–26 October 2025".
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass
from datetime import datetime
from enum import IntEnum

from dateutil import parser as dateutil_parser
from dateutil.parser import UnknownTimezoneWarning

from app.core.calendar import (
    MONTH_ABBR,
    days_in_month,
    format_year,
    from_seconds,
    to_seconds,
)

MAX_YEAR = 100_000_000_000
"""Years beyond ±100 billion do not fit the store's 64-bit seconds; the Big Bang does."""


class Precision(IntEnum):
    YEAR = 1
    MONTH = 2
    DAY = 3
    MINUTE = 4
    SECOND = 5


class DateError(ValueError):
    """A date a user typed or a file holds that cannot be understood; the message says why."""


@dataclass(frozen=True, slots=True)
class PartialDate:
    year: int
    month: int | None = None
    day: int | None = None
    hour: int | None = None
    minute: int | None = None
    second: int | None = None
    approximate: bool = False

    def __post_init__(self) -> None:
        if not -MAX_YEAR <= self.year <= MAX_YEAR:
            raise DateError(f"year {self.year:,} is beyond ±{MAX_YEAR:,}")
        parts = (self.month, self.day, self.hour, self.minute, self.second)
        given = [p is not None for p in parts]
        if given != sorted(given, reverse=True) or (self.hour is None) != (self.minute is None):
            raise DateError("a date gives its parts from the year down, without gaps")
        if self.month is not None and not 1 <= self.month <= 12:
            raise DateError(f"month {self.month} is not between 1 and 12")
        if self.day is not None:
            assert self.month is not None
            last = days_in_month(self.year, self.month)
            if not 1 <= self.day <= last:
                raise DateError(
                    f"day {self.day} does not exist in {MONTH_ABBR[self.month - 1]} "
                    f"{format_year(self.year)} (it has {last} days)"
                )
        if self.hour is not None and not 0 <= self.hour <= 23:
            raise DateError(f"hour {self.hour} is not between 0 and 23")
        if self.minute is not None and not 0 <= self.minute <= 59:
            raise DateError(f"minute {self.minute} is not between 0 and 59")
        if self.second is not None and not 0 <= self.second <= 59:
            raise DateError(f"second {self.second} is not between 0 and 59")

    @property
    def precision(self) -> Precision:
        if self.second is not None:
            return Precision.SECOND
        if self.minute is not None:
            return Precision.MINUTE
        if self.day is not None:
            return Precision.DAY
        if self.month is not None:
            return Precision.MONTH
        return Precision.YEAR

    @property
    def first_second(self) -> int:
        """The first second of the span this date covers."""
        return to_seconds(
            self.year,
            self.month or 1,
            self.day or 1,
            self.hour or 0,
            self.minute or 0,
            self.second or 0,
        )

    @property
    def last_second(self) -> int:
        """The last second of the span this date covers ("2025" ends on 31 Dec 23:59:59)."""
        match self.precision:
            case Precision.YEAR:
                return to_seconds(self.year + 1) - 1
            case Precision.MONTH:
                assert self.month is not None
                year, month = (
                    (self.year + 1, 1) if self.month == 12 else (self.year, self.month + 1)
                )
                return to_seconds(year, month) - 1
            case Precision.DAY:
                return self.first_second + 86_399
            case Precision.MINUTE:
                return self.first_second + 59
        return self.first_second

    def iso(self) -> str:
        """ISO 8601 / EDTF text whose length is the precision: '2025-10', '-0300', '2025~'."""
        sign = "-" if self.year < 0 else ""
        text = f"{sign}{abs(self.year):04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        if self.minute is not None:
            text += f"T{self.hour:02d}:{self.minute:02d}"
        if self.second is not None:
            text += f":{self.second:02d}"
        return text + ("~" if self.approximate else "")

    def display(self) -> str:
        """Human text at the stored precision: '2005', 'Oct 2025', '24 Oct 2025 14:30'."""
        text = format_year(self.year)
        if self.month is not None:
            text = f"{MONTH_ABBR[self.month - 1]} {text}"
        if self.day is not None:
            text = f"{self.day} {text}"
        if self.minute is not None:
            text += f" {self.hour:02d}:{self.minute:02d}"
        if self.second is not None:
            text += f":{self.second:02d}"
        return f"c. {text}" if self.approximate else text


@dataclass(frozen=True, slots=True)
class DateSpan:
    """When something happened: a partial date, or a range of two."""

    start: PartialDate
    end: PartialDate | None = None

    def __post_init__(self) -> None:
        if self.end is not None and self.end.last_second < self.start.first_second:
            raise DateError(
                f"the range ends ({self.end.iso()}) before it starts ({self.start.iso()})"
            )

    @property
    def first_second(self) -> int:
        return self.start.first_second

    @property
    def last_second(self) -> int:
        return (self.end or self.start).last_second

    def iso(self) -> str:
        return self.start.iso() if self.end is None else f"{self.start.iso()}/{self.end.iso()}"

    def display(self) -> str:
        """'24–26 Oct 2025', '30 Oct – 2 Nov 2025', 'Oct – Dec 2025', '2005–2007'."""
        a, b = self.start, self.end
        if b is None:
            return a.display()
        approx = "c. " if a.approximate or b.approximate else ""
        same_precision = a.precision == b.precision and a.minute is None
        if same_precision and a.year == b.year and a.month is not None and b.month is not None:
            year = format_year(a.year)
            month_a, month_b = MONTH_ABBR[a.month - 1], MONTH_ABBR[b.month - 1]
            if a.day is None:
                return f"{approx}{month_a} – {month_b} {year}"
            if a.month == b.month:
                return f"{approx}{a.day}–{b.day} {month_b} {year}"
            return f"{approx}{a.day} {month_a} – {b.day} {month_b} {year}"
        if same_precision and a.precision == Precision.YEAR and a.year > 0:
            return f"{approx}{format_year(a.year)}–{format_year(b.year)}"
        exact_a = PartialDate(a.year, a.month, a.day, a.hour, a.minute, a.second)
        exact_b = PartialDate(b.year, b.month, b.day, b.hour, b.minute, b.second)
        return f"{approx}{exact_a.display()} – {exact_b.display()}"


_ISO = re.compile(
    r"""^(?P<year>[+-]?\d{1,12})
        (?:-(?P<month>\d{2})
           (?:-(?P<day>\d{2})
              (?:[T\s](?P<hour>\d{2}):(?P<minute>\d{2})(?::(?P<second>\d{2})(?:\.\d+)?)?
                 (?P<tz>Z|[+-]\d{2}:?\d{2})?
              )?
           )?
        )?$""",
    re.VERBOSE,
)
_APPROX_WORDS = re.compile(r"^(?:c\.|ca\.|circa|about|around|approx\.?|approximately)\s*", re.I)
_DASHES = re.compile(r"\s*(?:–|—|‒|―|\bto\b|\buntil\b|\s-\s)\s*", re.I)
_DAY_RANGE = re.compile(r"^(\d{1,2})\s*[-–—]\s*(\d{1,2})(\s+\D.*)$")  # "24-26 October 2025"
_YEAR_RANGE = re.compile(r"^(\d{3,12})\s*[-–—]\s*(\d{3,12})$")  # "2005-2007"
_MONTH_DAY_RANGE = re.compile(r"^([A-Za-z]+\.?\s+)(\d{1,2})\s*[-–—]\s*(\d{1,2})(,?\s+.+)$")
MAX_LOOSE_LENGTH = 200
_DEFAULTS = (datetime(2000, 1, 1, 0, 0, 0), datetime(2001, 2, 2, 1, 1, 1))


def parse_partial(text: str) -> PartialDate:
    """One point in time, at the precision it was written.

    ISO 8601 / EDTF first ('2025-10-24', '2025-10', '-0300', '2025-10-24T14:30Z', '2025~'),
    then anything python-dateutil reads ('October 2025', 'Oct. 24, 2025'); parts the text
    does not give are left out, never invented.
    """
    raw = text
    text = text.strip()
    approximate = False
    if text.endswith(("~", "?", "%")):
        approximate, text = True, text[:-1].rstrip()
    match = _APPROX_WORDS.match(text)
    if match:
        approximate, text = True, text[match.end() :]
    if not text:
        raise DateError(f"{raw!r} is not a date")
    iso = _ISO.match(text)
    if iso:
        return _from_iso(iso, approximate, raw)
    return _from_loose(text, approximate, raw)


def _from_iso(match: re.Match[str], approximate: bool, raw: str) -> PartialDate:
    def number(name: str) -> int | None:
        value = match[name]
        return None if value is None else int(value)

    try:
        date = PartialDate(
            int(match["year"]), number("month"), number("day"), number("hour"),
            number("minute"), number("second"), approximate,
        )  # fmt: skip
    except DateError as error:
        raise DateError(f"{raw!r}: {error}") from None
    tz = match["tz"]
    if isinstance(tz, str) and tz != "Z" and date.minute is not None:
        sign = -1 if tz[0] == "+" else 1
        digits = tz[1:].replace(":", "")
        offset = sign * (int(digits[:2]) * 3600 + int(digits[2:]) * 60)
        return from_seconds_at(date.first_second + offset, date.precision, approximate)
    return date


def from_seconds_at(seconds: int, precision: Precision, approximate: bool = False) -> PartialDate:
    """The partial date at `precision` that contains the given second."""
    year, month, day, hour, minute, second = from_seconds(seconds)
    keep = int(precision)
    return PartialDate(
        year,
        month if keep >= Precision.MONTH else None,
        day if keep >= Precision.DAY else None,
        hour if keep >= Precision.MINUTE else None,
        minute if keep >= Precision.MINUTE else None,
        second if keep >= Precision.SECOND else None,
        approximate,
    )


def _from_loose(text: str, approximate: bool, raw: str) -> PartialDate:
    if len(text) > MAX_LOOSE_LENGTH:
        raise DateError(f"{raw[:40]!r}… is too long to be a date")
    a, b = (_dateutil(text, default, raw) for default in _DEFAULTS)
    if a.year != b.year:
        raise DateError(f"{raw!r} has no year")
    given_month = a.month == b.month
    given_day = a.day == b.day
    given_time = a.hour == b.hour and a.minute == b.minute
    given_second = a.second == b.second and given_time
    if given_day and not given_month:
        raise DateError(f"{raw!r} gives a day without a month")
    try:
        date = PartialDate(
            a.year,
            a.month if given_month else None,
            a.day if given_day and given_month else None,
            a.hour if given_time and given_day else None,
            a.minute if given_time and given_day else None,
            a.second if given_second and given_day else None,
            approximate,
        )
    except DateError as error:
        raise DateError(f"{raw!r}: {error}") from None
    try:
        offset = a.utcoffset()
    except ValueError:  # "+2500": dateutil keeps it, datetime refuses it here
        raise DateError(f"{raw!r} has a time zone offset of 24 hours or more") from None
    if offset and date.minute is not None:
        utc = date.first_second - int(offset.total_seconds())
        return from_seconds_at(utc, date.precision, approximate)
    return date


def _dateutil(text: str, default: datetime, raw: str) -> datetime:
    """What dateutil reads in `text`, taking the parts it does not give from `default`.

    Whatever it raises on hostile text is a DateError: its own ParserError (a ValueError),
    OverflowError, decimal.InvalidOperation (an ArithmeticError: the minute of
    "14:302025202520252025…" is too long for it to divide), and the TypeError or IndexError
    its unchecked corners could raise.
    """
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", UnknownTimezoneWarning)
            return dateutil_parser.parse(text, default=default)
    except UnknownTimezoneWarning as warning:
        raise DateError(f"{raw!r} names a time zone I cannot place ({warning})") from None
    except OverflowError:  # "Python int too large to convert to C long" says nothing to a user
        raise DateError(f"{raw!r} is not a date I can read (a number in it is too large)") from None
    except ValueError as error:  # dateutil's messages say what is wrong
        raise DateError(f"{raw!r} is not a date I can read ({error})") from None
    except ArithmeticError:  # "[<class 'decimal.DivisionImpossible'>]" would not
        raise DateError(f"{raw!r} is not a date I can read (a number in it is too long)") from None
    except (TypeError, LookupError):
        raise DateError(f"{raw!r} is not a date I can read") from None


def parse_span(text: str) -> DateSpan:
    """A date or a range: '2025-10-24/2025-10-26', '24–26 October 2025', 'Oct 24-26, 2025'."""
    raw = text
    text = " ".join(text.split())
    if not text:
        raise DateError("the date is empty")
    if "/" in text and _ISO.match(text.split("/", 1)[0].rstrip("~?% ")):
        left, right = text.split("/", 1)
        return _span(parse_partial(left), parse_partial(right), raw)
    match = _YEAR_RANGE.match(text)
    if match:
        return _span(parse_partial(match[1]), parse_partial(match[2]), raw)
    match = _DAY_RANGE.match(text)
    if match:
        first, last, rest = match.groups()
        return _span(parse_partial(first + rest), parse_partial(last + rest), raw)
    match = _MONTH_DAY_RANGE.match(text)
    if match:
        month, first, last, rest = match.groups()
        return _span(parse_partial(month + first + rest), parse_partial(month + last + rest), raw)
    pieces = _DASHES.split(text)
    if len(pieces) == 2 and all(pieces):
        end = parse_partial(pieces[1])
        return _span(_inherit(pieces[0], end), end, raw)
    return DateSpan(parse_partial(text))


def _inherit(text: str, end: PartialDate) -> PartialDate:
    """The start of a range may leave out what its end gives: '30 Oct – 2 Nov 2025'."""
    try:
        return parse_partial(text)
    except DateError:
        return parse_partial(f"{text} {format_year(end.year) if end.year > 0 else end.year}")


def _span(start: PartialDate, end: PartialDate, raw: str) -> DateSpan:
    try:
        return DateSpan(start, end)
    except DateError as error:
        raise DateError(f"{raw!r}: {error}") from None
