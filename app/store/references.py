"""Which records refer to which, and which ids are taken: what an edit reads before it
decides what it changes. Read-only."""

from __future__ import annotations

from collections.abc import Sequence

import sqlite_utils

from app.store.queries import select_in
from app.store.schema import RECORD_TABLES


def statements_made_at(db: sqlite_utils.Database, event_ids: Sequence[str]) -> list[str]:
    """Ids of the statements said at these events."""
    sql = "SELECT id FROM items WHERE event IN ({}) AND kind = 'statement' ORDER BY key"
    return [r[0] for r in select_in(db, sql, event_ids)]


def items_naming(db: sqlite_utils.Database, actor_ids: Sequence[str]) -> list[str]:
    """Ids of the items that name these actors (a statement its speaker, an event its actors)."""
    sql = (
        "SELECT DISTINCT i.id FROM items i JOIN item_actors l ON l.item = i.key "
        "JOIN actors a ON a.key = l.actor WHERE a.id IN ({})"
    )
    return [r[0] for r in select_in(db, sql, actor_ids)]


def items_citing(db: sqlite_utils.Database, source_ids: Sequence[str]) -> list[str]:
    """Ids of the items that cite these sources."""
    sql = (
        "SELECT DISTINCT i.id FROM items i JOIN item_sources l ON l.item = i.key "
        "JOIN sources s ON s.key = l.source WHERE s.id IN ({})"
    )
    return [r[0] for r in select_in(db, sql, source_ids)]


def source_at(db: sqlite_utils.Database, url: str) -> str | None:
    """The id of the source at this address, if one is stored."""
    row = db.execute("SELECT id FROM sources WHERE url = ? ORDER BY id LIMIT 1", [url]).fetchone()
    return None if row is None else str(row[0])


def item_kind(db: sqlite_utils.Database, item_id: str) -> str | None:
    """'statement', an event's kind, or None if there is no such item."""
    row = db.execute("SELECT kind FROM items WHERE id = ?", [item_id]).fetchone()
    return None if row is None else str(row[0])


def taken(db: sqlite_utils.Database, kind: str, id_: str) -> bool:
    """Whether an item, actor, track or source already has this id."""
    table = "items" if kind == "item" else RECORD_TABLES[kind]
    return db.execute(f"SELECT 1 FROM {table} WHERE id = ?", [id_]).fetchone() is not None
