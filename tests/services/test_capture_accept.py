"""Accepted drafts land as one step: searchable, with the article as their source and its
text as the offline copy; undo takes them all back; capturing again proposes nothing twice."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlite_utils

from app.core.dates import DateSpan, parse_partial
from app.core.filter import Filter
from app.core.model import Actor, Event, Source, Statement
from app.formats.article import article_from_text, read_article
from app.services.capture.accepting import accept_edit, capture
from app.services.editing import Edit, FieldError, apply
from app.store.changes import read_state, undo
from app.store.queries import search
from tests.exports import exported as _exported

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "capture"


def test_some_accepted_drafts_land_searchable_with_the_article_as_their_source(
    sample_db: sqlite_utils.Database,
) -> None:
    article = read_article(FIXTURES / "news_en.txt")
    drafts = capture(sample_db, article)
    accepted = [s for s in drafts.statements if s.speaker in ("Anna Kowalski", "Sergei Lavrov")]
    change = apply(sample_db, accept_edit(sample_db, drafts, accepted, events=[]))
    assert (
        change.label
        == "Capture 2 items from Lavrov and Rubio agree to keep talking after Geneva round"
    )
    hits = search(sample_db, Filter.build(text="channel is open")).items
    assert [h.speaker for h in hits] == ["Anna Kowalski"]
    state = read_state(sample_db, [("item", hits[0].id)])
    statement = state.record("item", hits[0].id)
    assert isinstance(statement, Statement)
    source = read_state(sample_db, [("source", statement.sources[0])]).record(
        "source", statement.sources[0]
    )
    assert isinstance(source, Source)
    assert source.archived_text == article.text
    assert (source.title, source.author) == (article.title, "Jane Roe")
    speaker = read_state(sample_db, [("actor", statement.speaker)]).record(
        "actor", statement.speaker
    )
    assert isinstance(speaker, Actor)
    assert speaker.role == "a spokeswoman for the State Department"  # a new actor, with role
    assert search(sample_db, Filter.build(text="frank and useful")).total == 1
    assert search(sample_db, Filter.build(text="follow-up meeting")).total == 0  # not accepted


def test_undo_takes_a_whole_capture_back(sample_db: sqlite_utils.Database) -> None:
    before = _exported(sample_db)
    drafts = capture(sample_db, read_article(FIXTURES / "news_en.txt"))
    change = apply(sample_db, accept_edit(sample_db, drafts))
    assert _exported(sample_db) != before
    undo(sample_db, change)
    assert _exported(sample_db) == before


def test_capturing_the_same_article_again_proposes_nothing_already_accepted(
    sample_db: sqlite_utils.Database,
) -> None:
    article = read_article(FIXTURES / "readout_ru.txt")
    first = capture(sample_db, article)
    kept = first.statements[:2]
    apply(sample_db, accept_edit(sample_db, first, kept))
    again = capture(sample_db, article)
    assert again.already_captured == 2
    assert [s.text for s in again.statements] == [s.text for s in first.statements[2:]]
    assert again.events == []


def test_an_undated_statement_is_refused_naming_the_date(
    empty_db: sqlite_utils.Database,
) -> None:
    drafts = capture(empty_db, read_article(FIXTURES / "split_and_paragraphs.md"))
    with pytest.raises(FieldError, match="no date") as refused:
        accept_edit(empty_db, drafts)
    assert refused.value.field == "Date"
    assert empty_db.execute("SELECT count(*) FROM items").fetchone()[0] == 0


def test_a_statement_said_at_an_event_captured_before_is_linked_to_the_stored_one(
    empty_db: sqlite_utils.Database,
) -> None:
    """An article tells of a meeting the database holds already (captured from another
    article): the event is not proposed twice, and what was said at it joins the stored one."""
    people = {("actor", a.id): a for a in (Actor("actor/lavrov", "Sergei Lavrov"),
                                           Actor("actor/rubio", "Marco Rubio"))}  # fmt: skip
    meeting = Event(
        "event/geneva", "Sergei Lavrov and Marco Rubio meet in Geneva", "meeting",
        DateSpan(parse_partial("2025-11-17")), "Geneva", actors=("actor/lavrov", "actor/rubio"),
    )  # fmt: skip
    apply(empty_db, Edit("Set up", {**people, ("item", meeting.id): meeting}))
    article = article_from_text(
        "Lavrov on Geneva\n\nSergei Lavrov and Marco Rubio met in Geneva on November 17, "
        '2025. At that meeting, Rubio said: "The channel stays open."\n'
    )
    drafts = capture(empty_db, article, parse_partial("2025-11-19"))
    assert drafts.events == []  # the stored meeting, not proposed again
    (said,) = drafts.statements
    assert (said.speaker_id, said.event_id) == ("actor/rubio", "event/geneva")
    apply(empty_db, accept_edit(empty_db, drafts))
    hit = search(empty_db, Filter.build(text="channel stays open")).items[0]
    record = read_state(empty_db, [("item", hit.id)]).record("item", hit.id)
    assert isinstance(record, Statement)
    assert (record.event, record.date.iso()) == ("event/geneva", "2025-11-17")


def test_words_captured_before_are_not_proposed_again_after_the_review_changed_them(
    empty_db: sqlite_utils.Database,
) -> None:
    """The review gave one quote another speaker and joined two others: capturing the same
    article again proposes none of the three."""
    article = read_article(FIXTURES / "split_and_paragraphs.md")
    drafts = capture(empty_db, article, parse_partial("2025-03-01"))
    first, second, third = drafts.statements[:3]
    first.speaker, first.speaker_id = "Someone Else", None
    second.text = f"{second.text} {third.text}"  # as "Merge with next" joins them
    apply(empty_db, accept_edit(empty_db, drafts, [first, second]))
    again = capture(empty_db, article, parse_partial("2025-03-01"))
    assert {s.text for s in again.statements}.isdisjoint({first.text, third.text})
    assert again.already_captured == 3
