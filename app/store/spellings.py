"""The words of the full-text index by their `spelling_key`, so a searched word also finds the
indexed words spelt differently in another script or romanisation (`Peskov` → `песков`,
`Medinskii` → `medinsky`, `мединский`).

The table `spellings` holds (key, term) for each indexed term whose key is not the term
itself; a term that is its own key needs no row, since a search asks for the key as a word
too. Terms are only ever added: one that no item holds any more costs a row and finds
nothing.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping
from functools import lru_cache

import sqlite_utils

from app.core.spelling import index_terms, respelt, spelling_key
from app.store.queries import select_in


@lru_cache(maxsize=1 << 16)
def _key(term: str) -> str:
    return spelling_key(term)


def terms_of(texts: Iterable[str | None]) -> set[str]:
    """The index's terms for these texts."""
    found: set[str] = set()
    for text in texts:
        if text:
            found.update(index_terms(text))
    return found


def remember(db: sqlite_utils.Database, terms: Iterable[str]) -> None:
    """Add the terms that are not their own key."""
    db.conn.executemany(
        "INSERT OR IGNORE INTO spellings (key, term) VALUES (?, ?)", respelt(terms, _key)
    )


def remember_items(db: sqlite_utils.Database, keys: Iterable[int]) -> None:
    """Add the terms of these items' full-text entries, as the database now holds them."""
    sql = (
        "SELECT title, body, place, note, actors, sources, event FROM items_text WHERE key IN ({})"
    )
    rows = select_in(db, sql, sorted(set(keys)))
    remember(db, terms_of(text for row in rows for text in row))


def other_spellings(
    db: sqlite_utils.Database, words: Iterable[str]
) -> Mapping[str, tuple[str, ...]]:
    """For each word (as the index holds words, see `spelling.index_term`), the other
    spellings it stands for: its key, and the indexed terms with that key. Words with none
    are left out. They are a help, not the search: on a damaged index there are none, and
    the search that follows says what is wrong."""
    try:
        return _other_spellings(db, words)
    except sqlite3.DatabaseError:
        return {}


def _other_spellings(
    db: sqlite_utils.Database, words: Iterable[str]
) -> Mapping[str, tuple[str, ...]]:
    keys = {w: k for w in set(words) if (k := _key(w))}
    found: dict[str, set[str]] = {k: {k} for k in keys.values()}
    db.execute(
        "CREATE VIRTUAL TABLE IF NOT EXISTS temp.items_term_seen "
        "USING fts5vocab(main, items_fts, instance)"
    )
    sql = "SELECT key, term FROM spellings WHERE key IN ({})"
    for key, term in select_in(db, sql, sorted(found)):
        found[key].add(term)
    spelt = {
        w: tuple(sorted(t for t in found[k] - {w} if _indexed(db, t))) for w, k in keys.items()
    }
    return {w: others for w, others in spelt.items() if others}


def _indexed(db: sqlite_utils.Database, term: str) -> bool:
    """Whether some item holds the term now: a key that is no word ("negotyations" for
    "negotiations") or a word no item holds any more is not searched for. One lookup in the
    index's list of terms (`temp.items_term_seen`), under a millisecond."""
    found = db.execute("SELECT 1 FROM temp.items_term_seen WHERE term = ? LIMIT 1", [term])
    return found.fetchone() is not None
