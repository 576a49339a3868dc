"""TimelineJS in: its JSON and its Google-spreadsheet template saved as CSV or TSV.

Both hold "slides". The title slide names the import; era slides are periods, kept as events
on an "Eras" track so they show as bands; groups become tracks; media links and links inside
the text become sources; HTML becomes plain text. Years may be any size and sign (TimelineJS
reaches back to the Big Bang); months, days and times may be numbers, strings or empty.
`JSON` and `SHEET` declare the two import formats.
"""

from __future__ import annotations

import csv
import math
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from app.core.calendar import MONTH_ABBR, MONTH_NAMES
from app.core.dates import DateError, DateSpan, PartialDate
from app.core.model import Event
from app.core.progress import Cancelled, StagedProgress
from app.formats import json_in
from app.formats.builder import (
    ERAS_TRACK,
    Builder,
    ImportFormat,
    Reading,
    ReadOptions,
    digest,
    item_id,
    slug,
)
from app.formats.detect import is_json_object, is_text
from app.formats.html_text import PlainText, looks_like_html, safe_url, to_plain
from app.formats.problems import FieldProblem, FormatError, ImportCancelled, Problem
from app.formats.text_in import (
    Head,
    cell_text,
    check_size,
    delimiter_of,
    lines,
    normalise_header,
)

MAX_BYTES = 64 * 1024 * 1024
"""TimelineJS files are written by hand or by a spreadsheet; one this large is something else."""
SHEET_HEADERS = frozenset({"year", "headline"})
"""Columns every TimelineJS spreadsheet template has (with Month, Day, Text, Media …)."""
_KEYS = re.compile(rb'"(?:start_date|events|eras|scale)"\s*:')
_TIME = re.compile(
    r"^(\d{1,2})(?::(\d{1,2}))?(?::(\d{1,2}))?(?:[.,]\d+)?\s*(?:([AaPp])\.?\s*[Mm]\.?)?$"
)
_APPROXIMATE = re.compile(r"\b(?:c\.|ca\.|circa|about|around|approx)", re.IGNORECASE)
_INTEGER = re.compile(r"^[+-]?\d+(?:\.0*)?$")
LONGEST_NUMBER = 15
"""Digits of the largest year, month, day or time read: years reach ±100 billion (12)."""
_MONTHS = {name.lower(): n for n, name in enumerate(MONTH_NAMES, start=1)} | {
    name.lower(): n for n, name in enumerate(MONTH_ABBR, start=1)
}
_SHEET_COLUMNS = {
    "year": ("start_date", "year"), "month": ("start_date", "month"),
    "day": ("start_date", "day"), "time": ("start_date", "time"),
    "end_year": ("end_date", "year"), "end_month": ("end_date", "month"),
    "end_day": ("end_date", "day"), "end_time": ("end_date", "time"),
    "display_date": ("", "display_date"), "headline": ("text", "headline"),
    "text": ("text", "text"), "media": ("media", "url"), "media_credit": ("media", "credit"),
    "media_caption": ("media", "caption"), "media_thumbnail": ("media", "thumbnail"),
    "alt_text": ("media", "alt"), "type": ("", "type"), "group": ("", "group"),
    "background": ("", "background"),
}  # fmt: skip


def detect_json(head: Head) -> bool:
    """A JSON object with TimelineJS's keys (tried after Backchannel JSON, which has some)."""
    return is_json_object(head) and _KEYS.search(head.utf8) is not None


def detect_sheet(head: Head) -> bool:
    """Text whose first line holds the TimelineJS template's column names."""
    if not is_text(head):
        return False
    text = head.text
    first = text.splitlines()[0] if text else ""
    try:
        names = next(csv.reader([first], delimiter=delimiter_of(head)), [])
    except csv.Error:
        return False
    return {normalise_header(n) for n in names} >= SHEET_HEADERS


