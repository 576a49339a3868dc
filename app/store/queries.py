"""Read queries: the items a Filter selects, in time order, counted, bucketed and searched."""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace

import sqlite_utils

from app.core.dates import DateSpan, parse_partial
from app.core.filter import Filter
from app.core.model import STATEMENT, ItemSummary, tag_key
from app.core.query import OR, read_words
from app.core.spelling import index_terms
from app.store.errors import QueryError
from app.store.long_snippets import (
    HIT_END,
    HIT_START,
    LONG_TEXT,
    SNIPPET_TOKENS,
    any_word,
    long_snippet,
)
from app.store.match_places import with_link_matches
from app.store.schema import (
    LINK_PREFIXES,
    LONG_SPAN_SECONDS,
    OWN_COLUMNS,
    TEXT_COLUMNS,
    kind_token,
)

IN_CHUNK = 500
_WORD = re.compile(r"\w", re.UNICODE)

_SUMMARY_COLUMNS = """
    items.key, items.id, items.kind, items.start_text, items.end_text,
    coalesce(items.title, (SELECT name FROM actors WHERE id = items.speaker) || ': ' ||
             substr(items.body, 1, 120)),
    (SELECT name FROM actors WHERE id = items.speaker),
    (SELECT group_concat(id, char(31)) FROM
        (SELECT tracks.id FROM item_tracks JOIN tracks ON tracks.key = item_tracks.track
         WHERE item_tracks.item = items.key ORDER BY item_tracks.pos)),
    (SELECT count(*) FROM item_sources WHERE item = items.key)
"""


TEXT_MATCH_KEYS = "SELECT rowid FROM items_fts WHERE items_fts MATCH ?"
"""Keys of the items whose words match, ascending: their own words, or those of an actor
(name or any alias) or a source (title, publisher, author) they link to, as the expression's
column filter allows (see `match_expression`)."""

SCOPE_COLUMNS = {"text": (*OWN_COLUMNS, "event"), "actors": ("actors",), "sources": ("sources",),
                 "notes": ("note",)}  # fmt: skip
"""The columns of `items_fts` each place of a Filter's `scope` searches."""
ORDERS = ("time", "relevance")
_OWN = ("title", "body", "place", "note")
_TIERS = (_OWN, (*_OWN, "event"), (*_OWN, "event", "actors"))
"""Relevance puts the hits in an item's own words or note first, then those in the title of
the event a statement was made at, then those in its actors' names, then those only in its
sources, and orders each group by `bm25`."""
_WEIGHTS = {"title": 100, "body": 100, "place": 100, "note": 100, "event": 30, "actors": 10,
            "sources": 1, "links": 0}  # fmt: skip
"""`bm25` weights of the columns, the same order within a group (a hit counts as that
many)."""


@dataclass(frozen=True, slots=True)
class SearchResult:
    total: int
    items: list[ItemSummary]
    only_through_sources: int = 0
    """Items left out that the words would select through their sources' titles,
    publishers or authors (see `only_through_sources`)."""


def select_in(db: sqlite_utils.Database, sql: str, values: Sequence[object]) -> Iterator[tuple]:
    """Rows of `sql`, whose `{}` stands for a list of placeholders, for any number of values
    (SQLite takes a limited number of parameters per statement)."""
    for i in range(0, len(values), IN_CHUNK):
        chunk = list(values[i : i + IN_CHUNK])
        yield from db.execute(sql.format(",".join("?" * len(chunk))), chunk)


def match_expression(f: Filter) -> str | None:
    """The FTS5 query for the Filter's text in the columns of its scope; None if it cannot
    match anything."""
    words = words_expression(f)
    columns = _columns(f.scope)
    if words is None or not columns:
        return None
    # Always a column filter: the column `links` holds no words.
    return f"{{{' '.join(columns)}}} : ({words})"


def _columns(scope: frozenset[str]) -> list[str]:
    return [c for c in TEXT_COLUMNS if any(c in SCOPE_COLUMNS[p] for p in scope)]


