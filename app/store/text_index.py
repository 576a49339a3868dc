"""Keeping the full-text index in step with the items, their links and the linked records.

An item's entry in `items_fts` holds its own words, the analyst's note and the names of what
it links to, each in a column of its own (see `schema._split_linked_names`). The index keeps
no copy of the text: an entry is taken out by giving it the words it was given (their order
and number do not matter), read from the view `items_text`. So the entries of the items a
write touches come out while the database still says what they held, and go back in once
the write is done.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

import sqlite_utils

from app.store import spellings
from app.store.queries import IN_CHUNK
from app.store.rows import NO_TEXT
from app.store.schema import FTS_HASH_BYTES, FTS_LEAF_BYTES, TEXT_COLUMNS, fill_spellings

_COLUMNS = ", ".join(TEXT_COLUMNS)
_NULLABLE = f"nullif(?, {NO_TEXT})"
_OWN_VALUES = ", ".join([_NULLABLE] * 4)
"""Title, body, place and note, as an item row holds them."""
AUTOMERGE, CRISISMERGE = 4, 16
"""FTS5's own defaults for merging segments, as the index keeps them between fills."""
FILL_HASH_BYTES, FILL_CRISISMERGE = 32 * 1024 * 1024, 1000
"""While it fills, the index writes a segment every 32 MB of terms (some twenty at a million
items) and merges none, however many: once filled, they are lifted out of the edits' merges,
or merged into one if they are too many for that (see `segment_levels`)."""
FILL_SETTINGS = {"automerge": 0, "crisismerge": FILL_CRISISMERGE, "hashsize": FILL_HASH_BYTES,
                 "pgsz": FTS_LEAF_BYTES}  # fmt: skip
INSERT_ENTRY = (
    f"INSERT INTO items_fts (rowid, {_COLUMNS}) VALUES (?, {_OWN_VALUES}, ?, ?, {_NULLABLE}, ?)"
)
"""An entry as `fill` takes it."""


def take_out(db: sqlite_utils.Database, keys: Iterable[int]) -> None:
    """Remove the entries of these items, before anything they are made of changes."""
    _each(
        db,
        f"INSERT INTO items_fts (items_fts, rowid, {_COLUMNS}) "
        f"SELECT 'delete', key, {_COLUMNS} FROM items_text WHERE key IN ({{}})",
        keys,
    )


def put_in(db: sqlite_utils.Database, keys: Iterable[int], same_words: Iterable[int] = ()) -> None:
    """Index these items as the database now holds them, and note their words' spellings,
    but for those of `same_words`, whose words were indexed before (only their links
    changed): noting a thousand items' spellings again was most of adding a track to them."""
    keys = list(keys)
    _each(
        db,
        f"INSERT INTO items_fts (rowid, {_COLUMNS}) "
        f"SELECT key, {_COLUMNS} FROM items_text WHERE key IN ({{}})",
        keys,
    )
    spellings.remember_items(db, set(keys).difference(same_words))


def fill(db: sqlite_utils.Database, entries: Iterable[tuple[object, ...]]) -> None:
    """Index new items from (key, title, body, place, note, actors, sources, event, links) in key
    order, as the view `items_text` gives them; `NO_TEXT` stands for a missing text of the
    item's own, as in item rows. Call `settle` once the transaction has committed.

    Segments are left unmerged while the index fills: a million items index in 9 s
    instead of 12.5 s, and search is as fast. The leaf size is set here too, for an index
    made before it was part of the schema."""
    configure(db.conn, **FILL_SETTINGS)
    db.conn.executemany(INSERT_ENTRY, entries)
    fill_spellings(db)


def settle(db: sqlite_utils.Database) -> None:
    """After the transaction that filled the index has committed: merge as usual from now
    on. (Set back before the commit, the merging would all happen in it, at the end.)"""
    configure(db.conn, automerge=AUTOMERGE, crisismerge=CRISISMERGE, hashsize=FTS_HASH_BYTES)


def configure(conn: sqlite3.Connection, **settings: int) -> None:
    """Set FTS5's own settings of the index (kept in the file, with the index)."""
    for name, value in settings.items():
        conn.execute("INSERT INTO items_fts (items_fts, rank) VALUES (?, ?)", [name, value])


def sound(db: sqlite_utils.Database) -> bool:
    """Whether the index's own structure reads whole (FTS5's check, without comparing it
    with the items): asked before a write, so nothing is added to a broken index."""
    try:
        db.execute("INSERT INTO items_fts (items_fts, rank) VALUES ('integrity-check', 0)")
    except sqlite3.DatabaseError as error:
        if error.sqlite_errorcode & 0xFF == sqlite3.SQLITE_READONLY:
            raise  # a file that cannot be written says so, it is not damage
        return False
    return True


def rebuild(db: sqlite_utils.Database) -> None:
    """Index every item afresh (after a bulk load or a renumbering)."""
    db.execute("INSERT INTO items_fts (items_fts) VALUES ('rebuild')")
    fill_spellings(db)


def _each(db: sqlite_utils.Database, sql: str, keys: Iterable[int]) -> None:
    """Run `sql`, whose `{}` stands for a list of keys, over all the keys, a chunk at a time."""
    ordered = sorted(set(keys))
    for i in range(0, len(ordered), IN_CHUNK):
        chunk = ordered[i : i + IN_CHUNK]
        db.execute(sql.format(",".join("?" * len(chunk))), chunk)
