"""Named views read into the Filter the window shows and the command line applies: by name in
any case, with merged actors followed and deleted ones named; and a view narrowed by more
choices selects exactly the items both select."""

from __future__ import annotations

from dataclasses import replace
from itertools import product

import pytest
import sqlite_utils

from app.core.dates import parse_partial
from app.core.filter import Filter
from app.core.model import Actor, Statement, Track
from app.core.views import SavedView, narrowed
from app.services.catalogue import remove_record_edit
from app.services.editing import apply, merge_actors_edit
from app.services.query import apply_query, window_filter
from app.services.views import (
    ViewError,
    listed_views,
    recall,
    rename,
    save_view,
    valid_name,
    view_filter,
)
from app.store.changes import make_change
from app.store.queries import page

UNSC = "track/unsc"
PESKOV = "actor/dmitry-peskov"


def _ids(db: sqlite_utils.Database, f: Filter) -> set[str]:
    return {item.id for item in page(db, f, 1000)}


def test_a_view_selects_what_its_search_box_and_panel_select(
    sample_db: sqlite_utils.Database,
) -> None:
    panel = Filter.build(tracks=[UNSC], date_from="Nov 2025")
    typed = "kind:vote Gaza"
    view = SavedView(replace(panel, text=typed), "actor", ("Nov 2025", ""))
    saved = save_view(sample_db, "  UNSC   votes ", view)
    assert saved == "UNSC votes"

    recalled = recall(sample_db, "unsc VOTES")

    assert (recalled.name, recalled.missing) == ("UNSC votes", ())
    f = view_filter(sample_db, recalled.view)
    assert f == window_filter(sample_db, typed, False, panel)
    assert _ids(sample_db, f) == {"event/2025-11-17-unsc-resolution-2803-vote"}
    assert recalled.view.grouping == "actor"


def test_an_unknown_name_lists_the_saved_views(sample_db: sqlite_utils.Database) -> None:
    with pytest.raises(ViewError, match=r"^No view is called “UNSC”\. There are no saved views\.$"):
        recall(sample_db, "UNSC")
    save_view(sample_db, "peskov", SavedView(Filter(text="speaker:Peskov"), "track", ("", "")))
    save_view(sample_db, "Alaska", SavedView(Filter(text="Alaska"), "track", ("", "")))
    with pytest.raises(
        ViewError, match=r"^No view is called “UNSC”\. Saved views: Alaska, peskov\.$"
    ):
        recall(sample_db, "UNSC")
    with pytest.raises(ViewError, match="Another view is called “peskov”"):
        rename(sample_db, "Alaska", "PESKOV")
    assert [v.name for v in listed_views(sample_db)] == ["Alaska", "peskov"]


@pytest.mark.parametrize(
    ("name", "reason"),
    [("   ", "needs a name"), ("x" * 101, "at most 100"), ("a\tb\x07", "no control")],
)
def test_a_name_that_cannot_be_one_says_why(name: str, reason: str) -> None:
    with pytest.raises(ViewError, match=reason):
        valid_name(name)


def test_a_view_naming_a_merged_actor_recalls_the_kept_one(
    sample_db: sqlite_utils.Database,
) -> None:
    vadim = Actor("actor/vadim-medinsky", "V. Medinskiy")
    said = Statement("statement/vadim", vadim.id, parse_partial("2025-05-16"), "It stays.")
    make_change(sample_db, "setup", {("actor", vadim.id): vadim, ("item", said.id): said})
    save_view(sample_db, "Medinsky", SavedView(Filter(actors=frozenset({vadim.id})), "actor",
                                               ("", "")))  # fmt: skip
    apply(sample_db, merge_actors_edit(sample_db, "actor/vladimir-medinsky", vadim.id))

    recalled = recall(sample_db, "Medinsky")

    assert recalled.view.filter.actors == {"actor/vladimir-medinsky"}
    assert (recalled.missing, recalled.note) == ((), "")
    assert "statement/vadim" in _ids(sample_db, view_filter(sample_db, recalled.view))


def test_a_view_naming_deleted_records_recalls_the_rest_and_names_them(
    sample_db: sqlite_utils.Database,
) -> None:
    envoy, arctic = Actor("actor/envoy", "Special Envoy"), Track("track/arctic", "Arctic Council")
    make_change(sample_db, "setup", {("actor", envoy.id): envoy, ("track", arctic.id): arctic})
    chosen = Filter(actors=frozenset({envoy.id, PESKOV}), tracks=frozenset({arctic.id, UNSC}),
                    text="Gaza")  # fmt: skip
    save_view(sample_db, "Envoys", SavedView(chosen, "kind", ("2025", ""), (1.0, 2.0)))
    apply(sample_db, remove_record_edit(sample_db, "actor", envoy.id))
    apply(sample_db, remove_record_edit(sample_db, "track", arctic.id))

    recalled = recall(sample_db, "envoys")

    f = recalled.view.filter
    assert (f.actors, f.tracks, f.text) == ({PESKOV}, {UNSC}, "Gaza")
    assert (recalled.view.grouping, recalled.view.time_window) == ("kind", (1.0, 2.0))
    assert recalled.missing == ("actor “Special Envoy”", "track “Arctic Council”")
    assert recalled.note == (
        "The view “Envoys” names what is no longer in the database: actor “Special Envoy”, "
        "track “Arctic Council”. It shows the rest without them."
    )


def _filters(db: sqlite_utils.Database) -> list[Filter]:
    return [
        Filter(),
        Filter(tracks=frozenset({UNSC})),
        Filter(tracks=frozenset({"track/dmitriev-witkoff", "track/lavrov-rubio"})),
        Filter(actors=frozenset({PESKOV})),
        Filter(kinds=frozenset({"statement"})),
        Filter.build(date_from="Nov 2025", date_to="Nov 2025"),
        Filter(text="Gaza"),
        Filter(text="Alaska OR veto", advanced=True),
        apply_query(db, "speaker:Peskov"),
        apply_query(db, "kind:vote Gaza", base=Filter(tracks=frozenset({UNSC}))),
        apply_query(db, "track:Witkoff from:2025-10"),
    ]


def test_a_view_narrowed_by_more_choices_selects_what_both_select(
    sample_db: sqlite_utils.Database,
) -> None:
    filters = _filters(sample_db)
    selected = [_ids(sample_db, f) for f in filters]
    assert all(len(ids) > 0 for ids in selected)
    for (f, f_ids), (by, by_ids) in product(zip(filters, selected, strict=True), repeat=2):
        both = narrowed(f, by)
        assert _ids(sample_db, both) == f_ids & by_ids, (f.describe(), by.describe())
    both = narrowed(Filter(tracks=frozenset({UNSC})), Filter(tracks=frozenset({"track/icj"})))
    assert both.describe() == "Items on track/unsc, on track/icj"  # each must hold


def test_a_view_narrowed_by_more_words_keeps_each_words_other_spellings(
    sample_db: sqlite_utils.Database,
) -> None:
    """A view searching Песков, narrowed by "initiatives" on the command line, still finds the
    announcement whose own words say Peskov."""
    view = apply_query(sample_db, "Песков")
    more = apply_query(sample_db, "initiatives")
    both = narrowed(view, more)
    assert dict(both.spellings)["песков"] == ("peskov",)
    assert _ids(sample_db, both) == _ids(sample_db, view) & _ids(sample_db, more)
    assert _ids(sample_db, both)