def left_out_only(f: Filter) -> str | None:
    """For a plain search of words only left out (`-Dmitriev`, `speaker:Peskov -Witkoff`), the
    FTS5 query of the items it leaves out, in the columns of its scope: the Filter selects
    what the rest of it selects but those. None for any other Filter."""
    if not f.text or f.advanced or _plain_parts(f) is not None:
        return None
    spellings = dict(f.spellings)
    left_out = _either([_quoted(word, spellings) for word in read_words(f.text).left_out])
    columns = _columns(f.scope)
    if not left_out or not columns:
        return None
    return f"{{{' '.join(columns)}}} : ({left_out})"


def _matched(f: Filter) -> tuple[str, list[object]]:
    """The right side of `items_fts MATCH` for the Filter's words, whose first parameter is
    `match_expression(f)`: with the tokens of the kinds and records the Filter asks for
    (column `links`, see `schema.LINK_PREFIXES`) as well, when it asks for any. So the index
    gives only the items that have the words and those links, and does not give half a
    million hits of a common word for SQL to check one by one against a track's items (at a
    million items, 618 ms; so, about 20 ms). A token is in an entry exactly when the item
    has that kind or link, so `where_clause` does not ask those again; a speaker is asked
    in SQL as well (his token is that of any item he is an actor of)."""
    pieces, params = ["?"], list[object]()
    for group, group_params in _link_groups(f):
        pieces.append(f"'links : (' || {group} || ')'")
        params += group_params
    return " || ' AND ' || ".join(pieces), params


def linked_only(f: Filter) -> tuple[str, list[object]] | None:
    """For a Filter of no words that `_asked_by_tokens` and asks for some kind or record, the
    right side of `items_fts MATCH` for its tokens alone (as `_matched`, no first parameter);
    None for any other. `kind:vote` or `source:Reuters` alone at a million items: 314 and 688
    ms for SQL to count, as the index counts a word."""
    if f.text or not _asked_by_tokens(f):
        return None
    sql, params = _matched(f)
    if sql == "?":
        return None
    return sql.removeprefix("? || ' AND ' || "), params


def _link_groups(f: Filter) -> Iterator[tuple[str, list[object]]]:
    """For each part of the Filter (and of its typed fields) that asks for some of the
    records of a kind, SQL that makes their tokens as alternatives, and its parameters."""
    if f.kinds:
        tokens = " OR ".join(f'"{kind_token(k)}"' for k in sorted(f.kinds))
        yield "?", list[object]([tokens])
    for kind, table, ids in (
        ("actor", "actors", f.actors),
        ("actor", "actors", f.speakers),  # a statement's speaker is its actor
        ("track", "tracks", f.tracks),
        ("source", "sources", f.sources),
    ):
        if ids:
            yield _tokens(kind, table, ids)
    if f.fields is not None:
        yield from _link_groups(f.fields)


def _tokens(kind: str, table: str, ids: frozenset[str]) -> tuple[str, list[object]]:
    """SQL that makes the tokens of these records (of `kind`, in `table`) as alternatives for
    `links`, and its parameters. An id not in the table gives no token; none at all, one
    nothing has."""
    prefix, marks = LINK_PREFIXES[kind], ",".join("?" * len(ids))
    return (
        f"coalesce((SELECT group_concat('\"{prefix}' || key || '\"', ' OR ') "
        f"FROM {table} WHERE id IN ({marks})), '\"{_NO_LINK}\"')",
        list[object](sorted(ids)),
    )


def _key_bounds(f: Filter, key: str = "items_fts.rowid") -> tuple[str, list[object]]:
    """Conditions on `key` (the index's rowid, or `items.key`) for the Filter's dates (and its
    typed fields'), so the index, or the items' table, reads only the stretch of keys those
    dates can select: keys follow time, so the items that can overlap a span have keys from
    the first item that starts within `LONG_SPAN_SECONDS` before it (or the first longer item
    reaching into it, if that is earlier) to the last that starts before it ends.
    `where_clause` asks the dates exactly. A common word in one year of fifty: 546 ms to
    count; so, a few tens. One year's first page with no words: 90 ms → 5 ms."""
    sql, params = "", list[object]()
    if f.start is not None:
        sql += (
            f" AND {key} >= min("
            "coalesce((SELECT key FROM items WHERE start >= ? ORDER BY start, end, key LIMIT 1),"
            f" {_NO_KEY}), coalesce((SELECT min(key) FROM items INDEXED BY idx_items_long"
            f" WHERE end - start > {LONG_SPAN_SECONDS} AND end >= ?), {_NO_KEY}))"
        )
        params += [f.start - LONG_SPAN_SECONDS, f.start]
    if f.end is not None:
        sql += (
            f" AND {key} <= coalesce((SELECT key FROM items WHERE start <= ?"
            " ORDER BY start DESC, end DESC, key DESC LIMIT 1), -1)"
        )
        params.append(f.end)
    if f.fields is not None:
        inner, inner_params = _key_bounds(f.fields, key)
        sql += inner
        params += inner_params
    return sql, params


