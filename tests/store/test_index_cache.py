"""The item index kept between sessions: used only for the database as it was when kept, read
back exactly, and never trusted when damaged, stale or of another file."""

from __future__ import annotations

import errno
import os
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
import sqlite_utils

from app.core.dates import parse_span
from app.core.filter import Filter
from app.core.model import Actor, Dataset, Event, Track
from app.store import index_cache, open_database, write_dataset
from app.store.changes import make_change, read_state, undo
from app.store.columns import GROUPINGS
from app.store.index_cache import IndexCache, stamp
from app.store.item_index import ItemIndex, text_keys
from tests.store.test_item_index import _same


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> IndexCache:
    monkeypatch.setattr(index_cache, "MIN_ITEMS", 1)  # the sample is kept too
    return IndexCache(tmp_path / "cache")


def _kept(db: sqlite_utils.Database, cache: IndexCache) -> ItemIndex:
    at = stamp(db)
    assert at is not None
    index = ItemIndex.load(db)
    cache.keep(Path(db.execute("PRAGMA database_list").fetchone()[2]), index, at)
    return index


def _copies(cache: IndexCache) -> list[Path]:
    return sorted(cache.directory.glob("*")) if cache.directory.exists() else []


FILTERS = [
    Filter(),
    Filter(kinds=frozenset({"statement"})),
    Filter(tags=frozenset({"brief"})),
    Filter(start=1_750_000_000, end=1_765_000_000),
    Filter(text="Peskov"),
]


def test_a_kept_index_reads_back_as_the_database_gives_it(
    sample_db: sqlite_utils.Database, cache: IndexCache
) -> None:
    first = _item(sample_db)
    make_change(sample_db, "Tag", {("item", first.id): replace(first, tags=("brief", "Срочно"))})
    built = _kept(sample_db, cache)

    read = cache.read(sample_db)

    assert read is not None
    assert len(read) == len(built) == 46
    assert read.tagged.keys() == built.tagged.keys() == {"brief", "срочно"}
    for f in FILTERS:
        keys = text_keys(sample_db, f) if f.needs_database else None
        for grouping in GROUPINGS:
            _same(read.select(f, grouping, keys), built.select(f, grouping, keys))
            assert read.select(f, grouping, keys).lanes == built.select(f, grouping, keys).lanes
        for facet in ("actors", "tracks", "kinds", "tags"):
            assert read.facet_counts(f, facet, keys) == built.facet_counts(f, facet, keys)


def _item(db: sqlite_utils.Database) -> Event:
    id_ = db.execute("SELECT id FROM items WHERE kind != 'statement' ORDER BY key").fetchone()[0]
    record = read_state(db, [("item", id_)]).record("item", id_)
    assert isinstance(record, Event)
    return record


def test_a_change_to_what_the_timeline_lays_out_makes_the_kept_index_stale(
    sample_db: sqlite_utils.Database, cache: IndexCache
) -> None:
    event = _item(sample_db)
    track = Track("track/new", "A new channel")
    changes = [
        {("item", event.id): replace(event, when=parse_span("2031-02-03"))},
        {("track", track.id): track, ("item", event.id): replace(event, tracks=(track.id,))},
        {("item", event.id): replace(event, tags=("brief",))},
        {("actor", "actor/new"): Actor("actor/new", "Ivan Petrov")},
        {("item", event.id): None},
    ]
    for after in changes:
        _kept(sample_db, cache)
        assert cache.read(sample_db) is not None
        change = make_change(sample_db, "Change", after)
        assert cache.read(sample_db) is None, after
        _kept(sample_db, cache)
        undo(sample_db, change)  # back as it was, but not to the stamp it had
        assert cache.read(sample_db) is None, after


def test_an_import_sets_a_new_stamp_small_or_bulk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.store import writer

    for bulk in (False, True):
        monkeypatch.setattr(writer, "BULK_THRESHOLD", 0 if bulk else 10**9)
        db = open_database(tmp_path / f"{bulk}.backchannel", create=True)
        before = stamp(db)
        write_dataset(db, _rounds(3), tmp_path / f"{bulk}.backchannel")
        assert before is not None
        assert stamp(db) not in (None, before)
        # The triggers the bulk load dropped are back: a later change moves the stamp.
        after = stamp(db)
        db.execute("UPDATE items SET start = start + 1 WHERE id = 'event/0'")
        assert stamp(db) != after
        db.close()


def test_an_older_database_is_given_a_stamp_and_its_triggers(version_8_path: Path) -> None:
    db = open_database(version_8_path)
    at = stamp(db)
    assert at is not None
    db.execute("UPDATE tracks SET name = name || ' (renamed)'")
    assert stamp(db) not in (None, at)


def test_another_database_at_the_same_path_is_not_given_the_kept_index(
    sample_path: Path, cache: IndexCache
) -> None:
    db = open_database(sample_path)
    _kept(db, cache)
    db.close()
    sample_path.unlink()
    other = open_database(sample_path, create=True)
    write_dataset(other, _rounds(3), sample_path)
    assert cache.read(other) is None
    other.close()


def _rounds(n: int) -> Dataset:
    return Dataset(
        events=[
            Event(f"event/{i}", f"Round {i}", "meeting", parse_span("2024-05")) for i in range(n)
        ]
    )


def test_a_copy_of_the_database_elsewhere_is_not_given_the_kept_index(
    tmp_path: Path, sample_path: Path, cache: IndexCache
) -> None:
    db = open_database(sample_path)
    _kept(db, cache)
    db.close()
    moved = tmp_path / "moved.backchannel"
    os.replace(sample_path, moved)
    db = open_database(moved)
    assert cache.read(db) is None
    db.close()


