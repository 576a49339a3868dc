"""Records turned into table rows, fast enough for a million items.

Item rows are plain tuples in `ITEM_COLUMNS` order, put in time order (start, end, then id)
by one numpy sort. Link rows are integers (item key, record key, position), built
column-wise with numpy and inserted `BATCH` to a statement, so no Python code runs per link.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import chain
from operator import attrgetter, itemgetter
from typing import Any

import numpy as np
import numpy.typing as npt

from app.core.dates import PartialDate
from app.core.model import STATEMENT, Dataset, Event, Statement, tag_key, unique_tags
from app.store.schema import INHERITED_POS

ITEM_COLUMNS = (
    "start", "end", "id", "precision", "start_text", "end_text", "title", "body", "place",
    "speaker", "event", "attribution", "language", "tally", "kind", "note",
)  # fmt: skip

NO_TEXT = 0
"""Stands for NULL in the nullable text columns of an item row, turned back by `ITEM_VALUES`.
Python 3.11's sqlite3 adapts every None it binds through a failed attribute lookup that
formats an exception message: 1.6 s of a million-item load, which an integer avoids."""
_NULLABLE = {"end_text", "title", "body", "place", "speaker", "event", "attribution",
             "language", "tally", "note"}  # fmt: skip
ITEM_VALUES = ", ".join(
    f"nullif(?, {NO_TEXT})" if column in _NULLABLE else "?" for column in ITEM_COLUMNS
)
"""The placeholders for an item row; a text column is never equal to the integer."""

ItemRow = tuple[Any, ...]
TagRow = tuple[int, str, str, int]
_Ints = npt.NDArray[np.int64]


@dataclass(slots=True)
class Links:
    """What the items refer to, as stable ids, one entry per item row and in the same order.
    A statement's actor is its speaker."""

    actors: list[tuple[str, ...]]
    tracks: list[tuple[str, ...]]
    sources: list[tuple[str, ...]]
    events: list[str | None]
    tags: list[tuple[str, ...]]


_DATE_PARTS = attrgetter("year", "month", "day", "hour", "minute", "second", "approximate")


class _Dates(dict[tuple[object, ...], tuple[int, int, int, str]]):
    """(first second, last second, precision, ISO text) of each date by its parts, worked out
    once: a million items fall on a few tens of thousands of distinct dates, and a tuple of
    parts hashes and compares in C where the dataclass does not."""

    def __missing__(self, parts: tuple[object, ...]) -> tuple[int, int, int, str]:
        date = PartialDate(*parts)  # type: ignore[arg-type]
        value = (date.first_second, date.last_second, int(date.precision), date.iso())
        self[parts] = value
        return value


def item_rows(data: Dataset) -> tuple[list[ItemRow], Links]:
    """The items of `data` as rows in time order (start, end, then id), and their references
    in the same order."""
    dates = _Dates()
    rows = [_event_row(e, dates) for e in data.events]
    rows += [_statement_row(s, dates) for s in data.statements]
    n = len(rows)
    order = np.lexsort((
        np.array(list(map(itemgetter(2), rows))),
        np.fromiter(map(itemgetter(1), rows), dtype=np.int64, count=n),
        np.fromiter(map(itemgetter(0), rows), dtype=np.int64, count=n),
    )).tolist()  # fmt: skip
    events, statements = data.events, data.statements

    def in_order(column: list[Any]) -> list[Any]:
        return list(map(column.__getitem__, order))

    links = Links(
        actors=in_order([e.actors for e in events] + [(s.speaker,) for s in statements]),
        tracks=in_order([e.tracks for e in events] + [s.tracks for s in statements]),
        sources=in_order([e.sources for e in events] + [s.sources for s in statements]),
        events=in_order([None] * len(events) + [s.event for s in statements]),
        tags=in_order([e.tags for e in events] + [s.tags for s in statements]),
    )
    return in_order(rows), links


