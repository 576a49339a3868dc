"""Merging datasets: one transaction, stable ids, keys in time order, tracks inherited."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import sqlite_utils

from app.core.dates import DateSpan, parse_partial
from app.core.filter import Filter
from app.core.model import Actor, Dataset, Event, Source, Statement, Track
from app.core.paths import sample_dataset
from app.formats import native
from app.store import (
    DataError,
    StoreError,
    counts,
    index_apart,
    key_space,
    open_database,
    write_dataset,
)
from app.store import rows as rows_module
from app.store import writer as writer_module
from app.store.queries import count, page
from app.store.records import read_selection


def _event(id_: str, date: str, title: str = "Talks", **extra: object) -> Event:
    return Event(id=id_, title=title, kind="meeting", when=DateSpan(parse_partial(date)), **extra)  # type: ignore[arg-type]


def _small() -> Dataset:
    return Dataset(
        actors=[
            Actor("actor/lavrov", "Sergei Lavrov", ("Лавров",)),
            Actor("actor/mueller", "Jana Müller"),
        ],
        tracks=[Track("track/un", "UN Security Council", color="#3366aa")],
        sources=[Source("source/a", "https://example.org/a", "Readout of the call")],
        events=[
            _event(
                "event/call",
                "2025-10-20",
                "Phone call",
                actors=("actor/lavrov",),
                tracks=("track/un",),
                sources=("source/a",),
            )
        ],
        statements=[
            Statement(
                "statement/1",
                "actor/lavrov",
                parse_partial("2025-10-21"),
                "We discussed the co-operation agenda.",
                event="event/call",
                sources=("source/a",),
            )
        ],
    )


def _snapshot(db: sqlite_utils.Database) -> str:
    return native.dumps(read_selection(db)[0])


def test_a_bad_reference_rolls_everything_back(sample_db: sqlite_utils.Database) -> None:
    before = _snapshot(sample_db)
    bad = _small()
    bad.statements.append(
        Statement(
            "statement/2",
            "actor/nobody",
            parse_partial("2025-10-22"),
            "Hello",
            sources=("source/a",),
        )
    )
    with pytest.raises(DataError) as caught:
        write_dataset(sample_db, bad)
    assert "statement 'statement/2': speaker refers to actor 'actor/nobody'" in str(caught.value)
    assert _snapshot(sample_db) == before


def test_an_event_may_not_claim_the_statement_kind(empty_db: sqlite_utils.Database) -> None:
    data = _small()
    data.events.append(Event("event/x", "X", "statement", DateSpan(parse_partial("2025"))))
    with pytest.raises(DataError, match="reserved for statements"):
        write_dataset(empty_db, data)
    assert counts(empty_db).items == 0


def test_reimporting_replaces_by_id(empty_db: sqlite_utils.Database) -> None:
    first = write_dataset(empty_db, _small())
    again = write_dataset(empty_db, _small())
    assert (first.added, first.replaced) == (2, 0)
    assert (again.added, again.replaced) == (0, 2)
    assert counts(empty_db).items == 2


def test_a_merge_may_refer_to_records_already_stored(empty_db: sqlite_utils.Database) -> None:
    write_dataset(empty_db, _small())
    later = Dataset(
        statements=[
            Statement(
                "statement/9",
                "actor/lavrov",
                parse_partial("2025-11"),
                "More words.",
                event="event/call",
            )
        ]
    )
    write_dataset(empty_db, later)
    hits = page(empty_db, Filter(tracks=frozenset({"track/un"})))
    assert [h.id for h in hits] == ["event/call", "statement/1", "statement/9"]


def test_statements_are_on_their_events_tracks_but_export_only_their_own(
    empty_db: sqlite_utils.Database,
) -> None:
    write_dataset(empty_db, _small())
    on_track = {h.id for h in page(empty_db, Filter(tracks=frozenset({"track/un"})))}
    assert on_track == {"event/call", "statement/1"}
    exported = read_selection(empty_db)[0]
    assert exported.statements[0].tracks == ()


def test_moving_an_event_to_another_track_moves_its_statements(
    empty_db: sqlite_utils.Database,
) -> None:
    write_dataset(empty_db, _small())
    moved = Dataset(
        tracks=[Track("track/bilateral", "Lavrov–Rubio channel")],
        events=[_event("event/call", "2025-10-20", "Phone call", tracks=("track/bilateral",))],
    )
    write_dataset(empty_db, moved)
    assert count(empty_db, Filter(tracks=frozenset({"track/un"}))) == 0
    assert count(empty_db, Filter(tracks=frozenset({"track/bilateral"}))) == 2


def test_a_new_alias_finds_what_was_said_before(empty_db: sqlite_utils.Database) -> None:
    write_dataset(empty_db, _small())
    assert count(empty_db, Filter(text="Lavrovu")) == 0
    write_dataset(empty_db, Dataset(actors=[Actor("actor/lavrov", "Sergei Lavrov", ("Lavrovu",))]))
    assert {h.id for h in page(empty_db, Filter(text="Lavrovu"))} == {"event/call", "statement/1"}


def test_a_renamed_actor_keeps_what_it_said_and_loses_its_old_name(
    empty_db: sqlite_utils.Database,
) -> None:
    write_dataset(empty_db, _small())
    write_dataset(empty_db, Dataset(actors=[Actor("actor/lavrov", "Sergey Lavroff")]))
    said = {"event/call", "statement/1"}
    assert {h.id for h in page(empty_db, Filter(actors=frozenset({"actor/lavrov"})))} == said
    assert {h.id for h in page(empty_db, Filter(text="Lavroff"))} == said
    assert count(empty_db, Filter(text="Лавров")) == 0
    empty_db.execute("INSERT INTO items_fts (items_fts) VALUES ('integrity-check')")


def test_missing_and_empty_texts_stay_apart(empty_db: sqlite_utils.Database) -> None:
    """None and "" (and a text that reads like the integer standing for None) survive."""
    events = [
        _event("event/none", "2020", "Talks"),
        _event("event/empty", "2021", "", summary="", place=""),
        _event("event/zero", "2022", "0", summary="0", place="0"),
    ]
    statements = [Statement("statement/0", "actor/lavrov", parse_partial("2023"), "0")]
    data = Dataset(actors=_small().actors, events=events, statements=statements)
    write_dataset(empty_db, data)
    back = read_selection(empty_db)[0]
    assert back.events == events
    assert back.statements == statements
    assert empty_db.execute("SELECT count(*) FROM items WHERE place IS NULL").fetchone()[0] == 2


def test_a_reference_given_twice_counts_once_in_its_place(empty_db: sqlite_utils.Database) -> None:
    data = _small()
    data.actors.append(Actor("actor/third", "Third Person"))
    twice = ("actor/mueller", "actor/lavrov", "actor/mueller", "actor/third")
    data.events[0] = _event("event/call", "2025-10-20", "Phone call", actors=twice)
    write_dataset(empty_db, data)
    assert read_selection(empty_db)[0].events[0].actors == (
        "actor/mueller",
        "actor/lavrov",
        "actor/third",
    )


def _key_order(db: sqlite_utils.Database) -> list[str]:
    return [r[0] for r in db.execute("SELECT id FROM items ORDER BY key")]


def _time_order(db: sqlite_utils.Database) -> list[str]:
    return [r[0] for r in db.execute("SELECT id FROM items ORDER BY start, key")]


def test_keys_follow_time_order_across_imports(empty_db: sqlite_utils.Database) -> None:
    write_dataset(
        empty_db, Dataset(events=[_event(f"event/{y}", str(y)) for y in range(1990, 2030, 2)])
    )
    write_dataset(
        empty_db, Dataset(events=[_event(f"event/{y}", str(y)) for y in range(1991, 2031, 2)])
    )
    write_dataset(
        empty_db, Dataset(events=[_event("event/early", "-500"), _event("event/late", "2500")])
    )
    order = _key_order(empty_db)
    assert order == _time_order(empty_db)
    assert order[0] == "event/early"
    assert order[-1] == "event/late"
    assert order[1:4] == ["event/1990", "event/1991", "event/1992"]


def test_a_full_gap_renumbers_and_search_still_works(
    empty_db: sqlite_utils.Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(key_space, "KEY_STEP", 4)  # twenty items fill a gap
    monkeypatch.setattr(key_space, "TIE_STEP", 1)
    write_dataset(
        empty_db,
        Dataset(events=[_event(f"event/a{i}", f"2000-01-{i + 1:02d}", "alpha") for i in range(20)]),
    )
    crowd = [_event(f"event/b{i}", f"2000-01-05T{i:02d}:00", "bravo") for i in range(20)]
    write_dataset(empty_db, Dataset(events=crowd))
    assert _key_order(empty_db) == _time_order(empty_db)
    keys = [r[0] for r in empty_db.execute("SELECT key FROM items ORDER BY key")]
    assert len(set(keys)) == 40
    assert [h.id for h in page(empty_db, Filter(text="bravo"), limit=3)] == [
        "event/b0",
        "event/b1",
        "event/b2",
    ]
    assert count(empty_db, Filter(text="alpha")) == 20
    linked = empty_db.execute(
        "SELECT count(*) FROM item_tracks WHERE item NOT IN (SELECT key FROM items)"
    )
    assert linked.fetchone()[0] == 0


def test_text_is_stored_exactly(empty_db: sqlite_utils.Database) -> None:
    hostile = (
        '<script>alert(1)</script> <img src="file:///etc/passwd"> '
        "' OR 1=1; -- \u202e\u0000 🕊️ «Лавров»"
    )
    data = _small()
    data.statements[0] = Statement(
        "statement/1", "actor/lavrov", parse_partial("2025-10-21"), hostile
    )
    write_dataset(empty_db, data)
    assert read_selection(empty_db)[0].statements[0].text == hostile
    assert json.loads(native.dumps(read_selection(empty_db)[0]))["statements"][0]["text"] == hostile


def _schema(db: sqlite_utils.Database) -> list[tuple[str, str]]:
    return db.execute("SELECT type, name FROM sqlite_master ORDER BY type, name").fetchall()


def test_a_bulk_load_gives_the_same_database_as_row_by_row(
    sample_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(writer_module, "BULK_THRESHOLD", 5)
    monkeypatch.setattr(rows_module, "BATCH", 3)  # several batches and a remainder
    bulk = open_database(tmp_path / "bulk.backchannel", create=True)
    write_dataset(bulk, native.read(sample_dataset()))
    row_by_row = open_database(sample_path)
    assert native.dumps(read_selection(bulk)[0]) == native.dumps(read_selection(row_by_row)[0])
    assert _schema(bulk) == _schema(row_by_row)
    for setting in ("journal_mode", "cache_size"):  # as they were before the load
        pragma = f"PRAGMA {setting}"
        assert bulk.execute(pragma).fetchone() == row_by_row.execute(pragma).fetchone()
    for query in ("Лавров", "abstained", "Miami", "Interfax"):
        assert page(bulk, Filter(text=query)) == page(row_by_row, Filter(text=query))
    bulk.execute("INSERT INTO items_fts (items_fts) VALUES ('integrity-check')")
    # The index merges its segments as usual again after the load.
    config = dict(bulk.execute("SELECT k, v FROM items_fts_config WHERE k LIKE '%merge'"))
    assert config == {"automerge": 4, "crisismerge": 16}
    write_dataset(bulk, Dataset(events=[_event("event/later", "2026-02-01", "Geneva round")]))
    assert [h.id for h in page(bulk, Filter(text="Geneva"))] == ["event/later"]
    bulk.close()
    row_by_row.close()


def _segments(db: sqlite_utils.Database) -> int:
    return int(db.execute("SELECT count(DISTINCT segid) FROM items_fts_idx").fetchone()[0])


def _bulk_loaded(path: Path, monkeypatch: pytest.MonkeyPatch) -> sqlite_utils.Database:
    """1,500 events written as a first large import, whose index writes a segment every 8 KB
    of terms (so, some forty), in leaves of 64 bytes: many leaves each, as at a million
    items (some 4,000 leaves; an edit's segment, one)."""
    from app.store import text_index

    monkeypatch.setattr(writer_module, "BULK_THRESHOLD", 5)
    monkeypatch.setitem(text_index.FILL_SETTINGS, "hashsize", 8192)
    monkeypatch.setitem(text_index.FILL_SETTINGS, "pgsz", 64)
    db = open_database(path, create=True)
    words = ["Geneva", "ceasefire", "Istanbul", "grain", "prisoners", "Vatican", "Riyadh"]
    events = [
        _event(f"event/{i}", f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}",
               f"{words[i % 7]} round {i} on {words[(i * 3) % 7]} and {i * 7919}")
        for i in range(1500)
    ]  # fmt: skip
    write_dataset(db, Dataset(events=events), path)
    return db


