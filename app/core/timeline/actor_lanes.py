"""Lanes by actor as the filter panel lists actors: grouped under their affiliation (states
together, unnamed sources together, the rest last), by name within a group; and a colour
per group, so the lanes of one affiliation share a hue.

The data holds no colour for an affiliation, so each group takes one from a fixed palette of
mid-tone colours (which the theme makes readable on light and dark, as it does tracks'
colours). A group's colour comes from its name, so it stays the same as filters come and go;
when two groups on screen would share one, the later takes the next colour free, and when
there are more groups than colours, neighbours still differ. The window and the exported
picture colour the same lanes the same way."""

from __future__ import annotations

import zlib
from collections.abc import Iterable

NO_AFFILIATION = "Other"
"""The heading of actors with no affiliation that are neither states nor unnamed sources."""
KIND_GROUPS = {"state": "States", "anonymous": "Unnamed sources"}
GROUP_PALETTE = (
    "#4e79a7",  # blue
    "#e15759",  # red
    "#59a14f",  # green
    "#b07aa1",  # purple
    "#76b7b2",  # teal
    "#edc948",  # yellow
    "#9c755f",  # brown
    "#e377c2",  # magenta
    "#8cd17d",  # light green
    "#bcbd22",  # olive
)
"""No orange (it would read as the selection's colour) and no grey (the no-lane lane's)."""


def actor_group(kind: str | None, affiliation: str | None) -> str:
    """Where an actor is listed: under its affiliation; states together; the rest last."""
    if affiliation:
        return affiliation
    return KIND_GROUPS.get(kind or "", NO_AFFILIATION)


def actor_order(group: str, name: str) -> tuple[bool, str, str]:
    """The sort key of an actor in the filter panel and on lanes: by group, "Other" last,
    then by name."""
    return (group == NO_AFFILIATION, group.casefold(), name.casefold())


def group_colors(groups: Iterable[str]) -> dict[str, str]:
    """A colour (#rrggbb) for each group, `groups` in the order their lanes are shown."""
    colors: dict[str, str] = {}
    used: set[int] = set()
    previous = -1
    size = len(GROUP_PALETTE)
    for group in dict.fromkeys(groups):
        slot = zlib.crc32(group.encode("utf-8")) % size
        free = [s for s in range(size) if s not in used and s != previous]
        if slot in used or slot == previous:
            after = [s for s in free if s > slot] or free
            slot = after[0] if after else (previous + 1) % size
        used.add(slot)
        colors[group] = GROUP_PALETTE[slot]
        previous = slot
    return colors
