"""What the timeline draws, as numpy columns: one load per Filter, then every frame is array
arithmetic on what is in view instead of a query. Lanes are laid out by the rule of
`app.core.timeline.lanes` (by name, the no-lane lane last; actors as the filter panel groups
them, `app.core.timeline.actor_lanes`), which the image export shares."""

from __future__ import annotations

import sqlite3
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, replace

import numpy as np
import numpy.typing as npt
import sqlite_utils

from app.core.filter import Filter
from app.core.model import STATEMENT
from app.core.timeline.actor_lanes import actor_group, actor_order, group_colors
from app.core.timeline.lanes import (
    ALL_ITEMS,
    GROUPINGS,
    NO_LANE,
    LaneIndex,
    kind_lane_name,
    lane_members,
)
from app.store.queries import run_query, where_clause
from app.store.schema import STAMP_KEY

_KIND_SEPARATOR = "\x1f"
_Ints = npt.NDArray[np.int64]
_FLAG = (
    f"iif(kind = '{STATEMENT}', iif(end_text IS NULL, '1', '3'), iif(end_text IS NULL, '0', '2'))"
)
"""One digit of flags per item: 1 for a statement, 2 for a range (given with an end date)."""


@dataclass(frozen=True, slots=True)
class Lane:
    id: str
    name: str
    color: str | None
    group: str = ""
    """The heading an actor's lane comes under (its affiliation), shown with its name."""


@dataclass(frozen=True, slots=True)
class TimelineColumns:
    """Items in time order, and their places on lanes.

    `keys`, `start`, `end` and `is_statement` have one entry per item. An item on several
    lanes (an event on two tracks) appears once per lane in `member_item` (index into the
    item columns) and `member_lane` (index into `lanes`), sorted by lane, then time.
    """

    keys: npt.NDArray[np.int64]
    start: npt.NDArray[np.float64]
    end: npt.NDArray[np.float64]
    is_statement: npt.NDArray[np.bool_]
    is_range: npt.NDArray[np.bool_]
    """Given with an end date (the Miami visit), as opposed to a span that is only the
    uncertainty of a month or a year."""
    lanes: tuple[Lane, ...]
    member_item: npt.NDArray[np.int64]
    member_lane: npt.NDArray[np.int64]

    def __len__(self) -> int:
        return len(self.keys)


def lane_index(columns: TimelineColumns) -> LaneIndex:
    """Each lane's members in one sorted run, for finding what is in view by binary search."""
    return LaneIndex.build(
        columns.member_item, columns.member_lane, columns.start, columns.end, len(columns.lanes)
    )


def load_columns(db: sqlite_utils.Database, f: Filter, grouping: str = "track") -> TimelineColumns:
    """The items the Filter selects, laid out on lanes by track, actor, kind or none."""
    if grouping not in GROUPINGS:
        raise ValueError(f"unknown lane grouping {grouping!r}")
    where, params = where_clause(f)
    read = _read(db, f, where, params, grouping)
    keys, order, flag_list, kind_list = read.keys, read.order, read.flags, read.kinds
    if len(flag_list or "") != len(keys):  # the file was written to between the two reads
        sql = f"SELECT group_concat({_FLAG}, '') FROM items WHERE {where}"
        flag_list = run_query(db, sql, params, f)[0][0]
    flags = np.frombuffer((flag_list or "").encode("ascii"), dtype=np.uint8)[order] - ord("0")
    is_statement = (flags & 1).astype(np.bool_)
    is_range = (flags & 2).astype(np.bool_)
    if grouping == "none":  # one lane, when there is anything to put on it, like the others
        lanes: tuple[Lane, ...] = (Lane("", ALL_ITEMS, None),) if len(keys) else ()
        member_item = np.arange(len(keys), dtype=np.int64)
        member_lane = np.zeros(len(keys), dtype=np.int64)
    elif grouping == "kind":
        parts = kind_list.split(_KIND_SEPARATOR) if kind_list else []
        if len(parts) == len(keys):
            lanes, lane_of_item = _kind_lanes(parts)
            member_item = np.argsort(lane_of_item[order], kind="stable")
            member_lane = lane_of_item[order][member_item]
        else:  # a kind with the separator in it: rare enough to ask the database again
            lanes, member_item, member_lane = _by_kind(db, f, where, params, keys)
    else:
        lanes, member_item, member_lane = _by_record(db, f, grouping, keys, read.members)
    return TimelineColumns(
        keys, read.start, read.end, is_statement, is_range, lanes, member_item, member_lane
    )


@dataclass(frozen=True, slots=True)
class _Read:
    """The items as `_read` read them: keys, starts and ends in time order; `order`, how the
    rows as read map to it (flags and kinds are as read); and, if read on the side, each
    track's or actor's items as places in `keys`."""

    keys: _Ints
    start: npt.NDArray[np.float64]
    end: npt.NDArray[np.float64]
    order: slice | _Ints
    flags: str | None
    kinds: str | None
    members: _Members


