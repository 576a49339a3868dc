"""The File menu's verbs: open or create a database (in a window of its own, through the
application's `Windows`), and import and export, whose dialogs run the work as jobs. When an
import lands, the session is told that the database changed, and every view follows it."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog, QMainWindow, QMenu, QMessageBox

from app.store import StoreError, open_database
from app.ui import settings as s
from app.ui.session import Session
from app.ui.timeline.canvas import TimelineCanvas
from app.ui.view_state import ViewState
from app.ui.window_state import recent_files

if TYPE_CHECKING:  # the dialogs and the importers load when first opened
    from app.services.importing import ImportReport
    from app.store.changes import Change
    from app.ui.capture.command import CaptureCommand
    from app.ui.capture.start import CaptureStart
    from app.ui.export_dialog import ExportDialog
    from app.ui.import_dialog import ImportDialog

OpenWindow = Callable[[Path], QMainWindow | None]
"""Shows a database in a window (the application's `Windows.open`)."""
MESSAGE_MS = 10_000


class FileCommands:
    def __init__(
        self,
        window: QMainWindow,
        session: Session,
        view: ViewState,
        canvas: TimelineCanvas,
        open_window: OpenWindow,
    ) -> None:
        self._window = window
        self._session = session
        self._view = view
        self._canvas = canvas
        self._open_window = open_window
        self.record_change: Callable[[Change], None] | None = None
        """Makes a change the window's newest undo step (set once the Edit menu exists)."""
        self.capturing: CaptureCommand | None = None

    def fill_recent(self, menu: QMenu) -> None:
        menu.clear()
        recent = recent_files(s.settings())
        for path in recent:
            menu.addAction(str(path), partial(self.open_path, path))
        if not recent:
            menu.addAction("No recent databases").setEnabled(False)

    def open_database_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self._window,
            "Open a Backchannel database",
            str(self._session.path.parent),
            "Backchannel databases (*.backchannel *.sqlite *.db);;All files (*)",
        )
        if path:
            self.open_path(Path(path))

    def new_database_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self._window,
            "New Backchannel database",
            str(self._session.path.parent / "untitled.backchannel"),
            "Backchannel databases (*.backchannel)",
        )
        if not path:
            return
        target = Path(path)
        if target.exists():
            self._warn(f"{target} already exists; choose a new name.")
            return
        try:
            open_database(target, create=True).close()
        except (StoreError, OSError) as error:
            self._warn(str(error))
            return
        self.open_path(target)

    def open_path(self, path: Path) -> QMainWindow | None:
        """Open another database in a window of its own; this one stays as it is (a file
        already open comes to the front instead of opening twice)."""
        return self._open_window(path)

    def import_dialog(self) -> ImportDialog:
        from app.ui.import_dialog import ImportDialog

        dialog = ImportDialog(self._session.path, self._window)
        dialog.imported.connect(self.imported)
        dialog.open()
        return dialog

    def imported(self, report: ImportReport) -> None:
        """Every view reads again; an import small enough to undo becomes the newest step."""
        if report.change is not None and self.record_change is not None:
            self.record_change(report.change)
        self._session.database_changed()
        undo = "" if report.change is None else " Ctrl+Z undoes it."
        self._window.statusBar().showMessage(report.summary() + undo, MESSAGE_MS)

    def capture_dialog(self) -> CaptureStart:
        """File → Capture article…: an article's drafts, reviewed, then added as one step."""
        from app.ui.capture.command import CaptureCommand

        if self.capturing is None:
            self.capturing = CaptureCommand(self._window, self._session, self._record)
        return self.capturing.start()

    def _record(self, change: Change) -> None:
        if self.record_change is not None:
            self.record_change(change)

    def export_dialog(self) -> ExportDialog:
        from app.ui.export_dialog import ExportDialog

        key = self._canvas.scene.selected
        selected = self._session.texts.item_id(key) if key is not None else None
        scale = self._canvas.scale
        dialog = ExportDialog(
            self._session.path,
            self._view.filter,
            (scale.start, scale.end),
            selected,
            self._view.grouping,
            self._window,
            names=self._session.names(),
        )
        dialog.exported.connect(
            lambda message: self._window.statusBar().showMessage(message, MESSAGE_MS)
        )
        dialog.open()
        return dialog

    def _warn(self, message: str) -> None:
        QMessageBox.warning(self._window, "Backchannel", message)
