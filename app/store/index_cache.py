"""A copy of a large database's item index (`item_index.ItemIndex`), kept in a file outside it,
so that opening it again draws its timeline from the copy: a million items' dates and lanes
are read back in tens of milliseconds instead of more than a second of queries.

A copy is of one database file in one state of what the timeline lays out: it holds the
file's stamp (`schema.STAMP_KEY`, set anew by every change to an item's dates or lanes) and
is used only while the file has that stamp. It is a cache: one that is missing, stale,
unreadable or malformed is passed over (and a malformed one removed), and one that cannot be
written is not written; the database is never touched. Its arrays are read back with
`allow_pickle=False`: a planted file is data, never code.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import numpy as np
import numpy.typing as npt
import sqlite_utils

from app.store.columns import Lane, TimelineColumns
from app.store.database import file_of
from app.store.item_index import ItemIndex, Memberships
from app.store.schema import SCHEMA_VERSION, STAMP_KEY

FORMAT = 1
"""Of the file: a copy of another format is passed over."""
MIN_ITEMS = 50_000
"""Smaller databases are read from the file in well under the time it takes to notice."""
KEPT = 4
"""Copies kept, of the databases opened last: at a million items a copy is about 60 MB."""
SUFFIX = ".items"
_GROUPINGS = ("actor", "kind", "none")
"""Besides the track lanes, which are the index's own columns."""


def stamp(db: sqlite_utils.Database) -> str | None:
    """The database's stamp of what the timeline lays out; None in a file that has none."""
    row = db.execute("SELECT value FROM meta WHERE key = ?", [STAMP_KEY]).fetchone()
    return None if row is None else str(row[0])


@dataclass(frozen=True, slots=True)
class IndexCache:
    """Copies of item indexes, a file each, in `directory` (made when first written)."""

    directory: Path

    def read(self, db: sqlite_utils.Database) -> ItemIndex | None:
        """The database's item index as a copy kept of it has it, if that copy is of the
        database as it is now; else None."""
        database = file_of(db)
        now = stamp(db)
        path = self._file(database)
        if now is None or not path.is_file():
            return None
        try:
            with path.open("rb") as stream:
                header = _header(stream)
                if header.get("stamp") != now or header.get("database") != str(database):
                    return None
                index = _index(header, stream)
        except (OSError, ValueError, KeyError, TypeError, EOFError):
            with contextlib.suppress(OSError):
                path.unlink()  # damaged or not ours: written again at the next open
            return None
        with contextlib.suppress(OSError):
            os.utime(path)  # kept among the last used
        return index

    def keep(self, database: Path, index: ItemIndex, at: str) -> None:
        """Keep a copy of `index`, read from `database` while its stamp was `at`, for a
        database large enough to gain from it. A full disk or a folder that cannot be written
        leaves no copy, and no part of one."""
        if len(index) < MIN_ITEMS:
            return
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            handle, name = tempfile.mkstemp(dir=self.directory, suffix=".tmp")
        except OSError:
            return
        try:
            with os.fdopen(handle, "wb") as stream:
                _write(stream, database, index, at)
            os.replace(name, self._file(database))
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(name)
            return
        self._forget_oldest()

    def _file(self, database: Path) -> Path:
        name = hashlib.sha256(str(database).encode("utf-8", "surrogatepass")).hexdigest()
        return self.directory / f"{name[:24]}{SUFFIX}"

    def _forget_oldest(self) -> None:
        copies = []
        for path in self.directory.glob(f"*{SUFFIX}"):
            with contextlib.suppress(OSError):
                copies.append((path.stat().st_mtime_ns, path))
        for _, path in sorted(copies, reverse=True)[KEPT:]:
            with contextlib.suppress(OSError):
                path.unlink()


def _write(stream: IO[bytes], database: Path, index: ItemIndex, at: str) -> None:
    c = index.everything
    tags = sorted(index.tagged)
    header = {
        "format": FORMAT,
        "schema": SCHEMA_VERSION,
        "database": str(database),
        "stamp": at,
        "items": len(c),
        "lanes": {
            g: [_lane(lane) for lane in index.groupings[g].lanes] for g in ("track", *_GROUPINGS)
        },
        "tags": tags,
    }
    np.save(stream, np.frombuffer(json.dumps(header).encode(), dtype=np.uint8))
    arrays = [c.keys, c.start, c.end, c.is_statement, c.is_range, c.member_item, c.member_lane]
    for grouping in _GROUPINGS:
        arrays += [index.groupings[grouping].item, index.groupings[grouping].lane]
    arrays += [index.tagged[tag] for tag in tags]
    for array in arrays:
        np.save(stream, np.ascontiguousarray(array), allow_pickle=False)


def _lane(lane: Lane) -> list[str | None]:
    return [lane.id, lane.name, lane.color, lane.group]


def _header(stream: IO[bytes]) -> dict[str, Any]:
    header = json.loads(_array(stream, np.uint8).tobytes())
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise ValueError("not a copy of this format")
    if header.get("schema") != SCHEMA_VERSION:
        raise ValueError("of another schema")
    return header


def _index(header: dict[str, Any], stream: IO[bytes]) -> ItemIndex:
    """The index the rest of the file holds, each array checked against the header and the
    others: a copy cut short or tampered with raises ValueError."""
    n = int(header["items"])
    lanes = {g: tuple(Lane(*fields) for fields in header["lanes"][g]) for g in header["lanes"]}
    keys = _array(stream, np.int64, n)
    if n and np.any(keys[1:] <= keys[:-1]):
        raise ValueError("keys out of order")
    start, end = _array(stream, np.float64, n), _array(stream, np.float64, n)
    statement, ranged = _array(stream, np.bool_, n), _array(stream, np.bool_, n)
    member_item, member_lane = _members(stream, np.int64, n, len(lanes["track"]))
    everything = TimelineColumns(
        keys, start, end, statement, ranged, lanes["track"], member_item, member_lane
    )
    groupings = {"track": Memberships(lanes["track"], member_item, member_lane)}
    for grouping in _GROUPINGS:
        item, lane = _members(stream, np.int32, n, len(lanes[grouping]))
        groupings[grouping] = Memberships(lanes[grouping], item, lane)
    tagged = {str(tag): _array(stream, np.int64) for tag in header["tags"]}
    return ItemIndex(everything, groupings, tagged=tagged)


def _members(
    stream: IO[bytes], dtype: type[np.integer], items: int, lanes: int
) -> tuple[npt.NDArray[Any], npt.NDArray[Any]]:
    item, lane = _array(stream, dtype), _array(stream, dtype)
    if len(item) != len(lane) or np.any((item < 0) | (item >= items)):
        raise ValueError("a lane member out of range")
    if np.any((lane < 0) | (lane >= lanes)):
        raise ValueError("a lane out of range")
    return item, lane


def _array(
    stream: IO[bytes], dtype: type[np.generic], length: int | None = None
) -> npt.NDArray[Any]:
    array = np.load(stream, allow_pickle=False)
    if array.dtype != dtype or array.ndim != 1 or (length is not None and len(array) != length):
        raise ValueError("an array of the wrong type or length")
    return array
