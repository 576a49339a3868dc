"""The timeline's columns: every item the Filter selects, on each of its lanes."""

from __future__ import annotations

import itertools
import sqlite3
from concurrent.futures import Future

import numpy as np
import pytest
import sqlite_utils

from app.core.filter import Filter
from app.store.columns import NO_LANE, load_columns
from app.store.records import resolve


def _lane_members(
    db: sqlite_utils.Database, grouping: str, f: Filter | None = None
) -> dict[str, set[int]]:
    columns = load_columns(db, f or Filter(), grouping)
    members: dict[str, set[int]] = {}
    for item, lane in zip(columns.member_item, columns.member_lane, strict=True):
        members.setdefault(columns.lanes[lane].name, set()).add(int(columns.keys[item]))
    return members


def _key(db: sqlite_utils.Database, item_id: str) -> int:
    return int(db.execute("SELECT key FROM items WHERE id = ?", [item_id]).fetchone()[0])


def test_by_track_an_item_sits_on_each_of_its_tracks(sample_db: sqlite_utils.Database) -> None:
    lanes = _lane_members(sample_db, "track")
    leak = _key(sample_db, "event/2025-11-us-peace-plan-leaks")
    on = {name for name, keys in lanes.items() if leak in keys}
    assert on == {
        "Dmitriev–Witkoff back-channel",
        "Driscoll channel",
        "US administration messaging",
    }
    columns = load_columns(sample_db, Filter(), "track")
    assert len(columns) == 46
    assert set(np.unique(columns.member_item)) == set(range(46))


def test_by_actor_a_statement_sits_on_its_speakers_lane(sample_db: sqlite_utils.Database) -> None:
    lanes = _lane_members(sample_db, "actor")
    said = _key(sample_db, "statement/2025-11-dmitry-peskov-no-new-initiatives")
    assert {name for name, keys in lanes.items() if said in keys} == {"Dmitry Peskov"}


def test_columns_follow_the_filter_and_time_order(sample_db: sqlite_utils.Database) -> None:
    f = Filter(tracks=frozenset({resolve(sample_db, "tracks", "Lavrov–Rubio")}))
    columns = load_columns(sample_db, f, "kind")
    assert [lane.name for lane in columns.lanes] == ["Call", "Meeting"]
    assert list(columns.start) == sorted(columns.start)
    assert all(columns.end >= columns.start)
    assert not columns.is_statement.any()


def test_items_without_a_lane_are_not_lost(empty_db: sqlite_utils.Database) -> None:
    from app.core.dates import parse_span
    from app.core.model import Dataset, Event
    from app.store import write_dataset

    write_dataset(
        empty_db, Dataset(events=[Event("event/x", "Unfiled", "other", parse_span("2020"))])
    )
    columns = load_columns(empty_db, Filter(), "track")
    assert [lane.name for lane in columns.lanes] == [NO_LANE]
    assert list(columns.member_item) == [0]
    with pytest.raises(ValueError, match="unknown lane grouping"):
        load_columns(empty_db, Filter(), "colour")


