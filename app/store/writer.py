"""Writing a Dataset into the store: one transaction, all of it or nothing.

Records are merged by their stable id: an id already in the database is replaced, a new id
is added. Item keys follow time order (see `schema`); new items take keys in the gaps between
their neighbours, and only when a gap is full are all keys spread out again.
"""

from __future__ import annotations

import bisect
import json
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import sqlite_utils

from app.core.model import STATEMENT, Actor, Dataset, Event, Source, Statement
from app.store.errors import translated

KEY_SPACE = 1 << 62
BULK_THRESHOLD = 20_000
"""Above this many new items (and more than the database holds), the full-text index is
rebuilt once at the end instead of updated row by row."""


class DataError(ValueError):
    """The data cannot go in as it is; `problems` name each record and field at fault."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = list(problems)
        shown = "\n".join(f"  - {p}" for p in self.problems[:20])
        more = len(self.problems) - 20
        super().__init__(
            f"{len(self.problems)} problem(s):\n{shown}"
            + (f"\n  … and {more} more" if more > 0 else "")
        )


@dataclass(frozen=True, slots=True)
class WriteSummary:
    added: int
    replaced: int


@dataclass(frozen=True, slots=True)
class _ItemRow:
    id: str
    kind: str
    start: int
    end: int
    values: tuple[object, ...]
    actors: tuple[str, ...]
    actors_own: bool
    tracks: tuple[str, ...]
    sources: tuple[str, ...]
    place: str | None


def write_dataset(
    db: sqlite_utils.Database, dataset: Dataset, path: Path | str | None = None
) -> WriteSummary:
    """Merge `dataset` into the database in one transaction."""
    with translated(path):
        db.execute("BEGIN IMMEDIATE")
        try:
            _check_references(db, dataset)
            summary = _write(db, dataset)
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
    return summary


def _existing(db: sqlite_utils.Database, table: str, ids: Iterable[str]) -> set[str]:
    wanted = sorted(set(ids))
    found: set[str] = set()
    for chunk in _chunks(wanted, 500):
        marks = ",".join("?" * len(chunk))
        found.update(
            r[0] for r in db.execute(f"SELECT id FROM {table} WHERE id IN ({marks})", chunk)
        )
    return found


def _chunks(values: Sequence[str], size: int) -> Iterator[Sequence[str]]:
    for i in range(0, len(values), size):
        yield values[i : i + size]


def _check_references(db: sqlite_utils.Database, data: Dataset) -> None:
    known = {
        "actor": {a.id for a in data.actors},
        "track": {t.id for t in data.tracks},
        "source": {s.id for s in data.sources},
        "event": {e.id for e in data.events},
    }
    wanted: list[tuple[str, str, str, str]] = []  # (record, field, kind, id)
    for e in data.events:
        record = f"event {e.id!r}"
        wanted += [(record, "actors", "actor", a) for a in e.actors]
        wanted += [(record, "tracks", "track", t) for t in e.tracks]
        wanted += [(record, "sources", "source", s) for s in e.sources]
    for s in data.statements:
        record = f"statement {s.id!r}"
        wanted.append((record, "speaker", "actor", s.speaker))
        if s.event is not None:
            wanted.append((record, "event", "event", s.event))
        wanted += [(record, "tracks", "track", t) for t in s.tracks]
        wanted += [(record, "sources", "source", x) for x in s.sources]
    problems = [
        f"event {e.id!r}: kind {STATEMENT!r} is reserved for statements"
        for e in data.events
        if e.kind == STATEMENT
    ]
    missing = [w for w in wanted if w[3] not in known[w[2]]]
    if not missing and not problems:
        return
    tables = {"actor": "actors", "track": "tracks", "source": "sources", "event": "items"}
    for kind, table in tables.items():
        ids = [w[3] for w in missing if w[2] == kind]
        if ids:
            known[kind] |= _existing(db, table, ids)
    problems += [
        f"{record}: {field} refers to {kind} {ref!r}, "
        "which is neither in the file nor in the database"
        for record, field, kind, ref in missing
        if ref not in known[kind]
    ]
    if problems:
        raise DataError(problems)


def _write(db: sqlite_utils.Database, data: Dataset) -> WriteSummary:
    for key, value in (("title", data.title), ("description", data.description)):
        if value:  # a merge keeps the title the database already has
            db.execute("INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)", [key, value])
    db.conn.executemany(
        "INSERT OR REPLACE INTO actors VALUES (?,?,?,?,?,?,?)",
        [
            (
                a.id,
                a.name,
                json.dumps(list(a.aliases), ensure_ascii=False),
                a.kind,
                a.role,
                a.affiliation,
                a.country,
            )
            for a in data.actors
        ],
    )
    db.conn.executemany(
        "INSERT OR REPLACE INTO tracks VALUES (?,?,?,?)",
        [(t.id, t.name, t.description, t.color) for t in data.tracks],
    )
    db.conn.executemany(
        "INSERT OR REPLACE INTO sources VALUES (?,?,?,?,?,?,?,?)",
        [
            (
                s.id,
                s.url,
                s.title,
                s.publisher,
                s.author,
                s.published.iso() if s.published else None,
                s.accessed.iso() if s.accessed else None,
                s.archived_text,
            )
            for s in data.sources
        ],
    )
    rows = [_event_row(e) for e in data.events] + [_statement_row(s) for s in data.statements]
    rows.sort(key=lambda r: (r.start, r.end, r.id))
    replaced = _delete_items(db, [r.id for r in rows])
    existing = int(db.execute("SELECT count(*) FROM items").fetchone()[0])
    bulk = len(rows) > BULK_THRESHOLD and len(rows) > existing
    with _fts_suspended(db, active=bulk):
        keys, full = _assign_keys(db, rows, existing)
        texts = _search_texts(db, data, rows)
        db.conn.executemany(
            "INSERT INTO items (key, id, kind, start, end, precision, start_text, end_text, "
            "title, body, extra, place, speaker, event, attribution, language, tally) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                (key, r.id, r.kind, r.start, r.end, *r.values[:5], text, *r.values[5:])
                for key, r, text in zip(keys, rows, texts, strict=True)
            ),
        )
        _insert_links(db, keys, rows)
        _inherit_tracks(db, [e.id for e in data.events], [s.id for s in data.statements])
        _refresh_search_text(db, data, {r.id for r in rows})
        if full:
            renumber(db)
    return WriteSummary(added=len(rows) - replaced, replaced=replaced)


def _event_row(e: Event) -> _ItemRow:
    tally = None
    if e.tally is not None:
        tally = json.dumps(
            {
                "in_favour": e.tally.in_favour,
                "against": e.tally.against,
                "abstaining": e.tally.abstaining,
            }
        )
    values = (
        int(e.when.start.precision),
        e.when.start.iso(),
        e.when.end.iso() if e.when.end else None,
        e.title,
        e.summary,
        e.place,
        None,
        None,
        None,
        None,
        tally,
    )
    return _ItemRow(
        e.id,
        e.kind,
        e.when.first_second,
        e.when.last_second,
        values,
        e.actors,
        True,
        e.tracks,
        e.sources,
        e.place,
    )


def _statement_row(s: Statement) -> _ItemRow:
    values = (
        int(s.date.precision),
        s.date.iso(),
        None,
        None,
        s.text,
        None,
        s.speaker,
        s.event,
        s.attribution,
        s.language,
        None,
    )
    return _ItemRow(
        s.id,
        STATEMENT,
        s.date.first_second,
        s.date.last_second,
        values,
        (s.speaker,),
        False,
        s.tracks,
        s.sources,
        None,
    )


def _delete_items(db: sqlite_utils.Database, ids: Sequence[str]) -> int:
    """Remove items that are about to be replaced; returns how many there were."""
    keys: list[int] = []
    for chunk in _chunks(sorted(ids), 500):
        marks = ",".join("?" * len(chunk))
        keys += [r[0] for r in db.execute(f"SELECT key FROM items WHERE id IN ({marks})", chunk)]
    for table in ("item_actors", "item_tracks", "item_sources"):
        db.conn.executemany(f"DELETE FROM {table} WHERE item = ?", ((k,) for k in keys))
    db.conn.executemany("DELETE FROM items WHERE key = ?", ((k,) for k in keys))
    return len(keys)


def _assign_keys(
    db: sqlite_utils.Database, rows: Sequence[_ItemRow], existing: int
) -> tuple[list[int], bool]:
    """Keys in time order for new rows (sorted by start); True if a renumber is needed."""
    if existing == 0:
        return _spread(0, KEY_SPACE, len(rows)), False
    starts: list[int] = []
    bounds: list[int] = [0]
    for start, key in db.execute("SELECT start, key FROM items ORDER BY key"):
        starts.append(start)
        bounds.append(key)
    bounds.append(KEY_SPACE)
    keys: list[int] = []
    full = False
    i = 0
    while i < len(rows):
        gap = bisect.bisect_right(starts, rows[i].start)
        j = i + 1
        while j < len(rows) and bisect.bisect_right(starts, rows[j].start) == gap:
            j += 1
        low, high = bounds[gap], bounds[gap + 1]
        if high - low - 1 < j - i:
            full = True
            low, high = KEY_SPACE + i, KEY_SPACE + j + 1  # temporary, renumbered below
        keys += _spread(low, high, j - i)
        i = j
    return keys, full


def _spread(low: int, high: int, n: int) -> list[int]:
    """n integers strictly between low and high, evenly spaced."""
    step = (high - low) // (n + 1)
    return [low + step * (k + 1) for k in range(n)]


def _insert_links(db: sqlite_utils.Database, keys: Sequence[int], rows: Sequence[_ItemRow]) -> None:
    for table, column, own, field in (
        ("item_actors", "actor", None, "actors"),
        ("item_tracks", "track", 1, "tracks"),
        ("item_sources", "source", 1, "sources"),
    ):

        def links(field: str = field, own: int | None = own) -> Iterator[tuple[int, str, int, int]]:
            for key, row in zip(keys, rows, strict=True):
                flag = own if own is not None else int(row.actors_own)
                for pos, ref in enumerate(dict.fromkeys(getattr(row, field))):
                    yield key, ref, pos, flag

        db.conn.executemany(
            f"INSERT INTO {table} (item, {column}, pos, own) VALUES (?,?,?,?)", links()
        )


def _inherit_tracks(
    db: sqlite_utils.Database, event_ids: Sequence[str], statement_ids: Sequence[str]
) -> None:
    """A statement is also on the tracks of the event it belongs to."""
    db.execute("CREATE TEMP TABLE IF NOT EXISTS touched (id TEXT PRIMARY KEY)")
    db.execute("DELETE FROM temp.touched")
    db.conn.executemany("INSERT OR IGNORE INTO temp.touched VALUES (?)", ((i,) for i in event_ids))
    db.execute(
        "DELETE FROM item_tracks WHERE own = 0 AND item IN "
        "(SELECT key FROM items WHERE event IN (SELECT id FROM temp.touched))"
    )
    db.conn.executemany(
        "INSERT OR IGNORE INTO temp.touched VALUES (?)", ((i,) for i in statement_ids)
    )
    db.execute(
        "INSERT OR IGNORE INTO item_tracks (item, track, pos, own) "
        "SELECT s.key, t.track, 1000 + t.pos, 0 FROM items s "
        "JOIN items e ON e.id = s.event JOIN item_tracks t ON t.item = e.key AND t.own = 1 "
        "WHERE s.event IS NOT NULL AND (s.event IN (SELECT id FROM temp.touched) "
        "OR s.id IN (SELECT id FROM temp.touched))"
    )
    db.execute("DELETE FROM temp.touched")


def _actor_text(a: Actor) -> str:
    return " ".join((a.name, *a.aliases))


def _source_text(s: Source) -> str:
    return " ".join(p for p in (s.title, s.publisher, s.author) if p)


def _search_texts(db: sqlite_utils.Database, data: Dataset, rows: Sequence[_ItemRow]) -> list[str]:
    """What besides its own words finds an item: its actors' names in every spelling and
    script, its sources' titles and publishers, its place."""
    actors = {a.id: _actor_text(a) for a in data.actors}
    sources = {s.id: _source_text(s) for s in data.sources}
    actors |= _stored_texts(db, "actors", {a for r in rows for a in r.actors} - actors.keys())
    sources |= _stored_texts(db, "sources", {s for r in rows for s in r.sources} - sources.keys())
    return [
        " ".join(
            filter(
                None, (r.place, *(actors[a] for a in r.actors), *(sources[s] for s in r.sources))
            )
        )
        for r in rows
    ]