def _event_row(e: Event, dates: _Dates) -> ItemRow:
    first, last, precision, start_text = dates[_DATE_PARTS(e.when.start)]
    end_text: str | int = NO_TEXT
    if e.when.end is not None:
        _, last, _, end_text = dates[_DATE_PARTS(e.when.end)]
    tally: str | int = NO_TEXT
    if e.tally is not None:
        t = e.tally
        tally = json.dumps(
            {"in_favour": t.in_favour, "against": t.against, "abstaining": t.abstaining}
        )
    summary, place, note = e.summary, e.place, e.note
    return (first, last, e.id, precision, start_text, end_text,
            NO_TEXT if e.title is None else e.title, NO_TEXT if summary is None else summary,
            NO_TEXT if place is None else place, NO_TEXT, NO_TEXT, NO_TEXT, NO_TEXT, tally,
            e.kind, NO_TEXT if note is None else note)  # fmt: skip


def _statement_row(s: Statement, dates: _Dates) -> ItemRow:
    first, last, precision, text = dates[_DATE_PARTS(s.date)]
    event, attribution, language, note = s.event, s.attribution, s.language, s.note
    return (first, last, s.id, precision, text, NO_TEXT, NO_TEXT,
            NO_TEXT if s.text is None else s.text, NO_TEXT, s.speaker,
            NO_TEXT if event is None else event,
            NO_TEXT if attribution is None else attribution,
            NO_TEXT if language is None else language, NO_TEXT, STATEMENT,
            NO_TEXT if note is None else note)  # fmt: skip


def link_rows(
    keys: _Ints, groups: Sequence[tuple[str, ...]], record_keys: Mapping[str, int]
) -> _Ints:
    """(item key, record key, position) for each reference, in item order: one row a link,
    as a 3×n array. An id given twice for one item gets two rows; the second is ignored
    when inserted (INSERT OR IGNORE), so the first position counts."""
    counts = np.fromiter(map(len, groups), dtype=np.int64, count=len(groups))
    total = int(counts.sum())
    refs = np.fromiter(
        map(record_keys.__getitem__, chain.from_iterable(groups)), dtype=np.int64, count=total
    )
    firsts = np.repeat(np.cumsum(counts) - counts, counts)
    return np.stack([np.repeat(keys, counts), refs, np.arange(total, dtype=np.int64) - firsts])


def track_rows(
    keys: _Ints,
    links: Links,
    record_keys: Mapping[str, int],
    event_tracks: Mapping[str, tuple[str, ...]],
) -> _Ints:
    """A statement's own tracks, then those of its event from `INHERITED_POS` on."""
    own = link_rows(keys, links.tracks, record_keys)
    events = links.events
    inheriting = [i for i, event in enumerate(events) if event is not None]
    inherited = link_rows(
        keys[inheriting],
        [event_tracks.get(events[i], ()) for i in inheriting],  # type: ignore[arg-type]
        record_keys,
    )
    inherited[2] += INHERITED_POS
    both = np.concatenate([own, inherited], axis=1)
    return both[:, np.argsort(both[0], kind="stable")]


def tag_rows(keys: Sequence[int], groups: Sequence[tuple[str, ...]]) -> list[TagRow]:
    """(item key, folded tag, tag, position) for each tag of each item, in item order; a tag
    given twice for an item (in any case) is kept once, as first spelt."""
    return [
        (key, tag_key(tag), tag, pos)
        for key, tags in zip(keys, groups, strict=True)
        if tags
        for pos, tag in enumerate(unique_tags(tags))
    ]


def insert_tags(conn: sqlite3.Connection, rows: Sequence[TagRow]) -> None:
    conn.executemany(
        "INSERT OR IGNORE INTO item_tags (item, folded, tag, pos) VALUES (?, ?, ?, ?)", rows
    )


BATCH = 64
"""Link rows per INSERT statement: one statement of 64 rows instead of 64 statements halves
the cost of a link row, which is mostly the Python side of each statement. (Item rows gain
nothing: theirs is in binding their many values.)"""


def insert_links(conn: sqlite3.Connection, table: str, column: str, rows: _Ints) -> None:
    """Link rows (a 3×n array) into `table`; an id given twice for an item counts once."""
    full = rows.shape[1] - rows.shape[1] % BATCH
    sql = f"INSERT OR IGNORE INTO {table} (item, {column}, pos) VALUES "
    conn.executemany(
        sql + ", ".join(["(?, ?, ?)"] * BATCH), rows[:, :full].T.reshape(-1, 3 * BATCH).tolist()
    )
    conn.executemany(sql + "(?, ?, ?)", rows[:, full:].T.tolist())
