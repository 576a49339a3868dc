"""Merging two items or two sources: links move, lists join, chosen fields stay, undo restores."""

from __future__ import annotations

from dataclasses import replace

import pytest
import sqlite_utils

from app.core.dates import parse_partial
from app.core.model import Event, Source, Statement
from app.services.editing import FieldError, apply
from app.services.merging import differing_fields, merge_items_edit, merge_sources_edit
from app.store.changes import make_change, read_state, undo
from tests.exports import exported

EVENT = "event/2025-10-trump-navy-birthday-speech"
STATEMENT = "statement/2025-10-donald-trump-we-win"


def _copy_of_the_event(db: sqlite_utils.Database) -> Event:
    original = read_state(db, [("item", EVENT)]).record("item", EVENT)
    assert isinstance(original, Event)
    copy = Event(
        "event/copy", original.title + " (copy)", original.kind, original.when,
        place="Norfolk, Virginia", tracks=("track/unsc",), sources=("source/copy",),
    )  # fmt: skip
    make_change(
        db,
        "setup",
        {("source", "source/copy"): Source("source/copy", "https://example.org/copy"),
         ("item", copy.id): copy},
    )  # fmt: skip
    return copy


def test_two_events_become_one_with_both_tracks_and_every_statement(
    sample_db: sqlite_utils.Database,
) -> None:
    copy = _copy_of_the_event(sample_db)
    said = Statement("statement/at-copy", "actor/donald-trump", parse_partial("2025-10"),
                     "Said at the copy.", event=copy.id)  # fmt: skip
    make_change(sample_db, "setup", {("item", said.id): said})
    before = exported(sample_db)
    original = read_state(sample_db, [("item", EVENT)]).record("item", EVENT)
    assert isinstance(original, Event)
    assert "place" in differing_fields(original, copy)

    change = apply(sample_db, merge_items_edit(sample_db, EVENT, copy.id, take={"place"}))

    merged = read_state(sample_db, [("item", EVENT)]).record("item", EVENT)
    assert isinstance(merged, Event)
    assert merged.title == original.title  # not taken: the kept one's
    assert merged.place == "Norfolk, Virginia"  # taken from the other
    assert set(merged.tracks) == {*original.tracks, "track/unsc"}
    assert set(merged.sources) == {*original.sources, "source/copy"}
    moved = read_state(sample_db, [("item", said.id)]).record("item", said.id)
    assert isinstance(moved, Statement)
    assert moved.event == EVENT
    assert read_state(sample_db, [("item", copy.id)]).record("item", copy.id) is None
    undo(sample_db, change)
    assert exported(sample_db) == before


def test_an_event_and_a_statement_cannot_be_merged(sample_db: sqlite_utils.Database) -> None:
    with pytest.raises(FieldError, match="event and a statement"):
        merge_items_edit(sample_db, EVENT, STATEMENT)


def test_two_sources_become_one_and_every_citation_follows(
    sample_db: sqlite_utils.Database,
) -> None:
    _copy_of_the_event(sample_db)
    before = exported(sample_db)
    kept = "source/helmer-article"

    change = apply(sample_db, merge_sources_edit(sample_db, kept, "source/copy"))

    copy = read_state(sample_db, [("item", "event/copy")]).record("item", "event/copy")
    assert isinstance(copy, Event)
    assert copy.sources == (kept,)
    assert (
        read_state(sample_db, [("source", "source/copy")]).record("source", "source/copy") is None
    )
    assert "source/copy" not in exported(sample_db)
    undo(sample_db, change)
    assert exported(sample_db) == before


def test_two_statements_merged_keep_the_tags_of_both_once(
    sample_db: sqlite_utils.Database,
) -> None:
    kept = read_state(sample_db, [("item", STATEMENT)]).record("item", STATEMENT)
    assert isinstance(kept, Statement)
    tagged = Statement("statement/copy", kept.speaker, kept.date, kept.text, tags=("BRIEF", "x"))
    make_change(
        sample_db, "setup", {("item", STATEMENT): replace(kept, tags=("brief",)),
                             ("item", tagged.id): tagged},
    )  # fmt: skip
    assert "tags" not in differing_fields(kept, tagged)
    apply(sample_db, merge_items_edit(sample_db, STATEMENT, tagged.id))
    merged = read_state(sample_db, [("item", STATEMENT)]).record("item", STATEMENT)
    assert isinstance(merged, Statement)
    assert merged.tags == ("brief", "x")
