"""A capture under review: which drafts the user keeps, what they corrected, and what still
stands in the way of accepting them. Plain Python, so the window's review and its tests
share one set of rules: a correction that cannot be read is kept as a problem on its draft
(the draft keeps its last good value), and accepting refuses while a kept draft has one.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Generic, TypeVar

import sqlite_utils

from app.core.dates import DateError, DateSpan, parse_partial, parse_span
from app.services.capture.accepting import accept_edit
from app.services.capture.drafts import Drafts, EventDraft, StatementDraft
from app.services.editing import MAX_LINE, Edit, FieldError
from app.store.records import UnknownName, resolve

ATTRIBUTIONS = ("direct", "paraphrase", "anonymous")
D = TypeVar("D", StatementDraft, EventDraft)


@dataclass(slots=True)
class Reviewed(Generic[D]):
    """A draft, whether it is kept, and what is wrong with the corrections typed into it
    (by field: "Date" → the message)."""

    draft: D
    kept: bool = True
    problems: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Blocker:
    """What stops the kept drafts from being accepted: the first draft with a problem."""

    kind: str
    """"statement" or "event"."""
    index: int
    field: str
    message: str


class Review:
    """The drafts of one capture as the user works through them."""

    def __init__(self, drafts: Drafts) -> None:
        self.drafts = drafts
        self.statements = [Reviewed(s) for s in drafts.statements]
        self.events = [Reviewed(e) for e in drafts.events]

    def every(self) -> Iterator[tuple[str, int, Reviewed[StatementDraft] | Reviewed[EventDraft]]]:
        """Each draft with its kind and index, statements first."""
        for index, statement in enumerate(self.statements):
            yield "statement", index, statement
        for index, event in enumerate(self.events):
            yield "event", index, event

    def state(self) -> list[tuple[bool, object]]:
        """Each draft as it stands and whether it is kept, copied: what the user may have
        corrected since another moment's state."""
        return copy.deepcopy([(r.kept, r.draft) for _, _, r in self.every()])

    def keep_all(self, kept: bool) -> None:
        for _kind, _index, reviewed in self.every():
            reviewed.kept = kept

    def kept_count(self) -> int:
        return sum(reviewed.kept for _kind, _index, reviewed in self.every())

    def set_speaker(self, db: sqlite_utils.Database, index: int, typed: str,
                    actor_id: str | None = None) -> None:  # fmt: skip
        """An actor the database knows (chosen from the list, or named by any of their
        names), or a new actor of the name typed; the role the article gave is kept only
        for the speaker it was given to."""
        reviewed = self.statements[index]
        draft = reviewed.draft
        name = " ".join(typed.split())
        try:
            if not name:
                raise FieldError("Speaker", "Who said it? Name the speaker.")
            if len(name) > MAX_LINE:
                raise FieldError("Speaker", f"A name is at most {MAX_LINE:,} characters.")
            found = actor_id or _known_actor(db, name, draft)
        except FieldError as error:
            reviewed.problems["Speaker"] = str(error)
            return
        reviewed.problems.pop("Speaker", None)
        if name == draft.speaker and found == draft.speaker_id:
            return
        draft.role = draft.role if name == draft.speaker else None
        draft.speaker, draft.speaker_id = name, found

    def set_attribution(self, index: int, attribution: str) -> None:
        if attribution not in ATTRIBUTIONS:
            raise ValueError(f"not an attribution: {attribution!r}")
        self.statements[index].draft.attribution = attribution

    def set_date(self, kind: str, index: int, typed: str) -> None:
        """A statement's day (or month, or year) or an event's date or range, as typed."""
        reviewed: Reviewed[StatementDraft] | Reviewed[EventDraft]
        reviewed = self.statements[index] if kind == "statement" else self.events[index]
        try:
            when = _date(typed, span=kind == "event")
        except FieldError as error:
            reviewed.problems["Date"] = str(error)
            return
        reviewed.problems.pop("Date", None)
        if isinstance(reviewed.draft, StatementDraft):
            reviewed.draft.date = when.start
        else:
            reviewed.draft.date = when

    def set_tracks(self, db: sqlite_utils.Database, kind: str, index: int,
                   names: tuple[str, ...]) -> None:  # fmt: skip
        reviewed: Reviewed[StatementDraft] | Reviewed[EventDraft]
        reviewed = self.statements[index] if kind == "statement" else self.events[index]
        try:
            ids = tuple(dict.fromkeys(_track(db, n) for n in names if n.strip()))
        except FieldError as error:
            reviewed.problems["Tracks"] = str(error)
            return
        reviewed.problems.pop("Tracks", None)
        reviewed.draft.tracks = ids

    def set_event(self, index: int, draft_event: int | None, event_id: str | None) -> None:
        """Said at one of the article's events (by its index), at one the database holds
        (by id), or at none."""
        draft = self.statements[index].draft
        draft.event, draft.event_id = draft_event, event_id
        self.statements[index].problems.pop("Event", None)

    def event_problem(self, index: int, message: str) -> None:
        """The event typed is none the user can choose: kept until another is chosen."""
        self.statements[index].problems["Event"] = message

    def set_title(self, index: int, typed: str) -> None:
        reviewed = self.events[index]
        title = " ".join(typed.split())
        if not title or len(title) > MAX_LINE:
            reviewed.problems["Title"] = "An event needs a title (one line, at most 1,000 letters)."
            return
        reviewed.problems.pop("Title", None)
        reviewed.draft.title = title

    def set_place(self, index: int, typed: str) -> None:
        self.events[index].draft.place = " ".join(typed.split())[:MAX_LINE] or None

    def merge(self, first: int, second: int) -> int:
        """Two statements become one: the first's speaker, kind and date, the words of both
        in the article's order; the index of the statement they became."""
        a, b = sorted((first, second))
        if a == b:
            return a
        one, other = self.statements[a], self.statements[b]
        one.draft = merged(one.draft, other.draft, self.drafts.text)
        one.kept = one.kept or other.kept
        one.problems.update({k: v for k, v in other.problems.items() if k not in one.problems})
        del self.statements[b]
        self.drafts.statements = [r.draft for r in self.statements]
        return a

    def blocker(self) -> Blocker | None:
        """The first kept draft that cannot be accepted as it is, and why."""
        for kind, index, reviewed in self.every():
            if not reviewed.kept:
                continue
            if reviewed.problems:
                name, message = next(iter(reviewed.problems.items()))
                return Blocker(kind, index, name, message)
            draft = reviewed.draft
            if isinstance(draft, StatementDraft) and draft.date is None:
                message = "The article gives no date for it: type the day it was said."
                return Blocker(kind, index, "Date", message)
        return None

    def edit(self, db: sqlite_utils.Database) -> Edit:
        """The kept drafts as one Edit; a FieldError naming the draft if one stands in the
        way (see `blocker`)."""
        stop = self.blocker()
        if stop is not None:
            raise FieldError(stop.field, f"{self.describe(stop.kind, stop.index)}: {stop.message}")
        return accept_edit(
            db, self.drafts,
            [r.draft for r in self.statements if r.kept], [r.draft for r in self.events if r.kept],
        )  # fmt: skip

    def describe(self, kind: str, index: int) -> str:
        """How messages name a draft: "Statement 3 (Dmitry Peskov)", "Event 2 (Call: …)"."""
        if kind == "statement":
            return f"Statement {index + 1} ({self.statements[index].draft.speaker})"
        return f"Event {index + 1} ({_short(self.events[index].draft.title)})"


