"""A search's words together with filters are one lookup in the full-text index: each entry
holds tokens for the item's kind and the actors, tracks and sources it links to (schema 9).
The tokens only narrow: every count and page is what the words and the filters give apart,
and they stay true through edits, undo and a bulk load."""

from __future__ import annotations

import itertools
from dataclasses import replace

import pytest
import sqlite_utils
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core.calendar import to_seconds
from app.core.dates import DateSpan, parse_partial
from app.core.filter import Filter
from app.core.model import Event
from app.store import writer as writer_module
from app.store.changes import make_change, read_state, undo
from app.store.database import open_database
from app.store.queries import count, keys_by_relevance, match_expression, page, where_clause


def _record(db: sqlite_utils.Database, id_: str) -> object:
    return read_state(db, [("item", id_)]).record("item", id_)


def _apart(db: sqlite_utils.Database, f: Filter) -> list[int]:
    """The items the words and the filters select, each asked on its own (no tokens)."""
    where, params = where_clause(replace(f, text=""))
    sql = (
        f"SELECT key FROM items WHERE {where} AND key IN "
        "(SELECT rowid FROM items_fts WHERE items_fts MATCH ?) ORDER BY key"
    )
    return [r[0] for r in db.execute(sql, [*params, match_expression(f)])]


def _ids(db: sqlite_utils.Database, table: str) -> list[str]:
    return [r[0] for r in db.execute(f"SELECT id FROM {table} ORDER BY id")]


def _choices(db: sqlite_utils.Database) -> dict[str, list[str]]:
    speakers = [
        r[0] for r in db.execute("SELECT DISTINCT speaker FROM items WHERE speaker IS NOT NULL")
    ]
    kinds = [r[0] for r in db.execute("SELECT DISTINCT kind FROM items ORDER BY kind")]
    return {
        "actors": _ids(db, "actors"),
        "tracks": _ids(db, "tracks"),
        "sources": _ids(db, "sources"),
        "kinds": kinds,
        "speakers": sorted(speakers),
    }


def _drawn(
    data: st.DataObject,
    db: sqlite_utils.Database,
    typed_facets: list[str],
    text: st.SearchStrategy[str],
) -> Filter:
    """A Filter of up to two of each facet's choices, perhaps one typed field of these facets,
    a time window and the text drawn."""
    choices = _choices(db)
    parts = {
        facet: frozenset(data.draw(st.lists(st.sampled_from(options), max_size=2)))
        for facet, options in choices.items()
    }
    typed = data.draw(st.sampled_from([*typed_facets, None]))
    fields = None
    if typed is not None:
        fields = Filter(**{typed: frozenset([data.draw(st.sampled_from(choices[typed]))])})
    start, end = data.draw(st.sampled_from(SPANS))
    return Filter(text=data.draw(text), fields=fields, start=start, end=end, **parts)


SPANS = [
    (None, None),
    (to_seconds(2025, 11), None),
    (None, to_seconds(2025, 10, 31)),
    (to_seconds(2025, 10, 20), to_seconds(2025, 11, 20)),
    (to_seconds(2025, 11, 17), to_seconds(2025, 11, 18)),
    (to_seconds(2030), None),
]
"""Time windows: none, open on one side, a month, two days, after everything."""
WORDS = ("Ukraine", "peace", "Witkoff", "2803", "said", "Песков", "security council")


# The database is only read: one for every example.
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_words_with_filters_select_what_each_selects_apart(
    data: st.DataObject, sample_db: sqlite_utils.Database
) -> None:
    f = _drawn(data, sample_db, ["tracks", "speakers", "actors"], text=st.sampled_from(WORDS))
    expected = _apart(sample_db, f)
    assert count(sample_db, f) == len(expected)
    assert [h.key for h in page(sample_db, f, 100)] == expected[:100]
    assert sorted(keys_by_relevance(sample_db, f)) == expected


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_filters_without_words_select_what_sql_selects(
    data: st.DataObject, sample_db: sqlite_utils.Database
) -> None:
    """`kind:vote` or `source:Reuters` alone is asked of the index's tokens: the same items,
    in the same order, as SQL asked of the link tables."""
    f = _drawn(data, sample_db, ["tracks", "sources", "kinds", "actors"], text=st.just(""))
    where, params = where_clause(f)
    sql = f"SELECT key FROM items WHERE {where} ORDER BY key"
    expected = [r[0] for r in sample_db.execute(sql, params)]
    assert count(sample_db, f) == len(expected)
    assert [h.key for h in page(sample_db, f, 100)] == expected[:100]
    assert [h.key for h in page(sample_db, f, 5, 3)] == expected[3:8]


def test_every_filter_of_one_part_with_a_word_counts_as_apart(
    sample_db: sqlite_utils.Database,
) -> None:
    for facet, options in _choices(sample_db).items():
        for option, word in itertools.product(options, ("Ukraine", "said", "2803")):
            f = Filter(text=word, **{facet: frozenset([option])})
            assert count(sample_db, f) == len(_apart(sample_db, f)), (facet, option, word)


