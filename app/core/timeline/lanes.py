"""Lanes: the groupings a timeline offers, the rule that lays items out on lanes, and the
index the painter reads every frame; and rows within a lane so that marks never overlap.

Lane membership layout. Items are numbered 0..n-1 in time order. An item on three tracks is
on three lanes, so memberships are pairs, kept as two parallel arrays sorted by lane, then
time (`lane_members` makes them):

    member_item  [4, 9, 2, 4, 7, ...]   index into the item arrays
    member_lane  [0, 0, 1, 1, 1, ...]   index into the lanes

so the items of one lane are a contiguous slice, already in time order, and a visible window
is two `np.searchsorted` calls on that slice (`LaneIndex`): no per-item Python on the paint
path. The store's columns (`app.store.columns`) and the image export both lay out lanes with
`lane_members`, the names below and this order: lanes by name, the no-lane lane last.
"""

from __future__ import annotations

import bisect
import heapq
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

Ints = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]

GROUPING_LABELS = (("track", "Track"), ("actor", "Actor"), ("kind", "Kind"), ("none", "No lanes"))
"""Each way of laying out lanes, with its name for a menu: one lane per track, per actor, per
kind, or one lane for everything."""
GROUPINGS = tuple(value for value, _ in GROUPING_LABELS)
NO_LANE = "—"
"""The name of the last lane, of the items on no track (or no actor)."""
ALL_ITEMS = "All items"
"""The name of the one lane when items are not grouped."""
OVERFLOW_ROW = -1
"""The row of a mark that found no free row: the canvas folds it into a "+N" cluster."""
DEFAULT_MAX_ROWS = 6


def kind_lane_name(kind: str) -> str:
    """The lane of a kind of item: 'meeting' → 'Meeting'."""
    return kind.capitalize()


def lane_members(groups: Sequence[Ints], item_count: int) -> tuple[Ints, Ints, bool]:
    """`member_item` and `member_lane` from each lane's items (indexes in time order), the
    lanes in display order; items on none of them go to one more lane, last (its name is
    `NO_LANE`). The third value says whether that lane was needed."""
    groups = list(groups)
    placed = np.zeros(item_count, dtype=np.bool_)
    for members in groups:
        placed[members] = True
    lonely = np.flatnonzero(~placed)
    if len(lonely):
        groups.append(lonely)
    if not groups:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), False
    lane = [np.full(len(members), i, dtype=np.int64) for i, members in enumerate(groups)]
    return np.concatenate(groups).astype(np.int64), np.concatenate(lane), bool(len(lonely))


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
    lefts, frees = x0.tolist(), (np.maximum(x1, x0) + gap).tolist()
    i, n = 0, len(lefts)
    while i < n:
        left = lefts[i]
        while busy and busy[0][0] <= left:
            heapq.heappush(free, heapq.heappop(busy)[1])
        if free:
            row = heapq.heappop(free)
        elif opened < max_rows:
            row, opened = opened, opened + 1
        else:
            # Every row is taken until the first frees: the marks before that overflow, and
            # a crowded lane skips them in one step instead of one by one.
            i = bisect.bisect_left(lefts, busy[0][0], i + 1)
            continue
        rows[i] = row
        heapq.heappush(busy, (frees[i], row))
        i += 1
    return rows


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
        member_start = start[member_item]
        spans = end[member_item]
        spans -= member_start
        longest = np.zeros(lanes, dtype=np.float64)
        filled = offsets[1:] > offsets[:-1]
        if filled.any():
            # Each lane's members are one run: a maximum over the runs of the lanes that
            # have members (a run ends where the next begins).
            longest[filled] = np.maximum.reduceat(spans, offsets[:-1][filled])
        return cls(offsets, member_item, member_start, longest)

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
