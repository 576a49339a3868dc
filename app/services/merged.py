"""A file made before a merge names records by the ids they had then: each id merged away
is read as the id it lives on as, so importing a colleague's old export merges into the kept
records instead of bringing the duplicates back."""

from __future__ import annotations

from dataclasses import replace
from typing import TypeVar

import sqlite_utils

from app.core.model import Dataset, Event, Statement
from app.store.references import merged_into


def resolve_merged(db: sqlite_utils.Database, data: Dataset) -> Dataset:
    """`data` with every merged-away id replaced by the kept one; the actors and sources
    merged away are left out (the kept ones are in the database)."""
    records: list[Event | Statement] = [*data.events, *data.statements]
    items = merged_into(
        db, "item", [r.id for r in records] + [s.event for s in data.statements if s.event]
    )
    actors = merged_into(db, "actor", [a.id for a in data.actors]
                         + [a for e in data.events for a in e.actors]
                         + [s.speaker for s in data.statements])  # fmt: skip
    sources = merged_into(
        db, "source", [s.id for s in data.sources] + [x for r in records for x in r.sources]
    )
    if not (items or actors or sources):
        return data

    def many(ids: tuple[str, ...], found: dict[str, str]) -> tuple[str, ...]:
        return tuple(dict.fromkeys(found.get(i, i) for i in ids))

    events = [
        (e.id, replace(e, id=items.get(e.id, e.id), actors=many(e.actors, actors),
                       sources=many(e.sources, sources)))
        for e in data.events
    ]  # fmt: skip
    statements = [
        (s.id, replace(s, id=items.get(s.id, s.id), speaker=actors.get(s.speaker, s.speaker),
                       event=items.get(s.event, s.event) if s.event else None,
                       sources=many(s.sources, sources)))
        for s in data.statements
    ]  # fmt: skip
    return Dataset(
        data.title,
        data.description,
        [a for a in data.actors if a.id not in actors],
        data.tracks,
        [s for s in data.sources if s.id not in sources],
        _once(events),
        _once(statements),
    )


R = TypeVar("R", Event, Statement)


def _once(records: list[tuple[str, R]]) -> list[R]:
    """Records as renamed, each id once: where the file holds both the kept record and one
    merged into it, the kept one's own version stands (the merge chose it)."""
    chosen: dict[str, tuple[str, R]] = {}
    for original, record in records:
        earlier = chosen.get(record.id)
        if earlier is None or (original == record.id and earlier[0] != record.id):
            chosen[record.id] = (original, record)
    return [record for _, record in chosen.values()]
