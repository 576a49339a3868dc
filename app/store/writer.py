"""Writing a Dataset into the store: one transaction, all of it or nothing.

Records are merged by their stable id: an id already in the database is replaced, a new id
is added. Item keys follow time order (see `schema`); new items take keys in the gaps between
their neighbours, and when a gap is full, some of them are spread out again (see `key_space`).
"""

from __future__ import annotations

import bisect
import functools
import json
import operator
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from itertools import chain
from operator import attrgetter, itemgetter
from pathlib import Path

import numpy as np
import numpy.typing as npt
import sqlite_utils

from app.core.memory import cycle_collection_paused
from app.core.model import STATEMENT, Actor, Dataset, Event, Source, Statement
from app.store import database, index_apart, key_space, text_index
from app.store.bulk import bulk_settings
from app.store.errors import StoreError, repair_hint, translated
from app.store.index_apart import ApartIndex
from app.store.queries import select_in
from app.store.rows import (
    ITEM_COLUMNS,
    ITEM_VALUES,
    NO_TEXT,
    ItemRow,
    Links,
    insert_links,
    insert_tags,
    item_rows,
    link_rows,
    tag_rows,
    track_rows,
)
from app.store.schema import (
    INHERITED_POS,
    ITEM_TABLES,
    LINK_PREFIXES,
    LINK_TABLES,
    NEW_STAMP,
    RECORD_TABLES,
    kind_token,
)

BULK_THRESHOLD = 20_000
"""An import of more items than this into an empty database builds its indexes once at the
end instead of row by row."""


class DataError(ValueError):
    """The data cannot go in as it is; `problems` name each record and field at fault."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = list(problems)
        shown = "\n".join(f"  - {p}" for p in self.problems[:20])
        more = len(self.problems) - 20
        tail = f"\n  … and {more} more" if more > 0 else ""
        super().__init__(f"{len(self.problems)} problem(s):\n{shown}{tail}")


@dataclass(frozen=True, slots=True)
class _Helper:
    """What a thread that helps with a large import needs: where to leave what must outlast
    the transaction, and whether to stop."""

    scratch: ExitStack
    interrupted: Callable[[], bool] | None


@dataclass(frozen=True, slots=True)
class WriteSummary:
    added: int
    replaced: int


def write_dataset(
    db: sqlite_utils.Database,
    dataset: Dataset,
    path: Path | str | None = None,
    interrupted: Callable[[], bool] | None = None,
) -> WriteSummary:
    """Merge `dataset` into the database in one transaction. `interrupted` is asked now and
    then by a thread that helps with a large import; a True stops it, and the write fails
    with SQLite's "interrupted" (the caller's progress handler stops the write's own
    connection)."""
    with translated(path):
        empty = db.execute("SELECT NOT EXISTS (SELECT 1 FROM items)").fetchone()[0]
        bulk = bool(empty) and len(dataset.events) + len(dataset.statements) > BULK_THRESHOLD
        # `scratch` ends after the transaction: see index_apart.
        with bulk_settings(db, active=bulk), cycle_collection_paused(), ExitStack() as scratch:
            db.execute("BEGIN IMMEDIATE")
            try:
                index_apart.remove_left_behind(db)
                _refuse_a_broken_index(db, path)
                check_references(db, dataset)
                helper = _Helper(scratch, interrupted)
                summary = _write(db, dataset, bulk, bool(empty), helper)
                db.execute(NEW_STAMP)  # the triggers that set it are dropped in a bulk load
                db.execute("COMMIT")
            except BaseException:
                # SQLite may have rolled back already (a full disk does): then a ROLLBACK
                # would fail and hide the real cause.
                if db.conn.in_transaction:
                    db.execute("ROLLBACK")
                raise
            if bulk:
                text_index.settle(db)
    return summary


def _refuse_a_broken_index(db: sqlite_utils.Database, path: Path | str | None) -> None:
    """Writing into a damaged full-text index would bury the damage under new entries.

    FTS5's check reads the whole index: 14-16 s at a million items (a 1 GB file, on a busy
    2-core machine), so it runs on files no larger than those checked when opened, where it
    takes well under a second; a larger file's damage is found by `backchannel check`."""
    page_size = db.execute("PRAGMA page_size").fetchone()[0]
    pages = db.execute("PRAGMA page_count").fetchone()[0]
    if page_size * pages > database.QUICK_CHECK_MAX_BYTES:
        return
    if not text_index.sound(db):
        where = f"of {path} " if path else ""
        raise StoreError(
            f"The full-text index {where}is damaged: nothing was written. {repair_hint(path)}",
            path,
        )