def _read(
    db: sqlite_utils.Database, f: Filter, where: str, params: list[object], grouping: str
) -> _Read:
    """The items' keys, starts and ends, their flags and kinds (if grouped by kind) as
    `group_concat`s, and the items of each lane of the grouping if read on the side.

    A second connection reads the links (and, for all items, their flags) while this one
    reads the items: the scans run at once, as SQLite lets go of the GIL while it steps.
    Each thread parses what it read while the other may still be reading, and the second
    finds the places of each lane's items among the keys once this one hands them over (at
    a million items the parsing takes about a fifth of a second on each side, and so does
    the finding). Both read the file's stamp before and after (`schema.STAMP_KEY`, set anew
    by every change to what the timeline lays out): if another write came between them,
    the flags and links are read again here instead."""
    path = _file_of(db)
    aside = None
    whole = f.start is None and f.end is None
    wanted = grouping if grouping in ("track", "actor") and whole else None
    handed: Future[_Ints] = Future()
    if path is not None and (wanted is not None or f.is_empty):
        aside = _ASIDE.submit(_aside, path, wanted, f.is_empty, handed)
    kinds = f"group_concat(kind, '{_KIND_SEPARATOR}')" if grouping == "kind" else "NULL"
    flag_sql = "NULL" if aside is not None and f.is_empty else f"group_concat({_FLAG}, '')"
    try:
        before = _stamp(db.conn)
        key_list, starts, ends, flag_list, kind_list = run_query(
            db,
            "SELECT group_concat(key), group_concat(start), group_concat(end), "
            f"{flag_sql}, {kinds} FROM items WHERE {where}",
            params,
            f,
        )[0]
        seen = (before, _stamp(db.conn))
        keys = integers(key_list)
        # In the order of the index the query ran on: time order is key order.
        in_order = bool(np.all(keys[1:] > keys[:-1]))
        order = slice(None) if in_order else np.argsort(keys, kind="stable")  # a view or a copy
        keys = keys[order]
    except BaseException as error:
        handed.set_exception(error)  # the second thread must not wait for keys
        raise
    handed.set_result(keys)
    start = integers(starts)[order].astype(np.float64)
    end = integers(ends)[order].astype(np.float64)
    members = None
    if aside is not None:
        flags_aside, members, seen_aside = aside.result()
        if seen == seen_aside == (before, before):
            flag_list = flag_list if flags_aside is None else flags_aside
        else:  # read again on this connection: the flags below, the links by `_by_record`
            members = None
    return _Read(keys, start, end, order, flag_list, kind_list, members)


