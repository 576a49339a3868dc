"""Matching what a file holds against what the database already has, before anything is written.

Records are matched by stable id; failing that, sources by address, events by title and
date, statements by speaker, date and text, actors by name or any alias, tracks by name. A
matched record keeps the database's id, so importing the same file twice adds nothing, and
an item whose content has not changed is not written at all. Actors whose names are merely
close ("Vadim Medinsky", "Vladimir Medinsky") are never merged: they are suggested.

What the database holds is asked through `app.store.lookup`; no SQL is written here.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import sqlite_utils
from rapidfuzz import fuzz, process

from app.core.model import STATEMENT, Actor, Dataset, Event, Source, Statement, Track
from app.core.progress import Cancelled
from app.formats.builder import Reading, digest, fold, slug
from app.formats.problems import ImportCancelled
from app.services.merged import resolve_merged
from app.store import lookup

SUGGESTION_CUTOFF = 85.0
"""How alike two names must be to be suggested as one person: their characters in common
(the longest common subsequence, counted in both) as a percentage of both lengths."""
MAX_SUGGESTION_PAIRS = 2_000_000
"""Name comparisons beyond this are skipped: a large file against a large database."""
SIMILAR_CHARS = 300
"""Only so many first characters of two names are compared: enough to tell spellings apart,
and a 2,000-character name then costs no more than a 300-character one."""
CHECK_EVERY = 10_000
"""Name comparisons between two checks for a cancel."""


@dataclass(slots=True)
class Plan:
    """What an import will do: the records to write and what they amount to."""

    dataset: Dataset
    added: list[Event | Statement] = field(default_factory=list)
    updated: list[Event | Statement] = field(default_factory=list)
    unchanged: int = 0
    new_actors: int = 0
    new_tracks: int = 0
    new_sources: int = 0
    suggestions: list[str] = field(default_factory=list)


def plan(
    db: sqlite_utils.Database,
    reading: Reading,
    extra_track: str | None = None,
    cancelled: Cancelled | None = None,
) -> Plan:
    """What importing the reading would do; `cancelled` is asked while names are compared
    (`ImportCancelled`)."""
    data = reading.dataset
    if lookup.is_empty(db):
        return _into_empty(data, extra_track, cancelled)
    data = resolve_merged(db, data)
    merger = _Merger(db, reading.native_ids)
    actors = merger.actors(data.actors)
    tracks = merger.tracks(data.tracks)
    extra = merger.extra_track(extra_track, tracks) if extra_track else None
    sources = merger.sources(data.sources)
    events = [merger.remap_event(e, extra) for e in data.events]
    events = merger.identify_events(events)
    statements = [merger.remap_statement(s, extra) for s in data.statements]
    statements = merger.identify_statements(statements)
    result = Plan(
        Dataset(data.title, data.description, actors, tracks, sources, [], []),
        new_actors=sum(a.id not in merger.actor_ids for a in actors),
        new_tracks=sum(t.id not in merger.track_ids for t in tracks),
        new_sources=sum(s.id not in merger.source_ids for s in sources),
        suggestions=merger.suggestions(actors, cancelled),
    )
    records: list[Event | Statement] = [*events, *statements]
    stored = lookup.items_by_id(db, [r.id for r in records])
    for record in records:
        before = stored.get(record.id)
        if before is not None and record.id in merger.matched_by_content:
            record = _merged(before, record)
        if before is None:
            result.added.append(record)
        elif _fingerprint(before) == _fingerprint(record):
            result.unchanged += 1
            continue
        else:
            result.updated.append(record)
        if isinstance(record, Event):
            result.dataset.events.append(record)
        else:
            result.dataset.statements.append(record)
    return result


def _into_empty(data: Dataset, extra_track: str | None, cancelled: Cancelled | None) -> Plan:
    tracks = list(data.tracks)
    if extra_track:
        known = {fold(t.name): t.id for t in tracks}
        track_id = known.get(fold(extra_track))
        if track_id is None:
            track_id = _free_id("track", extra_track, {t.id for t in tracks})
            tracks.append(Track(track_id, extra_track.strip()))
        events = [replace(e, tracks=_with(e.tracks, track_id)) for e in data.events]
        statements = [replace(s, tracks=_with(s.tracks, track_id)) for s in data.statements]
    else:
        events, statements = data.events, data.statements
    dataset = Dataset(
        data.title, data.description, data.actors, tracks, data.sources, events, statements
    )
    return Plan(
        dataset,
        added=[*events, *statements],
        new_actors=len(data.actors),
        new_tracks=len(tracks),
        new_sources=len(data.sources),
        suggestions=_close_names([a.name for a in data.actors], {}, cancelled),
    )


def _with(tracks: tuple[str, ...], extra: str) -> tuple[str, ...]:
    return tracks if extra in tracks else (*tracks, extra)


def _free_id(prefix: str, name: str, taken: set[str]) -> str:
    base = f"{prefix}/{slug(name) or digest(prefix, fold(name))}"
    return base if base not in taken else f"{base}-{digest(prefix, fold(name))}"


class _Merger:
    def __init__(self, db: sqlite_utils.Database, native: bool) -> None:
        self.db = db
        self.native = native
        self.remapped: dict[str, str] = {}
        self.actor_ids: set[str] = set()
        self.actor_names: dict[str, str] = {}
        self.existing_names: dict[str, tuple[str, str]] = {}
        """Stored actors' names, folded once (long names make folding the dearest part)."""
        for id_, name, aliases in lookup.actor_names(db):
            self.actor_ids.add(id_)
            folded = fold(name)
            self.existing_names[folded] = (name, id_)
            self.actor_names.setdefault(folded, id_)
            for alias in aliases:
                self.actor_names.setdefault(fold(alias), id_)
        self.track_ids: set[str] = set()
        self.track_names: dict[str, str] = {}
        for id_, name in lookup.track_names(db):
            self.track_ids.add(id_)
            self.track_names.setdefault(fold(name), id_)
        self.source_ids: set[str] = set()
        self.matched_by_content: set[str] = set()
        """Items found by title and date (or speaker, date and text) under another id."""

    def _new_id(self, record_id: str, taken: set[str], name: str) -> str:
        """The file's id for a new record, unless the database already uses it for another."""
        if record_id not in taken:
            return record_id
        fresh = f"{record_id}-{digest(record_id, fold(name))}"
        self.remapped[record_id] = fresh
        return fresh

    def actors(self, actors: Sequence[Actor]) -> list[Actor]:
        kept = []
        for actor in actors:
            if self.native and actor.id in self.actor_ids:
                kept.append(actor)  # a native file's ids are authoritative: it replaces
                continue
            match = next(
                (self.actor_names[n] for n in map(fold, (actor.name, *actor.aliases))
                 if n in self.actor_names),
                None,
            )  # fmt: skip
            if match is not None:
                self.remapped[actor.id] = match
            else:
                kept.append(replace(actor, id=self._new_id(actor.id, self.actor_ids, actor.name)))
        return kept

    def tracks(self, tracks: Sequence[Track]) -> list[Track]:
        kept = []
        for track in tracks:
            if self.native and track.id in self.track_ids:
                kept.append(track)
                continue
            match = self.track_names.get(fold(track.name))
            if match is not None:
                self.remapped[track.id] = match
            else:
                kept.append(replace(track, id=self._new_id(track.id, self.track_ids, track.name)))
        return kept

    def extra_track(self, name: str, incoming: list[Track]) -> str:
        wanted = fold(name)
        for track in incoming:
            if fold(track.name) == wanted:
                return track.id
        if wanted in self.track_names:
            return self.track_names[wanted]
        track_id = _free_id("track", name, self.track_ids | {t.id for t in incoming})
        incoming.append(Track(track_id, name.strip()))
        return track_id

    def sources(self, sources: Sequence[Source]) -> list[Source]:
        urls = sorted({s.url for s in sources if s.url})
        titles = sorted({s.title for s in sources if not s.url and s.title})
        ids = sorted({s.id for s in sources})
        by_url = lookup.sources_by_url(self.db, urls)
        by_title = lookup.sources_by_title(self.db, titles)
        self.source_ids = lookup.source_ids(self.db, ids)
        kept = []
        for source in sources:
            if self.native and source.id in self.source_ids:
                kept.append(source)
                continue
            match = by_url.get(source.url) if source.url else by_title.get(source.title or "")
            if match is not None:
                self.remapped[source.id] = match
            else:
                name = source.url or source.title or source.id
                kept.append(replace(source, id=self._new_id(source.id, self.source_ids, name)))
        return kept

    def _ids(self, ids: Iterable[str]) -> tuple[str, ...]:
        get = self.remapped.get
        return tuple(dict.fromkeys(get(i, i) for i in ids))

    def remap_event(self, event: Event, extra: str | None) -> Event:
        tracks = self._ids(event.tracks)
        return replace(
            event,
            actors=self._ids(event.actors),
            tracks=_with(tracks, extra) if extra else tracks,
            sources=self._ids(event.sources),
        )

    def remap_statement(self, statement: Statement, extra: str | None) -> Statement:
        tracks = self._ids(statement.tracks)
        event = statement.event
        return replace(
            statement,
            speaker=self.remapped.get(statement.speaker, statement.speaker),
            event=self.remapped.get(event, event) if event else None,
            tracks=_with(tracks, extra) if extra else tracks,
            sources=self._ids(statement.sources),
        )

    def identify_events(self, events: list[Event]) -> list[Event]:
        """Events the database has under another id, by title and date, take that id."""
        known = lookup.item_ids(self.db, [e.id for e in events])
        titles = sorted({e.title for e in events if e.id not in known})
        by_title = lookup.events_by_title(self.db, titles)
        result = []
        for event in events:
            match = None if event.id in known else by_title.get((event.title, event.when.iso()))
            if match is not None:
                self.remapped[event.id] = match
                self.matched_by_content.add(match)
                event = replace(event, id=match)
            result.append(event)
        return result

    def identify_statements(self, statements: list[Statement]) -> list[Statement]:
        """Statements the database has under another id, by speaker, date and text."""
        known = lookup.item_ids(self.db, [s.id for s in statements])
        texts = sorted({s.text for s in statements if s.id not in known})
        by_text = lookup.statements_by_text(self.db, texts)
        result = []
        for s in statements:
            match = None if s.id in known else by_text.get((s.speaker, s.date.iso(), s.text))
            if match is not None:
                self.matched_by_content.add(match)
                s = replace(s, id=match)
            result.append(s)
        return result

    def suggestions(self, new_actors: Sequence[Actor], cancelled: Cancelled | None) -> list[str]:
        fresh = [a.name for a in new_actors if a.id not in self.actor_ids]
        return _close_names(fresh, self.existing_names, cancelled)


