"""What the statement and event forms share: labelled fields with room for a message under
each, the analyst's own tags and note, and Save, which builds the edit through the services,
writes it against what the form was opened on, and shows what went wrong where it went wrong,
keeping everything typed."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

import sqlite_utils
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.core.model import Event, Statement
from app.services.editing import Edit, FieldError, apply
from app.store import StoreError
from app.store.changes import Change, Conflict, State
from app.store.writer import DataError
from app.ui.editing import choices
from app.ui.editing.conflict import ConflictDialog
from app.ui.editing.fields import SEPARATOR, NameCompleter, names_in
from app.ui.editing.writing import written

TAGS_HINT = f"Your tags, separated by {SEPARATOR}  (brief{SEPARATOR} to check)"
Saved = Callable[[Change | None, str | None], None]
"""Told of the change written, with the item to show once it is done; or of None when the
user kept another window's version of the record instead (the window reads it again)."""


class FormDialog(QDialog):
    """A form over one record. Subclasses add their fields and say how the form becomes an
    `Edit`; `seen` is the record as it was read when the form opened (None for a new one)."""

    def __init__(
        self,
        db: sqlite_utils.Database,
        title: str,
        seen: State | None,
        saved: Saved,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.seen = seen
        self._saved = saved
        self._fields: dict[str, tuple[QWidget, QLabel]] = {}
        self.conflict: ConflictDialog | None = None
        self.setWindowTitle(title)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.problem = _message_label(self, "formProblem")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, self.save)

    def add_field(
        self, label: str, widget: QWidget, focus: QWidget | None = None, *, grow: bool = False
    ) -> None:
        """A row: the visible label, the field (named for screen readers as labelled) and a
        message under it, hidden until Save finds something wrong there. Only a `grow` field
        takes the height a taller window gives."""
        focus = focus or widget
        focus.setAccessibleName(label)
        if isinstance(focus, QPlainTextEdit):
            focus.setTabChangesFocus(True)
        caption = QLabel(f"{label}:", self)
        caption.setBuddy(focus)
        error = _message_label(self, f"{label.lower()}Problem")
        box = QWidget(self)
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        column.addWidget(error)
        if not grow:
            box.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.form.addRow(caption, box)
        if self._fields:  # Tab goes down the form in the order it reads
            last = list(self._fields.values())[-1][0]
            QWidget.setTabOrder(last, focus)
        self._fields[label] = (focus, error)

    def add_tags_and_note(self, words: str) -> None:
        """The analyst's own fields, last: tags (completed from those already in use, case
        aside) and a note, kept apart from the record's `words` ("the statement's words")."""
        self.tags = QLineEdit(self)
        self.tags.setPlaceholderText(TAGS_HINT)
        NameCompleter(self.tags, choices.tags(self.db), several=True)
        self.note = QPlainTextEdit(self)
        self.note.setPlaceholderText(
            f"Your own note: kept apart from {words}, never exported as the source's"
        )
        self.add_field("Tags", self.tags)
        self.add_field("Note", self.note)
        self.note.setFixedHeight(64)

    def fill_annotations(self, record: Event | Statement) -> None:
        """The last of a stored item's fields to fill (then every line shows its start)."""
        self.tags.setText(f"{SEPARATOR} ".join(record.tags))
        self.note.setPlainText(record.note or "")
        self.show_from_start()

    def annotations(self) -> tuple[str, tuple[str, ...]]:
        """The note and tags as typed: an empty field clears the record's."""
        return self.note.toPlainText(), names_in(self.tags.text())

    def show_from_start(self) -> None:
        """Stored values shown from their start: a long title would otherwise show its end."""
        for line in self.findChildren(QLineEdit):
            line.setCursorPosition(0)

    def field_error(self, label: str) -> str:
        """The message shown on a field, or "" (for tests and screen readers)."""
        error = self._fields[label][1]
        return error.text() if error.isVisibleTo(self) else ""

    def build_edit(self) -> Edit:
        raise NotImplementedError

    def save(self) -> None:
        """Write the form, or show why not and leave everything as typed."""
        for line in self.findChildren(QLineEdit):  # a list left open would keep the focus
            popup = line.completer().popup() if line.completer() is not None else None
            if popup is not None:
                popup.hide()
        self._clear_problems()
        try:
            edit = self.build_edit()
        except FieldError as error:
            self.show_field_error(error.field, str(error))
            return
        self.write(edit, self.seen)

    def write(self, edit: Edit, seen: State | None) -> None:
        try:
            change = written(self, self.db, lambda db: apply(db, edit, seen))
        except Conflict as conflict:
            current = conflict.current
            self.conflict = ConflictDialog(edit, conflict, self)
            self.conflict.keepTheirs.connect(self._keep_theirs)
            self.conflict.saveMine.connect(lambda: self.write(edit, current))
            self.conflict.open()
            return
        except (DataError, StoreError, sqlite3.Error) as error:
            self.problem.setText(f"Not saved: {error}")
            self.problem.show()
            return
        self.accept()
        self._saved(change, edit.item)

    def _keep_theirs(self) -> None:
        """The other version stays: nothing of this form is written; the window reads again."""
        self.reject()
        self._saved(None, None)

    def show_field_error(self, label: str, message: str) -> None:
        field = self._fields.get(label)
        if field is None:  # a field this form does not have: say it under the form
            self.problem.setText(f"{label}: {message}")
            self.problem.show()
            return
        focus, error = field
        error.setText(message)
        error.show()
        focus.setFocus(Qt.FocusReason.OtherFocusReason)

    def _clear_problems(self) -> None:
        self.problem.hide()
        for _focus, error in self._fields.values():
            error.hide()


def _message_label(parent: QWidget, name: str) -> QLabel:
    """A message that may quote what the user typed: always plain text, never markup."""
    label = QLabel(parent)
    label.setObjectName(name)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setStyleSheet("font-weight: bold")
    label.hide()
    return label
