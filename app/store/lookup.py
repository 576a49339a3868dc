"""What an import matches against: records already in the database, found by id, name,
address, title and date, or speaker, date and text. Read-only; the writer writes."""

from __future__ import annotations

import json
from collections.abc import Sequence

import sqlite_utils

from app.core.model import Event, Statement
from app.store.queries import select_in
from app.store.records import ITEM_COLUMNS, item_record, links_of

_RECORD_TABLES = ("items", "actors", "tracks", "sources")


def is_empty(db: sqlite_utils.Database) -> bool:
    """True if the database holds no item, actor, track or source."""
    return not any(
        db.execute(f"SELECT EXISTS (SELECT 1 FROM {table})").fetchone()[0]
        for table in _RECORD_TABLES
    )


def actor_names(db: sqlite_utils.Database) -> list[tuple[str, str, list[str]]]:
    """(id, name, aliases) of every actor."""
    return [
        (id_, name, json.loads(aliases or "[]"))
        for id_, name, aliases in db.execute("SELECT id, name, aliases FROM actors")
    ]


def track_names(db: sqlite_utils.Database) -> list[tuple[str, str]]:
    """(id, name) of every track."""
    return [(id_, name) for id_, name in db.execute("SELECT id, name FROM tracks")]


def sources_by_url(db: sqlite_utils.Database, urls: Sequence[str]) -> dict[str, str]:
    """Address → id of the sources at these addresses (of two, the later id)."""
    sql = "SELECT id, url FROM sources WHERE url IN ({}) ORDER BY id"
    return {url: id_ for id_, url in select_in(db, sql, urls)}


def sources_by_title(db: sqlite_utils.Database, titles: Sequence[str]) -> dict[str, str]:
    """Title → id of the sources without an address that have these titles (of two, the
    later id)."""
    sql = "SELECT id, title FROM sources WHERE url IS NULL AND title IN ({}) ORDER BY id"
    return {title: id_ for id_, title in select_in(db, sql, titles)}


def source_ids(db: sqlite_utils.Database, ids: Sequence[str]) -> set[str]:
    """Those of `ids` that sources have."""
    return {r[0] for r in select_in(db, "SELECT id FROM sources WHERE id IN ({})", ids)}


def item_ids(db: sqlite_utils.Database, ids: Sequence[str]) -> set[str]:
    """Those of `ids` that items have."""
    return {r[0] for r in select_in(db, "SELECT id FROM items WHERE id IN ({})", ids)}


def events_by_title(db: sqlite_utils.Database, titles: Sequence[str]) -> dict[tuple[str, str], str]:
    """(title, start as ISO text) → id of the events with these titles (of two, the earlier)."""
    sql = (
        "SELECT id, title, start_text FROM items WHERE kind != 'statement' "
        "AND title IN ({}) ORDER BY key"
    )
    found: dict[tuple[str, str], str] = {}
    for id_, title, start in select_in(db, sql, titles):
        found.setdefault((title, start), id_)
    return found


def statements_by_text(
    db: sqlite_utils.Database, texts: Sequence[str]
) -> dict[tuple[str, str, str], str]:
    """(speaker id, date as ISO text, text) → id of the statements with these texts (of two,
    the earlier)."""
    sql = (
        "SELECT id, speaker, start_text, body FROM items WHERE kind = 'statement' "
        "AND body IN ({}) ORDER BY key"
    )
    found: dict[tuple[str, str, str], str] = {}
    for id_, speaker, start, body in select_in(db, sql, texts):
        found.setdefault((speaker, start, body), id_)
    return found


def items_by_id(db: sqlite_utils.Database, ids: Sequence[str]) -> dict[str, Event | Statement]:
    """The items with these ids, as stored, with their own actors, tracks and sources."""
    sql = f"SELECT items.key, {ITEM_COLUMNS} FROM items WHERE id IN ({{}})"
    rows = list(select_in(db, sql, sorted(set(ids))))
    keys = [r[0] for r in rows]
    links = links_of(db, keys)
    records = (item_record(columns, key, links) for key, *columns in rows)
    return {record.id: record for record in records}