@pytest.mark.parametrize(
    "damage", ["truncated", "garbage", "empty", "pickled", "lane out of range"]
)
def test_a_damaged_copy_is_passed_over_and_removed(
    sample_db: sqlite_utils.Database, cache: IndexCache, damage: str
) -> None:
    _kept(sample_db, cache)
    [copy] = _copies(cache)
    raw = copy.read_bytes()
    if damage == "truncated":
        copy.write_bytes(raw[: len(raw) * 2 // 3])
    elif damage == "garbage":
        copy.write_bytes(raw[:200] + os.urandom(len(raw) - 200))
    elif damage == "empty":
        copy.write_bytes(b"")
    elif damage == "pickled":
        with copy.open("wb") as stream:
            np.save(stream, np.array([{"a": 1}], dtype=object), allow_pickle=True)
    else:  # a well-formed file whose track lanes point past the lanes it lists
        index = ItemIndex.load(sample_db)
        bad = replace(index.everything, member_lane=index.everything.member_lane + 1000)
        at = stamp(sample_db)
        assert at is not None
        cache.keep(Path(sample_db.execute("PRAGMA database_list").fetchone()[2]),
                   replace(index, everything=bad), at)  # fmt: skip

    assert cache.read(sample_db) is None
    assert _copies(cache) == []


def test_a_full_disk_leaves_no_copy_and_no_part_of_one(
    sample_db: sqlite_utils.Database, cache: IndexCache, monkeypatch: pytest.MonkeyPatch
) -> None:
    saved = np.save
    calls = []

    def save_until_full(*args: object, **kwargs: object) -> None:
        calls.append(1)
        if len(calls) > 3:
            raise OSError(errno.ENOSPC, "No space left on device")
        saved(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(np, "save", save_until_full)
    _kept(sample_db, cache)
    assert _copies(cache) == []
    assert cache.read(sample_db) is None


def test_a_folder_that_cannot_be_written_keeps_nothing(
    sample_db: sqlite_utils.Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(index_cache, "MIN_ITEMS", 1)
    blocked = tmp_path / "a file, not a folder"
    blocked.write_text("")
    cache = IndexCache(blocked / "cache")
    _kept(sample_db, cache)  # no error
    assert cache.read(sample_db) is None


def test_small_databases_are_not_kept(sample_db: sqlite_utils.Database, tmp_path: Path) -> None:
    cache = IndexCache(tmp_path / "cache")
    assert len(ItemIndex.load(sample_db)) < index_cache.MIN_ITEMS
    _kept(sample_db, cache)
    assert _copies(cache) == []


def test_only_the_last_used_copies_are_kept(
    tmp_path: Path, sample_path: Path, cache: IndexCache
) -> None:
    paths = [tmp_path / f"copy{i}.backchannel" for i in range(index_cache.KEPT + 1)]
    for i, path in enumerate(paths):
        path.write_bytes(sample_path.read_bytes())
        if i == len(paths) - 1:  # the first is used again before the last is kept
            with open_database(paths[0]) as db:
                assert cache.read(db) is not None
        with open_database(path) as db:
            _kept(db, cache)
        for copy in _copies(cache):  # apart in time, in the order last used
            if copy.stat().st_mtime_ns > 10**18:
                at = (1000 + i) * 10**9
                os.utime(copy, ns=(at, at))
    assert len(_copies(cache)) == index_cache.KEPT
    for i, path in enumerate(paths):
        with open_database(path) as db:
            assert (cache.read(db) is None) == (i == 1), i


STAMPED_SQL = [
    "UPDATE items SET start = start + 1 WHERE rowid = (SELECT min(key) FROM items)",
    'UPDATE items SET "end" = "end" + 1 WHERE rowid = (SELECT min(key) FROM items)',
    "UPDATE items SET kind = 'call' WHERE rowid = (SELECT min(key) FROM items)",
    "DELETE FROM item_tracks WHERE (item, track) IN (SELECT item, track FROM item_tracks LIMIT 1)",
    "INSERT INTO item_tracks (item, track, pos) SELECT i.key, t.key, 99 FROM items AS i, tracks "
    "AS t WHERE NOT EXISTS (SELECT 1 FROM item_tracks WHERE item = i.key AND track = t.key) "
    "LIMIT 1",
    "UPDATE item_tracks SET pos = pos + 1",
    "DELETE FROM item_actors WHERE (item, actor) IN (SELECT item, actor FROM item_actors LIMIT 1)",
    "INSERT INTO item_tags (item, tag, folded, pos) SELECT min(key), 'x', 'x', 0 FROM items",
    "UPDATE tracks SET color = '#123456'",
    "UPDATE actors SET affiliation = 'Elsewhere'",
    "INSERT INTO actors (id, name, kind) VALUES ('actor/x', 'X', 'person')",
]


@pytest.mark.parametrize("sql", STAMPED_SQL)
def test_every_change_the_timeline_shows_moves_the_stamp_whoever_writes_it(
    sample_db: sqlite_utils.Database, sql: str
) -> None:
    before = stamp(sample_db)
    assert sample_db.execute(sql).rowcount > 0
    assert stamp(sample_db) not in (None, before)


def test_a_change_to_words_alone_keeps_the_stamp(sample_db: sqlite_utils.Database) -> None:
    before = stamp(sample_db)
    sample_db.execute("UPDATE items SET title = 'New words', body = 'more', note = 'mine'")
    sample_db.execute("UPDATE sources SET title = 'Another title'")
    assert stamp(sample_db) == before
