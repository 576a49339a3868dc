"""Stacking: every item of a lane in view gets a row of its own where its mark *and its label*
fit beside the others, the lane growing as tall as its rows need; only the items for which a
lane has no row left (it may take a share of the view's height) become "+N more" marks,
grouped where they stand.

Geometry is in pixels of the plot, one entry per item, in the lane's time order:

    mark_x0, mark_x1   the drawn mark: a dot or square, or the bar of a range or of a date
                       known only to its month or year
    label_x            where the label starts (after a dot; inside a bar, from its visible
                       left end)
    label_w            how wide the label is written out in full

An item takes [mark_x0, max(mark_x1, label_x + min(label_w, longest_px))] of its row. When
the full labels leave some items without a row, the lane is stacked again with labels cut to
`short_label_px` (elided), and the layout that places more items wins. Labels then use all
the room there is to the next item of their row, so a label is elided only when it must be.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from app.core.timeline.clusters import cluster_marks
from app.core.timeline.lanes import OVERFLOW_ROW, pack_rows

Ints = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]

MIN_ROWS = 3
"""However small the view, a lane may stack this many rows before it folds items into "+N"."""
MAX_ROWS = 40
"""However tall the view (an exported picture has no height limit), a lane stops here."""
LANE_SHARE = 0.9
"""The part of the view's height one lane may take when there are several lanes: nearly
all, so a lane's items stay labelled as long as they can, and the top of the next lane
still shows below it."""
COUNT_FIRST = 300
"""From this many items in a lane's stretch, its crowd is counted (numpy) before it is packed
(a loop), to pack once instead of twice; fewer are packed at once, which costs less."""
DENSITY_OVERLOAD = 4.0
"""A lane whose items in view are this many times what its rows can label shows density."""


@dataclass(frozen=True, slots=True)
class Stack:
    """The layout of one lane's items in view."""

    rows: Ints
    """Each item's row, or `OVERFLOW_ROW` for an item folded into a "+N more" mark."""
    label_room: Floats
    """Each placed item's room for its label: to the next item of its row, less the gap."""
    row_count: int
    """Rows of items (at least 1); the "+N more" marks, if any, take one more below them."""
    more: list[Ints]
    """The folded items, in groups that stand close together, left to right: one "+N more"
    mark each."""
    more_x: Floats
    """Where each group's mark starts: its leftmost item's mark."""

    @property
    def placed(self) -> Ints:
        return np.flatnonzero(self.rows != OVERFLOW_ROW)


def max_rows_for(view_height: float, row_height: float, lanes: int) -> int:
    """How many rows one lane may stack, from the view's height: all of it for the only
    lane, `LANE_SHARE` of it when there are several, never fewer than `MIN_ROWS` nor more
    than `MAX_ROWS`."""
    share = 1.0 if lanes <= 1 else LANE_SHARE
    fits = int(view_height * share / max(row_height, 1.0)) - 1  # a row for the "+N" marks
    return max(MIN_ROWS, min(MAX_ROWS, fits))


def is_crowded(count_in_view: int, plot_width: float, max_rows: int, item_px: float) -> bool:
    """Whether a lane with `count_in_view` items in view should show density, not marks: when
    its rows, `plot_width / item_px` items each (`item_px` the least an item with a readable
    label takes), could label only a small part of them. Decided by pixels, so a wide
    window or a close zoom labels what a narrow one cannot."""
    capacity = max(1.0, plot_width / max(item_px, 1.0)) * max_rows
    return count_in_view > capacity * DENSITY_OVERLOAD


def rows_at_least(x0: Floats, reach: Floats, gap: float, max_rows: int) -> int:
    """The rows `stack_lane` gives items taking [x0, reach] each (with their shortest labels:
    a lower bound for any labels), counting the row of "+N more" marks: the most items that
    overlap at one place, as first-fit packing in order of `x0` uses exactly that many.
    Numpy only, for lanes out of sight whose height is needed but not their drawing."""
    if len(x0) == 0:
        return 1
    order = np.argsort(x0, kind="stable")
    starts = np.asarray(x0, dtype=np.float64)[order]
    free_at = np.sort(np.asarray(reach, dtype=np.float64) + gap)
    depth = np.arange(1, len(starts) + 1) - np.searchsorted(free_at, starts, side="right")
    deepest = int(depth.max())
    return deepest if deepest <= max_rows else max_rows + 1


