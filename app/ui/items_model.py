"""The items a Filter selects, as a table model that fetches pages as the view scrolls."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from app.core.filter import Filter
from app.core.model import ItemSummary
from app.store.queries import count, page
from app.ui.session import Session

PAGE_SIZE = 200
COLUMNS = ("Date", "Kind", "Title or speaker", "Tracks", "Sources")
ItemId = Qt.ItemDataRole.UserRole + 1

_Index = QModelIndex | QPersistentModelIndex


class ItemsModel(QAbstractTableModel):
    """Rows in time order; only the rows a view has reached are ever read."""

    def __init__(self, session: Session, parent: object = None) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self._session = session
        self._filter = Filter()
        self._rows: list[ItemSummary] = []
        self._total = 0
        self._track_names: dict[str, str] = {}
        self._fetching = False
        self.reload()

    @property
    def total(self) -> int:
        return self._total

    def set_filter(self, f: Filter) -> None:
        self._filter = f
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        db = self._session.db
        self._track_names = {r[0]: r[1] for r in db.execute("SELECT id, name FROM tracks")}
        self._total = count(db, self._filter)
        self._rows = page(db, self._filter, PAGE_SIZE, 0)
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self._fetching and len(self._rows) < self._total

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:  # noqa: B008
        if not self.canFetchMore(parent):
            return
        more = page(self._session.db, self._filter, PAGE_SIZE, len(self._rows))
        if not more:
            self._total = len(self._rows)
            return
        # Views may ask for more while they react to the insertion; they wait for this one.
        self._fetching = True
        try:
            self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows) + len(more) - 1)
            self._rows.extend(more)
            self.endInsertRows()
        finally:
            self._fetching = False

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
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        item = self._rows[index.row()]
        if role == ItemId:
            return item.id
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                item.when.display(),
                item.kind,
                item.title,
                ", ".join(self._track_names.get(t, t) for t in item.tracks),
                item.source_count,
            )[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 2:
            return item.title
        return None