_NO_KEY = (1 << 63) - 1
"""Above every item's key."""
_NO_LINK = "none"
"""A token no item's `links` column holds (each starts with a prefix and a kind or key)."""


def words_expression(f: Filter) -> str | None:
    """The FTS5 query for the Filter's text in every column; plain words are quoted so no
    input can fail, and read as other search boxes read them (`read_words`: `OR` between
    words, a minus before a word left out). None if nothing in it can match."""
    if not f.text:
        return None
    if f.advanced:
        return f.text
    parts = _plain_parts(f)
    if parts is None:
        return None
    wanted, left_out = parts
    return f"({wanted}) NOT {left_out}" if left_out else wanted


def _plain_parts(f: Filter) -> tuple[str, str] | None:
    """The FTS5 queries for a plain search's wanted words and for those it leaves out ("" for
    none); None if no wanted word can match."""
    words, spellings = read_words(f.text), dict(f.spellings)
    groups = [
        alternatives
        for group in words.groups
        if (alternatives := _either([_quoted(word, spellings) for word in group]))
    ]
    if not groups:
        return None
    # FTS5 takes two words side by side as both required, but not a word beside a group in
    # brackets: that needs the AND said.
    return " AND ".join(groups), _either([_quoted(word, spellings) for word in words.left_out])


def _quoted(word: str, spellings: dict[str, tuple[str, ...]]) -> str:
    """A word or phrase as typed, quoted, with its other spellings as alternatives; "" for
    one with no letter or digit, which matches nothing (FTS5 would pass over it). A word or
    phrase ending in `*` (`negotiat*`, `"peace pl"*`) is a prefix when its last term has
    `MIN_PREFIX` letters or more (fewer would read a good part of the index): the prefix as
    typed, with no other spelling."""
    stem = word.rstrip("*")
    if not _WORD.search(stem):
        return ""
    quoted = _QUOTED.findall(_QUOTER.quote_fts(stem))
    bits = [_spelt(bit, spellings) for bit in quoted]
    if stem != word:
        terms = index_terms(stem)  # none for `_`, which `\w` takes for a letter
        if terms and len(terms[-1]) >= MIN_PREFIX:
            bits[-1] = quoted[-1] + "*"
    return bits[0] if len(bits) == 1 else f"({' AND '.join(bits)})"


def _either(quoted: list[str]) -> str:
    """Alternatives, in brackets if more than one; "" if none."""
    kept = [q for q in quoted if q]
    return kept[0] if len(kept) == 1 else f"({' OR '.join(kept)})" if kept else ""


MIN_PREFIX = 2
"""Letters a plain word's prefix (`word*`) needs before its star."""
_QUOTER = sqlite_utils.Database(memory=True)
_QUOTED = re.compile(r'"[^"]*"')
"""A quoted word or phrase of `quote_fts`'s output (which leaves no quote inside one)."""


def _spelt(bit: str, spellings: dict[str, tuple[str, ...]]) -> str:
    """A quoted word, or it and its other spellings as alternatives; a phrase as it is."""
    words = index_terms(bit)
    others = spellings.get(words[0], ()) if len(words) == 1 else ()
    if not others:
        return bit
    alternatives = " OR ".join([bit, *(f'"{other}"' for other in others)])
    return f"({alternatives})"


