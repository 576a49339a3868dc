"""Whole records back out of the store: for exports, and for naming actors and tracks."""

from __future__ import annotations

import json
import sqlite3
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from itertools import groupby
from operator import itemgetter

import sqlite_utils

from app.core.dates import DateSpan, PartialDate, parse_partial
from app.core.filter import Filter
from app.core.model import STATEMENT, Actor, Dataset, Event, Source, Statement, Tally, Track
from app.store.queries import run_query, where_clause
from app.store.schema import INHERITED_POS, LINK_TABLES, RECORD_TABLES

_KEYS = "(SELECT value FROM json_each(?))"
"""SQL for the list of keys in a JSON array parameter."""
_first = itemgetter(0)


class UnknownName(LookupError):
    """A name given for an actor or track matches none, or more than one."""


def fold(text: str) -> str:
    """Case- and accent-blind form for matching names: 'Müller' and 'muller' agree."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def resolve(db: sqlite_utils.Database, table: str, name: str) -> str:
    """The id of the actor or track called `name`: its id, its name or any alias exactly, or
    else a part of them that only one has. Case and accents do not matter."""
    kind = "actor" if table == "actors" else "track"
    columns = "id, name, aliases" if table == "actors" else "id, name, NULL"
    candidates: list[tuple[str, str, list[str]]] = [
        (id_, label, [id_, label, *json.loads(extra or "[]")])
        for id_, label, extra in db.execute(f"SELECT {columns} FROM {table}")
    ]
    wanted = fold(name.strip())
    exact = [c for c in candidates if any(fold(n) == wanted for n in c[2])]
    if len(exact) == 1:
        return exact[0][0]
    partial = exact or [c for c in candidates if any(wanted in fold(n) for n in c[2])]
    if len(partial) == 1:
        return partial[0][0]
    if not partial:
        raise UnknownName(f"No {kind} is called “{name}”.")
    listed = ", ".join(sorted(c[1] for c in partial)[:8])
    raise UnknownName(f"“{name}” could be more than one {kind}: {listed}. Be more specific.")


ITEM_COLUMNS = (
    "items.id, kind, start_text, end_text, title, body, place, speaker, event, attribution, "
    "language, tally, note"
)
"""The columns `item_record` reads, in its order; prefix the table's key where a read needs it."""

Links = dict[int, tuple[str, ...]]
"""Each item's own references by item key: actor, track or source ids, in their order; or,
for `TAGS`, its tags."""
TAGS = "item_tags"


def item_record(
    row: Sequence,
    key: int,
    links: dict[str, Links],
    date: Callable[[str], PartialDate] = parse_partial,
) -> Event | Statement:
    """An event or statement from a row of `ITEM_COLUMNS` and its links by table (the one
    mapping of a stored item to a record; `date` may cache the parsing of repeated dates)."""
    (id_, kind, start, end, title, body, place, speaker, event, attribution, language,
     tally, note) = row  # fmt: skip
    tracks = links["item_tracks"].get(key, ())
    sources = links["item_sources"].get(key, ())
    tags = links[TAGS].get(key, ()) if TAGS in links else ()
    if kind == STATEMENT:
        return Statement(id_, speaker, date(start), body or "", event, attribution or "direct",
                         language, tracks, sources, note, tags)  # fmt: skip
    t = json.loads(tally) if tally else None
    return Event(
        id_, title or "", kind, DateSpan(date(start), date(end) if end else None), place, body,
        links["item_actors"].get(key, ()), tracks, sources,
        Tally(t["in_favour"], t["against"], t["abstaining"]) if t else None, note, tags,
    )  # fmt: skip


