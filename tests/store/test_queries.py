"""What a reader of the article expects to find, and input that must never break search."""

from __future__ import annotations

import itertools
import tempfile
from pathlib import Path
from typing import Any

import pytest
import sqlite_utils
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.calendar import to_seconds
from app.core.dates import parse_partial, parse_span
from app.core.filter import SCOPES, Filter
from app.core.model import Actor, Dataset, Event, Source, Statement
from app.store import QueryError, open_database, write_dataset
from app.store.columns import load_columns
from app.store.item_index import text_keys
from app.store.queries import (
    HIT_END,
    HIT_START,
    count,
    page,
    search,
    where_clause,
)
from app.store.records import UnknownName, resolve

EVERYWHERE = frozenset(SCOPES)
"""A search in sources' words too, as every search was before it could be kept to some."""


def _ids(db: sqlite_utils.Database, f: Filter, limit: int = 1000) -> list[str]:
    return [item.id for item in page(db, f, limit)]


def test_cyrillic_name_finds_what_lavrov_did(sample_db: sqlite_utils.Database) -> None:
    found = _ids(sample_db, Filter(text="Лавров"))
    assert "event/2025-07-10-lavrov-rubio-kuala-lumpur" in found
    assert "event/2025-10-20-lavrov-rubio-call" in found


def test_search_is_case_and_diacritic_blind(sample_db: sqlite_utils.Database) -> None:
    assert _ids(sample_db, Filter(text="ALASKA")) == _ids(sample_db, Filter(text="alaska"))
    assert _ids(sample_db, Filter(text="Tsarëv")) == _ids(sample_db, Filter(text="tsarev"))
    assert _ids(sample_db, Filter(text="tsarev"))


def test_results_come_in_time_order_with_a_correct_total(sample_db: sqlite_utils.Database) -> None:
    result = search(sample_db, Filter(text="resolution"), limit=5)
    everything = page(sample_db, Filter(text="resolution"), limit=1000)
    assert result.total == len(everything) > 5
    assert [i.id for i in result.items] == [i.id for i in everything[:5]]
    starts = [parse_span(i.when.iso()).first_second for i in everything]
    assert starts == sorted(starts)


def test_snippets_mark_the_hits(sample_db: sqlite_utils.Database) -> None:
    (hit, *_) = page(sample_db, Filter(text="deniable"))
    assert hit.snippet is not None
    assert f"{HIT_START}deniable{HIT_END}" in hit.snippet


@pytest.mark.parametrize(
    "query",
    [
        "co-operation",
        '"x',
        "o'brien",
        "tax OR",
        "NEAR(",
        "*",
        "AND",
        "a:b",
        "(((",
        '"',
        "-",
        "^start",
        "Лавров*",
        "",
    ],
)
def test_plain_search_never_raises(sample_db: sqlite_utils.Database, query: str) -> None:
    result = search(sample_db, Filter(text=query))
    assert result.total == len(page(sample_db, Filter(text=query), 1000))


def test_advanced_search_takes_syntax_and_reports_malformed_queries(
    sample_db: sqlite_utils.Database,
) -> None:
    either = set(_ids(sample_db, Filter(text="Alaska OR Kuala", advanced=True)))
    assert either == set(_ids(sample_db, Filter(text="Alaska"))) | set(
        _ids(sample_db, Filter(text="Kuala"))
    )
    assert _ids(sample_db, Filter(text='"position is really being heard"', advanced=True)) == [
        "statement/2025-11-kirill-dmitriev-position-heard"
    ]
    with pytest.raises(QueryError, match="not valid query syntax"):
        search(sample_db, Filter(text='"unclosed AND (', advanced=True))


def test_filter_by_actor_track_kind_and_dates(sample_db: sqlite_utils.Database) -> None:
    peskov = resolve(sample_db, "actors", "Песков")
    assert {
        i.speaker for i in page(sample_db, Filter(actors=frozenset({peskov}))) if i.is_statement
    } == {"Dmitry Peskov"}
    unsc = resolve(sample_db, "tracks", "Security Council")
    votes = page(sample_db, Filter(tracks=frozenset({unsc}), kinds=frozenset({"vote"})))
    assert [v.id for v in votes] == ["event/2025-11-17-unsc-resolution-2803-vote"]
    old = Filter.build(date_to="2021")
    assert _ids(sample_db, old) == [
        "event/2005-12-unga-resolution-60-143",
        "event/2021-12-17-russia-draft-security-treaties",
    ]


