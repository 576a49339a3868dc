"""HTML and Markdown reports, read back with an HTML parser and line by line: one
self-contained file, the filter at the top, items in time order with dates at their
precision, full statements, citations that lead to the sources list, hostile text inert."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import sqlite_utils

from app.core.dates import DateSpan, PartialDate
from app.core.filter import Filter
from app.core.model import Dataset, Event
from app.drawing.image_formats import IMAGE_FORMATS
from app.formats import native
from app.formats.export_types import ExportRegistry
from app.formats.exporting import TEXT_FORMATS
from app.formats.items import Selection, export_items
from app.services.exporting import gather, render
from app.store.records import resolve

FORMATS = ExportRegistry.of(TEXT_FORMATS, IMAGE_FORMATS)


HOSTILE = Path(__file__).with_name("test_export_hostile.json")


def hostile() -> Selection:
    data = native.read(HOSTILE)
    return Selection(data, frozenset(r.id for r in [*data.events, *data.statements]), "All")


class Page(HTMLParser):
    """Elements with their attributes, and the text inside elements of interest."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.texts: dict[str, list[str]] = {}
        self._open: list[tuple[str, str]] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.elements.append((tag, attributes))
        key = attributes.get("class") or tag
        if tag in ("blockquote", "h1", "h2", "title", "div", "p", "li"):
            self._open.append((tag, key.split()[0]))
            self.texts.setdefault(key.split()[0], []).append("")

    def handle_endtag(self, tag: str) -> None:
        if self._open and self._open[-1][0] == tag:
            self._open.pop()

    def handle_data(self, data: str) -> None:
        for _, key in self._open:
            self.texts[key][-1] += data

    def ids(self) -> list[str]:
        return [a["id"] for _, a in self.elements if a.get("id")]  # type: ignore[misc]

    def hrefs(self) -> list[str]:
        return [a["href"] for t, a in self.elements if t == "a" and a.get("href")]  # type: ignore[misc]


def test_html_is_one_file_that_loads_nothing(sample_db: sqlite_utils.Database) -> None:
    page = Page(render(FORMATS["html"], gather(sample_db, Filter())).content.decode("utf-8"))
    tags = {t for t, _ in page.elements}
    assert tags.isdisjoint({"script", "link", "img", "iframe", "object", "embed"})
    assert "style" in tags
    assert not [a for _, a in page.elements if "src" in a]
    policy = next(a for t, a in page.elements if t == "meta" and a.get("http-equiv"))
    assert "default-src 'none'" in (policy["content"] or "")
    assert all(h.startswith(("#", "https://", "http://")) for h in page.hrefs())


def test_html_says_the_filter_and_lists_items_in_time_order(
    sample_db: sqlite_utils.Database,
) -> None:
    f = Filter(tracks=frozenset({resolve(sample_db, "tracks", "UN Security Council")}))
    selection = gather(sample_db, f)
    page = Page(render(FORMATS["html"], selection).content.decode("utf-8"))
    assert page.texts["filter"] == ["Items on UN Security Council"]
    items = export_items(selection)
    assert [i for i in page.ids() if i.startswith("item-")] == [
        "item-" + i.id.replace("/", "-") for i in items
    ]
    assert [t.strip() for t in page.texts["when"]] == [i.when.display() for i in items]
    assert [i.when.first_second for i in items] == sorted(i.when.first_second for i in items)
    assert page.texts["when"][0] == "c. Nov 2025"
    quotes = [s.text for s in selection.data.statements if s.id in selection.selected]
    assert sorted(page.texts["blockquote"]) == sorted(quotes)


def test_html_citations_lead_to_the_sources_list(sample_db: sqlite_utils.Database) -> None:
    selection = gather(sample_db, Filter(kinds=frozenset({"vote"})))
    page = Page(render(FORMATS["html"], selection).content.decode("utf-8"))
    cited = [h for h in page.hrefs() if h.startswith("#source-")]
    listed = [i for i in page.ids() if i.startswith("source-")]
    assert set(cited) == {f"#{i}" for i in listed}
    assert listed == [f"source-{n}" for n in range(1, len(listed) + 1)]
    used = {s for r in selection.data.events if r.id in selection.selected for s in r.sources}
    assert len(listed) == len(used)
    resolution = "https://docs.un.org/en/s/res/2803(2025)"
    assert resolution in page.hrefs()


