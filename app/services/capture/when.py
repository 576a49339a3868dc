"""Dates the article's words give, at the precision they give them.

"December 17, 2021" is a day, "Oct. 24-26" a range of days, "December 2005" a month, "18
ноября" a day; a date without its year takes the article's (or, for an undated article, the
latest year it names). "the next day" is the day after the date mentioned before it; "on
Tuesday", "yesterday" and "today" count from the article's date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from app.core.dates import DateError, DateSpan, PartialDate

_MONTHS_EN = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MONTHS_RU = {
    "январ": 1, "феврал": 2, "март": 3, "апрел": 4, "ма": 5, "июн": 6, "июл": 7,
    "август": 8, "сентябр": 9, "октябр": 10, "ноябр": 11, "декабр": 12,
}  # fmt: skip
_MONTH = (
    r"(?P<month>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?|"
    r"января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря|"
    r"январе|феврале|марте|апреле|мае|июне|июле|августе|сентябре|октябре|ноябре|декабре)\.?"
)
_DAYS = r"(?P<d1>\d{1,2})(?:st|nd|rd|th)?(?:\s*[-–—]\s*(?P<d2>\d{1,2})(?:st|nd|rd|th)?)?"
_YEAR = r"(?P<year>(?:1[6-9]|20)\d{2})"
_PATTERNS = (
    re.compile(rf"\b{_MONTH}\s+{_DAYS}\b(?:,?\s+{_YEAR}\b)?"),
    re.compile(rf"\b{_DAYS}\s+{_MONTH}(?:,?\s+{_YEAR}\b(?:\s*(?:года|г\.))?)?"),
    re.compile(rf"\b{_MONTH}\s+(?:of\s+)?{_YEAR}\b(?:\s*(?:года|г\.))?"),
    re.compile(r"\b(?P<year>(?:1[6-9]|20)\d{2})-(?P<month>\d{2})-(?P<d1>\d{2})\b"),
)
_WEEKDAYS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
    "sunday": 6, "понедельник": 0, "вторник": 1, "среду": 2, "четверг": 3, "пятницу": 4,
    "субботу": 5, "воскресенье": 6,
}  # fmt: skip
_RELATIVE = re.compile(
    r"\b(?:the\s+(?P<next>next|following)\s+day|the\s+day\s+(?P<before>before)|"
    r"(?P<yesterday>yesterday|вчера)|(?P<today>today|сегодня)|"
    r"(?:on|в|во)\s+(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|"
    r"понедельник|вторник|среду|четверг|пятницу|субботу|воскресенье))\b",
    re.IGNORECASE,
)
_ANY_YEAR = re.compile(r"\b(?:1[6-9]|20)\d{2}\b")
_RECENT_DAYS = 60
"""A date without its year lying more than this after the article's date is last year's."""


@dataclass(frozen=True, slots=True)
class DateMention:
    start: int
    end: int
    when: DateSpan


def find_dates(text: str, article: PartialDate | None) -> list[DateMention]:
    """Every date the text gives, in order; `article` is the article's own date, if known."""
    year = article.year if article else _latest_year(text)
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    for pattern in _PATTERNS:
        for match in pattern.finditer(text):
            if any(a < match.end() and match.start() < b for a, b in taken):
                continue
            span = _absolute(match, year, article)
            if span is not None:
                found.append(DateMention(match.start(), match.end(), span))
                taken.append((match.start(), match.end()))
    found.sort(key=lambda m: m.start)
    return _with_relative(text, found, article, taken)


def _latest_year(text: str) -> int | None:
    years = [int(y) for y in _ANY_YEAR.findall(text)]
    return max(years) if years else None


def _month(word: str) -> int | None:
    word = word.casefold().rstrip(".")
    if word.isdigit():
        return int(word)
    if word[:3] in _MONTHS_EN and word.isascii():
        return _MONTHS_EN[word[:3]]
    for stem, number in sorted(_MONTHS_RU.items(), key=lambda kv: -len(kv[0])):
        if word.startswith(stem):
            return number
    return None


def _absolute(
    match: re.Match[str], year: int | None, article: PartialDate | None
) -> DateSpan | None:
    groups = match.groupdict()
    month = _month(groups["month"])
    given_year = int(groups["year"]) if groups.get("year") else None
    day = int(groups["d1"]) if groups.get("d1") else None
    last = int(groups["d2"]) if groups.get("d2") else None
    if month is None or (given_year or year) is None:
        return None
    assumed = given_year is None
    use_year = given_year or year
    assert use_year is not None
    if assumed and article is not None and day is not None:
        use_year = _without_year(use_year, month, day, article)
    try:
        start = PartialDate(use_year, month, day)
        end = PartialDate(use_year, month, last) if last and day and last > day else None
        return DateSpan(start, end)
    except DateError:
        return None


def _without_year(year: int, month: int, day: int, article: PartialDate) -> int:
    """The year of a date given without one: the article's, unless that puts it well after
    the article (a story of 5 January speaking of "December 28")."""
    if article.month is None:
        return year
    try:
        gap = date(year, month, day) - date(year, article.month, article.day or 1)
    except ValueError:
        return year
    return year - 1 if gap.days > _RECENT_DAYS else year


def _with_relative(
    text: str, found: list[DateMention], article: PartialDate | None, taken: list[tuple[int, int]]
) -> list[DateMention]:
    for match in _RELATIVE.finditer(text):
        if any(a < match.end() and match.start() < b for a, b in taken):
            continue
        # "The next day" counts from the date told last before it, "on Tuesday" included.
        before = [m for m in found if m.end <= match.start()]
        anchor = max(before, key=lambda m: m.start).when.start if before else None
        day = _relative_day(match, anchor, article)
        if day is not None:
            span = DateSpan(PartialDate(day.year, day.month, day.day))
            found.append(DateMention(match.start(), match.end(), span))
    found.sort(key=lambda m: m.start)
    return found


def _relative_day(
    match: re.Match[str], anchor: PartialDate | None, article: PartialDate | None
) -> date | None:
    if match["next"] or match["before"]:
        if anchor is None or anchor.day is None or anchor.month is None:
            return None
        step = 1 if match["next"] else -1
        day = _day(anchor)
        return day + timedelta(days=step) if day else None
    if article is None or article.day is None or _day(article) is None:
        return None
    today = _day(article)
    assert today is not None
    if match["yesterday"]:
        return today - timedelta(days=1)
    if match["today"]:
        return today
    wanted = _WEEKDAYS[match["weekday"].casefold()]
    return today - timedelta(days=(today.weekday() - wanted) % 7)


def _day(when: PartialDate) -> date | None:
    if when.month is None or when.day is None or not 1 <= when.year <= 9999:
        return None
    return date(when.year, when.month, when.day)


def latest(mentions: list[DateMention]) -> PartialDate | None:
    """The month of the latest day or month the text names, marked approximate: the best
    guess at when an undated article was written."""
    dated = [m.when.end or m.when.start for m in mentions if m.when.start.month is not None]
    if not dated:
        return None
    last = max(dated, key=lambda d: d.first_second)
    return PartialDate(last.year, last.month, approximate=True)
