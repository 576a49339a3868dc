"""Where the full-text index of a large import sits among FTS5's levels of segments, so that
the edits after it do not merge into it.

FTS5 keeps an index as segments on levels. Each write adds a small segment on level 0; once
a level holds `automerge` (4) segments they are merged into one on the next level up, and a
merge of a level that holds the big segments of an import rewrites all of them. Left on level
0, the twenty segments of a million-item import were all merged by the first edit after it
(12.8-21.5 s); merged into one, which FTS5 puts on level 1, a few dozen edits later level 1 had
four segments and the edits started merging the big one a few pages at a time, until level 0
reached `crisismerge` (16) segments and one edit finished the merge at once: the 127th edit
after the import took 19.4 s.

`lift` moves the import's segments to level `LIFTED_LEVEL` and up, above the levels the
edits' small segments ever fill (level 10 gets its second segment after some 262,000 merges of
level 0; FTS5 itself moves a segment down only when it is not larger than those below), and
puts at most `PER_LEVEL` on a level, one fewer than FTS5 merges a level at. An import leaves
its index in many segments (some twenty at a million items), all on level 0: lifted so, they
are not merged (but for its last, when small: the edits' merges take it down, cheaply), and
the import does not merge them into one itself (about 6 s of writing
the whole index again, at a million items). FTS5 reads a lower level as newer, and on a level
the last segment as the newest: the lift keeps that order. It rewrites FTS5's structure record
(the row of id 10 in `<index>_data`), whose format FTS5 keeps stable on disk: a big-endian
cookie of 4 bytes, then varints: the number of levels, of segments, a write counter; per level
its segments under merge and its segments; per segment its id and first and last leaf page.
Only a record that reads exactly so (not FTS5's second format, of indexes that delete
securely, and nothing left over), with every segment on one level and none under merge, is
rewritten; any other is left as it is, and the index works as before.
"""

from __future__ import annotations

import sqlite3

from app.store.text_index import AUTOMERGE

LIFTED_LEVEL = 10
PER_LEVEL = AUTOMERGE - 1
"""Segments lifted onto one level: FTS5 merges a level once it holds `AUTOMERGE`."""
MAX_LEVELS = 64
"""The levels FTS5 keeps at most (its FTS5_MAX_LEVEL)."""
STRUCTURE_ID = 10
"""The row of `<index>_data` that holds the structure record (FTS5's FTS5_STRUCTURE_ROWID)."""
_SECOND_FORMAT = b"\xff\x00\x00\x01"

Level = tuple[int, list[tuple[int, int, int]]]
"""Segments under merge, and each segment's (id, first leaf page, last leaf page)."""


def lift(connection: sqlite3.Connection, index: str = "items_fts") -> bool:
    """Move the segments of `index`, all on one level, to `LIFTED_LEVEL` and up, `PER_LEVEL`
    a level, the newest on the lowest; True if it did (False too if they would need more
    levels than FTS5 keeps)."""
    row = connection.execute(
        f"SELECT block FROM {index}_data WHERE id = ?", [STRUCTURE_ID]
    ).fetchone()
    if row is None or not isinstance(row[0], bytes):
        return False
    read = decode(row[0])
    if read is None:
        return False
    cookie, writes, levels = read
    filled = [level for level in levels if level[1]]
    if len(filled) != 1 or filled[0][0] != 0 or levels.index(filled[0]) >= LIFTED_LEVEL:
        return False
    segments = filled[0][1]  # oldest first
    newest_first = [
        (0, segments[max(0, end - PER_LEVEL) : end]) for end in range(len(segments), 0, -PER_LEVEL)
    ]
    if LIFTED_LEVEL + len(newest_first) > MAX_LEVELS:
        return False
    try:
        block = encode(cookie, writes, [(0, [])] * LIFTED_LEVEL + newest_first)
    except ValueError:
        return False
    connection.execute(f"UPDATE {index}_data SET block = ? WHERE id = ?", [block, STRUCTURE_ID])
    return True


def levels(connection: sqlite3.Connection, index: str = "items_fts") -> list[list[int]] | None:
    """Per level, the size in leaf pages of each of its segments (None if the record does not
    read as `decode` reads it)."""
    row = connection.execute(
        f"SELECT block FROM {index}_data WHERE id = ?", [STRUCTURE_ID]
    ).fetchone()
    read = decode(row[0]) if row is not None and isinstance(row[0], bytes) else None
    if read is None:
        return None
    return [[last - first + 1 for _, first, last in segments] for _, segments in read[2]]


def decode(block: bytes) -> tuple[bytes, int, list[Level]] | None:
    """The cookie, write counter and levels of a structure record, or None if it is not one
    of the first format read to its end."""
    if len(block) < 5 or block[4:8] == _SECOND_FORMAT:
        return None
    try:
        at = 4
        count, at = _varint(block, at)
        segments, at = _varint(block, at)
        writes, at = _varint(block, at)
        levels: list[Level] = []
        for _ in range(count):
            merging, at = _varint(block, at)
            size, at = _varint(block, at)
            found = []
            for _ in range(size):
                segment, at = _varint(block, at)
                first, at = _varint(block, at)
                last, at = _varint(block, at)
                found.append((segment, first, last))
            levels.append((merging, found))
    except IndexError:
        return None
    if at != len(block) or segments != sum(len(found) for _, found in levels):
        return None
    return block[:4], writes, levels


def encode(cookie: bytes, writes: int, levels: list[Level]) -> bytes:
    out = bytearray(cookie)
    segments = sum(len(found) for _, found in levels)
    for value in (len(levels), segments, writes):
        out += _put_varint(value)
    for merging, found in levels:
        out += _put_varint(merging) + _put_varint(len(found))
        for segment in found:
            for value in segment:
                out += _put_varint(value)
    return bytes(out)


def _varint(block: bytes, at: int) -> tuple[int, int]:
    """SQLite's varint at `at`: seven bits a byte, high bit set on all but the last, and a
    ninth byte of eight bits."""
    value = 0
    for step in range(9):
        byte = block[at]
        at += 1
        if step == 8:
            return (value << 8) | byte, at
        value = (value << 7) | (byte & 0x7F)
        if not byte & 0x80:
            return value, at
    raise AssertionError("unreachable")


def _put_varint(value: int) -> bytes:
    if value < 0 or value >= 1 << 56:
        raise ValueError(f"{value} is out of the range this record holds")
    groups = [value & 0x7F]
    value >>= 7
    while value:
        groups.append((value & 0x7F) | 0x80)
        value >>= 7
    return bytes(reversed(groups))
