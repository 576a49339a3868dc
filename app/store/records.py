"""Whole records back out of the store: for exports, and for naming actors and tracks."""

from __future__ import annotations

import json
import unicodedata
from collections import defaultdict
from collections.abc import Sequence

import sqlite_utils

from app.core.dates import DateSpan, parse_partial
from app.core.filter import Filter
from app.core.model import STATEMENT, Actor, Dataset, Event, Source, Statement, Tally, Track
from app.store.queries import run_query, select_in, where_clause
from app.store.schema import INHERITED_POS, LINK_TABLES, RECORD_TABLES


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


def read_dataset(db: sqlite_utils.Database, f: Filter | None = None) -> Dataset:
    """The items the Filter selects (all without one) and everything they refer to: the events
    their statements belong to, and every actor, track and source named."""
    keys = selected_keys(db, f or Filter())
    events_wanted = {
        r[0] for r in select_in(db, "SELECT event FROM items WHERE key IN ({})", keys) if r[0]
    }
    selected = set(keys)
    extra = [
        r[0] for r in select_in(db, "SELECT key FROM items WHERE id IN ({})", sorted(events_wanted))
    ]
    keys = sorted(selected | set(extra))
    links = {
        table: _links(db, table, keys) for table in ("item_actors", "item_tracks", "item_sources")
    }
    events: list[Event] = []
    statements: list[Statement] = []
    sql = (
        "SELECT key, id, kind, start_text, end_text, title, body, place, speaker, event, "
        "attribution, language, tally FROM items WHERE key IN ({}) ORDER BY key"
    )
    for row in select_in(db, sql, keys):
        (
            key,
            id_,
            kind,
            start,
            end,
            title,
            body,
            place,
            speaker,
            event,
            attribution,
            language,
            tally,
        ) = row
        own_tracks = tuple(links["item_tracks"][key])
        sources = tuple(links["item_sources"][key])
        if kind == STATEMENT:
            statements.append(
                Statement(
                    id=id_,
                    speaker=speaker,
                    date=parse_partial(start),
                    text=body,
                    event=event,
                    attribution=attribution,
                    language=language,
                    tracks=own_tracks,
                    sources=sources,
                )
            )
        else:
            t = json.loads(tally) if tally else None
            events.append(
                Event(
                    id=id_,
                    title=title,
                    kind=kind,
                    when=DateSpan(parse_partial(start), parse_partial(end) if end else None),
                    place=place,
                    summary=body,
                    actors=tuple(links["item_actors"][key]),
                    tracks=own_tracks,
                    sources=sources,
                    tally=Tally(t["in_favour"], t["against"], t["abstaining"]) if t else None,
                )
            )
    if f is None or f.is_empty:  # everything: keep records that nothing refers to yet
        actor_ids = {r[0] for r in db.execute("SELECT id FROM actors")}
        track_ids = {r[0] for r in db.execute("SELECT id FROM tracks")}
        source_ids = {r[0] for r in db.execute("SELECT id FROM sources")}
    else:
        actor_ids, track_ids, source_ids = _referenced(events, statements)
    meta = dict(db.execute("SELECT key, value FROM meta").fetchall())
    return Dataset(
        title=meta.get("title"),
        description=meta.get("description"),
        actors=_actors(db, actor_ids),
        tracks=_tracks(db, track_ids),
        sources=_sources(db, source_ids),
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


def selected_keys(db: sqlite_utils.Database, f: Filter) -> list[int]:
    """Keys of the items the Filter selects, in time order."""
    where, params = where_clause(f)
    return [
        r[0] for r in run_query(db, f"SELECT key FROM items WHERE {where} ORDER BY key", params, f)
    ]


def ids_of(db: sqlite_utils.Database, keys: Sequence[int]) -> set[str]:
    return {r[0] for r in select_in(db, "SELECT id FROM items WHERE key IN ({})", keys)}


def _links(db: sqlite_utils.Database, table: str, keys: Sequence[int]) -> dict[int, list[str]]:
    """Each item's own references (not the tracks a statement inherits), in their order."""
    column = LINK_TABLES[table]
    records = RECORD_TABLES[column]
    found: dict[int, list[str]] = defaultdict(list)
    sql = (
        f"SELECT l.item, r.id FROM {table} l JOIN {records} r ON r.key = l.{column} "
        f"WHERE l.pos < {INHERITED_POS} AND l.item IN ({{}}) ORDER BY l.item, l.pos"
    )
    for item, ref in select_in(db, sql, keys):
        found[item].append(ref)
    return found


def _actors(db: sqlite_utils.Database, ids: set[str]) -> list[Actor]:
    sql = "SELECT id, name, aliases, kind, role, affiliation, country FROM actors WHERE id IN ({})"
    return sorted(
        (
            Actor(id_, name, tuple(json.loads(aliases or "[]")), kind, role, affiliation, country)
            for id_, name, aliases, kind, role, affiliation, country in select_in(
                db, sql, sorted(ids)
            )
        ),
        key=lambda a: a.id,
    )


def _tracks(db: sqlite_utils.Database, ids: set[str]) -> list[Track]:
    sql = "SELECT id, name, description, color FROM tracks WHERE id IN ({})"
    return sorted((Track(*row) for row in select_in(db, sql, sorted(ids))), key=lambda t: t.id)


def _sources(db: sqlite_utils.Database, ids: set[str]) -> list[Source]:
    sql = (
        "SELECT id, url, title, publisher, author, published, accessed, archived_text "
        "FROM sources WHERE id IN ({})"
    )
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
            for id_, url, title, publisher, author, published, accessed, archived in select_in(
                db, sql, sorted(ids)
            )
        ),
        key=lambda s: s.id,
    )