def _merged(before: Event | Statement, after: Event | Statement) -> Event | Statement:
    """A record found under another id: what the file leaves empty keeps its stored value,
    and lists of actors, tracks and sources are joined."""
    if isinstance(before, Event) and isinstance(after, Event):
        return replace(
            after,
            place=after.place or before.place,
            summary=after.summary or before.summary,
            actors=tuple(dict.fromkeys((*before.actors, *after.actors))),
            tracks=tuple(dict.fromkeys((*before.tracks, *after.tracks))),
            sources=tuple(dict.fromkeys((*before.sources, *after.sources))),
            tally=after.tally or before.tally,
        )
    if isinstance(before, Statement) and isinstance(after, Statement):
        return replace(
            after,
            event=after.event or before.event,
            language=after.language or before.language,
            tracks=tuple(dict.fromkeys((*before.tracks, *after.tracks))),
            sources=tuple(dict.fromkeys((*before.sources, *after.sources))),
        )
    return after


def _fingerprint(record: Event | Statement) -> tuple[Any, ...]:
    if isinstance(record, Statement):
        return (STATEMENT, record.speaker, record.date.iso(), record.text, record.event,
                record.attribution, record.language, tuple(dict.fromkeys(record.tracks)),
                tuple(dict.fromkeys(record.sources)))  # fmt: skip
    e = record
    tally = (
        {"in_favour": e.tally.in_favour, "against": e.tally.against,
         "abstaining": e.tally.abstaining} if e.tally else None
    )  # fmt: skip
    return ("event", e.kind, e.when.start.iso(), e.when.end.iso() if e.when.end else None,
            e.title, e.summary, e.place, tally, tuple(dict.fromkeys(e.actors)),
            tuple(dict.fromkeys(e.tracks)), tuple(dict.fromkeys(e.sources)))  # fmt: skip


