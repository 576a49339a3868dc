"""Reading the database off the GUI thread, so the window answers while a million items are
read, and a newer request (a newer Filter) cancels the read it replaces."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import sqlite_utils
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from app.store import QueryError, StoreError, open_database
from app.store.errors import known_failure

PROGRESS_EVERY = 20_000
"""SQLite virtual-machine steps between checks for a newer request (well under a millisecond)."""


Job = Callable[[sqlite_utils.Database], Any]


class BackgroundReader(QObject):
    """Runs read jobs on a pool thread through a connection of its own.

    `request(job)` returns a generation number; `loaded(generation, result)` arrives on the
    GUI thread for the latest request only. A request made while another runs interrupts the
    running query instead of waiting for it.
    """

    loaded = Signal(int, object)
    failed = Signal(int, str)
    """A request could not be answered: the message says why."""
    unreadable = Signal(str)
    """After `failed`, when the cause is the file (damaged, locked, gone), not the request."""

    def __init__(self, db_path: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._path = db_path
        self._generation = 0
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)

    @property
    def generation(self) -> int:
        return self._generation

    def request(self, job: Job) -> int:
        self._generation += 1
        generation = self._generation
        self._pool.start(_Runner(self, generation, job))
        return generation

    def is_current(self, generation: int) -> bool:
        return generation == self._generation

    def cancel(self) -> None:
        """Drop whatever runs or waits; nothing more is emitted for it."""
        self._generation += 1

    def wait(self, msecs: int = -1) -> bool:
        """Block until the pool is idle (on closing the window)."""
        return self._pool.waitForDone(msecs)

    def _run(self, generation: int, job: Job) -> None:
        if not self.is_current(generation):
            return
        try:
            db = open_database(self._path)
        except StoreError as error:
            self._fail(generation, str(error), file=True)
            return
        try:

            def stale() -> int:
                return 0 if self.is_current(generation) else 1

            db.conn.set_progress_handler(stale, PROGRESS_EVERY)
            result = job(db)
        except sqlite3.DatabaseError as error:
            # A damaged page met by a query: told like every other failure, never a
            # silent end of the thread.
            known = known_failure(error, self._path)
            self._fail(generation, str(known or error), file=known is not None)
            return
        except (QueryError, StoreError, RuntimeError) as error:
            self._fail(generation, str(error), file=isinstance(error, StoreError))
            return
        finally:
            db.close()
        if self.is_current(generation):
            with contextlib.suppress(RuntimeError):  # the window closed while reading
                self.loaded.emit(generation, result)

    def _fail(self, generation: int, message: str, *, file: bool) -> None:
        if not self.is_current(generation):
            return
        with contextlib.suppress(RuntimeError):  # the window closed while reading
            self.failed.emit(generation, message)
            if file:
                self.unreadable.emit(message)


class _Runner(QRunnable):
    def __init__(self, reader: BackgroundReader, generation: int, job: Job) -> None:
        super().__init__()
        self._reader = reader
        self._generation = generation
        self._job = job

    def run(self) -> None:
        self._reader._run(self._generation, self._job)
