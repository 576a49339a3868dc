"""What a search for duplicates compares: records read in the groups that can hold one.

Read-only. Two items can only be one if they fall on the same start (and, for statements,
have the same speaker), so items come sorted by that and the caller compares neighbours.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import sqlite_utils


def actors(db: sqlite_utils.Database) -> list[tuple[str, str, str, list[str]]]:
    """(id, kind, name, aliases) of every actor."""
    return [
        (id_, kind, name, json.loads(aliases or "[]"))
        for id_, kind, name, aliases in db.execute("SELECT id, kind, name, aliases FROM actors")
    ]


def statements_by_speaker_and_start(
    db: sqlite_utils.Database,
) -> Iterator[tuple[str, str, int, str, str]]:
    """(id, speaker, start, words, date as written) of every statement, grouped by speaker,
    then start."""
    return db.execute(
        "SELECT id, coalesce(speaker, ''), start, coalesce(body, ''), start_text FROM items "
        "WHERE kind = 'statement' ORDER BY speaker, start"
    )


def events_by_start(db: sqlite_utils.Database) -> Iterator[tuple[str, int, str, str]]:
    """(id, start, title, date as written) of every event, in time order."""
    return db.execute(
        "SELECT id, start, coalesce(title, ''), start_text FROM items "
        "WHERE kind != 'statement' ORDER BY start"
    )