def check_references(db: sqlite_utils.Database, data: Dataset) -> None:
    known = {
        "actor": {a.id for a in data.actors},
        "track": {t.id for t in data.tracks},
        "source": {s.id for s in data.sources},
        "event": {e.id for e in data.events},
    }
    problems = [
        f"event {e.id!r}: kind {STATEMENT!r} is reserved for statements"
        for e in data.events
        if e.kind == STATEMENT
    ]
    ids = [*map(attrgetter("id"), data.events), *map(attrgetter("id"), data.statements)]
    if len(set(ids)) != len(ids):
        uses = Counter(ids)
        problems += [
            f"id {i!r} is used by {n} events and statements" for i, n in uses.items() if n > 1
        ]
    # Every reference at once first; only when some is unknown are records gone through one
    # by one to name each fault (a million items are checked in a fraction of a second).
    events, statements = data.events, data.statements
    referenced = {
        "actor": _all(events, "actors") | set(map(attrgetter("speaker"), statements)),
        "track": _all(events, "tracks") | _all(statements, "tracks"),
        "source": _all(events, "sources") | _all(statements, "sources"),
        "event": set(map(attrgetter("event"), statements)) - {None},
    }
    for kind, table in (("actor", "actors"), ("track", "tracks"), ("source", "sources"),
                        ("event", "items")):  # fmt: skip
        unknown = referenced[kind] - known[kind]
        if unknown:
            known[kind] |= _existing(db, table, unknown)
    if any(not known[kind].issuperset(refs) for kind, refs in referenced.items()):
        problems += _dangling(data, known)
    if problems:
        raise DataError(problems)


def _all(records: Iterable[Event] | Iterable[Statement], field: str) -> set[str]:
    return set(chain.from_iterable(map(attrgetter(field), records)))


def _dangling(data: Dataset, known: dict[str, set[str]]) -> list[str]:
    """A message for each reference, record by record, that `known` lacks."""
    missing: list[tuple[str, str, str, str]] = []  # (record, field, kind, id)
    for e in data.events:
        missing += _missing(
            f"event {e.id!r}", known, actors=e.actors, tracks=e.tracks, sources=e.sources
        )
    for s in data.statements:
        missing += _missing(
            f"statement {s.id!r}", known, speaker=(s.speaker,),
            event=(s.event,) if s.event else (), tracks=s.tracks, sources=s.sources,
        )  # fmt: skip
    return [
        f"{record}: {field} refers to {kind} {ref!r}, "
        "which is neither in the file nor in the database"
        for record, field, kind, ref in missing
    ]


_FIELD_KINDS = {"actors": "actor", "speaker": "actor", "tracks": "track", "sources": "source",
                "event": "event"}  # fmt: skip


def _missing(
    record: str, known: dict[str, set[str]], **fields: tuple[str, ...]
) -> list[tuple[str, str, str, str]]:
    """(record, field, kind, id) for each reference of one record that `known` lacks."""
    return [
        (record, field, _FIELD_KINDS[field], ref)
        for field, refs in fields.items()
        for ref in refs
        if ref not in known[_FIELD_KINDS[field]]
    ]


