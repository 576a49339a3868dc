"""A word finds its other spellings, in another script or romanisation, though nobody typed
them as an alias; and a statement is found by the title of the event it was made at. Both
stay true through every way the index is written: a small write, a bulk load, an edit and its
undo, a re-import, a rebuild."""

from __future__ import annotations

import tempfile
from dataclasses import replace
from pathlib import Path

import pytest
import sqlite_utils
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.dates import DateSpan, parse_partial
from app.core.filter import Filter
from app.core.model import Actor, Dataset, Event, Statement
from app.services.query import QueryProblem, apply_query
from app.store import open_database, text_index, write_dataset, writer
from app.store.changes import make_change, read_state, undo
from app.store.database import file_of
from app.store.integrity import check
from app.store.queries import count, page

ACTORS = [Actor("actor/a", "Press desk"), Actor("actor/b", "Kremlin pool")]
SAID = [
    Statement("statement/en", "actor/a", parse_partial("2025-11-01"), "Peskov said talks go on."),
    Statement("statement/ru", "actor/b", parse_partial("2025-11-02"),
              "Песков заявил, что переговоры продолжаются.", event="event/vote"),
    Statement("statement/zh", "actor/b", parse_partial("2025-11-03"), "Zaharova answered."),
]  # fmt: skip
VOTE = Event(
    "event/vote", "Council adopts Resolution 2803", "vote", DateSpan(parse_partial("2025-11-17"))
)
MEETING = Event("event/istanbul", "Medinsky leads the delegation", "meeting",
                DateSpan(parse_partial("2025-06-02")))  # fmt: skip


def _found(db: sqlite_utils.Database, typed: str) -> set[str]:
    return {item.id for item in page(db, apply_query(db, typed), 100)}


@pytest.fixture
def db(tmp_path: Path) -> sqlite_utils.Database:
    store = open_database(tmp_path / "spelt.backchannel", create=True)
    write_dataset(store, Dataset(actors=ACTORS, events=[VOTE, MEETING], statements=SAID))
    return store


def _check_found(db: sqlite_utils.Database) -> None:
    for typed in ("Peskov", "Песков", "ПЕСКОВ", "peskov"):
        assert _found(db, typed) == {"statement/en", "statement/ru"}, typed
    for typed in ("Medinskii", "Мединский", "Medinskiy", "medinsky"):
        assert _found(db, typed) == {"event/istanbul"}, typed
    assert _found(db, "Захарова") == {"statement/zh"}
    assert _found(db, "Peskov talks") == {"statement/en"}  # every word still required
    assert _found(db, "2803") == {"event/vote", "statement/ru"}  # said at the vote


def test_a_word_finds_its_spellings_in_other_scripts_and_romanisations(
    db: sqlite_utils.Database,
) -> None:
    _check_found(db)
    assert _found(db, "Peskova") == set()  # another name, not a spelling
    # Only spellings some item holds are searched for: not the bare key "medinski", nor
    # "tolks" or "talyks" that no one wrote.
    assert apply_query(db, "Medinskii").spellings == (("medinskii", ("medinsky",)),)
    assert apply_query(db, "Peskov talks").spellings == (("peskov", ("песков",)),)


def test_a_bulk_load_notes_the_spellings_as_a_small_write_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(writer, "BULK_THRESHOLD", 1)
    store = open_database(tmp_path / "bulk.backchannel", create=True)
    write_dataset(store, Dataset(actors=ACTORS, events=[VOTE, MEETING], statements=SAID))
    _check_found(store)


def test_a_rebuilt_index_notes_the_spellings_again(db: sqlite_utils.Database) -> None:
    db.execute("DELETE FROM spellings")
    assert _found(db, "Peskov") == {"statement/en"}
    with db.conn:
        text_index.rebuild(db)
    _check_found(db)


def test_an_edit_is_found_by_other_spellings_and_its_undo_is_not(
    db: sqlite_utils.Database,
) -> None:
    (en,) = [s for s in SAID if s.id == "statement/en"]
    change = make_change(db, "Edit", {("item", en.id): replace(en, text="Лавров ответил.")})
    assert _found(db, "Lavrov") == {"statement/en"}
    assert _found(db, "Peskov") == {"statement/ru"}
    undo(db, change)
    assert _found(db, "Lavrov") == set()
    _check_found(db)


def test_retitling_an_event_changes_what_finds_the_statements_made_at_it(
    db: sqlite_utils.Database,
) -> None:
    change = make_change(db, "Retitle", {("item", VOTE.id): replace(VOTE, title="Vote on 2712")})
    assert _found(db, "2712") == {"event/vote", "statement/ru"}
    assert _found(db, "2803") == set()
    undo(db, change)
    assert _found(db, "2803") == {"event/vote", "statement/ru"}
    write_dataset(db, Dataset(events=[replace(VOTE, title="Vote on 2720")]))  # a re-import
    assert _found(db, "2720") == {"event/vote", "statement/ru"}
    assert _found(db, "2803") == set()
    assert check(file_of(db)).ok


def test_a_statement_moved_to_another_event_is_found_by_its_title(
    db: sqlite_utils.Database,
) -> None:
    ru = read_state(db, [("item", "statement/ru")]).record("item", "statement/ru")
    assert isinstance(ru, Statement)
    make_change(db, "Move", {("item", ru.id): replace(ru, event=MEETING.id)})
    assert _found(db, "2803") == {"event/vote"}
    assert _found(db, "delegation") == {"event/istanbul", "statement/ru"}


def test_the_advanced_syntax_searches_what_it_says(db: sqlite_utils.Database) -> None:
    f = apply_query(db, "Peskov", advanced=True)
    assert f.spellings == ()
    assert {i.id for i in page(db, f)} == {"statement/en"}
    assert {i.id for i in page(db, Filter(text="Песков"))} == {"statement/ru"}  # no lookup


@settings(max_examples=150, deadline=None, derandomize=True)
@given(
    typed=st.text(
        alphabet=st.sampled_from(list("abzАБпеско\"'*():-–^{}[] \t\u0301\u200bé傅😀02")),
        max_size=25,
    )
)
def test_whatever_is_typed_plain_searches_without_failing_with_its_spellings(
    typed: str,
) -> None:
    """Plain words never make a query SQLite refuses, alternatives and all: a field that
    names nothing is the only refusal, and it is the user's to read."""
    with tempfile.TemporaryDirectory() as folder:
        store = open_database(Path(folder) / "typed.backchannel", create=True)
        try:
            write_dataset(store, Dataset(actors=ACTORS, events=[VOTE, MEETING], statements=SAID))
            try:
                f = apply_query(store, typed)
            except QueryProblem:
                return
            assert count(store, f) == len(page(store, f, 100))
        finally:
            store.close()


def test_a_name_with_its_other_spelling_in_a_phrase_or_beside_an_operator_word_still_reads(
    db: sqlite_utils.Database,
) -> None:
    """A spelt word beside a quoted phrase or an operator word typed as a plain word: FTS5
    reads a word beside a bracketed group only with the AND said between them."""
    for typed in ('Peskov "talks go"', "Peskov OR", "Песков NOT talks", '"Peskov'):
        f = apply_query(db, typed)
        assert count(db, f) == len(page(db, f, 100)), typed
