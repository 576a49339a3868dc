"""The timeline as the window holds it: the canvas with its lanes' scrollbar (and the column
of lane names, `lane_names`), the overview strip under it, and the background load that
fills both whenever the view's Filter or lane grouping changes.

The pane keeps no Filter of its own: it reads the `ViewState` it is given (a window's) and
loads again when that state signals a change."""

from __future__ import annotations

import math
from collections.abc import Callable
from concurrent.futures import Future
from functools import partial
from pathlib import Path

import numpy as np
import numpy.typing as npt
import sqlite_utils
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QScrollBar, QVBoxLayout, QWidget

from app.core.filter import Filter
from app.core.timeline.lanes import LaneIndex
from app.drawing.texts import ItemTexts
from app.drawing.theme import LIGHT, METRICS, Theme
from app.store import index_cache
from app.store.columns import TimelineColumns
from app.store.database import file_of
from app.store.index_cache import IndexCache
from app.store.item_index import ItemIndex, text_keys
from app.ui import first_read
from app.ui.first_read import Loaded, columns_and_lanes
from app.ui.timeline.canvas import TimelineCanvas, empty_columns
from app.ui.timeline.lane_names import LaneNames
from app.ui.timeline.loader import BackgroundReader
from app.ui.timeline.overview import TimelineOverview
from app.ui.view_state import ViewState

MIN_CANVAS_WIDTH = 480
"""The timeline's least width with its lane names: in a small window the side panels give
way first, and the plot keeps some 300 px."""


