"""What every import reader shares: how it declares its format, what it reads into, and a
builder of records.

A reader module declares each format it reads as an `ImportFormat`: a name, a label, file
extensions, a detection function and a `Reader`, which every format calls the same way
(the file's head, the `ReadOptions`, progress and cancel). The registry
(`app.formats.readers`) lists those declarations; readers never import it.

Readers of files without stable ids (CSV, TimelineJS, Timeline) name actors, tracks and
sources by name or address. The `Builder` gives each one a single record per file, with an id
derived from what identifies it, so the same file read twice yields the same ids and the
import adds nothing the second time. Matching those records against the ones already in the
database is the importer's job, not the reader's.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from app.core.model import Actor, Dataset, Event, Source, Statement, Track
from app.core.progress import Cancelled, StagedProgress
from app.formats.problems import Problem
from app.formats.text_in import Head, Layout

ColumnRef = str | int
"""A column by its header, or by its number counting from 1."""


@dataclass(slots=True)
class Reading:
    """A file as read: the records it holds, and what had to be left out."""

    dataset: Dataset
    format: str
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    """Things the user should know that are not errors (a title slide, an ignored column)."""
    native_ids: bool = False
    """True when the file's ids are authoritative (native JSON): its records replace those
    with the same id. Otherwise records the database already has are kept as they are."""
    layout: Layout | None = None
    """For a table read through a column mapping: delimiter, header, which column fed which
    field."""


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """What a reader is asked; each reads what concerns it."""

    mapping: Mapping[str, Sequence[ColumnRef]] = field(default_factory=dict)
    """Tables: field → columns, by header or by number from 1; fields not given are guessed."""
    limit: int | None = None
    """Tables: stop after this many records (a preview); None reads them all."""
    missing: Sequence[str] = ()
    """Tables: cells that say a value is missing ("NA", "-"), read as empty in every column
    (besides those guessed from the file)."""


Reader = Callable[[Head, ReadOptions, StagedProgress | None, Cancelled | None], Reading]
"""Every format is read the same way: from the head already read (the file it names is
opened again only to read on), with options, progress and cancel."""
Detector = Callable[[Head], bool]
"""Whether a file is in a format, from its head; the registry asks in its order."""


@dataclass(frozen=True, slots=True)
class ImportFormat:
    name: str
    label: str
    """For reports, the dialog and the command line's help."""
    extensions: tuple[str, ...]
    """Without the dot, for the file chooser."""
    detect: Detector | None
    """None for a format only ever chosen by name (TSV, which CSV detection also finds)."""
    read: Reader
    table: bool = False
    """A table read through a column mapping: it takes one, and a preview reads only its
    first rows (`ReadOptions.limit`)."""


ERAS_TRACK = "Eras"
"""The track that periods of a timeline (TimelineJS and Timeline eras) go on."""
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
SLUG_LENGTH = 48


def slug(text: str, length: int = SLUG_LENGTH) -> str:
    """'Dmitriev–Witkoff back-channel' → 'dmitriev-witkoff-back-channel' (ASCII, may be '')."""
    folded = text.casefold()
    ascii_text = (
        folded if folded.isascii()
        else unicodedata.normalize("NFKD", folded).encode("ascii", "ignore").decode()
    )  # fmt: skip
    return _NOT_SLUG.sub("-", ascii_text).strip("-")[:length].rstrip("-")


def digest(*parts: str) -> str:
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:10]


