"""Which records a search field names (`speaker:Peskov`, `source:Interfax`): every one that
fits, not one, since a part of a name or a misspelt alias may fit several. Case and accents
never matter; any script works, through the names and aliases as stored, and any
romanisation of them (`core.spelling`)."""

from __future__ import annotations

import json

import sqlite_utils

from app.core.spelling import spelling_keys
from app.store.records import fold


def actors_called(db: sqlite_utils.Database, name: str) -> frozenset[str]:
    """Ids of the actors whose id, name or an alias is `name`; if none, of those where it is a
    part of one ("Medinsky" names Vladimir Medinsky, also through "Vadim Medinsky")."""
    rows = db.execute("SELECT id, name, aliases FROM actors")
    return _called(
        name, [(id_, [id_, label, *json.loads(raw or "[]")]) for id_, label, raw in rows]
    )


def tracks_called(db: sqlite_utils.Database, name: str) -> frozenset[str]:
    """Ids of the tracks whose id or name is `name`, or else holds it."""
    rows = db.execute("SELECT id, name FROM tracks")
    return _called(name, [(id_, [id_, label]) for id_, label in rows])


def _called(name: str, candidates: list[tuple[str, list[str]]]) -> frozenset[str]:
    """Those whose name is `name`, else holds it; spelt as typed, or else as
    `spelling_keys` spells both ("speaker:Medinskii" names Medinsky)."""
    for form in (lambda n: " ".join(fold(n).split()), spelling_keys):
        wanted = form(name)
        formed = [(id_, [form(n) for n in names]) for id_, names in candidates]
        exact = frozenset(id_ for id_, names in formed if wanted in names)
        found = exact or frozenset(id_ for id_, names in formed if any(wanted in n for n in names))
        if found or not wanted:
            return found
    return frozenset()


def sources_about(db: sqlite_utils.Database, words: str) -> frozenset[str]:
    """Ids of the sources whose title, publisher, author or address holds every one of the
    words."""
    wanted = fold(words).split()
    rows = db.execute("SELECT id, title, publisher, author, url FROM sources")
    return frozenset(
        id_ for id_, *texts in rows if all(w in fold(" ".join(filter(None, texts))) for w in wanted)
    )


def language_in_use(db: sqlite_utils.Database, language: str) -> bool:
    """Whether some statement is in the language (given in lower case), by the index of
    languages (its own condition stated, so that it is used)."""
    rows = db.execute(
        "SELECT 1 FROM items WHERE language IS NOT NULL AND lower(language) = ? LIMIT 1",
        [language],
    )
    return rows.fetchone() is not None
