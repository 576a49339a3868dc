"""Where items' keys go: in time order, a step apart, with room between them for later items.

An item's key orders the timeline and is its row id in the full-text index, which stores each
item of a word's list as the difference from the one before: keys 2^42 apart (a million items
spread over the whole key space) took seven bytes each, and the index of 100,000 items was
twice the size it is with keys one apart. Keys are laid out `KEY_STEP` apart instead, from
`FIRST_KEY`: three bytes a difference, the index 30 % smaller than it was, and the room
between two neighbours still takes twenty items put each between the last two.

When an item finds no room (its gap is full), it goes in under a temporary key above
`KEY_SPACE`, and `renumber` gives it its place, spreading the fewest of its neighbours that
leave each of them room again (not every item, which at a million items took over a minute),
and reading only the keys near it (reading every key took half a second).
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

import sqlite_utils

from app.store import text_index
from app.store.queries import select_in
from app.store.schema import ITEM_TABLES

KEY_SPACE = 1 << 62
"""Keys in place are below it; those above are temporary, until `renumber`."""
KEY_STEP = 1 << 20
"""The gap between neighbours that the store lays out: a load into an empty database, an
item before the first or after the last, a stretch renumbered."""
FIRST_KEY = 1 << 46
"""The key of the first item laid out: room for 2^26 earlier items before it, a step apart,
and a million items' keys below 2^47 (six bytes in a row instead of eight)."""
TIE_STEP = 1 << 10
"""The most a new item's key is put past those of the stored items that start at the same
moment (statements of one day, added one after another or an article at a time): so they
take the gap a step at a time, and not each half of what is left, which at a million items
filled it at the 43rd and renumbered, and indexed afresh, every item (75 s). A gap takes a
thousand of them; an item put between two of them finds ten halvings."""


def laid_out(n: int) -> list[int]:
    """The keys of n items in an empty database."""
    return [FIRST_KEY + KEY_STEP * k for k in range(n)]


def spread(low: int, high: int, n: int) -> list[int]:
    """n integers strictly between low and high, evenly spaced."""
    step = (high - low) // (n + 1)
    return [low + step * (k + 1) for k in range(n)]


def room(low: int, high: int, n: int, *, tie: bool) -> tuple[int, int]:
    """The part of the gap (low, high) between two stored items in which n new items go:
    a step apart after an item of the same moment, or at either end of the timeline (0 and
    `KEY_SPACE` stand for no item), laid out from `FIRST_KEY` in an empty database; evenly
    over the gap between two others."""
    if low == 0 and high == KEY_SPACE:
        return FIRST_KEY - KEY_STEP, FIRST_KEY + KEY_STEP * n
    if tie:
        return low, min(high, low + TIE_STEP * (n + 1))
    if high == KEY_SPACE:
        return low, min(high, low + KEY_STEP * (n + 1))
    if low == 0:
        return max(low, high - KEY_STEP * (n + 1)), high
    return low, high


NEAR = 64
"""Stored items read on either side of an item under a temporary key, at first: four times
as many each time that is not enough room, until every key is read."""
NEAR_MOST = 4096
"""The most read on either side of each before reading every key instead (as for more than
`LOOSE_MOST` items under temporary keys)."""
LOOSE_MOST = 256
"""Items under temporary keys beyond which every key is read at once: three lookups each
(an import into full gaps) would cost more than the one read."""


class _TooNarrow(Exception):
    """A stretch to lay out afresh reached past the stored items read around it."""


@dataclass(slots=True)
class _Stretch:
    """Stored items in key order with the starts, items under temporary keys that go among
    them, and whether the first and the last are the first and last stored items."""

    keys: list[int]
    starts: list[int]
    loose: list[tuple[int, int]]
    first: bool
    last: bool