def test_names_resolve_by_alias_misspelling_or_unique_part(
    sample_db: sqlite_utils.Database,
) -> None:
    assert resolve(sample_db, "actors", "Vadim Medinsky") == resolve(
        sample_db, "actors", "Vladimir Medinsky"
    )
    assert resolve(sample_db, "actors", "lavrov") == resolve(sample_db, "actors", "Сергей Лавров")
    assert resolve(sample_db, "tracks", "dmitriev") == "track/dmitriev-witkoff"
    with pytest.raises(UnknownName, match="could be more than one actor"):
        resolve(sample_db, "actors", "ov")
    with pytest.raises(UnknownName, match="No actor is called"):
        resolve(sample_db, "actors", "Kissinger")


def test_source_titles_and_publishers_find_what_they_support(
    sample_db: sqlite_utils.Database,
) -> None:
    found = search(sample_db, Filter(text="Interfax", scope=EVERYWHERE))
    assert "event/2025-06-02-istanbul-memorandum" in {i.id for i in found.items}
    assert found.total == len(found.items)
    narrowed = Filter(text="Interfax", kinds=frozenset({"document"}), scope=EVERYWHERE)
    assert {i.kind for i in page(sample_db, narrowed)} == {"document"}


def test_items_in_a_window_come_back_as_rows_in_the_order_asked(
    sample_db: sqlite_utils.Database,
) -> None:
    from app.store.queries import summaries

    columns = load_columns(sample_db, Filter())
    week = (columns.start <= to_seconds(2025, 10, 27)) & (columns.end >= to_seconds(2025, 10, 20))
    keys = [int(k) for k in columns.keys[week]]
    rows = summaries(sample_db, list(reversed(keys)))
    assert [r.key for r in rows] == list(reversed(keys))
    assert {r.when.display() for r in rows} >= {"20 Oct 2025", "22 Oct 2025", "24–26 Oct 2025"}
    miami = next(r for r in rows if r.id == "event/2025-10-24-dmitriev-miami")
    assert miami.tracks == ("track/dmitriev-witkoff",)


def _keys_found(db: sqlite_utils.Database, found_by: list[dict[str, Any]], how: Any) -> list[int]:
    """In time order, the keys of the events of `_timeline(found_by)` for which `how` holds."""
    ids = [f"event/{i:03d}" for i, way in enumerate(found_by) if how(way)]
    marks = ",".join("?" * len(ids))
    sql = f"SELECT key FROM items WHERE id IN ({marks}) ORDER BY key"
    return [r[0] for r in db.execute(sql, ids)]


FOUND_BY = st.fixed_dictionaries(
    {"words": st.booleans(), "actor": st.booleans(), "source": st.booleans(),
     "day": st.integers(1, 60)}
)  # fmt: skip


def _timeline(found_by: list[dict[str, Any]]) -> Dataset:
    """Events on a few days of 2020, each found by "zebra" in its own words, through the actor
    whose alias is "Zebra Kid", through a source Zebra Times published: some, all or none."""
    actors = [Actor("a/zebra", "Ann Other", aliases=("Zebra Kid",)), Actor("a/plain", "Bob")]
    sources = [
        Source("s/zebra", title="Morning report", publisher="Zebra Times"),
        Source("s/plain", title="Evening report", publisher="Daily Post"),
    ]
    events = [
        Event(
            f"event/{i:03d}",
            "A zebra was seen" if how["words"] else "A meeting",
            "meeting",
            parse_span(f"2020-{1 + how['day'] // 28:02d}-{1 + how['day'] % 28:02d}"),
            actors=("a/zebra",) if how["actor"] else ("a/plain",),
            sources=("s/zebra", "s/plain") if how["source"] else ("s/plain",),
        )
        for i, how in enumerate(found_by)
    ]
    return Dataset(actors=actors, sources=sources, events=events)