def read_json(
    head: Head,
    options: ReadOptions,
    progress: StagedProgress | None = None,
    cancelled: Cancelled | None = None,
) -> Reading:
    path = head.path
    check_size(head, MAX_BYTES, "TimelineJS")
    document = json_in.load(path)
    if not isinstance(document, dict) or not isinstance(document.get("events", []), list):
        raise FormatError(str(path), ['not TimelineJS JSON: it needs an "events" list'])
    if not isinstance(document.get("eras", []), list):
        raise FormatError(str(path), ['"eras" is not a list'])
    slides: list[tuple[str, Any, str]] = []
    if document.get("title") is not None:
        slides.append(("title", document["title"], "title"))
    slides += [(f"events[{i}]", e, "event") for i, e in enumerate(document.get("events", []))]
    slides += [(f"eras[{i}]", e, "era") for i, e in enumerate(document.get("eras", []))]
    return _read_slides(slides, "timelinejs", progress, cancelled)


def read_sheet(
    head: Head,
    options: ReadOptions,
    progress: StagedProgress | None = None,
    cancelled: Cancelled | None = None,
) -> Reading:
    slides = list(_sheet_slides(head, delimiter_of(head), progress, cancelled))
    return _read_slides(slides, "timelinejs-sheet", None, cancelled)


JSON = ImportFormat("timelinejs", "TimelineJS JSON", ("json",), detect_json, read_json)
SHEET = ImportFormat(
    "timelinejs-sheet",
    "TimelineJS spreadsheet (CSV or TSV)",
    ("csv", "tsv", "txt"),
    detect_sheet,
    read_sheet,
)


def _sheet_slides(
    head: Head, delimiter: str, progress: StagedProgress | None, cancelled: Cancelled | None
) -> Iterator[tuple[str, Any, str]]:
    path = head.path
    with lines(head, progress, cancelled) as text:
        reader = csv.reader(text, delimiter=delimiter, strict=True)
        columns: list[tuple[str, str] | None] = []
        line = 1
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as error:
                raise FormatError(str(path), [f"line {line}: {error}"]) from None
            start, line = line, reader.line_num + 1
            if not columns:
                columns = [_SHEET_COLUMNS.get(normalise_header(c)) for c in cells]
                continue
            if not any(c.strip() for c in cells):
                continue
            slide: dict[str, Any] = {}
            for column, cell in zip(columns, cells, strict=False):
                if column is None or not cell.strip():
                    continue
                group, key = column
                target = slide.setdefault(group, {}) if group else slide
                target[key] = cell_text(cell)
            kind = str(slide.pop("type", "")).strip().lower()
            yield f"line {start}", slide, kind if kind in ("title", "era") else "event"


@dataclass(slots=True)
class _Context:
    builder: Builder
    reading: Reading
    eras_track: str | None = None


def _read_slides(
    slides: list[tuple[str, Any, str]],
    format_name: str,
    progress: StagedProgress | None,
    cancelled: Cancelled | None,
) -> Reading:
    builder = Builder()
    reading = Reading(builder.dataset(), format_name)
    context = _Context(builder, reading)
    title: PlainText | None = None
    description: str | None = None
    for number, (where, slide, kind) in enumerate(slides, start=1):
        if cancelled is not None and number % 1000 == 0 and cancelled():
            raise ImportCancelled()
        if progress is not None and number % 1000 == 0:
            progress("Reading", number, len(slides))
        if not isinstance(slide, dict):
            reading.problems.append(Problem(where, "is not an object"))
            continue
        if kind == "title" and title is None:
            text = _mapping(slide.get("text"))
            title = to_plain(_string(text.get("headline")))
            description = to_plain(_string(text.get("text"))).text or None
            reading.notes.append(f"{where}: the title slide names the import “{title.text}”")
            if not _blank_date(slide.get("start_date")):
                kind = "event"  # a dated title slide is also a moment on the timeline
            else:
                continue
        try:
            _add_slide(context, where, slide, kind)
        except FieldProblem as problem:
            reading.problems.append(Problem(_label(where, slide), problem.reason, problem.field))
    reading.dataset = builder.dataset(title.text if title else None, description)
    return reading


