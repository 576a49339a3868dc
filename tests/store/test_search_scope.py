"""Where a search looks for its words, what it says about where each hit matched, and its
order: on the sample, `2803` finds the resolution's own items, not every item whose cited
article's title names it."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
import sqlite_utils

from app.core.dates import DateSpan, parse_partial
from app.core.filter import DEFAULT_SCOPE, SCOPES, Filter, parse_scope
from app.core.model import Actor, Dataset, Event, Source
from app.store import database as database_module
from app.store import open_database, write_dataset
from app.store.details import snippets
from app.store.item_index import text_keys
from app.store.queries import (
    EVENT_LABEL,
    HIT_START,
    count,
    keys_by_relevance,
    only_through_sources,
    page,
    search,
)
from app.store.schema import ITEM_TABLES, MIGRATIONS

RESOLUTION_ITEMS = {
    "event/2025-11-17-unsc-resolution-2803-vote",
    "event/2025-11-17-china-explanation-of-vote",
    "event/2025-11-18-russian-mfa-statement-2803",
    "statement/2025-11-18-russian-mfa-no-prerogatives",
}
"""The sample's items whose own words name Resolution 2803."""
SAID_AT_ITS_EVENTS = {
    "statement/2025-11-17-fu-cong-china-abstained",
    "statement/2025-11-18-russian-mfa-abstention-reasons",
    "statement/2025-11-18-russian-mfa-council-sidelined",
    "statement/2025-11-18-russian-mfa-us-vetoes-fig-leaf",
}
"""Statements made at events whose titles name the resolution, their own words not."""
EVERYWHERE = frozenset(SCOPES)


def _ids(db: sqlite_utils.Database, f: Filter, order: str = "time") -> list[str]:
    return [item.id for item in page(db, f, 1000, order=order)]


def test_2803_finds_the_resolutions_items_and_counts_those_only_its_sources_name(
    sample_db: sqlite_utils.Database,
) -> None:
    wanted = RESOLUTION_ITEMS | SAID_AT_ITS_EVENTS
    for words in ("2803", "resolution 2803"):
        found = search(sample_db, Filter(text=words), 100, through_sources=True)
        assert {i.id for i in found.items} == wanted
        assert found.total == len(wanted)
        assert found.only_through_sources == 46 - len(wanted)
        said_at = {i.id: i.snippet for i in found.items if i.id in SAID_AT_ITS_EVENTS}
        assert all(s and s.startswith(EVENT_LABEL) and HIT_START in s for s in said_at.values())


def test_searching_sources_too_brings_every_citing_item_in(
    sample_db: sqlite_utils.Database,
) -> None:
    f = Filter(text="2803", scope=frozenset({"text", "actors", "sources"}))
    found = search(sample_db, f, 100)
    assert found.total == 46
    assert found.only_through_sources == 0
    assert len(text_keys(sample_db, f)) == 46  # what the timeline draws


def test_each_place_keeps_to_its_own_words(sample_db: sqlite_utils.Database) -> None:
    """Interfax is only a source's title; Peskov is an actor, and named in one event's text."""
    assert count(sample_db, Filter(text="Interfax")) == 0
    assert count(sample_db, Filter(text="Interfax", scope=frozenset({"sources"}))) == 1
    in_text = _ids(sample_db, Filter(text="Peskov", scope=frozenset({"text"})))
    as_actor = _ids(sample_db, Filter(text="Peskov", scope=frozenset({"actors"})))
    assert in_text == ["event/2025-11-peskov-remarks-us-plan"]
    assert as_actor == [
        "event/2025-11-peskov-remarks-us-plan",
        "statement/2025-11-dmitry-peskov-no-new-initiatives",
        "statement/2025-11-dmitry-peskov-no-plans-driscoll",
    ]
    assert count(sample_db, Filter(text="Peskov", scope=frozenset())) == 0


def test_each_result_says_where_it_matched(sample_db: sqlite_utils.Database) -> None:
    found = {i.id: i.snippet for i in page(sample_db, Filter(text="Песков"), 100)}
    said = "matched in: actor Dmitry Peskov (as “Дмитрий Песков”)"
    assert found["statement/2025-11-dmitry-peskov-no-plans-driscoll"] == said
    f = Filter(text="Interfax", scope=EVERYWHERE)
    (item,) = page(sample_db, f)
    assert item.snippet == (
        "matched in source: Interfax item cited for Russia's 2 June 2025 memorandum on a "
        "Ukraine settlement"
    )
    # The window reads the same for a page of its list.
    assert snippets(sample_db, f, [item.key]) == {item.key: item.snippet}
    # A hit in the item's own words shows them.
    vote = page(sample_db, Filter(text="2803", kinds=frozenset({"vote"})))[0]
    assert vote.snippet is not None
    assert f"{HIT_START}2803" in vote.snippet


def test_notes_are_searched_only_when_asked(empty_db: sqlite_utils.Database) -> None:
    write_dataset(
        empty_db,
        Dataset(
            events=[
                Event("event/a", "Talks", "meeting", _day(), note="Check the transcript"),
            ]
        ),
    )
    assert count(empty_db, Filter(text="transcript")) == 0
    (item,) = page(empty_db, Filter(text="transcript", scope=frozenset({"notes"})))
    assert item.snippet is not None
    assert item.snippet.startswith("matched in your note: ")


