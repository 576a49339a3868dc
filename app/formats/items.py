"""What every export writes: the selected events and statements, in time order, with the
actors, tracks and sources they name resolved to records."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from app.core.dates import DateSpan, PartialDate
from app.core.model import STATEMENT, Actor, Dataset, Event, Source, Tally, Track
from app.core.time_order import time_order

T = TypeVar("T")
LABEL_TEXT_CHARS = 120
"""A statement's label shows this much of its text, as the timeline's labels do."""
ATTRIBUTIONS = {
    "direct": "Direct quote",
    "paraphrase": "Paraphrase",
    "anonymous": "Anonymous source",
}


@dataclass(frozen=True, slots=True)
class Selection:
    """What an export writes: `data` holds the selected items and everything they refer to
    (the events their statements belong to among them); only items in `selected` are
    written. `description` is the Filter in words, for titles."""

    data: Dataset
    selected: frozenset[str]
    description: str

    @property
    def title(self) -> str:
        return self.data.title or "Backchannel timeline"


@dataclass(slots=True)
class ExportItem:
    """One event or statement, with names instead of ids. (Not frozen: a hundred thousand
    are made per export, and a frozen dataclass sets each field through object.__setattr__,
    which took a third of the time. Nothing changes them after they are made.)"""

    id: str
    kind: str
    when: DateSpan
    headline: str | None
    """The event's title; None for a statement, whose `title` is made when asked for."""
    text: str
    """The event's summary or the statement's full text."""
    place: str | None
    speaker: Actor | None
    attribution: str | None
    event: Event | None
    """The event a statement belongs to."""
    actors: tuple[Actor, ...]
    tracks: tuple[Track, ...]
    """An event's tracks; a statement's own, then those of its event."""
    sources: tuple[Source, ...]
    tally: Tally | None
    tags: tuple[str, ...] = ()
    note: str | None = None
    """The analyst's own note: written only where it is labelled as theirs, never as a quote
    or as the item's text."""

    @property
    def is_statement(self) -> bool:
        return self.kind == STATEMENT

    @property
    def title(self) -> str:
        """The event's title; for a statement, its speaker and the start of its text (made
        only for the formats that show it: a CSV of 100,000 items does not)."""
        if self.headline is not None:
            return self.headline
        return statement_label(self.speaker.name if self.speaker else "", self.text)

    @property
    def kind_label(self) -> str:
        if self.is_statement and self.attribution:
            return ATTRIBUTIONS.get(self.attribution, "Statement")
        return self.kind.capitalize()


def export_items(selection: Selection) -> list[ExportItem]:
    """The selected items in time order (`app.core.time_order`: on the same start, the exact
    date before the approximate or coarser one).

    Long because its two loops run once per item of an export (a hundred thousand and more):
    the lookups they use stay local, with no function call per item."""
    data = selection.data
    actors = {a.id: a for a in data.actors}
    tracks = {t.id: t for t in data.tracks}
    sources = {s.id: s for s in data.sources}
    events = {e.id: e for e in data.events}

    actor_list = _resolver(actors, lambda i: Actor(i, i))
    track_list = _resolver(tracks, lambda i: Track(i, i))
    source_list = _resolver(sources, Source)

    spans: dict[PartialDate, DateSpan] = {}

    def span(date: PartialDate) -> DateSpan:
        """The DateSpan of a statement's date, made once per date (a few thousand among a
        hundred thousand items)."""
        found = spans.get(date)
        if found is None:
            found = spans[date] = DateSpan(date)
        return found

    found: list[ExportItem] = []
    for e in data.events:
        if e.id in selection.selected:
            found.append(
                ExportItem(
                    e.id,
                    e.kind,
                    e.when,
                    e.title,
                    e.summary or "",
                    e.place,
                    None,
                    None,
                    None,
                    actor_list(e.actors),
                    track_list(e.tracks),
                    source_list(e.sources),
                    e.tally,
                    e.tags,
                    e.note,
                )
            )
    for s in data.statements:
        if s.id not in selection.selected:
            continue
        event = events.get(s.event) if s.event else None
        speaker = actors.get(s.speaker) or Actor(s.speaker, s.speaker)
        found.append(
            ExportItem(
                s.id,
                STATEMENT,
                span(s.date),
                None,
                s.text,
                None,
                speaker,
                s.attribution,
                event,
                (speaker,),
                track_list((*s.tracks, *(event.tracks if event else ()))),
                source_list(s.sources),
                None,
                s.tags,
                s.note,
            )
        )
    found.sort(key=lambda item: time_order(item.when, item.id))
    return found


def item_facts(item: ExportItem, *, place: bool = True) -> list[str]:
    """What reports and calendars say about an item besides its text, a line each: the
    event a statement was made at, the place, the actors of an event, a vote, the tracks,
    the tags. (Not the analyst's note: a reader would take it for the source's.)"""
    found = []
    if item.is_statement and item.event is not None:
        found.append(f"During: {item.event.title}")
    if place and item.place:
        found.append(f"Place: {item.place}")
    if item.actors and not item.is_statement:
        found.append("Actors: " + ", ".join(a.name for a in item.actors))
    if item.tally is not None:
        found.append(f"Vote: {tally_text(item.tally)}")
    if item.tracks:
        found.append("Tracks: " + ", ".join(t.name for t in item.tracks))
    if item.tags:
        found.append("Tags: " + ", ".join(item.tags))
    return found


def _resolver(
    table: dict[str, T], missing: Callable[[str], T]
) -> Callable[[tuple[str, ...]], tuple[T, ...]]:
    """Lists of ids to records, each list resolved once: many items name the same few."""
    done: dict[tuple[str, ...], tuple[T, ...]] = {}

    def resolve(ids: tuple[str, ...]) -> tuple[T, ...]:
        found = done.get(ids)
        if found is None:
            found = done[ids] = tuple([table.get(i) or missing(i) for i in dict.fromkeys(ids)])
        return found

    return resolve


def statement_label(speaker: str, text: str, limit: int = LABEL_TEXT_CHARS) -> str:
    """'Dmitry Peskov: Moscow and Washington are not…', one line."""
    return f"{speaker}: {shorten(text, limit)}"


def shorten(text: str, limit: int) -> str:
    """The text on one line, cut at `limit` characters with an ellipsis."""
    # The words of a prefix are a prefix of the words: a long text is not split whole.
    words = " ".join(text[: 2 * limit].split())
    if len(words) <= limit:
        words = " ".join(text.split())
        if len(words) <= limit:
            return words
    return words[: limit - 1].rstrip() + "…"


def describe_actor(actor: Actor) -> str:
    """'Dmitry Peskov (Presidential press secretary, Kremlin)'."""
    extra = ", ".join(x for x in (actor.role, actor.affiliation) if x)
    return f"{actor.name} ({extra})" if extra else actor.name


def tally_text(tally: Tally) -> str:
    return f"{tally.in_favour} in favour, {tally.against} against, {tally.abstaining} abstaining"