def _label(where: str, slide: Mapping[str, Any]) -> str:
    headline = to_plain(_string(_mapping(slide.get("text")).get("headline"))).text
    return f"{where} (“{headline[:40]}”)" if headline else where


def _add_slide(context: _Context, where: str, slide: Mapping[str, Any], kind: str) -> None:
    builder = context.builder
    text = _mapping(slide.get("text"))
    headline = to_plain(_string(text.get("headline")))
    body = to_plain(_string(text.get("text")))
    display = _string(slide.get("display_date"))
    start = _date(slide.get("start_date"), "start_date", bool(_APPROXIMATE.search(display)))
    end_value = slide.get("end_date")
    end = _date(end_value, "end_date") if _has_year(end_value) else None
    try:
        when = DateSpan(start, end)
    except DateError as error:
        raise FieldProblem("end_date", str(error)) from None
    media = _mapping(slide.get("media"))
    sources = [*_media_sources(context, where, media), *_links(builder, headline, body)]
    summary = body.text
    title = headline.text or _first_sentence(summary) or _string(media.get("caption"))
    tracks: list[str] = []
    if kind == "era":
        if context.eras_track is None:
            context.eras_track = builder.track(ERAS_TRACK, description="Periods of the timeline")
        tracks.append(context.eras_track)
        title = title or "Era"
    group = to_plain(_string(slide.get("group"))).text
    if group:
        tracks.append(builder.track(group))
    if not title:
        title = display or when.display()
    unique = _string(slide.get("unique_id"))
    event = Event(
        id=_id_from(unique) if unique else
        item_id("event", title, when.iso(), title, kind),
        title=title,
        kind="other",
        when=when,
        summary=summary or None,
        tracks=tuple(dict.fromkeys(tracks)),
        sources=tuple(dict.fromkeys(sources)),
    )  # fmt: skip
    try:
        if not builder.add(event, explicit_id=bool(unique)):
            context.reading.notes.append(f"{where} repeats an earlier slide and was left out")
    except ValueError as error:
        raise FieldProblem("unique_id", str(error)) from None


def _id_from(unique_id: str) -> str:
    """The id for a slide's unique_id; 'event-x', as Backchannel's TimelineJS export writes
    'event/x', comes back as 'event/x'."""
    if unique_id.startswith("event-") and len(unique_id) > len("event-"):
        return "event/" + unique_id[len("event-") :]
    return f"event/{slug(unique_id, 150) or digest('unique_id', unique_id)}"


def _media_sources(context: _Context, where: str, media: Mapping[str, Any]) -> list[str]:
    raw = _string(media.get("url"))
    if not raw:
        return []
    caption = to_plain(_string(media.get("caption"))).text or None
    credit = to_plain(_string(media.get("credit"))).text or None
    url = safe_url(raw)
    if url:
        return [context.builder.source(url, title=caption, publisher=credit)]
    if looks_like_html(raw):  # an embed: a tweet's blockquote, an iframe
        return [context.builder.source(link.url, title=link.text or caption)
                for link in to_plain(raw).links]  # fmt: skip
    context.reading.notes.append(
        f"{where}: the media {raw[:60]!r} is not a web address and was not kept as a source"
    )
    return []


def _links(builder: Builder, *texts: PlainText) -> list[str]:
    return [builder.source(link.url, title=link.text or None) for t in texts for link in t.links]


def _first_sentence(text: str) -> str:
    first = re.split(r"(?<=[.!?])\s", text, maxsplit=1)[0].strip() if text else ""
    return first if len(first) <= 100 else first[:100].rsplit(" ", 1)[0] + "…"


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, dict) else {}


