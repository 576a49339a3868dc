"""Forms as typed become records, or a message naming the field; nothing half-saved."""

from __future__ import annotations

import pytest
import sqlite_utils

from app.core.dates import Precision, parse_partial
from app.core.filter import Filter
from app.core.model import Actor, Event, Statement
from app.services.editing import (
    EventForm,
    FieldError,
    StatementForm,
    apply,
    delete_edit,
    event_edit,
    merge_actors_edit,
    note_edit,
    statement_edit,
    tags_edit,
    tracks_edit,
)
from app.store.changes import make_change, read_state, undo
from app.store.queries import count


def _form(**fields: object) -> StatementForm:
    base = {"speaker": "Песков", "date": "24 Oct 2025", "text": "No comment on the channel."}
    return StatementForm(**(base | fields))  # type: ignore[arg-type]


def _record(db: sqlite_utils.Database, id_: str) -> object:
    return read_state(db, [("item", id_)]).record("item", id_)


def test_a_speaker_typed_in_cyrillic_is_the_actor_of_that_alias(
    sample_db: sqlite_utils.Database,
) -> None:
    edit = statement_edit(sample_db, _form(tracks=("Dmitriev–Witkoff",)))
    apply(sample_db, edit)

    made = _record(sample_db, edit.item or "")
    assert isinstance(made, Statement)
    assert made.speaker == "actor/dmitry-peskov"
    assert made.tracks == ("track/dmitriev-witkoff",)
    assert edit.label == "New statement"
    assert count(sample_db, Filter(text="channel", actors={"actor/dmitry-peskov"})) >= 1


@pytest.mark.parametrize(
    ("typed", "iso", "precision"),
    [
        ("24 Oct 2025", "2025-10-24", Precision.DAY),
        ("Oct 2025", "2025-10", Precision.MONTH),
        ("c. Nov 2025", "2025-11~", Precision.MONTH),
    ],
)
def test_a_date_keeps_the_precision_it_was_typed_with(
    sample_db: sqlite_utils.Database, typed: str, iso: str, precision: Precision
) -> None:
    edit = statement_edit(sample_db, _form(date=typed))
    made = edit.after["item", edit.item or ""]
    assert isinstance(made, Statement)
    assert (made.date.iso(), made.date.precision) == (iso, precision)


def test_an_event_over_three_days_is_a_range(sample_db: sqlite_utils.Database) -> None:
    edit = event_edit(
        sample_db,
        EventForm("Talks in Riyadh", "meeting", "24–26 Oct 2025", actors=("Witkoff", "Дмитриев")),
    )
    made = edit.after["item", edit.item or ""]
    assert isinstance(made, Event)
    assert made.when.iso() == "2025-10-24/2025-10-26"
    assert made.actors == ("actor/steve-witkoff", "actor/kirill-dmitriev")


@pytest.mark.parametrize(
    ("fields", "field", "words"),
    [
        ({"speaker": "  "}, "Speaker", "required"),
        ({"speaker": "Nobody Known"}, "Speaker", "No actor is called"),
        ({"date": "the thirty-third of Smarch"}, "Date", "is not a date"),
        ({"date": ""}, "Date", "required"),
        ({"text": " \n "}, "Text", "required"),
        ({"text": "x" * 5_000_000}, "Text", "5,000,000 characters"),
        ({"text": "broken \ud800 half"}, "Text", "broken character"),
        ({"sources": ("javascript:alert(1)",)}, "Sources", "neither a stored source"),
        ({"tracks": ("No Such Track",)}, "Tracks", "No track is called"),
        ({"language": "<b>ru</b>"}, "Language", "not a language code"),
        ({"attribution": "rumour"}, "Attribution", "must be one of"),
        ({"event": "statement/2025-10-donald-trump-we-win"}, "Event", "no event"),
    ],
)
def test_bad_input_names_the_field_and_writes_nothing(
    sample_db: sqlite_utils.Database, fields: dict[str, object], field: str, words: str
) -> None:
    before = sample_db.execute("SELECT count(*) FROM items").fetchone()[0]
    with pytest.raises(FieldError, match=words) as raised:
        statement_edit(sample_db, _form(**fields))
    assert raised.value.field == field
    assert sample_db.execute("SELECT count(*) FROM items").fetchone()[0] == before


def test_an_unknown_speaker_becomes_an_actor_when_asked_and_markup_stays_text(
    sample_db: sqlite_utils.Database,
) -> None:
    edit = statement_edit(
        sample_db,
        _form(speaker="Ivan <b>Petrov</b>", new_speaker=True, sources=("https://example.org/x",)),
    )
    change = apply(sample_db, edit)
    made = _record(sample_db, edit.item or "")
    assert isinstance(made, Statement)
    actor = read_state(sample_db, [("actor", made.speaker)]).record("actor", made.speaker)
    assert isinstance(actor, Actor)
    assert actor.name == "Ivan <b>Petrov</b>"
    undo(sample_db, change)  # the actor and the source made for it go too
    assert read_state(sample_db, [("actor", made.speaker)]).record("actor", made.speaker) is None
    assert count(sample_db, Filter(text="petrov")) == 0


