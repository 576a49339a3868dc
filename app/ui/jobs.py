"""Long work (an export, an import) on a worker thread, with progress and a cancel button that
the user can press at any moment, and a result or a message at the end on the GUI thread."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from app.core.progress import Cancelled, Progress

Work = Callable[[Progress, Cancelled], Any]


class Job(QObject):
    """`finished(result)` or `failed(error)` arrives on the GUI thread, exactly once."""

    progressed = Signal(int, int)
    finished = Signal(object)
    failed = Signal(object)

    def __init__(self, work: Work, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._work = work
        self._cancel = threading.Event()
        self._done = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def start(self, pool: QThreadPool | None = None) -> None:
        (pool or QThreadPool.globalInstance()).start(_Runner(self))

    def wait(self, seconds: float | None = None) -> bool:
        return self._done.wait(seconds)

    def _run(self) -> None:
        try:
            result = self._work(self._progressed, self._cancel.is_set)
        except Exception as error:  # the dialog shows it; nothing escapes the thread
            self._tell(self.failed, error)
        else:
            self._tell(self.finished, result)
        finally:
            self._done.set()

    def _progressed(self, done: int, total: int) -> None:
        self._tell(self.progressed, done, total)

    def _tell(self, signal: Any, *args: object) -> None:
        """Emit, unless the window that started the work has been closed and deleted
        meanwhile (the user closed the import dialog while a file was being read)."""
        try:
            signal.emit(*args)
        except RuntimeError:  # "Signal source has been deleted": nobody is left to tell
            self._cancel.set()


class _Runner(QRunnable):
    def __init__(self, job: Job) -> None:
        super().__init__()
        self._job = job

    def run(self) -> None:
        self._job._run()


def run_with_progress(
    parent: QWidget,
    title: str,
    work: Work,
    finished: Callable[[Any], None],
    failed: Callable[[Exception], None],
) -> Job:
    """Start `work` with a progress dialog whose Cancel stops it. `finished(result)` or
    `failed(error)` is called on the GUI thread; both are connected before the work starts,
    so a job that ends at once is not missed."""
    job = Job(work, parent)
    job.finished.connect(finished)
    job.failed.connect(failed)
    dialog = QProgressDialog(title, "Cancel", 0, 0, parent)
    dialog.setWindowTitle(title)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(400)
    dialog.setValue(0)  # starts the clock: shown after 400 ms even if no progress comes
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.canceled.connect(job.cancel)

    def progressed(done: int, total: int) -> None:
        if total > 0:
            dialog.setMaximum(total)
            dialog.setValue(min(done, total))

    job.progressed.connect(progressed)
    job.finished.connect(dialog.close)
    job.failed.connect(dialog.close)
    job.setProperty("dialog", dialog)
    job.start()
    return job