def _existing(db: sqlite_utils.Database, table: str, ids: Iterable[str]) -> set[str]:
    return {
        r[0] for r in select_in(db, f"SELECT id FROM {table} WHERE id IN ({{}})", sorted(set(ids)))
    }


def _write(
    db: sqlite_utils.Database,
    data: Dataset,
    bulk: bool,
    empty: bool,
    helper: _Helper,
) -> WriteSummary:
    for key, value in (("title", data.title), ("description", data.description)):
        if value:  # a merge keeps the title the database already has
            db.execute("INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)", [key, value])
    rows, links = item_rows(data)
    replaced = [] if empty else _stored_keys(db, [r[2] for r in rows])
    renamed = set() if empty else items_naming(db, data)
    text_index.take_out(db, renamed.union(replaced))
    upsert_records(db, "actors", [actor_row(a) for a in data.actors], ACTOR_COLUMNS)
    upsert_records(db, "tracks", [(t.id, t.name, t.description, t.color) for t in data.tracks],
            ("id", "name", "description", "color"))  # fmt: skip
    upsert_records(db, "sources", [source_row(s) for s in data.sources], SOURCE_COLUMNS)
    delete_items(db, replaced)
    keys, full = _assign_keys(db, rows, empty)
    scratch = index_apart.scratch_file(db) if bulk else None
    apart: ApartIndex | None = None
    linked = _Linked(record_keys(db), event_tracks(db, data, links), event_titles(db, data, links))
    if scratch is not None:
        # The full-text index is built on a second thread meanwhile (see index_apart).
        entries = functools.partial(_text_entries, data, rows, keys, links, linked)
        helper.scratch.callback(scratch.unlink, missing_ok=True)
        apart = helper.scratch.enter_context(ApartIndex(db, scratch, entries, helper.interrupted))
    with _indexes_deferred(db, active=bulk, text=False):
        db.conn.executemany(
            f"INSERT INTO items ({', '.join(ITEM_COLUMNS)}, key) VALUES ({ITEM_VALUES}, ?)",
            map(operator.add, rows, zip(keys)),
        )
        insert_item_links(db, np.array(keys, dtype=np.int64), links, linked.event_tracks)
        if not empty:
            inherit_tracks(db, [e.id for e in data.events])
        moved = key_space.renumber(db) if full else {}
        if not bulk:
            wanted = renamed.difference(replaced).union(keys)
            text_index.put_in(db, {moved.get(k, k) for k in wanted})
    if apart is not None:
        apart.take_in(db)
    elif bulk:  # a database in memory, or no room for a scratch file
        text_index.fill(db, _text_entries(data, rows, keys, links, linked))
    return WriteSummary(added=len(rows) - len(replaced), replaced=len(replaced))


ACTOR_COLUMNS = ("id", "name", "aliases", "kind", "role", "affiliation", "country")
SOURCE_COLUMNS = ("id", "url", "title", "publisher", "author", "published", "accessed",
                  "archived_text")  # fmt: skip


def actor_row(a: Actor) -> tuple[object, ...]:
    return (a.id, a.name, _aliases(a), a.kind, a.role, a.affiliation, a.country)


def _aliases(a: Actor) -> str:
    return json.dumps(list(a.aliases), ensure_ascii=False)


def source_row(s: Source) -> tuple[object, ...]:
    return (s.id, s.url, s.title, s.publisher, s.author,
            s.published.iso() if s.published else None, s.accessed.iso() if s.accessed else None,
            s.archived_text)  # fmt: skip