def test_editing_one_field_is_named_in_the_label(sample_db: sqlite_utils.Database) -> None:
    edit = statement_edit(sample_db, _form())
    apply(sample_db, edit)
    original = _record(sample_db, edit.item or "")
    assert isinstance(original, Statement)
    again = statement_edit(sample_db, _form(text="Different words."), original)
    assert again.label == "Edit statement text"
    assert again.item == original.id


def test_deleting_an_event_keeps_its_statements_untied(sample_db: sqlite_utils.Database) -> None:
    event_id = "event/2025-10-trump-navy-birthday-speech"
    statement_id = "statement/2025-10-donald-trump-we-win"
    change = apply(sample_db, delete_edit(sample_db, [event_id]))

    assert _record(sample_db, event_id) is None
    kept = _record(sample_db, statement_id)
    assert isinstance(kept, Statement)
    assert kept.event is None
    undo(sample_db, change)
    restored = _record(sample_db, statement_id)
    assert isinstance(restored, Statement)
    assert restored.event == event_id


def test_a_track_added_to_many_items_is_one_step(sample_db: sqlite_utils.Database) -> None:
    ids = [r[0] for r in sample_db.execute("SELECT id FROM items")]
    track = "track/unsc"
    had = count(sample_db, Filter(tracks={track}))
    change = apply(sample_db, tracks_edit(sample_db, ids, "UN Security Council", add=True))
    assert count(sample_db, Filter(tracks={track})) == len(ids)
    undo(sample_db, change)
    assert count(sample_db, Filter(tracks={track})) == had


def test_merging_two_medinskys_moves_every_statement_and_keeps_the_name_as_alias(
    sample_db: sqlite_utils.Database,
) -> None:
    vadim = Actor("actor/vadim-medinsky", "V. Medinskiy")
    said = Statement(
        "statement/vadim", vadim.id, parse_partial("2025-05-16"), "Istanbul format stays."
    )
    make_change(sample_db, "setup", {("actor", vadim.id): vadim, ("item", said.id): said})
    kept = "actor/vladimir-medinsky"

    change = apply(sample_db, merge_actors_edit(sample_db, kept, vadim.id))

    moved = _record(sample_db, said.id)
    assert isinstance(moved, Statement)
    assert moved.speaker == kept
    actor = read_state(sample_db, [("actor", kept)]).record("actor", kept)
    assert isinstance(actor, Actor)
    assert "V. Medinskiy" in actor.aliases
    assert count(sample_db, Filter(text="Medinskiy")) == count(sample_db, Filter(actors={kept}))
    undo(sample_db, change)
    both = read_state(sample_db, [("actor", vadim.id), ("item", said.id)])
    assert both.record("actor", vadim.id) == vadim
    assert both.record("item", said.id) == said


def _tagged(db: sqlite_utils.Database, tag: str) -> list[str]:
    from app.store.queries import page

    return [s.id for s in page(db, Filter(tags=frozenset({tag})), limit=1000)]


def test_tagging_many_items_is_one_step_named_with_the_tag(
    sample_db: sqlite_utils.Database,
) -> None:
    ids = [r[0] for r in sample_db.execute("SELECT id FROM items ORDER BY key LIMIT 3")]
    edit = tags_edit(sample_db, ids, " brief ", add=True)
    assert edit.label == "Tag 3 items “brief”"
    apply(sample_db, edit)
    assert _tagged(sample_db, "Brief") == ids
    # Already tagged in another case: nothing to do for them.
    assert tags_edit(sample_db, ids[:2], "BRIEF", add=True).after == {}
    untag = tags_edit(sample_db, ids[:2], "BRIEF", add=False)
    assert untag.label == "Untag 2 items “BRIEF”"
    apply(sample_db, untag)
    assert _tagged(sample_db, "brief") == ids[2:]


def test_undoing_a_tag_restores_each_item_exactly(sample_db: sqlite_utils.Database) -> None:
    ids = [r[0] for r in sample_db.execute("SELECT id FROM items ORDER BY key LIMIT 5")]
    before = {i: _record(sample_db, i) for i in ids}
    change = apply(sample_db, tags_edit(sample_db, ids, "Срочно", add=True))
    assert len(_tagged(sample_db, "срочно")) == 5
    undo(sample_db, change)
    assert {i: _record(sample_db, i) for i in ids} == before
    assert _tagged(sample_db, "срочно") == []


