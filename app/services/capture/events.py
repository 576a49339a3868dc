"""Happenings the article reports with a date: "met in Kuala Lumpur on July 10", "abstained
in the vote on November 17", "visited Miami from Oct. 24-26". A clause (a sentence, or a
part of it between semicolons) outside quotes that names a happening, a day or month, and
at least one known actor is proposed as an event."""

from __future__ import annotations

import re

from app.core.calendar import MONTH_ABBR, MONTH_NAMES
from app.services.capture.drafts import EventDraft
from app.services.capture.names import Mention, NameIndex
from app.services.capture.text import Sentence
from app.services.capture.when import DateMention

_KINDS = (
    ("summit", r"summit|саммит\w*"),
    ("call", r"telephone|phone call|phoned|by phone|телефонн\w+ разговор\w*|созвонил\w*"),
    ("meeting", r"meet|meets|met|meeting|talks|встреч\w+|переговор\w+"),
    ("visit", r"visit|visits|visited|trip|визит\w*|посетил\w*"),
    ("vote", r"vote|voted|voting|abstained|veto|vetoed|голосовани\w+|воздержал\w+"),
    ("ruling", r"ruled|ruling|advisory opinion|verdict"),
    ("document", r"tabled|signed|adopted|memorandum|treaty|draft|подписал\w*|принял\w*"),
    ("speech", r"speech|address|addressed|выступил\w*|выступлени\w+"),
    ("leak", r"leaked|leaks?"),
    ("announcement", r"announced|statement|объявил\w*"),
)
_KIND = [(kind, re.compile(rf"(?<!\w)(?:{words})(?!\w)", re.IGNORECASE)) for kind, words in _KINDS]
_PLACE = re.compile(
    r"(?<!\w)(?:in|at|to|в|во)\s+((?:[A-ZА-ЯЁ][\w’'-]+)(?:\s+[A-ZА-ЯЁ][\w’'-]+){0,2})"
)
_NOT_PLACES = frozenset([*MONTH_NAMES, *MONTH_ABBR, "Sept", "The", "This"])
"""Capitalised words after "in" that are dates or sentence openers, not places."""


def find_events(
    text: str, sentences: list[Sentence], dates: list[DateMention], mentions: list[Mention],
    index: NameIndex,
) -> list[EventDraft]:  # fmt: skip
    """Events proposed from the clauses that report a dated happening."""
    events: list[EventDraft] = []
    for sentence in sentences:
        if sentence.quotes:
            continue  # what someone said happened is theirs to say, not a reported event
        for start, end in _clauses(text, sentence.start, sentence.end):
            event = _event(text, start, end, dates, mentions, index)
            if event is not None:
                events.append(event)
    return events


def _clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans, at = [], start
    for match in re.finditer(r";", text[start:end]):
        spans.append((at, start + match.start()))
        at = start + match.end()
    spans.append((at, end))
    return spans


def _event(
    text: str, start: int, end: int, dates: list[DateMention], mentions: list[Mention],
    index: NameIndex,
) -> EventDraft | None:  # fmt: skip
    when = next((d for d in dates if start <= d.start and d.end <= end), None)
    if when is None or when.when.start.month is None:
        return None
    clause = text[start:end]
    kind = next((k for k, pattern in _KIND if pattern.search(clause)), None)
    named = [m for m in mentions if start <= m.start and m.end <= end]
    if kind is None or not named:
        return None
    ids = tuple(dict.fromkeys(m.actor_id for m in named))
    names = tuple(index.actors[i].name for i in ids)
    place = _place(clause, {text[m.start : m.end] for m in named})
    title = f"{kind.capitalize()}: {', '.join(names[:4])}" + (f", {place}" if place else "")
    lead = len(clause) - len(clause.lstrip(" ,;"))
    return EventDraft(title, kind, when.when, names, ids, place, start + lead, end)


def _place(clause: str, actor_words: set[str]) -> str | None:
    for match in _PLACE.finditer(clause):
        words = match[1].split()
        if words[0] in _NOT_PLACES or match[1] in actor_words:
            continue
        return match[1]
    return None
