"""What the analyst's edits do: forms as typed become whole records, checked field by field.

Each verb reads what it needs, checks the form and returns an `Edit`: the records as they
should be after it (None for a record to remove) and the words that name it in the Edit menu.
Nothing is written here; `apply` hands an Edit to the store, which writes it in one
transaction and returns the `Change` that undoes it. The window and the command line share
these verbs, so both accept and refuse the same input with the same messages.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

import sqlite_utils

from app.core.dates import DateError, DateSpan, PartialDate, parse_partial, parse_span
from app.core.model import (
    ATTRIBUTIONS,
    EVENT_KINDS,
    MAX_TAG_LENGTH,
    STATEMENT,
    TAG_SEPARATOR,
    Actor,
    Event,
    MergedId,
    Source,
    Statement,
    merged_ref,
    tag_key,
    unique_tags,
)
from app.formats.builder import digest, fold, item_id, slug
from app.store import references
from app.store.changes import Change, Kind, Record, Ref, State, make_change, read_state
from app.store.records import UnknownName, resolve

MAX_TEXT = 200_000
"""Characters in one statement's words, an event's summary or an analyst's note: a long
speech's transcript is a few tens of thousands; a paste beyond this is a mistake."""
MAX_LINE = 1_000
"""Characters in a one-line field: a name, a title, a place, an address."""
_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")
_URL = re.compile(r"^(?:https?://[^\s/?#]+[^\s]*|mailto:[^\s@]+@[^\s@]+)$", re.IGNORECASE)


class FieldError(ValueError):
    """A field cannot be saved as it is: `field` is its visible label ("Speaker", "Date")."""

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        super().__init__(message)


@dataclass(frozen=True, slots=True)
class Edit:
    """Records as they should be after an action, and the action's name for the Edit menu."""

    label: str
    after: dict[Ref, Record | None]
    item: str | None = None
    """The item to show once it is done (the one made or edited)."""


@dataclass(frozen=True, slots=True)
class StatementForm:
    """A statement as the user typed it: names, dates and addresses as written."""

    speaker: str
    date: str
    text: str
    attribution: str = "direct"
    language: str = ""
    event: str | None = None
    """An event's id, or None."""
    tracks: tuple[str, ...] = ()
    """Tracks by name or id."""
    sources: tuple[str, ...] = ()
    """Sources by id, or addresses: a new address becomes a new source."""
    new_speaker: bool = False
    """An unknown speaker becomes a new actor (else the form is refused, naming the field)."""
    note: str | None = None
    """The analyst's own note; None keeps the edited statement's (a form without the field
    never wipes it), "" clears it."""
    tags: tuple[str, ...] | None = None
    """Tags as typed; None keeps the edited statement's, () clears them."""


@dataclass(frozen=True, slots=True)
class EventForm:
    title: str
    kind: str
    date: str
    place: str = ""
    summary: str = ""
    actors: tuple[str, ...] = ()
    """By name, alias or id."""
    tracks: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    note: str | None = None
    """As `StatementForm.note`: None keeps the edited event's."""
    tags: tuple[str, ...] | None = None


@dataclass(slots=True)
class _Made:
    """Records a form needs that do not exist yet (a new speaker, a pasted address)."""

    records: dict[Ref, Record | None] = field(default_factory=dict)


def apply(db: sqlite_utils.Database, edit: Edit, seen: State | None = None) -> Change:
    """Write an Edit; `Conflict` if the records changed since `seen` was read."""
    return make_change(db, edit.label, edit.after, seen)