@settings(max_examples=40, deadline=None)
@given(
    found_by=st.lists(FOUND_BY, max_size=40),
    limit=st.integers(1, 12),
    offset=st.integers(0, 15),
)
def test_words_find_the_same_items_as_the_plain_union(
    found_by: list[dict[str, Any]], limit: int, offset: int
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        db = open_database(Path(folder) / "zebra.backchannel", create=True)
        try:
            write_dataset(db, _timeline(found_by))
            f = Filter(text="zebra", scope=EVERYWHERE)
            expected = _keys_found(
                db, found_by, lambda way: way["words"] or way["actor"] or way["source"]
            )
            assert count(db, f) == len(expected)
            found = page(db, f, limit, offset)
            assert [item.key for item in found] == expected[offset : offset + limit]
            assert list(text_keys(db, f)) == expected
            own_words = {i.key for i in page(db, f, 1000) if HIT_START in (i.snippet or "")}
            assert own_words == {
                r[0] for r in db.execute("SELECT key FROM items WHERE title LIKE '%zebra%'")
            }
        finally:
            db.close()


@pytest.mark.parametrize(
    ("words", "how"),
    [
        ("Zebra", lambda way: way["words"] or way["actor"] or way["source"]),
        ("Kid", lambda way: way["actor"]),
        ("Times", lambda way: way["source"]),
        ("meeting", lambda way: not way["words"]),
        # Words found in different places of one item: its own text, an actor, a source.
        ("seen Kid", lambda way: way["words"] and way["actor"]),
        ("Kid Times", lambda way: way["actor"] and way["source"]),
        ("Zebra Kid Times seen", lambda way: way["words"] and way["actor"] and way["source"]),
    ],
)
def test_each_way_of_matching_counts_and_pages_alike(
    empty_db: sqlite_utils.Database, words: str, how: Any
) -> None:
    everything = [
        {"words": w, "actor": a, "source": s, "day": day}
        for day, (w, a, s) in enumerate(itertools.product([False, True], repeat=3))
    ]
    write_dataset(empty_db, _timeline(everything * 3))
    expected = _keys_found(empty_db, everything * 3, how)
    f = Filter(text=words, scope=EVERYWHERE)
    assert expected
    assert count(empty_db, f) == len(expected)
    for offset in range(len(expected)):
        assert [i.key for i in page(empty_db, f, 3, offset)] == expected[offset : offset + 3]
    assert [i.key for i in search(empty_db, f, 1000).items] == expected


def test_a_language_is_read_by_its_index_in_any_case_it_was_written(
    empty_db: sqlite_utils.Database,
) -> None:
    """`lang:en` at a million items read every item (349 ms to count); the index of
    languages answers it, and it holds them in lower case as the field asks for them."""
    said = [
        Statement(
            f"s/{i}", "a/one", parse_partial(f"2020-01-0{1 + i}"), f"Words {i}", language=lang
        )
        for i, lang in enumerate(["en", "EN", "ru", None, "En"])
    ]
    write_dataset(empty_db, Dataset(actors=[Actor("a/one", "One")], statements=said))
    f = Filter(languages=frozenset({"en"}))
    where, params = where_clause(f)
    for sql in (
        f"SELECT count(*) FROM items WHERE {where}",
        f"SELECT key FROM items WHERE {where} ORDER BY items.key LIMIT 50",
    ):
        plan = " ".join(
            str(row[3]) for row in empty_db.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        )
        assert "idx_items_language" in plan, plan
    assert count(empty_db, f) == 3
    assert _ids(empty_db, f) == ["s/0", "s/1", "s/4"]
    assert _ids(empty_db, Filter(languages=frozenset({"ru", "en"}))) == ["s/0", "s/1", "s/2", "s/4"]


def test_a_speakers_statements_are_read_by_the_speaker_index_not_by_every_item(
    sample_db: sqlite_utils.Database,
) -> None:
    """At a million items a scan of every item took 221 ms where the index takes 0.2 ms; with
    words as well, the speaker's statements drive and the words' hits are read once."""
    for f in (
        Filter(speakers=frozenset({"actor/dmitry-peskov"})),
        Filter(text="plans", speakers=frozenset({"actor/dmitry-peskov"})),
    ):
        where, params = where_clause(f)
        plan = " ".join(
            str(row[3])
            for row in sample_db.execute(
                f"EXPLAIN QUERY PLAN SELECT count(*) FROM items WHERE {where}", params
            )
        )
        assert "idx_items_speaker" in plan, plan
        assert count(sample_db, f) == (2 if not f.text else 1)
