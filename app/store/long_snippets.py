"""Search snippets of items whose text is too long for FTS5's `snippet()` to read whole.

`snippet()` scores every hit of an item against every other one, so its cost grows with
the square of the item's length: a 512 KB statement full of the searched word took 4 s a
search, a 50 MB one more than ten minutes. An item whose title, body or place is longer
than `LONG_TEXT` characters gets its snippet here instead: its text is cut into slices of
at most `SLICE` characters (after a space or a line break where there is one), which go a
few at a time into a throwaway in-memory index with the database's own tokenizer until one
matches, and `snippet()` runs on that slice alone. So the hits are marked by the same rules
as everywhere (case, diacritics, any script), and the work grows with the length of the
text read, never with its square. The user's database is only read.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import closing

from app.store.schema import FTS_TOKENIZER

LONG_TEXT = 16_384
"""Characters in a title, body or place beyond which an item's snippet is made here."""
SLICE = 4_096
"""The most characters `snippet()` is ever given here."""
BATCH = 16
"""Slices indexed between two look-ups."""
HIT_START = "\x02"
HIT_END = "\x03"
"""Marks around each search hit in a snippet; the UI and CLI turn them into highlighting."""
SNIPPET_TOKENS = 12
ELLIPSIS = "…"
_PHRASE = re.compile(r'"[^"]*"')

_SCRATCH = (
    "CREATE TABLE pieces (title, body, place, names)",
    # The index reads its texts from `pieces`, so emptying it between batches is one
    # 'delete-all' rather than tokenising every slice a second time.
    "CREATE VIRTUAL TABLE slices USING fts5 (title, body, place, names, content='pieces', "
    f"tokenize='{FTS_TOKENIZER}')",
)
_COLUMNS = ("title", "body", "place")


def slices(text: str, size: int = SLICE) -> Iterator[tuple[int, str]]:
    """The text as consecutive (offset, piece) of at most `size` characters, each cut after
    the last space or line break of its second half where there is one."""
    start = 0
    while start < len(text):
        end = min(start + size, len(text))
        if end < len(text):
            cut = max(
                text.rfind(" ", start + size // 2, end), text.rfind("\n", start + size // 2, end)
            )
            end = cut + 1 if cut >= 0 else end
        yield start, text[start:end]
        start = end


def any_word(expression: str) -> str:
    """A plain search's expression (quoted phrases side by side, all required) as one that
    finds any of them: a slice need hold only one word of the search to show it."""
    phrases = _PHRASE.findall(expression)
    return " OR ".join(phrases) if phrases else expression


def long_snippet(texts: Sequence[str | None], expressions: Sequence[str]) -> str | None:
    """The snippet of an item from its (title, body, place): the first slice of the body
    that the expression matches, else of the title, else of the place (the order in which
    short items choose); None if none does."""
    with closing(sqlite3.connect(":memory:")) as scratch:
        for sql in _SCRATCH:
            scratch.execute(sql)
        for column in (1, 0, 2):
            text = texts[column]
            if not text:
                continue
            found = _first_hit_of_any(scratch, column, text, expressions)
            if found is not None:
                return found
    return None


def _first_hit_of_any(
    scratch: sqlite3.Connection, column: int, text: str, expressions: Sequence[str]
) -> str | None:
    """The snippet for the first of the expressions that FTS5 takes (a later one is only
    there in case an earlier one cannot be read): the text is read once."""
    for expression in expressions:
        try:
            return _first_hit(scratch, column, text, expression)
        except sqlite3.OperationalError:
            continue  # not valid, or naming what a slice cannot hold
    return None


def _first_hit(scratch: sqlite3.Connection, column: int, text: str, expression: str) -> str | None:
    batch: list[tuple[int, str]] = []
    for offset, piece in slices(text):
        batch.append((offset, piece))
        if len(batch) == BATCH:
            found = _look_up(scratch, column, batch, len(text), expression)
            if found is not None:
                return found
            batch = []
    return _look_up(scratch, column, batch, len(text), expression) if batch else None


def _look_up(
    scratch: sqlite3.Connection,
    column: int,
    batch: list[tuple[int, str]],
    length: int,
    expression: str,
) -> str | None:
    """The snippet of the first slice of the batch the expression matches."""
    name = _COLUMNS[column]
    rows = [(i, piece) for i, (_, piece) in enumerate(batch)]
    scratch.execute("INSERT INTO slices (slices) VALUES ('delete-all')")
    scratch.execute("DELETE FROM pieces")
    scratch.executemany(f"INSERT INTO pieces (rowid, {name}) VALUES (?, ?)", rows)
    scratch.executemany(f"INSERT INTO slices (rowid, {name}) VALUES (?, ?)", rows)
    row = scratch.execute(
        f"SELECT rowid, snippet(slices, {column}, ?, ?, ?, ?) FROM slices "
        "WHERE slices MATCH ? ORDER BY rowid LIMIT 1",
        [HIT_START, HIT_END, ELLIPSIS, SNIPPET_TOKENS, expression],
    ).fetchone()
    if row is None or HIT_START not in row[1]:
        return None
    offset, piece = batch[row[0]]
    snippet: str = row[1]
    if offset > 0 and not snippet.startswith(ELLIPSIS):
        snippet = ELLIPSIS + snippet
    if offset + len(piece) < length and not snippet.endswith(ELLIPSIS):
        snippet += ELLIPSIS
    return snippet