def renumber(db: sqlite_utils.Database) -> dict[int, int]:
    """Give the items under temporary keys their places in time order, after the stored
    items that start no later, moving as few stored neighbours as leaves each item some room;
    the moved items' entries in the full-text index follow them. Old key → new key of every
    item moved. Rare (a gap is full only after some twenty items put between the same two,
    or a thousand at the same moment), and local: it reads the keys of the items near them
    (reading every key took half a second at a million items, inside an edit)."""
    loose = db.execute(
        "SELECT key, start FROM items WHERE key >= ? ORDER BY start, end, id", [KEY_SPACE]
    ).fetchall()
    if not loose:
        return {}
    near = NEAR
    while True:
        if near > NEAR_MOST or len(loose) > LOOSE_MOST:
            stretches = [_everything(db, loose)]
        else:
            stretches = _around(db, loose, near)
        try:
            moved = _relaid_stretches(stretches)
            break
        except _TooNarrow:
            near *= 4
    _move(db, moved)
    return moved


def _relaid_stretches(stretches: list[_Stretch]) -> dict[int, int]:
    moved: dict[int, int] = {}
    for stretch in stretches:
        order, placed = _merged(stretch.keys, stretch.starts, stretch.loose)
        ends = (stretch.first, stretch.last)
        for low, high in _windows(order, placed, ends):
            new = _relaid(order, low, high, ends)
            moved.update((old, k) for old, k in zip(order[low:high], new, strict=True) if old != k)
    return moved


def _everything(db: sqlite_utils.Database, loose: list[tuple[int, int]]) -> _Stretch:
    keys: list[int] = []
    starts: list[int] = []
    for key, start in db.execute(
        "SELECT key, start FROM items WHERE key < ? ORDER BY key", [KEY_SPACE]
    ):
        keys.append(key)
        starts.append(start)
    return _Stretch(keys, starts, loose, first=True, last=True)


_LAST_BY = (
    "SELECT max(key) FROM items WHERE key < :space AND start = "
    "(SELECT max(start) FROM items WHERE start <= :start AND key < :space)"
)
"""The last stored item that starts no later: keys follow start times."""
_UP_TO = "SELECT key, start FROM items WHERE key <= ? ORDER BY key DESC LIMIT ?"
_AFTER = "SELECT key, start FROM items WHERE key > ? AND key < ? ORDER BY key LIMIT ?"


def _around(db: sqlite_utils.Database, loose: list[tuple[int, int]], near: int) -> list[_Stretch]:
    """The stored items around each loose one, `near` on either side of where it goes; the
    stretches that overlap made one."""
    stretches: list[_Stretch] = []
    for key, start in loose:
        last = db.execute(_LAST_BY, {"space": KEY_SPACE, "start": start}).fetchone()[0]
        before = [] if last is None else db.execute(_UP_TO, [last, near]).fetchall()[::-1]
        after = db.execute(_AFTER, [-1 if last is None else last, KEY_SPACE, near]).fetchall()
        rows = before + after
        stretch = _Stretch(
            [r[0] for r in rows], [r[1] for r in rows], [(key, start)],
            first=len(before) < near, last=len(after) < near,
        )  # fmt: skip
        if stretches and _overlap(stretches[-1], stretch):
            _take_in(stretches[-1], stretch)
        else:
            stretches.append(stretch)
    return stretches


def _overlap(a: _Stretch, b: _Stretch) -> bool:
    """Whether b, read around a later loose item, shares stored items with a (or there are
    none at all)."""
    return not a.keys or not b.keys or b.keys[0] <= a.keys[-1]


def _take_in(a: _Stretch, b: _Stretch) -> None:
    """b's stored items after a's, and its loose one, into a."""
    top = a.keys[-1] if a.keys else -1
    for key, start in zip(b.keys, b.starts, strict=True):
        if key > top:
            a.keys.append(key)
            a.starts.append(start)
    a.loose += b.loose
    a.first = a.first or b.first
    if not b.keys or b.keys[-1] >= top:
        a.last = b.last


