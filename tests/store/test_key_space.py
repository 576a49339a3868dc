"""Items' keys: in time order, laid out a step apart, and placed again only near a full gap.

The layout sets the size of the full-text index (each item of a word's list is stored as the
difference from the one before), and a full gap used to renumber, and index afresh, every
item: more than a minute at a million items."""

from __future__ import annotations

import datetime
import itertools
import random
from pathlib import Path

import pytest
import sqlite_utils

from app.core.dates import DateSpan, parse_partial
from app.core.model import Actor, Dataset, Event, Statement
from app.store import key_space, open_database, write_dataset
from app.store.changes import make_change, undo
from app.store.queries import Filter, count, page
from tests.store.test_changes import assert_index_matches_items


def _keys(db: sqlite_utils.Database) -> dict[str, int]:
    return dict(db.execute("SELECT id, key FROM items").fetchall())


def _in_time_order(db: sqlite_utils.Database) -> None:
    """Keys follow start times, and every link and tag belongs to an item."""
    starts = [r[0] for r in db.execute("SELECT start FROM items ORDER BY key")]
    assert starts == sorted(starts)
    assert max(_keys(db).values()) < key_space.KEY_SPACE
    for table in ("item_actors", "item_tracks", "item_sources", "item_tags"):
        orphans = f"SELECT count(*) FROM {table} WHERE item NOT IN (SELECT key FROM items)"
        assert db.execute(orphans).fetchone()[0] == 0, table


def _days(n: int, first: str = "2025-01-01") -> list[Event]:
    day = datetime.date.fromisoformat(first)
    return [
        Event(f"event/{i}", f"Talks {i}", "meeting",
              DateSpan(parse_partial((day + datetime.timedelta(days=i)).isoformat())))
        for i in range(n)
    ]  # fmt: skip


def _said(n: int, when: datetime.date, text: str = "Said") -> Statement:
    return Statement(f"statement/{n}", "actor/p", parse_partial(when.isoformat()), f"{text} {n}")


def _no_renumbering(db: sqlite_utils.Database) -> dict[int, int]:
    raise AssertionError("a gap filled")


def test_a_load_into_an_empty_database_lays_keys_a_step_apart(
    empty_db: sqlite_utils.Database,
) -> None:
    """A step of 2^20 keeps the differences the index stores to three bytes (2^42, the
    step of a million items spread over the whole key space, took seven)."""
    write_dataset(empty_db, Dataset(events=_days(500)))
    keys = sorted(_keys(empty_db).values())
    assert keys[0] == key_space.FIRST_KEY
    assert {b - a for a, b in itertools.pairwise(keys)} == {key_space.KEY_STEP}


def test_the_first_item_added_by_hand_takes_the_first_key_and_the_next_a_step_on(
    empty_db: sqlite_utils.Database,
) -> None:
    write_dataset(empty_db, Dataset(actors=[Actor("actor/p", "Peskov")]))
    for n, day in enumerate((datetime.date(2025, 1, 2), datetime.date(2025, 1, 3))):
        said = _said(n, day)
        make_change(empty_db, "create", {("item", said.id): said})
    assert _keys(empty_db) == {
        "statement/0": key_space.FIRST_KEY,
        "statement/1": key_space.FIRST_KEY + key_space.KEY_STEP,
    }


@pytest.mark.parametrize("direction", [1, -1], ids=["newer", "older"])
def test_items_added_one_by_one_after_the_last_or_before_the_first_never_fill_a_gap(
    empty_db: sqlite_utils.Database, monkeypatch: pytest.MonkeyPatch, direction: int
) -> None:
    """Each new latest item (the day's news, added as it comes) took half of the keys left
    after the last one: at a million items the 43rd filled the gap and every item was
    renumbered and indexed afresh. Earlier history, added going back, likewise."""
    write_dataset(empty_db, Dataset(actors=[Actor("actor/p", "Peskov")], events=_days(1000)))
    stored = _keys(empty_db)
    monkeypatch.setattr(key_space, "renumber", _no_renumbering)
    edge = datetime.date(2027, 12, 31) if direction == 1 else datetime.date(2024, 12, 31)
    for n in range(300):
        said = _said(n, edge + datetime.timedelta(days=direction * n))
        make_change(empty_db, "create", {("item", said.id): said})
    assert {k: v for k, v in _keys(empty_db).items() if k.startswith("event/")} == stored
    _in_time_order(empty_db)
    assert count(empty_db, Filter(text="Said")) == 300
    assert_index_matches_items(empty_db)


def _crowded(monkeypatch: pytest.MonkeyPatch) -> None:
    """Gaps of four keys: a few items between two fill one."""
    monkeypatch.setattr(key_space, "KEY_STEP", 4)
    monkeypatch.setattr(key_space, "TIE_STEP", 1)


