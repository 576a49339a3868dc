"""The Edit menu's verbs, for one window: new statement and event, edit what is selected, and
tag, put on a track, set the kind of or delete every item selected; the session's steps and an
item's change log. Each write goes through the services and the store, becomes one undo step
whatever the count, and makes the window read everything again."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, SignalInstance
from PySide6.QtGui import QAction, QMouseEvent, QUndoStack
from PySide6.QtWidgets import QDialog, QMainWindow, QMenu, QMessageBox

from app.core.model import Event
from app.services.editing import (
    Edit,
    FieldError,
    apply,
    delete_edit,
    events_among,
    kind_edit,
    tags_edit,
    tracks_edit,
)
from app.store import StoreError
from app.store.changes import Change, history, read_state
from app.store.details import item_detail
from app.store.lookups import key_of, tag_names, track_choices
from app.store.writer import DataError
from app.ui.duplicates_dialog import DuplicatesDialog
from app.ui.editing.bulk import (
    BulkDialog,
    PickDialog,
    Said,
    TagDialog,
    items,
    kind_dialog,
    kind_said,
    tag_said,
    track_dialog,
    track_said,
)
from app.ui.editing.event_dialog import EventDialog
from app.ui.editing.form import FormDialog
from app.ui.editing.history import ItemHistoryDialog, steps_dialog
from app.ui.editing.records_dialog import RecordsDialog
from app.ui.editing.statement_dialog import StatementDialog
from app.ui.editing.undo import EditHistory
from app.ui.editing.writing import written
from app.ui.items_model import ItemId
from app.ui.results import Selection
from app.ui.session import Session
from app.ui.timeline.canvas import TimelineCanvas

STATUS_MS = 8000
UNDO_KEYS, REDO_KEYS = "Ctrl+Z", "Ctrl+Shift+Z"


class EditCommands(QObject):
    """Acts on what `selection` holds, and opens an item for editing on a double-click in the
    list or on the timeline or from the side panel's buttons; `loaded` fires when the window
    has read the database again."""

    def __init__(
        self, session: Session, window: QMainWindow, selection: Selection, loaded: SignalInstance
    ) -> None:
        super().__init__(window)
        self._session = session
        self._window = window
        self._selection = selection
        self._selected = selection.chosen
        self._show_item = selection.show_item
        self._loaded = loaded
        selection.detail.editRequested.connect(self.edit_item)
        selection.detail.historyRequested.connect(self.item_history)
        selection.canvas.installEventFilter(_DoubleClickOnItem(self.edit_item, selection.canvas))
        selection.table.doubleClicked.connect(lambda index: self.edit_item(str(index.data(ItemId))))
        selection.table.customContextMenuRequested.connect(self._list_menu_at)
        self.history = EditHistory(lambda: session.db, self._show_after_reading, self._report,
                                   window)  # fmt: skip
        self.dialog: FormDialog | None = None
        """The form opened last (the tests and the window reach it here)."""
        self.problem: QMessageBox | None = None
        """The last message saying why an undo, a redo or a delete was not done."""
        self._steps: QDialog | None = None
        self.bulk_dialog: TagDialog | PickDialog | None = None
        """The bulk verb's dialog opened last."""
        self.list_menu: QMenu | None = None
        """The results list's right-click menu shown last."""
        self._list_actions: Sequence[Sequence[QAction]] = ()

    def undo_stack(self) -> QUndoStack:
        return self.history.stack

    def new_statement(self) -> FormDialog:
        return self._open(StatementDialog(self._session.db, self._saved, self._window))

    def new_event(self) -> FormDialog:
        return self._open(EventDialog(self._session.db, self._saved, self._window))

    def edit_selected(self) -> FormDialog | None:
        ids = self._selection.current() or self._selected()
        if not ids:
            self._status("Select an item to edit it")
            return None
        return self.edit_item(ids[0])

    def edit_item(self, item_id: str) -> FormDialog | None:
        db = self._session.db
        detail = item_detail(db, item_id)
        if detail is None:
            self._status("That item is no longer in the database")
            return None
        seen = read_state(db, [("item", item_id)])
        form = EventDialog if isinstance(detail.record, Event) else StatementDialog
        names = self._session.names()
        return self._open(form(db, self._saved, self._window, detail, seen, names))

    def delete_selected(self) -> None:
        """Delete at once, no question asked: the status bar says how to take it back."""
        ids = self._selected()
        if not ids:
            self._status("Select an item to delete it")
            return
        done = f"Deleted {items(len(ids))} — {UNDO_KEYS} to undo"
        self.apply_edit(delete_edit(self._session.db, ids), done)

    def tag_selected(self) -> TagDialog | None:
        ids = self._chosen_or_say("tag them")
        if not ids:
            return None
        db = self._session.db

        def submit(tag: str, add: bool) -> str | None:
            return self._bulk(ids, lambda: tags_edit(db, ids, tag, add), tag_said(tag, add=add))

        return self._open_bulk(TagDialog(len(ids), tag_names(db), submit, self._window))

    def add_to_track(self) -> PickDialog | None:
        return self._track_dialog(add=True)

    def remove_from_track(self) -> PickDialog | None:
        return self._track_dialog(add=False)

    def set_kind(self) -> PickDialog | None:
        """Events only: a selection of statements alone is refused before anything opens."""
        ids = self._chosen_or_say("set their kind")
        if not ids:
            return None
        db = self._session.db
        try:
            events = len(events_among(db, ids))
        except FieldError as error:
            self._report(f"Could not set the kind: {error}")
            return None
        kept = events < len(ids)

        def submit(kind: str) -> str | None:
            return self._bulk(ids, lambda: kind_edit(db, ids, kind), kind_said(kind, kept))

        return self._open_bulk(kind_dialog(events, kept, submit, self._window))

    def offer_in_list(self, groups: Sequence[Sequence[QAction]]) -> None:
        """The results list's right-click menu holds these actions, a line between groups."""
        self._list_actions = groups

    def apply_edit(
        self, edit: Edit, done: str | None = None, keep: Sequence[str] = ()
    ) -> Change | None:
        """Write an edit as one undo step; every view reads again and `done`, if given, is
        said in the status bar; the rows of `keep` stay selected. A refusal is said instead,
        and nothing is written."""
        try:
            change = written(self._window, self._session.db, lambda db: apply(db, edit))
        except (FieldError, DataError, StoreError, sqlite3.Error) as error:
            self._report(f"“{edit.label}” was not done: {error}")
            return None
        self.history.record(change, edit.item)
        if done:
            self._loaded.connect(
                lambda _n: self._status(done), Qt.ConnectionType.SingleShotConnection
            )
        if keep:
            self._loaded.connect(
                lambda _n: self._selection.select_ids(list(keep)),
                Qt.ConnectionType.SingleShotConnection,
            )
        self._show_after_reading(edit.item)
        return change

    def find_duplicates(self) -> DuplicatesDialog:
        dialog = DuplicatesDialog(self._session.path, self._session.db, self._window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.mergeChosen.connect(lambda edit: self.apply_edit(edit, f"{edit.label} — done"))
        dialog.open()
        return dialog

    def manage_records(self) -> RecordsDialog:
        """Actors, tracks and sources; the lists read again whenever the window has."""

        def apply_here(edit: Edit) -> None:
            self.apply_edit(edit, f"{edit.label} — done")

        dialog = RecordsDialog(self._session.db, self._saved, apply_here, self._window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def follow(_count: int) -> None:
            dialog.refresh()

        self._loaded.connect(follow)
        dialog.finished.connect(lambda _result: self._loaded.disconnect(follow))
        dialog.open()
        return dialog

    def show_steps(self) -> QDialog:
        if self._steps is None:
            self._steps = steps_dialog(self.history.stack, self._window)
        self._steps.show()
        self._steps.raise_()
        return self._steps

    def item_history(self, item_id: str) -> ItemHistoryDialog:
        db = self._session.db
        detail = item_detail(db, item_id)
        title = item_id
        if detail is not None:
            record = detail.record
            title = record.title if isinstance(record, Event) else record.text
        dialog = ItemHistoryDialog(title, history(db, "item", item_id), self._window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def _track_dialog(self, *, add: bool) -> PickDialog | None:
        ids = self._chosen_or_say("put them on a track" if add else "take them off a track")
        if not ids:
            return None
        db = self._session.db
        names = {t.id: t.name for t in track_choices(db)}
        if not names:
            self._status("There are no tracks yet: name one in an event's or statement's form")
            return None

        def submit(track: str) -> str | None:
            said = track_said(names[track], add=add)
            return self._bulk(ids, lambda: tracks_edit(db, ids, track, add=add), said)

        dialog = track_dialog(list(names.items()), len(ids), submit, self._window, add=add)
        return self._open_bulk(dialog)

    def _bulk(self, ids: list[str], make: Callable[[], Edit], said: Said) -> str | None:
        """Write a bulk edit as one step and say what it did, or that there was nothing to
        do; the items stay selected. Why it was refused (nothing written), else None."""
        try:
            edit = make()
        except FieldError as error:
            return str(error)
        if not edit.after:
            self._status(said.unchanged)
            return None
        self.apply_edit(edit, f"{said.done(len(edit.after))} — {UNDO_KEYS} to undo", keep=ids)
        return None

    def _chosen_or_say(self, verb: str) -> list[str]:
        ids = self._selected()
        if not ids:
            self._status(f"Select items first to {verb}: Shift- or Ctrl-click rows in the list")
        return ids

    def _open_bulk(self, dialog: BulkDialog) -> BulkDialog:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.bulk_dialog = dialog
        dialog.finished.connect(lambda _result: self._bulk_closed(dialog))
        dialog.open()
        return dialog

    def _bulk_closed(self, dialog: QDialog) -> None:
        if self.bulk_dialog is dialog:
            self.bulk_dialog = None

    def _list_menu_at(self, point: QPoint) -> None:
        menu = QMenu(self._selection.table)
        menu.setObjectName("resultsMenu")
        for n, group in enumerate(self._list_actions):
            if n:
                menu.addSeparator()
            menu.addActions(list(group))
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.list_menu = menu
        menu.popup(self._selection.table.viewport().mapToGlobal(point))

    def _open(self, dialog: FormDialog) -> FormDialog:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog
        dialog.finished.connect(lambda _result: self._closed(dialog))
        dialog.open()
        return dialog

    def _closed(self, dialog: FormDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None

    def _saved(self, change: Change | None, item: str | None) -> None:
        if change is not None:
            self.history.record(change, item)
        self._show_after_reading(item)

    def _show_after_reading(self, item: str | None) -> None:
        """Every view reads again; then the item is selected, if it (still) exists."""
        if item is not None:
            self._loaded.connect(
                lambda _n: self._select(item), Qt.ConnectionType.SingleShotConnection
            )
        self._session.database_changed()

    def _select(self, item: str) -> None:
        if key_of(self._session.db, item) is not None:
            self._show_item(item)

    def _report(self, message: str) -> None:
        """Said in the status bar and in a box that does not block the window."""
        self._status(message)
        box = QMessageBox(
            QMessageBox.Icon.Warning, "Backchannel", message, QMessageBox.StandardButton.Ok,
            self._window,
        )  # fmt: skip
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.open()
        self.problem = box

    def _status(self, text: str) -> None:
        self._window.statusBar().showMessage(text, STATUS_MS)


class _DoubleClickOnItem(QObject):
    """A double-click on an item of the timeline opens it for editing (elsewhere the
    timeline zooms in, as it always did)."""

    def __init__(self, edit: Callable[[str], object], canvas: TimelineCanvas) -> None:
        super().__init__(canvas)
        self._edit = edit

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.MouseButtonDblClick:
            return False
        if not isinstance(watched, TimelineCanvas) or not isinstance(event, QMouseEvent):
            return False
        frame, point = watched.frame, event.position()
        index = None if frame is None else frame.hits.at(point.x(), point.y())
        if frame is None or index is None or frame.hit_targets[index][0] != "item":
            return False
        self._edit(watched.scene.texts.item_id(frame.hit_targets[index][1]))
        return True
