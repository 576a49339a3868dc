"""Single changes: one transaction each, undone and redone exactly, conflicts refused, logged."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
import sqlite_utils
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.dates import DateSpan, parse_partial
from app.core.filter import Filter
from app.core.model import Actor, Dataset, Event, Statement
from app.formats import native
from app.services.editing import merge_actors_edit
from app.services.merging import merge_items_edit
from app.store import DataError, key_space, open_database, write_dataset
from app.store.changes import Change, Conflict, history, make_change, read_state, redo, undo
from app.store.queries import count
from app.store.records import read_selection


def exported(db: sqlite_utils.Database) -> str:
    """The whole database as a native file's text: what a user would compare."""
    return json.dumps(native.to_document(read_selection(db)[0]), ensure_ascii=False, indent=1)


def statement(db: sqlite_utils.Database, id_: str) -> Statement:
    found = read_state(db, [("item", id_)]).record("item", id_)
    assert isinstance(found, Statement)
    return found


def first_statement(db: sqlite_utils.Database) -> Statement:
    id_ = db.execute("SELECT id FROM items WHERE kind = 'statement' ORDER BY key").fetchone()[0]
    return statement(db, id_)


def test_an_edit_changes_the_text_search_finds_and_undo_puts_it_back(
    sample_db: sqlite_utils.Database,
) -> None:
    s = first_statement(sample_db)
    before = exported(sample_db)
    change = make_change(
        sample_db, "Edit statement text", {("item", s.id): replace(s, text="Zanzibar tea")}
    )

    assert statement(sample_db, s.id).text == "Zanzibar tea"
    assert count(sample_db, Filter(text="zanzibar")) == 1
    undo(sample_db, change)
    assert statement(sample_db, s.id) == s
    assert count(sample_db, Filter(text="zanzibar")) == 0
    assert exported(sample_db) == before
    redo(sample_db, change)
    assert count(sample_db, Filter(text="zanzibar")) == 1


def test_a_new_statement_with_a_new_actor_is_one_step(sample_db: sqlite_utils.Database) -> None:
    before = exported(sample_db)
    new_actor = Actor("actor/new", "Ivan Petrov", ("Иван Петров",))
    new = Statement("statement/new", "actor/new", parse_partial("2025-11-03"), "Kvass is good")
    change = make_change(
        sample_db, "New statement", {("actor", "actor/new"): new_actor, ("item", new.id): new}
    )

    assert count(sample_db, Filter(text="Петров")) == 1  # the speaker's alias finds it
    undo(sample_db, change)
    assert read_state(sample_db, change.refs).records == {
        ("actor", "actor/new"): None,
        ("item", new.id): None,
    }
    assert exported(sample_db) == before


def test_a_changed_date_moves_the_item_in_time_order_and_back(
    sample_db: sqlite_utils.Database,
) -> None:
    s = first_statement(sample_db)
    before = exported(sample_db)
    change = make_change(
        sample_db, "Edit statement date", {("item", s.id): replace(s, date=parse_partial("2031"))}
    )
    last = sample_db.execute("SELECT id FROM items ORDER BY key DESC LIMIT 1").fetchone()[0]
    assert last == s.id
    undo(sample_db, change)
    assert exported(sample_db) == before


def test_renaming_an_actor_reindexes_every_item_that_names_them(
    sample_db: sqlite_utils.Database,
) -> None:
    s = first_statement(sample_db)
    speaker = read_state(sample_db, [("actor", s.speaker)]).record("actor", s.speaker)
    assert isinstance(speaker, Actor)
    spoken = count(sample_db, Filter(actors={s.speaker}))
    change = make_change(
        sample_db, "Rename actor", {("actor", s.speaker): replace(speaker, name="Quixotic Name")}
    )
    assert count(sample_db, Filter(text="quixotic")) == spoken
    undo(sample_db, change)
    assert count(sample_db, Filter(text="quixotic")) == 0


def test_an_edit_against_what_another_window_changed_is_refused(
    sample_path: object, sample_db: sqlite_utils.Database
) -> None:
    s = first_statement(sample_db)
    seen = read_state(sample_db, [("item", s.id)])
    other = open_database(sample_path)  # type: ignore[arg-type]
    make_change(other, "Edit statement text", {("item", s.id): replace(s, text="Theirs")})

    with pytest.raises(Conflict) as raised:
        make_change(
            sample_db, "Edit statement text", {("item", s.id): replace(s, text="Mine")}, seen
        )
    assert raised.value.current.record("item", s.id) == replace(s, text="Theirs")
    assert statement(sample_db, s.id).text == "Theirs"  # nothing of "Mine" was written