class TimelinePane(QWidget):
    """`loaded(count)` fires once the columns of the latest request are drawn in;
    `loadFailed(message)` when they cannot be read, then `fileFailed(message)` too when the
    file is to blame (damaged, locked, gone) rather than the request.

    The first load reads the columns of its Filter from the database, or takes the read of
    them begun before the window was built (`app.ui.first_read`). Meanwhile an index of
    every item's lanes is built in the background; once it is there, a new Filter or lane
    grouping is answered from memory, and only the words of a search go to the database.
    With a `cache`, a large database's index is kept there once built, and the first load
    of the database as it was then takes the index from it instead of reading the columns.
    """

    loaded = Signal(int)
    loadFailed = Signal(str)
    fileFailed = Signal(str)
    indexReady = Signal()

    def __init__(
        self,
        db_path: Path,
        texts: ItemTexts,
        theme: Theme = LIGHT,
        parent: QWidget | None = None,
        *,
        view: ViewState | None = None,
        cache: IndexCache | None = None,
    ) -> None:
        super().__init__(parent)
        self._path = db_path
        self._cache = cache
        self.view = view or ViewState(parent=self)
        """The Filter and grouping shown; a window passes its own."""
        self.view.filterChanged.connect(self._read)
        self.view.groupingChanged.connect(self._read)
        self.canvas = TimelineCanvas(empty_columns(), texts, theme, self)
        self.canvas.setMinimumWidth(MIN_CANVAS_WIDTH)
        self.lane_names = LaneNames(self.canvas)
        self.lane_bar = _lane_scroll_bar(self)
        self.overview = TimelineOverview(empty_columns(), theme, self)
        beside = QHBoxLayout()
        beside.setSpacing(0)
        beside.addWidget(self.canvas, 1)
        bar_column = QVBoxLayout()
        bar_column.addSpacing(METRICS.axis_height)  # beside the lanes, not the axis
        bar_column.addWidget(self.lane_bar, 1)
        beside.addLayout(bar_column, 0)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(beside, 1)
        layout.addWidget(self.overview, 0)
        self.canvas.painted.connect(self._follow_lanes)
        self.lane_bar.valueChanged.connect(self._scroll_lanes)
        self.canvas.windowChanged.connect(self.overview.set_window)
        self.overview.windowRequested.connect(self.canvas.set_window)
        self.overview.set_window(self.canvas.scale.start, self.canvas.scale.end)
        self._loader = BackgroundReader(db_path, self)
        self._loader.loaded.connect(self._on_loaded)
        self._loader.failed.connect(self._on_failed)
        self._indexer = BackgroundReader(db_path, self)
        self._indexer.loaded.connect(self._on_indexed)
        for reader in (self._loader, self._indexer):
            reader.unreadable.connect(self.fileFailed)
        self._index: ItemIndex | None = None
        self._index_wanted = True
        self._text_keys: npt.NDArray[np.int64] | None = None
        self._loading = False
        self._notice: str | None = None
        self._framed: Filter | None = None
        """The Filter whose items the view last framed: a new one is framed on arrival, the
        same one read again (after an import, a new grouping) leaves the view alone."""

    @property
    def filter(self) -> Filter:
        return self.view.filter

    @property
    def grouping(self) -> str:
        return self.view.grouping

    @property
    def loading(self) -> bool:
        return self._loading

    def _set_loading(self, message: str | None) -> None:
        """Mark the picture as being read (a message) or read (None, the notice back)."""
        self._loading = message is not None
        self.canvas.set_message(message if message is not None else self._notice)

    def show_notice(self, notice: str | None) -> None:
        """A line over the plot once it is read, such as why it is empty; None for none."""
        self._notice = notice
        if not self._loading:
            self.canvas.set_message(notice)

    def clear_items(self, notice: str) -> None:
        """Show no items, and why (a search that could not run): nothing stale stays."""
        self._loader.cancel()
        self._notice = notice
        self._set_loading(None)
        self.overview.set_columns(empty_columns())
        self.canvas.set_columns(empty_columns())

    def load(self, f: Filter | None = None, grouping: str | None = None) -> None:
        """Show what `f` selects, grouped into lanes by `grouping`, as soon as it is read;
        until then the current picture stays, marked as loading. Both go to the view state,
        whose signal brings them here; with neither, the view's current ones load."""
        if f is None and grouping in (None, self.view.grouping):
            self._read()
        else:
            self.view.set(f, grouping)

    def _read(self, *_: object) -> None:
        f, grouping = self.view.filter, self.view.grouping
        index = self._index
        if index is None:
            self._set_loading("Loading the timeline…")
            read = partial(columns_and_lanes, f=f, grouping=grouping, cache=self._cache)
            early = first_read.take(self._path, f, grouping)
            self._loader.request(read if early is None else partial(_taken, early=early, read=read))
        elif f.needs_database:
            self._text_keys = None
            self._set_loading("Searching…")
            self._loader.request(partial(_matched, f=f))
        else:
            self._loader.cancel()
            self._text_keys = None
            self._show(index.select(f, grouping))

    def reload(self) -> None:
        """The database changed (an import): read everything again, keeping the Filter."""
        self.canvas.scene.forget_pictures()  # they may show what was just changed
        self.canvas.update()
        self._index = None
        self._indexer.cancel()
        self._set_loading("Loading the timeline…")
        self._index_wanted = True  # rebuilt once the columns above are shown
        self._loader.request(
            partial(
                columns_and_lanes,
                f=self.view.filter,
                grouping=self.view.grouping,
                cache=self._cache,
            )
        )

    def facet_counts(self, facet: str) -> dict[str, int] | None:
        """Per actor, track or kind, how many items the current Filter would select with it
        chosen; from memory, or None until the index is built (or a search is pending)."""
        f = self.view.filter
        if self._index is None or (f.needs_database and self._text_keys is None):
            return None
        return self._index.facet_counts(f, facet, self._text_keys)

    @property
    def index(self) -> ItemIndex | None:
        """Every item's lanes in memory, once the background build is done."""
        return self._index

    def set_columns(self, columns: TimelineColumns) -> None:
        """Show columns read elsewhere (tests, exports), cancelling any load in flight."""
        self._loader.cancel()
        self.overview.set_columns(columns)
        self._set_loading(None)
        self.canvas.set_columns(columns)

    def _follow_lanes(self) -> None:
        """After a paint: the scrollbar as long as the lanes are tall, at where they are
        scrolled to (shown only when they do not all fit), and the overview under the plot."""
        canvas, bar = self.canvas, self.lane_bar
        frame = canvas.frame
        view = max(0, canvas.height() - METRICS.axis_height)
        room = 0 if frame is None else max(0, math.ceil(frame.content_height - view))
        if canvas.scene.lane_scroll > room:  # the lanes got shorter: no blank below them
            canvas.scroll_lanes(room - canvas.scene.lane_scroll)
        bar.blockSignals(True)
        bar.setMaximum(scroll_range(bar.maximum(), room, round(canvas.scene.lane_scroll), view))
        bar.setPageStep(max(1, view))
        bar.setValue(round(canvas.scene.lane_scroll))
        bar.blockSignals(False)
        bar.setVisible(room > 0)
        self.overview.set_margins(canvas.scene.lane_label_width, bar.width())

    def _scroll_lanes(self, value: int) -> None:
        self.canvas.scroll_lanes(value - self.canvas.scene.lane_scroll)

    def set_theme(self, theme: Theme) -> None:
        self.canvas.set_theme(theme)
        self.overview.set_theme(theme)

    def shutdown(self) -> None:
        """Stop reads in flight and wait for their threads: before the database closes."""
        for reader in (self._loader, self._indexer):
            reader.cancel()
            reader.wait()

    def _on_loaded(self, generation: int, result: object) -> None:
        if not self._loader.is_current(generation):
            return
        if isinstance(result, Loaded):
            if result.index is not None:  # kept from an earlier build
                self._index, self._text_keys = result.index, result.text_keys
                self._index_wanted = False
            self._show(result.columns, result.lanes)
            if result.index is not None:
                self.indexReady.emit()
            elif self._index is None and self._index_wanted:
                self._index_wanted = False
                # Build the index only now, so it does not slow the first picture down.
                plain = self.view.filter.is_empty and self.view.grouping == "track"
                self._indexer.request(
                    partial(
                        _built_index,
                        base=result.columns if plain else None,
                        stamp=result.stamp if plain else None,
                        cache=self._cache,
                    )
                )
        elif self._index is not None:  # the keys a search matched
            keys: npt.NDArray[np.int64] = result  # type: ignore[assignment]
            self._text_keys = keys
            # The items shown and their layout go first, not once the new items are made
            # (no frame comes between): at half a million matches, holding both was the
            # window's peak of memory.
            self.canvas.scene.let_go(empty_columns())
            self._show(self._index.select(self.view.filter, self.view.grouping, keys))

    def _on_indexed(self, generation: int, index: ItemIndex) -> None:
        if self._indexer.is_current(generation):
            self._index = index
            self.indexReady.emit()

    def _show(self, columns: TimelineColumns, lanes: LaneIndex | None = None) -> None:
        self._apply(columns, lanes)
        self.loaded.emit(len(columns))

    def _on_failed(self, generation: int, message: str) -> None:
        if self._loader.is_current(generation):
            self._set_loading(None)
            self.loadFailed.emit(message)

    def _apply(self, columns: TimelineColumns, lanes: LaneIndex | None = None) -> None:
        """Show the items of the view's Filter: a Filter not framed before moves the view to
        what it selected (its date range, if it has one), every time."""
        f = self.view.filter
        fit = None if f == self._framed else True
        self._framed = f
        self.overview.set_columns(columns)
        self._notice = None  # the window says again what the new items call for
        self._set_loading(None)
        dates = None if f.start is None and f.end is None else (f.start, f.end)
        self.canvas.set_columns(columns, fit=fit, dates=dates, lanes=lanes)


