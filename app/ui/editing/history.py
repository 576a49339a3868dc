"""Two histories: the session's steps (what Undo and Redo walk, with the current one marked;
clicking a step goes back or forward to it), and one item's change log, which outlives the
session: when, what was done, and each field's old and new value, as plain text."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QTableWidget,
    QTableWidgetItem,
    QUndoView,
    QVBoxLayout,
    QWidget,
)

from app.store.changes import LogEntry

CELL_CHARACTERS = 120
NO_CHANGES = (
    "No change to this item has been recorded. Items as they came from the sample or an "
    "import have none until they are edited."
)


def steps_dialog(stack: QUndoStack, parent: QWidget) -> QDialog:
    """The session's steps; the window keeps one and shows it again."""
    dialog = QDialog(parent)
    dialog.setObjectName("stepsDialog")
    dialog.setWindowTitle("History of this session")
    view = QUndoView(stack, dialog)
    view.setObjectName("undoView")
    view.setAccessibleName("Steps of this session")
    view.setEmptyLabel("Opened")
    hint = QLabel("Click a step to go back (or forward) to just after it.", dialog)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, dialog)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    layout.addWidget(hint)
    layout.addWidget(view)
    layout.addWidget(buttons)
    dialog.resize(420, 420)
    return dialog


class ItemHistoryDialog(QDialog):
    """An item's change log, oldest first; the selected row's values in full below."""

    def __init__(self, title: str, entries: list[LogEntry], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("itemHistoryDialog")
        self.setWindowTitle(f"History — {_cell(title, 80)}")
        self.entries = entries
        self.table = QTableWidget(len(entries), 5, self)
        self.table.setObjectName("itemHistory")
        self.table.setAccessibleName("Changes to this item")
        self.table.setHorizontalHeaderLabels(["When", "Action", "Field", "Was", "Now"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        for column in range(3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        for column in (3, 4):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        for row, entry in enumerate(entries):
            values = (when(entry.at), entry.action, entry.field.capitalize(), entry.old, entry.new)
            for column, value in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(_cell(value or "—")))
        self.full = QPlainTextEdit(self)
        self.full.setObjectName("itemHistoryValues")
        self.full.setAccessibleName("The selected change in full")
        self.full.setReadOnly(True)
        self.full.setMaximumHeight(140)
        self.table.currentCellChanged.connect(lambda row, *_: self._show(row))
        empty = QLabel(NO_CHANGES, self)
        empty.setWordWrap(True)
        empty.setVisible(not entries)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(empty)
        layout.addWidget(self.table)
        layout.addWidget(self.full)
        layout.addWidget(buttons)
        self.resize(760, 440)
        if entries:
            self.table.selectRow(len(entries) - 1)

    def _show(self, row: int) -> None:
        if not 0 <= row < len(self.entries):
            return
        e = self.entries[row]
        self.full.setPlainText(
            f"{e.action} — {e.field.capitalize()}, {when(e.at)}\n\n"
            f"Was:\n{e.old if e.old is not None else '—'}\n\n"
            f"Now:\n{e.new if e.new is not None else '—'}"
        )


def when(at: str) -> str:
    """A logged moment (UTC, ISO) in the local time zone, as people read it."""
    try:
        moment = datetime.fromisoformat(at).astimezone()
    except ValueError:
        return at
    return moment.strftime("%d %b %Y %H:%M")


def _cell(text: str, length: int = CELL_CHARACTERS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1] + "…"