def test_an_unknown_id_in_a_filter_selects_nothing_with_words(
    sample_db: sqlite_utils.Database,
) -> None:
    assert count(sample_db, Filter(text="Ukraine", tracks=frozenset({"track/none"}))) == 0
    assert page(sample_db, Filter(text="Ukraine", actors=frozenset({"actor/none"}))) == []


def test_a_statement_follows_its_event_to_another_track_in_searches(
    sample_db: sqlite_utils.Database,
) -> None:
    row = sample_db.execute(
        "SELECT s.id, e.id FROM items s JOIN items e ON e.id = s.event "
        "WHERE s.kind = 'statement' ORDER BY s.key LIMIT 1"
    ).fetchone()
    said_id, event_id = row
    event = _record(sample_db, event_id)
    assert isinstance(event, Event)
    other = next(t for t in _ids(sample_db, "tracks") if t not in event.tracks)
    moved = replace(event, tracks=(other,))
    change = make_change(sample_db, "Move event", {("item", event_id): moved})
    said = _record(sample_db, said_id)
    word = said.text.split()[0]  # type: ignore[union-attr]
    there = Filter(text=word, tracks=frozenset({other}))
    assert said_id in {h.id for h in page(sample_db, there, 500)}
    assert count(sample_db, there) == len(_apart(sample_db, there))
    sample_db.execute("INSERT INTO items_fts (items_fts, rank) VALUES ('integrity-check', 1)")
    undo(sample_db, change)
    assert said_id not in {h.id for h in page(sample_db, there, 500)}
    sample_db.execute("INSERT INTO items_fts (items_fts, rank) VALUES ('integrity-check', 1)")


def test_a_bulk_load_gives_each_item_the_tokens_the_database_gives_it(
    tmp_path: object, monkeypatch: pytest.MonkeyPatch, sample_db: sqlite_utils.Database
) -> None:
    from pathlib import Path

    from app.core.paths import sample_dataset
    from app.formats import native
    from app.store import write_dataset

    monkeypatch.setattr(writer_module, "BULK_THRESHOLD", 5)
    path = Path(str(tmp_path)) / "bulk.backchannel"
    bulk = open_database(path, create=True)
    write_dataset(bulk, native.read(sample_dataset()), path)
    # FTS5's check compares every entry with the view's text, links column and all.
    bulk.execute("INSERT INTO items_fts (items_fts, rank) VALUES ('integrity-check', 1)")
    for facet, options in _choices(sample_db).items():
        for option in options:
            f = Filter(text="said", **{facet: frozenset([option])})
            assert count(bulk, f) == count(sample_db, f), (facet, option)
    bulk.close()


def test_a_long_item_reaching_into_a_window_is_found_with_words(
    empty_db: sqlite_utils.Database,
) -> None:
    from app.core.model import Dataset
    from app.store import write_dataset

    def event(id_: str, start: str, end: str | None, title: str) -> Event:
        when = DateSpan(parse_partial(start), parse_partial(end) if end else None)
        return Event(id_, title, "meeting", when)

    write_dataset(
        empty_db,
        Dataset(
            events=[
                event("event/regime", "2014-03", "2026-01", "Sanctions regime in force"),
                event("event/old", "2018-05-02", None, "Sanctions talks"),
                event("event/geneva", "2025-11-05", None, "Sanctions talks in Geneva"),
                event("event/later", "2026-03-01", None, "Sanctions lifted"),
            ]
        ),
    )
    november = Filter(text="sanctions", start=to_seconds(2025, 11), end=to_seconds(2025, 12) - 1)
    assert [h.id for h in page(empty_db, november)] == ["event/regime", "event/geneva"]
    assert count(empty_db, november) == 2
    assert sorted(keys_by_relevance(empty_db, november)) == _apart(empty_db, november)
    since = Filter(text="sanctions", start=to_seconds(2026))
    assert [h.id for h in page(empty_db, since)] == ["event/regime", "event/later"]


def test_kinds_alike_but_for_case_or_punctuation_stay_apart_with_words(
    empty_db: sqlite_utils.Database,
) -> None:
    from app.core.model import Dataset
    from app.store import write_dataset

    kinds = ("vote", "Vote", "press-conference", "press conference", "заявление")
    write_dataset(
        empty_db,
        Dataset(
            events=[
                Event(f"event/{i}", "Ceasefire talks", kind, DateSpan(parse_partial("2025-11")))
                for i, kind in enumerate(kinds)
            ]
        ),
    )
    for i, kind in enumerate(kinds):
        f = Filter(text="ceasefire", kinds=frozenset({kind}))
        assert [h.id for h in page(empty_db, f)] == [f"event/{i}"], kind
        assert count(empty_db, f) == 1
