"""Changes to single records, each one transaction, each one reversible, each one logged.

A `Change` holds the records it touches twice, whole: as they were (`before`) and as they
are after it (`after`), by kind and id, with None where there is no record (a create has
nothing before, a delete nothing after). Undo writes `before` back and redo writes `after`
through the same `write_state`, so undoing is as sure as the edit it reverses.

Before it writes, a change compares what the database holds with what its author last saw:
another window or process may have changed a record since, and then nothing is written and
`Conflict` says what is there now, so the user can choose instead of losing either version.

Every write adds its difference, field by field (what, when, old → new), to `change_log`,
which outlives the session's undo history.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime
from typing import Literal

import numpy as np
import sqlite_utils

from app.core.dates import DateSpan, PartialDate
from app.core.model import (
    Actor,
    Dataset,
    Event,
    MergedId,
    Source,
    Statement,
    Tally,
    Track,
)
from app.store import key_space, text_index
from app.store.errors import translated
from app.store.queries import select_in
from app.store.records import (
    ITEM_COLUMNS,
    actor_records,
    item_record,
    links_of,
    source_records,
    track_records,
)
from app.store.references import forget_merged, merged_records, remember_merged
from app.store.rows import ITEM_COLUMNS as ROW_COLUMNS
from app.store.rows import ITEM_VALUES, item_rows
from app.store.schema import INHERITED_POS, ITEM_TABLES, LINK_TABLES, RECORD_TABLES
from app.store.writer import (
    ACTOR_COLUMNS,
    SOURCE_COLUMNS,
    DataError,
    actor_row,
    check_references,
    event_tracks,
    inherit_tracks,
    insert_item_links,
    items_naming,
    source_row,
    upsert_records,
)

Kind = Literal["item", "actor", "track", "source", "merged"]
Record = Event | Statement | Actor | Track | Source | MergedId
Ref = tuple[Kind, str]
"""A record by kind and stable id."""


@dataclass(frozen=True, slots=True)
class State:
    """Some records as a whole: each (kind, id) to its record, or None where there is none;
    and the key each item had, kept when it is written back so the items' time order, and
    everything read in that order, is exactly as it was."""

    records: Mapping[Ref, Record | None]
    keys: Mapping[str, int] = field(default_factory=dict)

    def record(self, kind: Kind, id_: str) -> Record | None:
        return self.records.get((kind, id_))


@dataclass(frozen=True, slots=True)
class Change:
    """One user action: `label` names it ("Edit statement text"), as the Edit menu says."""

    label: str
    before: State
    after: State

    @property
    def refs(self) -> list[Ref]:
        return list(self.after.records)


class Conflict(RuntimeError):
    """The records changed since they were read: `current` is what the database holds now,
    `expected` what the change was made against. Nothing was written."""

    def __init__(self, label: str, expected: State, current: State) -> None:
        self.label, self.expected, self.current = label, expected, current
        changed = [
            f"{kind} {id_!r}"
            for (kind, id_), record in current.records.items()
            if expected.records.get((kind, id_)) != record
        ]
        super().__init__(
            f"“{label}” was not done: {', '.join(changed[:5])} changed since it was shown "
            "(in another window or program)."
        )


def read_state(db: sqlite_utils.Database, refs: Iterable[Ref]) -> State:
    """The records named, as the database holds them now."""
    wanted: dict[Kind, list[str]] = {
        "item": [], "actor": [], "track": [], "source": [], "merged": []
    }  # fmt: skip
    order = list(dict.fromkeys(refs))
    for kind, id_ in order:
        wanted[kind].append(id_)
    found: dict[Ref, Record] = {}
    keys: dict[str, int] = {}
    for key, item in _items(db, wanted["item"]):
        found["item", item.id] = item
        keys[item.id] = key
    others: list[tuple[Kind, list[Actor] | list[Track] | list[Source]]] = [
        ("actor", actor_records(db, set(wanted["actor"])) if wanted["actor"] else []),
        ("track", track_records(db, set(wanted["track"])) if wanted["track"] else []),
        ("source", source_records(db, set(wanted["source"])) if wanted["source"] else []),
    ]
    for kind, records in others:
        for record in records:
            found[kind, record.id] = record
    for merged in merged_records(db, wanted["merged"]):
        found["merged", merged.id] = merged
    return State({ref: found.get(ref) for ref in order}, keys)


def _items(db: sqlite_utils.Database, ids: list[str]) -> list[tuple[int, Event | Statement]]:
    if not ids:
        return []
    rows = list(select_in(db, f"SELECT items.key, {ITEM_COLUMNS} FROM items "
                              "WHERE items.id IN ({})", ids))  # fmt: skip
    keys = [r[0] for r in rows]
    links = links_of(db, keys)
    return [(r[0], item_record(r[1:], r[0], links)) for r in rows]


def make_change(
    db: sqlite_utils.Database,
    label: str,
    after: Mapping[Ref, Record | None],
    seen: State | None = None,
) -> Change:
    """Write `after` and return the change that undoes and redoes it. `seen` is what the
    user's view held of these records, if it was read before this moment: when the database
    holds something else now, `Conflict` is raised and nothing is written."""
    before = write_state(db, State(after), label, expected=seen)
    done = read_state(db, after)
    return Change(label, before, done)


def undo(db: sqlite_utils.Database, change: Change) -> None:
    """Put back what `change` replaced; `Conflict` if its records changed since."""
    write_state(db, change.before, f"Undo {change.label}", expected=change.after)


def redo(db: sqlite_utils.Database, change: Change) -> None:
    write_state(db, change.after, f"Redo {change.label}", expected=change.before)


def write_state(
    db: sqlite_utils.Database, state: State, action: str, *, expected: State | None = None
) -> State:
    """Make the database hold `state` for its records, in one transaction, and log it.
    Returns what was there before."""
    with translated(None):
        db.execute("BEGIN IMMEDIATE")
        try:
            current = read_state(db, state.records)
            if expected is not None and _differs(expected, current):
                raise Conflict(action, expected, current)
            _write(db, state, current)
            _log(db, action, current, state)
            db.execute("COMMIT")
        except BaseException:
            if db.conn.in_transaction:
                db.execute("ROLLBACK")
            raise
    return current


def _differs(expected: State, current: State) -> bool:
    return any(
        expected.records.get(ref, record) != record for ref, record in current.records.items()
    )


def _write(db: sqlite_utils.Database, state: State, current: State) -> None:
    wanted = _Wanted.of(state)
    renamed = items_naming(
        db, Dataset(actors=wanted.actors, sources=wanted.sources, events=wanted.events)
    )
    stored = list(current.keys.values())
    starts = _starts(current)
    unchanged = _same_entry(state, current, starts) - renamed
    same_words = _same_entry(state, current, starts, _words) - renamed
    text_index.take_out(db, renamed.union(stored).difference(unchanged))
    _delete_items(db, stored)
    upsert_records(db, "actors", [actor_row(a) for a in wanted.actors], ACTOR_COLUMNS)
    upsert_records(db, "tracks", [(t.id, t.name, t.description, t.color) for t in wanted.tracks],
                   ("id", "name", "description", "color"))  # fmt: skip
    upsert_records(db, "sources", [source_row(s) for s in wanted.sources], SOURCE_COLUMNS)
    for kind, ids in wanted.gone.items():
        if kind == "merged":
            forget_merged(db, ids)
        else:
            _delete_records(db, kind, ids)
    remember_merged(db, wanted.merged)
    _refuse_orphans(
        db, [i for i in wanted.not_events if isinstance(current.record("item", i), Event)]
    )
    data = Dataset(events=wanted.events, statements=wanted.statements)
    check_references(db, data)
    # An item keeps the key it has now, unless the state gives the one it had (an undo).
    keys, full = _insert_items(db, data, {**current.keys, **state.keys}, starts)
    inherit_tracks(db, [e.id for e in data.events])
    moved = key_space.renumber(db) if full else {}
    text_index.put_in(
        db,
        {moved.get(k, k) for k in renamed.union(keys).difference(unchanged)},
        {moved.get(k, k) for k in same_words},
    )


@dataclass(slots=True)
class _Wanted:
    """A State's records sorted by kind: those to keep, and the ids to remove."""

    actors: list[Actor] = field(default_factory=list)
    tracks: list[Track] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    merged: list[MergedId] = field(default_factory=list)
    gone: dict[Kind, list[str]] = field(default_factory=dict)
    not_events: list[str] = field(default_factory=list)
    """Items that will not be events after the write (removed, or made statements)."""

    @classmethod
    def of(cls, state: State) -> _Wanted:
        wanted = cls()
        for (kind, id_), record in state.records.items():
            if record is None and kind != "item":  # a stored item is removed before writing
                wanted.gone.setdefault(kind, []).append(id_)
            if kind == "item" and not isinstance(record, Event):
                wanted.not_events.append(id_)
            match record:
                case Actor():
                    wanted.actors.append(record)
                case Track():
                    wanted.tracks.append(record)
                case Source():
                    wanted.sources.append(record)
                case Event():
                    wanted.events.append(record)
                case Statement():
                    wanted.statements.append(record)
                case MergedId():
                    wanted.merged.append(record)
        return wanted