def _stored_texts(db: sqlite_utils.Database, table: str, ids: set[str]) -> dict[str, str]:
    texts: dict[str, str] = {}
    for chunk in _chunks(sorted(ids), 500):
        marks = ",".join("?" * len(chunk))
        if table == "actors":
            sql = f"SELECT id, name, aliases FROM actors WHERE id IN ({marks})"
            for id_, name, aliases in db.execute(sql, chunk):
                texts[id_] = " ".join((name, *json.loads(aliases or "[]")))
        else:
            sql = f"SELECT id, title, publisher, author FROM sources WHERE id IN ({marks})"
            for id_, *parts in db.execute(sql, chunk):
                texts[id_] = " ".join(p for p in parts if p)
    return texts


def _refresh_search_text(db: sqlite_utils.Database, data: Dataset, written: set[str]) -> None:
    """Items already stored that name an actor or source this import changed."""
    actor_ids = [a.id for a in data.actors]
    source_ids = [s.id for s in data.sources]
    stale: set[int] = set()
    for table, column, ids in (
        ("item_actors", "actor", actor_ids),
        ("item_sources", "source", source_ids),
    ):
        for chunk in _chunks(ids, 500):
            marks = ",".join("?" * len(chunk))
            sql = f"SELECT item FROM {table} WHERE {column} IN ({marks})"
            stale.update(r[0] for r in db.execute(sql, chunk))
    stale_rows = []
    for key in sorted(stale):
        id_, place = db.execute("SELECT id, place FROM items WHERE key = ?", [key]).fetchone()
        if id_ in written:
            continue
        actors = tuple(
            r[0]
            for r in db.execute("SELECT actor FROM item_actors WHERE item = ? ORDER BY pos", [key])
        )
        sources = tuple(
            r[0]
            for r in db.execute(
                "SELECT source FROM item_sources WHERE item = ? ORDER BY pos", [key]
            )
        )
        stale_rows.append((key, _ItemRow(id_, "", 0, 0, (), actors, True, (), sources, place)))
    if stale_rows:
        texts = _search_texts(db, Dataset(), [row for _, row in stale_rows])
        db.conn.executemany(
            "UPDATE items SET extra = ? WHERE key = ?",
            ((text, key) for (key, _), text in zip(stale_rows, texts, strict=True)),
        )


