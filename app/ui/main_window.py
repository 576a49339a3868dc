"""The main window: for now, what the database holds, in time order."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent, QKeySequence
from PySide6.QtWidgets import QHeaderView, QLabel, QMainWindow, QTableView

from app.ui.items_model import ItemsModel
from app.ui.session import Session

TITLE_COLUMN = 2
TRACKS_COLUMN = 3
TRACKS_WIDTH = 280


class MainWindow(QMainWindow):
    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.setWindowTitle(f"{session.path.name} — Backchannel")
        self.resize(1100, 700)
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
        self.setCentralWidget(self.table)
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
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.session.close()
        super().closeEvent(event)