def _same_entry(
    state: State,
    current: State,
    starts: Mapping[str, int],
    made_of: Callable[[object], tuple[object, ...] | None] | None = None,
) -> set[int]:
    """Keys of the items whose full-text entry stays as it is: written back under the same
    key with the same words, kind and links (a tag, an attribution changed).
    Their entries are neither taken out nor put back: tagging 1,000 items of a million took
    1.0 s with them, and the index is most of the work. With `made_of` (`_words`), those
    whose entry has the same words, whatever their links."""
    made_of = made_of or _indexed
    unchanged: set[int] = set()
    for (kind, id_), record in state.records.items():
        before, key = current.record("item", id_), current.keys.get(id_)
        if kind != "item" or key is None or not isinstance(record, Event | Statement):
            continue
        same_place = state.keys.get(id_, key) == key and starts.get(id_) == _start(record)
        if same_place and made_of(record) == made_of(before):
            unchanged.add(key)
    return unchanged


def _start(record: Event | Statement) -> int:
    return record.when.first_second if isinstance(record, Event) else record.date.first_second


def _words(record: object) -> tuple[object, ...] | None:
    """The words of an item's full-text entry (not its kind and links), those of the names
    it links to aside (a renamed actor's items are re-indexed in full)."""
    if isinstance(record, Event):
        return (record.title, record.summary, record.place, record.note, record.actors,
                record.sources)  # fmt: skip
    if isinstance(record, Statement):
        return (None, record.text, None, record.note, (record.speaker,), record.sources,
                record.event)  # fmt: skip
    return None