def test_html_shows_hostile_text_as_text() -> None:
    html = render(FORMATS["html"], hostile()).content.decode("utf-8")
    page = Page(html)
    tags = [t for t, _ in page.elements]
    assert "script" not in tags
    assert "img" not in tags
    assert "b" not in tags
    assert not [k for _, a in page.elements for k in a if k.startswith("on")]
    assert not [h for h in page.hrefs() if "javascript" in h.lower()]
    original = next(s.text for s in hostile().data.statements if s.id == "statement/hostile")
    assert original in page.texts["blockquote"]
    assert page.texts["h1"] == ["Hostile <b>export</b> & ]]> test — Лавров 🕊"]
    assert page.texts["when"][:2] == ["13,800,000,001 BCE", "301 BCE"]


def unescape_markdown(line: str) -> str:
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", line)


def test_markdown_has_the_same_items_and_citations(sample_db: sqlite_utils.Database) -> None:
    f = Filter(tracks=frozenset({resolve(sample_db, "tracks", "UN Security Council")}))
    selection = gather(sample_db, f)
    text = render(FORMATS["markdown"], selection).content.decode("utf-8")
    lines = text.splitlines()
    assert lines[0] == "# " + unescape_markdown(lines[0][2:]) == "# " + selection.title
    assert "**Items on UN Security Council**\\" in lines
    headings = [unescape_markdown(line[3:]) for line in lines if line.startswith("## ")]
    items = export_items(selection)
    assert headings[:-1] == [
        f"{i.when.display()} · {i.kind_label}: "
        + (i.speaker.name if i.is_statement and i.speaker else i.title)
        for i in items
    ]
    assert headings[-1] == "Sources"
    references = set(re.findall(r"\[\^(\d+)\](?!:)", text))
    definitions = re.findall(r"^\[\^(\d+)\]: ", text, re.M)
    assert references == set(definitions)
    assert definitions == [str(n) for n in range(1, len(definitions) + 1)]


def test_markdown_keeps_hostile_text_as_text() -> None:
    text = render(FORMATS["markdown"], hostile()).content.decode("utf-8")
    assert not re.search(r"(?<!\\)<(script|img|b>)", text)
    assert not re.search(r"(?<!\\)\]\(javascript", text)
    original = next(s.text for s in hostile().data.statements if s.id == "statement/hostile")
    start = text.index("> \\<script\\>")
    quoted = text[start:].split("\n\n")[0].splitlines()
    assert all(line.startswith("> ") for line in quoted)
    shown = [unescape_markdown(line[2:].removesuffix("\\")) for line in quoted]
    assert shown == original.splitlines()
    for line in quoted:  # nothing starts a heading, list or quote inside the quote
        assert not re.match(r"> (#|\d+\.|>|-|\+)", line)
    assert "javascript:alert(3)" not in re.findall(r"<([^>\s]+)>", text)


def test_the_vote_comes_before_the_approximate_and_month_wide_items_of_its_day() -> None:
    """On one start, the exact date first: "c. 17 Nov" follows the vote of 17 Nov, and
    "Nov 2025" follows what happened on 1 Nov, whatever their ids."""
    events = [
        Event(
            "event/0-reaction",
            "Reaction to it",
            "speech",
            DateSpan(PartialDate(2025, 11, 17, approximate=True)),
        ),
        Event("event/1-vote", "Vote on the draft", "vote", DateSpan(PartialDate(2025, 11, 17))),
        Event("event/0-month", "Consultations", "meeting", DateSpan(PartialDate(2025, 11))),
        Event("event/2-opening", "Session opens", "meeting", DateSpan(PartialDate(2025, 11, 1))),
    ]
    selection = Selection(Dataset(events=events), frozenset(e.id for e in events), "All")
    titles = ["Session opens", "Consultations", "Vote on the draft", "Reaction to it"]
    for name in ("html", "markdown"):
        report = render(FORMATS[name], selection).content.decode("utf-8")
        assert sorted(titles, key=report.index) == titles
