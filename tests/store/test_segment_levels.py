"""The full-text index of a large import is lifted above the levels the edits after it merge,
so no edit merges (rewrites) it: at a million items one edit in about a hundred took 19 s, and
the first edit after an import left in many segments 12.8-21.5 s."""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path

import pytest

from app.store import segment_levels
from app.store.segment_levels import LIFTED_LEVEL, PER_LEVEL, decode, encode, levels, lift

WORDS = [f"w{i}" for i in range(400)]


def _index(path: Path, rows: int = 3000, *, seed: int = 7) -> sqlite3.Connection:
    """An FTS5 index of `rows` entries written a hundred at a time (so in many segments),
    with FTS5's own settings but for small leaves and a small hash (more of both)."""
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("CREATE VIRTUAL TABLE t USING fts5(a)")
    connection.execute("INSERT INTO t (t, rank) VALUES ('pgsz', 64)")
    connection.execute("INSERT INTO t (t, rank) VALUES ('hashsize', 4096)")
    rng = random.Random(seed)
    for start in range(0, rows, 100):
        connection.execute("BEGIN")
        connection.executemany(
            "INSERT INTO t (rowid, a) VALUES (?, ?)",
            [(i, " ".join(rng.choices(WORDS, k=12))) for i in range(start, start + 100)],
        )
        connection.execute("COMMIT")
    return connection


def _record(connection: sqlite3.Connection) -> bytes:
    return bytes(connection.execute("SELECT block FROM t_data WHERE id = 10").fetchone()[0])


def _hits(connection: sqlite3.Connection, query: str) -> list[int]:
    rows = connection.execute("SELECT rowid FROM t WHERE t MATCH ? ORDER BY rowid", [query])
    return [row[0] for row in rows]


def test_structure_records_read_and_write_back_byte_for_byte(tmp_path: Path) -> None:
    connection = _index(tmp_path / "a.db")
    shapes = set()
    rng = random.Random(3)
    for _ in range(120):  # segments on several levels, merges under way, one segment
        record = _record(connection)
        read = decode(record)
        assert read is not None
        assert encode(*read) == record
        shapes.add(tuple((merging > 0, len(found)) for merging, found in read[2]))
        words = " ".join(rng.choices(WORDS, k=40))
        connection.execute("UPDATE t SET a = ? WHERE rowid = ?", [words, rng.randrange(3000)])
    connection.execute("INSERT INTO t (t) VALUES ('optimize')")
    assert encode(*decode(_record(connection))) == _record(connection)  # type: ignore[misc]
    assert len(shapes) > 20
    assert any(merging for shape in shapes for merging, _ in shape)


def _segment_ids(connection: sqlite3.Connection) -> list[list[int]]:
    read = decode(_record(connection))
    assert read is not None
    return [[segment for segment, _, _ in found] for _, found in read[2]]


def test_lifting_keeps_every_hit_and_the_index_whole(tmp_path: Path) -> None:
    path = tmp_path / "a.db"
    connection = _index(path)
    connection.execute("INSERT INTO t (t) VALUES ('optimize')")
    before = {query: _hits(connection, query) for query in ("w1", "w7 w9", "w3 OR w300")}
    size = [sum(level) for level in levels(connection, "t") or [] if level]
    assert lift(connection, "t")
    connection.close()
    connection = sqlite3.connect(path, isolation_level=None)
    lifted = levels(connection, "t")
    assert lifted is not None
    assert [len(level) for level in lifted] == [0] * LIFTED_LEVEL + [1]
    assert [sum(level) for level in lifted if level] == size
    connection.execute("INSERT INTO t (t, rank) VALUES ('integrity-check', 1)")
    assert {query: _hits(connection, query) for query in before} == before


@pytest.mark.parametrize(("rows", "hashsize"), [(3000, 16384), (3000, 32768), (20000, 65536)])
def test_an_import_in_many_segments_is_lifted_a_few_a_level_in_their_order(
    tmp_path: Path, rows: int, hashsize: int
) -> None:  # 77, 10 and 17 segments
    """The newest segment stays the one FTS5 reads as newest (the last of the lowest level),
    and the oldest the oldest (the first of the highest)."""
    path = tmp_path / "a.db"
    connection, _ = _imported(path, rows, hashsize=hashsize, merged=False)
    [written] = [ids for ids in _segment_ids(connection) if ids]
    assert len(written) > 2 * PER_LEVEL
    before = {query: _hits(connection, query) for query in ("w1", "w7 w9", "w3 OR w300")}
    assert lift(connection, "t")
    connection.close()
    connection = sqlite3.connect(path, isolation_level=None)
    lifted = _segment_ids(connection)
    assert not any(lifted[:LIFTED_LEVEL])
    assert all(0 < len(ids) <= PER_LEVEL for ids in lifted[LIFTED_LEVEL:])
    assert [i for ids in reversed(lifted) for i in ids] == written
    connection.execute("INSERT INTO t (t, rank) VALUES ('integrity-check', 1)")
    assert {query: _hits(connection, query) for query in before} == before


def test_segments_that_would_need_more_levels_than_fts5_keeps_are_not_lifted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    connection, _ = _imported(tmp_path / "a.db", hashsize=32768, merged=False)  # 10 segments
    record = _record(connection)
    monkeypatch.setattr(segment_levels, "MAX_LEVELS", LIFTED_LEVEL + 1)
    assert not lift(connection, "t")
    assert _record(connection) == record


