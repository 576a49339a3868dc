"""The Edit menu: undo and redo naming the step they take, the verbs that create, edit and
delete, and the session's history; each action with its stable object name and shortcut."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import QMainWindow, QMenu

from app.ui.editing.commands import REDO_KEYS, UNDO_KEYS

MakeAction = Callable[[str, Callable[[], object], str, str], QAction]
"""Makes a window action from its text, slot, shortcut and icon name."""


class EditVerbs(Protocol):
    """What the Edit menu asks for (`EditCommands`)."""

    def undo_stack(self) -> QUndoStack: ...
    def new_statement(self) -> object: ...
    def new_event(self) -> object: ...
    def edit_selected(self) -> object: ...
    def delete_selected(self) -> None: ...
    def show_steps(self) -> object: ...
    def find_duplicates(self) -> object: ...


@dataclass(frozen=True, slots=True)
class EditActions:
    undo: QAction
    redo: QAction
    new_statement: QAction
    new_event: QAction
    edit: QAction
    delete: QAction
    history: QAction
    duplicates: QAction


def fill_edit_menu(
    menu: QMenu, window: QMainWindow, make: MakeAction, editing: EditVerbs
) -> EditActions:
    stack = editing.undo_stack()
    undo = stack.createUndoAction(window, "&Undo")
    redo = stack.createRedoAction(window, "&Redo")
    for action, keys, icon in ((undo, UNDO_KEYS, "mdi6.undo"), (redo, REDO_KEYS, "mdi6.redo")):
        action.setShortcut(QKeySequence(keys))
        action.setProperty("iconName", icon)  # drawn with the others in the theme's colour
        window.addAction(action)
    actions = EditActions(
        undo,
        redo,
        make("New &statement…", editing.new_statement, "Ctrl+N", "mdi6.comment-quote-outline"),
        make("New &event…", editing.new_event, "Ctrl+Shift+N", "mdi6.calendar-plus"),
        make("&Edit…", editing.edit_selected, "F2", "mdi6.pencil"),
        make("&Delete", editing.delete_selected, "Delete", "mdi6.delete-outline"),
        make("&History…", editing.show_steps, "Ctrl+H", "mdi6.history"),
        make("Find likely &duplicates…", editing.find_duplicates, "", "mdi6.vector-combine"),
    )
    groups = (
        ((actions.undo, "actionUndo"), (actions.redo, "actionRedo")),
        ((actions.new_statement, "actionNewStatement"), (actions.new_event, "actionNewEvent")),
        ((actions.edit, "actionEdit"), (actions.delete, "actionDelete")),
        ((actions.history, "actionHistory"), (actions.duplicates, "actionFindDuplicates")),
    )
    for n, group in enumerate(groups):
        if n:
            menu.addSeparator()
        for action, name in group:
            action.setObjectName(name)
            menu.addAction(action)
    return actions
