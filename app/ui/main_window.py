"""The main window: the timeline above, every item in time order below."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent, QKeySequence
from PySide6.QtWidgets import QHeaderView, QLabel, QMainWindow, QSplitter, QTableView

from app.core.filter import Filter
from app.store.columns import load_columns
from app.ui.items_model import ItemId, ItemsModel
from app.ui.session import Session
from app.ui.theme import system_theme
from app.ui.timeline.canvas import TimelineCanvas
from app.ui.timeline.texts import StoreTexts

TITLE_COLUMN = 2
TRACKS_COLUMN = 3
TRACKS_WIDTH = 280


class MainWindow(QMainWindow):
    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.setWindowTitle(f"{session.path.name} — Backchannel")
        self.resize(1280, 820)
        self.items_model = ItemsModel(session, self)
        self.table = QTableView(self)
        self.table.setObjectName("resultsTable")
        self.table.setAccessibleName("Items in time order")
        self.table.setModel(self.items_model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(TITLE_COLUMN, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(TRACKS_COLUMN, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(TRACKS_COLUMN, TRACKS_WIDTH)
        self.timeline = TimelineCanvas(
            load_columns(session.db, Filter()), StoreTexts(session.db), system_theme(), self
        )
        self.timeline.itemSelected.connect(self._show_selected)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.timeline)
        splitter.addWidget(self.table)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        self.setCentralWidget(splitter)
        n = session.counts()
        self.summary = QLabel(
            f"{n.events} events · {n.statements} statements · {n.actors} actors · "
            f"{n.tracks} tracks · {n.sources} sources"
        )
        self.statusBar().addWidget(self.summary)
        self.statusBar().addPermanentWidget(QLabel(str(session.path)))
        quit_action = self.menuBar().addMenu("&File").addAction("&Quit")
        quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        quit_action.triggered.connect(self.close)
        self.addAction(quit_action)
        self.timeline.setFocus(Qt.FocusReason.OtherFocusReason)

    def _show_selected(self, item_id: str) -> None:
        """Until the side panel exists, the status bar names the selected item and the list
        scrolls to it when it has been fetched."""
        model = self.items_model
        for row in range(model.rowCount()):
            index = model.index(row, 0)
            if model.data(index, ItemId) == item_id:
                self.table.selectRow(row)
                self.table.scrollTo(index)
                self.statusBar().showMessage(str(model.data(model.index(row, 2))), 8000)
                return
        self.statusBar().showMessage(item_id, 8000)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.session.close()
        super().closeEvent(event)