RANGE_SLACK = 0.005
"""How much (a part of it) the lanes' scrolling range may be off while the view is far from
its end (`scroll_range`)."""


def scroll_range(kept: int, room: int, value: int, page: int) -> int:
    """The lanes' scrollbar's range for lanes `room` pixels taller than the view: `kept`, the
    range it has, while that is within `RANGE_SLACK` of `room` and the lanes are scrolled more
    than a page from the end of either. Panning at day zoom moves lanes out of sight by a row
    now and then; a new range repainted the scrollbar with the frame, a third of it."""
    if kept == room or kept == 0 or room == 0 or abs(kept - room) > RANGE_SLACK * room:
        return room
    return room if value + page >= min(kept, room) else kept


def _lane_scroll_bar(parent: QWidget) -> QScrollBar:
    """A vertical scrollbar for the lanes, which keeps its room when hidden: the plot does
    not change width (and lanes height) as it comes and goes."""
    bar = QScrollBar(Qt.Orientation.Vertical, parent)
    bar.setObjectName("laneScrollBar")
    bar.setAccessibleName("Scroll the lanes")
    bar.setSingleStep(METRICS.row_height)
    policy = bar.sizePolicy()
    policy.setRetainSizeWhenHidden(True)
    bar.setSizePolicy(policy)
    bar.hide()
    return bar


def _taken(db: sqlite_utils.Database, early: Future[Loaded], read: Callable[..., Loaded]) -> Loaded:
    """The first read begun before the window was built (`first_read`), once it is done;
    if it failed, the read again here, which says what is wrong as usual."""
    try:
        return early.result()
    except Exception:  # read again: whatever it was, this read tells it
        return read(db)


def _built_index(
    db: sqlite_utils.Database,
    base: TimelineColumns | None,
    stamp: str | None,
    cache: IndexCache | None,
) -> ItemIndex:
    """The index of every item (`ItemIndex.load`), kept in `cache` if nothing changed while it
    was read: `stamp` is the database's when `base` was read."""
    if base is None:
        stamp = index_cache.stamp(db)
    index = ItemIndex.load(db, base)
    if cache is not None and stamp is not None and index_cache.stamp(db) == stamp:
        cache.keep(file_of(db), index, stamp)
    return index


def _matched(db: sqlite_utils.Database, f: Filter) -> npt.NDArray[np.int64]:
    return text_keys(db, f)