def renumber(db: sqlite_utils.Database) -> None:
    """Spread all item keys evenly again, in time order (rare: only when a gap is full)."""
    order = [r[0] for r in db.execute("SELECT key FROM items ORDER BY start, end, id")]
    new_keys = _spread(0, KEY_SPACE, len(order))
    with _fts_suspended(db, active=True):
        db.execute("CREATE TEMP TABLE IF NOT EXISTS rekey (old INTEGER PRIMARY KEY, new INTEGER)")
        db.execute("DELETE FROM temp.rekey")
        db.conn.executemany(
            "INSERT INTO temp.rekey VALUES (?, ?)", zip(order, new_keys, strict=True)
        )
        db.execute("UPDATE items SET key = -key")
        db.execute("UPDATE items SET key = (SELECT new FROM temp.rekey WHERE old = -items.key)")
        for table in ("item_actors", "item_tracks", "item_sources"):
            db.execute(f"UPDATE {table} SET item = -item")
            db.execute(
                f"UPDATE {table} SET item = (SELECT new FROM temp.rekey WHERE old = -{table}.item)"
            )
        db.execute("DELETE FROM temp.rekey")


@contextmanager
def _fts_suspended(db: sqlite_utils.Database, *, active: bool) -> Iterator[None]:
    """Drop the triggers that keep the full-text index in step, and rebuild it once after."""
    if not active:
        yield
        return
    triggers = [
        sql
        for (sql,) in db.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'items'"
        )
    ]
    for (name,) in db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'items'"
    ).fetchall():
        db.execute(f"DROP TRIGGER [{name}]")
    yield
    db.execute("INSERT INTO items_fts (items_fts) VALUES ('rebuild')")
    for sql in triggers:
        db.execute(sql)