def _merged(
    keys: list[int], starts: list[int], loose: list[tuple[int, int]]
) -> tuple[list[int], list[int]]:
    """Every key in time order, the loose ones after the stored items that start no later;
    and where the loose ones are in it."""
    order: list[int] = []
    placed: list[int] = []
    taken = 0
    for key, start in loose:
        place = bisect_right(starts, start)
        order += keys[taken:place]
        taken = place
        placed.append(len(order))
        order.append(key)
    order += keys[taken:]
    return order, placed


def _windows(order: list[int], placed: list[int], ends: tuple[bool, bool]) -> list[tuple[int, int]]:
    """Stretches [low, high) of `order` to lay out afresh: each around loose keys, widened on
    both sides until it has room, and merged with the stretch before it if they meet."""
    windows: list[tuple[int, int]] = []
    for at in placed:
        low, high = at, at + 1
        if windows and windows[-1][1] > at:
            continue  # taken in by the stretch before
        width = 1
        while True:
            if windows and windows[-1][1] >= low:
                low = windows.pop()[0]
            if _fits(order, low, high, ends):
                break
            low, high = max(0, low - width), min(len(order), high + width)
            width *= 2
        windows.append((low, high))
    return windows


def _bounds(order: list[int], low: int, high: int, ends: tuple[bool, bool]) -> tuple[int, int]:
    """The keys that bound a stretch: its neighbours', or 0 and `KEY_SPACE` at the ends of
    the timeline. A stretch that reaches the end of what was read, short of the timeline's,
    needs more read."""
    if (low == 0 and not ends[0]) or (high == len(order) and not ends[1]):
        raise _TooNarrow
    before = order[low - 1] if low > 0 else 0
    after = order[high] if high < len(order) else KEY_SPACE
    return before, after


def _fits(order: list[int], low: int, high: int, ends: tuple[bool, bool]) -> bool:
    """Whether the stretch can be laid out with at least half a step between its items, or
    over the whole key space (every item, which always can). A neighbour under a temporary
    key does not bound a stretch: that one must take it in."""
    before, after = _bounds(order, low, high, ends)
    if before >= KEY_SPACE or after > KEY_SPACE:
        return False
    if low == 0 and high == len(order):
        return True
    return _step(before, after, high - low) >= max(2, KEY_STEP // 2)


def _step(before: int, after: int, n: int) -> int:
    if after == KEY_SPACE or before == 0:
        return min((after - before) // (n + 1), KEY_STEP)
    return (after - before) // (n + 1)


def _relaid(order: list[int], low: int, high: int, ends: tuple[bool, bool]) -> list[int]:
    """New keys, in order, for the stretch [low, high) of `order`."""
    n = high - low
    before, after = _bounds(order, low, high, ends)
    if low == 0 and high == len(order):
        return laid_out(n)
    step = _step(before, after, n)
    if before == 0:
        return [after - step * (n - k) for k in range(n)]
    return [before + step * (k + 1) for k in range(n)]


def _move(db: sqlite_utils.Database, moved: dict[int, int]) -> None:
    """Give items new keys, with their links and tags; those in the full-text index are
    taken out under the old key and put back under the new one."""
    sql = "SELECT id FROM items_fts_docsize WHERE id IN ({})"
    indexed = [r[0] for r in select_in(db, sql, sorted(moved))]
    text_index.take_out(db, indexed)
    db.execute("CREATE TEMP TABLE IF NOT EXISTS rekey (old INTEGER PRIMARY KEY, new INTEGER)")
    db.execute("DELETE FROM temp.rekey")
    db.conn.executemany("INSERT INTO temp.rekey VALUES (?, ?)", moved.items())
    for table in ("items", *ITEM_TABLES):
        column = "key" if table == "items" else "item"
        db.execute(
            f"UPDATE {table} SET {column} = -{column} "
            f"WHERE {column} IN (SELECT old FROM temp.rekey)"
        )
        db.execute(
            f"UPDATE {table} SET {column} = "
            f"(SELECT new FROM temp.rekey WHERE old = -{table}.{column}) WHERE {column} < 0"
        )
    db.execute("DELETE FROM temp.rekey")
    again = [moved[k] for k in indexed]
    text_index.put_in(db, again, same_words=again)