def _text_entries(
    data: Dataset,
    rows: Sequence[ItemRow],
    keys: Sequence[int],
    links: Links,
    linked: _Linked,
) -> Iterator[tuple[object, ...]]:
    """What `items_text` shows for each new item, (key, title, body, place, note, actors,
    sources, event, links), made from the records in memory and what `linked` says of the
    records and events they link to: for a bulk load, where reading it back through the
    view would take longer than the indexing. (An id given twice for an item is linked once
    but named twice here; that does not matter, as the index forgets an entry by its words,
    not their order or number.)"""
    actor_words = {a.id: f"{a.name} {_aliases(a)}" for a in data.actors}
    source_words = {
        s.id: f"{s.title or ''} {s.publisher or ''} {s.author or ''}" for s in data.sources
    }
    actor, source = actor_words.__getitem__, source_words.__getitem__
    title = linked.titles.get
    return (
        (key, *texts, " ".join(map(actor, actors)), " ".join(map(source, sources)),
         title(event, NO_TEXT) if event else NO_TEXT, tokens)
        for key, texts, actors, sources, event, tokens in zip(
            keys, map(_OWN_TEXTS, rows), links.actors, links.sources, links.events,
            _link_tokens(rows, links, linked), strict=True,
        )
    )  # fmt: skip


def _link_tokens(rows: Sequence[ItemRow], links: Links, linked: _Linked) -> Iterator[str]:
    """Each item's `links` column, as the view `schema._LINK_WORDS` makes it: its kind, and
    its actors, tracks (its own, then those of its event it does not have) and sources by
    key. The tokens of each record and of each event's tracks are made once."""
    tokens = {
        kind: {id_: f" {LINK_PREFIXES[kind]}{key}" for id_, key in linked.keys[kind].items()}
        for kind in ("actor", "track", "source")
    }
    actor, track, source = (tokens[k].__getitem__ for k in ("actor", "track", "source"))
    kinds = {kind: kind_token(kind) for kind in {row[_KIND] for row in rows}}
    of_event = {e: "".join(map(track, ts)) for e, ts in linked.event_tracks.items()}
    join = "".join

    def tracks_of(own: tuple[str, ...], event: str | None) -> str:
        if not event:
            return join(map(track, own))
        if not own:
            return of_event.get(event, "")
        inherited = linked.event_tracks.get(event, ())
        return join(map(track, (*own, *(t for t in inherited if t not in own))))

    return (
        kinds[row[_KIND]] + join(map(actor, actors)) + tracks_of(own, event)
        + join(map(source, sources))
        for row, actors, own, sources, event in zip(
            rows, links.actors, links.tracks, links.sources, links.events, strict=True
        )
    )  # fmt: skip


@dataclass(frozen=True, slots=True)
class _Linked:
    """What the items of a write link to: the records' integer keys by kind and id, the
    tracks of the events statements were made at, and those events' titles."""

    keys: dict[str, dict[str, int]]
    event_tracks: dict[str, tuple[str, ...]]
    titles: dict[str, str]


_KIND = ITEM_COLUMNS.index("kind")


def event_titles(db: sqlite_utils.Database, data: Dataset, links: Links) -> dict[str, str]:
    """The titles of the events the statements of `data` were made at, from `data` or else
    from the database."""
    titles = {e.id: e.title for e in data.events}
    missing = sorted({e for e in links.events if e and e not in titles})
    sql = "SELECT id, title FROM items WHERE id IN ({})"
    titles.update((id_, title) for id_, title in select_in(db, sql, missing) if title)
    return titles


_OWN_TEXTS = itemgetter(
    ITEM_COLUMNS.index("title"),
    ITEM_COLUMNS.index("body"),
    ITEM_COLUMNS.index("place"),
    ITEM_COLUMNS.index("note"),
)


