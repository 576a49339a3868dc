"""The window's undo stack: one command per change the store wrote. A command is pushed after
its change is written, so its first redo does nothing; later ones write through the store, which
refuses (and writes nothing) when another window or program changed the records since. Such a
step is taken off the stack, so what is left can still be undone and redone."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

import sqlite_utils
from PySide6.QtGui import QUndoCommand, QUndoStack
from PySide6.QtWidgets import QWidget

from app.store import StoreError
from app.store.changes import Change, Conflict, redo, undo
from app.store.writer import DataError
from app.ui.editing.conflict import changed_records
from app.ui.editing.writing import written

Written = Callable[[str | None], None]
"""Told after each undo or redo, with the item to show if it still exists."""
Report = Callable[[str], None]


class ChangeCommand(QUndoCommand):
    def __init__(self, history: EditHistory, change: Change, item: str | None) -> None:
        super().__init__(change.label)
        self.change = change
        self.item = item or next((id_ for kind, id_ in change.refs if kind == "item"), None)
        self._history = history
        self._written = True

    def redo(self) -> None:
        if self._written:  # pushed just after the store wrote it
            self._written = False
            return
        self._history.run(self, redo, "redo")

    def undo(self) -> None:
        self._history.run(self, undo, "undo")


class EditHistory:
    """The session's changes, newest last. `written(item)` runs after each undo or redo (the
    window reads again and shows the item); `report(message)` says why one could not be done."""

    def __init__(
        self,
        db: Callable[[], sqlite_utils.Database],
        written: Written,
        report: Report,
        parent: QWidget,
    ) -> None:
        self._db = db
        self._written = written
        self._report = report
        self._parent = parent
        self.stack = QUndoStack(parent)
        self.stack.setObjectName("undoStack")

    def record(self, change: Change, item: str | None) -> None:
        """A change just written becomes the newest step."""
        self.stack.push(ChangeCommand(self, change, item))

    def run(
        self,
        command: ChangeCommand,
        step: Callable[[sqlite_utils.Database, Change], None],
        verb: str,
    ) -> None:
        label = command.change.label
        try:
            written(self._parent, self._db(), lambda db: step(db, command.change))
        except Conflict as conflict:
            what = ", ".join(changed_records(conflict)) or "its records"
            self._refused(
                command,
                f"Could not {verb} “{label}”: {what} changed in another window or program "
                "since. Nothing was changed; the step was taken off the undo list.",
            )
            return
        except (DataError, StoreError, sqlite3.Error) as error:
            self._refused(
                command,
                f"Could not {verb} “{label}”: {error} Nothing was changed; the step was taken "
                "off the undo list.",
            )
            return
        self._written(command.item)

    def _refused(self, command: ChangeCommand, message: str) -> None:
        command.setObsolete(True)  # the stack drops it once this call returns
        self._written(None)  # what the other window wrote is shown
        self._report(message)