def read_selection(db: sqlite_utils.Database, f: Filter | None = None) -> tuple[Dataset, set[str]]:
    """The items the Filter selects (all without one) and everything they refer to: the events
    their statements belong to, and every actor, track and source named; and the ids of the
    items the Filter itself selects."""
    f = f or Filter()
    with _chosen(db, f):
        links = {table: _chosen_links(db, table) for table in LINK_TABLES}
        links[TAGS] = _chosen_tags(db)
        rows = db.execute(
            f"SELECT c.selected, items.key, {ITEM_COLUMNS} "
            "FROM temp.chosen c JOIN items ON items.key = c.key ORDER BY c.key"
        ).fetchall()
        _all_found(db, len(rows))
    parsed: dict[str, PartialDate] = {}

    def date(text: str) -> PartialDate:
        found = parsed.get(text)
        if found is None:
            found = parsed[text] = parse_partial(text)
        return found

    events: list[Event] = []
    statements: list[Statement] = []
    chosen: set[str] = set()
    for selected, key, *row in rows:
        record = item_record(row, key, links, date)
        if selected:
            chosen.add(record.id)
        if isinstance(record, Statement):
            statements.append(record)
        else:
            events.append(record)
    return _dataset(db, f, events, statements), chosen


def _dataset(
    db: sqlite_utils.Database, f: Filter, events: list[Event], statements: list[Statement]
) -> Dataset:
    """The items with the records they name, and the database's title and description."""
    if f.is_empty:  # everything: keep records that nothing refers to yet
        actor_ids = {r[0] for r in db.execute("SELECT id FROM actors")}
        track_ids = {r[0] for r in db.execute("SELECT id FROM tracks")}
        source_ids = {r[0] for r in db.execute("SELECT id FROM sources")}
    else:
        actor_ids, track_ids, source_ids = _referenced(events, statements)
    meta = dict(db.execute("SELECT key, value FROM meta").fetchall())
    return Dataset(
        title=meta.get("title"),
        description=meta.get("description"),
        actors=actor_records(db, actor_ids),
        tracks=track_records(db, track_ids),
        sources=source_records(db, source_ids),
        events=events,
        statements=statements,
    )


def _referenced(
    events: list[Event], statements: list[Statement]
) -> tuple[set[str], set[str], set[str]]:
    actor_ids = {a for e in events for a in e.actors} | {s.speaker for s in statements}
    track_ids = {t for e in events for t in e.tracks} | {t for s in statements for t in s.tracks}
    source_ids = {x for e in events for x in e.sources} | {x for s in statements for x in s.sources}
    return actor_ids, track_ids, source_ids


def _all_found(db: sqlite_utils.Database, found: int) -> None:
    """A damaged page of the items can hide rows from a lookup by key without any error
    from SQLite: an export then left out twenty of the sample's items and said it had
    written the rest. The keys chosen by the items' indexes must all be found."""
    chosen = db.execute("SELECT count(*) FROM temp.chosen").fetchone()[0]
    if found != chosen:
        raise sqlite3.DatabaseError(
            f"database disk image is malformed: {chosen - found} of {chosen} items not found"
        )


@contextmanager
def _chosen(db: sqlite_utils.Database, f: Filter) -> Iterator[None]:
    """For the time of a read, `temp.chosen` lists the keys of the items the Filter selects
    (`selected` 1) and of the events their statements belong to (`selected` 0). Reads join
    it: a list of keys bound as a parameter would be parsed and indexed again by each."""
    where, params = where_clause(f)
    db.execute("CREATE TEMP TABLE IF NOT EXISTS chosen (key INTEGER PRIMARY KEY, selected INTEGER)")
    db.execute("DELETE FROM temp.chosen")
    try:
        run_query(db, f"INSERT INTO temp.chosen SELECT key, 1 FROM items WHERE {where}", params, f)
        db.execute(
            "INSERT OR IGNORE INTO temp.chosen SELECT key, 0 FROM items WHERE id IN "
            "(SELECT event FROM temp.chosen c JOIN items s ON s.key = c.key "
            "WHERE s.event IS NOT NULL)"
        )
        yield
    finally:
        db.execute("DELETE FROM temp.chosen")


