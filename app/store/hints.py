"""What a Filter that selects nothing would select with one of its parts left out: the counts
behind the window's hint ("Peskov's items are on other tracks")."""

from __future__ import annotations

import re
from dataclasses import replace

import sqlite_utils

from app.core.filter import Filter
from app.store.details import without_facet
from app.store.queries import count

PARTS = ("text", "tracks", "actors", "kinds", "tags", "dates")
"""The parts of a Filter, in the order a hint names them."""

_WORD = re.compile(r"\S+")


def without_part(f: Filter, part: str) -> Filter:
    """The Filter with one part (as named in `PARTS`) not asked."""
    if part == "dates":
        return replace(f, start=None, end=None)
    if part == "text":
        return replace(f, text="", advanced=False)
    return without_facet(f, part)


def asked_parts(f: Filter) -> list[str]:
    """The parts the Filter asks something of, in `PARTS` order."""
    return [part for part in PARTS if without_part(f, part) != f]


def counts_without_each_part(db: sqlite_utils.Database, f: Filter) -> dict[str, int]:
    """For each part the Filter asks, how many items it selects with that part left out.
    Only worth asking when there are two parts or more: with one, leaving it out selects
    everything."""
    parts = asked_parts(f)
    if len(parts) < 2:
        return {}
    return {part: count(db, without_part(f, part)) for part in parts}


def counts_of_each_word(db: sqlite_utils.Database, f: Filter) -> dict[str, int]:
    """For plain words searched (two or more), how many items each word alone selects with
    the rest of the Filter: which word finds nothing, or that all do but never together."""
    words = list(dict.fromkeys(_WORD.findall(f.text)))
    if f.advanced or len(words) < 2:
        return {}
    return {word: count(db, replace(f, text=word)) for word in words}
