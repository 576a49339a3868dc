"""What an empty result says on the sample, typed fields and the filter panel's choices
alike: the part that leaves nothing is named, with how many items there are without it and
why they are not shown."""

from __future__ import annotations

import pytest
import sqlite_utils

from app.core.filter import Filter
from app.services.empty_result import nothing_matches
from app.services.query import apply_query
from app.store.queries import count

PESKOV = "actor/dmitry-peskov"
BACK_CHANNEL = "track/dmitriev-witkoff"


def said(db: sqlite_utils.Database, typed: str, base: Filter | None = None) -> str:
    f = apply_query(db, typed, base=base)
    assert count(db, f) == 0
    return nothing_matches(db, f)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        (
            "speaker:Peskov track:Witkoff",
            "No items match “speaker:Peskov track:Witkoff” — without track:Witkoff, 2 items "
            "(Dmitry Peskov's statements are on other tracks)",
        ),
        (
            "Peskov track:Witkoff",
            "No items match “Peskov track:Witkoff” — without track:Witkoff, 3 items "
            "(none on that track)",
        ),
        (
            "kind:vote speaker:Песков",
            "No items match “kind:vote speaker:Песков” — without kind:vote, 2 items "
            "(all of other kinds)",
        ),
        (
            "speaker:Peskov from:2026",
            "No items match “speaker:Peskov from:2026” — without from:2026, 2 items (all earlier)",
        ),
        (
            "speaker:Peskov to:2020",
            "No items match “speaker:Peskov to:2020” — without to:2020, 2 items (all later)",
        ),
        (
            'actor:"Fu Cong" speaker:Peskov',
            'No items match “actor:"Fu Cong" speaker:Peskov” — without actor:"Fu Cong", '
            "2 items (none involving Fu Cong)",
        ),
    ],
)
def test_the_typed_field_that_leaves_nothing_is_named_as_typed(
    sample_db: sqlite_utils.Database, typed: str, message: str
) -> None:
    assert said(sample_db, typed) == message


def test_the_count_without_the_named_field_is_what_the_search_without_it_finds(
    sample_db: sqlite_utils.Database,
) -> None:
    message = said(sample_db, "speaker:Peskov track:Witkoff")
    assert "without track:Witkoff, 2 items" in message
    assert count(sample_db, apply_query(sample_db, "speaker:Peskov")) == 2


def test_a_field_against_a_panel_choice_names_both(sample_db: sqlite_utils.Database) -> None:
    panel = Filter(tracks=frozenset({BACK_CHANNEL}))
    assert said(sample_db, "speaker:Peskov", base=panel) == (
        "No items match “speaker:Peskov” on Dmitriev–Witkoff back-channel — without the tracks "
        "ticked, 2 items (Dmitry Peskov's statements are on other tracks)"
    )


def test_the_panel_s_choices_alone_keep_their_hint(sample_db: sqlite_utils.Database) -> None:
    f = Filter(actors=frozenset({PESKOV}), tracks=frozenset({BACK_CHANNEL}))
    assert nothing_matches(sample_db, f) == (
        "No items involving Dmitry Peskov, on Dmitriev–Witkoff back-channel — "
        "Dmitry Peskov's items are on other tracks"
    )


def test_a_typed_kind_against_the_panel_s_kind_is_named(
    sample_db: sqlite_utils.Database,
) -> None:
    f = apply_query(sample_db, "kind:vote", base=Filter(kinds=frozenset({"meeting"})))
    assert count(sample_db, f) == 0
    assert nothing_matches(sample_db, f) == (
        "No items match “kind:vote” of kind meeting — without kind:vote, 1 item "
        "(all of other kinds)"
    )


def test_beside_typed_fields_the_panel_s_choice_is_named_as_the_panel_s(
    sample_db: sqlite_utils.Database,
) -> None:
    f = apply_query(sample_db, "kind:vote from:2025-10", base=Filter(kinds=frozenset({"meeting"})))
    assert count(sample_db, f) == 0
    assert nothing_matches(sample_db, f) == (
        "No items match “kind:vote from:2025-10” of kind meeting — without the kinds ticked, "
        "2 items (all of other kinds)"
    )


def test_words_left_out_that_every_item_holds_are_named(sample_db: sqlite_utils.Database) -> None:
    witkoff = count(sample_db, apply_query(sample_db, "Witkoff"))
    assert witkoff > 1
    assert said(sample_db, "Witkoff -Dmitriev -Vance") == (
        f"No items match “Witkoff -Dmitriev -Vance” — all {witkoff} items with “Witkoff” also "
        "hold “Dmitriev” or “Vance”"
    )
    assert said(sample_db, "Peskov OR Zakharova Witkoff") == (
        "No items match “Peskov OR Zakharova Witkoff” — “Peskov OR Zakharova” and “Witkoff” "
        "are each found, but never in the same item"
    )
    assert said(sample_db, "speaker:Peskov -plans -Moscow") == (
        "No items match “speaker:Peskov -plans -Moscow” — both items also hold “plans” or “Moscow”"
    )
    assert said(sample_db, "Peskov OR Zakharova zzyzzx -Witkoff") == (
        "No items match “Peskov OR Zakharova zzyzzx -Witkoff” — nothing holds “zzyzzx”"
    )
