"""The results list: the items the view's Filter selects, as a table model over the same keys
the timeline draws. The row count is known at once; a row's words are read, a page at a time,
only when a view shows it, so a million rows open as fast as ten.

The model keeps the row order only. The words come from the session's `StoreTexts`, the one
cache of item texts, which the session empties when the database changes; the Filter (for the
search snippets) is the window's `ViewState`'s."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from app.core.filter import Filter
from app.core.model import ItemSummary
from app.core.time_order import time_order_positions
from app.store import QueryError
from app.store.details import DateTies, date_ties, sort_values
from app.store.queries import HIT_END, HIT_START, keys_by_relevance
from app.ui.session import Session
from app.ui.timeline.loader import BackgroundReader
from app.ui.view_state import ViewState

PAGE_SIZE = 200
COLUMNS = ("Date", "Kind", "Title or speaker", "Tracks", "Sources", "Match")
DATE, KIND, TITLE, TRACKS, SOURCES, MATCH = range(len(COLUMNS))
ItemId = Qt.ItemDataRole.UserRole + 1
ItemKey = Qt.ItemDataRole.UserRole + 2
Snippet = Qt.ItemDataRole.UserRole + 3
"""The match with hits between `HIT_START` and `HIT_END`, for the delegate to highlight."""

_Index = QModelIndex | QPersistentModelIndex
_SORTED_IN_SQL = {KIND: "kind", TITLE: "title", SOURCES: "sources"}
_ROLES = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, ItemId, ItemKey, Snippet)

RANK_AT_ONCE = 20_000
"""A search with up to this many items is ranked on the window's thread: ranking 39,516 of a
million took 235 ms, half a million 1.1 s (their best 5,000); more is ranked off it."""
TIE_ORDER_LIMIT = 2_000
"""Lists up to this long put an exactly dated item before the approximate or month-wide ones
of its start (`app.core.time_order`); a longer one keeps the timeline's key order, which puts
them by key. Reading the shown items' dates costs about 10 ms for 2,000 items and 120 ms for
20,000 (300,000 items stored), on every filter change: with the limit at 20,000 the
benchmark's filter changes at a million items reached 187 ms."""