def load_lanes(
    db: sqlite_utils.Database, keys: npt.NDArray[np.int64], grouping: str
) -> tuple[tuple[Lane, ...], npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """The lanes of every item and each item's places on them, for `keys` as `load_columns`
    returned them without a Filter: what `load_columns` would give for another grouping,
    without reading the item columns again."""
    if grouping not in GROUPINGS:
        raise ValueError(f"unknown lane grouping {grouping!r}")
    if grouping == "none":
        lanes: tuple[Lane, ...] = (Lane("", ALL_ITEMS, None),) if len(keys) else ()
        return lanes, np.arange(len(keys), dtype=np.int64), np.zeros(len(keys), dtype=np.int64)
    if grouping == "kind":
        return _by_kind(db, Filter(), "1", [], keys)
    return _by_record(db, Filter(), grouping, keys)


def coloured(lanes: tuple[Lane, ...]) -> tuple[Lane, ...]:
    """Actors' lanes coloured by their group (`actor_lanes.group_colors`), over the groups
    of the lanes shown, as the image export colours them; other lanes as they are."""
    colors = group_colors(lane.group for lane in lanes if lane.group)
    return tuple(replace(lane, color=colors[lane.group]) if lane.group else lane for lane in lanes)


def integers(text: str | None) -> npt.NDArray[np.int64]:
    """Integers from a `group_concat`: one row per query, parsed in C. A million rows come
    out in a fraction of the time the same million Python tuples take."""
    if not text:
        return np.zeros(0, dtype=np.int64)
    return np.fromstring(text, dtype=np.int64, sep=",")


def _positions(keys: npt.NDArray[np.int64], wanted: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """Index into the sorted `keys` of each wanted key, or -1 where it is not there."""
    if not len(keys):
        return np.full(len(wanted), -1, dtype=np.int64)
    position = np.searchsorted(keys, wanted)
    clipped = np.minimum(position, len(keys) - 1)
    return np.where(keys[clipped] == wanted, clipped, -1)


def _kind_lanes(kinds: list[str]) -> tuple[tuple[Lane, ...], npt.NDArray[np.int64]]:
    """Lanes of the kinds in alphabetical order, and the lane of each item."""
    names = sorted(set(kinds))
    lane_of = {kind: i for i, kind in enumerate(names)}
    lanes = tuple(Lane(kind, kind_lane_name(kind), None) for kind in names)
    return lanes, np.fromiter(map(lane_of.__getitem__, kinds), dtype=np.int64, count=len(kinds))


def _by_kind(
    db: sqlite_utils.Database,
    f: Filter,
    where: str,
    params: list[object],
    keys: npt.NDArray[np.int64],
) -> tuple[tuple[Lane, ...], npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    rows = run_query(
        db, f"SELECT kind, group_concat(key) FROM items WHERE {where} GROUP BY kind", params, f
    )
    rows.sort()
    lanes = tuple(Lane(kind, kind_lane_name(kind), None) for kind, _ in rows)
    members = [np.sort(_positions(keys, integers(text))) for _, text in rows]
    lane = [np.full(len(m), i, dtype=np.int64) for i, m in enumerate(members)]
    if not members:
        return lanes, np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    return lanes, np.concatenate(members), np.concatenate(lane)


_LINKS = {"track": ("item_tracks", "track"), "actor": ("item_actors", "actor")}
"""The table linking items to a grouping's records, and its column for the record."""
_Members = list[tuple[int, _Ints]] | None
"""Per track or actor key, the places of its items among the items read (`_members`); None
when not read."""
_ASIDE = ThreadPoolExecutor(max_workers=1, thread_name_prefix="columns-aside")


def _stamp(connection: sqlite3.Connection) -> str | None:
    row = connection.execute("SELECT value FROM meta WHERE key = ?", [STAMP_KEY]).fetchone()
    return None if row is None else str(row[0])


def _file_of(db: sqlite_utils.Database) -> str | None:
    row = db.execute("PRAGMA database_list").fetchone()
    return str(row[2]) if row and row[2] else None


def _aside(
    path: str, grouping: str | None, flags: bool, keys: Future[_Ints]
) -> tuple[str | None, _Members, tuple[str | None, str | None]]:
    """Read through a connection of its own: every item's flags (if `flags`) as one
    `group_concat`, and per track or actor key (of `grouping`) its items, as places among
    the `keys` handed over; with the file's stamp before and after."""
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        before = _stamp(connection)
        flag_list = None
        if flags:
            sql = f"SELECT group_concat({_FLAG}, '') FROM items"
            flag_list = connection.execute(sql).fetchone()[0]
        rows = None
        if grouping is not None:
            table, column = _LINKS[grouping]
            sql = f"SELECT {column}, group_concat(item) FROM {table} GROUP BY {column}"
            rows = [(ref, integers(items)) for ref, items in connection.execute(sql)]
        stamps = (before, _stamp(connection))
    finally:
        connection.close()
    return flag_list, None if rows is None else _members(keys.result(), rows), stamps


def _members(keys: _Ints, rows: list[tuple[int, _Ints]]) -> list[tuple[int, _Ints]]:
    """Per record, the places in `keys` (sorted) of those of its items that are there."""
    found = []
    for ref, items in rows:
        places = _positions(keys, items)
        found.append((ref, np.sort(places[places >= 0])))
    return found


def _by_record(
    db: sqlite_utils.Database,
    f: Filter,
    grouping: str,
    keys: npt.NDArray[np.int64],
    members: _Members = None,
) -> tuple[tuple[Lane, ...], npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Lanes of tracks by name, or of actors as the filter panel lists them (`actor_lanes`),
    the items on each in time order, and a last lane for the items on none. The links come
    a record at a time through the index on (record, item), already in time order; with
    dates in the Filter only the span of keys selected is read (time order is key order).
    Narrowing to the selected items is numpy work."""
    table, column = _LINKS[grouping]
    records = _tracks(db) if grouping == "track" else _actors(db)
    place = {record[0]: i for i, record in enumerate(records)}  # key -> place in lane order
    span, bounds = "", []
    if len(keys) and (f.start is not None or f.end is not None):
        span, bounds = "WHERE item BETWEEN ? AND ?", [int(keys[0]), int(keys[-1])]
    found: list[tuple[int, npt.NDArray[np.int64]]] = []
    if len(keys):
        if members is None:
            sql = f"SELECT {column}, group_concat(item) FROM {table} {span} GROUP BY {column}"
            rows = [(ref, integers(items)) for ref, items in db.execute(sql, bounds)]
            members = _members(keys, rows)
        found = [(place[ref], places) for ref, places in members if ref in place and len(places)]
    found.sort(key=lambda pair: pair[0])
    lanes = coloured(tuple(records[i][1] for i, _ in found))
    member_item, member_lane, lonely = lane_members([m for _, m in found], len(keys))
    if lonely:
        lanes = (*lanes, Lane("", NO_LANE, None))
    return lanes, member_item, member_lane


def _tracks(db: sqlite_utils.Database) -> list[tuple[int, Lane]]:
    rows = db.execute("SELECT key, id, name, color FROM tracks ORDER BY name, id").fetchall()
    return [(key, Lane(id_, name, color)) for key, id_, name, color in rows]


def _actors(db: sqlite_utils.Database) -> list[tuple[int, Lane]]:
    """Every actor's lane (without its colour yet), in the filter panel's order."""
    rows = db.execute("SELECT key, id, name, kind, affiliation FROM actors").fetchall()
    lanes = [
        (key, Lane(id_, name, None, actor_group(kind, affiliation)))
        for key, id_, name, kind, affiliation in rows
    ]
    lanes.sort(key=lambda pair: (*actor_order(pair[1].group, pair[1].name), pair[1].id))
    return lanes