def _close_names(
    fresh: Sequence[str], candidates: dict[str, tuple[str, str]], cancelled: Cancelled | None
) -> list[str]:
    """'“Vadim Medinsky” (new) looks like “Vladimir Medinsky” (actor/vladimir-medinsky)';
    `candidates` are the stored actors' (name, id) by folded name."""
    new_folded = {fold(name): name for name in fresh}
    if len(new_folded) * (len(candidates) + len(new_folded)) > MAX_SUGGESTION_PAIRS:
        return []
    known = list(candidates)
    known_short = [name[:SIMILAR_CHARS] for name in known]
    found: list[str] = []
    for folded, name in new_folded.items():
        close = _closest(folded[:SIMILAR_CHARS], known_short, cancelled)
        if close is not None and known[close] != folded:
            other, other_id = candidates[known[close]]
            found.append(
                f"“{name}” (new) looks like “{other}” ({other_id}); if they are one person, "
                "merge them and keep the other spelling as an alias"
            )
    names = sorted(new_folded)
    short = [name[:SIMILAR_CHARS] for name in names]
    for index, folded in enumerate(names):
        close = _closest(short[index], short[index + 1 :], cancelled)
        if close is not None:
            found.append(
                f"“{new_folded[folded]}” and “{new_folded[names[index + 1 + close]]}” (both new) "
                "look alike; if they are one person, merge them"
            )
    return found


def _closest(name: str, choices: Sequence[str], cancelled: Cancelled | None) -> int | None:
    """Where in `choices` the name most like this one is (the first of equals), if any is
    alike enough; asks `cancelled` every `CHECK_EVERY` comparisons."""
    best: tuple[float, int] | None = None
    for start in range(0, len(choices), CHECK_EVERY):
        if cancelled is not None and cancelled():
            raise ImportCancelled()
        cutoff = SUGGESTION_CUTOFF if best is None else best[0] + 1e-9
        match = process.extractOne(
            name,
            choices[start : start + CHECK_EVERY],
            scorer=fuzz.ratio,
            processor=None,
            score_cutoff=cutoff,
        )
        if match is not None:
            best = (match[1], start + match[2])
    return None if best is None else best[1]
