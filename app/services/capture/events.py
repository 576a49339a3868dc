"""Happenings the article reports with a date: "met in Kuala Lumpur on July 10", "abstained
in the vote on November 17", "visited Miami from Oct. 24-26". A clause (a sentence, or a
part of it between semicolons) outside quotes that names a happening, a day or month, and
at least one known actor is proposed as an event."""

from __future__ import annotations

import itertools
import re

from app.core.calendar import MONTH_ABBR, MONTH_NAMES
from app.services.capture.drafts import EventDraft, StatementDraft
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
    if kind is None or not named or _reported(clause, kind):
        return None
    ids = tuple(dict.fromkeys(m.actor_id for m in named))
    names = tuple(index.actors[i].name for i in ids)
    place = _place(clause, {text[m.start : m.end] for m in named})
    lead = len(clause) - len(clause.lstrip(" ,;"))
    people = tuple(index.actors[i].name for i in ids if index.actors[i].kind == "person")
    return EventDraft(title(kind, people or names, place), kind, when.when, names, ids, place,
                      start + lead, end)  # fmt: skip


_REPORTED = re.compile(
    r"(?<!\w)(?:said|says|told|added|noted|stressed|warned|denied|insisted|claimed|"
    r"заявил\w*|сказал\w*|отметил\w*)(?!\w)",
    re.IGNORECASE,
)
"""A verb of saying: a clause where one comes before the happening ("Peskov said there were
no plans for a summit") tells what was said, not a happening the article reports; one after
it gives the report's source ("… by phone on Tuesday, the ministry said")."""


def _reported(clause: str, kind: str) -> bool:
    said = _REPORTED.search(clause)
    happening = dict(_KIND)[kind].search(clause)
    return bool(said and happening and said.start() < happening.start())


_SENTENCE_END = re.compile(r"[.!?…][\"”»’]?\s+|\n")


def _attribution(text: str, draft: StatementDraft) -> str:
    """The words of the statement's sentence around its quote: "At that meeting, Lavrov
    said:", "Lavrov told reporters after the call." (a paraphrase's own words with them)."""
    head = text[max(0, draft.start - LINK_REACH // 2) : draft.start]
    cut = [m.end() for m in _SENTENCE_END.finditer(head)]
    head = head[cut[-1] :] if cut else head
    tail = text[draft.end : draft.end + LINK_REACH // 2]
    ending = _SENTENCE_END.search(tail.lstrip('"”»’ '))
    tail = tail[: ending.end() if ending else len(tail)]
    own = text[draft.start : draft.end] if draft.attribution != "direct" else ""
    between = " ".join(text[b:a] for (_, b), (a, _) in itertools.pairwise(draft.parts))
    return f"{head} {own} {between} {tail}"


_TITLES = {
    "meeting": "{names} meet{place}",
    "call": "{names} speak by phone",
    "summit": "Summit of {names}{place}",
    "visit": "{names} visit{place}",
    "vote": "Vote: {names}{place}",
    "speech": "Speech by {names}{place}",
    "document": "Document from {names}",
    "announcement": "Announcement by {names}",
}
"""An event's proposed title, a headline the user may edit: who (the people, when there are
any, not their states), what, where."""


def title(kind: str, names: tuple[str, ...], place: str | None) -> str:
    """ "Sergei Lavrov and Marco Rubio meet in Kuala Lumpur"; one name takes the verb's
    singular ("Sergei Lavrov visits Miami")."""
    shown = list(names[:4])
    listed = shown[0] if len(shown) == 1 else f"{', '.join(shown[:-1])} and {shown[-1]}"
    pattern = _TITLES.get(kind, f"{kind.capitalize()}: {{names}}{{place}}")
    if len(shown) == 1 and kind in ("meeting", "visit"):
        pattern = pattern.replace("meet{place}", "meets{place}").replace("visit{", "visits{")
    return pattern.format(names=listed, place=f" in {place}" if place else "")


_BACK_REFERENCE = re.compile(
    r"(?<!\w)(?:at|during|after|following|on the sidelines of|in)\s+(?:that|the|this|their|"
    r"those)\s+(?:meeting|talks|call|conversation|summit|visit|session|vote|conference|"
    r"negotiations|trip)(?!\w)",
    re.IGNORECASE,
)
LINK_REACH = 600
"""How far before a statement (in characters) an event may be that "at that meeting" means."""


def link_to_events(text: str, statements: list[StatementDraft], events: list[EventDraft]) -> None:
    """Link each statement to the event the text says it was made at ("At that meeting,
    Lavrov said: …"): the nearest event told before it, within `LINK_REACH`; a statement
    with no date of its own takes the event's day."""
    for draft in statements:
        if not _BACK_REFERENCE.search(_attribution(text, draft)):
            continue
        before = [
            (i, e) for i, e in enumerate(events)
            if e.end <= draft.start and draft.start - e.end <= LINK_REACH
        ]  # fmt: skip
        if not before:
            continue
        number, event = before[-1]
        draft.event = number
        if draft.date is None or draft.date.approximate:
            draft.date = event.date.start


def _place(clause: str, actor_words: set[str]) -> str | None:
    for match in _PLACE.finditer(clause):
        words = match[1].split()
        if words[0] in _NOT_PLACES or match[1] in actor_words:
            continue
        return match[1]
    return None
