"""Actors, tracks and sources made, changed and removed from forms; refusals name the field."""

from __future__ import annotations

import pytest
import sqlite_utils

from app.core.filter import Filter
from app.core.model import Actor, Source, Track
from app.services.catalogue import (
    ActorForm,
    SourceForm,
    TrackForm,
    actor_edit,
    remove_record_edit,
    source_edit,
    track_edit,
)
from app.services.editing import FieldError, apply
from app.store.changes import read_state, undo
from app.store.queries import count
from tests.exports import exported


def test_a_new_actor_with_aliases_in_two_scripts_is_found_by_either(
    sample_db: sqlite_utils.Database,
) -> None:
    edit = actor_edit(
        sample_db, ActorForm("Yuri Ushakov", ("Ушаков", "Ushakov"), role="Presidential aide")
    )
    apply(sample_db, edit)
    ((_, actor_id),) = edit.after
    actor = read_state(sample_db, [("actor", actor_id)]).record("actor", actor_id)
    assert actor == Actor(actor_id, "Yuri Ushakov", ("Ушаков", "Ushakov"), "person",
                          "Presidential aide")  # fmt: skip


def test_renaming_an_actor_is_searched_at_once(sample_db: sqlite_utils.Database) -> None:
    peskov = read_state(sample_db, [("actor", "actor/dmitry-peskov")]).record(
        "actor", "actor/dmitry-peskov"
    )
    assert isinstance(peskov, Actor)
    spoken = count(sample_db, Filter(actors=frozenset({peskov.id})))
    form = ActorForm("Dmitry S. Peskov", (*peskov.aliases, "Kremlin voice"), peskov.kind)
    change = apply(sample_db, actor_edit(sample_db, form, peskov))
    assert count(sample_db, Filter(text='"Kremlin voice"')) == spoken
    undo(sample_db, change)
    assert count(sample_db, Filter(text='"Kremlin voice"')) == 0


@pytest.mark.parametrize(
    ("make", "field", "words"),
    [
        (lambda db: actor_edit(db, ActorForm("  ")), "Name", "required"),
        (lambda db: actor_edit(db, ActorForm("X", kind="robot")), "Kind", "one of"),
        (lambda db: track_edit(db, TrackForm("T", color="red")), "Colour", "#rrggbb"),
        (lambda db: source_edit(db, SourceForm("javascript:alert(1)")), "Address", "not a web"),
        (lambda db: source_edit(db, SourceForm()), "Address", "address or"),
        (lambda db: source_edit(db, SourceForm(title="T", published="32 Smarch")), "Published",
         "not a date"),
    ],
)  # fmt: skip
def test_bad_input_is_refused_on_its_field(
    sample_db: sqlite_utils.Database, make: object, field: str, words: str
) -> None:
    with pytest.raises(FieldError, match=words) as raised:
        make(sample_db)  # type: ignore[operator]
    assert raised.value.field == field


def test_a_source_with_its_offline_copy_and_dates(sample_db: sqlite_utils.Database) -> None:
    form = SourceForm("https://example.org/readout", "Readout", "MFA", published="24 Oct 2025",
                      archived_text="The ministers spoke by phone.")  # fmt: skip
    edit = source_edit(sample_db, form)
    apply(sample_db, edit)
    ((_, source_id),) = edit.after
    source = read_state(sample_db, [("source", source_id)]).record("source", source_id)
    assert isinstance(source, Source)
    assert source.published is not None
    assert source.published.iso() == "2025-10-24"
    assert source.archived_text == "The ministers spoke by phone."
    with pytest.raises(FieldError, match="already stored"):
        source_edit(sample_db, form)


def test_removing_a_track_takes_it_off_every_item_in_one_step(
    sample_db: sqlite_utils.Database,
) -> None:
    before = exported(sample_db)
    assert count(sample_db, Filter(tracks=frozenset({"track/unsc"}))) > 0
    change = apply(sample_db, remove_record_edit(sample_db, "track", "track/unsc"))
    assert read_state(sample_db, [("track", "track/unsc")]).record("track", "track/unsc") is None
    assert "track/unsc" not in exported(sample_db)
    undo(sample_db, change)
    assert exported(sample_db) == before


def test_an_actor_who_speaks_is_not_removed(sample_db: sqlite_utils.Database) -> None:
    with pytest.raises(FieldError, match="merge them into another actor"):
        remove_record_edit(sample_db, "actor", "actor/dmitry-peskov")


def test_a_new_track_gets_an_id_from_its_name(sample_db: sqlite_utils.Database) -> None:
    edit = track_edit(sample_db, TrackForm("Istanbul talks", color="#AA3366"))
    assert list(edit.after.values()) == [
        Track("track/istanbul-talks", "Istanbul talks", None, "#aa3366")
    ]
