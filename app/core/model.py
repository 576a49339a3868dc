"""The records Backchannel keeps: actors, tracks, sources, events and statements."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from app.core.dates import DateSpan, PartialDate

EVENT_KINDS = (
    "meeting",
    "call",
    "summit",
    "visit",
    "negotiation",
    "vote",
    "document",
    "ruling",
    "leak",
    "speech",
    "announcement",
    "other",
)
STATEMENT = "statement"
"""The kind every statement has in a Filter and in lists: `kinds={"statement"}` selects them."""
ACTOR_KINDS = ("person", "organisation", "state", "anonymous")
ATTRIBUTIONS = ("direct", "paraphrase", "anonymous")


@dataclass(frozen=True, slots=True)
class Actor:
    id: str
    name: str
    aliases: tuple[str, ...] = ()
    kind: str = "person"
    role: str | None = None
    affiliation: str | None = None
    country: str | None = None


@dataclass(frozen=True, slots=True)
class Track:
    id: str
    name: str
    description: str | None = None
    color: str | None = None


@dataclass(frozen=True, slots=True)
class Source:
    id: str
    url: str | None = None
    title: str | None = None
    publisher: str | None = None
    author: str | None = None
    published: PartialDate | None = None
    accessed: PartialDate | None = None
    archived_text: str | None = None


@dataclass(frozen=True, slots=True)
class Tally:
    in_favour: int
    against: int
    abstaining: int


@dataclass(frozen=True, slots=True)
class Event:
    id: str
    title: str
    kind: str
    when: DateSpan
    place: str | None = None
    summary: str | None = None
    actors: tuple[str, ...] = ()
    tracks: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    tally: Tally | None = None
    note: str | None = None
    """The analyst's own note: never the source's words, never shown as a quote."""
    tags: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Statement:
    id: str
    speaker: str
    date: PartialDate
    text: str
    event: str | None = None
    attribution: str = "direct"
    language: str | None = None
    tracks: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    note: str | None = None
    """The analyst's own note, kept apart from `text`, the words said."""
    tags: tuple[str, ...] = ()


MAX_TAG_LENGTH = 100
TAG_SEPARATOR = ";"
"""What separates tags in one spreadsheet cell, so never part of a tag."""


def tag_key(tag: str) -> str:
    """What two tags must share to be one tag: "Brief" and "brief" are the same tag (in any
    script), though each item shows its tag as it was typed."""
    return unicodedata.normalize("NFC", tag.strip()).casefold()


def unique_tags(tags: Iterable[str]) -> tuple[str, ...]:
    """Tags in their order, each kept once (its first spelling), blank ones left out."""
    seen: dict[str, str] = {}
    for tag in tags:
        tag = tag.strip()
        if tag:
            seen.setdefault(tag_key(tag), tag)
    return tuple(seen.values())


@dataclass(frozen=True, slots=True)
class MergedId:
    """An id merged away and the id it lives on as, so a file made before the merge (a
    colleague's old export) still names the record kept. `id` is "kind:old id" ("actor:
    actor/vadim-medinsky"), as items and records keep ids apart."""

    id: str
    kept: str

    @property
    def kind(self) -> str:
        return self.id.split(":", 1)[0]

    @property
    def old(self) -> str:
        return self.id.split(":", 1)[1]


def merged_ref(kind: str, old: str) -> str:
    """The id of the `MergedId` of `old`, an id of an item, actor or source."""
    return f"{kind}:{old}"


@dataclass(slots=True)
class Dataset:
    """A whole document of records, as read from or written to a file."""

    title: str | None = None
    description: str | None = None
    actors: list[Actor] = field(default_factory=list)
    tracks: list[Track] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)

    def __len__(self) -> int:
        return sum(
            len(records)
            for records in (self.actors, self.tracks, self.sources, self.events, self.statements)
        )


@dataclass(frozen=True, slots=True)
class ItemSummary:
    """One row of a list or timeline: an event or a statement, as the store returns it."""

    key: int
    id: str
    kind: str
    when: DateSpan
    title: str
    speaker: str | None
    tracks: tuple[str, ...]
    source_count: int
    snippet: str | None = None

    @property
    def is_statement(self) -> bool:
        return self.kind == STATEMENT
