"""ICS calendars parsed back with icalendar: all-day days, multi-day ranges with an exclusive
end, times kept, imprecise dates as whole months (or skipped), years calendars cannot hold
left out and counted, statements with their text, UIDs that stay the same."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import icalendar
import sqlite_utils

from app.core.filter import Filter
from app.core.model import Source
from app.drawing.image_formats import IMAGE_FORMATS
from app.formats import native
from app.formats.export_types import ExportOptions, ExportRegistry, Rendered
from app.formats.exporting import TEXT_FORMATS
from app.formats.items import Selection
from app.services.exporting import gather, render
from app.store.queries import page
from app.store.records import resolve

FORMATS = ExportRegistry.of(TEXT_FORMATS, IMAGE_FORMATS)


HOSTILE = Path(__file__).with_name("test_export_hostile.json")


def hostile() -> Selection:
    data = native.read(HOSTILE)
    return Selection(data, frozenset(r.id for r in [*data.events, *data.statements]), "All")


def events(rendered: Rendered) -> dict[str, icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(rendered.content)
    found = {str(e["UID"]).removesuffix("@backchannel"): e for e in calendar.walk("VEVENT")}
    assert len(found) == rendered.items
    return found


def test_the_calendar_holds_the_filtered_items(sample_db: sqlite_utils.Database) -> None:
    f = Filter(tracks=frozenset({resolve(sample_db, "tracks", "Dmitriev")}))
    selection = gather(sample_db, f)
    found = events(render(FORMATS["ics"], selection))
    assert set(found) == {i.id for i in page(sample_db, f, 10_000)}
    miami = found["event/2025-10-24-dmitriev-miami"]
    assert miami.decoded("DTSTART") == date(2025, 10, 24)
    assert miami.decoded("DTEND") == date(2025, 10, 27)  # the day after the last, exclusive
    assert str(miami["LOCATION"]) == "Miami, United States"
    assert "Dmitriev–Witkoff back-channel" in str(miami["DESCRIPTION"])


def test_precision_decides_the_kind_of_event() -> None:
    found = events(render(FORMATS["ics"], hostile()))
    day = found["event/no-track"]
    assert (day.decoded("DTSTART"), day.decoded("DTEND")) == (
        date(2025, 11, 18),
        date(2025, 11, 19),
    )
    timed = found["event/timed"]
    assert timed.decoded("DTSTART") == datetime(2025, 11, 20, 14, 30, tzinfo=UTC)
    assert timed.decoded("DTEND") - timed.decoded("DTSTART") == timedelta(minutes=75)
    month = found["event/month"]
    assert (month.decoded("DTSTART"), month.decoded("DTEND")) == (
        date(2025, 11, 1),
        date(2025, 12, 1),
    )
    assert str(month["TRANSP"]) == "TRANSPARENT"
    assert "Date: Nov 2025 (known only to the month)" in str(month["DESCRIPTION"])


def test_statements_are_events_with_their_full_text() -> None:
    found = events(render(FORMATS["ics"], hostile()))
    said = found["statement/hostile"]
    original = next(s.text for s in hostile().data.statements if s.id == "statement/hostile")
    description = str(said["DESCRIPTION"])
    assert description.startswith(original)
    assert "— Сергей Лавров (=HYPERLINK" in description
    assert str(said["SUMMARY"]).startswith("Сергей Лавров: <script>alert('x')</script> said")
    assert said.decoded("DTSTART") == date(2025, 11, 17)
    assert "https://example.org/a?b=1&c=<2>" in description


def test_years_calendars_cannot_hold_are_counted() -> None:
    rendered = render(FORMATS["ics"], hostile())
    found = events(rendered)
    assert {"event/bce", "event/big-bang", "event/future"}.isdisjoint(found)
    assert rendered.items == 6
    assert rendered.notes == (
        "Left out 3 item(s) dated outside the years 1–9999, which calendars cannot hold.",
    )


def test_imprecise_dates_can_be_left_out() -> None:
    rendered = render(FORMATS["ics"], hostile(), ExportOptions(imprecise="skip"))
    found = events(rendered)
    assert {"event/month", "statement/anon"}.isdisjoint(found)
    assert "event/timed" in found
    assert rendered.notes == (
        "Left out 1 item(s) dated outside the years 1–9999, which calendars cannot hold.",
        "Left out 4 item(s) whose date is known only to the month or year.",
    )  # the two ancient ones are known only to the year as well


def test_uids_stay_the_same_between_exports(sample_db: sqlite_utils.Database) -> None:
    selection = gather(sample_db, Filter())
    first = render(
        FORMATS["ics"], selection, ExportOptions(exported_at=datetime(2025, 1, 1, tzinfo=UTC))
    )
    later = render(
        FORMATS["ics"], selection, ExportOptions(exported_at=datetime(2026, 1, 1, tzinfo=UTC))
    )
    assert first.content != later.content
    assert set(events(first)) == set(events(later)) == selection.selected


def test_long_lines_fold_and_escapes_read_back_whole() -> None:
    """Lines are folded at 75 octets, never inside a UTF-8 character or an escape, and text
    with commas, semicolons, backslashes and line breaks comes back as it was written."""
    base = hostile()
    event = next(e for e in base.data.events if e.id == "event/no-track")
    tricky = "Лавров, Рубио; a\\b\nline\r\nnext, " * 12 + "😀" * 40
    data = replace(base.data, events=[replace(event, title=tricky, place=tricky)], statements=[])
    rendered = render(
        FORMATS["ics"], Selection(data, frozenset({event.id}), "Kinds: meeting, call")
    )
    lines = rendered.content.split(b"\r\n")
    assert max(len(line) for line in lines) <= 75
    assert all(line.decode("utf-8") for line in lines[:-1])  # no character cut in two
    assert any(line.startswith(b" ") for line in lines)
    said = events(rendered)[event.id]
    assert str(said["SUMMARY"]) == tricky.replace("\r\n", "\n")
    assert str(said["LOCATION"]) == tricky.replace("\r\n", "\n")


def test_only_a_web_address_becomes_the_events_url() -> None:
    base = hostile()
    event = next(e for e in base.data.events if e.id == "event/no-track")
    hostile_sources = [
        Source("source/file", url="file:///etc/passwd"),
        Source("source/data", url="data:text/html,<script>alert(1)</script>"),
        Source("source/script", url="javascript:alert(1)"),
    ]
    web = Source("source/web", url="https://example.org/vote")
    linked = replace(event, id="event/linked", sources=("source/file", "source/data", "source/web"))
    unlinked = replace(event, id="event/unlinked", sources=("source/script", "source/file"))
    data = replace(
        base.data,
        sources=[*base.data.sources, *hostile_sources, web],
        events=[linked, unlinked],
        statements=[],
    )
    rendered = render(FORMATS["ics"], Selection(data, frozenset({linked.id, unlinked.id}), "All"))
    found = events(rendered)
    assert str(found["event/linked"]["URL"]) == "https://example.org/vote"
    assert "URL" not in found["event/unlinked"]
    for scheme in (b"URL:file:", b"URL:data:", b"URL:javascript:"):
        assert scheme not in rendered.content


def test_control_characters_rfc_5545_forbids_never_reach_the_file() -> None:
    """Line-breaking ones (VT, FF, NEL, U+2028, U+2029) become line breaks, the others are
    dropped, a lone surrogate becomes U+FFFD; tabs stay."""
    base = hostile()
    event = next(e for e in base.data.events if e.id == "event/no-track")
    title = "Vote\x0bon\x0cthe\x85draft\u2028now\u2029\x1b[31m\x07\x00\x7f\x9b\ud800\tend"
    data = replace(
        base.data, events=[replace(event, title=title, place=title, summary=title)], statements=[]
    )
    rendered = render(FORMATS["ics"], Selection(data, frozenset({event.id}), "All\x1b\x0c"))
    content = rendered.content.decode("utf-8")
    forbidden = {chr(c) for c in [*range(0x09), *range(0x0B, 0x0D), *range(0x0E, 0x20)]}
    forbidden |= {chr(c) for c in range(0x7F, 0xA0)} | {"\u2028", "\u2029"}
    assert forbidden.isdisjoint(content.replace("\r\n", ""))
    said = events(rendered)[event.id]
    expected = "Vote\non\nthe\ndraft\nnow\n[31m\ufffd\tend"
    assert str(said["SUMMARY"]) == expected
    assert str(said["LOCATION"]) == expected
    assert str(said["DESCRIPTION"]).startswith(expected)
