"""What a reader of the article expects to find, and input that must never break search."""

from __future__ import annotations

import pytest
import sqlite_utils

from app.core.calendar import to_seconds
from app.core.dates import parse_span
from app.core.filter import Filter
from app.store import QueryError
from app.store.queries import (
    HIT_END,
    HIT_START,
    bucket_counts,
    count,
    page,
    search,
    time_extent,
    window_keys,
)
from app.store.records import UnknownName, resolve


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


def test_window_finds_items_that_overlap_it(sample_db: sqlite_utils.Database) -> None:
    miami = "event/2025-10-24-dmitriev-miami"
    key = sample_db.execute("SELECT key FROM items WHERE id = ?", [miami]).fetchone()[0]
    assert key in window_keys(
        sample_db, Filter(), to_seconds(2025, 10, 26, 12), to_seconds(2025, 10, 27)
    )
    assert key not in window_keys(
        sample_db, Filter(), to_seconds(2025, 10, 27), to_seconds(2025, 10, 28)
    )
    december = window_keys(sample_db, Filter(), to_seconds(2005, 12, 20), to_seconds(2005, 12, 21))
    assert len(december) == 1


def test_window_finds_long_items_that_began_long_before(empty_db: sqlite_utils.Database) -> None:
    from app.core.model import Dataset, Event
    from app.store import write_dataset

    era = Event("event/cold-war", "Cold War", "other", parse_span("1947/1991"))
    write_dataset(empty_db, Dataset(events=[era]))
    assert len(window_keys(empty_db, Filter(), to_seconds(1980), to_seconds(1980, 2))) == 1


def test_buckets_count_every_item_once(sample_db: sqlite_utils.Database) -> None:
    extent = time_extent(sample_db, Filter())
    assert extent is not None
    start, end = extent
    counts = bucket_counts(sample_db, Filter(), start, end + 1, 50)
    assert len(counts) == 50
    assert sum(counts) == count(sample_db, Filter()) == 46
    assert counts[0] == 1


def test_source_titles_and_publishers_find_what_they_support(
    sample_db: sqlite_utils.Database,
) -> None:
    found = search(sample_db, Filter(text="Interfax"))
    assert "event/2025-06-02-istanbul-memorandum" in {i.id for i in found.items}
    assert found.total == len(found.items)
    narrowed = Filter(text="Interfax", kinds=frozenset({"document"}))
    assert {i.kind for i in page(sample_db, narrowed)} == {"document"}


def test_items_in_a_window_come_back_as_rows_in_the_order_asked(
    sample_db: sqlite_utils.Database,
) -> None:
    from app.store.queries import summaries

    keys = window_keys(sample_db, Filter(), to_seconds(2025, 10, 20), to_seconds(2025, 10, 27))
    rows = summaries(sample_db, list(reversed(keys)))
    assert [r.key for r in rows] == list(reversed(keys))
    assert {r.when.display() for r in rows} >= {"20 Oct 2025", "22 Oct 2025", "24–26 Oct 2025"}
    miami = next(r for r in rows if r.id == "event/2025-10-24-dmitriev-miami")
    assert miami.tracks == ("track/dmitriev-witkoff",)