def _the_next_edit_merges_nothing_large(db: sqlite_utils.Database, path: Path) -> None:
    before = _segments(db)
    write_dataset(db, Dataset(events=[_event("event/later", "2026-02-01", "Geneva again")]), path)
    assert _segments(db) == before + 1  # the new item's, beside the import's
    assert count(db, Filter(text="Geneva")) == 1 + len(range(0, 1500, 7))
    assert count(db, Filter(text=str(1499 * 7919))) == 1
    db.execute("INSERT INTO items_fts (items_fts) VALUES ('integrity-check')")


def test_a_bulk_load_lifts_its_index_segments_so_the_next_edit_merges_nothing_large(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A large import fills its index in many segments; left on their level, the first small
    write after it merged them all within itself (12.8-21.5 s at a million items). They are
    lifted above the levels the edits' segments are merged on (see segment_levels), a few a
    level, and not merged."""
    from app.store import segment_levels

    path = tmp_path / "bulk.backchannel"
    db = _bulk_loaded(path, monkeypatch)
    lifted = segment_levels.levels(db.conn)
    assert lifted is not None
    assert not any(lifted[: segment_levels.LIFTED_LEVEL])
    above = lifted[segment_levels.LIFTED_LEVEL :]
    assert sum(map(len, above)) == _segments(db) > 2 * segment_levels.PER_LEVEL
    assert all(0 < len(level) <= segment_levels.PER_LEVEL for level in above)
    _the_next_edit_merges_nothing_large(db, path)
    db.close()


def test_a_bulk_load_hands_its_entries_over_in_small_files_each_gone_once_indexed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, entries_maker: bool
) -> None:
    """One file of all the entries took fresh memory of the system to the end of the load
    (half a gigabyte at a million items); each chunk's file is removed once indexed, and none
    is left when the index is copied in. Any folder's name will do."""
    monkeypatch.setattr(index_apart, "CHUNK", 100)  # 1,500 entries: 15 chunks
    indexed: list[tuple[str, bool]] = []  # each chunk's file, and whether it is there after
    index_chunk = index_apart.ApartIndex._index_chunk

    def watched(apart: index_apart.ApartIndex, scratch: Any, index: str, chunk: Path) -> None:
        index_chunk(apart, scratch, index, chunk)
        indexed.append((chunk.name, chunk.exists()))

    left_at_copy: list[int] = []
    take_in = index_apart.ApartIndex.take_in

    def watched_copy(apart: index_apart.ApartIndex, db: sqlite_utils.Database) -> None:
        apart._built.result()
        left_at_copy.append(len(list(apart.path.parent.glob("*.entries-*"))))
        take_in(apart, db)

    monkeypatch.setattr(index_apart.ApartIndex, "_index_chunk", watched)
    monkeypatch.setattr(index_apart.ApartIndex, "take_in", watched_copy)
    folder = tmp_path / "Ω a b#c?d%20e"
    folder.mkdir()
    db = _bulk_loaded(folder / "bulk.backchannel", monkeypatch)
    assert len({name for name, _ in indexed}) == len(indexed) == 15
    assert not any(there for _, there in indexed)
    assert left_at_copy == [0]
    assert count(db, Filter(text="Geneva")) == len(range(0, 1500, 7))
    assert count(db, Filter(text=str(1499 * 7919))) == 1
    db.execute("INSERT INTO items_fts (items_fts) VALUES ('integrity-check')")
    assert not [left.name for left in folder.iterdir() if ".index-" in left.name]
    db.close()


def test_a_bulk_load_whose_segments_cannot_all_be_lifted_merges_them_into_one_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.store import segment_levels

    monkeypatch.setattr(segment_levels, "MAX_LEVELS", segment_levels.LIFTED_LEVEL + 1)
    path = tmp_path / "bulk.backchannel"
    db = _bulk_loaded(path, monkeypatch)
    assert _segments(db) == 1
    lifted = segment_levels.levels(db.conn)
    assert lifted is not None
    assert [len(level) for level in lifted] == [0] * segment_levels.LIFTED_LEVEL + [1]
    _the_next_edit_merges_nothing_large(db, path)
    db.close()


@pytest.fixture
def empty_target(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, snapshot: Callable[[Path], Any]
) -> tuple[Path, Any]:
    """A new empty database, which any dataset is bulk-loaded into, and its snapshot."""
    monkeypatch.setattr(writer_module, "BULK_THRESHOLD", 5)
    path = tmp_path / "empty.backchannel"
    open_database(path, create=True).close()
    return path, snapshot(path)


def test_a_fault_during_a_bulk_load_leaves_the_empty_file_as_it_was(
    empty_target: tuple[Path, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    path, before = empty_target

    def disk_full(*args: object) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(writer_module, "insert_item_links", disk_full)  # after the items went in
    db = open_database(path)
    with pytest.raises(StoreError, match="the disk is full"):
        write_dataset(db, native.read(sample_dataset()), path)
    assert counts(db).items == 0
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    db.close()
    # The load ran with a rollback journal: switching to it and back moved the header's
    # change counters; every other byte is as it was.
    assert before.changed_offsets()
    before.assert_unchanged(counters=True)


def test_a_first_load_writes_each_page_once_when_it_has_the_file_to_itself(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(writer_module, "BULK_THRESHOLD", 5)
    path = tmp_path / "alone.backchannel"
    db = open_database(path, create=True)
    write_dataset(db, native.read(sample_dataset()), path)
    # No copy of the data waits in a write-ahead log for a checkpoint.
    wal = path.with_name(path.name + "-wal")
    assert not wal.exists() or wal.stat().st_size < 64 * 1024 < path.stat().st_size
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL, as open_database sets
    db.close()


def test_a_first_load_beside_an_open_window_keeps_wal_and_readers_see_the_old_state(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(writer_module, "BULK_THRESHOLD", 5)
    path = tmp_path / "shared.backchannel"
    open_database(path, create=True).close()
    window = open_database(path)
    assert counts(window).items == 0
    seen: list[int] = []
    original = writer_module.insert_item_links

    def while_writing(*args: Any) -> None:
        original(*args)
        seen.append(counts(window).items)  # a reader is not kept waiting by the write

    monkeypatch.setattr(writer_module, "insert_item_links", while_writing)
    importer = open_database(path)
    # SQLite refuses the switch of journal mode at once: were it to wait for the window's
    # connection, it would wait the whole minute (a sample write takes well under a second).
    importer.execute("PRAGMA busy_timeout = 60000")
    started = time.perf_counter()
    write_dataset(importer, native.read(sample_dataset()), path)
    assert time.perf_counter() - started < 30
    assert seen == [0]
    assert importer.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert counts(window).items == counts(importer).items > 0
    importer.close()
    window.close()


_CRASH_MID_LOAD = """
import os, sys
from pathlib import Path
from app.formats import native
from app.store import bulk, open_database, write_dataset, writer
writer.BULK_THRESHOLD = 5
bulk.BULK_CACHE_KIB = 64  # a small page cache spills written pages into the file early
writer.insert_item_links = lambda *args: os._exit(3)  # the process dies after the items went in
db = open_database(Path(sys.argv[1]))
write_dataset(db, native.read(Path(sys.argv[2])), sys.argv[1])
"""


def test_a_first_load_killed_midway_leaves_an_empty_healthy_file(
    tmp_path: Path, snapshot: Callable[[Path], Any]
) -> None:
    path = tmp_path / "killed.backchannel"
    open_database(path, create=True).close()
    before = snapshot(path)
    data = tmp_path / "many.json"
    events = [
        _event(f"event/{i}", f"2020-01-{1 + i % 28:02d}", f"Round {i} " * 20) for i in range(3000)
    ]
    data.write_text(native.dumps(Dataset(events=events)), encoding="utf-8")
    died = subprocess.run(
        [sys.executable, "-c", _CRASH_MID_LOAD, str(path), str(data)],
        capture_output=True, text=True, check=False, timeout=120,
    )  # fmt: skip
    assert died.returncode == 3, died.stderr
    journal = path.with_name(path.name + "-journal")
    assert journal.exists()
    assert before.changed_offsets()  # half a load is in the file
    db = open_database(path)  # SQLite rolls the journal back on the first read
    assert counts(db).items == 0
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    write_dataset(db, native.read(data), path)  # and the file takes the load afresh
    assert counts(db).items == 3000
    db.close()
    assert not journal.exists()
    assert _scratch_files(tmp_path) == []  # the killed load's, removed by the next


def test_duplicate_item_ids_are_refused(empty_db: sqlite_utils.Database) -> None:
    data = Dataset(events=[_event("event/a", "2025"), _event("event/a", "2024")])
    with pytest.raises(DataError, match="'event/a' is used by 2"):
        write_dataset(empty_db, data)


@pytest.fixture(params=[True, False], ids=["entries-by-a-child", "entries-on-this-thread"])
def entries_maker(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> bool:
    """A large load's index entries made by a forked child (Linux), or by the import's own
    thread (elsewhere); True for the child."""
    by_child = bool(request.param)
    if by_child and not index_apart.forked.AVAILABLE:
        pytest.skip("a child process is forked on Linux only")
    monkeypatch.setattr(index_apart, "FORKED", by_child)
    return by_child


def _scratch_files(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if ".index-" in p.name)


def test_a_first_load_builds_its_index_on_a_second_thread_and_leaves_no_scratch_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(writer_module, "BULK_THRESHOLD", 5)
    threads: list[str] = []
    indexing = index_apart.ApartIndex._build

    def watched(self: index_apart.ApartIndex, scratch: sqlite3.Connection) -> object:
        threads.append(threading.current_thread().name)
        assert self.path.parent == tmp_path
        assert self.path.exists()
        return indexing(self, scratch)

    monkeypatch.setattr(index_apart.ApartIndex, "_build", watched)
    db = open_database(tmp_path / "first.backchannel", create=True)
    write_dataset(db, native.read(sample_dataset()), tmp_path / "first.backchannel")
    assert len(threads) == 1
    assert threads[0] != threading.current_thread().name
    assert _scratch_files(tmp_path) == []
    assert [h.id for h in page(db, Filter(text="Лавров"))]  # the copied index answers
    db.close()


def test_a_fault_while_the_index_is_built_apart_leaves_the_empty_file_as_it_was(
    empty_target: tuple[Path, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    path, before = empty_target

    def disk_full(*args: object) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(index_apart, "spelling_rows", disk_full)  # on the building thread
    db = open_database(path)
    with pytest.raises(StoreError, match="the disk is full"):
        write_dataset(db, native.read(sample_dataset()), path)
    assert counts(db).items == 0
    assert _scratch_files(path.parent) == []
    db.close()
    before.assert_unchanged(counters=True)


def test_the_index_built_apart_takes_its_entries_a_chunk_at_a_time_and_finds_them_all(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    entries_maker: bool,
    entry_makers: Callable[[], set[int]],
) -> None:
    monkeypatch.setattr(index_apart, "CHUNK", 7)  # the sample's 46 items in seven chunks
    apart, alone = tmp_path / "apart.backchannel", tmp_path / "alone.backchannel"
    for path, threshold in ((apart, 5), (alone, 10**6)):  # a large import, and a small one
        monkeypatch.setattr(writer_module, "BULK_THRESHOLD", threshold)
        db = open_database(path, create=True)
        write_dataset(db, native.read(sample_dataset()), path)
        db.close()
    assert _scratch_files(tmp_path) == []
    found = []
    for path in (apart, alone):
        db = open_database(path)
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        # The longest word of every item's title or words: each item found by its own.
        texts = db.execute("SELECT coalesce(title, '') || ' ' || coalesce(body, '') FROM items")
        words = sorted({max(text.split(), key=len).strip(".,;:“”\"'()") for (text,) in texts})
        found.append({word: [h.id for h in page(db, Filter(text=word))] for word in words})
        db.close()
    assert found[0] == found[1]
    assert len(found[0]) > 30
    assert all(found[0].values())
    made_by = entry_makers()
    assert len(made_by) == 1
    assert (made_by != {os.getpid()}) is entries_maker


def test_a_fault_while_the_entries_are_handed_over_leaves_the_empty_file_as_it_was(
    empty_target: tuple[Path, Any], monkeypatch: pytest.MonkeyPatch, entries_maker: bool
) -> None:
    monkeypatch.setattr(index_apart, "CHUNK", 5)
    path, before = empty_target
    entries = writer_module._text_entries

    def then_full(*args: Any) -> Any:
        for number, entry in enumerate(entries(*args)):
            if number == 17:  # three chunks handed over, the fourth half made
                raise sqlite3.OperationalError("database or disk is full")
            yield entry

    monkeypatch.setattr(writer_module, "_text_entries", then_full)
    db = open_database(path)
    with pytest.raises(StoreError, match="the disk is full"):
        write_dataset(db, native.read(sample_dataset()), path)
    assert counts(db).items == 0
    assert _scratch_files(path.parent) == []
    db.close()
    before.assert_unchanged(counters=True)


def test_a_stop_asked_while_the_index_is_built_apart_stops_the_load(
    empty_target: tuple[Path, Any], monkeypatch: pytest.MonkeyPatch, entries_maker: bool
) -> None:
    monkeypatch.setattr(index_apart, "STOP_EVERY", 10)
    path, before = empty_target
    asked: list[str] = []

    def on_the_building_thread() -> bool:
        asked.append(threading.current_thread().name)
        return threading.current_thread() is not threading.main_thread()

    db = open_database(path)
    with pytest.raises(sqlite3.OperationalError, match="interrupted"):
        write_dataset(db, native.read(sample_dataset()), path, on_the_building_thread)
    assert any(name.startswith("index-apart") for name in asked)
    assert counts(db).items == 0
    assert _scratch_files(path.parent) == []
    db.close()
    before.assert_unchanged(counters=True)


def test_with_no_room_for_a_child_process_the_import_makes_the_entries_itself(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not index_apart.FORKED:
        pytest.skip("a child process is forked on Linux only")
    monkeypatch.setattr(writer_module, "BULK_THRESHOLD", 5)

    def refused() -> int:
        raise OSError(12, "Cannot allocate memory")

    monkeypatch.setattr(os, "fork", refused)
    open_before = len(os.listdir("/proc/self/fd"))
    path = tmp_path / "first.backchannel"
    db = open_database(path, create=True)
    write_dataset(db, native.read(sample_dataset()), path)
    assert counts(db).items == 46
    assert [h.id for h in page(db, Filter(text="Лавров"))]
    db.close()
    assert len(os.listdir("/proc/self/fd")) == open_before  # the pipe was closed
    assert _scratch_files(tmp_path) == []


def test_a_child_process_killed_while_making_the_entries_leaves_the_empty_file_as_it_was(
    empty_target: tuple[Path, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """As the system's out-of-memory killer would: the message says what stopped, not a
    traceback, and nothing is written."""
    if not index_apart.FORKED:
        pytest.skip("a child process is forked on Linux only")
    monkeypatch.setattr(index_apart, "CHUNK", 5)
    path, before = empty_target
    entries = writer_module._text_entries
    parent = os.getpid()

    def then_killed(*args: Any) -> Any:
        for number, entry in enumerate(entries(*args)):
            if number == 17 and os.getpid() != parent:
                os.kill(os.getpid(), signal.SIGKILL)
            yield entry

    monkeypatch.setattr(writer_module, "_text_entries", then_killed)
    db = open_database(path)
    with pytest.raises(StoreError, match=r"ended before it was done.*Nothing was written"):
        write_dataset(db, native.read(sample_dataset()), path)
    assert counts(db).items == 0
    assert _scratch_files(path.parent) == []
    db.close()
    before.assert_unchanged(counters=True)