def where_clause(
    f: Filter, *, with_text: bool = True, linked: bool = False, first: bool = False
) -> tuple[str, list[object]]:
    """SQL conditions on `items` for everything the Filter asks, and their parameters.

    With the Filter's words, the index's `links` tokens (`_matched`) ask for its kinds,
    actors, tracks and sources exactly as the link tables hold them: those are not asked
    again. `linked` says the caller's own MATCH asks them (`page`). `first` says the caller
    reads only the first few items: words only left out are then looked up item by item
    rather than all their hits gathered first (`-negotiations` at a million items, its first
    page: 331 ms → 3 ms)."""
    if f.problem:
        return "0", []
    parts: list[str] = []
    params: list[object] = []
    expression = match_expression(f) if with_text and f.text else None
    linked = linked or expression is not None
    if not linked:
        _record_parts(f, parts, params)
    if f.start is not None:
        parts.append("items.end >= ?")
        params.append(f.start)
    if f.end is not None:
        parts.append("items.start <= ?")
        params.append(f.end)
    if f.tags:
        folded = sorted({tag_key(t) for t in f.tags})
        parts.append(
            "items.key IN (SELECT item FROM item_tags WHERE folded IN "
            f"({','.join('?' * len(folded))}))"
        )
        params += folded
    _said_parts(f, parts, params)
    if with_text and f.text:
        left_out = None if expression is not None else left_out_only(f)
        if left_out is not None and first:
            parts.append(
                "NOT EXISTS (SELECT 1 FROM items_fts WHERE items_fts MATCH ? "
                "AND items_fts.rowid = items.key)"
            )
            params.append(left_out)
        elif left_out is not None:
            parts.append("items.key NOT IN (SELECT rowid FROM items_fts WHERE items_fts MATCH ?)")
            params.append(left_out)
        elif expression is None:
            parts.append("0")
        else:
            matched, matched_params = _matched(f)
            bounds, bounds_params = _key_bounds(f)
            parts.append(
                f"{_key_for_text(f)} IN "
                f"(SELECT rowid FROM items_fts WHERE items_fts MATCH {matched}{bounds})"
            )
            params += [expression, *matched_params, *bounds_params]
    if f.fields is not None:
        inner, inner_params = where_clause(f.fields, with_text=with_text, linked=linked)
        parts.append(f"({inner})")
        params += inner_params
    return (" AND ".join(parts) or "1"), params


def _record_parts(f: Filter, parts: list[str], params: list[object]) -> None:
    """The conditions on an item's kind and on the actors, tracks and sources it links to."""
    if f.kinds:
        parts.append(f"items.kind IN ({','.join('?' * len(f.kinds))})")
        params += sorted(f.kinds)
    for table, column, records, ids in (
        ("item_actors", "actor", "actors", f.actors),
        ("item_tracks", "track", "tracks", f.tracks),
    ):
        if ids:
            marks = ",".join("?" * len(ids))
            parts.append(
                f"items.key IN (SELECT item FROM {table} WHERE {column} IN "
                f"(SELECT key FROM {records} WHERE id IN ({marks})))"
            )
            params += sorted(ids)
    if f.sources:
        # The links are indexed from the item's side only: a source's items are its token's
        # hits (`source:Reuters` and a speaker at a million items: 765 ms → a few tens).
        tokens, token_params = _tokens("source", "sources", f.sources)
        parts.append(
            "items.key IN (SELECT rowid FROM items_fts WHERE items_fts MATCH "
            f"'links : (' || {tokens} || ')')"
        )
        params += token_params


def _key_for_text(f: Filter) -> str:
    """How the key is compared with the words' hits. With a speaker asked too, `+` keeps
    SQLite from looking each hit up by key: it reads the speaker's statements by the speaker
    index and checks each against the hits, read once (a speaker and a word in half a million
    items, at a million: 552 ms → 129 ms). Otherwise each hit is looked up, which is what a
    rare word wants."""
    said = f.speakers or (f.fields is not None and f.fields.speakers)
    return "+items.key" if said else "items.key"


def _said_parts(f: Filter, parts: list[str], params: list[object]) -> None:
    """The conditions on who said a statement and in which language."""
    if f.speakers:
        parts.append(f"items.speaker IN ({','.join('?' * len(f.speakers))})")
        params += sorted(f.speakers)
    if f.languages:
        # As `idx_items_language` holds them: its own condition stated, so that it is used.
        parts.append(
            "items.language IS NOT NULL AND "
            f"lower(items.language) IN ({','.join('?' * len(f.languages))})"
        )
        params += sorted(f.languages)