class ItemsModel(QAbstractTableModel):
    def __init__(self, session: Session, view: ViewState, parent: object = None) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self._session = session
        self._view = view
        self._keys: npt.NDArray[np.int64] = np.zeros(0, dtype=np.int64)
        """Item keys in row order."""
        self._time_order: npt.NDArray[np.int64] = self._keys
        self._row_of_position: npt.NDArray[np.int64] | None = None
        self._sort = (DATE, Qt.SortOrder.AscendingOrder)
        self._ties: tuple[npt.NDArray[np.int64], DateTies] | None = None
        """The date ties of the keys shown, read once per set of keys and database state."""
        """Read once per state of the database, when the Date column is first sorted."""
        self._ranked: tuple[Filter, npt.NDArray[np.int64]] | None = None
        """The latest search's best matches, best first, once ranked."""
        self._ranking: Filter | None = None
        """The search being ranked off the window's thread, if any."""
        self._ranker = BackgroundReader(session.path, self)
        self._ranker.loaded.connect(self._ranked_arrived)
        session.changed.connect(self._database_changed)

    @property
    def total(self) -> int:
        return len(self._keys)

    def set_keys(self, keys: npt.NDArray[np.int64]) -> None:
        """Show these items (keys in time order, as the timeline loaded them)."""
        self.beginResetModel()
        self._time_order = np.asarray(keys, dtype=np.int64)
        self._arrange()
        self.endResetModel()

    @property
    def order(self) -> str:
        """How the rows are ordered, as the store names it: "relevance" when the list is
        sorted by how well each item matches (the Match column) and there are words to
        match, else "time" (or a column's order)."""
        ranked = self._sort[0] == MATCH and bool(self._view.filter.text)
        return "relevance" if ranked else "time"

    def set_preview(self, first: list[ItemSummary]) -> None:
        """Show the first results of a search at once, in the order given, before all its
        keys are read; the keys that follow (`set_keys`) replace them."""
        self.beginResetModel()
        self._session.texts.remember(first, self._view.filter)
        shown = np.array([item.key for item in first], dtype=np.int64)
        positions = np.argsort(shown, kind="stable").astype(np.int64)
        self._time_order, self._keys = shown[positions], shown
        in_order = np.array_equal(positions, np.arange(len(shown)))
        self._row_of_position = None if in_order else positions
        self.endResetModel()

    def row_of(self, key: int) -> int | None:
        """The row showing an item, or None if the Filter does not select it."""
        position = int(np.searchsorted(self._time_order, key))
        if position >= len(self._time_order) or int(self._time_order[position]) != key:
            return None
        if self._row_of_position is None:
            return position
        return int(self._row_of_position[position])

    def key_at(self, row: int) -> int:
        return int(self._keys[row])

    def keys_at(self, rows: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
        """The keys of many rows at once (a whole selection), in the order of `rows`."""
        return self._keys[rows]

    def rows_of(self, keys: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
        """The rows showing these items, ascending; an item the Filter leaves out has none."""
        order = self._time_order
        if len(order) == 0 or len(keys) == 0:
            return np.zeros(0, dtype=np.int64)
        at = np.searchsorted(order, keys)
        inside = at < len(order)
        at = at[inside][order[at[inside]] == keys[inside]]
        rows = at if self._row_of_position is None else self._row_of_position[at]
        return np.sort(rows).astype(np.int64)

    # Qt's table model

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._keys)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(COLUMNS)
        ):
            return COLUMNS[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._keys) or role not in _ROLES:
            return None
        if role == ItemKey:
            return int(self._keys[index.row()])
        item = self._row(index.row())
        if item is None:
            return None
        if role == ItemId:
            return item.id
        if role == Qt.ItemDataRole.ToolTipRole:
            return item.title if index.column() == TITLE else None
        if role == Snippet or index.column() == MATCH:
            snippet = self._snippet(index.row())
            return snippet if role == Snippet else _plain(snippet) if snippet else ""
        return self._display(item, index.column())

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if column not in (DATE, MATCH, *_SORTED_IN_SQL):
            return
        self.layoutAboutToBeChanged.emit()
        self._sort = (column, order)
        self._arrange()
        self.layoutChanged.emit()

    # Rows

    def _display(self, item: ItemSummary, column: int) -> object:
        if column == TRACKS:
            return ", ".join(self._session.texts.track_name(t) for t in item.tracks)
        return (item.when.display(), item.kind, item.title, None, item.source_count)[column]

    def _arrange(self) -> None:
        column, order = self._sort
        keys = self._time_order
        if column == MATCH and self.order != "relevance":
            column = DATE  # no words to rank by: time order, as the order switch says
        if column == DATE or len(keys) == 0:
            positions = self._date_positions(keys)
            if positions is None and order == Qt.SortOrder.AscendingOrder:  # no copies
                self._keys, self._row_of_position = keys, None
                return
            if positions is None:
                positions = np.arange(len(keys), dtype=np.int64)
        elif column == MATCH:
            positions = self._relevance_positions(keys)
        else:
            values = sort_values(self._session.db, _SORTED_IN_SQL[column], keys)
            positions = np.argsort(values, kind="stable").astype(np.int64)
        if order == Qt.SortOrder.DescendingOrder:
            positions = positions[::-1]
        self._keys = keys[positions]
        inverse = np.empty(len(positions), dtype=np.int64)
        inverse[positions] = np.arange(len(positions), dtype=np.int64)
        self._row_of_position = inverse

    def _relevance_positions(self, keys: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
        """The positions that put `keys` (in key order) best match first; any the ranking
        does not give (beyond its `RANKED` best, or an item written since) follow, in time
        order."""
        ranked = self._ranking_of(self._view.filter, len(keys))
        at = np.searchsorted(keys, ranked)
        inside = at < len(keys)
        at = at[inside][keys[at[inside]] == ranked[inside]]
        rest = np.ones(len(keys), dtype=np.bool_)
        rest[at] = False
        return np.concatenate([at, np.flatnonzero(rest)]).astype(np.int64)

    def _ranking_of(self, f: Filter, matches: int) -> npt.NDArray[np.int64]:
        """The search's best matches, best first. A search of few items is ranked at once; one
        of many (ranking half a million took 1.1 s) off the window's thread, the list staying
        in time order until the ranking arrives (empty meanwhile)."""
        if self._ranked is not None and self._ranked[0] == f:
            return self._ranked[1]
        if matches > RANK_AT_ONCE:
            if self._ranking != f:
                self._ranking = f
                self._ranker.request(lambda db: (f, keys_by_relevance(db, f)))
            return np.zeros(0, dtype=np.int64)
        try:
            ranked = np.array(keys_by_relevance(self._session.db, f), dtype=np.int64)
        except QueryError:  # a search that cannot be read: the window says so, and why
            ranked = np.zeros(0, dtype=np.int64)
        self._ranked = (f, ranked)
        return ranked

    def _ranked_arrived(self, generation: int, result: tuple[Filter, list[int]]) -> None:
        f, ranked = result
        if not self._ranker.is_current(generation) or f != self._ranking:
            return
        self._ranking = None
        self._ranked = (f, np.array(ranked, dtype=np.int64))
        if self._sort[0] == MATCH and f == self._view.filter:
            self.layoutAboutToBeChanged.emit()
            self._arrange()
            self.layoutChanged.emit()

    def _date_positions(self, keys: npt.NDArray[np.int64]) -> npt.NDArray[np.int64] | None:
        """The positions that put `keys` (in key order) in time order (`app.core.time_order`),
        or None when key order is that order already. Keys follow the start: only items
        sharing a start with one of another precision or certainty (`date_ties`) move, each
        within the rows of its start."""
        if len(keys) == 0 or len(keys) > TIE_ORDER_LIMIT:
            return None
        if self._ties is None or self._ties[0] is not keys:
            self._ties = (keys, date_ties(self._session.db, keys))
        ties = self._ties[1]
        at = np.searchsorted(ties.keys, keys)
        inside = at < len(ties.keys)
        tied = np.zeros(len(keys), dtype=np.bool_)
        tied[inside] = ties.keys[at[inside]] == keys[inside]
        if not tied.any():
            return None
        slots = np.flatnonzero(tied)
        chosen = at[slots]
        order = time_order_positions(
            ties.starts[chosen],
            ties.precisions[chosen],
            ties.approximate[chosen],
            ties.ends[chosen],
            ties.ids[chosen],
        )
        if np.array_equal(order, np.arange(len(order))):
            return None
        positions = np.arange(len(keys), dtype=np.int64)
        positions[slots] = slots[order]
        return positions

    def _page_keys(self, row: int) -> list[int]:
        number = row // PAGE_SIZE
        return [int(k) for k in self._keys[number * PAGE_SIZE : (number + 1) * PAGE_SIZE]]

    def _row(self, row: int) -> ItemSummary | None:
        """The item on a row, its page read at once if it was not; None for an item deleted
        since the keys were loaded (a blank row, not a shifted list)."""
        texts = self._session.texts
        key = int(self._keys[row])
        found = texts.cached(key)
        if found is None:
            found = texts.summaries(self._page_keys(row)).get(key)
        return found

    def _snippet(self, row: int) -> str | None:
        f = self._view.filter
        if not f.text:
            return None
        key = int(self._keys[row])
        try:
            return self._session.texts.snippets(f, self._page_keys(row)).get(key)
        except QueryError:  # a search that cannot be read: the window says so, and why
            return None

    def _database_changed(self) -> None:
        """The words may have changed under the rows: views ask for them again."""
        self._ties = None
        self._ranked = self._ranking = None
        if len(self._keys):
            last = self.index(len(self._keys) - 1, len(COLUMNS) - 1)
            self.dataChanged.emit(self.index(0, 0), last)


def _plain(snippet: str) -> str:
    return " ".join(snippet.replace(HIT_START, "").replace(HIT_END, "").split())