def _indexed(record: object) -> tuple[object, ...] | None:
    """What an item's full-text entry is made of (see `schema`): its words, its names, and
    its kind and links (a statement's event gives it the event's tracks too)."""
    if isinstance(record, Event):
        return (record.title, record.summary, record.place, record.note, record.actors,
                record.sources, record.kind, record.tracks)  # fmt: skip
    if isinstance(record, Statement):
        return (None, record.text, None, record.note, (record.speaker,), record.sources,
                record.event, record.tracks)  # fmt: skip
    return None


def _starts(state: State) -> dict[str, int]:
    """The first second of each item a State holds."""
    return {
        id_: record.when.first_second if isinstance(record, Event) else record.date.first_second
        for (kind, id_), record in state.records.items()
        if kind == "item" and isinstance(record, Event | Statement)
    }


def _delete_items(db: sqlite_utils.Database, keys: list[int]) -> None:
    """Remove items with their links and tags (written again whole, if they stay)."""
    for table in ITEM_TABLES:
        db.conn.executemany(f"DELETE FROM {table} WHERE item = ?", ((k,) for k in keys))
    db.conn.executemany("DELETE FROM items WHERE key = ?", ((k,) for k in keys))


def _delete_records(db: sqlite_utils.Database, kind: Kind, ids: list[str]) -> None:
    """Remove actors, tracks or sources; refused while an item still names one."""
    if not ids:
        return
    table = RECORD_TABLES[kind]
    link = next(t for t, c in LINK_TABLES.items() if c == kind)
    # A statement's tracks taken from its event are not its own: they go with the track, and
    # the events written in this change give their statements theirs again afterwards.
    sql = (
        f"SELECT r.id, count(l.item) FROM {table} r JOIN {link} l ON l.{kind} = r.key "
        f"WHERE r.id IN ({{}}) AND l.pos < {INHERITED_POS} GROUP BY r.id"
    )
    named = list(select_in(db, sql, ids))
    if named:
        raise DataError([f"{kind} {i!r} is still named by {n} item(s)" for i, n in named])
    db.conn.executemany(
        f"DELETE FROM {link} WHERE {kind} = (SELECT key FROM {table} WHERE id = ?)",
        ((i,) for i in ids),
    )
    db.conn.executemany(f"DELETE FROM {table} WHERE id = ?", ((i,) for i in ids))


def _refuse_orphans(db: sqlite_utils.Database, events: list[str]) -> None:
    """An event may go only when no statement says it was made there."""
    sql = "SELECT event, count(*) FROM items WHERE event IN ({}) GROUP BY event"
    named = list(select_in(db, sql, events))
    if named:
        raise DataError([f"event {e!r} still has {n} statement(s)" for e, n in named])