def items_naming(db: sqlite_utils.Database, data: Dataset) -> set[int]:
    """Keys of the stored items whose full-text entry holds words that this write changes:
    those linked to an actor renamed or given other aliases, or to a source retitled, and the
    statements made at an event retitled or given other tracks (which they take)."""
    found: set[int] = set()
    wanted = {e.id: (e.title, e.tracks) for e in data.events}
    sql = "SELECT id, title FROM items WHERE id IN ({})"
    titles = dict(select_in(db, sql, sorted(wanted)))
    tracks = stored_event_tracks(db, titles)
    changed = [i for i, title in titles.items() if (title, tracks.get(i, ())) != wanted[i]]
    sql = "SELECT key FROM items WHERE event IN ({})"
    found.update(r[0] for r in select_in(db, sql, sorted(changed)))
    for table, words, columns, links, column in (
        ("actors", {a.id: (a.name, _aliases(a)) for a in data.actors}, "name, aliases",
         "item_actors", "actor"),
        ("sources", {s.id: (s.title, s.publisher, s.author) for s in data.sources},
         "title, publisher, author", "item_sources", "source"),
    ):  # fmt: skip
        sql = f"SELECT key, id, {columns} FROM {table} WHERE id IN ({{}})"
        changed = [r[0] for r in select_in(db, sql, sorted(words)) if r[2:] != words[r[1]]]
        sql = f"SELECT item FROM {links} WHERE {column} IN ({{}})"
        found.update(r[0] for r in select_in(db, sql, changed))
    return found


def upsert_records(
    db: sqlite_utils.Database, table: str, rows: list[tuple[object, ...]], columns: Sequence[str]
) -> None:
    """Add records, or update those whose id is already there; either way keeping the integer
    key that links refer to (INSERT OR REPLACE would give a new one)."""
    updates = ", ".join(f"{c} = excluded.{c}" for c in columns[1:])
    db.conn.executemany(
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))}) "
        f"ON CONFLICT (id) DO UPDATE SET {updates}",
        rows,
    )


def _stored_keys(db: sqlite_utils.Database, ids: Sequence[str]) -> list[int]:
    """Keys of the stored items with these ids (those an import replaces)."""
    return [r[0] for r in select_in(db, "SELECT key FROM items WHERE id IN ({})", sorted(ids))]


def delete_items(db: sqlite_utils.Database, keys: Sequence[int]) -> None:
    """Remove items that are about to be replaced, and their links and tags."""
    for table in ITEM_TABLES:
        db.conn.executemany(f"DELETE FROM {table} WHERE item = ?", ((k,) for k in keys))
    db.conn.executemany("DELETE FROM items WHERE key = ?", ((k,) for k in keys))


def _assign_keys(
    db: sqlite_utils.Database, rows: Sequence[ItemRow], empty: bool
) -> tuple[list[int], bool]:
    """Keys in time order for new rows (sorted by start); True if some are temporary, for
    `key_space.renumber` to place."""
    if empty:
        return key_space.laid_out(len(rows)), False
    space = key_space.KEY_SPACE
    starts: list[int] = []
    bounds: list[int] = [0]
    for start, key in db.execute("SELECT start, key FROM items ORDER BY key"):
        starts.append(start)
        bounds.append(key)
    bounds.append(space)
    keys: list[int] = []
    full = False
    i = 0
    while i < len(rows):
        gap = bisect.bisect_right(starts, rows[i][0])
        j = i + 1
        while j < len(rows) and bisect.bisect_right(starts, rows[j][0]) == gap:
            j += 1
        tie = bool(gap) and starts[gap - 1] == rows[i][0]  # after stored items of the moment
        low, high = key_space.room(bounds[gap], bounds[gap + 1], j - i, tie=tie)
        if high - low - 1 < j - i:
            full = True
            low, high = space + i, space + j + 1  # temporary, placed by the renumbering
        keys += key_space.spread(low, high, j - i)
        i = j
    return keys, full


def event_tracks(
    db: sqlite_utils.Database, data: Dataset, links: Links
) -> dict[str, tuple[str, ...]]:
    """The tracks of every event a statement in `links` belongs to: from the file, or else as
    stored."""
    tracks = {e.id: e.tracks for e in data.events}
    wanted = {e for e in links.events if e is not None} - tracks.keys()
    return tracks | stored_event_tracks(db, wanted)