def run_query(
    db: sqlite_utils.Database, sql: str, params: Sequence[object], f: Filter
) -> list[tuple]:
    try:
        return db.execute(sql, params).fetchall()
    except sqlite3.OperationalError:
        reason = _refusal(db, f.text) if f.advanced and f.text else None
        if reason is not None:
            raise QueryError(
                f"The search “{f.text}” is not valid query syntax ({reason})."
            ) from None
        raise


def _refusal(db: sqlite_utils.Database, expression: str) -> str | None:
    """Why FTS5 itself rejects the expression as the user typed it (not as it is searched,
    inside a column filter, whose brackets would make every reason "near ')'"); None if it
    does not, and the fault is elsewhere in the query."""
    try:
        db.execute(
            "SELECT 1 FROM items_fts WHERE items_fts MATCH ? LIMIT 1", [expression]
        ).fetchall()
    except sqlite3.OperationalError as error:
        return str(error)
    return None


def count(db: sqlite_utils.Database, f: Filter) -> int:
    """How many items the Filter selects."""
    expression = match_expression(f) if f.text else None
    if f.text and expression is None:
        if left_out_only(f) is None:
            return 0
        # All the rest selects, less those of them holding a word left out: two counts the
        # index answers (at a million items 0.06–0.3 s, against 0.4–1.3 s for SQL's NOT IN).
        either = f" {OR} ".join(_as_words(word) for word in read_words(f.text).left_out)
        return count(db, replace(f, text="", spellings=())) - count(db, replace(f, text=either))
    if expression is not None and _only_text(f):
        return int(
            run_query(db, f"SELECT count(*) FROM ({TEXT_MATCH_KEYS})", [expression], f)[0][0]
        )
    if expression is not None and _asked_by_tokens(f):
        return _count_by_keys(db, f, expression)
    if (linked := linked_only(f)) is not None:
        return _count_by_keys(db, f, None, linked)
    return _count_where(db, f)


def _as_words(word: str) -> str:
    """A word left out, to be read again as words to find: in quotes (a star after them),
    so that `--x`'s `-x` or `-OR`'s `OR` is not read as a minus or an operator again."""
    if word.startswith('"'):
        return word
    stem = word.rstrip("*")
    return f'"{stem}"{word[len(stem) :]}'


def _count_where(db: sqlite_utils.Database, f: Filter) -> int:
    where, params = where_clause(f)
    bounds, bounds_params = _key_bounds(f, "items.key")
    sql = f"SELECT count(*) FROM items WHERE {where}{bounds}"
    return int(run_query(db, sql, [*params, *bounds_params], f)[0][0])


def _count_by_keys(
    db: sqlite_utils.Database,
    f: Filter,
    expression: str | None,
    linked: tuple[str, list[object]] | None = None,
) -> int:
    """The count of a Filter that `_asked_by_tokens`: the index alone counts its hits among
    the items that start within its dates (keys follow time, so they are a stretch of keys),
    and SQL those that start earlier and reach into them. A common word since a year of
    fifty, at a million items: 126 ms; so, a few tens. With no words, `linked` is what the
    index is asked (`linked_only`)."""
    start, end = _window(f)
    matched, params = linked or _matched(f)
    sql = f"SELECT count(*) FROM items_fts WHERE items_fts MATCH {matched}"
    params = params if expression is None else [expression, *params]
    if start is not None:
        sql += (
            " AND rowid >= coalesce((SELECT key FROM items WHERE start >= ?"
            f" ORDER BY start, end, key LIMIT 1), {_NO_KEY})"
        )
        params.append(start)
    if end is not None:
        sql += (
            " AND rowid <= coalesce((SELECT key FROM items WHERE start <= ?"
            " ORDER BY start DESC, end DESC, key DESC LIMIT 1), -1)"
        )
        params.append(end)
    total = int(run_query(db, sql, params, f)[0][0])
    if start is not None and (end is None or start <= end):
        total += _count_reaching_in(db, f, start)
    return total


def _count_reaching_in(db: sqlite_utils.Database, f: Filter, start: int) -> int:
    """How many items the Filter selects that start before `start` and end at or after it:
    those starting less than `LONG_SPAN_SECONDS` before it, read by the index of dates, and
    longer ones by the index of long items (`kind:vote from:2000` at a million items: the
    dates' index read back to the first item took 106 ms)."""
    where, params = where_clause(replace(_undated(f), start=start, end=start - 1))
    since = start - LONG_SPAN_SECONDS
    short = f"SELECT count(*) FROM items WHERE {where} AND items.start >= ?"
    long = (
        f"SELECT count(*) FROM items INDEXED BY idx_items_long WHERE {where} "
        f"AND end - start > {LONG_SPAN_SECONDS} AND items.start < ?"
    )
    return sum(int(run_query(db, sql, [*params, since], f)[0][0]) for sql in (short, long))


