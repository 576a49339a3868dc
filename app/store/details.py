"""What the window's panels read: one item in full with everything it refers to, and how many
items each actor, track, kind and tag would add to the current Filter."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TypeVar

import numpy as np
import numpy.typing as npt
import sqlite_utils

from app.core.dates import DateSpan, parse_partial
from app.core.filter import Filter
from app.core.model import STATEMENT, Actor, Event, Source, Statement, Track
from app.store.queries import match_expression, run_query, select_in, snippets_for, where_clause
from app.store.records import (
    ITEM_COLUMNS,
    actor_records,
    item_record,
    links_of,
    source_records,
    track_records,
)
from app.store.schema import LINK_TABLES, RECORD_TABLES

FACETS = ("actors", "tracks", "kinds", "tags")
_R = TypeVar("_R", Actor, Track, Source)


@dataclass(frozen=True, slots=True)
class Mention:
    """A statement as listed under its event: enough to show it and open it."""

    id: str
    speaker: str
    when: str
    text: str


@dataclass(frozen=True, slots=True)
class ItemDetail:
    """An event or a statement with the records it names, ready for the side panel."""

    record: Event | Statement
    actors: tuple[Actor, ...]
    """For a statement, its speaker; for an event, its actors in their given order."""
    tracks: tuple[Track, ...]
    sources: tuple[Source, ...]
    event: Event | None = None
    """The event a statement belongs to."""
    statements: tuple[Mention, ...] = ()
    """The statements made at an event, in time order."""


_ITEM_COLUMNS = f"items.key, {ITEM_COLUMNS}"


def item_detail(db: sqlite_utils.Database, item_id: str) -> ItemDetail | None:
    """The item with this id and what it refers to, or None if there is none (any more)."""
    row = db.execute(f"SELECT {_ITEM_COLUMNS} FROM items WHERE id = ?", [item_id]).fetchone()
    if row is None:
        return None
    record = _record(db, row)
    if isinstance(record, Statement):
        actors = _in_order(actor_records(db, {record.speaker}), [record.speaker])
        parent_row = (
            db.execute(f"SELECT {_ITEM_COLUMNS} FROM items WHERE id = ?", [record.event]).fetchone()
            if record.event
            else None
        )
        parent = _record(db, parent_row) if parent_row else None
        event = parent if isinstance(parent, Event) else None
        # Its own tracks, then those it takes from its event (as the timeline shows it).
        track_ids = list(dict.fromkeys([*record.tracks, *(event.tracks if event else ())]))
        statements: tuple[Mention, ...] = ()
    else:
        actors = _in_order(actor_records(db, set(record.actors)), list(record.actors))
        event = None
        track_ids = list(record.tracks)
        statements = _mentions(db, record.id)
    return ItemDetail(
        record=record,
        actors=tuple(actors),
        tracks=tuple(_in_order(track_records(db, set(track_ids)), track_ids)),
        sources=tuple(_in_order(source_records(db, set(record.sources)), list(record.sources))),
        event=event,
        statements=statements,
    )


def _record(db: sqlite_utils.Database, row: tuple) -> Event | Statement:
    key, *columns = row
    return item_record(columns, key, links_of(db, [key]))


def _mentions(db: sqlite_utils.Database, event_id: str) -> tuple[Mention, ...]:
    rows = db.execute(
        "SELECT items.id, coalesce(actors.name, items.speaker), items.start_text, items.body "
        "FROM items LEFT JOIN actors ON actors.id = items.speaker "
        "WHERE items.event = ? AND items.kind = ? ORDER BY items.key",
        [event_id, STATEMENT],
    ).fetchall()
    return tuple(
        Mention(id_, speaker, DateSpan(parse_partial(start)).display(), body or "")
        for id_, speaker, start, body in rows
    )


def _in_order(records: list[_R], ids: list[str]) -> list[_R]:
    by_id = {r.id: r for r in records}
    return [by_id[i] for i in dict.fromkeys(ids) if i in by_id]


def facet_counts(db: sqlite_utils.Database, f: Filter, facet: str) -> dict[str, int]:
    """For each actor, track, kind or tag: how many items the Filter would select with that
    one value chosen in place of the facet's current choice (the usual faceted-search count).
    Tags are counted by their folded form (`model.tag_key`)."""
    if facet not in FACETS:
        raise ValueError(f"unknown facet {facet!r}")
    free = without_facet(f, facet)
    where, params = where_clause(free)
    if facet == "kinds":
        sql = f"SELECT kind, count(*) FROM items WHERE {where} GROUP BY kind"
    elif facet == "tags":
        sql = (
            "SELECT t.folded, count(*) FROM item_tags t JOIN items ON items.key = t.item "
            f"WHERE {where} GROUP BY t.folded"
        )
    else:
        table = {"actors": "item_actors", "tracks": "item_tracks"}[facet]
        column = LINK_TABLES[table]
        records = RECORD_TABLES[column]
        sql = (
            f"SELECT r.id, count(DISTINCT l.item) FROM {table} l "
            f"JOIN items ON items.key = l.item JOIN {records} r ON r.key = l.{column} "
            f"WHERE {where} GROUP BY r.id"
        )
    return {value: n for value, n in run_query(db, sql, params, free)}


def without_facet(f: Filter, facet: str) -> Filter:
    """The Filter with nothing chosen in one facet: what that facet's counts are taken of."""
    none: frozenset[str] = frozenset()
    if facet == "actors":
        return replace(f, actors=none)
    if facet == "tracks":
        return replace(f, tracks=none)
    return replace(f, kinds=none) if facet == "kinds" else replace(f, tags=none)