@pytest.mark.parametrize(
    ("tag", "message"),
    [
        ("", "cannot be empty"),
        ("two\nlines", "not one line"),
        ("tab\there", "not one line"),
        ("a;b", "separates tags"),
        ("x" * 101, "101 characters; at most 100"),
    ],
)
def test_a_bad_tag_is_refused_naming_the_tags_field(
    sample_db: sqlite_utils.Database, tag: str, message: str
) -> None:
    item = sample_db.execute("SELECT id FROM items LIMIT 1").fetchone()[0]
    with pytest.raises(FieldError, match=message) as refused:
        tags_edit(sample_db, [item], tag, add=True)
    assert refused.value.field == "Tags"
    if tag:  # a form's blank tag entries are left out
        with pytest.raises(FieldError, match=message):
            statement_edit(sample_db, _form(tags=("fine", tag)))


def test_tagging_an_item_that_is_not_there_names_it(sample_db: sqlite_utils.Database) -> None:
    with pytest.raises(FieldError, match="no event or statement “statement/gone”"):
        tags_edit(sample_db, ["statement/gone"], "brief", add=True)


def test_a_note_is_kept_apart_from_the_words_and_undone(
    sample_db: sqlite_utils.Database,
) -> None:
    edit = statement_edit(sample_db, _form(note="  Said off the record?  ", tags=("Brief",)))
    apply(sample_db, edit)
    made = _record(sample_db, edit.item or "")
    assert isinstance(made, Statement)
    assert (made.text, made.note, made.tags) == (
        "No comment on the channel.",
        "Said off the record?",
        ("Brief",),
    )
    change = apply(sample_db, note_edit(sample_db, made.id, "Confirmed by the embassy"))
    assert change.label == "Edit statement note"
    noted = _record(sample_db, made.id)
    assert isinstance(noted, Statement)
    assert noted.note == "Confirmed by the embassy"
    undo(sample_db, change)
    assert _record(sample_db, made.id) == made
    with pytest.raises(FieldError, match="at most 200,000") as refused:
        note_edit(sample_db, made.id, "x" * 200_001)
    assert refused.value.field == "Note"


def test_an_edit_from_a_form_without_note_or_tags_keeps_them(
    sample_db: sqlite_utils.Database,
) -> None:
    edit = statement_edit(sample_db, _form(note="Mine", tags=("brief",)))
    apply(sample_db, edit)
    made = _record(sample_db, edit.item or "")
    assert isinstance(made, Statement)
    retyped = statement_edit(sample_db, _form(text="No comment at all."), made)
    assert retyped.label == "Edit statement text"
    kept = retyped.after["item", made.id]
    assert isinstance(kept, Statement)
    assert (kept.note, kept.tags) == ("Mine", ("brief",))
    cleared = statement_edit(sample_db, _form(note="", tags=()), made).after["item", made.id]
    assert isinstance(cleared, Statement)
    assert (cleared.note, cleared.tags) == (None, ())


def test_an_event_form_carries_note_and_tags(sample_db: sqlite_utils.Database) -> None:
    form = EventForm("Geneva round", "meeting", "24–26 Oct 2025", note="Venue unconfirmed",
                     tags=("brief", "Brief", "geneva"))  # fmt: skip
    edit = event_edit(sample_db, form)
    made = edit.after["item", edit.item or ""]
    assert isinstance(made, Event)
    assert (made.note, made.tags) == ("Venue unconfirmed", ("brief", "geneva"))


def _ids_of_kind(db: sqlite_utils.Database, statements: bool, n: int) -> list[str]:
    where = "kind = 'statement'" if statements else "kind != 'statement'"
    return [r[0] for r in db.execute(f"SELECT id FROM items WHERE {where} ORDER BY key LIMIT {n}")]


def test_setting_the_kind_of_many_items_sets_the_events_and_leaves_the_statements(
    sample_db: sqlite_utils.Database,
) -> None:
    from app.services.editing import events_among, kind_edit

    events = _ids_of_kind(sample_db, statements=False, n=3)
    statements = _ids_of_kind(sample_db, statements=True, n=2)
    before = {i: _record(sample_db, i) for i in events + statements}
    assert events_among(sample_db, statements + events) == events

    change = apply(sample_db, kind_edit(sample_db, statements + events, "summit"))

    for i in events:
        event = _record(sample_db, i)
        assert isinstance(event, Event)
        assert event.kind == "summit"
    assert all(_record(sample_db, i) == before[i] for i in statements)
    assert change.label.startswith("Set kind of ")
    assert change.label.endswith("to “summit”")
    undo(sample_db, change)
    assert {i: _record(sample_db, i) for i in before} == before


def test_setting_a_kind_on_statements_only_is_refused_naming_the_kind_field(
    sample_db: sqlite_utils.Database,
) -> None:
    from app.services.editing import kind_edit

    statements = _ids_of_kind(sample_db, statements=True, n=4)
    with pytest.raises(FieldError, match="Only events have a kind; the 4 selected items") as no:
        kind_edit(sample_db, statements, "summit")
    assert no.value.field == "Kind"
    event = _ids_of_kind(sample_db, statements=False, n=1)
    with pytest.raises(FieldError, match="Kind must be one of") as wrong:
        kind_edit(sample_db, event, "picnic")
    assert wrong.value.field == "Kind"