def _window(f: Filter) -> tuple[int | None, int | None]:
    """The dates the Filter and its typed fields ask for together."""
    start, end = f.start, f.end
    if f.fields is not None:
        inner_start, inner_end = _window(f.fields)
        starts = [t for t in (start, inner_start) if t is not None]
        ends = [t for t in (end, inner_end) if t is not None]
        start, end = max(starts, default=None), min(ends, default=None)
    return start, end


def _undated(f: Filter) -> Filter:
    fields = None if f.fields is None else _undated(f.fields)
    return replace(f, start=None, end=None, fields=fields)


def only_through_sources(db: sqlite_utils.Database, f: Filter) -> int:
    """How many more items the Filter would select if its words were also looked for in
    the sources' titles, publishers and authors: those it leaves out only for that."""
    if not f.text or "sources" in f.scope:
        return 0
    wider = replace(f, scope=f.scope | {"sources"})
    parts = None if f.advanced else _plain_parts(f)
    if parts is None and not f.advanced:
        return 0  # no word wanted, none to find through sources
    if parts is None or not parts[1]:
        return count(db, wider) - count(db, f)
    # Words left out leave out more in the wider search (those its sources hold too), so it
    # does not hold all the Filter's items: what it adds are those it selects less those both
    # select, the wanted words in the Filter's own columns and none left out in the wider's.
    wanted, left_out = parts
    narrow = " ".join(_columns(f.scope))
    both = f"({{{narrow}}} : ({wanted})) NOT {left_out}"
    return count(db, wider) - count(db, replace(wider, text=both, advanced=True, spellings=()))


def _only_text(f: Filter) -> bool:
    return f == Filter(text=f.text, advanced=f.advanced, scope=f.scope, spellings=f.spellings)


def _asked_by_tokens(f: Filter) -> bool:
    """Whether, besides its words, the Filter (and its typed fields) asks only for kinds,
    actors, tracks and sources, what the tokens of `_matched` ask exactly, and dates."""
    records = Filter(
        kinds=f.kinds, actors=f.actors, tracks=f.tracks, sources=f.sources,
        start=f.start, end=f.end,
    )  # fmt: skip
    rest = replace(
        f, text="", advanced=False, typed="", scope=Filter().scope, spellings=(), fields=None
    )
    return rest == records and (f.fields is None or _asked_by_tokens(f.fields))


def page(
    db: sqlite_utils.Database, f: Filter, limit: int = 50, offset: int = 0, order: str = "time"
) -> list[ItemSummary]:
    """Items the Filter selects from `offset`, with snippets when searching; in time order,
    or a search's by `relevance` (see `_TIERS`)."""
    expression = match_expression(f) if f.text else None
    if f.text and expression is None and left_out_only(f) is None:
        return []
    if expression is not None:
        # The index gives its hits in key order, which is time order: no sort.
        ordered = _RELEVANCE if order == "relevance" else "items_fts.rowid"
        where, params = where_clause(f, with_text=False, linked=True)
        matched, matched_params = _matched(f)
        bounds, bounds_params = _key_bounds(f)
        sql = (
            f"SELECT {_SUMMARY_COLUMNS}, {_best_snippet()} FROM items_fts "
            f"JOIN items ON items.key = items_fts.rowid WHERE items_fts MATCH {matched}"
            f"{bounds} AND {where} ORDER BY {ordered} LIMIT ? OFFSET ?"
        )
        params = [expression, *matched_params, *bounds_params, *params, limit, offset]
        rows = _with_snippets(db, f, expression, run_query(db, sql, params, f))
    elif (linked := linked_only(f)) is not None:
        # The index's hits of the tokens, in key order, which is time order.
        where, params = where_clause(f, with_text=False, linked=True)
        matched, matched_params = linked
        bounds, bounds_params = _key_bounds(f)
        sql = (
            f"SELECT {_SUMMARY_COLUMNS}, NULL FROM items_fts "
            f"JOIN items ON items.key = items_fts.rowid WHERE items_fts MATCH {matched}"
            f"{bounds} AND {where} ORDER BY items_fts.rowid LIMIT ? OFFSET ?"
        )
        params = [*matched_params, *bounds_params, *params, limit, offset]
        rows = run_query(db, sql, params, f)
    else:
        where, params = where_clause(f, first=True)
        bounds, bounds_params = _key_bounds(f, "items.key")
        sql = (
            f"SELECT {_SUMMARY_COLUMNS}, NULL FROM items WHERE {where}{bounds} "
            "ORDER BY items.key LIMIT ? OFFSET ?"
        )
        rows = run_query(db, sql, [*params, *bounds_params, limit, offset], f)
    return [_summary(row) for row in rows]