def statement_edit(
    db: sqlite_utils.Database, form: StatementForm, original: Statement | None = None
) -> Edit:
    """A new statement (`original` None) or an edited one, from a form."""
    made = _Made()
    text = _text(form.text, "Text", required=True)
    speaker = _speaker(db, form.speaker, form.new_speaker, made)
    date = _date(form.date)
    if form.attribution not in ATTRIBUTIONS:
        raise FieldError("Attribution", f"Attribution must be one of {', '.join(ATTRIBUTIONS)}.")
    language = form.language.strip() or None
    if language is not None and not _LANGUAGE.match(language):
        raise FieldError("Language", f"“{_short(language)}” is not a language code (en, ru…).")
    event = _event(db, form.event)
    tracks = _tracks(db, form.tracks)
    sources = _sources(db, form.sources, made)
    id_ = original.id if original else _new_item_id(db, "statement", text, speaker, date.iso())
    note, tags = _annotations(form.note, form.tags, original)
    record = Statement(
        id_, speaker, date, text, event, form.attribution, language, tracks, sources, note, tags
    )
    label = "New statement" if original is None else _edit_label("statement", original, record)
    return Edit(label, {**made.records, ("item", id_): record}, id_)


def event_edit(db: sqlite_utils.Database, form: EventForm, original: Event | None = None) -> Edit:
    made = _Made()
    title = _line(form.title, "Title", required=True)
    if form.kind not in EVENT_KINDS:
        raise FieldError("Kind", f"Kind must be one of {', '.join(EVENT_KINDS)}.")
    when = _span(form.date)
    actors = tuple(_name(db, "actors", n, "Actors") for n in _filled(form.actors))
    record_id = original.id if original else _new_item_id(db, "event", title, when.iso())
    record = Event(
        record_id, title, form.kind, when, _line(form.place, "Place") or None,
        _text(form.summary, "Summary") or None, tuple(dict.fromkeys(actors)),
        _tracks(db, form.tracks), _sources(db, form.sources, made),
        original.tally if original else None, *_annotations(form.note, form.tags, original),
    )  # fmt: skip
    label = "New event" if original is None else _edit_label("event", original, record)
    return Edit(label, {**made.records, ("item", record_id): record}, record_id)


def delete_edit(db: sqlite_utils.Database, item_ids: Sequence[str]) -> Edit:
    """Remove items; the statements made at a removed event stay, no longer tied to it."""
    ids = list(dict.fromkeys(item_ids))
    after: dict[Ref, Record | None] = {("item", i): None for i in ids}
    made_there = [i for i in references.statements_made_at(db, ids) if ("item", i) not in after]
    for ref, record in read_state(db, [("item", i) for i in made_there]).records.items():
        if isinstance(record, Statement):
            after[ref] = replace(record, event=None)
    n = len(ids)
    return Edit(f"Delete {n} item{'s' if n != 1 else ''}" if n != 1 else "Delete item", after)


def tracks_edit(
    db: sqlite_utils.Database, item_ids: Sequence[str], track: str, *, add: bool
) -> Edit:
    """Add a track to many items, or take it from them, in one step."""
    track_id = _name(db, "tracks", track, "Track")
    after: dict[Ref, Record | None] = {}
    for ref, record in read_state(db, [("item", i) for i in item_ids]).records.items():
        if isinstance(record, Event | Statement):
            has = track_id in record.tracks
            if add and not has:
                after[ref] = replace(record, tracks=(*record.tracks, track_id))
            elif not add and has:
                after[ref] = replace(
                    record, tracks=tuple(t for t in record.tracks if t != track_id)
                )
    verb = "Add track to" if add else "Remove track from"
    n = len(after)
    return Edit(f"{verb} {n} item{'s' if n != 1 else ''}", after)


def tags_edit(db: sqlite_utils.Database, item_ids: Sequence[str], tag: str, add: bool) -> Edit:
    """Tag many items, or untag them, in one step. Tags match whatever their case: an item
    tagged "Brief" is not tagged "brief" again, and untagging "brief" takes "Brief" away."""
    wanted = _tag(tag)
    key = tag_key(wanted)
    after: dict[Ref, Record | None] = {}
    for ref, record in _items(db, item_ids).items():
        has = any(tag_key(t) == key for t in record.tags)
        if add and not has:
            after[ref] = replace(record, tags=(*record.tags, wanted))
        elif not add and has:
            after[ref] = replace(record, tags=tuple(t for t in record.tags if tag_key(t) != key))
    n = len(after)
    return Edit(f"{'Tag' if add else 'Untag'} {n} item{'s' if n != 1 else ''} “{wanted}”", after)


