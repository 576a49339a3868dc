"""The results list: the items the Filter selects, as a table model over the same keys the
timeline draws. The row count is known at once; a row's words are read, a page at a time,
only when a view shows it, so a million rows open as fast as ten."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import replace

import numpy as np
import numpy.typing as npt
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from app.core.filter import Filter
from app.core.model import ItemSummary
from app.store.details import snippets, sort_values
from app.store.queries import HIT_END, HIT_START, summaries
from app.ui.session import Session

PAGE_SIZE = 200
PAGES_KEPT = 64
COLUMNS = ("Date", "Kind", "Title or speaker", "Tracks", "Sources", "Match")
DATE, KIND, TITLE, TRACKS, SOURCES, MATCH = range(len(COLUMNS))
ItemId = Qt.ItemDataRole.UserRole + 1
ItemKey = Qt.ItemDataRole.UserRole + 2
Snippet = Qt.ItemDataRole.UserRole + 3
"""The match with hits between `HIT_START` and `HIT_END`, for the delegate to highlight."""

_Index = QModelIndex | QPersistentModelIndex
_SORTED_IN_SQL = {KIND: "kind", TITLE: "title", SOURCES: "sources"}


class ItemsModel(QAbstractTableModel):
    def __init__(self, session: Session, parent: object = None) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self._session = session
        self._filter = Filter()
        self._keys: npt.NDArray[np.int64] = np.zeros(0, dtype=np.int64)
        """Item keys in row order."""
        self._time_order: npt.NDArray[np.int64] = self._keys
        self._row_of_position: npt.NDArray[np.int64] | None = None
        self._pages: OrderedDict[int, list[ItemSummary | None]] = OrderedDict()
        self._track_names: dict[str, str] = {}
        self._sort = (DATE, Qt.SortOrder.AscendingOrder)

    @property
    def filter(self) -> Filter:
        return self._filter

    @property
    def total(self) -> int:
        return len(self._keys)

    def set_keys(self, keys: npt.NDArray[np.int64], f: Filter) -> None:
        """Show these items (keys in time order, as the timeline loaded them)."""
        self.beginResetModel()
        self._filter = f
        self._time_order = np.asarray(keys, dtype=np.int64)
        self._track_names = {
            r[0]: r[1] for r in self._session.db.execute("SELECT id, name FROM tracks")
        }
        self._arrange()
        self.endResetModel()

    def set_preview(self, first: list[ItemSummary], f: Filter) -> None:
        """Show the first results of a search at once, before all its keys are read; the
        keys that follow (`set_keys`) replace them."""
        self.beginResetModel()
        self._filter = f
        self._time_order = np.array([item.key for item in first], dtype=np.int64)
        self._keys = self._time_order
        self._row_of_position = None
        self._pages.clear()
        self._pages[0] = list(first[:PAGE_SIZE])
        for number in range(1, (len(first) + PAGE_SIZE - 1) // PAGE_SIZE):
            self._pages[number] = list(first[number * PAGE_SIZE : (number + 1) * PAGE_SIZE])
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
        if not index.isValid() or not 0 <= index.row() < len(self._keys):
            return None
        if role == ItemKey:
            return int(self._keys[index.row()])
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, ItemId, Snippet):
            return None
        item = self._row(index.row())
        if item is None:
            return None
        if role == ItemId:
            return item.id
        if role == Snippet:
            return item.snippet
        column = index.column()
        if role == Qt.ItemDataRole.ToolTipRole:
            return item.title if column == TITLE else None
        if column == MATCH:
            return _plain(item.snippet) if item.snippet else ""
        return (
            item.when.display(),
            item.kind,
            item.title,
            ", ".join(self._track_names.get(t, t) for t in item.tracks),
            item.source_count,
        )[column]

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if column not in (DATE, *_SORTED_IN_SQL):
            return
        self.layoutAboutToBeChanged.emit()
        self._sort = (column, order)
        self._arrange()
        self.layoutChanged.emit()

    # Rows

    def _arrange(self) -> None:
        column, order = self._sort
        keys = self._time_order
        if column == DATE and order == Qt.SortOrder.AscendingOrder:  # as loaded: no copies
            self._keys, self._row_of_position = keys, None
            self._pages.clear()
            return
        if column == DATE or len(keys) == 0:
            positions = np.arange(len(keys), dtype=np.int64)
        else:
            values = sort_values(self._session.db, _SORTED_IN_SQL[column], keys)
            positions = np.argsort(values, kind="stable").astype(np.int64)
        if order == Qt.SortOrder.DescendingOrder:
            positions = positions[::-1]
        self._keys = keys[positions]
        if column == DATE and order == Qt.SortOrder.AscendingOrder:
            self._row_of_position = None
        else:
            inverse = np.empty(len(positions), dtype=np.int64)
            inverse[positions] = np.arange(len(positions), dtype=np.int64)
            self._row_of_position = inverse
        self._pages.clear()

    def _row(self, row: int) -> ItemSummary | None:
        number = row // PAGE_SIZE
        page = self._pages.get(number)
        if page is None:
            page = self._read_page(number)
            self._pages[number] = page
            while len(self._pages) > PAGES_KEPT:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(number)
        offset = row - number * PAGE_SIZE
        return page[offset] if offset < len(page) else None

    def _read_page(self, number: int) -> list[ItemSummary | None]:
        keys = self._keys[number * PAGE_SIZE : (number + 1) * PAGE_SIZE].tolist()
        db = self._session.db
        rows = summaries(db, keys)
        if self._filter.text and rows:
            found = snippets(db, self._filter, keys)
            rows = [replace(r, snippet=found.get(r.key)) for r in rows]
        by_key = {r.key: r for r in rows}
        # An item deleted since the keys were loaded leaves a blank row, not a shifted list.
        return [by_key.get(k) for k in keys]


def _plain(snippet: str) -> str:
    return " ".join(snippet.replace(HIT_START, "").replace(HIT_END, "").split())
