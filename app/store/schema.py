"""The schema, built by append-only migrations; `PRAGMA user_version` counts those applied.

Items (events and statements) share one table whose integer key is their *time order*: keys
are spaced along the timeline, so the full-text index, which returns rowids in ascending
order, yields hits already in time order and a first page of a million matches costs no sort.
"""

from __future__ import annotations

from collections.abc import Callable

import sqlite_utils

APPLICATION_ID = 0x4243_484E  # "BCHN"
FTS_TOKENIZER = "unicode61 remove_diacritics 2"
FTS_HASH_BYTES = 64 * 1024 * 1024
"""Memory FTS5 may fill before it writes a segment: a large import tokenises in fewer, larger
segments (25 s → 15 s for a million items), at no cost to small writes."""
LONG_SPAN_SECONDS = 400 * 86_400
"""Items longer than this are indexed apart so window queries need not scan from the start."""
LINK_TABLES = {"item_actors": "actor", "item_tracks": "track", "item_sources": "source"}

Migration = Callable[[sqlite_utils.Database], None]


def _create_v1(db: sqlite_utils.Database) -> None:
    db.table("meta").create({"key": str, "value": str}, pk="key")
    db.table("actors").create(
        {"id": str, "name": str, "aliases": str, "kind": str, "role": str,
         "affiliation": str, "country": str},
        pk="id", not_null={"name", "kind"},
    )  # fmt: skip
    db.table("tracks").create(
        {"id": str, "name": str, "description": str, "color": str}, pk="id", not_null={"name"}
    )
    db.table("sources").create(
        {"id": str, "url": str, "title": str, "publisher": str, "author": str,
         "published": str, "accessed": str, "archived_text": str},
        pk="id",
    )  # fmt: skip
    db.table("items").create(
        {
            "key": int, "id": str, "kind": str, "start": int, "end": int, "precision": int,
            "start_text": str, "end_text": str, "title": str, "body": str, "place": str,
            "speaker": str, "event": str, "attribution": str, "language": str, "tally": str,
        },
        pk="key",
        not_null={"id", "kind", "start", "end", "precision", "start_text"},
    )  # fmt: skip
    db.table("items").create_index(["id"], unique=True)
    # (start, end) covers window queries: the rowid key rides along, no table lookups.
    db.table("items").create_index(["start", "end"])
    db.table("items").create_index(["event"])
    db.execute(
        f"CREATE INDEX idx_items_long ON items(start, end) WHERE end - start > {LONG_SPAN_SECONDS}"
    )
    for table, other in LINK_TABLES.items():
        # WITHOUT ROWID (sqlite-utils cannot say it): the links of an item sit together in key
        # order, so reading them is one range and a bulk load appends.
        db.execute(
            f"CREATE TABLE {table} (item INTEGER NOT NULL REFERENCES items(key), "
            f"{other} TEXT NOT NULL, pos INTEGER NOT NULL, own INTEGER NOT NULL, "
            f"PRIMARY KEY (item, {other})) WITHOUT ROWID"
        )
        db.table(table).create_index([other, "item"])
    db.table("items").enable_fts(
        ["title", "body", "place"], tokenize=FTS_TOKENIZER, create_triggers=True
    )
    db.execute("INSERT INTO items_fts (items_fts, rank) VALUES ('hashsize', ?)", [FTS_HASH_BYTES])
    db.table("actors").enable_fts(["name", "aliases"], tokenize=FTS_TOKENIZER, create_triggers=True)
    db.table("sources").enable_fts(
        ["title", "publisher", "author"], tokenize=FTS_TOKENIZER, create_triggers=True
    )


MIGRATIONS: tuple[Migration, ...] = (_create_v1,)
SCHEMA_VERSION = len(MIGRATIONS)