def stack_lane(  # noqa: PLR0913 — the geometry of the marks is five parallel arrays
    mark_x0: Floats,
    mark_x1: Floats,
    label_x: Floats,
    label_w: Floats,
    *,
    gap: float,
    max_rows: int,
    short_label_px: float,
    more_px: float,
    keep: int | None = None,
    longest_px: float = np.inf,
) -> Stack:
    """Rows for one lane's items (see the module's docstring). `keep`, the position of the
    selected item, is never folded into a "+N" mark: it takes the row where it displaces
    the fewest others, and they are folded instead. `more_px` is how wide a "+N more" mark
    is: folded items closer than that share one. A label reserves at most `longest_px` of its
    row; beyond that it is written only as far as the room to the next item allows."""
    x0 = np.asarray(mark_x0, dtype=np.float64)
    mark_end = np.asarray(mark_x1, dtype=np.float64)
    lx = np.asarray(label_x, dtype=np.float64)
    written = np.asarray(label_w, dtype=np.float64)
    full = np.minimum(written, longest_px)
    rows = _rows(x0, mark_end, lx, full, gap, max_rows, short_label_px)
    if keep is not None and rows[keep] == OVERFLOW_ROW:
        extent = np.maximum(mark_end, lx + np.minimum(full, short_label_px))
        rows = _make_room(rows, x0, extent, keep, gap)
    room = _label_room(rows, x0, lx, np.maximum(written, mark_end - lx - gap), gap)
    folded = np.flatnonzero(rows == OVERFLOW_ROW)
    more, more_x = _groups(folded, x0, more_px)
    used = int(rows.max(initial=OVERFLOW_ROW)) + 1
    return Stack(rows, room, max(1, used), more, more_x)


def _rows(
    x0: Floats,
    mark_end: Floats,
    label_x: Floats,
    full: Floats,
    gap: float,
    max_rows: int,
    short_label_px: float,
) -> Ints:
    """Rows with full labels, unless cut labels leave fewer items without a row.

    First-fit packing in order of `x0` uses exactly as many rows as items overlap at the
    most crowded place (`rows_at_least`, numpy), so for a crowded lane which packing wins is
    mostly known before packing: it packs once, not twice, on each zoom."""
    reach = np.maximum(mark_end, label_x + full)
    cut = bool(np.any(full > short_label_px))
    crowded = cut and len(x0) >= COUNT_FIRST and rows_at_least(x0, reach, gap, max_rows) > max_rows
    rows = None if crowded else pack_rows(x0, reach, gap, max_rows)
    if rows is not None and (not cut or not np.any(rows == OVERFLOW_ROW)):
        return rows  # fits, or nothing to cut
    short = pack_rows(
        x0, np.maximum(mark_end, label_x + np.minimum(full, short_label_px)), gap, max_rows
    )
    overflow = np.count_nonzero(short == OVERFLOW_ROW)
    if overflow == 0:
        return short  # full labels would leave some out, cut ones none
    if rows is None:
        rows = pack_rows(x0, reach, gap, max_rows)
    return short if overflow < np.count_nonzero(rows == OVERFLOW_ROW) else rows


def _make_room(rows: Ints, x0: Floats, extent: Floats, keep: int, gap: float) -> Ints:
    """`rows` with item `keep` placed in the row where the fewest placed items overlap it,
    those folded instead."""
    rows = rows.copy()
    placed = rows != OVERFLOW_ROW
    overlaps = placed & (x0 < extent[keep] + gap) & (extent + gap > x0[keep])
    used = int(rows.max(initial=0)) + 1
    clashes = np.bincount(rows[overlaps], minlength=used)
    row = int(np.argmin(clashes))
    rows[overlaps & (rows == row)] = OVERFLOW_ROW
    rows[keep] = row
    return rows


def _label_room(rows: Ints, x0: Floats, label_x: Floats, full: Floats, gap: float) -> Floats:
    """Per item, from its label's start to the next item of the same row (less the gap), at
    most `full` (its label, or the inside of its band when that is longer); the last of a
    row has all of that. Folded items have none."""
    room = np.zeros(len(rows), dtype=np.float64)
    placed = np.flatnonzero(rows != OVERFLOW_ROW)
    if len(placed) == 0:
        return room
    order = placed[np.lexsort((x0[placed], rows[placed]))]
    following = np.full(len(order), np.inf)
    same_row = rows[order[1:]] == rows[order[:-1]]
    following[:-1] = np.where(same_row, x0[order[1:]], np.inf)
    room[order] = np.minimum(full[order], following - gap - label_x[order])
    return np.maximum(room, 0.0)


def _groups(folded: Ints, x0: Floats, more_px: float) -> tuple[list[Ints], Floats]:
    """The folded items in runs that stand within `more_px` of each other, left to right."""
    if len(folded) == 0:
        return [], np.zeros(0)
    order = folded[np.argsort(x0[folded], kind="stable")]
    runs = cluster_marks(x0[order], more_px)
    groups = [
        order[a : b + 1] for a, b in zip(runs.first.tolist(), runs.last.tolist(), strict=True)
    ]
    return groups, runs.x_start
