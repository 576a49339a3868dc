"""TimelineJS (Knight Lab) files: its JSON, and its Google Sheets template as CSV.

One slide per item; the title slide names what the Filter selected; each item's first track
is its TimelineJS group (one row of the time navigation per track). Dates keep their
precision: a month-precision item has no day, so TimelineJS shows "November 2025". Years are
astronomical integers of any size, as TimelineJS counts them. Slide text is HTML built here
with every piece of data escaped; TimelineJS sanitises it once more with DOMPurify.
"""

from __future__ import annotations

import json
import re
from html import escape
from typing import Any

from app.core.dates import PartialDate
from app.core.sources import reference, web_address
from app.formats.csv_out import safe_cell, write_table
from app.formats.export_types import ExportOptions, Rendered, Steps
from app.formats.items import (
    ExportItem,
    Selection,
    describe_actor,
    export_items,
    shorten,
    tally_text,
)

SHEET_COLUMNS = (
    "Year",
    "Month",
    "Day",
    "Time",
    "End Year",
    "End Month",
    "End Day",
    "End Time",
    "Display Date",
    "Headline",
    "Text",
    "Media",
    "Media Credit",
    "Media Caption",
    "Media Thumbnail",
    "Alt Text",
    "Type",
    "Group",
    "Background",
)
HEADLINE_QUOTE_CHARS = 70
_NOT_ID = re.compile(r"[^A-Za-z0-9_-]+")


def title_slide(selection: Selection, count: int, options: ExportOptions) -> tuple[str, str]:
    """Headline and HTML text of the title slide."""
    noun = "item" if count == 1 else "items"
    line = f"{selection.description} · {count} {noun} · exported {options.exported_at:%d %b %Y}"
    text = f"<p>{escape(line)}</p>"
    if selection.data.description:
        text += f"<p>{escape(selection.data.description)}</p>"
    return selection.title, text


def plain_field(text: str) -> str:
    """A value for the fields TimelineJS takes as plain text (group, display_date): it
    strips their markup by parsing them as HTML, which decodes entities, then inserts the
    result as HTML, which decodes them again. Escaped twice, the text shows as it is and
    never becomes markup: a track called "&lt;img onerror=…&gt;" stays those characters."""
    return escape(escape(text, quote=False), quote=False)


def headline(item: ExportItem) -> str:
    if item.is_statement and item.speaker is not None:
        return f"{item.speaker.name}: “{shorten(item.text, HEADLINE_QUOTE_CHARS)}”"
    return item.title


def slide_text(item: ExportItem) -> str:
    """The slide's HTML: the statement or summary, who, where, and numbered sources."""
    parts: list[str] = []
    if item.is_statement:
        quote = "<br>".join(escape(line) for line in item.text.splitlines())
        parts.append(f"<blockquote>{quote}</blockquote>")
        if item.speaker is not None:
            parts.append(
                f"<p>— {escape(describe_actor(item.speaker))}. {escape(item.kind_label)}.</p>"
            )
        if item.event is not None:
            parts.append(f"<p>During: {escape(item.event.title)}</p>")
    else:
        parts.extend(f"<p>{escape(line)}</p>" for line in item.text.splitlines() if line.strip())
        facts = [item.kind_label]
        if item.place:
            facts.append(item.place)
        if item.tally is not None:
            facts.append(tally_text(item.tally))
        parts.append(f"<p>{escape(' · '.join(facts))}</p>")
        if item.actors:
            parts.append(f"<p>Actors: {escape(', '.join(a.name for a in item.actors))}</p>")
    if item.tracks:
        parts.append(f"<p>Tracks: {escape(', '.join(t.name for t in item.tracks))}</p>")
    if item.tags:
        parts.append(f"<p>Tags: {escape(', '.join(item.tags))}</p>")
    if item.sources:
        entries = []
        for source in item.sources:
            link = web_address(source.url)
            cited = escape(reference(source))
            entries.append(
                f'<li><a href="{escape(link)}">{cited}</a></li>' if link else f"<li>{cited}</li>"
            )
        parts.append(f"<p>Sources:</p><ol>{''.join(entries)}</ol>")
    return "".join(parts)


