"""When a record changed in another window or program since a form or an undo step read it:
both versions side by side, field by field, and the user's choice of which one stays."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.model import Actor, Event, Source, Statement, Track
from app.services.editing import Edit
from app.store.changes import Conflict, Record, Ref, as_text

SHORT = 60


def describe(record: Record | None, fallback: str) -> str:
    """A record as a sentence names it: 'the statement “We are ready…”', 'the event “Talks”'."""
    match record:
        case Statement():
            return f"the statement “{_short(record.text)}” ({record.date.display()})"
        case Event():
            return f"the event “{_short(record.title)}” ({record.when.display()})"
        case Actor():
            return f"the actor {record.name}"
        case Track():
            return f"the track {record.name}"
        case Source():
            return f"the source “{_short(record.title or record.url or record.id)}”"
    return fallback


def changed_records(conflict: Conflict) -> list[str]:
    """What changed since it was read, each named as `describe` names it."""
    named = []
    for (kind, id_), now in conflict.current.records.items():
        before = conflict.expected.records.get((kind, id_), now)
        if before != now:
            shown = describe(now if now is not None else before, f"{kind} {id_}")
            named.append(shown + (" (now deleted)" if now is None else ""))
    return named


class ConflictDialog(QDialog):
    """Theirs (what the database holds now) beside yours (the form); `keepTheirs` or
    `saveMine` says which the user chose. Closing it goes back to the form."""

    keepTheirs = Signal()
    saveMine = Signal()

    def __init__(self, edit: Edit, conflict: Conflict, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("conflictDialog")
        self.setWindowTitle("Changed in another window")
        ref: Ref = ("item", edit.item) if edit.item else next(iter(conflict.current.records))
        theirs = conflict.current.records.get(ref)
        mine = edit.after.get(ref)
        what = ", ".join(changed_records(conflict)) or describe(theirs, "this record")
        intro = QLabel(
            f"While you were editing, {what} was changed in another window or program. "
            "Which version should stay?",
            self,
        )
        intro.setObjectName("conflictMessage")
        intro.setTextFormat(Qt.TextFormat.PlainText)
        intro.setWordWrap(True)
        self.table = _versions(theirs, mine, self)
        buttons = QDialogButtonBox(self)
        keep = QPushButton("Keep theirs", self)
        keep.setObjectName("keepTheirs")
        keep.setToolTip("Discard your changes; the other version stays")
        save = QPushButton("Save mine", self)
        save.setObjectName("saveMine")
        save.setToolTip("Write your version over theirs")
        back = buttons.addButton("Back to editing", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.addButton(keep, QDialogButtonBox.ButtonRole.DestructiveRole)
        buttons.addButton(save, QDialogButtonBox.ButtonRole.AcceptRole)
        keep.clicked.connect(lambda: self._chosen(self.keepTheirs.emit))
        save.clicked.connect(lambda: self._chosen(self.saveMine.emit))
        back.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(760, 420)

    def _chosen(self, choice: Callable[[], object]) -> None:
        self.accept()
        choice()


def _versions(theirs: Record | None, mine: Record | None, parent: QWidget) -> QTableWidget:
    """One row per field; the fields that differ in bold. Every value is plain text."""
    shown = mine if mine is not None else theirs
    names = [f.name for f in fields(shown) if f.name != "id"] if shown is not None else []
    table = QTableWidget(len(names), 3, parent)
    table.setObjectName("conflictVersions")
    table.setAccessibleName("Their version and yours, field by field")
    table.setHorizontalHeaderLabels(["Field", "Theirs (now)", "Yours"])
    table.verticalHeader().hide()
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.setWordWrap(True)
    header = table.horizontalHeader()
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
    for column in (1, 2):
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
    bold = QFont(table.font())
    bold.setBold(True)
    for row, name in enumerate(names):
        a = _value(theirs, name, "(deleted)")
        b = _value(mine, name, "(deleted)")
        for column, text in enumerate((name.capitalize(), a, b)):
            cell = QTableWidgetItem(text)
            if a != b:
                cell.setFont(bold)
            table.setItem(row, column, cell)
    table.resizeRowsToContents()
    return table


def _value(record: Record | None, name: str, missing: str) -> str:
    if record is None:
        return missing
    return _short(as_text(getattr(record, name)) or "", 400)


def _short(text: str, length: int = SHORT) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1] + "…"