def snippets(db: sqlite_utils.Database, f: Filter, keys: list[int]) -> dict[int, str | None]:
    """The best matching passage of each item for the Filter's words, hits marked with
    `HIT_START`/`HIT_END`; items found only through an actor's or a source's name have none."""
    expression = match_expression(f) if f.text else None
    if expression is None or not keys:
        return {}
    return snippets_for(db, f, expression, keys)


SORTABLE = {"kind": "kind", "title": "lower(coalesce(title, ''))", "sources": "sources"}


@dataclass(frozen=True, slots=True)
class DateTies:
    """Items whose start they share with an item dated at another precision or certainty,
    in key order, with what `app.core.time_order` orders them by."""

    keys: npt.NDArray[np.int64]
    starts: npt.NDArray[np.int64]
    precisions: npt.NDArray[np.int64]
    approximate: npt.NDArray[np.bool_]
    ends: npt.NDArray[np.int64]
    ids: npt.NDArray[np.str_]


def date_ties(db: sqlite_utils.Database, keys: npt.NDArray[np.int64]) -> DateTies:
    """Of these items, those that key order alone may put out of time order: keys follow the
    start, and items of one start and of one precision and certainty stay as their keys put
    them (by end, then id, as a file is loaded), but "c. 17 Nov" may have a key before the
    vote of 17 Nov. Reads only these items' rows, so it costs what the list shows."""
    approximate = "substr(start_text, -1) = '~'"
    sql = f"SELECT key, start, precision, {approximate}, end, id FROM items WHERE key IN ({{}})"
    rows = sorted(select_in(db, sql, [int(k) for k in keys]))
    kinds: dict[int, set[tuple[int, bool]]] = {}
    for _key, start, precision, approx, *_rest in rows:
        kinds.setdefault(start, set()).add((precision, bool(approx)))
    tied = [row for row in rows if len(kinds[row[1]]) > 1]
    columns = list(zip(*tied, strict=True)) or [()] * 6
    keys_, starts, precisions, approximates, ends, ids = columns
    return DateTies(
        np.array(keys_, dtype=np.int64),
        np.array(starts, dtype=np.int64),
        np.array(precisions, dtype=np.int64),
        np.array(approximates, dtype=np.bool_),
        np.array(ends, dtype=np.int64),
        np.array(ids, dtype=str),
    )


def sort_values(db: sqlite_utils.Database, column: str, keys: npt.NDArray[np.int64]) -> npt.NDArray:
    """Per key, in the given order, the value a list sorts on: kind, title (case-blind) or
    the number of sources. One pass over the table, then a lookup, so it costs the same for
    ten keys or a million."""
    if column == "sources":
        sql = "SELECT item, count(*) FROM item_sources GROUP BY item"
        counted = db.execute(sql).fetchall()
        found_keys = np.fromiter((r[0] for r in counted), dtype=np.int64, count=len(counted))
        found = np.fromiter((r[1] for r in counted), dtype=np.int64, count=len(counted))
        at = np.searchsorted(found_keys, keys)
        hit = (at < len(found_keys)) & (found_keys[np.minimum(at, len(found_keys) - 1)] == keys)
        return np.where(hit, found[np.minimum(at, max(0, len(found) - 1))] if len(found) else 0, 0)
    expression = SORTABLE[column]
    rows = db.execute(f"SELECT key, {expression} FROM items ORDER BY key").fetchall()
    all_keys = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
    values = np.array([r[1] for r in rows], dtype=object)
    return values[np.searchsorted(all_keys, keys)].astype(str)
