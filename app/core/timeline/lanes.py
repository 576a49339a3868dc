"""Which lane each item sits on, and rows within a lane so that marks never overlap.

Lane membership layout (built once per load, read every frame). Items are numbered 0..n-1
in the caller's order (the store's is time order). An item on three tracks is on three lanes,
so memberships are pairs, kept as two parallel arrays sorted by lane, then item:

    member_item  [4, 9, 2, 4, 7, ...]   index into the item arrays
    member_lane  [0, 0, 1, 1, 1, ...]   index into `lanes`
    lane_offsets [0, 2, 5, ...]          lane l owns member_item[lane_offsets[l]:lane_offsets[l+1]]

so the items of one lane are a contiguous slice, already in time order, and a visible window
is two `np.searchsorted` calls on that slice: no per-item Python on the paint path.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import Enum

import numpy as np
import numpy.typing as npt

Ints = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]

NO_LANE = ""
"""The key of the lane for items on none of the others ("No track")."""
ALL_ITEMS = "all"
"""The key of the single lane when items are not grouped."""
OVERFLOW_ROW = -1
"""The row of a mark that found no free row: the canvas folds it into a "+N" cluster."""
DEFAULT_MAX_ROWS = 6


class Grouping(Enum):
    TRACK = "track"
    ACTOR = "actor"
    KIND = "kind"
    NONE = "none"


def lane_keys(
    grouping: Grouping,
    *,
    kind: str,
    tracks: Sequence[str] = (),
    actors: Sequence[str] = (),
    speaker: str | None = None,
) -> tuple[str, ...]:
    """The lanes one item belongs to under `grouping` (empty: it goes to the no-lane lane).

    By actor, a statement sits on its speaker's lane only (the people it mentions are not
    the ones talking), and an event on each of its actors' lanes.
    """
    match grouping:
        case Grouping.TRACK:
            return tuple(dict.fromkeys(tracks))
        case Grouping.ACTOR:
            return (speaker,) if speaker is not None else tuple(dict.fromkeys(actors))
        case Grouping.KIND:
            return (kind,)
    return (ALL_ITEMS,)


@dataclass(frozen=True, slots=True)
class LaneMembership:
    """Items on lanes, in the layout described in the module docstring."""

    lanes: tuple[str, ...]
    """Lane keys in display order; `NO_LANE` last, if any item needed it."""
    member_item: Ints
    member_lane: Ints
    lane_offsets: Ints

    def members(self, lane: int) -> Ints:
        """Indexes of the items on `lane`, in item order (a view, not a copy)."""
        return self.member_item[self.lane_offsets[lane] : self.lane_offsets[lane + 1]]

    def lane_sizes(self) -> Ints:
        return np.diff(self.lane_offsets)


def membership_from_pairs(
    item_count: int, pair_item: Ints, pair_lane: Ints, lanes: Sequence[str]
) -> LaneMembership:
    """Memberships from (item index, lane index) pairs, as a join table gives them.

    Duplicate pairs count once; items in no pair go to a `NO_LANE` lane appended at the end.
    Vectorised: fine for millions of pairs.
    """
    pair_item = np.asarray(pair_item, dtype=np.int64)
    pair_lane = np.asarray(pair_lane, dtype=np.int64)
    lane_names = tuple(lanes)
    if np.any((pair_item < 0) | (pair_item >= item_count)):
        raise ValueError("an item index in the pairs is out of range")
    if np.any((pair_lane < 0) | (pair_lane >= len(lane_names))):
        raise ValueError("a lane index in the pairs is out of range")
    lonely = np.flatnonzero(np.bincount(pair_item, minlength=item_count) == 0)
    if len(lonely):
        lane_names += (NO_LANE,)
        pair_item = np.concatenate([pair_item, lonely])
        pair_lane = np.concatenate([pair_lane, np.full(len(lonely), len(lane_names) - 1)])
    combined = np.unique(pair_lane * max(item_count, 1) + pair_item)  # sorted by lane, item
    member_lane, member_item = np.divmod(combined, max(item_count, 1))
    offsets = np.searchsorted(member_lane, np.arange(len(lane_names) + 1)).astype(np.int64)
    return LaneMembership(lane_names, member_item, member_lane, offsets)


def membership_from_keys(
    item_lanes: Sequence[Iterable[str]], lane_order: Sequence[str] | None = None
) -> LaneMembership:
    """Memberships from each item's lane keys (see `lane_keys`). Lanes come in `lane_order`
    (kept even when empty, so a chosen track shows as an empty lane), then any other key in
    order of first appearance. A Python loop over items: for loading and tests, not painting."""
    index = {key: i for i, key in enumerate(dict.fromkeys(lane_order or ()))}
    pair_item: list[int] = []
    pair_lane: list[int] = []
    for item, keys in enumerate(item_lanes):
        for key in keys:
            pair_item.append(item)
            pair_lane.append(index.setdefault(key, len(index)))
    return membership_from_pairs(
        len(item_lanes),
        np.array(pair_item, dtype=np.int64),
        np.array(pair_lane, dtype=np.int64),
        tuple(index),
    )


def pack_rows(x0: Floats, x1: Floats, gap: float, max_rows: int = DEFAULT_MAX_ROWS) -> Ints:
    """A row (0, 1, …) for each mark of one lane so that marks in a row never overlap.

    `x0`, `x1` are the pixel extents of each mark including its label. A mark goes to the
    lowest-numbered row whose last mark ends at least `gap` before it (greedy first fit in
    order of `x0`, which uses the fewest rows possible for intervals). Marks that would need
    a row beyond `max_rows` get `OVERFLOW_ROW` and take no room.

    O(n log max_rows) with a heap of busy rows and a heap of free ones: a Python loop, so
    call it on what is visible after clustering (10k marks take a few milliseconds). Marks
    already sorted by `x0` skip a sort.
    """
    x0 = np.asarray(x0, dtype=np.float64)
    x1 = np.asarray(x1, dtype=np.float64)
    if len(x0) != len(x1):
        raise ValueError("x0 and x1 must have one entry per mark")
    if np.any(np.diff(x0) < 0):
        order = np.argsort(x0, kind="stable")
        rows = np.empty(len(x0), dtype=np.int64)
        rows[order] = pack_rows(x0[order], x1[order], gap, max_rows)
        return rows
    rows = np.full(len(x0), OVERFLOW_ROW, dtype=np.int64)
    busy: list[tuple[float, int]] = []  # (x where the row is free again, row)
    free: list[int] = []
    opened = 0
    for i, (left, right) in enumerate(zip(x0.tolist(), x1.tolist(), strict=True)):
        while busy and busy[0][0] <= left:
            heapq.heappush(free, heapq.heappop(busy)[1])
        if free:
            row = heapq.heappop(free)
        elif opened < max_rows:
            row, opened = opened, opened + 1
        else:
            continue
        rows[i] = row
        heapq.heappush(busy, (max(right, left) + gap, row))
    return rows


def rows_used(rows: Ints) -> int:
    """How many rows a lane needs for the result of `pack_rows` (at least one)."""
    return max(1, int(rows.max(initial=OVERFLOW_ROW)) + 1)


@dataclass(frozen=True, slots=True)
class LaneIndex:
    """Per lane, its members' start times in one sorted run, so the items in view on a lane
    are found by binary search: a frame costs O(lanes · log n + what is visible), whatever
    the size of the lane."""

    offsets: npt.NDArray[np.int64]
    """Lane i's members are positions offsets[i]:offsets[i + 1] of the member arrays."""
    member_item: npt.NDArray[np.int64]
    member_start: npt.NDArray[np.float64]
    longest: npt.NDArray[np.float64]
    """Per lane, the longest span of its items: how far before a window to look."""

    @classmethod
    def build(
        cls,
        member_item: npt.NDArray[np.int64],
        member_lane: npt.NDArray[np.int64],
        start: npt.NDArray[np.float64],
        end: npt.NDArray[np.float64],
        lanes: int,
    ) -> LaneIndex:
        """`member_item`/`member_lane` sorted by lane, then by time."""
        offsets = np.searchsorted(member_lane, np.arange(lanes + 1)).astype(np.int64)
        spans = end[member_item] - start[member_item]
        longest = np.zeros(lanes, dtype=np.float64)
        np.maximum.at(longest, member_lane, spans)
        return cls(offsets, member_item, start[member_item], longest)

    def members(self, lane: int) -> npt.NDArray[np.int64]:
        return self.member_item[self.offsets[lane] : self.offsets[lane + 1]]

    def starting_in(self, lane: int, t0: float, t1: float) -> npt.NDArray[np.float64]:
        """The sorted start times of the lane's items that start within [t0, t1]: a view,
        no copy, for counting and density."""
        lo, hi = int(self.offsets[lane]), int(self.offsets[lane + 1])
        starts = self.member_start[lo:hi]
        first = int(np.searchsorted(starts, t0, side="left"))
        last = int(np.searchsorted(starts, t1, side="right"))
        return starts[first:last]

    def visible(
        self, lane: int, t0: float, t1: float, end: npt.NDArray[np.float64]
    ) -> npt.NDArray[np.int64]:
        """Items of the lane that overlap [t0, t1], in time order."""
        lo, hi = int(self.offsets[lane]), int(self.offsets[lane + 1])
        starts = self.member_start[lo:hi]
        first = int(np.searchsorted(starts, t0 - self.longest[lane], side="left"))
        last = int(np.searchsorted(starts, t1, side="right"))
        candidates = self.member_item[lo + first : lo + last]
        return candidates[end[candidates] >= t0]
