"""The timeline's first read of a file, begun before the window's modules load.

Opening a window, the modules of its widgets take a second or two to load, on one core, and
the timeline's first read could only begin once the window was being built. `start` begins
that read on a thread of its own as soon as the file is known, so it runs on the other core
while the window loads; the window's timeline takes it (`take`) if it asks for the same
items, grouped the same way, and otherwise reads as it always did.

Only the view a file opens with when the window did not show it last is read so early: its
Filter is empty and its grouping is the one remembered for every file. A file the window
showed last opens with the view saved for it, and, if large, with the index of its items kept
when it was last shown. A file that opening would bring up to date is not read early either
(the window asks first). If the early read fails, the window reads again itself, and says
what is wrong as it would have.

Loads only what the read needs (the store, numpy, and Qt's core for the settings): no
widgets.
"""

from __future__ import annotations

import threading
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt
import sqlite_utils

from app.core.filter import Filter
from app.core.timeline.lanes import LaneIndex
from app.store import index_cache
from app.store.columns import TimelineColumns, lane_index, load_columns
from app.store.database import needs_upgrade, open_database
from app.store.index_cache import IndexCache
from app.store.item_index import ItemIndex, text_keys
from app.ui import settings as s


@dataclass(frozen=True, slots=True)
class Loaded:
    """What the timeline shows first: its columns and their lanes' index."""

    columns: TimelineColumns
    lanes: LaneIndex
    index: ItemIndex | None = None
    """Of every item, when a copy of it kept in the cache was of the database as it is."""
    text_keys: npt.NDArray[np.int64] | None = None
    """With `index`, what the Filter's words matched (None for a Filter without)."""
    stamp: str | None = None
    """Of the database, read before the columns."""


def columns_and_lanes(
    db: sqlite_utils.Database, f: Filter, grouping: str, cache: IndexCache | None = None
) -> Loaded:
    """The columns, and the canvas's lane index of them, both built on the reading thread:
    from the index kept in `cache` if it is of the database as it is, else from the
    database."""
    index = None if cache is None else cache.read(db)
    if index is not None:
        keys = text_keys(db, f) if f.needs_database else None
        columns = index.select(f, grouping, keys)
        return Loaded(columns, lane_index(columns), index, keys)
    at = index_cache.stamp(db)
    columns = load_columns(db, f, grouping)
    return Loaded(columns, lane_index(columns), stamp=at)


@dataclass(frozen=True, slots=True)
class _Started:
    f: Filter
    grouping: str
    result: Future[Loaded]


_started: dict[Path, _Started] = {}
_lock = threading.Lock()


def start(path: Path) -> bool:
    """Begin the first read of the file at `path` as its window will open it, unless the
    window showed it last or opening would bring it up to date; True if it began."""
    key = Path(path).resolve()
    st = s.settings()
    if s.shown_last(st, Path(path)) or s.shown_last(st, key) or not key.is_file():
        return False
    if needs_upgrade(key):
        return False
    grouping = s.remembered_grouping(st)
    f = Filter()
    result: Future[Loaded] = Future()
    with _lock:
        _started[key] = _Started(f, grouping, result)
    threading.Thread(
        target=_read, args=(key, f, grouping, s.index_cache(), result), daemon=True,
        name="first-read",
    ).start()  # fmt: skip
    return True


def take(path: Path, f: Filter, grouping: str) -> Future[Loaded] | None:
    """The first read begun for `path`, if it reads `f` grouped by `grouping`; it is taken
    either way (a read not wanted is dropped)."""
    with _lock:
        started = _started.pop(Path(path).resolve(), None)
    if started is None or (started.f, started.grouping) != (f, grouping):
        return None
    return started.result


def _read(path: Path, f: Filter, grouping: str, cache: IndexCache, result: Future[Loaded]) -> None:
    try:
        db = open_database(path)
        try:
            result.set_result(columns_and_lanes(db, f, grouping, cache))
        finally:
            db.close()
    except BaseException as error:  # told to whoever takes the read, who reads again
        result.set_exception(error)
