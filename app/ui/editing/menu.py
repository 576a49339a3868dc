"""The Edit menu: undo and redo naming the step they take, the verbs that create, edit and
delete, those that tag, put on a track or set the kind of every selected item, and the
session's history; each action with its stable object name and shortcut. The results list's
right-click menu offers the verbs on selected items."""

from __future__ import annotations

from collections.abc import Callable, Sequence
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
    def tag_selected(self) -> object: ...
    def add_to_track(self) -> object: ...
    def remove_from_track(self) -> object: ...
    def set_kind(self) -> object: ...
    def offer_in_list(self, groups: Sequence[Sequence[QAction]]) -> None: ...
    def show_steps(self) -> object: ...
    def find_duplicates(self) -> object: ...
    def manage_records(self) -> object: ...


@dataclass(frozen=True, slots=True)
class EditActions:
    undo: QAction
    redo: QAction
    new_statement: QAction
    new_event: QAction
    edit: QAction
    delete: QAction
    tag: QAction
    add_to_track: QAction
    remove_from_track: QAction
    set_kind: QAction
    history: QAction
    duplicates: QAction
    records: QAction


def _verbs(editing: EditVerbs) -> list[tuple[str, Callable[[], object], str, str]]:
    """The Edit menu's verbs after Undo and Redo, in `EditActions` order: text, slot,
    shortcut and icon."""
    return [
        ("New &statement…", editing.new_statement, "Ctrl+N", "mdi6.comment-quote-outline"),
        ("New &event…", editing.new_event, "Ctrl+Shift+N", "mdi6.calendar-plus"),
        ("&Edit…", editing.edit_selected, "F2", "mdi6.pencil"),
        ("&Delete", editing.delete_selected, "Delete", "mdi6.delete-outline"),
        ("&Tag selected…", editing.tag_selected, "Ctrl+T", "mdi6.tag-outline"),
        ("&Add to track…", editing.add_to_track, "Ctrl+Shift+T", "mdi6.playlist-plus"),
        ("Re&move from track…", editing.remove_from_track, "Ctrl+Shift+R", "mdi6.playlist-remove"),
        ("Set &kind…", editing.set_kind, "Ctrl+Shift+K", "mdi6.shape-outline"),
        ("&History…", editing.show_steps, "Ctrl+H", "mdi6.history"),
        ("Find likely &duplicates…", editing.find_duplicates, "Ctrl+Shift+D",
         "mdi6.vector-combine"),
        ("Actors, tracks and &sources…", editing.manage_records, "Ctrl+Shift+A",
         "mdi6.account-multiple-outline"),
    ]  # fmt: skip


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
    actions = EditActions(undo, redo, *(make(*verb) for verb in _verbs(editing)))
    groups = (
        ((actions.undo, "actionUndo"), (actions.redo, "actionRedo")),
        ((actions.new_statement, "actionNewStatement"), (actions.new_event, "actionNewEvent")),
        ((actions.edit, "actionEdit"), (actions.delete, "actionDelete")),
        (
            (actions.tag, "actionTagSelected"),
            (actions.add_to_track, "actionAddToTrack"),
            (actions.remove_from_track, "actionRemoveFromTrack"),
            (actions.set_kind, "actionSetKind"),
        ),
        (
            (actions.history, "actionHistory"),
            (actions.duplicates, "actionFindDuplicates"),
            (actions.records, "actionRecords"),
        ),
    )
    for n, group in enumerate(groups):
        if n:
            menu.addSeparator()
        for action, name in group:
            action.setObjectName(name)
            menu.addAction(action)
    editing.offer_in_list(
        (
            (actions.edit, actions.tag),
            (actions.add_to_track, actions.remove_from_track, actions.set_kind),
            (actions.delete,),
        )
    )
    return actions
