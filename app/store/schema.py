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
LONG_SPAN_SECONDS = 400 * 86_400
"""Items longer than this are indexed apart so window queries need not scan from the start."""

Migration = Callable[[sqlite_utils.Database], None]


def _create_v1(db: sqlite_utils.Database) -> None:
    db.table("meta").create({"key": str, "value": str}, pk="key")
    db.table("actors").create(
        {
            "id": str,
            "name": str,
            "aliases": str,
            "kind": str,
            "role": str,
            "affiliation": str,
            "country": str,
        },
        pk="id",
        not_null={"name", "kind"},
    )
    db.table("tracks").create(
        {"id": str, "name": str, "description": str, "color": str}, pk="id", not_null={"name"}
    )
    db.table("sources").create(
        {
            "id": str,
            "url": str,
            "title": str,
            "publisher": str,
            "author": str,
            "published": str,
            "accessed": str,
            "archived_text": str,
        },
        pk="id",
    )
    db.table("items").create(
        {
            "key": int,
            "id": str,
            "kind": str,
            "start": int,
            "end": int,
            "precision": int,
            "start_text": str,
            "end_text": str,
            "title": str,
            "body": str,
            "extra": str,
            "place": str,
            "speaker": str,
            "event": str,
            "attribution": str,
            "language": str,
            "tally": str,
        },
        pk="key",
        not_null={"id", "kind", "start", "end", "precision", "start_text"},
    )
    db.table("items").create_index(["id"], unique=True)
    db.table("items").create_index(["start"])
    db.table("items").create_index(["speaker"])
    db.table("items").create_index(["event"])
    db.execute(
        f"CREATE INDEX idx_items_long ON items(start, end) WHERE end - start > {LONG_SPAN_SECONDS}"
    )
    for table, other in (
        ("item_actors", "actor"),
        ("item_tracks", "track"),
        ("item_sources", "source"),
    ):
        db.table(table).create(
            {"item": int, other: str, "pos": int, "own": int},
            pk=("item", other),
            foreign_keys=[("item", "items", "key")],
        )
        db.table(table).create_index([other, "item"])
    db.table("items").enable_fts(
        ["title", "body", "extra"], tokenize=FTS_TOKENIZER, create_triggers=True
    )


MIGRATIONS: tuple[Migration, ...] = (_create_v1,)
SCHEMA_VERSION = len(MIGRATIONS)