def _string(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    return str(value).strip() if isinstance(value, (int, float)) else ""


def _blank_date(value: Any) -> bool:
    """No date, or one whose parts are all empty, as Knight Lab's own examples give their
    title slide ({"year": "", "month": "", "day": ""})."""
    if isinstance(value, dict):
        return all(part is None or (isinstance(part, str) and not part.strip())
                   for part in value.values())  # fmt: skip
    return not value


def _has_year(value: Any) -> bool:
    return isinstance(value, dict) and _string(value.get("year")) != ""


def _date(value: Any, field: str, approximate: bool = False) -> PartialDate:
    """A TimelineJS date object ({year, month, day, hour, minute, second}) or a sheet row's
    (with `time` as "14:30", "2:30 PM")."""
    if not isinstance(value, dict):
        raise FieldProblem(field, "no date" if value is None else "is not a date object")
    parts = {k: _number(value.get(k), f"{field}.{k}") for k in
             ("year", "day", "hour", "minute", "second")}  # fmt: skip
    parts["month"] = _month(value.get("month"), f"{field}.month")
    if value.get("time") not in (None, ""):
        parts["hour"], parts["minute"], parts["second"] = _time(value["time"], f"{field}.time")
    year = parts["year"]
    if year is None:
        raise FieldProblem(f"{field}.year", "no year")
    hour, minute = parts["hour"], parts["minute"]
    if hour is not None and minute is None:
        minute = 0
    try:
        return PartialDate(
            year, parts["month"], parts["day"], hour, minute, parts["second"], approximate
        )
    except DateError as error:
        raise FieldProblem(field, str(error)) from None


def _number(value: Any, field: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        return _bounded(value, field)
    if isinstance(value, float):
        if math.isnan(value):
            raise FieldProblem(field, "NaN is not a number")
        if math.isinf(value):  # 1e400, or a HugeNumber: "a number of 5,000 digits"
            what = repr(value) if isinstance(value, json_in.HugeNumber) else "a number"
            raise FieldProblem(field, f"{what} is far too large to be part of a date")
        if value.is_integer():
            return _bounded(int(value), field)
        raise FieldProblem(field, f"{value} is not a whole number")
    if isinstance(value, str):
        text = value.strip().replace(",", "").replace("_", "").replace(" ", "")
        if not text:
            return None
        if _INTEGER.match(text):
            whole = text.split(".", 1)[0]
            digits = len(whole.lstrip("+-"))
            if digits > LONGEST_NUMBER:  # and int() refuses 4,301 digits, float() 400 with .0
                raise FieldProblem(field, f"a number of {digits:,} digits is far too large "
                                   "to be part of a date")  # fmt: skip
            return int(whole)
        raise FieldProblem(field, f"{_short(value)} is not a number")
    raise FieldProblem(field, f"{_short(value)} is not a number")


def _bounded(number: int, field: str) -> int:
    if abs(number) >= 10**LONGEST_NUMBER:
        raise FieldProblem(field, f"{_short(number)} is far too large to be part of a date")
    return number


def _short(value: Any) -> str:
    """A value as a message quotes it, cut to a readable length."""
    text = repr(value)
    return text if len(text) <= 60 else text[:59] + "…"


def _month(value: Any, field: str) -> int | None:
    if isinstance(value, str) and value.strip().lower().rstrip(".") in _MONTHS:
        return _MONTHS[value.strip().lower().rstrip(".")]
    return _number(value, field)


def _time(value: Any, field: str) -> tuple[int | None, int | None, int | None]:
    match = _TIME.match(_string(value))
    if not match:
        raise FieldProblem(field, f"{value!r} is not a time such as 14:30 or 2:30 PM")
    hour, minute, second, half = match.groups()
    h = int(hour)
    if half:
        if not 1 <= h <= 12:
            raise FieldProblem(field, f"{value!r}: hour {h} with AM/PM")
        h = h % 12 + (12 if half.lower() == "p" else 0)
    return h, int(minute or 0), int(second) if second is not None else None
