"""The search box's text, fields and all, made the Filter the window shows and the command
line searches and exports: one function for both, so what is seen is what is exported.

Within one field any value matches (`kind:vote kind:meeting`, or every actor a part of a
name fits); different fields, the plain words and the filter panel's choices must all hold."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import sqlite_utils

from app.core.dates import DateError, parse_span
from app.core.filter import Filter
from app.core.model import EVENT_KINDS, STATEMENT, tag_key
from app.core.query import ParsedQuery, QuerySyntaxError, parse_query
from app.core.spelling import index_terms
from app.store.lookups import tag_choices
from app.store.resolving import actors_called, language_in_use, sources_about, tracks_called
from app.store.spellings import other_spellings

KINDS = (*EVENT_KINDS, STATEMENT)


class QueryProblem(ValueError):
    """The typed search cannot run: a syntax error, or a field that names nothing. The message
    is one line for the user."""


def apply_query(
    db: sqlite_utils.Database, typed: str, *, advanced: bool = False, base: Filter | None = None
) -> Filter:
    """`base` (the filter panel's or the command line's choices) narrowed by what `typed`
    says: its plain words become the text searched, its fields the Filter's `fields`.
    Raises `QueryProblem`."""
    base = base or Filter()
    typed = typed.strip()
    try:
        parsed = parse_query(typed, advanced=advanced)
    except QuerySyntaxError as error:
        raise QueryProblem(str(error)) from None
    words = parsed.words.strip()
    fields = resolve_fields(db, parsed) if parsed.terms else None
    return replace(
        base,
        text=words,
        advanced=advanced,
        typed=typed if parsed.terms else "",
        fields=fields,
        problem="",
        spellings=() if advanced else spelt_otherwise(db, words),
    )


def spelt_otherwise(
    db: sqlite_utils.Database, words: str
) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """`Filter.spellings` for these plain words: the other spellings the index holds."""
    return tuple(sorted(other_spellings(db, index_terms(words)).items()))


def window_filter(db: sqlite_utils.Database, typed: str, advanced: bool, base: Filter) -> Filter:
    """`apply_query` for the window: a problem does not raise but becomes a Filter that
    selects nothing and says why, so no stale results stay on screen."""
    try:
        return apply_query(db, typed, advanced=advanced, base=base)
    except QueryProblem as problem:
        refused = Filter(advanced=advanced, typed=typed.strip(), problem=str(problem))
        return replace(base, **refused.search_part())


def resolve_fields(db: sqlite_utils.Database, parsed: ParsedQuery) -> Filter:
    """The Filter of the parsed query's fields (its words left out)."""
    return Filter(
        speakers=_each(parsed.values("speaker"), lambda v: _actors(db, v, "speaker")),
        actors=_each(parsed.values("actor"), lambda v: _actors(db, v, "actor")),
        tracks=_each(parsed.values("track"), lambda v: _tracks(db, v)),
        kinds=_each(parsed.values("kind"), _kinds),
        sources=_each(parsed.values("source"), lambda v: _sources(db, v)),
        tags=_each(parsed.values("tag"), lambda v: _tag(db, v)),
        languages=_each(parsed.values("lang"), lambda v: _language(db, v)),
        start=_bound(parsed.values("from"), "from"),
        end=_bound(parsed.values("to"), "to"),
    )


def _each(values: tuple[str, ...], resolve: Callable[[str], frozenset[str]]) -> frozenset[str]:
    found: frozenset[str] = frozenset()
    for value in values:
        found |= resolve(value)
    return found


def _actors(db: sqlite_utils.Database, name: str, field: str) -> frozenset[str]:
    found = actors_called(db, name)
    if not found:
        raise QueryProblem(f"{field}: No actor is called “{name}”.")
    return found


def _tracks(db: sqlite_utils.Database, name: str) -> frozenset[str]:
    found = tracks_called(db, name)
    if not found:
        raise QueryProblem(f"track: No track is called “{name}”.")
    return found


def _kinds(name: str) -> frozenset[str]:
    wanted = name.casefold()
    found = frozenset(k for k in KINDS if k == wanted) or frozenset(k for k in KINDS if wanted in k)
    if not found:
        raise QueryProblem(f"kind: No kind is called “{name}”. Kinds: {', '.join(KINDS)}.")
    return found


def _sources(db: sqlite_utils.Database, words: str) -> frozenset[str]:
    found = sources_about(db, words)
    if not found:
        raise QueryProblem(
            f"source: No source has “{words}” in its title, publisher, author or address."
        )
    return found


def _tag(db: sqlite_utils.Database, tag: str) -> frozenset[str]:
    if tag_key(tag) not in {choice.key for choice in tag_choices(db)}:
        raise QueryProblem(f"tag: No item is tagged “{tag}”.")
    return frozenset({tag})


def _language(db: sqlite_utils.Database, language: str) -> frozenset[str]:
    wanted = language.casefold()
    if not language_in_use(db, wanted):
        raise QueryProblem(f"lang: No statement is in the language “{language}”.")
    return frozenset({wanted})


def _bound(values: tuple[str, ...], field: str) -> int | None:
    if not values:
        return None
    try:
        span = parse_span(values[0])
    except DateError as error:
        raise QueryProblem(f"{field}: “{values[0]}” is not a date ({error}).") from None
    return span.first_second if field == "from" else span.last_second
