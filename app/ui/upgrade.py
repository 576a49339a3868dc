"""Bringing a file written by an older Backchannel up to date before its window opens: on a
worker thread, with a progress dialog whose Cancel leaves the file as it was. An update that
builds the full-text index again takes a minute or more for a million items; without this
the app would seem to hang before showing anything."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEventLoop, Qt
from PySide6.QtWidgets import QProgressDialog, QWidget

from app.core.progress import Cancelled, Progress
from app.store import open_database
from app.store.database import needs_upgrade
from app.ui.jobs import Job

SHOWN_AFTER_MS = 400


def upgrade_first(path: Path, parent: QWidget | None = None) -> None:
    """Update the file at `path` if an older Backchannel wrote it; return once it is done.
    Raises `StoreError` as opening does, and when the user cancels the update."""
    if not needs_upgrade(path):
        return

    def work(progress: Progress, cancelled: Cancelled) -> None:
        open_database(path, cancelled=cancelled).close()

    job = Job(work)
    dialog = QProgressDialog(
        f"Updating {path.name} for this version of Backchannel…\n"
        "A large file takes a while (a minute or more when its search index is built again).\n"
        "A copy of the file as it was is kept beside it.",
        "Cancel",
        0,
        0,
        parent,
    )
    dialog.setWindowTitle("Updating the database")
    dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
    dialog.setMinimumDuration(SHOWN_AFTER_MS)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.setValue(0)  # starts the clock: shown after SHOWN_AFTER_MS
    dialog.canceled.connect(job.cancel)
    loop = QEventLoop()
    failures: list[Exception] = []
    job.finished.connect(loop.quit)
    job.failed.connect(failures.append)
    job.failed.connect(loop.quit)
    job.start()
    loop.exec()  # until the job's end arrives (queued, so never missed)
    job.wait()
    dialog.close()
    dialog.deleteLater()
    if failures:
        raise failures[0]
