"""What the forms offer and how they show stored links: actors by name and alias, tracks, tags
already in use, events found by the words of their titles, and each linked record by the name
that finds it again."""

from __future__ import annotations

import sqlite_utils

from app.core.filter import Filter
from app.core.model import EVENT_KINDS
from app.store.details import ItemDetail
from app.store.lookups import actor_choices, tag_choices, track_choices
from app.store.queries import page
from app.store.records import UnknownName, fold, resolve
from app.ui.editing.fields import Choice

EVENTS_OFFERED = 30


def actors(db: sqlite_utils.Database) -> list[Choice]:
    return sorted(
        (Choice(a.id, a.name, a.aliases) for a in actor_choices(db)), key=lambda c: fold(c.name)
    )


def tracks(db: sqlite_utils.Database) -> list[Choice]:
    return [Choice(t.id, t.name) for t in track_choices(db)]


def tags(db: sqlite_utils.Database) -> list[Choice]:
    """Every tag once, as most items spell it: typing "BRIEF" offers "brief"."""
    return [Choice(t.key, t.tag) for t in tag_choices(db)]


def events(db: sqlite_utils.Database, typed: str) -> list[Choice]:
    """Events whose words start with what is typed, word by word, in time order."""
    words = [w.replace('"', "") for w in typed.split()]
    expression = " ".join(f'"{w}"*' for w in words if w)
    if not expression:
        return []
    found = page(db, Filter(kinds=frozenset(EVENT_KINDS), text=expression, advanced=True),
                 EVENTS_OFFERED)  # fmt: skip
    return [Choice(i.id, i.title, note=i.when.display()) for i in found]


def event_named(db: sqlite_utils.Database, typed: str) -> str | None:
    """The one event whose title is `typed` (case and accents aside), if only one is."""
    wanted = fold(typed)
    ids = {c.id for c in events(db, typed) if fold(c.name) == wanted}
    return ids.pop() if len(ids) == 1 else None


def shown_name(db: sqlite_utils.Database, table: str, id_: str, name: str) -> str:
    """The name a stored link is shown by in a form: its name when that finds it again,
    else its id (two records may share a name)."""
    try:
        return name if resolve(db, table, name) == id_ else id_
    except UnknownName:
        return id_


def shown_names(
    db: sqlite_utils.Database, table: str, ids: tuple[str, ...], names: dict[str, str]
) -> str:
    """Linked actors or tracks on one line, as the form takes them."""
    return "; ".join(shown_name(db, table, i, names.get(i, i)) for i in ids)


def shown_sources(ids: tuple[str, ...], detail: ItemDetail) -> str:
    """An item's sources, one a line: each by its address, or its id when it has none."""
    urls = {s.id: s.url for s in detail.sources}
    return "\n".join(urls.get(i) or i for i in ids)