def test_undo_after_another_window_changed_the_record_is_refused(
    sample_path: object, sample_db: sqlite_utils.Database
) -> None:
    s = first_statement(sample_db)
    change = make_change(sample_db, "Edit statement text", {("item", s.id): replace(s, text="A")})
    other = open_database(sample_path)  # type: ignore[arg-type]
    make_change(other, "Edit statement text", {("item", s.id): replace(s, text="B")})
    with pytest.raises(Conflict, match="changed since it was shown"):
        undo(sample_db, change)
    assert statement(sample_db, s.id).text == "B"


def test_a_speaker_that_does_not_exist_is_refused_and_nothing_changes(
    sample_db: sqlite_utils.Database,
) -> None:
    before = exported(sample_db)
    s = first_statement(sample_db)
    with pytest.raises(DataError, match="actor/nobody"):
        make_change(sample_db, "Edit speaker", {("item", s.id): replace(s, speaker="actor/nobody")})
    assert exported(sample_db) == before
    assert history(sample_db, "item", s.id) == []


def test_an_actor_who_still_speaks_cannot_be_removed(sample_db: sqlite_utils.Database) -> None:
    s = first_statement(sample_db)
    with pytest.raises(DataError, match="still named by"):
        make_change(sample_db, "Delete actor", {("actor", s.speaker): None})


def test_the_change_log_keeps_old_and_new_after_the_database_is_reopened(
    sample_path: object, sample_db: sqlite_utils.Database
) -> None:
    s = first_statement(sample_db)
    change = make_change(sample_db, "Edit statement text", {("item", s.id): replace(s, text="X")})
    undo(sample_db, change)
    sample_db.close()

    entries = history(open_database(sample_path), "item", s.id)  # type: ignore[arg-type]
    assert [(e.action, e.field, e.old, e.new) for e in entries] == [
        ("Edit statement text", "text", s.text, "X"),
        ("Undo Edit statement text", "text", "X", s.text),
    ]


# Random sequences of creates, edits, deletes, tags and notes on the sample, then undo all: the
# database exports exactly as before; redo all: exactly as after.

_TEXTS = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40)
_DATES = st.sampled_from(["2025-10-24", "2025-11", "2025-11~", "2024", "2025-10-24T14:30"])
_OPS = st.lists(
    st.tuples(
        st.sampled_from(
            [
                "edit text",
                "edit date",
                "create",
                "delete",
                "create event",
                "tag",
                "untag",
                "note",
                "merge statements",
                "merge actors",
            ]
        ),
        st.integers(0, 10_000),
        _TEXTS,
        _DATES,
    ),
    min_size=1,
    max_size=8,
)


@settings(max_examples=25)
@given(ops=_OPS)
def test_undo_all_then_redo_all_gives_back_each_export_exactly(
    ops: list[tuple[str, int, str, str]], tmp_path_factory: pytest.TempPathFactory
) -> None:
    from app.core.paths import sample_dataset
    from app.store import write_dataset

    path = tmp_path_factory.mktemp("db") / "t.backchannel"
    db = open_database(path, create=True)
    write_dataset(db, native.read(sample_dataset()))
    before = exported(db)
    changes: list[Change] = []
    for n, (op, pick, text, date) in enumerate(ops):
        change = _apply(db, n, op, pick, text, date)
        if change is not None:
            changes.append(change)
    after = exported(db)
    assert_index_matches_items(db)
    for change in reversed(changes):
        undo(db, change)
    assert exported(db) == before
    assert_index_matches_items(db)
    for change in changes:
        redo(db, change)
    assert exported(db) == after
    assert_index_matches_items(db)


def assert_index_matches_items(db: sqlite_utils.Database) -> None:
    """FTS5's own check, comparing every entry with the items' words as stored: an entry
    left stale by a change (or taken out twice) fails it."""
    db.execute("INSERT INTO items_fts (items_fts, rank) VALUES ('integrity-check', 1)")


