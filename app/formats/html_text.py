"""HTML found inside imported text, turned into plain text: no markup survives, no word is lost.

TimelineJS headlines and texts are HTML fragments written by hand or pasted from web pages.
Backchannel shows plain text, so tags go, paragraphs and line breaks become newlines, entities
become characters, scripts and styles disappear with their content, and the addresses of
links are kept aside so they can become sources.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from html.parser import HTMLParser

from app.core.sources import web_address

_LOOKS_LIKE_HTML = re.compile(r"<[A-Za-z!/]|&(?:#\d+|#x[0-9A-Fa-f]+|[A-Za-z][A-Za-z0-9]{1,31});")
_BLOCKS = frozenset(
    ("address", "article", "aside", "blockquote", "dd", "div", "dl", "dt", "figcaption",
     "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main",
     "nav", "ol", "p", "pre", "section", "table", "tr", "ul")
)  # fmt: skip
_DROPPED = frozenset(
    ("script", "style", "template", "noscript", "iframe", "object", "embed", "head", "title")
)
_SPACES = re.compile(r"[ \t\f\v]+")
_BLANK_LINES = re.compile(r"\n\s*\n+")


@dataclass(frozen=True, slots=True)
class Link:
    url: str
    text: str


@dataclass(frozen=True, slots=True)
class PlainText:
    text: str
    links: tuple[Link, ...] = ()


def looks_like_html(text: str) -> bool:
    return bool(_LOOKS_LIKE_HTML.search(text))


def to_plain(text: str | None) -> PlainText:
    """Plain text for an HTML fragment; text without markup comes back unchanged."""
    if not text:
        return PlainText("")
    if not looks_like_html(text):
        return PlainText(text.strip())
    parser = _TextCollector()
    parser.feed(text)
    parser.close()
    return PlainText(parser.result(), tuple(parser.links))


def safe_url(url: str | None) -> str | None:
    """The address of an HTML link if a browser may open it (`app.core.sources.web_address`,
    mail addresses too), after its entities are decoded; a protocol-relative one ('//host/…')
    is taken as https."""
    if not url:
        return None
    url = html.unescape(url).strip()
    if url.startswith("//"):
        url = "https:" + url
    return web_address(url, mail=True)


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.links: list[Link] = []
        self._skipping = 0
        self._anchor: tuple[str, int] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _DROPPED:
            self._skipping += 1
        elif tag == "br":
            self.parts.append("\n")
        elif tag in _BLOCKS:
            self.parts.append("\n\n")
        elif tag == "a":
            url = safe_url(dict(attrs).get("href"))
            self._anchor = (url, len(self.parts)) if url else None
        elif tag in ("img", "source", "video", "audio"):
            alt = dict(attrs).get("alt")
            if alt:
                self.parts.append(alt)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in _DROPPED:
            self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in _DROPPED:
            self._skipping = max(0, self._skipping - 1)
        elif tag in _BLOCKS:
            self.parts.append("\n\n")
        elif tag == "a" and self._anchor is not None:
            url, first = self._anchor
            label = " ".join("".join(self.parts[first:]).split())
            self.links.append(Link(url, label))
            self._anchor = None

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data.replace("\r\n", " ").replace("\n", " "))

    def result(self) -> str:
        text = _SPACES.sub(" ", "".join(self.parts))
        lines = "\n".join(line.strip() for line in text.split("\n"))
        return _BLANK_LINES.sub("\n\n", lines).strip()
