"""An iCalendar file (RFC 5545) of the selected items, for any calendar program.

- A date known to the day is an all-day event; a range of days is one multi-day event whose
  DTEND is the day after the last (iCalendar's end is exclusive).
- A time known to the minute or second is kept, in UTC (Backchannel stores times in UTC).
- A date known only to the month or year becomes an all-day event over the whole month or
  year, marked free (TRANSP:TRANSPARENT) and with the precision said in the description; with
  the option `imprecise="skip"` such items are left out and counted in the closing message.
- Calendars count years 1 to 9999 only: items outside them are left out and counted.
- Statements are events too: the speaker and the start of the text as the title, the full
  text in the description.
- Each event's UID is the item's id, so importing a later export updates events instead of
  doubling them.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import icalendar

from app.core.dates import PartialDate, Precision
from app.formats.exporting import ExportOptions, Rendered, Steps
from app.formats.items import (
    ExportItem,
    Selection,
    cite,
    describe_actor,
    export_items,
    tally_text,
)

PRODID = "-//Backchannel//Backchannel export//EN"
UID_DOMAIN = "backchannel"
FIRST_YEAR, LAST_YEAR = 1, 9999


class OutsideCalendar(ValueError):
    """An item calendars cannot hold."""


def _first_day(d: PartialDate) -> date:
    return date(d.year, d.month or 1, d.day or 1)


def _day_after(d: PartialDate) -> date:
    """The exclusive end of the day, month or year `d` covers."""
    if d.precision == Precision.YEAR:
        return date(d.year + 1, 1, 1)
    if d.precision == Precision.MONTH:
        assert d.month is not None
        return date(d.year + 1, 1, 1) if d.month == 12 else date(d.year, d.month + 1, 1)
    return _first_day(d) + timedelta(days=1)


def _moment(d: PartialDate) -> datetime:
    return datetime(
        d.year, d.month or 1, d.day or 1, d.hour or 0, d.minute or 0, d.second or 0, tzinfo=UTC
    )


def when(item: ExportItem) -> tuple[date | datetime, date | datetime | None]:
    """DTSTART and DTEND (None: the event is an instant). Raises OutsideCalendar."""
    start, end = item.when.start, item.when.end
    last = end or start
    if not (start.year >= FIRST_YEAR and last.year <= LAST_YEAR):
        raise OutsideCalendar(item.id)
    timed = start.minute is not None and (end is None or end.minute is not None)
    try:
        if timed:
            return _moment(start), _moment(end) if end is not None else None
        return _first_day(start), _day_after(last)
    except (ValueError, OverflowError):  # the day after 31 Dec 9999
        raise OutsideCalendar(item.id) from None


def is_imprecise(item: ExportItem) -> bool:
    return item.when.start.precision < Precision.DAY


def description(item: ExportItem) -> str:
    """Plain text: the statement or summary, then who, when at what precision, and sources."""
    parts: list[str] = []
    if item.text:
        parts.append(item.text.strip())
    if item.is_statement and item.speaker is not None:
        parts.append(f"— {describe_actor(item.speaker)} ({item.kind_label.lower()})")
    facts = [f"Date: {item.when.display()}"]
    if is_imprecise(item):
        unit = "month" if item.when.start.precision == Precision.MONTH else "year"
        facts[0] += f" (known only to the {unit})"
    if item.is_statement and item.event is not None:
        facts.append(f"During: {item.event.title}")
    if item.actors and not item.is_statement:
        facts.append("Actors: " + ", ".join(a.name for a in item.actors))
    if item.tally is not None:
        facts.append(f"Vote: {tally_text(item.tally)}")
    if item.tracks:
        facts.append("Tracks: " + ", ".join(t.name for t in item.tracks))
    parts.append("\n".join(facts))
    if item.sources:
        parts.append(
            "Sources:\n"
            + "\n".join(
                f"[{n}] {cite(s)}" + (f" {s.url}" if s.url else "")
                for n, s in enumerate(item.sources, start=1)
            )
        )
    return "\n\n".join(parts)


def vevent(item: ExportItem, stamp: datetime) -> icalendar.Event:
    start, end = when(item)
    event = icalendar.Event()
    event.add("uid", f"{item.id}@{UID_DOMAIN}")
    event.add("dtstamp", stamp)
    event.add("dtstart", start)
    if end is not None:
        event.add("dtend", end)
    event.add("summary", item.title)
    event.add("description", description(item))
    if item.place:
        event.add("location", item.place)
    if item.tracks:
        event.add("categories", [t.name for t in item.tracks])
    url = next((s.url for s in item.sources if s.url), None)
    if url:
        event.add("url", url)
    if is_imprecise(item):
        event.add("transp", "TRANSPARENT")
    return event


def render(selection: Selection, options: ExportOptions, steps: Steps) -> Rendered:
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", selection.title)
    calendar.add("x-wr-caldesc", selection.description)
    stamp = options.exported_at.astimezone(UTC).replace(microsecond=0)
    items = export_items(selection)
    written = outside = imprecise = 0
    for item in steps.each(items, len(items)):
        if options.imprecise == "skip" and is_imprecise(item):
            imprecise += 1
            continue
        try:
            calendar.add_component(vevent(item, stamp))
        except OutsideCalendar:
            outside += 1
            continue
        written += 1
    notes = []
    if outside:
        notes.append(
            f"Left out {outside} item(s) dated outside the years 1–9999, which calendars "
            "cannot hold."
        )
    if imprecise:
        notes.append(f"Left out {imprecise} item(s) whose date is known only to the month or year.")
    return Rendered(calendar.to_ical(), written, tuple(notes))
