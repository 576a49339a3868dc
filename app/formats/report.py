"""Reports to read, print or send: one self-contained HTML file, and the same in Markdown.

The filter in words at the top, then every item in time order with its date at the
precision known, the full text of statements, and numbered citations pointing into one list
of sources. Templates live in resources/templates. Both escape every value by default: the
HTML through jinja2's autoescape, the Markdown through `markdown_escape` as the template's
finalize step, so a statement holding `<script>` or `[x](javascript:…)` stays text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

import jinja2

from app.core.model import Source
from app.core.paths import resources_dir
from app.core.sources import reference, web_address
from app.formats.export_types import ExportOptions, Rendered, Steps
from app.formats.items import (
    ExportItem,
    Selection,
    describe_actor,
    export_items,
    item_facts,
)


@dataclass(frozen=True, slots=True)
class Citation:
    number: int
    source: Source
    text: str
    """'Title. Publisher, 24 Oct 2025.'"""
    link: str | None
    """The URL when it may be a link (http or https)."""


@dataclass(frozen=True, slots=True)
class Entry:
    item: ExportItem
    anchor: str
    heading: str
    byline: str | None
    """For a statement: who said it, and in what role."""
    details: list[str]
    citations: list[Citation]


def _anchor(item_id: str) -> str:
    return "item-" + re.sub(r"[^A-Za-z0-9_-]+", "-", item_id).strip("-")


def build_context(selection: Selection, options: ExportOptions, steps: Steps) -> dict[str, Any]:
    """What both templates show; sources are numbered in the order they are first cited."""
    items = export_items(selection)
    numbers: dict[str, Citation] = {}
    entries = []
    for item in steps.each(items, len(items)):
        cited = []
        for source in item.sources:
            if source.id not in numbers:
                numbers[source.id] = Citation(
                    len(numbers) + 1, source, reference(source), web_address(source.url)
                )
            cited.append(numbers[source.id])
        entries.append(
            Entry(
                item,
                _anchor(item.id),
                item.speaker.name if item.is_statement and item.speaker else item.title,
                _byline(item),
                item_facts(item),
                sorted(cited, key=lambda c: c.number),
            )
        )
    noun = "item" if len(items) == 1 else "items"
    return {
        "title": selection.title,
        "filter": selection.description,
        "about": selection.data.description,
        "summary": f"{len(items)} {noun} · exported {options.exported_at:%d %b %Y %H:%M} UTC",
        "entries": entries,
        "sources": list(numbers.values()),
    }


def _byline(item: ExportItem) -> str | None:
    """Who said it, in what role, when there is more to say than the heading's name."""
    if item.speaker is None:
        return None
    described = describe_actor(item.speaker)
    return described if described != item.speaker.name else None


@cache
def _html_environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(resources_dir() / "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_html(selection: Selection, options: ExportOptions, steps: Steps) -> Rendered:
    context = build_context(selection, options, steps)
    page = _html_environment().get_template("report.html.j2").render(context)
    return Rendered(page.encode("utf-8"), len(context["entries"]))


class MarkdownText(str):
    """Markdown made here, already escaped: the template's finalize leaves it as it is."""


_INLINE_ACTIVE = re.compile(r"([\\`*_\[\]<>|~])")
_ENTITY = re.compile(r"&(?=#?\w+;)")
_LINE_START = re.compile(r"^([#>+=-])")
_LIST_NUMBER = re.compile(r"^(\d{1,9})([.)])")


def markdown_escape(value: Any) -> str:
    """Text as one line of Markdown that shows exactly that text: emphasis, code, links,
    HTML, entities, tables and strikethrough turned off, and no heading, list or quote at
    its start."""
    if value is None:
        return ""
    if isinstance(value, MarkdownText):
        return value
    text = " ".join(str(value).split())
    text = _ENTITY.sub(r"\\&", _INLINE_ACTIVE.sub(r"\\\1", text))
    return _LIST_NUMBER.sub(r"\1\\\2", _LINE_START.sub(r"\\\1", text))


def markdown_lines(text: str, prefix: str = "") -> MarkdownText:
    """Several lines of text as Markdown, each escaped and kept on its own line (a hard
    break at each line end); `prefix` ('> ') makes a block quote."""
    lines = [markdown_escape(line) for line in text.strip().splitlines()]
    out = []
    for i, line in enumerate(lines):
        last = i + 1 == len(lines) or not lines[i + 1]
        out.append(f"{prefix}{line}{'' if last or not line else chr(92)}".rstrip())
    return MarkdownText("\n".join(out) or prefix.rstrip())


def markdown_url(url: str) -> MarkdownText:
    """An autolink for a web URL; angle brackets inside it are percent-encoded."""
    return MarkdownText("<" + url.replace("<", "%3C").replace(">", "%3E") + ">")


@cache
def _markdown_environment() -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(resources_dir() / "templates"),
        autoescape=False,
        finalize=markdown_escape,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["lines"] = markdown_lines
    environment.filters["url"] = markdown_url
    return environment


def render_markdown(selection: Selection, options: ExportOptions, steps: Steps) -> Rendered:
    context = build_context(selection, options, steps)
    page = _markdown_environment().get_template("report.md.j2").render(context)
    page = re.sub(r"\n{3,}", "\n\n", page)
    return Rendered(page.encode("utf-8"), len(context["entries"]))
