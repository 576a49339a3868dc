"""What a capture reads before it proposes drafts: the actors to recognise, and what was
captured from the same article before. Read-only; accepted drafts go through the writer."""

from __future__ import annotations

import json

import sqlite_utils


def known_actors(db: sqlite_utils.Database) -> list[tuple[str, str, list[str], str]]:
    """(id, name, aliases, kind) of every actor."""
    return [
        (id_, name, json.loads(aliases or "[]"), kind or "person")
        for id_, name, aliases, kind in db.execute("SELECT id, name, aliases, kind FROM actors")
    ]


def article_source(db: sqlite_utils.Database, url: str | None, title: str | None) -> str | None:
    """The stored source of an article: the one at its address, or (for an article without
    one) the one with its title and no address."""
    if url:
        sql, value = "SELECT id FROM sources WHERE url = ? ORDER BY id LIMIT 1", url
    elif title:
        sql = "SELECT id FROM sources WHERE url IS NULL AND title = ? ORDER BY id LIMIT 1"
        value = title
    else:
        return None
    row = db.execute(sql, [value]).fetchone()
    return None if row is None else str(row[0])


def statements_citing(db: sqlite_utils.Database, source_id: str) -> set[tuple[str, str]]:
    """(speaker id, words) of the statements that cite this source."""
    rows = db.execute(
        "SELECT i.speaker, i.body FROM items i JOIN item_sources l ON l.item = i.key "
        "JOIN sources s ON s.key = l.source WHERE s.id = ? AND i.kind = 'statement'",
        [source_id],
    )
    return {(speaker or "", body or "") for speaker, body in rows}
