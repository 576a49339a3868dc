"""Exports opened by real clients: TimelineJS itself (the library from the npm registry) and
the HTML report, in headless Chromium. `.ci/run` installs both; where either is missing the
tests are skipped and say why."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import pytest
import sqlite_utils

from app.core.filter import Filter
from app.drawing.image_formats import IMAGE_FORMATS
from app.formats import native
from app.formats.export_types import ExportRegistry
from app.formats.exporting import TEXT_FORMATS
from app.formats.items import Selection
from app.services.exporting import gather, render
from app.store.records import resolve

FORMATS = ExportRegistry.of(TEXT_FORMATS, IMAGE_FORMATS)

ROOT = Path(__file__).parents[2]
HOSTILE = Path(__file__).with_name("test_export_hostile.json")
TIMELINEJS = Path(
    os.environ.get(
        "TIMELINEJS_DIR",
        ROOT / ".cache" / "timelinejs" / "node_modules" / "@knight-lab" / "timelinejs",
    )
)
CHROMIUM = (
    os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
)
BROWSER_SECONDS = 60
PWNED = "data-pwned"

needs_chromium = pytest.mark.skipif(
    CHROMIUM is None, reason="Chromium is not installed (.ci/run installs Debian's chromium)"
)

needs_timelinejs = pytest.mark.skipif(
    not (TIMELINEJS / "dist" / "js" / "timeline.js").exists(),
    reason=f"TimelineJS is not at {TIMELINEJS} (.ci/run installs it from the npm registry)",
)


def _dom(page: Path) -> str:
    """The document after its scripts ran, as headless Chromium serialises it."""
    assert CHROMIUM is not None
    done = subprocess.run(
        [CHROMIUM, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-extensions", "--allow-file-access-from-files",
         "--virtual-time-budget=15000", "--dump-dom", page.as_uri()],
        capture_output=True, text=True, timeout=BROWSER_SECONDS, check=True,
    )  # fmt: skip
    return done.stdout


class _Classes(HTMLParser):
    """Text inside elements with a given class, in document order."""

    def __init__(self, wanted: str) -> None:
        super().__init__()
        self.wanted = wanted
        self.depth = 0
        self.found: list[str] = []
        self.count = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if self.depth:
            self.depth += 1
        elif self.wanted in classes:
            self.depth = 1
            self.count += 1
            self.found.append("")

    def handle_endtag(self, tag: str) -> None:
        if self.depth:
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.found[-1] += data


class _Elements(HTMLParser):
    """Every element and attribute name in a document."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.attributes: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.attributes.update(name for name, _ in attrs)


def _texts(dom: str, css_class: str) -> list[str]:
    parser = _Classes(css_class)
    parser.feed(dom)
    return [" ".join(t.split()) for t in parser.found]


@needs_chromium
@needs_timelinejs
def test_timelinejs_shows_a_slide_for_each_exported_item(
    sample_db: sqlite_utils.Database, tmp_path: Path
) -> None:
    f = Filter(tracks=frozenset({resolve(sample_db, "tracks", "UN Security Council")}))
    selection = gather(sample_db, f)
    document = json.loads(render(FORMATS["timelinejs"], selection).content)
    page = tmp_path / "timeline.html"
    data = json.dumps(document).replace("</", "<\\/")
    script = (TIMELINEJS / "dist" / "js" / "timeline.js").as_uri()
    page.write_text(
        "<!doctype html><html><head><meta charset='utf-8'>"
        f"<script src='{script}'></script></head><body>"
        "<div id='timeline-embed' style='width: 1200px; height: 700px'></div>"
        f"<script>window.timeline = new TL.Timeline('timeline-embed', {data});</script>"
        "</body></html>",
        encoding="utf-8",
    )
    dom = _dom(page)
    headlines = _texts(dom, "tl-headline")
    titles = [re.sub(r"<[^>]+>", "", e["text"]["headline"]) for e in document["events"]]
    assert len(titles) == len(selection.selected)
    # The title slide, then one slide per item: every headline shows.
    for title in titles:
        plain = " ".join(title.replace("&amp;", "&").split())
        assert any(plain[:40] in h for h in headlines), plain
    assert any(document["title"]["text"]["headline"][:20] in h for h in headlines)


def _hostile() -> Selection:
    data = native.read(HOSTILE)
    return Selection(data, frozenset(r.id for r in [*data.events, *data.statements]), "All")


@needs_chromium
def test_the_html_report_runs_nothing_a_statement_holds(tmp_path: Path) -> None:
    selection = _hostile()
    # Payloads that would mark the page if they ever ran, beside those in the hostile set.
    payload = (
        f"<script>document.body.setAttribute('{PWNED}', 'script')</script>"
        f"<img src=x onerror=\"document.body.setAttribute('{PWNED}', 'onerror')\">"
    )
    statements = [
        replace(s, text=s.text + payload) if s.id == "statement/hostile" else s
        for s in selection.data.statements
    ]
    marked = Selection(
        replace(selection.data, statements=statements), selection.selected, selection.description
    )
    html = render(FORMATS["html"], marked).content.decode("utf-8")
    page = tmp_path / "report.html"
    page.write_text(html, encoding="utf-8")
    dom = _dom(page)
    assert PWNED not in dom.split("<body", 1)[1].split(">", 1)[0]
    assert "<script>document.body" not in dom  # shown as text, so escaped in the DOM
    assert "&lt;script&gt;document.body.setAttribute" in dom
    elements = _Elements()
    elements.feed(dom)
    assert "script" not in elements.tags
    assert "img" not in elements.tags
    assert not [a for a in elements.attributes if a.startswith("on")]