def test_relevance_puts_own_words_before_actors_before_sources(
    empty_db: sqlite_utils.Database,
) -> None:
    write_dataset(
        empty_db,
        Dataset(
            actors=[Actor("actor/z", "Zebra Kid")],
            sources=[Source("source/z", title="Zebra Times")],
            events=[
                Event("event/1-source", "Talks", "meeting", _day(1), sources=("source/z",)),
                Event("event/2-actor", "Talks", "meeting", _day(2), actors=("actor/z",)),
                Event("event/3-own", "Zebra crossing talks", "meeting", _day(3)),
            ],
        ),
    )
    f = Filter(text="zebra", scope=EVERYWHERE)
    assert _ids(empty_db, f) == ["event/1-source", "event/2-actor", "event/3-own"]
    assert _ids(empty_db, f, "relevance") == ["event/3-own", "event/2-actor", "event/1-source"]
    assert [i.id for i in search(empty_db, f, 2, order="relevance").items] == [
        "event/3-own",
        "event/2-actor",
    ]


def test_relevance_on_the_sample_puts_the_resolutions_own_items_first(
    sample_db: sqlite_utils.Database,
) -> None:
    f = Filter(text="2803", scope=EVERYWHERE)
    ranked = _ids(sample_db, f, "relevance")
    assert set(ranked[: len(RESOLUTION_ITEMS)]) == RESOLUTION_ITEMS
    at_events = ranked[len(RESOLUTION_ITEMS) : len(RESOLUTION_ITEMS) + len(SAID_AT_ITS_EVENTS)]
    assert set(at_events) == SAID_AT_ITS_EVENTS
    assert sorted(ranked) == sorted(_ids(sample_db, f))


def test_the_window_s_ranking_is_the_command_line_s_for_every_filter(
    sample_db: sqlite_utils.Database,
) -> None:
    """The list's relevance order (every key at once) is `search --order relevance`'s."""
    for f in (
        Filter(text="2803", scope=EVERYWHERE),
        Filter(text="Gaza", kinds=frozenset({"statement", "meeting", "vote"})),
        Filter(text="Peskov"),
    ):
        by_id = {item.key: item.id for item in page(sample_db, f, 1000)}
        assert [by_id[k] for k in keys_by_relevance(sample_db, f)] == _ids(
            sample_db, f, "relevance"
        )
    assert keys_by_relevance(sample_db, Filter(kinds=frozenset({"vote"}))) == []


def test_only_through_sources_follows_the_other_filters(sample_db: sqlite_utils.Database) -> None:
    votes = Filter(text="2803", kinds=frozenset({"vote"}))
    everything = replace(votes, scope=votes.scope | {"sources"})
    assert only_through_sources(sample_db, votes) == count(sample_db, everything) - 1
    assert only_through_sources(sample_db, Filter()) == 0


def test_a_scope_is_typed_as_places_separated_by_commas() -> None:
    assert parse_scope("text, Sources") == frozenset({"text", "sources"})
    with pytest.raises(ValueError, match="“titles” is not a place to search"):
        parse_scope("text,titles")
    assert Filter(scope=frozenset({"sources"})).is_empty  # no words: nothing to keep to
    described = Filter(text="2803", scope=frozenset({"text", "sources"})).describe()
    assert described == (
        "Items matching “2803” in what was said or done, sources' titles, publishers and authors"
    )
    assert Filter(text="2803", scope=DEFAULT_SCOPE).describe() == "Items matching “2803”"


def test_a_version_4_file_is_upgraded_and_searches_as_a_new_one(
    tmp_path: Path, sample_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "old.backchannel"
    with monkeypatch.context() as version_4:  # the sample's rows in a file of schema 4
        version_4.setattr(database_module, "MIGRATIONS", MIGRATIONS[:4])
        version_4.setattr(database_module, "SCHEMA_VERSION", 4)
        old = open_database(path, create=True)
        old.execute("ATTACH ? AS current", [str(sample_path)])
        for table in ("meta", "actors", "tracks", "sources", "items", *ITEM_TABLES):
            old.execute(f"INSERT INTO main.{table} SELECT * FROM current.{table}")
        old.execute("DETACH current")
        old.execute("INSERT INTO items_fts (items_fts) VALUES ('rebuild')")
        assert "names" in old.table("items_fts").columns_dict
        found = old.execute("SELECT count(*) FROM items_fts WHERE items_fts MATCH '2803'")
        assert found.fetchone()[0] == 46
        old.close()
    db = open_database(path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
    assert path.with_name("old.backchannel.v4.bak").exists()
    found = search(db, Filter(text="2803"), 100, through_sources=True)
    assert {i.id for i in found.items} == RESOLUTION_ITEMS | SAID_AT_ITS_EVENTS
    assert found.only_through_sources == 46 - len(RESOLUTION_ITEMS | SAID_AT_ITS_EVENTS)
    assert count(db, Filter(text="Песков")) == 3
    db.close()


def _day(day: int = 1) -> DateSpan:
    return DateSpan(parse_partial(f"2025-10-{day:02d}"))


@pytest.mark.parametrize(
    "words", ["2803 -Gaza", "Witkoff -Helmer", "2803 -Helmer", "Gaza OR Witkoff -ceasefire -Fu"]
)
def test_only_through_sources_with_words_left_out_counts_what_the_wider_search_adds(
    sample_db: sqlite_utils.Database, words: str
) -> None:
    """A word left out leaves out more where sources are searched too (the sample's items all
    cite one article, whose title names Helmer and 2803): the count is of the items the wider
    search lists and this one does not, never what one count less the other makes."""
    f = Filter(text=words)
    wider = replace(f, scope=f.scope | {"sources"})
    added = set(_ids(sample_db, wider)) - set(_ids(sample_db, f))
    assert only_through_sources(sample_db, f) == len(added)
    assert search(sample_db, f, 100, through_sources=True).only_through_sources == len(added)
