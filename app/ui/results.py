"""The results list under the timeline, and the selection that the list, the canvas and the
side panel share: choosing an item in one selects it in the others and reads it in full, and
the side panel reads its item again when the database changes."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import numpy.typing as npt
from PySide6.QtCore import QEvent, QItemSelection, QItemSelectionModel, QModelIndex, QObject, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QHeaderView, QTableView, QWidget

from app.store.details import item_detail
from app.store.lookups import ids_of, key_of, keys_of
from app.ui.detail_panel import DetailPanel
from app.ui.items_model import DATE, KIND, MATCH, SOURCES, TITLE, TRACKS, ItemKey, ItemsModel
from app.ui.session import Session
from app.ui.snippet_delegate import SnippetDelegate
from app.ui.timeline.canvas import TimelineCanvas

TRACKS_WIDTH = 200
PLACEHOLDER_MARGIN = 24
COLUMN_WIDTHS = ((DATE, 130), (KIND, 90), (TITLE, 380), (TRACKS, TRACKS_WIDTH), (SOURCES, 64))


class ResultsTable(QTableView):
    """The results list; when it has no rows it says why over its empty page (the window
    sets the words: no items match, or a search that could not run)."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self._placeholder = ""

    def placeholder_text(self) -> str:
        return self._placeholder

    def set_placeholder_text(self, text: str) -> None:
        self._placeholder = text
        self.viewport().update()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        model = self.model()
        if not self._placeholder or model is None or model.rowCount() > 0:
            return
        painter = QPainter(self.viewport())
        painter.setPen(self.palette().placeholderText().color())
        room = self.viewport().rect().adjusted(PLACEHOLDER_MARGIN, 0, -PLACEHOLDER_MARGIN, 0)
        painter.drawText(
            room,
            Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
            self._placeholder,
        )
        painter.end()


def results_table(model: ItemsModel, parent: QWidget) -> ResultsTable:
    table = ResultsTable(parent)
    table.setObjectName("resultsTable")
    table.setAccessibleName("Items in the current filter")
    table.setModel(model)
    table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    # Shift/Ctrl-click, Shift+arrows and Ctrl+A take several rows for the bulk verbs; the
    # timeline and the side panel follow the current row.
    table.setSelectionMode(QTableView.SelectionMode.ExtendedSelection)
    table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
    table.setAlternatingRowColors(True)
    table.setSortingEnabled(True)
    table.sortByColumn(DATE, Qt.SortOrder.AscendingOrder)
    table.verticalHeader().hide()
    table.setWordWrap(False)
    table.verticalHeader().setDefaultSectionSize(parent.fontMetrics().height() + 8)
    table.setItemDelegateForColumn(MATCH, SnippetDelegate(table))
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    for column, width in COLUMN_WIDTHS:
        header.resizeSection(column, width)
    # A wider window widens what is worth reading, the titles and a search's matches; not
    # the count of sources.
    for column in (TITLE, MATCH):
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
    table.installEventFilter(_NarrowColumns(table))
    return table


