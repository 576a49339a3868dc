"""The full-text index follows every change to what an item is found by: its own words, and
the names of the actors and sources it links to (searched here everywhere, sources too)."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.dates import DateSpan, parse_partial
from app.core.filter import SCOPES, Filter
from app.core.model import Actor, Dataset, Event, Source, Statement
from app.store import database as database_module
from app.store import open_database, write_dataset
from app.store import writer as writer_module
from app.store.queries import count, page
from app.store.records import read_selection
from app.store.schema import LINK_TABLES, MIGRATIONS

EVERYWHERE = frozenset(SCOPES)
ACTORS = 3
SOURCES = 3
EVENTS = 6


def _event(i: int, word: str, actor: int, source: int) -> Event:
    return Event(
        f"event/{i}",
        f"Meeting {word}",
        "meeting",
        DateSpan(parse_partial(f"2020-01-{1 + i:02d}")),
        actors=(f"actor/{actor % ACTORS}",),
        sources=(f"source/{source % SOURCES}",),
    )


def _start() -> Dataset:
    return Dataset(
        actors=[Actor(f"actor/{i}", f"Actor alpha{i}", (f"alias{i}",)) for i in range(ACTORS)],
        sources=[
            Source(f"source/{i}", title=f"Report beta{i}", publisher=f"Press{i}")
            for i in range(SOURCES)
        ],
        events=[_event(i, f"gamma{i}", i, i + 1) for i in range(EVENTS)],
        statements=[
            Statement(
                "statement/0",
                "actor/0",
                parse_partial("2020-01-02"),
                "We spoke delta.",
                event="event/1",
                sources=("source/2",),
            ),
        ],
    )


STEPS = st.lists(
    st.tuples(
        st.sampled_from(
            ["rename actor", "retitle source", "replace event", "add event", "same again"]
        ),
        st.integers(0, 8),
    ),
    max_size=6,
)


def _step(what: str, i: int, n: int) -> Dataset:
    """One merge; `n` makes its words new."""
    if what == "rename actor":
        return Dataset(actors=[Actor(f"actor/{i % ACTORS}", f"Actor new{n}", (f"nick{n}",))])
    if what == "retitle source":
        return Dataset(
            sources=[
                Source(
                    f"source/{i % SOURCES}",
                    title=f"Story new{n}",
                    publisher=None,
                    author=f"Writer{n}",
                )
            ]
        )
    if what == "replace event":
        return Dataset(events=[_event(i % EVENTS, f"new{n}", i + n, i + 2 * n)])
    if what == "add event":
        return Dataset(events=[_event(EVENTS + n, f"new{n}", i, i + 1)])
    return _start()


def _found(db: object, word: str) -> list[str]:
    return [item.id for item in page(db, Filter(text=word, scope=EVERYWHERE), 1000)]  # type: ignore[arg-type]


WORDS = [
    *(
        f"{prefix}{k}"
        for prefix in ("alpha", "alias", "beta", "Press", "gamma", "new", "nick", "Writer")
        for k in range(12)
    ),
    "Actor",
    "Report",
    "Story",
    "Meeting",
    "delta",
]


def _merge_and_compare(steps: list[tuple[str, int]]) -> None:
    """Merge the steps into a database, then search it and a fresh copy for every word."""
    with tempfile.TemporaryDirectory() as folder:
        db = open_database(Path(folder) / "merged.backchannel", create=True)
        fresh = open_database(Path(folder) / "fresh.backchannel", create=True)
        try:
            write_dataset(db, _start())
            for n, (what, i) in enumerate(steps):
                write_dataset(db, _step(what, i, n))
            db.execute("INSERT INTO items_fts (items_fts) VALUES ('integrity-check')")
            write_dataset(fresh, read_selection(db)[0])
            for word in WORDS:
                # The same items (equal dates may stand in another order after a merge).
                assert sorted(_found(db, word)) == sorted(_found(fresh, word)), word
                everywhere = Filter(text=word, scope=EVERYWHERE)
                assert count(db, everywhere) == len(_found(fresh, word)), word
        finally:
            db.close()
            fresh.close()


@settings(max_examples=30, deadline=None)
@given(steps=STEPS)
def test_after_any_merges_search_finds_what_a_fresh_database_finds(
    steps: list[tuple[str, int]],
) -> None:
    _merge_and_compare(steps)


@pytest.mark.parametrize("what", ["rename actor", "retitle source", "replace event"])
def test_the_comparison_catches_an_index_left_behind(
    what: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Had the writer left the old entries in, the test above would fail."""
    monkeypatch.setattr(writer_module.text_index, "take_out", lambda db, keys: None)
    with pytest.raises(AssertionError):
        _merge_and_compare([(what, 0)])


def test_a_renamed_source_is_found_by_its_new_title_only(tmp_path: Path) -> None:
    db = open_database(tmp_path / "db.backchannel", create=True)
    write_dataset(db, _start())
    assert _found(db, "beta1") == ["event/0", "event/3"]
    write_dataset(db, Dataset(sources=[Source("source/1", title="Communique epsilon")]))
    assert _found(db, "beta1") == []
    assert _found(db, "epsilon") == ["event/0", "event/3"]
    # Words of the item and of its source together, as a reader would combine them.
    assert _found(db, "gamma0 epsilon") == ["event/0"]
    assert _found(db, "gamma1 epsilon") == []
    db.close()


def test_a_version_1_file_is_upgraded_and_finds_items_by_their_sources(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    current = tmp_path / "current.backchannel"
    db = open_database(current, create=True)
    write_dataset(db, _start())
    db.close()
    path = tmp_path / "old.backchannel"
    with monkeypatch.context() as version_1:  # the same rows in a file of schema 1
        version_1.setattr(database_module, "MIGRATIONS", MIGRATIONS[:1])
        version_1.setattr(database_module, "SCHEMA_VERSION", 1)
        old = open_database(path, create=True)
        old.execute("ATTACH ? AS current", [str(current)])
        for table in ("meta", "actors", "tracks", "sources", "items", *LINK_TABLES):
            columns = ", ".join(old.table(table).columns_dict)  # v1's, fewer than now
            old.execute(f"INSERT INTO main.{table} SELECT {columns} FROM current.{table}")
        old.execute("DETACH current")
        assert "sources_fts" in old.table_names()
        old.close()
    db = open_database(path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
    assert "sources_fts" not in db.table_names()
    assert path.with_name("old.backchannel.v1.bak").exists()
    assert _found(db, "Press2") == ["event/1", "statement/0", "event/4"]
    assert _found(db, "alias0 delta") == ["statement/0"]
    assert count(db, Filter(text="Press2", scope=EVERYWHERE)) == 3
    db.close()
