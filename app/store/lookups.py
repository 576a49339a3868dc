"""Small lookups the window makes: what the filter lists and the forms offer (actors, tracks,
tags), how many items there are, the dataset's name, and which key an item id has. Plain rows,
no Qt: the ui shapes them into its own entries."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

import sqlite_utils

from app.store.queries import aliases


@dataclass(frozen=True, slots=True)
class ActorChoice:
    id: str
    name: str
    kind: str
    affiliation: str | None
    aliases: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class TrackChoice:
    id: str
    name: str
    color: str | None


@dataclass(frozen=True, slots=True)
class TagChoice:
    tag: str
    """As most of its items spell it (the spelling of the earliest item on a tie)."""
    key: str
    """What the Filter compares (`model.tag_key`): "Brief" and "brief" are one tag."""
    count: int
    """How many items carry it, whatever the Filter."""


def actor_choices(db: sqlite_utils.Database) -> list[ActorChoice]:
    """Every actor, with what the filter list groups and searches it by."""
    rows = db.execute("SELECT id, name, kind, affiliation, aliases FROM actors")
    return [ActorChoice(id_, name, kind, aff, aliases(raw)) for id_, name, kind, aff, raw in rows]


def track_choices(db: sqlite_utils.Database) -> list[TrackChoice]:
    """Every track by name, with its colour."""
    rows = db.execute("SELECT id, name, color FROM tracks ORDER BY name")
    return [TrackChoice(*row) for row in rows]


def tag_choices(db: sqlite_utils.Database) -> list[TagChoice]:
    """Every tag in the database, once whatever its case, in alphabetical order."""
    rows = db.execute(
        "SELECT folded, tag, count(*), min(item) FROM item_tags GROUP BY folded, tag"
    ).fetchall()
    spellings: dict[str, list[tuple[int, int, str]]] = {}
    for folded, tag, n, first in rows:
        spellings.setdefault(folded, []).append((-n, first, tag))
    return [
        TagChoice(min(found)[2], folded, sum(-n for n, _first, _tag in found))
        for folded, found in sorted(spellings.items())
    ]


def item_count(db: sqlite_utils.Database) -> int:
    """How many items (events and statements) the database holds."""
    return int(db.execute("SELECT count(*) FROM items").fetchone()[0])


def dataset_title(db: sqlite_utils.Database) -> str | None:
    """The name the dataset was given (the sample's, or that of the first file imported into
    an empty database), on one line; None if it has none."""
    row = db.execute("SELECT value FROM meta WHERE key = 'title'").fetchone()
    title = " ".join(str(row[0]).split()) if row and row[0] is not None else ""
    return title or None


def key_of(db: sqlite_utils.Database, item_id: str) -> int | None:
    """The integer key of the item with this id, or None if there is none."""
    row = db.execute("SELECT key FROM items WHERE id = ?", [item_id]).fetchone()
    return None if row is None else int(row[0])


def tag_names(db: sqlite_utils.Database) -> list[str]:
    """Every tag in use, one spelling for each whatever its case, in alphabetical order."""
    rows = db.execute("SELECT min(tag) FROM item_tags GROUP BY folded ORDER BY folded")
    return [str(r[0]) for r in rows]


def ids_of(db: sqlite_utils.Database, keys: Sequence[int]) -> list[str]:
    """The ids of the items with these keys, in the order given; a key no item has is left
    out."""
    rows = db.execute(
        "SELECT i.id FROM json_each(?) j JOIN items i ON i.key = j.value ORDER BY j.key",
        [json.dumps([int(k) for k in keys])],
    )
    return [str(r[0]) for r in rows]


def keys_of(db: sqlite_utils.Database, item_ids: Sequence[str]) -> list[int]:
    """The keys of the items with these ids, in the order given; an id no item has is left
    out."""
    rows = db.execute(
        "SELECT i.key FROM json_each(?) j JOIN items i ON i.id = j.value ORDER BY j.key",
        [json.dumps(list(item_ids))],
    )
    return [int(r[0]) for r in rows]
