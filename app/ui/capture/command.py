"""File → Capture article…, for one window: the start dialog, then the review of what it
found, then the kept drafts written through the services on a worker thread as one change,
which becomes the window's newest undo step; every view then reads the database again."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QMainWindow

from app.formats.article import Article
from app.services.capture.drafts import Drafts
from app.services.editing import Edit, FieldError, apply
from app.store import StoreError
from app.store.changes import Change, Conflict
from app.store.writer import DataError
from app.ui.capture.review import ReviewDialog
from app.ui.capture.start import CaptureStart
from app.ui.editing.writing import written
from app.ui.session import Session

STATUS_MS = 10_000


class CaptureCommand(QObject):
    """`record(change)` makes a written change the window's newest undo step."""

    def __init__(
        self, window: QMainWindow, session: Session, record: Callable[[Change], None] | None
    ) -> None:
        super().__init__(window)
        self._window = window
        self._session = session
        self._record = record
        self.start_dialog: CaptureStart | None = None
        self.review: ReviewDialog | None = None
        """The dialogs opened last (the tests reach them here)."""

    def start(self) -> CaptureStart:
        """The start dialog (one at a time: opening it again brings it forward)."""
        if self.start_dialog is not None and self.start_dialog.isVisible():
            self.start_dialog.raise_()
            self.start_dialog.activateWindow()
            return self.start_dialog
        dialog = CaptureStart(self._session.path, self._window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.drafted.connect(self._review)
        dialog.destroyed.connect(lambda: self._forget_start(dialog))
        self.start_dialog = dialog
        dialog.open()
        return dialog

    def _forget_start(self, dialog: CaptureStart) -> None:
        if self.start_dialog is dialog:
            self.start_dialog = None

    def _review(self, article: Article, drafts: Drafts) -> ReviewDialog:
        review = ReviewDialog(article, drafts, self._session.db, self.write, self._window)
        review.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        review.destroyed.connect(lambda: self._forget_review(review))
        self.review = review
        review.open()
        return review

    def _forget_review(self, review: ReviewDialog) -> None:
        if self.review is review:
            self.review = None

    def write(self, edit: Edit) -> str | None:
        """Write the kept drafts as one step; why not (nothing written), or None."""
        try:
            change = written(
                self._window, self._session.db, lambda db: apply(db, edit), "Adding the capture…"
            )
        except (FieldError, DataError, Conflict, StoreError, sqlite3.Error) as error:
            return f"Nothing was added: {error}"
        if self._record is not None:
            self._record(change)
        self._session.database_changed()
        self._window.statusBar().showMessage(f"{edit.label} — Ctrl+Z to undo", STATUS_MS)
        return None
