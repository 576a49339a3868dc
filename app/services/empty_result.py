"""What to say when a Filter selects nothing: what was asked, and which part of it leaves
nothing ("No items match “speaker:Peskov track:Witkoff” — without track:Witkoff, 2 items
(Dmitry Peskov's statements are on other tracks)"). The window's timeline and list and
`backchannel search` say the same sentence."""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from dataclasses import replace

import sqlite_utils

from app.core.filter import DEFAULT_SCOPE, Filter
from app.core.query import QuerySyntaxError, parse_query, read_words
from app.store import QueryError
from app.store.hints import (
    FIELD_PARTS,
    Part,
    count_without_left_out,
    counts_of_each_word,
    counts_without_each_part,
)
from app.store.queries import names as read_names

_PANEL_PHRASES = {
    "text": "{items} match the other choices without the words",
    "tracks": "{items} on other tracks",
    "actors": "{items} with other actors",
    "kinds": "{items} of other kinds",
    "tags": "{items} with other tags",
    "dates": "{items} outside these dates",
}
"""A part of the filter panel's (or the words) that leaves nothing, and what is there
without it."""
_PANEL_CHOICES = {
    "tracks": "the tracks ticked",
    "actors": "the actors ticked",
    "kinds": "the kinds ticked",
    "tags": "the tags ticked",
    "dates": "the panel's dates",
}
_PANEL_REASONS = {
    "tracks": "none on those tracks",
    "actors": "none involving them",
    "kinds": "all of other kinds",
    "tags": "none tagged so",
    "dates": "all outside them",
}
_TYPED_REASONS = {
    "track": "none on that track",
    "from": "all earlier",
    "to": "all later",
    "kind": "all of other kinds",
    "tag": "none tagged so",
    "lang": "none in that language",
    "source": "none citing it",
    "actor": "none involving {person}",
    "speaker": "none said by {person}",
}
"""Why the items found without a typed field are not found with it: all true of every one
of them, since with the field there are none."""


def nothing_matches(
    db: sqlite_utils.Database, f: Filter, names: Mapping[str, str] | None = None
) -> str:
    """The sentence for an empty result: what was asked, and the likeliest reason. `names`
    (actor and track names by id) are read from the database when not given."""
    if f.problem:  # the search could not be read: say why, not what it would have found
        return f.problem
    try:
        names = read_names(db) if names is None else names
        opening = _opening(f, names)
        hint = _hint(db, f, names)
    except (QueryError, sqlite3.DatabaseError):
        return f"No items match “{f.search_text}”" if f.search_text else "No items"
    return f"{opening} — {hint}" if hint else opening


def _opening(f: Filter, names: Mapping[str, str]) -> str:
    """No items match “Witkoff”, with the filter panel's choices after it, if any."""
    typed = f.search_text
    chosen = replace(
        f, text="", advanced=False, typed="", fields=None, scope=DEFAULT_SCOPE, spellings=()
    )
    panel = "" if chosen.is_empty else chosen.describe(names).removeprefix("Items ")
    if not typed:
        return f"No items {panel}"
    return f"No items match “{typed}” {panel}" if panel else f"No items match “{typed}”"


def _hint(db: sqlite_utils.Database, f: Filter, names: Mapping[str, str]) -> str:
    words = counts_of_each_word(db, f)
    missing = [word for word, n in words.items() if n == 0]
    if missing:
        return f"nothing holds “{missing[0]}”" + (
            " here" if f != Filter(text=f.text, spellings=f.spellings) else ""
        )
    if len(words) > 1:
        listed = " and ".join(f"“{w}”" for w in words)
        return f"{listed} are each found, but never in the same item"
    held = count_without_left_out(db, f)
    if held:
        read = read_words(f.text)
        wanted = " and ".join(f"“{' OR '.join(group)}”" for group in read.groups)
        left_out = " or ".join(f"“{w}”" for w in read.left_out)
        items = {1: "the one item", 2: "both items"}.get(held, f"all {held:,} items")
        if wanted:  # else only words left out, of what the rest of the Filter selects
            items += f" with {wanted}"
        return f"{items} also hold{'s' if held == 1 else ''} {left_out}"
    for part, n in counts_without_each_part(db, f):
        if n:
            return _part_hint(part, n, f, names)
    return ""


def _part_hint(part: Part, n: int, f: Filter, names: Mapping[str, str]) -> str:
    items = f"{n:,} item{'s' if n != 1 else ''}"
    person = _person(f, names)
    on_other_tracks = f"{person[0]}'s {person[1]} are on other tracks" if person else ""
    if not part.typed and f.fields is not None and part.name in _PANEL_CHOICES:
        # Beside typed fields, the panel's choice is named as such, in the same form.
        reason = on_other_tracks if part.name == "tracks" and on_other_tracks else ""
        reason = reason or _PANEL_REASONS[part.name]
        return f"without {_PANEL_CHOICES[part.name]}, {items} ({reason})"
    if not part.typed:
        if part.name == "tracks" and on_other_tracks:
            return on_other_tracks
        return _PANEL_PHRASES[part.name].format(items=items)
    if part.name == "track" and on_other_tracks:
        reason = on_other_tracks
    else:
        chosen = getattr(f.fields, FIELD_PARTS[part.name], None)
        named = sorted(names.get(i, i) for i in chosen) if isinstance(chosen, frozenset) else []
        reason = _TYPED_REASONS[part.name].format(person=" or ".join(named[:2]) or "them")
        if len(named) > 2:
            reason = _TYPED_REASONS[part.name].format(person="any of them")
    return f"without {_typed_terms(f, part.name)}, {items} ({reason})"


def _person(f: Filter, names: Mapping[str, str]) -> tuple[str, str] | None:
    """The one actor the Filter is about, if it names one (ticked, `actor:` or `speaker:`),
    and what of theirs it looks at: "statements" when only as a speaker, else "items"."""
    fields = f.fields or Filter()
    involved = f.actors | fields.actors
    speaking = f.speakers | fields.speakers
    everyone = involved | speaking
    if len(everyone) != 1:
        return None
    (actor,) = everyone
    return names.get(actor, actor), "items" if involved else "statements"


def _typed_terms(f: Filter, field: str) -> str:
    """The typed field's terms as the search box shows them (`track:Witkoff`)."""
    try:
        terms = parse_query(f.typed, advanced=f.advanced).terms
    except QuerySyntaxError:  # not so: a Filter with fields was read from this text
        terms = ()
    return " ".join(str(t) for t in terms if t.field == field) or f"{field}:"