def events_among(db: sqlite_utils.Database, item_ids: Sequence[str]) -> list[str]:
    """The events among these items, in their order: the ones a kind can be set on. A
    FieldError naming "Kind" when there are none (statements keep the kind "statement")."""
    return [id_ for _kind, id_ in _events(db, item_ids)]


def kind_edit(db: sqlite_utils.Database, item_ids: Sequence[str], kind: str) -> Edit:
    """Set the kind of the events among many items, in one step; the statements keep theirs."""
    if kind not in EVENT_KINDS:
        raise FieldError("Kind", f"Kind must be one of {', '.join(EVENT_KINDS)}.")
    after: dict[Ref, Record | None] = {
        ref: replace(event, kind=kind)
        for ref, event in _events(db, item_ids).items()
        if event.kind != kind
    }
    n = len(after)
    return Edit(f"Set kind of {n} event{'s' if n != 1 else ''} to “{kind}”", after)


def _events(db: sqlite_utils.Database, item_ids: Sequence[str]) -> dict[Ref, Event]:
    events = {ref: r for ref, r in _items(db, item_ids).items() if isinstance(r, Event)}
    if not events:
        n = len(dict.fromkeys(item_ids))
        what = (
            "the selected item is a statement"
            if n == 1
            else f"the {n} selected items are all statements"
        )
        raise FieldError("Kind", f"Only events have a kind; {what}. Select events to set theirs.")
    return events


def note_edit(db: sqlite_utils.Database, item_id: str, note: str) -> Edit:
    """Set an item's note ("" removes it)."""
    ref, record = next(iter(_items(db, [item_id]).items()))
    kind = "statement" if isinstance(record, Statement) else "event"
    changed = replace(record, note=_text(note, "Note") or None)
    return Edit(f"Edit {kind} note", {ref: changed}, item_id)


def _items(db: sqlite_utils.Database, item_ids: Sequence[str]) -> dict[Ref, Event | Statement]:
    """The items by id, in the order given; a FieldError names the first that is not there."""
    state = read_state(db, [("item", i) for i in dict.fromkeys(item_ids)])
    found: dict[Ref, Event | Statement] = {}
    for (kind, id_), record in state.records.items():
        if not isinstance(record, Event | Statement):
            raise FieldError("Items", f"There is no event or statement “{_short(id_)}”.")
        found[kind, id_] = record
    return found


def merge_actors_edit(db: sqlite_utils.Database, keep: str, other: str) -> Edit:
    """Two actors become one: `other`'s name and aliases join `keep`'s aliases, and every
    statement and event naming `other` names `keep` instead."""
    if keep == other:
        raise FieldError("Actor", "An actor cannot be merged with themself.")
    state = read_state(db, [("actor", keep), ("actor", other)])
    kept, gone = state.record("actor", keep), state.record("actor", other)
    if not isinstance(kept, Actor) or not isinstance(gone, Actor):
        raise FieldError("Actor", "Both actors must exist to be merged.")
    known = {fold(n) for n in (kept.name, *kept.aliases)}
    aliases = list(kept.aliases)
    for name in (gone.name, *gone.aliases):
        if fold(name) not in known:
            known.add(fold(name))
            aliases.append(name)
    after: dict[Ref, Record | None] = {
        ("actor", keep): replace(
            kept, aliases=tuple(aliases), role=kept.role or gone.role,
            affiliation=kept.affiliation or gone.affiliation, country=kept.country or gone.country,
        ),
    }  # fmt: skip
    naming = references.items_naming(db, [other])
    for ref, record in read_state(db, [("item", i) for i in naming]).records.items():
        if isinstance(record, Statement):
            after[ref] = replace(record, speaker=keep)
        elif isinstance(record, Event):
            actors = tuple(dict.fromkeys(keep if a == other else a for a in record.actors))
            after[ref] = replace(record, actors=actors)
    after["actor", other] = None
    after.update(merged_away("actor", other, keep))
    return Edit(f"Merge {gone.name} into {kept.name}", after)


