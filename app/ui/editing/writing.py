"""Every edit, undo and redo is written on a worker thread, with a connection of its own.

A write is usually a few milliseconds, but at a million items SQLite's full-text index now
and then merges its segments within one (6-12 s were measured on the first edit after a
bulk load, and about once per hundred edits). Written on the window's thread, that froze
the window; here the window keeps painting, "Saving…" shows once a write takes longer than
`NOTICE_MS`, and the caller still gets the result (or the exception) when it returns, as if
the write had been made in place. Keys and clicks wait until it is written, so no second
edit starts before the first has ended.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import sqlite_utils
from PySide6.QtCore import QEventLoop, Qt
from PySide6.QtWidgets import QProgressDialog, QWidget

from app.core.progress import Cancelled, Progress
from app.store import open_database
from app.store.database import file_of
from app.ui.jobs import Job

T = TypeVar("T")
NOTICE_MS = 400


def written(
    parent: QWidget | None,
    db: sqlite_utils.Database,
    write: Callable[[sqlite_utils.Database], T],
    what: str = "Saving…",
) -> T:
    """`write` run on a connection of its own to `db`'s file, off this thread; returns what
    it returned, or raises what it raised."""
    path = file_of(db)
    outcome: dict[str, object] = {}
    loop = QEventLoop()

    def work(_progress: Progress, _cancelled: Cancelled) -> T:
        own = open_database(path)
        try:
            return write(own)
        finally:
            own.close()

    def finished(result: object) -> None:
        outcome["result"] = result
        loop.quit()

    def failed(error: object) -> None:
        outcome["error"] = error
        loop.quit()

    job = Job(work)
    job.finished.connect(finished)
    job.failed.connect(failed)
    notice = QProgressDialog(what, "", 0, 0, parent)
    notice.setCancelButton(None)  # a write is whole or nothing, and soon over
    notice.setWindowTitle("Backchannel")
    notice.setWindowModality(Qt.WindowModality.WindowModal)
    notice.setMinimumDuration(NOTICE_MS)
    notice.setValue(0)
    job.start()
    # Input waits until the write is done (keys and clicks are kept, not lost): an undo
    # pressed meanwhile must not start before the write it would undo has ended.
    loop.exec(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
    notice.close()
    notice.deleteLater()
    job.deleteLater()
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome["result"]  # type: ignore[return-value]
