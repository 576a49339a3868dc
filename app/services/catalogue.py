"""Actors, tracks and sources as the analyst makes and changes them, from forms as typed.

Like the item verbs (`app.services.editing`), each returns an `Edit`, checked field by field,
and writes nothing itself. Removing a track or a source takes it off every item that names
it in the same step; an actor who still speaks is not removed (a statement needs its
speaker): merge them into another actor instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

import sqlite_utils

from app.core.dates import DateError, PartialDate, parse_partial
from app.core.model import ACTOR_KINDS, Actor, Event, Source, Statement, Track
from app.formats.builder import digest
from app.services.editing import (
    Edit,
    FieldError,
    _line,
    _new_record_id,
    _short,
    _text,
    check_address,
)
from app.store import references
from app.store.changes import Record, Ref, read_state

_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


@dataclass(frozen=True, slots=True)
class ActorForm:
    name: str
    aliases: tuple[str, ...] = ()
    """Other names, in any script: "Песков", "Peskov"."""
    kind: str = "person"
    role: str = ""
    affiliation: str = ""
    country: str = ""


@dataclass(frozen=True, slots=True)
class TrackForm:
    name: str
    description: str = ""
    color: str = ""
    """'#rrggbb', or empty for the palette's."""


@dataclass(frozen=True, slots=True)
class SourceForm:
    url: str = ""
    title: str = ""
    publisher: str = ""
    author: str = ""
    published: str = ""
    accessed: str = ""
    archived_text: str = ""
    """The offline copy: the source's text as read, kept in case the page goes."""


def actor_edit(db: sqlite_utils.Database, form: ActorForm, original: Actor | None = None) -> Edit:
    name = _line(form.name, "Name", required=True)
    if form.kind not in ACTOR_KINDS:
        raise FieldError("Kind", f"Kind must be one of {', '.join(ACTOR_KINDS)}.")
    aliases = tuple(dict.fromkeys(a for a in (_line(x, "Aliases") for x in form.aliases) if a))
    country = _line(form.country, "Country")
    record = Actor(
        original.id if original else _new_record_id(db, "actor", name), name, aliases,
        form.kind, _line(form.role, "Role") or None,
        _line(form.affiliation, "Affiliation") or None, country or None,
    )  # fmt: skip
    return Edit(
        "New actor" if original is None else f"Edit actor {name}", {("actor", record.id): record}
    )


def track_edit(db: sqlite_utils.Database, form: TrackForm, original: Track | None = None) -> Edit:
    name = _line(form.name, "Name", required=True)
    color = form.color.strip()
    if color and not _COLOUR.match(color):
        raise FieldError("Colour", f"“{_short(color)}” is not a colour: write it as #rrggbb.")
    record = Track(
        original.id if original else _new_record_id(db, "track", name), name,
        _text(form.description, "Description") or None, color.lower() or None,
    )  # fmt: skip
    return Edit(
        "New track" if original is None else f"Edit track {name}", {("track", record.id): record}
    )


def source_edit(
    db: sqlite_utils.Database, form: SourceForm, original: Source | None = None
) -> Edit:
    url = _line(form.url, "Address")
    if url:
        check_address(url, "Address")
    title = _line(form.title, "Title")
    if not url and not title:
        raise FieldError("Address", "A source needs its address or, if it has none, its title.")
    new_id = f"source/{_digest(url)}" if url else _new_record_id(db, "source", title)
    record = Source(
        original.id if original else new_id, url or None, title or None,
        _line(form.publisher, "Publisher") or None, _line(form.author, "Author") or None,
        _date(form.published, "Published"), _date(form.accessed, "Accessed"),
        _text(form.archived_text, "Offline copy") or None,
    )  # fmt: skip
    if original is None and references.taken(db, "source", record.id):
        raise FieldError("Address", f"A source at {_short(url)} is already stored.")
    label = "New source" if original is None else "Edit source"
    return Edit(label, {("source", record.id): record})


def remove_record_edit(db: sqlite_utils.Database, kind: str, record_id: str) -> Edit:
    """An actor, track or source removed; a track or source is taken off every item first."""
    if kind == "actor":
        speaking = references.items_naming(db, [record_id])
        said = [i for i in speaking if references.item_kind(db, i) == "statement"]
        if said:
            raise FieldError(
                "Actor",
                f"They speak in {len(said)} statement(s): merge them into another actor "
                "instead, so the statements keep a speaker.",
            )
        return _without(db, "actor", record_id, speaking, "actors")
    if kind == "track":
        return _without(
            db, "track", record_id, references.items_on_track(db, [record_id]), "tracks"
        )
    if kind == "source":
        return _without(
            db, "source", record_id, references.items_citing(db, [record_id]), "sources"
        )
    raise FieldError("Kind", f"{kind!r} records cannot be removed here.")


def _without(
    db: sqlite_utils.Database, kind: str, record_id: str, item_ids: list[str], field: str
) -> Edit:
    after: dict[Ref, Record | None] = {}
    for ref, record in read_state(db, [("item", i) for i in item_ids]).records.items():
        if isinstance(record, Event | Statement) and hasattr(record, field):
            values: dict[str, Any] = {
                field: tuple(x for x in getattr(record, field) if x != record_id)
            }
            after[ref] = replace(record, **values)
    after[kind, record_id] = None  # type: ignore[index]
    n = len(item_ids)
    suffix = f" (from {n} item{'s' if n != 1 else ''})" if n else ""
    return Edit(f"Remove {kind}{suffix}", after)


def _date(typed: str, label: str) -> PartialDate | None:
    if not typed.strip():
        return None
    try:
        return parse_partial(_line(typed, label))
    except DateError as error:
        raise FieldError(label, f"“{_short(typed)}” is not a date: {error}") from None


def _digest(url: str) -> str:
    return digest("url", url)