def _insert_items(
    db: sqlite_utils.Database,
    data: Dataset,
    preferred: Mapping[str, int],
    starts: Mapping[str, int],
) -> tuple[list[int], bool]:
    """Insert the items one by one, each with the key it had if that still falls in its
    place in time order, or else one in the gap where it belongs. `starts` are the stored
    items' starts as they were. True if some gap was full: those items are under temporary
    keys, for `key_space.renumber` to place."""
    rows, links = item_rows(data)
    if not rows:
        return [], False
    keys: list[int] = []
    full = False
    for row in rows:
        start, id_ = row[0], row[2]
        kept = preferred.get(id_)
        # An item that starts where it did goes back under its own key, which is free (it was
        # taken out) and still between its neighbours: no need to look for them.
        key = kept if kept is not None and starts.get(id_) == start else _key_for(db, start, kept)
        if key is None:
            full = True
            key = key_space.KEY_SPACE + len(keys) + 1  # out of order until the renumbering
        db.conn.execute(
            f"INSERT INTO items ({', '.join(ROW_COLUMNS)}, key) VALUES ({ITEM_VALUES}, ?)",
            (*row, key),
        )
        keys.append(key)
    insert_item_links(db, np.array(keys, dtype=np.int64), links, event_tracks(db, data, links))
    return keys, full


def _key_for(db: sqlite_utils.Database, start: int, preferred: int | None) -> int | None:
    """A free key for an item starting at `start` that keeps keys in time order."""
    space = key_space.KEY_SPACE
    before = _one(db, _LAST_BEFORE, start, 0)
    after = _one(db, _FIRST_AFTER, start, space)
    if preferred is not None and before < preferred < after and not _taken(db, preferred):
        return preferred
    last_tie = db.execute("SELECT max(key) FROM items WHERE start = ?", [start]).fetchone()[0]
    low = before if last_tie is None else max(before, int(last_tie))
    low, high = key_space.room(low, after, 1, tie=last_tie is not None)
    if high - low <= 1:
        return None
    return key_space.spread(low, high, 1)[0]


_LAST_BEFORE = (
    "SELECT max(key) FROM items WHERE start = (SELECT max(start) FROM items WHERE start < ?)"
)
_FIRST_AFTER = (
    "SELECT min(key) FROM items WHERE start = (SELECT min(start) FROM items WHERE start > ?)"
)
"""Keys follow start times, so the neighbours of a start are found by two index lookups."""


def _one(db: sqlite_utils.Database, sql: str, value: int, default: int) -> int:
    found = db.execute(sql, [value]).fetchone()[0]
    return default if found is None else int(found)


def _taken(db: sqlite_utils.Database, key: int) -> bool:
    return db.execute("SELECT 1 FROM items WHERE key = ?", [key]).fetchone() is not None


def _log(db: sqlite_utils.Database, action: str, before: State, after: State) -> None:
    """One row per field that differs, all under one change number."""
    rows = [
        (kind, id_, name, old, new)
        for (kind, id_), record in after.records.items()
        for name, old, new in field_changes(before.records.get((kind, id_)), record)
    ]
    if not rows:
        return
    # The rows of a change are consecutive: the last row holds the highest change number.
    last = db.execute("SELECT change FROM change_log ORDER BY seq DESC LIMIT 1").fetchone()
    change = (last[0] if last else 0) + 1
    at = datetime.now(UTC).isoformat(timespec="seconds")
    db.conn.executemany(
        "INSERT INTO change_log (change, at, action, kind, record, field, old, new) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        ((change, at, action, *row) for row in rows),
    )


def field_changes(
    old: Record | None, new: Record | None
) -> list[tuple[str, str | None, str | None]]:
    """(field, old text, new text) for each field that differs; a record made or removed
    counts each of its filled fields."""
    shown = old if old is not None else new
    if shown is None:
        return []
    changes = []
    for f in fields(shown):
        if f.name == "id":
            continue
        a = as_text(getattr(old, f.name)) if old is not None else None
        b = as_text(getattr(new, f.name)) if new is not None else None
        if a != b:
            changes.append((f.name, a, b))
    return changes


def as_text(value: object) -> str | None:
    """A field's value as the change log keeps it."""
    if value is None or value == ():
        return None
    if isinstance(value, PartialDate | DateSpan):
        return value.iso()
    if isinstance(value, tuple):
        return json.dumps(list(value), ensure_ascii=False)
    if isinstance(value, Tally):
        return json.dumps([value.in_favour, value.against, value.abstaining])
    return str(value)


@dataclass(frozen=True, slots=True)
class LogEntry:
    at: str
    action: str
    field: str
    old: str | None
    new: str | None


def history(db: sqlite_utils.Database, kind: Kind, id_: str) -> list[LogEntry]:
    """What was changed in one record, oldest first, this session's and earlier ones'."""
    rows = db.execute(
        "SELECT at, action, field, old, new FROM change_log WHERE record = ? AND kind = ? "
        "ORDER BY seq",
        [id_, kind],
    ).fetchall()
    return [LogEntry(*r) for r in rows]