# Fields


def merged_away(kind: str, old: str, kept: str) -> dict[Ref, Record | None]:
    """The record that makes `old` name `kept` from now on, in files made before a merge."""
    ref = merged_ref(kind, old)
    return {("merged", ref): MergedId(ref, kept)}


def _speaker(db: sqlite_utils.Database, typed: str, create: bool, made: _Made) -> str:
    name = " ".join(typed.split())
    if not name:
        raise FieldError("Speaker", "Who said it? The speaker is required.")
    _line(name, "Speaker")
    try:
        return resolve(db, "actors", name)
    except UnknownName as error:
        if not create or "more than one" in str(error):
            raise FieldError("Speaker", str(error)) from None
    actor = Actor(_new_record_id(db, "actor", name), name)
    made.records["actor", actor.id] = actor
    return actor.id


def _name(db: sqlite_utils.Database, table: str, typed: str, label: str) -> str:
    try:
        return resolve(db, table, typed)
    except UnknownName as error:
        raise FieldError(label, str(error)) from None


def _tracks(db: sqlite_utils.Database, typed: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(_name(db, "tracks", t, "Tracks") for t in _filled(typed)))


def _sources(db: sqlite_utils.Database, typed: Iterable[str], made: _Made) -> tuple[str, ...]:
    """Sources by id as they are, or by address: an address already stored is that source,
    a new one a new source."""
    found: list[str] = []
    for reference in _filled(typed):
        if references.taken(db, "source", reference):
            found.append(reference)
            continue
        if not _URL.match(reference) or len(reference) > MAX_LINE:
            raise FieldError(
                "Sources",
                f"“{_short(reference)}” is neither a stored source nor a web or mail address "
                "(http://, https:// or mailto:).",
            )
        stored = references.source_at(db, reference)
        if stored is not None:
            found.append(stored)
            continue
        source = Source(f"source/{digest('url', reference)}", reference)
        made.records["source", source.id] = source
        found.append(source.id)
    return tuple(dict.fromkeys(found))


def check_address(url: str, label: str) -> None:
    """A web or mail address, or a FieldError on `label` saying why not."""
    if not _URL.match(url) or len(url) > MAX_LINE:
        raise FieldError(
            label,
            f"“{_short(url)}” is not a web or mail address (http://, https:// or mailto:).",
        )


def _annotations(
    note: str | None, tags: Iterable[str] | None, original: Event | Statement | None
) -> tuple[str | None, tuple[str, ...]]:
    """The note and tags a form asks for; those of `original` for a field it leaves None."""
    kept_note = original.note if original else None
    kept_tags = original.tags if original else ()
    return (
        kept_note if note is None else _text(note, "Note") or None,
        kept_tags if tags is None else unique_tags(_tag(t) for t in _filled(tags)),
    )


def _tag(typed: str) -> str:
    tag = typed.strip()
    if not tag:
        raise FieldError("Tags", "A tag cannot be empty.")
    if any(unicodedata.category(c) in ("Cc", "Zl", "Zp") for c in tag):
        raise FieldError(
            "Tags",
            f"“{_short(_visible(tag))}” is not one line: a tag is one line of text, without "
            "line breaks, tabs or control characters.",
        )
    if TAG_SEPARATOR in tag:
        raise FieldError(
            "Tags",
            f"“{_short(tag)}” holds “{TAG_SEPARATOR}”, which separates tags in spreadsheets: "
            "make it two tags, or use another character.",
        )
    if len(tag) > MAX_TAG_LENGTH:
        raise FieldError(
            "Tags", f"The tag “{_short(tag)}” is {len(tag):,} characters; at most {MAX_TAG_LENGTH}."
        )
    _no_surrogates(tag, "Tags")
    return tag