def date_object(date: PartialDate) -> dict[str, Any]:
    """Only the parts the date has: {"year": 2025, "month": 11} for November 2025."""
    found: dict[str, Any] = {"year": date.year}
    for name in ("month", "day", "hour", "minute", "second"):
        value = getattr(date, name)
        if value is not None:
            found[name] = value
    return found


def slide_id(item: ExportItem) -> str:
    """The slide's stable id (TimelineJS puts it in the page's address)."""
    return _NOT_ID.sub("-", item.id).strip("-") or "item"


def to_document(
    selection: Selection, options: ExportOptions, steps: Steps
) -> tuple[dict[str, Any], int]:
    items = export_items(selection)
    head, text = title_slide(selection, len(items), options)
    events = []
    for item in steps.each(items, len(items)):
        slide: dict[str, Any] = {
            "unique_id": slide_id(item),
            "start_date": date_object(item.when.start),
            "display_date": plain_field(item.when.display()),
            "text": {"headline": escape(headline(item)), "text": slide_text(item)},
        }
        if item.when.end is not None:
            slide["end_date"] = date_object(item.when.end)
        if item.tracks:
            slide["group"] = plain_field(item.tracks[0].name)
        events.append(slide)
    return {"title": {"text": {"headline": escape(head), "text": text}}, "events": events}, len(
        items
    )


def dumps(document: dict[str, Any]) -> str:
    """JSON that is also safe to paste inside an HTML <script> element."""
    text = json.dumps(document, ensure_ascii=False, indent=2)
    return text.replace("</", "<\\/").replace("<!--", "\\u003c!--") + "\n"


def render_json(selection: Selection, options: ExportOptions, steps: Steps) -> Rendered:
    document, count = to_document(selection, options, steps)
    return Rendered(dumps(document).encode("utf-8"), count)


def _time(date: PartialDate | None) -> str:
    if date is None or date.minute is None:
        return ""
    text = f"{date.hour:02d}:{date.minute:02d}"
    return text if date.second is None else f"{text}:{date.second:02d}"


def _number(value: int | None) -> str:
    return "" if value is None else str(value)


def sheet_rows(
    selection: Selection, options: ExportOptions, steps: Steps
) -> tuple[list[list[str]], int]:
    """The rows under the header: the title slide, then one per item. Only text cells are
    neutralised against formulas; the date cells are integers written here."""
    items = export_items(selection)
    head, text = title_slide(selection, len(items), options)
    blank = [""] * len(SHEET_COLUMNS)
    title = dict(zip(SHEET_COLUMNS, blank, strict=True))
    title.update({"Headline": escape(head), "Text": text, "Type": "title"})
    rows = [[safe_cell(title[c]) for c in SHEET_COLUMNS]]
    for item in steps.each(items, len(items)):
        start, end = item.when.start, item.when.end
        row = [
            str(start.year),
            _number(start.month),
            _number(start.day),
            _time(start),
            _number(end.year if end else None),
            _number(end.month if end else None),
            _number(end.day if end else None),
            _time(end),
        ]
        text_cells = [
            plain_field(item.when.display()),
            escape(headline(item)),
            slide_text(item),
            "",
            "",
            "",
            "",
            "",
            "",
            plain_field(item.tracks[0].name) if item.tracks else "",
            "",
        ]
        rows.append(row + [safe_cell(c) for c in text_cells])
    return rows, len(items)


def render_sheet(selection: Selection, options: ExportOptions, steps: Steps) -> Rendered:
    rows, count = sheet_rows(selection, options, steps)
    text = write_table(SHEET_COLUMNS, rows, bom=options.bom)
    return Rendered(text.encode("utf-8"), count)