RANKED = 5_000
"""How many of a search's items `keys_by_relevance` ranks: ranking costs a score for every
hit, and half a million hits of a million items took 2.2 s to rank whole, 1.1 s for their
best 5,000 (far more than anyone reads down a list)."""


def keys_by_relevance(db: sqlite_utils.Database, f: Filter, limit: int = RANKED) -> list[int]:
    """The keys of the best `limit` items the Filter selects, best match first as `page`
    orders them by `relevance`; none when it searches no words (nothing to rank by)."""
    expression = match_expression(f) if f.text else None
    if expression is None:
        return []
    where, params = where_clause(f, with_text=False, linked=True)
    matched, matched_params = _matched(f)
    bounds, bounds_params = _key_bounds(f)
    sql = (
        "SELECT items.key FROM items_fts JOIN items ON items.key = items_fts.rowid "
        f"WHERE items_fts MATCH {matched}{bounds} AND {where} ORDER BY {_RELEVANCE} LIMIT ?"
    )
    params = [expression, *matched_params, *bounds_params, *params, limit]
    return [row[0] for row in run_query(db, sql, params, f)]


def snippets_for(
    db: sqlite_utils.Database, f: Filter, expression: str, keys: list[int]
) -> dict[int, str | None]:
    """Snippets of these items for the words; None for an item found only by the names it
    links to."""
    if not keys:
        return {}
    marks = ",".join("?" * len(keys))
    sql = (
        f"SELECT items_fts.rowid, {_best_snippet()} FROM items_fts "
        f"JOIN items ON items.key = items_fts.rowid "
        f"WHERE items_fts MATCH ? AND items_fts.rowid IN ({marks})"
    )
    rows = _with_snippets(db, f, expression, run_query(db, sql, [expression, *keys], f))
    return dict(rows)


def _bm25(columns: Iterable[str]) -> str:
    """`bm25` with each of these columns weighted as `_WEIGHTS` says, the others 0."""
    weighed = set(columns)
    weights = (str(_WEIGHTS[c] if c in weighed else 0) for c in TEXT_COLUMNS)
    return f"bm25(items_fts, {', '.join(weights)})"


_RELEVANCE = ", ".join(
    [*(f"{_bm25(tier)} = 0" for tier in _TIERS), _bm25(TEXT_COLUMNS), "items.key"]
)
"""ORDER BY for relevance: a tier's score is 0 for an item with no hit in its columns."""


_LONG = "\x01long"
"""What the query gives in place of the snippet of an item too long for `snippet()`."""


def _best_snippet() -> str:
    """The body's snippet if a hit is there, else the title's, else the place's, else the
    note's, else its event's title; none for an item found only by the names it links to.
    An item with a text longer than `LONG_TEXT` gets `_LONG`, and its snippet from
    `long_snippet`."""
    cases = " ".join(
        f"WHEN instr({_snippet(column)}, '{HIT_START}') THEN {label}{_snippet(column)}"
        for column, label in _SNIPPET_COLUMNS
    )
    long = " OR ".join(
        f"length(items.{column}) > {LONG_TEXT}" for column in ("title", "body", "place")
    )
    return f"CASE WHEN {long} THEN '{_LONG}' {cases} ELSE NULL END"


NOTE_LABEL = "matched in your note: "
EVENT_LABEL = "matched in its event: "
_SNIPPET_COLUMNS = ((1, ""), (0, ""), (2, ""), (3, f"'{NOTE_LABEL}' || "),
                    (6, f"'{EVENT_LABEL}' || "))  # fmt: skip