def test_an_import_into_a_full_gap_moves_only_the_items_near_it(
    empty_db: sqlite_utils.Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    _crowded(monkeypatch)
    write_dataset(empty_db, Dataset(actors=[Actor("actor/p", "Peskov")], events=_days(1000)))
    stored = _keys(empty_db)
    noon = datetime.datetime(2025, 6, 1, 12)
    crowd = [
        Statement(f"statement/{i}", "actor/p",
                  parse_partial((noon + datetime.timedelta(minutes=i)).isoformat()),
                  f"crowd {i}", tracks=())
        for i in range(40)
    ]  # fmt: skip
    write_dataset(empty_db, Dataset(statements=crowd))
    after = _keys(empty_db)
    moved = [i for i, key in stored.items() if after[i] != key]
    assert 0 < len(moved) < 100  # of a thousand
    _in_time_order(empty_db)
    assert [h.id for h in page(empty_db, Filter(text="crowd"), limit=3)] == [
        "statement/0", "statement/1", "statement/2"
    ]  # fmt: skip
    assert count(empty_db, Filter(text="Talks")) == 1000
    assert_index_matches_items(empty_db)


def test_an_edit_into_a_full_gap_places_it_and_undoes(
    empty_db: sqlite_utils.Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    _crowded(monkeypatch)
    write_dataset(empty_db, Dataset(actors=[Actor("actor/p", "Peskov")], events=_days(50)))
    changes = []
    for n in range(12):  # each between 1 January and the one before it
        said = _said(n, datetime.date(2025, 1, 1))
        hour = parse_partial(f"2025-01-01T{23 - n:02d}:00")
        said = Statement(said.id, said.speaker, hour, said.text)
        changes.append(make_change(empty_db, "create", {("item", said.id): said}))
    _in_time_order(empty_db)
    assert [h.id for h in page(empty_db, Filter(text="Said"), limit=2)] == [
        "statement/11", "statement/10"
    ]  # fmt: skip
    assert_index_matches_items(empty_db)
    for change in reversed(changes):
        undo(empty_db, change)
    assert count(empty_db, Filter(text="Said")) == 0
    _in_time_order(empty_db)
    assert_index_matches_items(empty_db)


def test_random_additions_into_small_gaps_keep_time_order_and_the_index(
    empty_db: sqlite_utils.Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Items added at random moments, singly and in batches, some at the moment of others,
    in gaps that fill after a few: wherever the gaps fill, keys stay in time order and
    every entry of the index matches its item."""
    _crowded(monkeypatch)
    draw = random.Random(20261205)
    write_dataset(empty_db, Dataset(actors=[Actor("actor/p", "Peskov")], events=_days(200)))
    start = datetime.datetime(2024, 12, 25)
    n = 0
    for _ in range(40):
        batch = []
        for _ in range(draw.choice([1, 1, 3, 9])):
            when = start + datetime.timedelta(hours=draw.randrange(24 * 220) // 6 * 6)
            batch.append(
                Statement(f"statement/{n}", "actor/p", parse_partial(when.isoformat()),
                          f"word{n % 7} said {n}")
            )  # fmt: skip
            n += 1
        if len(batch) == 1:
            make_change(empty_db, "create", {("item", batch[0].id): batch[0]})
        else:
            write_dataset(empty_db, Dataset(statements=batch))
    _in_time_order(empty_db)
    assert count(empty_db, Filter(text="said")) == n
    assert count(empty_db, Filter(text="word3")) == len(range(3, n, 7))
    assert_index_matches_items(empty_db)


def _everything_refused(*args: object) -> None:
    raise AssertionError("every key was read")


def test_an_edit_into_a_full_gap_reads_only_the_keys_near_it(
    empty_db: sqlite_utils.Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Reading every key took half a second at a million items, inside the edit that found
    its gap full; the neighbours are enough, read more widely only while they are not."""
    _crowded(monkeypatch)
    monkeypatch.setattr(key_space, "NEAR", 2)  # too few at first: read four times as many
    write_dataset(empty_db, Dataset(actors=[Actor("actor/p", "Peskov")], events=_days(2000)))
    monkeypatch.setattr(key_space, "_everything", _everything_refused)
    for n in range(12):  # each between 1 July and the one before it
        hour = parse_partial(f"2025-07-01T{23 - n:02d}:00")
        said = Statement(f"statement/{n}", "actor/p", hour, f"Said {n}")
        make_change(empty_db, "create", {("item", said.id): said})
    _in_time_order(empty_db)
    assert [h.id for h in page(empty_db, Filter(text="Said"), limit=2)] == [
        "statement/11", "statement/10"
    ]  # fmt: skip
    assert_index_matches_items(empty_db)


def _crowd_at_random(path: Path, seed: int) -> dict[str, int]:
    db = open_database(path, create=True)
    try:
        return _crowd_in(db, random.Random(seed))
    finally:
        db.close()


def _crowd_in(db: sqlite_utils.Database, draw: random.Random) -> dict[str, int]:
    """Clusters of items at random days among 300 a step of four apart (some at the moment
    of a stored one, some before the first or after the last), most too many for their gap,
    placed by one renumbering; the keys of all."""
    write_dataset(db, Dataset(actors=[Actor("actor/p", "Peskov")], events=_days(300)))
    first = datetime.datetime(2024, 12, 29)
    crowd = []
    for _ in range(draw.randint(1, 4)):
        day = first + datetime.timedelta(days=draw.randrange(305))
        for _ in range(draw.randint(1, 8)):
            when = day + datetime.timedelta(hours=draw.choice([0, 0, 6, 12, 18]))
            crowd.append(
                Statement(f"statement/{len(crowd)}", "actor/p", parse_partial(when.isoformat()),
                          f"crowd {len(crowd)}")
            )  # fmt: skip
    write_dataset(db, Dataset(statements=crowd))
    _in_time_order(db)
    return _keys(db)


@pytest.mark.parametrize("seed", range(20))
def test_reading_only_near_places_every_item_as_reading_every_key_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seed: int
) -> None:
    """Stretches read around each item, from one neighbour a side up, overlapping or not,
    give the keys that the whole timeline read at once gives."""
    _crowded(monkeypatch)
    monkeypatch.setattr(key_space, "NEAR", 1)
    near = _crowd_at_random(tmp_path / "near.backchannel", seed)
    monkeypatch.setattr(key_space, "NEAR_MOST", 0)
    every = _crowd_at_random(tmp_path / "every.backchannel", seed)
    assert near == every
