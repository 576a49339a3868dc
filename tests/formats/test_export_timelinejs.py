"""TimelineJS JSON and spreadsheet CSV, read back with json, csv and an HTML parser: the
structure TimelineJS reads, one slide per selected item, dates at their precision, tracks as
groups, and slide text that stays text whatever the data holds."""

from __future__ import annotations

import csv
import io
import json
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import sqlite_utils

from app.core.filter import Filter
from app.drawing.image_formats import IMAGE_FORMATS
from app.formats import native
from app.formats.export_types import ExportRegistry
from app.formats.exporting import TEXT_FORMATS
from app.formats.items import Selection
from app.services.exporting import gather, render
from app.store.queries import page
from app.store.records import resolve

FORMATS = ExportRegistry.of(TEXT_FORMATS, IMAGE_FORMATS)


HOSTILE = Path(__file__).with_name("test_export_hostile.json")
SHEET_HEADER = [
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
]
"""The headers of TimelineJS's Google Sheets template, written out here independently."""


def hostile() -> Selection:
    data = native.read(HOSTILE)
    return Selection(data, frozenset(r.id for r in [*data.events, *data.statements]), "All")


class Markup(HTMLParser):
    """What a browser would build from an HTML fragment: elements, attributes, text."""

    def __init__(self, fragment: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str | None]] = []
        self.text = ""
        self.feed(fragment)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes.extend(attrs)

    def handle_data(self, data: str) -> None:
        self.text += data


def check_structure(document: dict[str, Any]) -> None:
    """What TimelineJS needs to load a file (its TimelineConfig.validate)."""
    assert isinstance(document["title"]["text"]["headline"], str)
    ids = [e["unique_id"] for e in document["events"]]
    assert len(ids) == len(set(ids))
    for event in document["events"]:
        for key in ("start_date", "end_date"):
            if key not in event:
                continue
            date = event[key]
            assert isinstance(date["year"], int)
            assert "day" not in date or "month" in date
            assert 1 <= date.get("month", 1) <= 12
        assert set(event["text"]) == {"headline", "text"}
        assert isinstance(event.get("group", ""), str)


def test_slides_are_the_filtered_items(sample_db: sqlite_utils.Database) -> None:
    f = Filter(tracks=frozenset({resolve(sample_db, "tracks", "Dmitriev")}))
    selection = gather(sample_db, f)
    document = json.loads(render(FORMATS["timelinejs"], selection).content)
    check_structure(document)
    selected = {i.id for i in page(sample_db, f, 10_000)}
    assert len(document["events"]) == len(selected)
    assert {e["unique_id"] for e in document["events"]} == {i.replace("/", "-") for i in selected}
    title = Markup(document["title"]["text"]["text"]).text
    assert title.startswith("Items on Dmitriev–Witkoff back-channel · 11 items · exported ")
    slides = {e["unique_id"]: e for e in document["events"]}
    miami = slides["event-2025-10-24-dmitriev-miami"]
    assert miami["start_date"] == {"year": 2025, "month": 10, "day": 24}
    assert miami["end_date"] == {"year": 2025, "month": 10, "day": 26}
    assert miami["group"] == "Dmitriev–Witkoff back-channel"
    leak = slides["event-2025-11-us-peace-plan-leaks"]
    assert leak["start_date"] == {"year": 2025, "month": 11}  # known to the month: no day
    assert leak["display_date"] == "c. Nov 2025"


def test_statements_carry_speaker_and_sources(sample_db: sqlite_utils.Database) -> None:
    f = Filter(actors=frozenset({resolve(sample_db, "actors", "Fu Cong")}), kinds={"statement"})
    selection = gather(sample_db, f)
    document = json.loads(render(FORMATS["timelinejs"], selection).content)
    (slide,) = document["events"]
    (statement,) = selection.data.statements
    sources = [s for s in selection.data.sources if s.id in statement.sources]
    text = Markup(slide["text"]["text"])
    assert slide["text"]["headline"].startswith("Fu Cong: “Considering the fragile")
    assert statement.text in text.text
    assert "— Fu Cong" in text.text
    assert len(sources) == len(statement.sources) > 1
    for source in sources:
        assert source.title
        assert source.title in text.text
        if source.url:
            assert ("href", source.url) in text.attributes
    assert slide["group"] in {t.name for t in selection.data.tracks}


