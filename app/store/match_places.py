"""Where a search found an item that it found only through what the item links to: which
actor's name or alias, or which source's title, publisher or author held the words. Asked
only for the items a page shows, and only for those whose own words hold no hit.

The index's `actors` and `sources` columns hold each actor's (source's) words one after the
other, as the view `items_text` joins them; `highlight()` marks the hits in that text, so the
offset of the first mark says whose words it fell in.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

import sqlite_utils

from app.store.long_snippets import HIT_END, HIT_START

ACTOR_LABEL = "matched in: actor "
SOURCE_LABEL = "matched in source: "
_CHUNK = 500
_ACTORS = 4
_SOURCES = 5
"""The columns of `items_fts` that hold the words of what an item links to."""
_LINKED = {
    "actors": "SELECT l.item, a.name, coalesce(a.aliases, '') FROM item_actors l "
    "JOIN actors a ON a.key = l.actor WHERE l.item IN ({}) ORDER BY l.item, l.pos",
    "sources": "SELECT l.item, coalesce(s.title, ''), coalesce(s.publisher, ''), "
    "coalesce(s.author, '') FROM item_sources l JOIN sources s ON s.key = l.source "
    "WHERE l.item IN ({}) ORDER BY l.item, l.pos",
}


def with_link_matches(db: sqlite_utils.Database, expression: str, rows: list[tuple]) -> list[tuple]:
    """The rows (the key first, the snippet last) with, in place of a missing snippet, where
    the item matched ("matched in: actor Dmitry Peskov", "matched in source: <title>")."""
    keys = [row[0] for row in rows if row[-1] is None]
    if not keys:
        return rows
    found = link_matches(db, expression, keys)
    return [(*row[:-1], found.get(row[0])) if row[-1] is None else row for row in rows]


def link_matches(db: sqlite_utils.Database, expression: str, keys: Sequence[int]) -> dict[int, str]:
    """For each of these items that the expression matches by its actors' or its sources'
    words, what it matched in, an actor before a source."""
    places: dict[int, str] = {}
    for i in range(0, len(keys), _CHUNK):
        chunk = list(keys[i : i + _CHUNK])
        marks = ",".join("?" * len(chunk))
        hits = db.execute(
            f"SELECT rowid, highlight(items_fts, {_ACTORS}, ?, ?), "
            f"highlight(items_fts, {_SOURCES}, ?, ?) FROM items_fts "
            f"WHERE items_fts MATCH ? AND rowid IN ({marks})",
            [HIT_START, HIT_END, HIT_START, HIT_END, expression, *chunk],
        ).fetchall()
        actors = _linked(db, "actors", chunk)
        sources = _linked(db, "sources", chunk)
        for key, in_actors, in_sources in hits:
            place = _actor_place(in_actors, actors.get(key, []))
            if place is None:
                place = _source_place(in_sources, sources.get(key, []))
            if place is not None:
                places[key] = place
    return places


def _linked(db: sqlite_utils.Database, kind: str, keys: list[int]) -> dict[int, list[tuple]]:
    """Each item's actors (name, aliases) or sources (title, publisher, author), in order."""
    linked: dict[int, list[tuple]] = {}
    sql = _LINKED[kind].format(",".join("?" * len(keys)))
    for key, *words in db.execute(sql, keys):
        linked.setdefault(key, []).append(tuple(words))
    return linked


def _actor_place(marked: str | None, actors: list[tuple]) -> str | None:
    found = _hit_in(marked, [" ".join(words) for words in actors])
    if found is None:
        return None
    index, offset = found
    name, aliases = actors[index]
    if offset < len(name):
        return ACTOR_LABEL + name
    alias = _alias_at(aliases, offset - len(name) - 1)
    return ACTOR_LABEL + name + (f" (as “{alias}”)" if alias else "")


def _source_place(marked: str | None, sources: list[tuple]) -> str | None:
    found = _hit_in(marked, [" ".join(words) for words in sources])
    if found is None:
        return None
    title, publisher, author = sources[found[0]]
    return SOURCE_LABEL + (title or publisher or author)


def _hit_in(marked: str | None, parts: list[str]) -> tuple[int, int] | None:
    """Which of the parts (joined by spaces into `marked`, hits marked) the first hit falls
    in, and at what offset within it; None if nothing is marked."""
    if not marked or HIT_START not in marked:
        return None
    offset = marked.index(HIT_START)
    for index, part in enumerate(parts):
        if offset < len(part):
            return index, offset
        offset -= len(part) + 1
    return None


def _alias_at(aliases: str, offset: int) -> str | None:
    """The alias whose spelling in the stored list (JSON) covers `offset`."""
    try:
        names = json.loads(aliases)
    except ValueError:
        return None
    at = 0
    for name in names if isinstance(names, list) else []:
        spelt = json.dumps(name, ensure_ascii=False)
        at = aliases.find(spelt, at)
        if at < 0:
            return None
        if at <= offset < at + len(spelt):
            return str(name)
        at += len(spelt)
    return None
