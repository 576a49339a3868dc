"""The in-memory index gives exactly what the database gives, for any Filter and grouping."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
import sqlite_utils
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core.filter import Filter
from app.store import item_index
from app.store.columns import GROUPINGS, TimelineColumns, load_columns
from app.store.item_index import ItemIndex, text_keys
from app.store.queries import page

WORDS = ["Peskov", "Gaza", "resolution", "Witkoff", "Miami", "zzzunknown", "plan"]
TAGS = [(), ("brief",), ("Brief", "Срочно"), ("срочно",)]
TAG_CHOICES = ["brief", "BRIEF", "срочно", "untagged"]


def _same(a: TimelineColumns, b: TimelineColumns) -> None:
    assert a.keys.tolist() == b.keys.tolist()
    assert a.start.tolist() == b.start.tolist()
    assert a.end.tolist() == b.end.tolist()
    assert a.is_statement.tolist() == b.is_statement.tolist()
    assert a.is_range.tolist() == b.is_range.tolist()
    assert [lane.id for lane in a.lanes] == [lane.id for lane in b.lanes]
    assert a.member_item.tolist() == b.member_item.tolist()
    assert a.member_lane.tolist() == b.member_lane.tolist()


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> sqlite_utils.Database:
    from app.core.paths import sample_dataset
    from app.formats import native
    from app.store import open_database, write_dataset

    path = tmp_path_factory.mktemp("index") / "sample.backchannel"
    db = open_database(path, create=True)
    data = native.read(sample_dataset())
    # Some items tagged, in several spellings and scripts, so that tags filter too.
    data.events = [replace(e, tags=TAGS[i % 4]) for i, e in enumerate(data.events)]
    data.statements = [replace(s, tags=TAGS[i % 3]) for i, s in enumerate(data.statements)]
    write_dataset(db, data, path)
    return db


def _choices(db: sqlite_utils.Database, sql: str) -> list[str]:
    return [r[0] for r in db.execute(sql)]


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_select_matches_the_database_for_any_filter(
    sample: sqlite_utils.Database, data: st.DataObject
) -> None:
    index = ItemIndex.load(sample)
    actors = _choices(sample, "SELECT id FROM actors ORDER BY id")
    tracks = _choices(sample, "SELECT id FROM tracks ORDER BY id")
    kinds = _choices(sample, "SELECT DISTINCT kind FROM items ORDER BY kind")
    f = Filter.build(
        actors=data.draw(st.lists(st.sampled_from(actors), max_size=3)),
        tracks=data.draw(st.lists(st.sampled_from(tracks), max_size=2)),
        kinds=data.draw(st.lists(st.sampled_from(kinds), max_size=2)),
        date_from=data.draw(st.sampled_from([None, "2020", "Oct 2025", "2025-11-15"])),
        date_to=data.draw(st.sampled_from([None, "2025", "Nov 2025", "2026"])),
        tags=data.draw(st.lists(st.sampled_from(TAG_CHOICES), max_size=2)),
        text=data.draw(st.sampled_from(["", *WORDS])),
    )
    grouping = data.draw(st.sampled_from(GROUPINGS))
    found = text_keys(sample, f) if f.text else None
    _same(index.select(f, grouping, found), load_columns(sample, f, grouping))


def test_everything_in_each_grouping_is_what_the_database_loads(
    sample: sqlite_utils.Database,
) -> None:
    index = ItemIndex.load(sample)
    assert len(index) == 46
    for grouping in GROUPINGS:
        _same(index.select(Filter(), grouping), load_columns(sample, Filter(), grouping))


def test_one_index_answers_one_search_after_another(sample: sqlite_utils.Database) -> None:
    """The index works out which items a search matched once per search, not once for all."""
    index = ItemIndex.load(sample)
    for word in ["Gaza", "Witkoff", "Gaza", "zzzunknown", "Witkoff"]:
        f = Filter(text=word)
        found = text_keys(sample, f)
        for grouping in GROUPINGS:
            _same(index.select(f, grouping, found), load_columns(sample, f, grouping))
        assert index.facet_counts(f, "kinds", found) == index.facet_counts(
            f, "kinds", text_keys(sample, f)
        )


@pytest.mark.parametrize("at_once", [1, 2, 3, 1000])
def test_a_searchs_keys_read_a_piece_at_a_time_are_every_one_it_finds(
    sample: sqlite_utils.Database, monkeypatch: pytest.MonkeyPatch, at_once: int
) -> None:
    """Half a million keys read as one text were the window's peak of memory: they come in
    pieces, each read after the last key of the one before, and none is lost or twice."""
    monkeypatch.setattr(item_index, "HITS_AT_ONCE", at_once)
    for f in (Filter(text="Gaza"), Filter(text="Witkoff OR Peskov"), Filter(text="zzzunknown")):
        expected = [item.key for item in page(sample, f, 1000)]
        assert list(text_keys(sample, f)) == expected
    reuters = Filter(sources=frozenset(_choices(sample, "SELECT id FROM sources ORDER BY id")[:3]))
    expected = [item.key for item in page(sample, reuters, 1000)]
    assert len(expected) > 3
    assert list(text_keys(sample, reuters)) == expected


def test_words_without_their_keys_are_refused(sample: sqlite_utils.Database) -> None:
    index = ItemIndex.load(sample)
    with pytest.raises(ValueError, match="keys they matched"):
        index.select(Filter(text="Gaza"), "track")
    none = index.select(Filter(text="Gaza"), "track", np.zeros(0, dtype=np.int64))
    assert len(none) == 0
    assert none.lanes == ()


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_facet_counts_match_the_database(
    sample: sqlite_utils.Database, data: st.DataObject
) -> None:
    from app.store.details import FACETS, facet_counts

    index = ItemIndex.load(sample)
    f = Filter.build(
        actors=data.draw(
            st.lists(st.sampled_from(_choices(sample, "SELECT id FROM actors")), max_size=2)
        ),
        tracks=data.draw(
            st.lists(st.sampled_from(_choices(sample, "SELECT id FROM tracks")), max_size=2)
        ),
        date_from=data.draw(st.sampled_from([None, "Nov 2025"])),
        tags=data.draw(st.lists(st.sampled_from(TAG_CHOICES), max_size=1)),
        text=data.draw(st.sampled_from(["", *WORDS])),
    )
    found = text_keys(sample, f) if f.text else None
    for facet in FACETS:
        expected = {k: v for k, v in facet_counts(sample, f, facet).items() if v}
        assert index.facet_counts(f, facet, found) == expected


@pytest.mark.parametrize("shuffled", [False, True])
def test_memberships_count_and_pick_each_lanes_items(shuffled: bool) -> None:
    """By slices of the memberships sorted by lane, or (not sorted) by a pass over all of
    them: lanes without items, first, in the middle and last, count none."""
    from app.store.columns import Lane
    from app.store.item_index import Memberships

    rng = np.random.default_rng(4)
    lanes = tuple(Lane(f"lane/{i}", f"Lane {i}", None) for i in range(9))
    lane = np.sort(rng.choice([1, 2, 4, 5, 7], size=400)).astype(np.int32)
    item = rng.integers(0, 300, size=400).astype(np.int32)
    if shuffled:
        order = rng.permutation(400)
        lane, item = lane[order], item[order]
    m = Memberships(lanes, item, lane)
    assert (m.starts is None) is shuffled
    every_other = np.arange(300) % 2 == 0
    some = [rng.random(300) < 0.4 for _ in range(20)]
    for keep in (*some, every_other, ~every_other, np.ones(300, np.bool_), np.zeros(300, np.bool_)):
        expected = [int(keep[item[lane == i]].sum()) for i in range(9)]
        assert m.counts(keep).tolist() == expected
    for ids in ({"lane/2"}, {"lane/0", "lane/8"}, {"lane/1", "lane/7", "elsewhere"}, set()):
        wanted = [i for i, one in enumerate(lanes) if one.id in ids]
        expected_items = set(item[np.isin(lane, wanted)].tolist())
        assert set(np.flatnonzero(m.items_in(frozenset(ids), 300)).tolist()) == expected_items


def test_one_index_asked_filter_after_filter_answers_as_a_fresh_one(
    sample: sqlite_utils.Database,
) -> None:
    """The last few Filters' masks are kept: asked again, or with other words' keys, the
    answers are those of an index that never saw the filters before."""
    from app.store.details import FACETS

    index = ItemIndex.load(sample)
    tracks = _choices(sample, "SELECT id FROM tracks ORDER BY id")
    actors = _choices(sample, "SELECT id FROM actors ORDER BY id")
    filters = [
        Filter(tracks=frozenset(tracks[:1])),
        Filter(actors=frozenset(actors[:2])),
        Filter(tracks=frozenset(tracks[:1])),
        Filter(text="Gaza"),
        Filter(text="Peskov"),
        Filter(text="Gaza", tracks=frozenset(tracks[1:3])),
        Filter(),
        Filter(tracks=frozenset(tracks[:1])),
    ]
    for f in filters * 2:
        found = text_keys(sample, f) if f.text else None
        fresh = ItemIndex.load(sample)
        for grouping in ("track", "actor"):
            _same(index.select(f, grouping, found), fresh.select(f, grouping, found))
        for facet in FACETS:
            assert index.facet_counts(f, facet, found) == fresh.facet_counts(f, facet, found)
        assert not index.mask(f, found).flags.writeable
        if found is not None:  # the same words after an edit: other keys
            other = found[: len(found) // 2].copy()
            unasked = ItemIndex.load(sample)
            _same(index.select(f, "track", other), unasked.select(f, "track", other))
