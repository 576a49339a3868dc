"""Notes and tags on items: stored as given, read back exactly, filtered case-blind, carried
through imports, renumbering, edits and undo, and added to files of an earlier version."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
import sqlite_utils

from app.core.dates import DateSpan, parse_partial
from app.core.filter import Filter
from app.core.model import Actor, Dataset, Event, Statement
from app.core.paths import sample_dataset
from app.formats import native
from app.store import database as database_module
from app.store import key_space, open_database, write_dataset
from app.store import writer as writer_module
from app.store.changes import history, make_change, read_state, undo
from app.store.details import facet_counts, item_detail
from app.store.queries import count, page
from app.store.records import read_selection
from app.store.schema import MIGRATIONS


def _event(id_: str, date: str, **extra: object) -> Event:
    return Event(id_, "Talks", "meeting", DateSpan(parse_partial(date)), **extra)  # type: ignore[arg-type]


def _tagged() -> Dataset:
    return Dataset(
        actors=[Actor("actor/peskov", "Dmitry Peskov")],
        events=[
            _event("event/a", "2025-10-20", tags=("Brief", "Срочно"), note="Check the date"),
            _event("event/b", "2025-10-21", tags=("urgent",)),
            _event("event/c", "2025-10-22"),
        ],
        statements=[
            Statement(
                "statement/1",
                "actor/peskov",
                parse_partial("2025-10-23"),
                "No comment.",
                note="He smiled: my reading, not his words",
                tags=("brief", "Follow up"),
            )
        ],
    )


def _ids(db: sqlite_utils.Database, f: Filter) -> list[str]:
    return [s.id for s in page(db, f, limit=100)]


def test_notes_and_tags_come_back_as_written(empty_db: sqlite_utils.Database) -> None:
    write_dataset(empty_db, _tagged())
    data = read_selection(empty_db)[0]
    assert data.events[0].tags == ("Brief", "Срочно")
    assert data.events[0].note == "Check the date"
    assert (data.events[2].tags, data.events[2].note) == ((), None)
    assert data.statements[0].tags == ("brief", "Follow up")
    assert data.statements[0].note == "He smiled: my reading, not his words"
    detail = item_detail(empty_db, "statement/1")
    assert detail is not None
    assert detail.record == data.statements[0]


def test_a_tag_given_twice_in_any_case_is_kept_once_as_first_spelt(
    empty_db: sqlite_utils.Database,
) -> None:
    write_dataset(empty_db, Dataset(events=[_event("event/a", "2025", tags=("Brief", "BRIEF"))]))
    assert read_selection(empty_db)[0].events[0].tags == ("Brief",)


def test_a_tag_filter_ignores_case_in_any_script(empty_db: sqlite_utils.Database) -> None:
    write_dataset(empty_db, _tagged())
    assert _ids(empty_db, Filter(tags=frozenset({"BRIEF"}))) == ["event/a", "statement/1"]
    assert _ids(empty_db, Filter(tags=frozenset({"срочно"}))) == ["event/a"]
    # Any of the tags listed, as for actors and tracks; with the other parts, all of them.
    assert count(empty_db, Filter(tags=frozenset({"urgent", "срочно"}))) == 2
    assert _ids(empty_db, Filter(tags=frozenset({"brief"}), kinds=frozenset({"statement"}))) == [
        "statement/1"
    ]
    assert count(empty_db, Filter(tags=frozenset({"nothing"}))) == 0
    assert facet_counts(empty_db, Filter(tags=frozenset({"brief"})), "kinds") == {
        "meeting": 1,
        "statement": 1,
    }


def test_a_note_is_not_searched_as_the_items_words(empty_db: sqlite_utils.Database) -> None:
    write_dataset(empty_db, _tagged())
    assert count(empty_db, Filter(text="smiled")) == 0
    assert count(empty_db, Filter(text="comment")) == 1


def test_reimporting_an_item_replaces_its_tags(empty_db: sqlite_utils.Database) -> None:
    write_dataset(empty_db, _tagged())
    write_dataset(empty_db, Dataset(events=[_event("event/a", "2025-10-20", tags=("later",))]))
    assert read_selection(empty_db)[0].events[0].tags == ("later",)
    assert count(empty_db, Filter(tags=frozenset({"brief"}))) == 1  # only the statement now


def test_renumbered_items_keep_their_tags(
    empty_db: sqlite_utils.Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(key_space, "KEY_STEP", 4)  # twenty items fill a gap
    monkeypatch.setattr(key_space, "TIE_STEP", 1)
    write_dataset(
        empty_db,
        Dataset(events=[_event(f"event/a{i}", f"2000-01-{i + 1:02d}") for i in range(20)]),
    )
    crowd = [_event(f"event/b{i}", f"2000-01-05T{i:02d}:00", tags=(f"t{i}",)) for i in range(20)]
    write_dataset(empty_db, Dataset(events=crowd))
    assert _ids(empty_db, Filter(tags=frozenset({"T7"}))) == ["event/b7"]
    orphans = "SELECT count(*) FROM item_tags WHERE item NOT IN (SELECT key FROM items)"
    assert empty_db.execute(orphans).fetchone()[0] == 0


def test_a_bulk_load_stores_tags_as_row_by_row_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = native.read(sample_dataset())
    data.events = [replace(e, tags=("brief", f"e{i % 3}")) for i, e in enumerate(data.events)]
    data.statements = [replace(s, note=f"n{i}") for i, s in enumerate(data.statements)]
    row_by_row = open_database(tmp_path / "rows.backchannel", create=True)
    write_dataset(row_by_row, data)
    monkeypatch.setattr(writer_module, "BULK_THRESHOLD", 5)
    bulk = open_database(tmp_path / "bulk.backchannel", create=True)
    write_dataset(bulk, data)
    assert native.dumps(read_selection(bulk)[0]) == native.dumps(read_selection(row_by_row)[0])
    assert count(bulk, Filter(tags=frozenset({"E1"}))) == count(
        row_by_row, Filter(tags=frozenset({"e1"}))
    )
    assert count(bulk, Filter(tags=frozenset({"brief"}))) == len(data.events)
    bulk.close()
    row_by_row.close()


def test_a_tag_change_is_undone_exactly_and_logged(sample_db: sqlite_utils.Database) -> None:
    id_ = sample_db.execute("SELECT id FROM items WHERE kind = 'statement'").fetchone()[0]
    s = read_state(sample_db, [("item", id_)]).record("item", id_)
    assert isinstance(s, Statement)
    tagged = replace(s, tags=("Brief",), note="Ask the embassy")
    change = make_change(sample_db, "Tag 1 item “Brief”", {("item", id_): tagged})
    assert count(sample_db, Filter(tags=frozenset({"brief"}))) == 1
    undo(sample_db, change)
    assert read_state(sample_db, [("item", id_)]).record("item", id_) == s
    assert count(sample_db, Filter(tags=frozenset({"brief"}))) == 0
    logged = {(e.action, e.field, e.old, e.new) for e in history(sample_db, "item", id_)}
    assert ("Tag 1 item “Brief”", "tags", None, '["Brief"]') in logged
    assert ("Undo Tag 1 item “Brief”", "note", "Ask the embassy", None) in logged


def test_deleting_an_item_removes_its_tags(sample_db: sqlite_utils.Database) -> None:
    id_ = sample_db.execute("SELECT id FROM items WHERE kind = 'statement'").fetchone()[0]
    s = read_state(sample_db, [("item", id_)]).record("item", id_)
    assert isinstance(s, Statement)
    make_change(sample_db, "Tag", {("item", id_): replace(s, tags=("brief",))})
    make_change(sample_db, "Delete statement", {("item", id_): None})
    assert sample_db.execute("SELECT count(*) FROM item_tags").fetchone()[0] == 0


def test_a_version_3_file_is_upgraded_with_no_notes_or_tags(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "old.backchannel"
    with monkeypatch.context() as version_3:
        version_3.setattr(database_module, "MIGRATIONS", MIGRATIONS[:3])
        version_3.setattr(database_module, "SCHEMA_VERSION", 3)
        old = open_database(path, create=True)
        old.execute(
            "INSERT INTO items (key, id, kind, start, end, precision, start_text, title) "
            "VALUES (1, 'event/old', 'meeting', 0, 86399, 3, '1970-01-01', 'Old talks')"
        )
        old.execute("INSERT INTO items_fts (items_fts) VALUES ('rebuild')")
        old.close()
    db = open_database(path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
    assert path.with_name("old.backchannel.v3.bak").exists()
    event = read_selection(db)[0].events[0]
    assert (event.title, event.tags, event.note) == ("Old talks", (), None)
    write_dataset(db, Dataset(events=[replace(event, tags=("brief",))]))
    assert _ids(db, Filter(tags=frozenset({"Brief"}))) == ["event/old"]
    db.close()
