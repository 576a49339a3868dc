"""Which records refer to which, and which ids are taken: what an edit reads before it
decides what it changes. Read-only."""

from __future__ import annotations

from collections.abc import Sequence

import sqlite_utils

from app.core.model import MergedId, merged_ref
from app.store.queries import select_in
from app.store.schema import INHERITED_POS, RECORD_TABLES


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


def items_on_track(db: sqlite_utils.Database, track_ids: Sequence[str]) -> list[str]:
    """Ids of the items on these tracks by their own choice (not only through their event)."""
    sql = (
        "SELECT DISTINCT i.id FROM items i JOIN item_tracks l ON l.item = i.key "
        f"JOIN tracks t ON t.key = l.track WHERE l.pos < {INHERITED_POS} AND t.id IN ({{}})"
    )
    return [r[0] for r in select_in(db, sql, track_ids)]


def all_ids(db: sqlite_utils.Database, kind: str) -> list[str]:
    """Every actor's, track's or source's id."""
    return [r[0] for r in db.execute(f"SELECT id FROM {RECORD_TABLES[kind]} ORDER BY id")]


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


MERGEABLE = ("item", "actor", "source")
MERGE_CHAIN = 20
"""How many merges one id may have gone through (A into B, B into C…) before a lookup
stops following them: more than any user makes, and a guard against a loop."""


def merged_records(db: sqlite_utils.Database, refs: Sequence[str]) -> list[MergedId]:
    """The stored merges of these `MergedId` ids ("kind:old id")."""
    pairs = [ref.split(":", 1) for ref in refs if ":" in ref]
    found: list[MergedId] = []
    for kind, old in pairs:
        row = db.execute(
            "SELECT kept FROM merged_ids WHERE kind = ? AND old = ?", [kind, old]
        ).fetchone()
        if row is not None:
            found.append(MergedId(merged_ref(kind, old), row[0]))
    return found


def remember_merged(db: sqlite_utils.Database, merges: Sequence[MergedId]) -> None:
    db.conn.executemany(
        "INSERT OR REPLACE INTO merged_ids (kind, old, kept) VALUES (?, ?, ?)",
        ((m.kind, m.old, m.kept) for m in merges),
    )


def forget_merged(db: sqlite_utils.Database, refs: Sequence[str]) -> None:
    db.conn.executemany(
        "DELETE FROM merged_ids WHERE kind = ? AND old = ?",
        (ref.split(":", 1) for ref in refs if ":" in ref),
    )


def merged_into(db: sqlite_utils.Database, kind: str, ids: Sequence[str]) -> dict[str, str]:
    """For those of `ids` that were merged away, the id each lives on as now (following a
    merge of the kept one in turn)."""
    if kind not in MERGEABLE:
        raise ValueError(f"{kind!r} records are not merged")
    sql = f"SELECT old, kept FROM merged_ids WHERE kind = '{kind}' AND old IN ({{}})"
    found = dict(select_in(db, sql, list(dict.fromkeys(ids))))
    for _ in range(MERGE_CHAIN):
        further = dict(select_in(db, sql, sorted(set(found.values()))))
        if not further:
            break
        found = {old: further.get(kept, kept) for old, kept in found.items()}
    return found