def merged(first: StatementDraft, second: StatementDraft, text: str) -> StatementDraft:
    """One statement of two: `first`'s speaker, kind and date; the words of both, in the
    article's order, a paragraph break kept between paragraphs."""
    a, b = sorted((first, second), key=lambda d: d.start)
    parts = tuple(sorted({*(a.parts or ((a.start, a.end),)), *(b.parts or ((b.start, b.end),))}))
    gap = "\n" if "\n" in text[a.end : b.start] else " "
    return replace(
        first,
        text=f"{a.text}{gap}{b.text}",
        start=min(a.start, b.start),
        end=max(a.end, b.end),
        parts=parts,
        references=tuple(dict.fromkeys((*a.references, *b.references))),
        tracks=tuple(dict.fromkeys((*first.tracks, *second.tracks))),
    )


def _known_actor(db: sqlite_utils.Database, name: str, draft: StatementDraft) -> str | None:
    """The actor `name` names, or None for a new one; two actors it could name are a
    problem. The name the article gave an unknown speaker stays that new speaker."""
    if name == draft.speaker and draft.speaker_id is None:
        return None
    try:
        return resolve(db, "actors", name)
    except UnknownName as error:
        if "more than one" in str(error):
            raise FieldError("Speaker", str(error)) from None
        return None


def _track(db: sqlite_utils.Database, name: str) -> str:
    try:
        return resolve(db, "tracks", name)
    except UnknownName as error:
        raise FieldError("Tracks", str(error)) from None


def _date(typed: str, *, span: bool) -> DateSpan:
    if not typed.strip():
        raise FieldError("Date", "The date is required (24 Oct 2025, Oct 2025).")
    try:
        return parse_span(typed) if span else DateSpan(parse_partial(typed))
    except DateError as error:
        said = str(error)  # most reasons name what was typed already
        named = said if typed.strip() in said else f"“{_short(typed)}”: {said}"
        raise FieldError("Date", named) from None


def _short(text: str, length: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1] + "…"
