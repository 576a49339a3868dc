"""Capture against a database: drafts that know its actors and leave out what was captured
from the same article before; and the accepted drafts as one Edit (one transaction, one
undo step), with the article as their source and its text as the offline copy."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import sqlite_utils

from app.core.dates import PartialDate
from app.core.model import Actor, Event, Source, Statement
from app.formats.article import Article
from app.formats.builder import digest, item_id, slug
from app.services.capture.drafts import Drafts, EventDraft, SourceDraft, StatementDraft
from app.services.capture.engine import draft_article
from app.services.capture.names import KnownActor
from app.services.editing import Edit, FieldError
from app.store import capture_lookup, lookup, references
from app.store.changes import Record, Ref
from app.store.records import UnknownName, resolve

MAX_ID_TITLE = 60


def capture(db: sqlite_utils.Database, article: Article, date: PartialDate | None = None) -> Drafts:
    """Drafts of the article, speakers resolved against the database's actors; statements
    already captured from this article (their words stored as, or within, a statement citing
    it) are left out."""
    actors = [KnownActor(i, n, tuple(a), k) for i, n, a, k in capture_lookup.known_actors(db)]
    drafts = draft_article(article, actors, date)
    stored = capture_lookup.article_source(db, drafts.source.url, drafts.source.title)
    if stored is not None:
        # Words already stored from this article, whoever the review said spoke them and
        # whether or not it joined them to others: not proposed again.
        done = [words for _, words in capture_lookup.statements_citing(db, stored)]
        kept = [s for s in drafts.statements if not any(s.text in words for words in done)]
        drafts.already_captured = len(drafts.statements) - len(kept)
        drafts.statements = kept
    stored_events = lookup.events_by_title(db, [e.title for e in drafts.events])
    _without_stored_events(drafts, stored_events)
    return drafts


def _without_stored_events(drafts: Drafts, stored: dict[tuple[str, str], str]) -> None:
    """Leave out the events the database holds already (captured before); a statement said
    at one is linked to the stored event, and the others keep theirs."""
    kept: list[EventDraft] = []
    new_index: dict[int, int] = {}
    for i, event in enumerate(drafts.events):
        if (event.title, event.date.start.iso()) not in stored:
            new_index[i] = len(kept)
            kept.append(event)
    for draft in drafts.statements:
        if draft.event is None or draft.event_id is not None:
            continue
        event = drafts.events[draft.event]
        draft.event_id = stored.get((event.title, event.date.start.iso()))
        draft.event = new_index.get(draft.event)
    drafts.events = kept


@dataclass(slots=True)
class _Records:
    db: sqlite_utils.Database
    after: dict[Ref, Record | None] = field(default_factory=dict)
    new_actors: dict[str, str] = field(default_factory=dict)
    taken: set[str] = field(default_factory=set)

    def free(self, kind: str, wanted: str) -> str:
        candidate, n = wanted, 1
        while candidate in self.taken or references.taken(self.db, kind, candidate):
            n += 1
            candidate = f"{wanted}-{n}"
        self.taken.add(candidate)
        return candidate

    def actor(self, draft: StatementDraft) -> str:
        if draft.speaker_id is not None:
            return draft.speaker_id
        if draft.speaker in self.new_actors:
            return self.new_actors[draft.speaker]
        name_slug = slug(draft.speaker) or digest("actor", draft.speaker)
        actor = Actor(
            self.free("actor", f"actor/{name_slug}"), draft.speaker,
            kind="anonymous" if draft.attribution == "anonymous" else "person",
            role=draft.role,
        )  # fmt: skip
        self.after["actor", actor.id] = actor
        self.new_actors[draft.speaker] = actor.id
        return actor.id

    def source(self, draft: SourceDraft, fallback_title: str) -> str:
        title = draft.title or fallback_title
        stored = capture_lookup.article_source(self.db, draft.url, title)
        if stored is not None:
            return stored
        key = digest("url", draft.url) if draft.url else f"{slug(title)}-{digest('title', title)}"
        source = Source(
            self.free("source", f"source/{key}"), draft.url, title, draft.publisher,
            draft.author, draft.published, None, draft.archived_text,
        )  # fmt: skip
        self.after["source", source.id] = source
        return source.id


def accept_edit(
    db: sqlite_utils.Database,
    drafts: Drafts,
    statements: Sequence[StatementDraft] | None = None,
    events: Sequence[EventDraft] | None = None,
    track: str | None = None,
) -> Edit:
    """The accepted drafts (all of them when None) as one Edit. A statement without a date
    is refused (FieldError on "Date"), as the form refuses it, and so is one said at an
    event of the article that is not accepted with it; unknown speakers become new actors;
    the article and the references its drafts cite become sources. Each draft keeps its own
    tracks, and `track` (a name) is added to all."""
    chosen = list(drafts.statements if statements is None else statements)
    chosen_events = list(drafts.events if events is None else events)
    records = _Records(db)
    tracks = _track(db, track)
    title = drafts.source.title or "Captured article"
    article = records.source(drafts.source, title)
    cited = {key: records.source(ref, f"Reference {key} of {title}")
             for key, ref in drafts.references.items()}  # fmt: skip
    position = {id(e): i for i, e in enumerate(drafts.events)}
    made: dict[int, str] = {}  # the id of the event made of each accepted event draft
    for happening in chosen_events:
        sources = (article, *(cited[r] for r in happening.references if r in cited))
        event = _event(records, happening, _joined(tracks, happening.tracks), sources)
        records.after["item", event.id] = event
        if id(happening) in position:
            made[position[id(happening)]] = event.id
    for draft in chosen:
        if draft.date is None:
            raise FieldError(
                "Date", f"The article gives no date for “{draft.text[:40]}…”: give its date."
            )
        speaker = records.actor(draft)
        sources = (article, *(cited[r] for r in draft.references if r in cited))
        identity = item_id("statement", draft.text[:MAX_ID_TITLE], speaker, draft.date.iso())
        record = Statement(
            records.free("item", identity), speaker, draft.date, draft.text,
            event=_said_at(draft, made), attribution=draft.attribution,
            tracks=_joined(tracks, draft.tracks), sources=tuple(dict.fromkeys(sources)),
        )  # fmt: skip
        records.after["item", record.id] = record
    n = len(chosen) + len(chosen_events)
    return Edit(f"Capture {n} item{'s' if n != 1 else ''} from {title[:60]}", records.after)


def _said_at(draft: StatementDraft, made: dict[int, str]) -> str | None:
    """The event a statement was said at: one the database holds, or one of the article's
    that is accepted with it; none when that event is left out (the statement still lands,
    with its date)."""
    if draft.event_id is not None or draft.event is None:
        return draft.event_id
    return made.get(draft.event)


def _joined(*tracks: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(t for some in tracks for t in some))


def _event(
    records: _Records, draft: EventDraft, tracks: tuple[str, ...], sources: tuple[str, ...]
) -> Event:
    identity = item_id("event", draft.title[:MAX_ID_TITLE], draft.date.iso())
    actors = tuple(a for a in draft.actor_ids if a is not None)
    return Event(
        records.free("item", identity), draft.title, draft.kind, draft.date, draft.place,
        actors=tuple(dict.fromkeys(actors)), tracks=tracks, sources=tuple(dict.fromkeys(sources)),
    )  # fmt: skip


def _track(db: sqlite_utils.Database, name: str | None) -> tuple[str, ...]:
    if not name:
        return ()
    try:
        return (resolve(db, "tracks", name),)
    except UnknownName as error:
        raise FieldError("Track", str(error)) from None