class _NarrowColumns(QObject):
    """In a narrow table, the date, kind and tracks columns give way so the titles keep
    room."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if isinstance(event, QResizeEvent) and isinstance(watched, QTableView):
            width = event.size().width()
            header = watched.horizontalHeader()
            header.resizeSection(DATE, max(100, min(130, round(width * 0.18))))
            header.resizeSection(KIND, max(70, min(90, round(width * 0.1))))
            header.resizeSection(TRACKS, max(90, min(TRACKS_WIDTH, round(width * 0.2))))
        return False


class Selection(QObject):
    """Keeps the canvas, the results list and the side panel on the same item."""

    def __init__(
        self,
        session: Session,
        canvas: TimelineCanvas,
        table: QTableView,
        detail: DetailPanel,
        closed: Callable[[], bool],
    ) -> None:
        super().__init__(table)
        self._session = session
        self._canvas = canvas
        self._table = table
        self._detail = detail
        self._closed = closed
        self._syncing = False
        model = table.model()
        assert isinstance(model, ItemsModel)
        self._model = model
        canvas.itemSelected.connect(self._canvas_selected)
        table.selectionModel().currentRowChanged.connect(self._table_selected)
        detail.itemChosen.connect(self.show_item)
        session.changed.connect(self._database_changed)

    @property
    def canvas(self) -> TimelineCanvas:
        return self._canvas

    @property
    def table(self) -> QTableView:
        return self._table

    @property
    def detail(self) -> DetailPanel:
        return self._detail

    def chosen(self) -> list[str]:
        """The items the Edit menu's verbs act on, in list order: the rows selected, or else
        the one read in the side panel (an item the Filter leaves out, reached by a link)."""
        rows = self._selected_rows()
        if len(rows):
            return ids_of(self._session.db, self._model.keys_at(rows).tolist())
        return self.current()

    def current(self) -> list[str]:
        """The item read in the side panel (the one F2 edits), if any."""
        shown = self._detail.detail
        return [] if shown is None else [shown.record.id]

    def select_ids(self, item_ids: list[str]) -> None:
        """Select the rows of these items (those the Filter still lists), keeping the
        current row: a bulk change leaves its items selected for the next one."""
        keys = np.array(keys_of(self._session.db, item_ids), dtype=np.int64)
        rows = self._model.rows_of(keys)
        if len(rows) == 0:
            return
        last = self._model.columnCount() - 1
        chosen = QItemSelection()
        for first, end in _runs(rows):
            chosen.select(self._model.index(first, 0), self._model.index(end, last))
        self._table.selectionModel().select(
            chosen, QItemSelectionModel.SelectionFlag.ClearAndSelect
        )

    def show_item(self, item_id: str) -> None:
        """Select an item by id wherever it is shown, and read it in the side panel."""
        key = key_of(self._session.db, item_id)
        if key is not None and self._model.row_of(key) is not None:
            self._canvas.select(key, reveal=True)
        else:  # not in the current filter: read it all the same, and it alone is chosen
            self._table.clearSelection()
            self._detail.show_detail(item_detail(self._session.db, item_id))

    def step(self, step: int) -> None:
        """Move to the next (or previous) result; the timeline centres it."""
        rows = self._model.rowCount()
        if rows == 0:
            return
        current = self._table.currentIndex()
        row = current.row() + step if current.isValid() else (0 if step > 0 else rows - 1)
        self._table.selectRow(min(rows - 1, max(0, row)))

    def select_row_of(self, key: int) -> None:
        row = self._model.row_of(key)
        if row is None:
            return
        self._syncing = True
        try:
            index = self._model.index(row, 0)
            self._table.selectionModel().setCurrentIndex(
                index,
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
            self._table.scrollTo(index)
        finally:
            self._syncing = False

    def filter_applied(self) -> None:
        """A new Filter is shown everywhere: the side panel lets go of an item it leaves out
        (and keeps one it still holds)."""
        shown = self._detail.detail
        if shown is None:
            return
        key = key_of(self._session.db, shown.record.id)
        if key is None or self._model.row_of(key) is None:
            self._detail.show_detail(None)

    def _selected_rows(self) -> npt.NDArray[np.int64]:
        """The selected rows, ascending, read from the selection's ranges (Ctrl+A over a
        million rows is one range, not a million indexes)."""
        ranges = self._table.selectionModel().selection()
        spans = [
            np.arange(span.top(), span.bottom() + 1, dtype=np.int64)
            for span in (ranges.at(n) for n in range(ranges.size()))
        ]
        rows = np.unique(np.concatenate(spans)) if spans else np.zeros(0, dtype=np.int64)
        return rows[rows < self._model.rowCount()]

    def _database_changed(self) -> None:
        """The item read in the side panel may have changed: read it again."""
        shown = self._detail.detail
        if shown is not None:
            self._detail.show_detail(item_detail(self._session.db, shown.record.id))

    def _canvas_selected(self, item_id: str) -> None:
        if self._closed():
            return
        self._detail.show_detail(item_detail(self._session.db, item_id))
        key = self._canvas.scene.selected
        if key is not None and not self._syncing:
            self.select_row_of(key)

    def _table_selected(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._closed() or self._syncing or not current.isValid():
            return
        key = self._model.data(current, ItemKey)
        if not isinstance(key, int):
            return
        self._syncing = True
        try:
            self._canvas.select(int(key), reveal=True)
        finally:
            self._syncing = False


def _runs(rows: npt.NDArray[np.int64]) -> list[tuple[int, int]]:
    """Ascending rows as runs of consecutive ones, (first, last) each."""
    breaks = np.flatnonzero(np.diff(rows) != 1)
    firsts = np.concatenate(([0], breaks + 1))
    lasts = np.concatenate((breaks, [len(rows) - 1]))
    return [(int(rows[f]), int(rows[e])) for f, e in zip(firsts, lasts, strict=True)]
