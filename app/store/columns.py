"""What the timeline draws, as numpy columns: one load per Filter, then every frame is array
arithmetic on what is in view instead of a query."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import sqlite_utils

from app.core.filter import Filter
from app.core.model import STATEMENT
from app.store.queries import run_query, where_clause

GROUPINGS = ("track", "actor", "kind", "none")
NO_LANE = "—"


@dataclass(frozen=True, slots=True)
class Lane:
    id: str
    name: str
    color: str | None


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


def _ints(rows: list[tuple], column: int) -> npt.NDArray[np.int64]:
    return np.fromiter((r[column] for r in rows), dtype=np.int64, count=len(rows))


def load_columns(db: sqlite_utils.Database, f: Filter, grouping: str = "track") -> TimelineColumns:
    """The items the Filter selects, laid out on lanes by track, actor, kind or none."""
    if grouping not in GROUPINGS:
        raise ValueError(f"unknown lane grouping {grouping!r}")
    where, params = where_clause(f)
    rows = run_query(
        db,
        f"SELECT key, start, end, kind = '{STATEMENT}', end_text IS NOT NULL FROM items "
        f"WHERE {where} ORDER BY key",
        params,
        f,
    )
    keys = _ints(rows, 0)
    start = _ints(rows, 1).astype(np.float64)
    end = _ints(rows, 2).astype(np.float64)
    is_statement = _ints(rows, 3).astype(np.bool_)
    is_range = _ints(rows, 4).astype(np.bool_)
    lanes, pairs = _memberships(db, f, grouping, where, params)
    position = np.searchsorted(keys, _ints(pairs, 0))
    lane = _ints(pairs, 1)
    found = (position < len(keys)) & (keys[np.minimum(position, len(keys) - 1)] == _ints(pairs, 0))
    member_item, member_lane = position[found], lane[found]
    lonely = np.setdiff1d(np.arange(len(keys)), member_item, assume_unique=False)
    if len(lonely):
        lanes = (*lanes, Lane("", NO_LANE, None))
        member_item = np.concatenate([member_item, lonely])
        member_lane = np.concatenate([member_lane, np.full(len(lonely), len(lanes) - 1)])
    order = np.lexsort((member_item, member_lane))
    return TimelineColumns(
        keys, start, end, is_statement, is_range, lanes, member_item[order], member_lane[order]
    )


def _memberships(
    db: sqlite_utils.Database, f: Filter, grouping: str, where: str, params: list[object]
) -> tuple[tuple[Lane, ...], list[tuple]]:
    """Lanes in display order, and (item key, lane index) pairs."""
    if grouping == "none":
        return (Lane("", "All items", None),), [
            (r[0], 0) for r in run_query(db, f"SELECT key FROM items WHERE {where}", params, f)
        ]
    if grouping == "kind":
        kinds = [
            r[0]
            for r in run_query(
                db, f"SELECT DISTINCT kind FROM items WHERE {where} ORDER BY kind", params, f
            )
        ]
        index = {k: i for i, k in enumerate(kinds)}
        pairs = [
            (key, index[kind])
            for key, kind in run_query(db, f"SELECT key, kind FROM items WHERE {where}", params, f)
        ]
        return tuple(Lane(k, k.capitalize(), None) for k in kinds), pairs
    table, column, catalogue = (
        ("item_tracks", "track", "SELECT id, name, color FROM tracks ORDER BY name")
        if grouping == "track"
        else ("item_actors", "actor", "SELECT id, name, NULL FROM actors ORDER BY name")
    )
    lanes = tuple(Lane(*row) for row in db.execute(catalogue))
    index = {lane.id: i for i, lane in enumerate(lanes)}
    # A statement's only actor link is its speaker, so grouped by actor it sits on that lane.
    sql = f"SELECT l.item, l.{column} FROM {table} l JOIN items ON items.key = l.item WHERE {where}"
    pairs = [(key, index[ref]) for key, ref in run_query(db, sql, params, f) if ref in index]
    used = sorted({lane for _, lane in pairs})
    renumber = {old: new for new, old in enumerate(used)}
    return tuple(lanes[i] for i in used), [(key, renumber[lane]) for key, lane in pairs]