def _chosen_links(db: sqlite_utils.Database, table: str) -> dict[int, tuple[str, ...]]:
    """`item_links` of the items in `temp.chosen`, by integer key and then named from a table of
    the few records: a join per link would make a string per link."""
    column = LINK_TABLES[table]
    ids = dict(db.execute(f"SELECT key, id FROM {RECORD_TABLES[column]}").fetchall()).__getitem__
    rows = db.execute(
        f"SELECT l.item, l.{column} FROM temp.chosen c JOIN {table} l ON l.item = c.key "
        f"WHERE l.pos < {INHERITED_POS} ORDER BY l.item, l.pos"
    ).fetchall()
    return {item: tuple([ids(r[1]) for r in group]) for item, group in groupby(rows, _first)}


def _chosen_tags(db: sqlite_utils.Database) -> Links:
    rows = db.execute(
        "SELECT t.item, t.tag FROM temp.chosen c JOIN item_tags t ON t.item = c.key "
        "ORDER BY t.item, t.pos"
    ).fetchall()
    return {item: tuple([r[1] for r in group]) for item, group in groupby(rows, _first)}


def links_of(db: sqlite_utils.Database, keys: Sequence[int]) -> dict[str, Links]:
    """Everything `item_record` needs besides the items' rows: their own actors, tracks and
    sources, and their tags."""
    listed = json.dumps(list(keys))
    found = {table: item_links_in(db, table, listed) for table in LINK_TABLES}
    found[TAGS] = tags_in(db, listed)
    return found


def tags_in(db: sqlite_utils.Database, keys: str) -> Links:
    """The tags of the items whose keys the JSON array `keys` lists, each item's in order."""
    rows = db.execute(
        f"SELECT item, tag FROM item_tags WHERE item IN {_KEYS} ORDER BY item, pos", [keys]
    ).fetchall()
    return {item: tuple([r[1] for r in group]) for item, group in groupby(rows, _first)}


def item_links(
    db: sqlite_utils.Database, table: str, keys: Sequence[int]
) -> dict[int, tuple[str, ...]]:
    """Each item's own references (not the tracks a statement inherits), in their order."""
    return item_links_in(db, table, json.dumps(list(keys)))


def item_links_in(db: sqlite_utils.Database, table: str, keys: str) -> dict[int, tuple[str, ...]]:
    """`item_links` of the items whose keys the JSON array `keys` lists."""
    column = LINK_TABLES[table]
    rows = db.execute(
        f"SELECT l.item, r.id FROM {table} l JOIN {RECORD_TABLES[column]} r "
        f"ON r.key = l.{column} WHERE l.pos < {INHERITED_POS} AND l.item IN {_KEYS} "
        "ORDER BY l.item, l.pos",
        [keys],
    ).fetchall()
    return {item: tuple([r[1] for r in group]) for item, group in groupby(rows, _first)}


def _rows(db: sqlite_utils.Database, columns: str, table: str, ids: set[str]) -> list[tuple]:
    """The rows of `table` whose ids are in `ids`."""
    sql = f"SELECT {columns} FROM {table} WHERE id IN {_KEYS}"
    return db.execute(sql, [json.dumps(sorted(ids))]).fetchall()


def actor_records(db: sqlite_utils.Database, ids: set[str]) -> list[Actor]:
    columns = "id, name, aliases, kind, role, affiliation, country"
    return sorted(
        (
            Actor(id_, name, tuple(json.loads(aliases or "[]")), kind, role, affiliation, country)
            for id_, name, aliases, kind, role, affiliation, country in _rows(
                db, columns, "actors", ids
            )
        ),
        key=lambda a: a.id,
    )


def track_records(db: sqlite_utils.Database, ids: set[str]) -> list[Track]:
    rows = _rows(db, "id, name, description, color", "tracks", ids)
    return sorted((Track(*row) for row in rows), key=lambda t: t.id)


def source_records(db: sqlite_utils.Database, ids: set[str]) -> list[Source]:
    columns = "id, url, title, publisher, author, published, accessed, archived_text"
    return sorted(
        (
            Source(
                id_,
                url,
                title,
                publisher,
                author,
                parse_partial(published) if published else None,
                parse_partial(accessed) if accessed else None,
                archived,
            )
            for id_, url, title, publisher, author, published, accessed, archived in _rows(
                db, columns, "sources", ids
            )
        ),
        key=lambda s: s.id,
    )