def _imported(
    path: Path, rows: int = 3000, *, hashsize: int = 65536, merged: bool = True
) -> tuple[sqlite3.Connection, tuple[int, int, int]]:
    """An index of `rows` entries filled as an import fills it (no merging while it fills, so
    in a segment every `hashsize` bytes of terms or so, all on level 0); `merged` into one
    segment, which FTS5 puts on level 1. Its first segment. Its leaves are small, so that
    its segments are many pages (at a million items, some 4,000 pages each; an edit's, one)."""
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("CREATE VIRTUAL TABLE t USING fts5(a)")
    settings = (("pgsz", 64), ("automerge", 0), ("crisismerge", 1000), ("hashsize", hashsize))
    for name, value in settings:
        connection.execute("INSERT INTO t (t, rank) VALUES (?, ?)", [name, value])
    rng = random.Random(5)
    connection.execute("BEGIN")
    connection.executemany(
        "INSERT INTO t (rowid, a) VALUES (?, ?)",
        [(i, " ".join(rng.choices(WORDS, k=12))) for i in range(rows)],
    )
    connection.execute("COMMIT")
    if merged:
        connection.execute("INSERT INTO t (t) VALUES ('optimize')")
    for name, value in (("automerge", 4), ("crisismerge", 16)):
        connection.execute("INSERT INTO t (t, rank) VALUES (?, ?)", [name, value])
    read = decode(_record(connection))
    assert read is not None
    placed = [(i, s) for i, (_, found) in enumerate(read[2]) for s in found]
    assert {level for level, _ in placed} == {1 if merged else 0}
    return connection, placed[0][1]


def _edit(connection: sqlite3.Connection, times: int) -> list[tuple[int, int, int]]:
    """Edit an entry at a time (a segment each), and give the segments there are then."""
    rng = random.Random(11)
    for _ in range(times):
        words = " ".join(rng.choices(WORDS, k=40))
        connection.execute("UPDATE t SET a = ? WHERE rowid = ?", [words, rng.randrange(3000)])
    read = decode(_record(connection))
    assert read is not None
    return [segment for _, found in read[2] for segment in found]


def test_edits_after_a_lift_never_merge_the_lifted_segment(tmp_path: Path) -> None:
    """Left on level 1, FTS5 starts merging the import's segment with the edits' within a few
    dozen edits (its level fills to four) and rewrites it all; lifted, it stays as it is."""
    plain, segment = _imported(tmp_path / "plain.db")
    assert segment not in _edit(plain, 100)

    lifted, segment = _imported(tmp_path / "lifted.db")
    assert lift(lifted, "t")
    lifted.close()
    lifted = sqlite3.connect(tmp_path / "lifted.db", isolation_level=None)
    assert segment in _edit(lifted, 100)
    assert levels(lifted, "t")[LIFTED_LEVEL] == [segment[2] - segment[1] + 1]  # type: ignore[index]
    lifted.execute("INSERT INTO t (t, rank) VALUES ('integrity-check', 1)")


def test_edits_after_a_lift_never_merge_an_import_left_in_many_segments(tmp_path: Path) -> None:
    """Left on level 0, the first edit merges all the import's segments (there are more than
    `crisismerge`); lifted, a hundred edits leave every one of them as it is."""
    plain, _ = _imported(tmp_path / "plain.db", 20000, merged=False)
    written = [s for _, found in decode(_record(plain))[2] for s in found]  # type: ignore[index]
    assert len(written) >= 16
    assert not set(written) & set(_edit(plain, 1))

    lifted, _ = _imported(tmp_path / "lifted.db", 20000, merged=False)
    assert lift(lifted, "t")
    lifted.close()
    lifted = sqlite3.connect(tmp_path / "lifted.db", isolation_level=None)
    assert set(written) <= set(_edit(lifted, 100))
    lifted.execute("INSERT INTO t (t, rank) VALUES ('integrity-check', 1)")


@pytest.mark.parametrize(
    "damage",
    [
        lambda record: record + b"\x00",  # more than the record says
        lambda record: record[:-1],  # less
        lambda record: record[:4] + b"\xff\x00\x00\x01" + record[4:],  # FTS5's second format
    ],
)
def test_a_record_that_does_not_read_as_expected_is_left_as_it_is(
    tmp_path: Path, damage: object
) -> None:
    connection = _index(tmp_path / "a.db")
    connection.execute("INSERT INTO t (t) VALUES ('optimize')")
    changed = damage(_record(connection))  # type: ignore[operator]
    assert decode(changed) is None
    connection.execute("UPDATE t_data SET block = ? WHERE id = 10", [changed])
    assert not lift(connection, "t")
    assert _record(connection) == changed


def test_segments_on_several_levels_or_under_merge_are_not_lifted(tmp_path: Path) -> None:
    connection = _index(tmp_path / "a.db")
    record = _record(connection)
    read = decode(record)
    assert read is not None
    assert sum(1 for _, segments in read[2] if segments) > 1
    assert not lift(connection, "t")
    assert _record(connection) == record
    cookie, writes, found = read
    merging = [(len(segments), segments) for _, segments in found if segments][:1]
    connection.execute(
        "UPDATE t_data SET block = ? WHERE id = 10", [encode(cookie, writes, merging)]
    )
    assert not lift(connection, "t")


def test_a_varint_out_of_range_is_refused() -> None:
    with pytest.raises(ValueError, match="out of the range"):
        segment_levels.encode(b"\0\0\0\0", 1 << 60, [])
