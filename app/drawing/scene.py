"""What one frame of the timeline needs (`Scene`), and what it drew where (`Frame`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from app.core.timeline.framing import Framing, bulk_window
from app.core.timeline.hits import HitIndex
from app.core.timeline.lanes import LaneIndex
from app.core.timeline.scale import TimeScale
from app.drawing.texts import ItemTexts
from app.drawing.theme import METRICS, Metrics, Theme
from app.store.columns import TimelineColumns

WIDTH_CACHE_LIMIT = 50_000


@dataclass(slots=True)
class Scene:
    """Everything one frame needs; the canvas keeps it, the painter only reads it."""

    columns: TimelineColumns
    scale: TimeScale
    theme: Theme
    texts: ItemTexts
    lane_index: LaneIndex | None = None
    """Built from `columns` on first use; cleared when they change."""
    selected: int | None = None
    collapsed: set[int] = field(default_factory=set)
    """Lanes the user folded to one thin row (by clicking their names)."""
    hide_empty: bool = False
    """Leave out lanes with nothing in the visible window."""
    lane_scroll: float = 0.0
    metrics: Metrics = METRICS
    lane_label_width: float = METRICS.lane_label_width
    """The width of the column of lane names (the window's can be dragged wider)."""
    message: str | None = None
    """Shown over the plot, e.g. while the items are being read."""
    label_widths: dict[str, float] = field(default_factory=dict)
    """Labels measured already, so a pan measures only what comes into view."""
    laid_out: dict[str, Any] = field(default_factory=dict)
    """Labels as drawn (`QStaticText`), laid out once per text."""
    label_px: npt.NDArray[np.float32] | None = None
    """Per item (column index), its label's width as written; NaN until measured (single
    precision: 4 MB at a million items). Cleared with `columns`."""
    axis_texts: dict[tuple[str, bool], Any] = field(default_factory=dict)
    """The axis's tick names laid out (`QStaticText`), by text and whether bold."""
    stamps: dict[tuple[int, int, float, float], Any] = field(default_factory=dict)
    """An event's dot as a small image, per colour, background, radius and pixel ratio."""
    elided: dict[tuple[str, int], tuple[str, float]] = field(default_factory=dict)
    """Labels cut to a room (whole pixels) already, with their width as cut."""
    elided_names: dict[tuple[str, float, str], str] = field(default_factory=dict)
    """Lane names cut to the width of their column, by name, width and font."""
    advances: dict[str, dict[str, float]] = field(default_factory=dict)
    """Per font (its key), each character's advance, for cutting labels (`glyphs.cut_to`)."""
    cut_widths: dict[str, dict[str, float]] = field(default_factory=dict)
    """Per font (its key), labels as cut, with their width as measured (`glyphs.cut_to`)."""
    placements: dict[int, Any] = field(default_factory=dict)
    """Per lane, its items as stacked at the current zoom (`app.drawing.marks.Placement`),
    reused while the view pans. Cleared with `columns`."""
    earlier: dict[int, list[Any]] = field(default_factory=dict)
    """Per lane, the placements of the last few zooms before, latest first, each with what
    `pictures` held for it then: a wheel turned back finds the rows it left, and their
    picture. Cleared with `columns`."""
    pictures: dict[int, tuple[Any, Any]] = field(default_factory=dict)
    """Per lane, its placement and the picture of it that frames copy while the view pans
    (`app.drawing.pictures`). Cleared with `columns`."""
    placement_seen: dict[int, Any] = field(default_factory=dict)
    """Per lane, the placement the last frame drew: a second frame of it makes its picture."""
    strips: dict[int, list[Any]] = field(default_factory=dict)
    """Per lane drawn as density, its columns counted at the last few zooms, the latest first
    (`app.drawing.density.Strip`), reused while the view pans. Cleared with `columns`."""
    names_pictures: dict[Any, Any] = field(default_factory=dict)
    """The column of lane names as last drawn on a device of pixels, by what it was drawn for
    (`painter._lane_names`), the least recently used first."""
    least_rows: dict[int, tuple[float, int, int]] = field(default_factory=dict)
    """Per lane out of sight, the zoom (seconds per pixel) and row limit its least rows were
    counted at, and that count: kept while the view only pans. Cleared with `columns`."""
    _extent: tuple[TimelineColumns, tuple[float, float] | None] | None = None
    """The items' extent, with the columns it was read from (`data_extent`)."""
    _bulk: tuple[TimelineColumns, Framing | None] | None = None
    """Where Fit looks, with the columns it was worked out for (`bulk`)."""
    recounts_left: int = 0
    """How many lanes out of sight a frame may count again after a zoom: the others keep the
    height of an earlier zoom until a later frame, so a zoom costs the lanes in sight and a
    few more, not every lane."""
    recounts_pending: bool = False
    """Some lane out of sight was left with an earlier zoom's height in the last frame."""

    def data_extent(self) -> tuple[float, float] | None:
        """The items' first start and last end, read once per set of items: a zoom asks on
        every wheel step, and a million items take a millisecond."""
        if self._extent is None or self._extent[0] is not self.columns:
            columns = self.columns
            found = (float(columns.start.min()), float(columns.end.max())) if len(columns) else None
            self._extent = (columns, found)
        return self._extent[1]

    def bulk(self) -> Framing | None:
        """The bulk of the items (`framing.bulk_window`), worked out once per set of items:
        a window shown for the first time fits itself at each of its first few sizes, and a
        million items take a hundredth of a second each time."""
        if self._bulk is None or self._bulk[0] is not self.columns:
            self._bulk = (self.columns, bulk_window(self.columns.start, self.columns.end))
        return self._bulk[1]

    def forget_pictures(self) -> None:
        """Draw every lane afresh from the next frame: what the pictures of its rows show may
        have changed (an item's title) while its new items are read."""
        self.pictures.clear()
        self.placement_seen.clear()
        for entries in self.earlier.values():
            entries[:] = [(placement, None) for placement, _ in entries]

    def show(self, columns: TimelineColumns, lanes: LaneIndex | None = None) -> None:
        """Draw these items from now on: what was laid out or folded for others goes."""
        self.columns = columns
        self.lane_index = lanes
        self.collapsed.clear()
        self.forget_layout()

    def let_go(self, empty: TimelineColumns) -> None:
        """Hold no items (`empty` in their place) and nothing made of them: before others
        are made, so as not to hold both."""
        self.columns = empty
        self.lane_index = None
        self._extent = None
        self._bulk = None
        self.forget_layout()

    def forget_layout(self) -> None:
        """Let go of how the items were laid out, and of its pictures: the next frame lays
        them out afresh."""
        self.least_rows.clear()
        self.placements.clear()
        self.earlier.clear()
        self.pictures.clear()
        self.placement_seen.clear()
        self.strips.clear()
        self.label_px = None


@dataclass(frozen=True, slots=True)
class LaneBand:
    lane: int
    top: float
    height: float
    collapsed: bool = False


Target = tuple[str, int, float, float]
"""What a hit rectangle stands for: ('item', key, t0, t1), or ('more', key of the first item
of a "+N more" mark, t0, t1) with t0 and t1 the earliest start and latest end of its items."""


@dataclass(slots=True)
class Frame:
    """What was drawn where, for hit testing and for tests."""

    hits: HitIndex
    hit_targets: list[Target]
    bands: list[LaneBand]
    content_height: float
    more: dict[int, tuple[int, ...]] = field(default_factory=dict)
    """Per hit rectangle of a "+N more" mark (by its position in `hit_targets`), the keys of
    its items in time order."""
    labelled: int = 0
    """How many items were drawn with a label (some of it readable)."""
    settled: bool = True
    """False when lanes out of sight still need counting at this zoom: paint again soon."""