def _apply(
    db: sqlite_utils.Database, n: int, op: str, pick: int, text: str, date: str
) -> Change | None:
    ids = [r[0] for r in db.execute("SELECT id FROM items WHERE kind = 'statement' ORDER BY key")]
    s = statement(db, ids[pick % len(ids)])
    if op == "edit text":
        return make_change(db, op, {("item", s.id): replace(s, text=text)})
    if op == "edit date":
        return make_change(db, op, {("item", s.id): replace(s, date=parse_partial(date))})
    if op == "delete":
        return make_change(db, op, {("item", s.id): None})
    if op in ("tag", "untag"):  # the text drawn as a tag, in one of three spellings of one tag
        tag = ("Brief", "brief", "BRIEF", text.strip())[pick % 4] or "brief"
        tags = (*s.tags, tag) if op == "tag" else s.tags[1:]
        return make_change(db, op, {("item", s.id): replace(s, tags=tags)})
    if op == "note":
        return make_change(db, op, {("item", s.id): replace(s, note=text or None)})
    if op.startswith("merge"):
        return _merge(db, op, pick, s.id, ids)
    if op == "create":
        new = Statement(f"statement/p{n}", s.speaker, parse_partial(date), text, tracks=s.tracks)
        return make_change(db, op, {("item", new.id): new})
    event = Event(f"event/p{n}", text or "Untitled", "meeting", DateSpan(parse_partial(date)))
    return make_change(db, op, {("item", event.id): event})


def _merge(
    db: sqlite_utils.Database, op: str, pick: int, first: str, ids: list[str]
) -> Change | None:
    """Two statements (the other's words taken every other time), or two people."""
    if op == "merge statements":
        keep, other = first, ids[(pick * 7 + 1) % len(ids)]
        edit = (
            merge_items_edit(db, keep, other, {"text"} if pick % 2 else ())
            if keep != other
            else None
        )
    else:
        people = [
            r[0] for r in db.execute("SELECT id FROM actors WHERE kind = 'person' ORDER BY id")
        ]
        keep, other = people[pick % len(people)], people[(pick * 3 + 1) % len(people)]
        edit = merge_actors_edit(db, keep, other) if keep != other else None
    return None if edit is None else make_change(db, edit.label, edit.after)


def _a_year_of_events(db: sqlite_utils.Database) -> dict[str, int]:
    """A thousand events over a year, and Peskov; the events' keys."""
    events = [
        Event(f"event/{i}", "Talks", "meeting",
              DateSpan(parse_partial(f"2025-{1 + i % 12:02d}-{1 + i % 28:02d}")))
        for i in range(1000)
    ]  # fmt: skip
    write_dataset(db, Dataset(actors=[Actor("actor/p", "Peskov")], events=events))
    return dict(db.execute("SELECT id, key FROM items").fetchall())


def _no_renumbering(db: sqlite_utils.Database) -> None:
    raise AssertionError("every item renumbered")


def test_statements_of_one_day_added_one_by_one_never_renumber_every_item(
    empty_db: sqlite_utils.Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each took half of what was left of its gap, so the 43rd statement of one day filled it
    at a million items and every item was renumbered and indexed afresh (75 s); with a
    thousand items, the 53rd. Now they go a step apart, in the order they were added."""
    keys = _a_year_of_events(empty_db)
    monkeypatch.setattr(key_space, "renumber", _no_renumbering)
    for n in range(200):
        said = Statement(f"statement/{n}", "actor/p", parse_partial("2025-03-03"), f"Said {n}")
        make_change(empty_db, "create", {("item", said.id): said})
    assert dict(empty_db.execute("SELECT id, key FROM items WHERE kind = 'meeting'")) == keys
    said = "SELECT id FROM items WHERE kind = 'statement' ORDER BY key"
    assert [r[0] for r in empty_db.execute(said)] == [f"statement/{n}" for n in range(200)]
    assert_index_matches_items(empty_db)


def test_statements_of_one_day_imported_an_article_at_a_time_never_renumber_every_item(
    empty_db: sqlite_utils.Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An import spread its items evenly over the gap after those of the same day: each
    article of three quotes left a quarter of it, and the 27th filled it."""
    keys = _a_year_of_events(empty_db)
    monkeypatch.setattr(key_space, "renumber", _no_renumbering)
    for n in range(100):
        quotes = [
            Statement(f"statement/{n}-{q}", "actor/p", parse_partial("2025-03-03"), f"Said {q}")
            for q in range(3)
        ]
        write_dataset(empty_db, Dataset(statements=quotes))
    assert dict(empty_db.execute("SELECT id, key FROM items WHERE kind = 'meeting'")) == keys
    assert count(empty_db, Filter(text="Said")) == 300
    starts = [r[0] for r in empty_db.execute("SELECT start FROM items ORDER BY key")]
    assert starts == sorted(starts)