"""The columns a snippet may come from, the first with a hit wins, and what it is labelled."""


def _with_snippets(
    db: sqlite_utils.Database, f: Filter, expression: str, rows: list[tuple]
) -> list[tuple]:
    """The rows (the key first, the snippet last) with the snippets of long items, and what
    an item found only by the names it links to was found by (`with_link_matches`)."""
    return with_link_matches(db, expression, _with_long_snippets(db, f, rows))


def _with_long_snippets(db: sqlite_utils.Database, f: Filter, rows: list[tuple]) -> list[tuple]:
    """The rows (the snippet last) with the snippets of long items made a slice at a time."""
    long = [row[0] for row in rows if row[-1] == _LONG]
    words = words_expression(f)
    if not long or words is None or "text" not in f.scope:
        return [(*row[:-1], None) if row[-1] == _LONG else row for row in rows]
    expressions = [words] if f.advanced else [any_word(words), words]
    sql = "SELECT key, title, body, place FROM items WHERE key IN ({})"
    made = {key: long_snippet(texts, expressions) for key, *texts in select_in(db, sql, long)}
    return [(*row[:-1], made.get(row[0])) if row[-1] == _LONG else row for row in rows]


def _snippet(column: int) -> str:
    """A snippet of one FTS column: 0 title, 1 body, 2 place, 3 note, 6 event."""
    return f"snippet(items_fts, {column}, '{HIT_START}', '{HIT_END}', '…', {SNIPPET_TOKENS})"


def search(
    db: sqlite_utils.Database,
    f: Filter,
    limit: int = 50,
    order: str = "time",
    *,
    through_sources: bool = False,
) -> SearchResult:
    """The total the Filter selects and its first page (see `page`); with `through_sources`,
    also how many more its words would select through the sources it leaves out (a second
    count: 60 ms for a word in half a million items, which the window's first results do not
    wait for)."""
    return SearchResult(
        total=count(db, f),
        items=page(db, f, limit, order=order),
        only_through_sources=only_through_sources(db, f) if through_sources else 0,
    )


def summaries(db: sqlite_utils.Database, keys: Sequence[int]) -> list[ItemSummary]:
    """Items by key, in the order given."""
    sql = f"SELECT {_SUMMARY_COLUMNS}, NULL FROM items WHERE key IN ({{}})"
    found = {row[0]: _summary(row) for row in select_in(db, sql, keys)}
    return [found[k] for k in keys if k in found]


def _summary(row: tuple) -> ItemSummary:
    key, id_, kind, start, end, title, speaker, tracks, sources, snippet = row
    when = DateSpan(parse_partial(start), parse_partial(end) if end else None)
    return ItemSummary(
        key=key,
        id=id_,
        kind=kind,
        when=when,
        title=title or "",
        speaker=speaker,
        tracks=tuple(tracks.split("\x1f")) if tracks else (),
        source_count=sources,
        snippet=snippet,
    )


def tracks_of(db: sqlite_utils.Database) -> dict[str, tuple[str, str | None]]:
    """Every track: id → (name, colour)."""
    return {
        r[0]: (r[1], r[2]) for r in db.execute("SELECT id, name, color FROM tracks ORDER BY name")
    }


def names(db: sqlite_utils.Database) -> dict[str, str]:
    """Display names of every actor, track and source, by id, for describing a Filter."""
    rows = db.execute(
        "SELECT id, name FROM actors UNION ALL SELECT id, name FROM tracks "
        "UNION ALL SELECT id, coalesce(title, url, id) FROM sources"
    )
    return {r[0]: r[1] for r in rows}


def aliases(raw: str | None) -> tuple[str, ...]:
    return tuple(json.loads(raw)) if raw else ()


__all__ = [
    "HIT_END",
    "HIT_START",
    "ORDERS",
    "STATEMENT",
    "TEXT_MATCH_KEYS",
    "SearchResult",
    "count",
    "keys_by_relevance",
    "left_out_only",
    "linked_only",
    "match_expression",
    "names",
    "only_through_sources",
    "page",
    "search",
    "snippets_for",
    "summaries",
    "tracks_of",
    "where_clause",
    "words_expression",
]
