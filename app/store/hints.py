"""What a Filter that selects nothing would select with one of its parts left out: the counts
behind the window's hint ("Peskov's items are on other tracks"). A part is one of the filter
panel's choices (its tracks, its dates…), one field of the typed search (`track:Witkoff`,
every `track:` term together), or the search's plain words."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

import sqlite_utils

from app.core.filter import Filter
from app.core.query import OR, read_words
from app.store.details import without_facet
from app.store.queries import count

FIELD_PARTS = {
    "track": "tracks",
    "from": "start",
    "to": "end",
    "kind": "kinds",
    "tag": "tags",
    "lang": "languages",
    "source": "sources",
    "actor": "actors",
    "speaker": "speakers",
}
"""A typed field, and the attribute of `Filter.fields` it sets."""


@dataclass(frozen=True, slots=True)
class Part:
    name: str
    """A panel part ("tracks", "dates", "kinds", "tags", "actors"), "text" for the search's
    words, or a typed field's name ("track", "from", "speaker"…) when `typed`."""
    typed: bool = False


PARTS = (
    Part("track", typed=True),
    Part("tracks"),
    Part("from", typed=True),
    Part("to", typed=True),
    Part("dates"),
    Part("kind", typed=True),
    Part("kinds"),
    Part("tag", typed=True),
    Part("tags"),
    Part("lang", typed=True),
    Part("source", typed=True),
    Part("actor", typed=True),
    Part("speaker", typed=True),
    Part("actors"),
    Part("text"),
)
"""The parts of a Filter in the order a hint names them: the settings that narrow (tracks,
dates, kinds) before the people and the words, which are most often what is looked for;
a typed field before the panel's choice of the same kind, as the message quotes the search."""


def without_part(f: Filter, part: Part) -> Filter:
    """The Filter with one part not asked."""
    if part.typed:
        if f.fields is None:
            return f
        attribute = FIELD_PARTS[part.name]
        nothing: dict[str, Any] = {
            attribute: None if attribute in ("start", "end") else frozenset()
        }
        emptied = replace(f.fields, **nothing)
        return replace(f, fields=None if emptied.is_empty else emptied)
    if part.name == "dates":
        return replace(f, start=None, end=None)
    if part.name == "text":
        return replace(f, text="", advanced=False)
    return without_facet(f, part.name)


def asked_parts(f: Filter) -> list[Part]:
    """The parts the Filter asks something of, in `PARTS` order."""
    return [part for part in PARTS if without_part(f, part) != f]


def counts_without_each_part(db: sqlite_utils.Database, f: Filter) -> Iterator[tuple[Part, int]]:
    """For each part the Filter asks, in `PARTS` order, how many items it selects with that
    part left out: one count each, asked as the caller goes on (a hint stops at the first
    part that finds something). None when there is one part: leaving it out selects
    everything."""
    parts = asked_parts(f)
    if len(parts) < 2:
        return
    for part in parts:
        yield part, count(db, without_part(f, part))


def counts_of_each_word(db: sqlite_utils.Database, f: Filter) -> dict[str, int]:
    """For plain words searched (two or more, or words left out beside them), how many items
    each word (or words joined by OR) alone selects with the rest of the Filter: which word
    finds nothing, or that all do but never together."""
    read = read_words(f.text)
    words = list(dict.fromkeys(f" {OR} ".join(group) for group in read.groups))
    if f.advanced or len(words) < 2 - bool(read.left_out):
        return {}
    return {word: count(db, replace(f, text=word)) for word in words}


def count_without_left_out(db: sqlite_utils.Database, f: Filter) -> int:
    """How many items the Filter selects without its words typed with a minus."""
    read = read_words(f.text)
    if f.advanced or not read.left_out:
        return 0
    return count(db, replace(f, text=read.wanted))
