"""The one Filter that decides what the window shows, the lists count and the exports write."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from app.core.dates import DateSpan, Precision, from_seconds_at, parse_span
from app.core.model import tag_key, unique_tags

SCOPES = {
    "text": "what was said or done",
    "actors": "actors' names",
    "sources": "sources' titles, publishers and authors",
    "notes": "your notes",
}
"""Where a search's words may be found, and how to say so."""
DEFAULT_SCOPE = frozenset({"text", "actors"})
"""An item's own words and its actors' names: a word found only in the title of a source it
cites (every item of the sample cites an article on Resolution 2803) does not select it."""


SEARCH_PARTS = ("text", "advanced", "typed", "fields", "problem", "spellings")
"""The parts of a Filter the search box sets as one: its words and their syntax, as typed,
the fields typed, why it cannot run, the other spellings its words are looked for in."""


@dataclass(frozen=True, slots=True)
class Filter:
    """Items that match every given part. Within a part, any listed value matches
    (actors Lavrov or Peskov); an empty part does not restrict."""

    actors: frozenset[str] = field(default_factory=frozenset)
    tracks: frozenset[str] = field(default_factory=frozenset)
    kinds: frozenset[str] = field(default_factory=frozenset)
    tags: frozenset[str] = field(default_factory=frozenset)
    """Tags as typed; "Brief" selects the items tagged "brief" too (see `model.tag_key`)."""
    start: int | None = None
    """First second of the date range, inclusive."""
    end: int | None = None
    """Last second of the date range, inclusive."""
    text: str = ""
    advanced: bool = False
    """Whether `text` is FTS5 query syntax (phrases, prefixes, AND/OR/NOT) or plain words."""
    speakers: frozenset[str] = field(default_factory=frozenset)
    """Actor ids: statements said by any of them."""
    sources: frozenset[str] = field(default_factory=frozenset)
    """Source ids: items citing any of them."""
    languages: frozenset[str] = field(default_factory=frozenset)
    """Statements in any of these languages, in lower case ("ru")."""
    typed: str = ""
    """The search box as typed, fields and all (`Witkoff speaker:Peskov`): `text` holds its
    plain words and `fields` what its fields chose."""
    fields: Filter | None = None
    """What the typed fields chose; an item must match it as well as the other parts, so a
    field narrows the filter panel's choice instead of adding to it."""
    problem: str = ""
    """Why the typed search cannot run ("No actor is called “Pesko”."): nothing is selected."""
    scope: frozenset[str] = DEFAULT_SCOPE
    """Where `text` is looked for: some of `SCOPES`."""
    spellings: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """Other spellings of the plain words of `text` that a search also looks for, each word
    as the index holds it (`spelling.index_term`): `("peskov", ("песков",))`. Plain words
    only; the advanced syntax searches what it says."""

    @classmethod
    def build(
        cls,
        *,
        actors: Iterable[str] = (),
        tracks: Iterable[str] = (),
        kinds: Iterable[str] = (),
        tags: Iterable[str] = (),
        date_from: str | None = None,
        date_to: str | None = None,
        text: str = "",
        advanced: bool = False,
    ) -> Filter:
        """A Filter from what a person types; partial dates cover their whole span, so
        from "2025" to "Oct 2025" runs from 1 Jan 2025 to 31 Oct 2025 23:59:59."""
        start = parse_span(date_from).first_second if date_from else None
        end = parse_span(date_to).last_second if date_to else None
        return cls(
            actors=frozenset(actors),
            tracks=frozenset(tracks),
            kinds=frozenset(kinds),
            tags=frozenset(unique_tags(tags)),
            start=start,
            end=end,
            text=text.strip(),
            advanced=advanced,
        )

    def search_part(self) -> dict[str, Any]:
        """What the search box decides of a Filter (`SEARCH_PARTS`), to give another."""
        return {name: getattr(self, name) for name in SEARCH_PARTS}

    @property
    def is_empty(self) -> bool:
        # no words, no scope to keep to, no other spellings to look for
        return replace(self, scope=DEFAULT_SCOPE, spellings=()) == Filter()

    def with_text(self, text: str, advanced: bool = False) -> Filter:
        return replace(self, text=text.strip(), advanced=advanced)

    @property
    def search_text(self) -> str:
        """What the search box shows for this Filter."""
        return self.typed or self.text

    @property
    def needs_database(self) -> bool:
        """Whether some part can only be answered by the database (words, speakers, sources,
        languages), as `item_index.text_keys` does; the rest is answered from memory."""
        inner = self.fields
        own = bool(self.text or self.speakers or self.sources or self.languages)
        return own or (inner is not None and inner.needs_database)

    def describe(self, names: Mapping[str, str] | None = None) -> str:
        """A sentence for report titles and the status bar, naming ids through `names`."""
        names = names or {}

        def listed(ids: frozenset[str]) -> str:
            return ", ".join(sorted(names.get(i, i) for i in ids))

        if self.problem:
            return self.problem
        parts = []
        if self.text:
            parts.append(f"matching “{self.text}”" + _describe_scope(self.scope))
        parts += self._described_parts(listed)
        inner = self.fields
        while inner is not None:  # each must hold as well (see `views.narrowed`)
            parts += inner._described_parts(listed)
            inner = inner.fields
        return "All items" if not parts else "Items " + ", ".join(parts)

    def _described_parts(self, listed: Callable[[frozenset[str]], str]) -> list[str]:
        parts = []
        if self.speakers:
            parts.append(f"said by {listed(self.speakers)}")
        if self.actors:
            parts.append(f"involving {listed(self.actors)}")
        if self.tracks:
            parts.append(f"on {listed(self.tracks)}")
        if self.kinds:
            parts.append(f"of kind {listed(self.kinds)}")
        if self.tags:
            parts.append("tagged " + ", ".join(f"“{t}”" for t in sorted(self.tags, key=tag_key)))
        if self.sources:
            parts.append(f"citing {listed(self.sources)}")
        if self.languages:
            parts.append("in " + ", ".join(sorted(self.languages)))
        if self.start is not None or self.end is not None:
            parts.append(_describe_range(self.start, self.end))
        return parts


def parse_scope(text: str) -> frozenset[str]:
    """A scope as typed, places separated by commas ("text,actors,sources")."""
    places = {p.strip().lower() for p in text.split(",") if p.strip()}
    unknown = sorted(places - SCOPES.keys())
    if unknown or not places:
        named = f"“{unknown[0]}” is not a place to search" if unknown else "nothing given"
        raise ValueError(f"{named}; choose among {', '.join(SCOPES)}, separated by commas")
    return frozenset(places)


def _describe_scope(scope: frozenset[str]) -> str:
    if scope == DEFAULT_SCOPE:
        return ""
    return " in " + ", ".join(SCOPES[p] for p in SCOPES if p in scope)


def _describe_range(start: int | None, end: int | None) -> str:
    def day(seconds: int) -> str:
        return DateSpan(from_seconds_at(seconds, Precision.DAY)).display()

    if start is not None and end is not None:
        return f"from {day(start)} to {day(end)}"
    return f"from {day(start)}" if start is not None else f"until {day(end)}"  # type: ignore[arg-type]