def test_kinds_that_hold_the_separator_are_laid_out_all_the_same(
    sample_db: sqlite_utils.Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.store import columns as columns_module

    usual = _lane_members(sample_db, "kind")
    monkeypatch.setattr(columns_module, "_KIND_SEPARATOR", "e")  # as if "meeting" held it
    assert _lane_members(sample_db, "kind") == usual
    assert set(usual) >= {"Meeting", "Statement"}


def test_actor_lanes_come_as_the_filter_panel_groups_them_in_their_groups_colours(
    sample_db: sqlite_utils.Database,
) -> None:
    from app.core.timeline.actor_lanes import actor_group, actor_order
    from app.store.lookups import actor_choices

    columns = load_columns(sample_db, Filter(), "actor")
    group_of = {a.id: actor_group(a.kind, a.affiliation) for a in actor_choices(sample_db)}
    actors = [lane for lane in columns.lanes if lane.name != NO_LANE]
    assert [lane.group for lane in actors] == [group_of[lane.id] for lane in actors]
    assert actors == sorted(actors, key=lambda lane: (*actor_order(lane.group, lane.name), lane.id))
    assert actors[0].name != sorted(lane.name for lane in actors)[0]  # not by first names
    colour_of_group: dict[str, str | None] = {}
    for lane in actors:
        assert lane.color is not None
        assert colour_of_group.setdefault(lane.group, lane.color) == lane.color
    groups = list(colour_of_group)
    assert len(groups) > 5
    for before, after in itertools.pairwise(groups):
        assert colour_of_group[before] != colour_of_group[after]


def test_actor_lanes_are_the_same_read_from_memory(sample_db: sqlite_utils.Database) -> None:
    from app.store.item_index import ItemIndex

    index = ItemIndex.load(sample_db)
    kremlin = Filter(tracks=frozenset({resolve(sample_db, "tracks", "Dmitriev–Witkoff")}))
    for f in (Filter(), kremlin):
        assert index.select(f, "actor").lanes == load_columns(sample_db, f, "actor").lanes


def _flags_in_database(db: sqlite_utils.Database) -> dict[int, tuple[bool, bool]]:
    rows = db.execute("SELECT key, kind = 'statement', end_text IS NOT NULL FROM items")
    return {key: (bool(said), bool(ranged)) for key, said, ranged in rows.fetchall()}


@pytest.mark.parametrize("grouping", ["track", "actor", "kind", "none"])
def test_every_item_is_a_statement_or_a_range_as_the_database_says(
    sample_db: sqlite_utils.Database, grouping: str
) -> None:
    # All items: their flags are read on a second connection; a Filter's: with the items.
    expected = _flags_in_database(sample_db)
    assert any(said for said, _ in expected.values())
    assert any(ranged for _, ranged in expected.values())
    some = Filter(kinds=frozenset({"statement", "meeting", "visit"}))
    for f in (Filter(), some):
        columns = load_columns(sample_db, f, grouping)
        got = {
            int(key): (bool(said), bool(ranged))
            for key, said, ranged in zip(
                columns.keys, columns.is_statement, columns.is_range, strict=True
            )
        }
        assert got == {key: expected[key] for key in got}
        assert len(got) == (len(expected) if f == Filter() else len(got)) > 0


def _flipped(flag_list: str | None) -> str:
    """The flags with the first statement's read as an event's."""
    flags = flag_list or ""
    at = next(i for i, flag in enumerate(flags) if int(flag) & 1)
    return flags[:at] + str(int(flags[at]) & 2) + flags[at + 1 :]


def _as_the_database_says(db: sqlite_utils.Database) -> None:
    columns = load_columns(db, Filter(), "track")
    expected = _flags_in_database(db)
    assert len(columns) == len(expected)
    assert [bool(s) for s in columns.is_statement] == [
        expected[int(key)][0] for key in columns.keys
    ]
    assert _lane_members(db, "track") == _lane_members_read_here(db)


def _lane_members_read_here(db: sqlite_utils.Database) -> dict[str, set[int]]:
    rows = db.execute(
        "SELECT t.name, it.item FROM item_tracks it JOIN tracks t ON t.key = it.track"
    ).fetchall()
    found: dict[str, set[int]] = {}
    for name, item in rows:
        found.setdefault(name, set()).add(int(item))
    return found


def test_a_write_between_the_two_reads_has_them_read_again_on_one_connection(
    sample_db: sqlite_utils.Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The second connection saw the file at another stamp (a write came between): what it
    read (here, a statement read as an event and a lane's links lost) is not used."""
    from app.store import columns as columns_module

    reading = columns_module._aside

    def after_a_write(
        path: str, grouping: str | None, flags: bool, keys: Future[object]
    ) -> tuple[object, ...]:
        flag_list, rows, _ = reading(path, grouping, flags, keys)
        return _flipped(flag_list), (rows or [])[1:], ("another", "another")

    monkeypatch.setattr(columns_module, "_aside", after_a_write)
    _as_the_database_says(sample_db)


def test_flags_of_another_length_are_read_again(
    sample_db: sqlite_utils.Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.store import columns as columns_module

    reading = columns_module._aside

    def one_item_more(
        path: str, grouping: str | None, flags: bool, keys: Future[object]
    ) -> tuple[object, ...]:
        flag_list, rows, stamps = reading(path, grouping, flags, keys)
        return "1" + (flag_list or ""), rows, stamps  # the other connection saw an item more

    monkeypatch.setattr(columns_module, "_aside", one_item_more)
    _as_the_database_says(sample_db)


def test_a_read_that_fails_leaves_the_second_connection_free(
    sample_db: sqlite_utils.Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The second thread waits for the keys the first hands over: when the first's read is
    stopped (a newer Filter came), the second is told, not left waiting for ever."""
    from app.store import columns as columns_module

    def stopped(*_: object) -> object:
        raise sqlite3.OperationalError("interrupted")

    with monkeypatch.context() as patched:
        patched.setattr(columns_module, "run_query", stopped)
        with pytest.raises(sqlite3.OperationalError, match="interrupted"):
            load_columns(sample_db, Filter(), "track")
    assert columns_module._ASIDE.submit(lambda: "free").result(timeout=30) == "free"
    _as_the_database_says(sample_db)
