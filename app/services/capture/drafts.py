"""What a capture proposes: plain records the review shows and the user corrects.

Offsets are Python string indices into the article's text (end exclusive). A draft names
its speaker or actors as the article does and, where the database knows them, by id; an
unknown speaker becomes a proposed new actor when the draft is accepted.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from app.core.dates import DateSpan, PartialDate


@dataclass(slots=True)
class SourceDraft:
    """The article itself (with its text as the offline copy) or a reference it cites."""

    title: str | None = None
    url: str | None = None
    publisher: str | None = None
    author: str | None = None
    published: PartialDate | None = None
    archived_text: str | None = None
    number: str | None = None
    """The reference's number in the article ("7" for [7]); None for the article itself."""


@dataclass(slots=True)
class StatementDraft:
    speaker: str
    """As the article names them ("Maria Zakharova", "a Moscow source in a position to know")."""
    speaker_id: str | None
    text: str
    attribution: str
    """"direct", "paraphrase" or "anonymous"."""
    cue: str
    """The verb that says it was said ("said", "заявил"); "" when the speaker was inferred."""
    date: PartialDate | None
    start: int
    end: int
    parts: tuple[tuple[int, int], ...] = ()
    """Where the quoted words are, when they are apart (a quote split by "said X", a
    paraphrase's quoted words); () when they run from `start` to `end`."""
    role: str | None = None
    """What the article calls a new speaker ("spokesman for Foreign Minister Sergei Lavrov")."""
    references: tuple[str, ...] = ()
    """Numbers of the references it cites, in `Drafts.references`."""
    event: int | None = None
    """Index in `Drafts.events` of the event it was said at."""
    event_id: str | None = None
    """An event the database holds that it was said at (chosen in the review)."""
    tracks: tuple[str, ...] = ()
    """Ids of the tracks the review put it on."""


@dataclass(slots=True)
class EventDraft:
    title: str
    kind: str
    date: DateSpan
    actors: tuple[str, ...]
    """As the article names them."""
    actor_ids: tuple[str | None, ...]
    place: str | None
    start: int
    end: int
    references: tuple[str, ...] = ()
    tracks: tuple[str, ...] = ()
    """Ids of the tracks the review put it on."""


@dataclass(slots=True)
class Drafts:
    text: str
    source: SourceDraft
    statements: list[StatementDraft] = field(default_factory=list)
    events: list[EventDraft] = field(default_factory=list)
    references: dict[str, SourceDraft] = field(default_factory=dict)
    """Reference number → the source it points to (only those whose address or title the
    article gives)."""
    already_captured: int = 0
    """Statements left out because the database holds them from this article already."""
    from_html: bool = False

    def new_speakers(self) -> list[str]:
        """Names of the speakers the database does not know, each once, in order."""
        return list(dict.fromkeys(s.speaker for s in self.statements if s.speaker_id is None))

    def as_json(self) -> dict[str, Any]:
        """The drafts as `backchannel capture --json` prints them."""
        published = self.source.published
        document: dict[str, Any] = {
            "source": {
                "title": self.source.title,
                "url": self.source.url,
                "publisher": self.source.publisher,
                "author": self.source.author,
                "published": published.iso() if published else None,
            },
            "statements": [
                {
                    "speaker": s.speaker,
                    "speaker_id": s.speaker_id,
                    "text": s.text,
                    "attribution": s.attribution,
                    "cue": s.cue,
                    "date": s.date.iso() if s.date else None,
                    "start": s.start,
                    "end": s.end,
                }
                for s in self.statements
            ],
            "events": [
                {
                    "title": e.title,
                    "date": e.date.iso(),
                    "actors": list(e.actors),
                    "place": e.place,
                    "start": e.start,
                    "end": e.end,
                }
                for e in self.events
            ],
        }
        if self.from_html:
            document["text"] = self.text
        return document
