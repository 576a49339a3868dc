"""The Views menu's verbs: save what the window shows under a name, recall a saved view (its
filters, search, lanes and time window), rename and delete them, and go back to what was shown
before a recall. The views live in the database (`services.views`), so they travel with it and
the command line's `--view` finds them.

A recall replaces what is shown, which was perhaps never saved: *Previous view* brings it back,
and pressed again returns to the view recalled, as a browser's Back does."""

from __future__ import annotations

import sqlite3

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QMessageBox, QWidget

from app.core.views import SavedView, summary
from app.services.views import (
    ViewError,
    delete,
    existing,
    listed_views,
    recall,
    rename,
    save_view,
    window_view_filter,
)
from app.store import StoreError
from app.ui.filter_panel import FilterPanel
from app.ui.session import Session
from app.ui.timeline.pane import TimelinePane
from app.ui.view_dialogs import ManageViewsDialog, SaveViewDialog
from app.ui.window_state import current_view

NUMBERED = 9
"""The first views in the menu are recalled with Ctrl+1 … Ctrl+9."""
STATUS_MS = 5000


class SavedViews:
    def __init__(
        self,
        window: QMainWindow,
        session: Session,
        timeline: TimelinePane,
        panel: FilterPanel,
    ) -> None:
        self._window = window
        self._session = session
        self._view = timeline.view
        self._timeline = timeline
        self._panel = panel
        self._previous: SavedView | None = None
        """What was shown before the last recall (or before *Previous view* went back)."""
        self._pending: tuple[tuple[float, float] | None, str] | None = None
        """The time window and status message of a view shown, until its items are read."""
        self._following_loads = False
        self._listed: list[QAction] = []
        self._menu: tuple[QMenu, QAction] | None = None
        self.message: QMessageBox | None = None
        """The last box that said something went wrong, or what a recall could not find."""

    # What the menu offers

    def list_views(self, menu: QMenu, previous: QAction) -> None:
        """The saved views at the end of `menu`, the first nine with Ctrl+1…9; `previous`
        enabled when there is a view to go back to."""
        self._menu = (menu, previous)
        previous.setEnabled(self._previous is not None)
        for action in self._listed:
            menu.removeAction(action)
            self._window.removeAction(action)
            action.deleteLater()
        self._listed = []
        views = self.views()
        for number, (name, said) in enumerate(views, start=1):
            action = QAction(_menu_text(name), self._window)
            action.setToolTip(said)
            action.setStatusTip(said)
            action.setData(name)
            if number <= NUMBERED:
                action.setShortcut(f"Ctrl+{number}")
            action.triggered.connect(lambda _on=False, n=name: self.recall(n))
            self._listed.append(action)
        if not views:
            none = QAction("No saved views yet", self._window)
            none.setEnabled(False)
            self._listed.append(none)
        for action in self._listed:
            menu.addAction(action)
            self._window.addAction(action)  # its shortcut works with the menu closed

    def save_view_dialog(self) -> SaveViewDialog:
        """Ask a name for what is shown now, and save it (over a view of that name only
        once the dialog has said so)."""
        shown = current_view(self._view, self._timeline.canvas.scale)
        names = [name for name, _said in self.views()]
        dialog = SaveViewDialog(
            self._window, summary(shown, self._session.names()), names,
            lambda name: existing(self._session.db, name),
        )  # fmt: skip
        dialog.accepted.connect(lambda: self.save(dialog.name(), shown))
        dialog.open()
        return dialog

    def manage_views_dialog(self) -> ManageViewsDialog:
        dialog = ManageViewsDialog(self._window, self)
        dialog.open()
        return dialog

    # The verbs

    def save(self, name: str, view: SavedView | None = None) -> bool:
        """Save `view` (by default what is shown now) as `name`; False if it could not be."""
        view = view or current_view(self._view, self._timeline.canvas.scale)
        try:
            saved = save_view(self._session.db, name, view)
        except (ViewError, StoreError) as error:
            self._tell(f"The view could not be saved. {error}", QMessageBox.Icon.Warning)
            return False
        self._refresh()
        self._status(f"Saved the view “{saved}”")
        return True

    def recall(self, name: str) -> bool:
        """Show the view saved as `name`; what was shown stays one *Previous view* away."""
        try:
            recalled = recall(self._session.db, name)
        except (ViewError, StoreError) as error:
            self._tell(str(error), QMessageBox.Icon.Warning)
            return False
        self._previous = current_view(self._view, self._timeline.canvas.scale)
        back = QKeySequence(QKeySequence.StandardKey.Back).toString(
            QKeySequence.SequenceFormat.NativeText
        )
        self._show(recalled.view, f"View “{recalled.name}” — {back} goes back to what was before")
        self._refresh()
        if recalled.note:
            self._tell(recalled.note, QMessageBox.Icon.Information)
        return True

    def previous_view(self) -> None:
        """Show what was shown before the last recall; again, and the recall comes back."""
        if self._previous is None:
            return
        now = current_view(self._view, self._timeline.canvas.scale)
        self._show(self._previous, "Back to the view shown before")
        self._previous = now

    def rename(self, old: str, new: str) -> str | None:
        """The new name as kept, or None (and says why) if the view could not be renamed."""
        try:
            renamed = rename(self._session.db, old, new)
        except (ViewError, StoreError) as error:
            self._tell(f"The view could not be renamed. {error}", QMessageBox.Icon.Warning)
            return None
        self._refresh()
        return renamed

    def delete(self, name: str) -> bool:
        try:
            delete(self._session.db, name)
        except (ViewError, StoreError) as error:
            self._tell(f"The view could not be deleted. {error}", QMessageBox.Icon.Warning)
            return False
        self._refresh()
        self._status(f"Deleted the view “{name}”")
        return True

    def views(self) -> list[tuple[str, str]]:
        """Every saved view's name and what it shows (none if the file cannot be read)."""
        try:
            return [(v.name, v.summary) for v in listed_views(self._session.db)]
        except (StoreError, sqlite3.DatabaseError):
            return []  # the window says elsewhere that the file cannot be read

    # Showing a view

    def _show(self, view: SavedView, status: str) -> None:
        """Set the filter panel, the search box and the lanes; the time window (and `status`)
        follow once the timeline has read the items (a new Filter frames what it selected
        first, and the window's count replaces the status bar's message)."""
        if not self._following_loads:  # after the window's own handlers of a load
            self._timeline.loaded.connect(self._frame_pending)
            self._timeline.loadFailed.connect(self._forget_pending)
            self._following_loads = True
        self._panel.clear_finders()
        self._pending = (view.time_window, status)
        f = window_view_filter(self._session.db, view)
        self._view.set(f, grouping=view.grouping, typed_dates=view.typed_dates)

    def _frame_pending(self, _count: int) -> None:
        if self._pending is None:
            return
        (window, status), self._pending = self._pending, None
        if window is not None:
            self._timeline.canvas.set_window(*window)
        self._status(status)

    def _forget_pending(self, _message: str) -> None:
        self._pending = None

    def _refresh(self) -> None:
        if self._menu is not None:
            self.list_views(*self._menu)

    def _status(self, text: str) -> None:
        self._window.statusBar().showMessage(text, STATUS_MS)

    def _tell(self, text: str, icon: QMessageBox.Icon) -> None:
        """A box that does not block the window behind it (nor a test)."""
        parent: QWidget = self._window
        box = QMessageBox(icon, "Backchannel", text, QMessageBox.StandardButton.Ok, parent)
        box.open()
        self.message = box


def _menu_text(name: str) -> str:
    return name.replace("&", "&&")