def stored_event_tracks(
    db: sqlite_utils.Database, events: Iterable[str]
) -> dict[str, tuple[str, ...]]:
    """The own tracks of these stored events, in their order (those that have any)."""
    sql = (
        "SELECT e.id, tracks.id FROM items e "
        f"JOIN item_tracks t ON t.item = e.key AND t.pos < {INHERITED_POS} "
        "JOIN tracks ON tracks.key = t.track WHERE e.id IN ({}) ORDER BY e.id, t.pos"
    )
    stored: dict[str, list[str]] = {}
    for event, track in select_in(db, sql, sorted(events)):
        stored.setdefault(event, []).append(track)
    return {k: tuple(v) for k, v in stored.items()}


def insert_item_links(
    db: sqlite_utils.Database,
    keys: npt.NDArray[np.int64],
    links: Links,
    event_tracks: dict[str, tuple[str, ...]],
) -> None:
    """Actors (a statement's speaker), tracks (a statement's own, then those of its event) and
    sources, in key order, as integer keys; and tags."""
    stored = record_keys(db)
    for table, rows in (
        ("item_actors", link_rows(keys, links.actors, stored["actor"])),
        ("item_tracks", track_rows(keys, links, stored["track"], event_tracks)),
        ("item_sources", link_rows(keys, links.sources, stored["source"])),
    ):
        insert_links(db.conn, table, LINK_TABLES[table], rows)
    insert_tags(db.conn, tag_rows(keys.tolist(), links.tags))


def record_keys(db: sqlite_utils.Database) -> dict[str, dict[str, int]]:
    """The integer key of every actor, track and source, by kind and id."""
    return {
        kind: dict(db.execute(f"SELECT id, key FROM {table}").fetchall())
        for kind, table in RECORD_TABLES.items()
    }


def inherit_tracks(db: sqlite_utils.Database, event_ids: Sequence[str]) -> None:
    """Statements already stored follow their event's tracks when the event is replaced."""
    if not event_ids:
        return
    db.execute("CREATE TEMP TABLE IF NOT EXISTS touched (id TEXT PRIMARY KEY)")
    db.execute("DELETE FROM temp.touched")
    db.conn.executemany("INSERT OR IGNORE INTO temp.touched VALUES (?)", ((i,) for i in event_ids))
    statements = "SELECT key FROM items WHERE event IN (SELECT id FROM temp.touched)"
    db.execute(f"DELETE FROM item_tracks WHERE pos >= {INHERITED_POS} AND item IN ({statements})")
    db.execute(
        "INSERT OR IGNORE INTO item_tracks (item, track, pos) "
        f"SELECT s.key, t.track, {INHERITED_POS} + t.pos FROM items s "
        f"JOIN items e ON e.id = s.event JOIN item_tracks t ON t.item = e.key "
        f"AND t.pos < {INHERITED_POS} WHERE s.event IN (SELECT id FROM temp.touched)"
    )
    db.execute("DELETE FROM temp.touched")


@contextmanager
def _indexes_deferred(
    db: sqlite_utils.Database, *, active: bool, text: bool = True
) -> Iterator[None]:
    """Drop the secondary indexes (and any triggers) of items and links, and build each once
    afterwards, and the full-text index too unless `text` is False (the caller fills it):
    several times faster than row by row."""
    if not active:
        yield
        return
    tables = ("items", *ITEM_TABLES)
    marks = ",".join("?" * len(tables))
    saved = db.execute(
        f"SELECT type, name, sql FROM sqlite_master WHERE type IN ('index', 'trigger') "
        f"AND tbl_name IN ({marks}) AND sql IS NOT NULL",
        tables,
    ).fetchall()
    for kind, name, _ in saved:
        db.execute(f"DROP {kind.upper()} [{name}]")
    yield
    for kind, _, sql in saved:
        if kind == "index":
            db.execute(sql)
    if text:
        text_index.rebuild(db)
    for kind, _, sql in saved:
        if kind == "trigger":
            db.execute(sql)