def _visible(text: str) -> str:
    """Control characters shown as their escapes, so a message shows where they are."""
    return "".join(repr(c)[1:-1] if unicodedata.category(c) == "Cc" else c for c in text)


def _event(db: sqlite_utils.Database, event_id: str | None) -> str | None:
    if not event_id:
        return None
    if references.item_kind(db, event_id) in (None, STATEMENT):
        raise FieldError("Event", f"There is no event {_short(event_id)!r}.")
    return event_id


def _date(typed: str) -> PartialDate:
    if not typed.strip():
        raise FieldError("Date", "When was it said? The date is required (24 Oct 2025, Oct 2025).")
    try:
        return parse_partial(_line(typed, "Date"))
    except DateError as error:
        raise FieldError("Date", f"“{_short(typed)}” is not a date: {error}") from None


def _span(typed: str) -> DateSpan:
    if not typed.strip():
        raise FieldError("Date", "When did it happen? The date is required (24–26 Oct 2025).")
    try:
        return parse_span(_line(typed, "Date"))
    except DateError as error:
        raise FieldError("Date", f"“{_short(typed)}” is not a date: {error}") from None


def _text(typed: str, label: str, *, required: bool = False) -> str:
    text = typed.strip()
    if required and not text:
        raise FieldError(label, f"The {label.lower()} is required.")
    if len(text) > MAX_TEXT:
        raise FieldError(
            label, f"The {label.lower()} is {len(text):,} characters long; at most {MAX_TEXT:,}."
        )
    _no_surrogates(text, label)
    return text


def _line(typed: str, label: str, *, required: bool = False) -> str:
    text = " ".join(typed.split())
    if required and not text:
        raise FieldError(label, f"The {label.lower()} is required.")
    if len(text) > MAX_LINE:
        raise FieldError(
            label, f"The {label.lower()} is {len(text):,} characters; at most {MAX_LINE:,}."
        )
    _no_surrogates(text, label)
    return text


def _no_surrogates(text: str, label: str) -> None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as error:
        raise FieldError(
            label, f"The {label.lower()} holds a broken character at {error.start + 1}."
        ) from None


def _filled(values: Iterable[str]) -> list[str]:
    return [v.strip() for v in values if v.strip()]


def _short(text: str, length: int = 60) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"


# Names


def _edit_label(kind: str, old: Event | Statement, new: Event | Statement) -> str:
    """'Edit statement text'; 'Edit event' when several fields changed."""
    names = {"text": "text", "date": "date", "when": "date", "speaker": "speaker",
             "title": "title", "tracks": "tracks", "sources": "sources", "summary": "summary",
             "place": "place", "attribution": "attribution", "language": "language",
             "event": "event", "actors": "actors", "kind": "kind", "note": "note",
             "tags": "tags"}  # fmt: skip
    changed = [n for n in names if getattr(old, n, None) != getattr(new, n, None)]
    return f"Edit {kind} {names[changed[0]]}" if len(changed) == 1 else f"Edit {kind}"


def _new_item_id(db: sqlite_utils.Database, prefix: str, title: str, *identity: str) -> str:
    wanted = item_id(prefix, title[:60], *identity)
    return _free(db, "item", wanted)


def _new_record_id(db: sqlite_utils.Database, prefix: Kind, name: str) -> str:
    name_slug = slug(name)
    wanted = f"{prefix}/{name_slug}" if name_slug else f"{prefix}/{digest(prefix, fold(name))}"
    return _free(db, prefix, wanted)


def _free(db: sqlite_utils.Database, kind: Kind, wanted: str) -> str:
    candidate, n = wanted, 1
    while references.taken(db, kind, candidate):
        n += 1
        candidate = f"{wanted}-{n}"
    return candidate
