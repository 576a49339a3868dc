"""Actors' lanes: grouped and coloured as the filter panel groups them."""

from __future__ import annotations

import itertools

from hypothesis import given
from hypothesis import strategies as st

from app.core.timeline.actor_lanes import (
    GROUP_PALETTE,
    NO_AFFILIATION,
    actor_group,
    actor_order,
    group_colors,
)


def test_an_actor_is_listed_under_its_affiliation_then_its_kind() -> None:
    assert actor_group("person", "Kremlin") == "Kremlin"
    assert actor_group("state", None) == "States"
    assert actor_group("anonymous", None) == "Unnamed sources"
    assert actor_group("person", None) == NO_AFFILIATION


def test_actors_sort_by_group_with_other_last_then_by_name() -> None:
    actors = [("Other", "Abe"), ("White House", "zed"), ("Kremlin", "Yuri"), ("Kremlin", "anna")]
    ordered = sorted(actors, key=lambda a: actor_order(*a))
    assert ordered == [
        ("Kremlin", "anna"),
        ("Kremlin", "Yuri"),
        ("White House", "zed"),
        ("Other", "Abe"),
    ]


def test_a_group_keeps_its_colour_when_others_come_and_go() -> None:
    alone = group_colors(["Kremlin"])["Kremlin"]
    assert group_colors(["Kremlin"]) == {"Kremlin": alone}
    assert alone in GROUP_PALETTE


@given(st.lists(st.text(min_size=1, max_size=12), unique=True, max_size=40))
def test_groups_on_screen_differ_in_colour_and_neighbours_always_do(groups: list[str]) -> None:
    colors = group_colors(groups)
    assert set(colors) == set(groups)
    if len(groups) <= len(GROUP_PALETTE):
        assert len(set(colors.values())) == len(groups)
    for before, after in itertools.pairwise(groups):
        assert colors[before] != colors[after]
