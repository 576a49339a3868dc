"""The sources an article cites: footnote lists ("[7] https://…", "7. Title, https://…",
"[^7]: …"), addresses given for a numbered mark ("Source: https://… [24]"), and bare links.

A numbered mark becomes a source only where the article says what it points to; a mark
without its list (a page saved as text loses its links) is no source anyone can find.
"""

from __future__ import annotations

import re

from app.core.sources import web_address
from app.services.capture.drafts import SourceDraft

_URL = r"https?://[^\s<>\[\]\"“”«»]+[^\s<>\[\]\"“”«».,;:)]"
_FOOTNOTE = re.compile(
    r"^[ \t]*(?:\[\^?(?P<n1>\d{1,3})\]:?|(?P<n2>\d{1,3})[.)])[ \t]+(?P<rest>[^\n]*)$", re.MULTILINE
)
_ADDRESS_THEN_MARK = re.compile(rf"(?P<url>{_URL})\s*\[(?P<n>\d{{1,3}})\]")
_BARE_URL = re.compile(_URL)
MAX_TITLE = 300


def references(text: str) -> dict[str, SourceDraft]:
    """Number (or, for a link without one, its address) → the source it points to."""
    found: dict[str, SourceDraft] = {}
    for match in _FOOTNOTE.finditer(text):
        number = match["n1"] or match["n2"]
        address = _BARE_URL.search(match["rest"])
        url = web_address(address[0]) if address else None
        title = _title(match["rest"], address[0] if address else None)
        if number and (url or (match["n1"] and title)):
            found.setdefault(number, SourceDraft(title=title, url=url, number=number))
    for match in _ADDRESS_THEN_MARK.finditer(text):
        url = web_address(match["url"])
        if url:
            found.setdefault(match["n"], SourceDraft(url=url, number=match["n"]))
    known = {s.url for s in found.values()}
    for match in _BARE_URL.finditer(text):
        url = web_address(match[0])
        if url and url not in known:
            known.add(url)
            found[url] = SourceDraft(url=url)
    return found


def _title(rest: str, url: str | None) -> str | None:
    words = rest.replace(url, " ") if url else rest
    title = " ".join(words.split()).strip(" ,.;:-–—")
    return title[:MAX_TITLE] or None


def cited(text: str, start: int, end: int, known: dict[str, SourceDraft]) -> tuple[str, ...]:
    """The known references marked or linked between `start` and `end`, in order."""
    keys: list[str] = []
    for match in re.finditer(rf"\[\^?(\d{{1,3}})\]|{_URL}", text[start:end]):
        key = match[1] or web_address(match[0]) or ""
        if key in known:
            keys.append(key)
    return tuple(dict.fromkeys(keys))


def linked(
    text: str, links: tuple[tuple[str, str], ...], known: dict[str, SourceDraft]
) -> list[tuple[int, int, str]]:
    """Where a saved page's links stand in its extracted text, (start, end, address), each
    found after the one before it; each address becomes a known source, titled by the
    words linked."""
    placed: list[tuple[int, int, str]] = []
    at = 0
    for words, address in links:
        found = text.find(words, at)
        if found < 0:
            continue  # a menu's or a footer's link: not in the article's text
        at = found + len(words)
        placed.append((found, at, address))
        known.setdefault(address, SourceDraft(title=words[:MAX_TITLE], url=address))
    return placed


def cited_by_link(
    text: str, start: int, end: int, placed: list[tuple[int, int, str]]
) -> tuple[str, ...]:
    """The addresses linked in the paragraph of `start` to `end` (a readout linked where a
    statement is reported)."""
    first = text.rfind("\n", 0, start) + 1
    last = text.find("\n", end)
    last = len(text) if last < 0 else last
    return tuple(dict.fromkeys(a for s, e, a in placed if first <= s and e <= last))