def fold(text: str) -> str:
    """Case-, accent- and spacing-blind form of a name, for matching."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


def item_id(prefix: str, title: str, *identity: str) -> str:
    """'event/lavrov-and-rubio-meet-3fa1c2d9e0': readable, and the same for the same record."""
    name = slug(title)
    hashed = digest(prefix, *identity)
    return f"{prefix}/{name}-{hashed}" if name else f"{prefix}/{hashed}"


def split_list(text: str | None) -> list[str]:
    """'Reuters; TASS ;' → ['Reuters', 'TASS']."""
    if not text:
        return []
    if ";" not in text:
        return [text]
    return [part.strip() for part in text.split(";") if part.strip()]


def looks_like_url(text: str) -> bool:
    lower = text.lower()
    return lower.startswith(("http://", "https://", "www.", "ftp://")) and " " not in text


class Builder:
    """Collects records for one file, one actor, track or source per name or address."""

    def __init__(self) -> None:
        self.actors: dict[str, Actor] = {}
        self.tracks: dict[str, Track] = {}
        self.sources: dict[str, Source] = {}
        self.events: list[Event] = []
        self.statements: list[Statement] = []
        self._by_id: dict[str, Event | Statement] = {}
        self._named: set[str] = set()
        self._seen: dict[tuple[str, str], str] = {}
        """(kind, name as written) → id: large files repeat the same few names."""

    def actor(self, name: str) -> str:
        known = self._seen.get(("actor", name))
        if known is not None:
            return known
        key = fold(name)
        found = self.actors.get(key)
        if found is None:
            found = Actor(self._named_id("actor", name), " ".join(name.split()))
            self.actors[key] = found
        self._seen["actor", name] = found.id
        return found.id

    def track(self, name: str, color: str | None = None, description: str | None = None) -> str:
        known = self._seen.get(("track", name))
        if known is not None:
            return known
        key = fold(name)
        found = self.tracks.get(key)
        if found is None:
            found = Track(self._named_id("track", name), " ".join(name.split()), description, color)
            self.tracks[key] = found
        self._seen["track", name] = found.id
        return found.id

    def source(
        self,
        reference: str,
        title: str | None = None,
        publisher: str | None = None,
        author: str | None = None,
    ) -> str:
        """A source by its address, or by its name when it has none ('Reuters')."""
        known = self._seen.get(("source", reference))
        if known is not None and title is None and publisher is None and author is None:
            return known
        found = self._source(reference, title, publisher, author)
        self._seen["source", reference] = found
        return found

    def _source(
        self, reference: str, title: str | None, publisher: str | None, author: str | None
    ) -> str:
        reference = reference.strip()
        if looks_like_url(reference):
            url = reference if "://" in reference else "https://" + reference
            key = "url:" + url
            made = Source(f"source/{digest('url', url)}", url, title or None, publisher, author)
        else:
            key = "name:" + fold(reference)
            if key in self.sources:
                return self.sources[key].id
            made = Source(self._named_id("source", reference), None, reference)
        return self.sources.setdefault(key, made).id

    def add(self, record: Event | Statement, *, explicit_id: bool = False) -> bool:
        """Keep a record; False if it repeats an earlier record of the file exactly.

        Records that share a generated id (same title and date) but differ become 'id-2',
        'id-3' … in file order, so reading the file again gives the same ids. An id the file
        itself gives must be unique: a second, different record with it raises `ValueError`.
        """
        wanted = record.id
        candidate, n = wanted, 1
        while candidate in self._by_id:
            earlier = self._by_id[candidate]
            if earlier == (record if candidate == wanted else replace(record, id=candidate)):
                return False
            if explicit_id:
                raise ValueError(f"id {wanted!r} is already used by another record of the file")
            n += 1
            candidate = f"{wanted}-{n}"
        if candidate != wanted:
            record = replace(record, id=candidate)
        self._by_id[candidate] = record
        if isinstance(record, Event):
            self.events.append(record)
        else:
            self.statements.append(record)
        return True

    def dataset(self, title: str | None = None, description: str | None = None) -> Dataset:
        return Dataset(
            title=title,
            description=description,
            actors=list(self.actors.values()),
            tracks=list(self.tracks.values()),
            sources=list(self.sources.values()),
            events=self.events,
            statements=self.statements,
        )

    def _named_id(self, prefix: str, name: str) -> str:
        """'actor/sergei-lavrov'; names that only differ in punctuation, or that have no
        Latin letters ('Лавров'), get a short hash instead of clashing."""
        name_slug = slug(name)
        wanted = f"{prefix}/{name_slug}" if name_slug else f"{prefix}/{digest(prefix, fold(name))}"
        if wanted in self._named:
            wanted = f"{prefix}/{name_slug}-{digest(prefix, fold(name))}".replace("/-", "/")
        self._named.add(wanted)
        return wanted