def test_years_of_any_size_are_kept() -> None:
    document = json.loads(render(FORMATS["timelinejs"], hostile()).content)
    check_structure(document)
    starts = {e["unique_id"]: e["start_date"] for e in document["events"]}
    assert starts["event-big-bang"] == {"year": -13_800_000_000}
    assert starts["event-bce"] == {"year": -300}
    assert starts["event-future"] == {"year": 12000, "month": 5, "day": 1}
    assert starts["event-timed"] == {"year": 2025, "month": 11, "day": 20, "hour": 14, "minute": 30}


def test_hostile_text_stays_text() -> None:
    raw = render(FORMATS["timelinejs"], hostile()).content.decode("utf-8")
    assert "</script" not in raw  # safe to paste into a <script> element as well
    document = json.loads(raw)
    slides = {e["unique_id"]: e for e in document["events"]}
    said = slides["statement-hostile"]
    for fragment in (
        said["text"]["text"],
        said["text"]["headline"],
        document["title"]["text"]["text"],
    ):
        markup = Markup(fragment)
        assert "script" not in markup.tags
        assert "img" not in markup.tags
        assert not [name for name, _ in markup.attributes if name.startswith("on")]
        assert all(
            value and value.startswith("https://")
            for name, value in markup.attributes
            if name == "href"
        )
    text = Markup(said["text"]["text"]).text
    assert "<script>alert('x')</script> said Лавров 👋" in text
    assert "[x](javascript:alert(1)) and <img src=x onerror=alert(2)>" in text
    assert Markup(said["text"]["headline"]).text.startswith("Сергей Лавров: “<script>")


def test_groups_survive_timelinejs_stripping_their_markup() -> None:
    """TimelineJS reads a group as HTML for its text, then inserts that text as HTML."""
    document = json.loads(render(FORMATS["timelinejs"], hostile()).content)
    names = {e["unique_id"]: e.get("group") for e in document["events"]}
    for slide, name in (
        ("event-month", "<img src=x onerror=alert(1)> & co"),
        ("event-bce", "&lt;img src=x onerror=alert(5)&gt; entity track"),
    ):
        stripped = Markup(names[slide]).text
        shown = Markup(stripped)
        assert shown.tags == []
        assert shown.text == name


def test_spreadsheet_has_the_template_headers_and_a_title_row(
    sample_db: sqlite_utils.Database,
) -> None:
    f = Filter(tracks=frozenset({resolve(sample_db, "tracks", "Dmitriev")}))
    content = render(FORMATS["timelinejs-csv"], gather(sample_db, f)).content.decode("utf-8")
    reader = csv.reader(io.StringIO(content, newline=""))
    assert next(reader) == SHEET_HEADER
    rows = [dict(zip(SHEET_HEADER, row, strict=True)) for row in reader]
    assert rows[0]["Type"] == "title"
    assert rows[0]["Year"] == ""
    assert len(rows) == 1 + len({i.id for i in page(sample_db, f, 10_000)})
    miami = next(r for r in rows if r["Headline"].startswith("Dmitriev holds talks"))
    assert [miami[k] for k in ("Year", "Month", "Day", "End Year", "End Month", "End Day")] == [
        "2025",
        "10",
        "24",
        "2025",
        "10",
        "26",
    ]
    leak = next(r for r in rows if r["Headline"].startswith("US press leaks"))
    assert (leak["Month"], leak["Day"], leak["Display Date"]) == ("11", "", "c. Nov 2025")
    assert {r["Group"] for r in rows[1:]} >= {"Dmitriev–Witkoff back-channel"}


def test_spreadsheet_keeps_times_and_neutralises_formulas() -> None:
    content = render(FORMATS["timelinejs-csv"], hostile()).content.decode("utf-8")
    rows = [
        dict(zip(SHEET_HEADER, r, strict=True)) for r in list(csv.reader(io.StringIO(content)))[1:]
    ]
    timed = next(r for r in rows if r["Headline"].startswith("Call at"))
    assert (timed["Time"], timed["End Time"]) == ("14:30", "15:45")
    bce = next(r for r in rows if r["Headline"] == "Ancient treaty")
    assert bce["Year"] == "-300"  # a number for TimelineJS, not text
    month = next(r for r in rows if "month event" in r["Headline"])
    assert month["Headline"].startswith("'=HYPERLINK")
    text_cells = [r[k] for r in rows for k in ("Display Date", "Headline", "Text", "Group")]
    assert not [c for c in text_cells if c.startswith(("=", "+", "-", "@", "\t", "\r"))]
