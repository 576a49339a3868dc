"""A capture under review, without the window: corrections that land as typed, corrections
that cannot be read kept as a problem naming what was typed (nothing written), a speaker
changed to an actor the database knows, tracks and the event a statement was said at,
two statements merged into one."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlite_utils

from app.core.dates import PartialDate
from app.core.filter import Filter
from app.core.model import Event, Statement
from app.formats.article import read_article
from app.services.capture.accepting import capture
from app.services.capture.reviewing import Review
from app.services.editing import FieldError, apply
from app.store.changes import read_state
from app.store.queries import search
from tests.exports import exported

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "capture"
UNSC = "track/unsc"


def _review(db: sqlite_utils.Database, name: str = "news_en.txt") -> Review:
    return Review(capture(db, read_article(FIXTURES / name)))


def _statement(db: sqlite_utils.Database, words: str) -> Statement:
    hits = search(db, Filter.build(text=words)).items
    assert len(hits) == 1, words
    record = read_state(db, [("item", hits[0].id)]).record("item", hits[0].id)
    assert isinstance(record, Statement)
    return record


def _row(review: Review, speaker: str) -> int:
    return next(i for i, r in enumerate(review.statements) if r.draft.speaker == speaker)


def test_a_date_that_is_no_date_is_named_and_nothing_is_accepted_until_it_is_mended(
    sample_db: sqlite_utils.Database,
) -> None:
    before = exported(sample_db)
    review = _review(sample_db)
    row = _row(review, "Anna Kowalski")
    review.set_date("statement", row, "32 Nov 2025")
    assert review.statements[row].draft.date == PartialDate(2025, 11, 18, approximate=True)
    with pytest.raises(FieldError, match="'32 Nov 2025' is not a date I can read") as refused:
        review.edit(sample_db)
    assert str(refused.value).startswith(f"Statement {row + 1} (Anna Kowalski): ")
    assert exported(sample_db) == before
    review.statements[row].kept = False  # left out, its problem no longer stands in the way
    assert review.blocker() is None
    review.statements[row].kept = True
    review.set_date("statement", row, "19 Nov 2025")
    apply(sample_db, review.edit(sample_db))
    assert _statement(sample_db, "channel is open").date == PartialDate(2025, 11, 19)


def test_a_speaker_named_by_an_alias_is_that_actor_and_no_new_actor_is_made(
    sample_db: sqlite_utils.Database,
) -> None:
    review = _review(sample_db)
    row = _row(review, "Anna Kowalski")
    review.set_speaker(sample_db, row, "Захарова")
    assert review.statements[row].draft.speaker_id == "actor/maria-zakharova"
    review.set_attribution(row, "paraphrase")
    review.keep_all(False)
    review.statements[row].kept = True
    apply(sample_db, review.edit(sample_db))
    said = _statement(sample_db, "channel is open")
    assert (said.speaker, said.attribution) == ("actor/maria-zakharova", "paraphrase")
    assert search(sample_db, Filter.build(text="Kowalski")).total == 0


def test_a_new_speaker_keeps_the_role_the_article_gave_only_while_named_as_it_was(
    empty_db: sqlite_utils.Database,
) -> None:
    review = _review(empty_db)
    row = _row(review, "Anna Kowalski")
    assert review.statements[row].draft.role == "a spokeswoman for the State Department"
    review.set_speaker(empty_db, row, "Anna  Kowalski ")  # the same name, spaced otherwise
    assert review.statements[row].draft.role == "a spokeswoman for the State Department"
    review.set_speaker(empty_db, row, "Joanna Kowalska")
    assert review.statements[row].draft.speaker_id is None
    assert review.statements[row].draft.role is None
    review.set_speaker(empty_db, row, "  ")
    assert review.statements[row].problems == {"Speaker": "Who said it? Name the speaker."}
    assert review.statements[row].draft.speaker == "Joanna Kowalska"


def test_tracks_and_the_event_a_statement_was_said_at_land_with_it(
    sample_db: sqlite_utils.Database,
) -> None:
    review = _review(sample_db)
    row = _row(review, "Sergei Lavrov")
    review.set_tracks(sample_db, "statement", row, ("Nowhere Track",))
    assert review.statements[row].problems["Tracks"] == "No track is called “Nowhere Track”."
    review.set_tracks(sample_db, "statement", row, ("UN Security Council",))
    assert review.statements[row].problems == {}
    review.set_event(row, 0, None)  # the meeting in Geneva the article reports
    review.events[0].kept = False
    left_out = review.edit(sample_db)  # the statement lands without it, nothing refused
    said_at = [r for r in left_out.after.values() if isinstance(r, Statement)]
    assert [s.event for s in said_at if s.text.startswith("We had a frank")] == [None]
    review.events[0].kept = True
    apply(sample_db, review.edit(sample_db))
    said = _statement(sample_db, "frank and useful")
    assert said.tracks == (UNSC,)
    assert said.event is not None
    event = read_state(sample_db, [("item", said.event)]).record("item", said.event)
    assert isinstance(event, Event)
    assert event.place == "Geneva"


def test_two_statements_merged_are_one_with_the_words_of_both(
    empty_db: sqlite_utils.Database,
) -> None:
    review = _review(empty_db, "split_and_paragraphs.md")
    first, second = (r.draft for r in review.statements[:2])
    assert first.speaker == second.speaker == "Ivan Petrov"
    assert review.merge(0, 1) == 0
    assert len(review.statements) == 2
    merged = review.statements[0].draft
    assert merged.text == f"{first.text}\n{second.text}"
    assert merged.parts == (*first.parts, *second.parts)
    assert (merged.start, merged.end) == (first.start, second.end)
    for row in range(2):
        review.set_date("statement", row, "3 Mar 2025")
    apply(empty_db, review.edit(empty_db))
    assert _statement(empty_db, "ceasefire holding").text == merged.text
