"""Every item's place on every kind of lane, in memory, so that a change of filter or of lane
grouping is numpy work of tens of milliseconds instead of a query of seconds.

Built once from `load_columns` (all items, grouped by track, by actor and by kind); `select`
then gives exactly the columns `load_columns` would give for a Filter — the full-text part,
which only the database can answer, comes in as the keys it matched.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
import sqlite_utils

from app.core.filter import Filter
from app.core.model import tag_key
from app.core.timeline.lanes import GROUPINGS
from app.store.columns import (
    Lane,
    TimelineColumns,
    coloured,
    integers,
    load_columns,
    load_lanes,
)
from app.store.details import without_facet
from app.store.queries import (
    left_out_only,
    linked_only,
    match_expression,
    run_query,
    where_clause,
)

Keys = npt.NDArray[np.int64]
REMEMBERED = 8
MASKS_KEPT = 3


@dataclass(frozen=True, slots=True)
class Memberships:
    lanes: tuple[Lane, ...]
    """Every lane of the grouping, the no-lane lane included when some item has none."""
    item: npt.NDArray[np.integer]
    lane: npt.NDArray[np.integer]
    starts: npt.NDArray[np.int64] | None = field(init=False, default=None)
    """Where each lane's memberships start, and past the last where they end, as they come
    sorted by lane (`TimelineColumns`); None if they do not."""

    def __post_init__(self) -> None:
        lane = self.lane
        if len(lane) == 0 or bool(np.all(lane[1:] >= lane[:-1])):
            bounds = np.searchsorted(lane, np.arange(len(self.lanes) + 1), side="left")
            object.__setattr__(self, "starts", bounds.astype(np.int64))

    @classmethod
    def of(cls, columns: TimelineColumns) -> Memberships:
        # 32 bits hold any item or lane number and halve the memory of millions of pairs.
        return cls(
            columns.lanes,
            columns.member_item.astype(np.int32),
            columns.member_lane.astype(np.int32),
        )

    def items_in(self, ids: frozenset[str], count: int) -> npt.NDArray[np.bool_]:
        """Which items sit on any lane whose id is listed: a slice of the memberships per
        lane (a track's or an actor's items are a few thousandths of the whole)."""
        mask = np.zeros(count, dtype=np.bool_)
        chosen = [i for i, lane in enumerate(self.lanes) if lane.id in ids]
        if self.starts is None:
            wanted = np.zeros(len(self.lanes), dtype=np.bool_)
            wanted[chosen] = True
            mask[self.item[wanted[self.lane]]] = True
            return mask
        for i in chosen:
            mask[self.item[self.starts[i] : self.starts[i + 1]]] = True
        return mask

    def counts(self, keep: npt.NDArray[np.bool_]) -> npt.NDArray[np.int64]:
        """Per lane, how many of its items `keep` keeps."""
        if self.starts is None:
            return np.bincount(self.lane[keep[self.item]], minlength=len(self.lanes))
        if bool(keep.all()):
            return np.diff(self.starts)
        found = np.zeros(len(self.lanes), dtype=np.int64)
        filled = self.starts[1:] > self.starts[:-1]
        if filled.any():
            # A sum over each slice of the lanes that have items (a slice ends where the
            # next begins).
            first = self.starts[:-1][filled]
            found[filled] = np.add.reduceat(keep[self.item], first, dtype=np.int64)
        return found


@dataclass(frozen=True, slots=True)
class ItemIndex:
    everything: TimelineColumns
    """All items, grouped by track (the default view)."""
    groupings: dict[str, Memberships]
    _remembered: dict[object, object] = field(default_factory=dict)
    """Facet counts for Filters without words (cleared filters come back often), a few kept;
    they are small, unlike columns, which are never kept."""
    tagged: dict[str, Keys] = field(default_factory=dict)
    """The keys of the items with each tag, ascending, by folded tag (`model.tag_key`)."""
    _masks: dict[Filter, tuple[Keys | None, npt.NDArray[np.bool_]]] = field(default_factory=dict)
    """The last few Filters' masks (read-only), with the keys their words matched: a change
    of filter asks for the timeline's and four facets' masks, most of them the same."""

    @classmethod
    def load(cls, db: sqlite_utils.Database, base: TimelineColumns | None = None) -> ItemIndex:
        """Read every grouping of every item. `base`, if given, is what `load_columns(db,
        Filter(), "track")` returned a moment ago (the window's first load): not read again."""
        base = load_columns(db, Filter(), "track") if base is None else base
        # The track lanes are the base's own arrays: shared, not copied.
        groupings = {"track": Memberships(base.lanes, base.member_item, base.member_lane)}
        for grouping in ("actor", "kind", "none"):
            lanes, item, lane = load_lanes(db, base.keys, grouping)
            groupings[grouping] = Memberships(lanes, item.astype(np.int32), lane.astype(np.int32))
        return cls(base, groupings, tagged=_tagged(db))

    def __len__(self) -> int:
        return len(self.everything)

    def mask(self, f: Filter, text_keys: Keys | None = None) -> npt.NDArray[np.bool_]:
        """Which items the Filter selects. `text_keys` are the keys of the items that match
        what only the database answers (words, speakers, sources, languages: from
        `text_keys`); required when the Filter has such parts."""
        if f.problem:
            return np.zeros(len(self.everything), dtype=np.bool_)
        if f.needs_database and text_keys is None:
            raise ValueError("a Filter with words needs the keys they matched")
        matched = text_keys if f.needs_database else None
        last = self._masks.get(f)
        if last is not None and last[0] is matched:
            return last[1]
        keep = self._mask_in_memory(f)
        inner = f.fields
        while inner is not None:
            keep &= self._mask_in_memory(inner)
            inner = inner.fields
        if matched is not None:
            keep &= self._matched(matched)
        keep.flags.writeable = False
        if len(self._masks) >= MASKS_KEPT:
            self._masks.pop(next(iter(self._masks)))
        self._masks[f] = (matched, keep)
        return keep

    def _matched(self, text_keys: Keys) -> npt.NDArray[np.bool_]:
        """Which items are among `text_keys`, worked out once for the keys of a search: the
        timeline and the four facets' counts all ask (half a million keys took 15 ms and
        18 MB of scratch memory each time)."""
        last = self._remembered.get("matched")
        if last is not None and last[0] is text_keys:  # type: ignore[index]
            return last[1]  # type: ignore[index]
        mask = _members(self.everything.keys, text_keys)
        mask.flags.writeable = False
        self._remembered["matched"] = (text_keys, mask)
        return mask

    def _mask_in_memory(self, f: Filter) -> npt.NDArray[np.bool_]:
        """The parts of one Filter (not its `fields`) that memory answers."""
        c = self.everything
        n = len(c)
        keep = np.ones(n, dtype=np.bool_)
        if f.kinds:
            keep &= self.groupings["kind"].items_in(f.kinds, n)
        if f.start is not None:
            keep &= c.end >= f.start
        if f.end is not None:
            keep &= c.start <= f.end
        if f.actors:
            keep &= self.groupings["actor"].items_in(f.actors, n)
        if f.tracks:
            keep &= self.groupings["track"].items_in(f.tracks, n)
        if f.tags:
            keep &= _members(c.keys, self._keys_tagged(f.tags))
        return keep

    def _keys_tagged(self, tags: frozenset[str]) -> Keys:
        found = [self.tagged.get(tag_key(t), _NONE) for t in tags]
        return np.unique(np.concatenate(found)) if found else _NONE

    def facet_counts(self, f: Filter, facet: str, text_keys: Keys | None = None) -> dict[str, int]:
        """`details.facet_counts` from memory: per actor, track, kind or (folded) tag, how many
        items the Filter would select with that one value chosen in place of the facet's
        choice."""
        remembered = ("counts", f, facet)
        if not f.needs_database and remembered in self._remembered:
            return dict(self._remembered[remembered])  # type: ignore[call-overload]
        keep = self.mask(without_facet(f, facet), text_keys)
        found = self._tag_counts(keep) if facet == "tags" else self._lane_counts(keep, facet)
        if not f.needs_database:
            self._remember(remembered, found)
        return found

    def _lane_counts(self, keep: npt.NDArray[np.bool_], facet: str) -> dict[str, int]:
        m = self.groupings[{"actors": "actor", "tracks": "track", "kinds": "kind"}[facet]]
        counts = m.counts(keep)
        return {
            lane.id: int(n)
            for lane, n in zip(m.lanes, counts.tolist(), strict=True)
            if lane.id and n
        }

    def _tag_counts(self, keep: npt.NDArray[np.bool_]) -> dict[str, int]:
        keys = self.everything.keys
        found: dict[str, int] = {}
        for folded, tagged in self.tagged.items():
            at = np.searchsorted(keys, tagged)
            inside = at < len(keys)
            n = int(keep[at[inside][keys[at[inside]] == tagged[inside]]].sum())
            if n:
                found[folded] = n
        return found

    def _remember(self, key: tuple[object, ...], value: object) -> None:
        if len(self._remembered) >= REMEMBERED:
            oldest = next(k for k in self._remembered if k != "matched")
            self._remembered.pop(oldest)
        self._remembered[key] = value

    def select(self, f: Filter, grouping: str, text_keys: Keys | None = None) -> TimelineColumns:
        """The columns `load_columns(db, f, grouping)` returns, from memory."""
        if grouping not in GROUPINGS:
            raise ValueError(f"unknown lane grouping {grouping!r}")
        c = self.everything
        if f.is_empty and grouping == "track":
            return c
        keep = self.mask(f, text_keys)
        kept = np.flatnonzero(keep)
        # A kept item's place among the kept is the count of kept items up to it (less one);
        # only kept items' places are read.
        new_index = np.cumsum(keep, dtype=np.int32)  # half the memory of 64 bits
        new_index -= 1
        m = self.groupings[grouping]
        on = keep[m.item]
        items = new_index[m.item[on]].astype(np.int64)
        lanes = np.asarray(m.lane[on], dtype=np.int64)
        del new_index
        used = np.flatnonzero(np.bincount(lanes, minlength=len(m.lanes)))
        renumber = np.full(len(m.lanes), -1, dtype=np.int64)
        renumber[used] = np.arange(len(used), dtype=np.int64)
        columns = TimelineColumns(
            c.keys[kept],
            c.start[kept],
            c.end[kept],
            c.is_statement[kept],
            c.is_range[kept],
            coloured(tuple(m.lanes[i] for i in used.tolist())),
            items,
            renumber[lanes],
        )
        return columns


_NONE = np.zeros(0, dtype=np.int64)


def _tagged(db: sqlite_utils.Database) -> dict[str, Keys]:
    rows = db.execute("SELECT folded, group_concat(item) FROM item_tags GROUP BY folded").fetchall()
    return {folded: np.unique(np.array(items.split(","), dtype=np.int64)) for folded, items in rows}


def _members(keys: Keys, found: Keys) -> npt.NDArray[np.bool_]:
    """Which of the sorted `keys` are among `found`, by binary search (both are sorted)."""
    mask = np.zeros(len(keys), dtype=np.bool_)
    if len(keys) == 0 or len(found) == 0:
        return mask
    at = np.searchsorted(keys, found)
    at[at == len(keys)] = 0  # past the last key: compared with the first, which differs
    mask[at[keys[at] == found]] = True
    return mask


def text_keys(db: sqlite_utils.Database, f: Filter) -> Keys:
    """The keys of the items that match the parts of the Filter memory cannot answer (its
    words, straight from the full-text index whose rowids are the keys; its speakers, sources
    and languages), ascending. `ItemIndex.mask` answers the rest."""
    asked = _database_parts(f)
    if f.problem:
        return _NONE
    params: list[object]
    only_text = Filter(text=f.text, advanced=f.advanced, scope=f.scope, spellings=f.spellings)
    expression = match_expression(asked) if asked == only_text else None
    if asked == only_text and expression is None and left_out_only(asked) is None:
        return _NONE
    if expression is not None:
        return _hits_in_pieces(db, "?", [expression], asked)
    if (linked := linked_only(asked)) is not None:  # `source:Reuters`: the index's tokens
        return _hits_in_pieces(db, linked[0], linked[1], asked)
    where, params = where_clause(asked)
    sql = f"SELECT group_concat(key) FROM items WHERE {where}"
    # One string of keys, parsed in C: half a million matches as rows were 40 MB of tuples
    # held at once, the window's peak of memory.
    found = integers(run_query(db, sql, params, asked)[0][0])
    return np.sort(found)  # the order SQLite read them in, ascending already in practice


HITS_AT_ONCE = 65_536
"""Keys of the index's hits read in one text: half a million at once were a text of 10 MB,
in SQLite and again in Python (the window's peak of memory rose by 21-29 MB)."""


def _hits_in_pieces(
    db: sqlite_utils.Database, matched: str, params: list[object], f: Filter
) -> Keys:
    """The keys the full-text index finds for `MATCH {matched}`, ascending, each piece of
    them one text parsed in C and the next piece read from the index after its last key."""
    sql = (
        "SELECT group_concat(rowid), max(rowid), count(*) FROM (SELECT rowid FROM items_fts "
        f"WHERE items_fts MATCH {matched} AND rowid > ? ORDER BY rowid LIMIT {HITS_AT_ONCE})"
    )
    pieces = []
    after = -(2**63)
    while True:
        text, last, found = run_query(db, sql, [*params, after], f)[0]
        pieces.append(integers(text))
        if found < HITS_AT_ONCE:
            return np.concatenate(pieces)
        after = last


def _database_parts(f: Filter) -> Filter:
    inner = None if f.fields is None else _database_parts(f.fields)
    return Filter(
        text=f.text,
        advanced=f.advanced,
        scope=f.scope,
        spellings=f.spellings,
        speakers=f.speakers,
        sources=f.sources,
        languages=f.languages,
        fields=None if inner is None or inner.is_empty else inner,
    )
