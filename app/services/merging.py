"""Merging duplicates the analyst chose: two items or two sources become one.

The kept record keeps its id; every link to the other moves to it; lists (tracks, sources,
actors) are joined; for the other fields the user picks, field by field, which one stays
(`take` names the fields whose value comes from the other record). Like every edit, a merge
is returned as an `Edit` and written, and undone, as one step.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import fields, replace
from typing import Any

import sqlite_utils

from app.core.model import Event, Source, Statement, unique_tags
from app.services.editing import Edit, FieldError, merged_away
from app.store import references
from app.store.changes import Kind, Record, Ref, read_state

JOINED = ("tracks", "sources", "actors", "tags")
"""Fields whose values are lists: a merge keeps the values of both (a tag once, whatever its
case)."""


def differing_fields(
    one: Event | Statement | Source, other: Event | Statement | Source
) -> list[str]:
    """The fields, other than the id and the joined lists, where two records disagree: the
    ones a user has to choose between."""
    return [
        f.name
        for f in fields(one)
        if f.name != "id"
        and f.name not in JOINED
        and getattr(one, f.name) != getattr(other, f.name)
    ]


def merge_items_edit(
    db: sqlite_utils.Database, keep: str, other: str, take: Collection[str] = ()
) -> Edit:
    """Two events, or two statements, become `keep`; statements made at the other event
    are then made at the kept one."""
    kept, gone = _pair(db, "item", keep, other)
    if not isinstance(kept, Event | Statement) or not isinstance(gone, type(kept)):
        raise FieldError("Merge", "An event and a statement cannot be merged.")
    merged = _merged(kept, gone, take)
    after: dict[Ref, Record | None] = {
        ("item", keep): merged, ("item", other): None, **merged_away("item", other, keep)
    }  # fmt: skip
    if isinstance(kept, Event):
        made_there = references.statements_made_at(db, [other])
        for ref, record in read_state(db, [("item", i) for i in made_there]).records.items():
            if isinstance(record, Statement):
                after[ref] = replace(record, event=keep)
    kind = "events" if isinstance(kept, Event) else "statements"
    return Edit(f"Merge 2 {kind}", after, keep)


def merge_sources_edit(
    db: sqlite_utils.Database, keep: str, other: str, take: Collection[str] = ()
) -> Edit:
    """Two sources become `keep`: every item citing the other cites the kept one; an empty
    field of the kept source takes the other's value unless the user chose otherwise."""
    kept, gone = _pair(db, "source", keep, other)
    if not isinstance(kept, Source) or not isinstance(gone, Source):
        raise FieldError("Merge", "Only sources can be merged with sources.")
    filled = {
        f.name: getattr(gone, f.name)
        for f in fields(kept)
        if f.name != "id" and getattr(kept, f.name) is None
    }
    values: dict[str, Any] = {**filled, **{name: getattr(gone, name) for name in take}}
    merged = replace(kept, **values)
    after: dict[Ref, Record | None] = {("source", keep): merged}
    citing = references.items_citing(db, [other])
    for ref, record in read_state(db, [("item", i) for i in citing]).records.items():
        if isinstance(record, Event | Statement):
            moved = tuple(dict.fromkeys(keep if s == other else s for s in record.sources))
            after[ref] = replace(record, sources=moved)
    after["source", other] = None
    after.update(merged_away("source", other, keep))
    return Edit("Merge 2 sources", after)


def _pair(db: sqlite_utils.Database, kind: Kind, keep: str, other: str) -> tuple[Record, Record]:
    if keep == other:
        raise FieldError("Merge", "A record cannot be merged with itself.")
    state = read_state(db, [(kind, keep), (kind, other)])
    kept, gone = state.record(kind, keep), state.record(kind, other)
    if kept is None or gone is None:
        missing = keep if kept is None else other
        raise FieldError("Merge", f"There is no {kind} {missing!r} to merge.")
    return kept, gone


def _merged(kept: Event | Statement, gone: Event | Statement, take: Collection[str]) -> Record:
    values: dict[str, Any] = {name: getattr(gone, name) for name in take if name not in JOINED}
    for name in JOINED:
        if hasattr(kept, name):
            both = (*getattr(kept, name), *getattr(gone, name))
            values[name] = unique_tags(both) if name == "tags" else tuple(dict.fromkeys(both))
    merged: Record = replace(kept, **values)
    return merged
