"""A view as the database keeps it: written and read back whole, and a stored view that is
not one refused with the reason."""

from __future__ import annotations

import json

import pytest

from app.core.filter import DEFAULT_SCOPE, Filter
from app.core.views import SavedView, ViewSpecError, read_spec, summary, view_spec

NAMES = {"actor/dmitry-peskov": "Dmitry Peskov", "track/unsc": "UN Security Council"}


def _view() -> SavedView:
    f = Filter(
        actors=frozenset({"actor/dmitry-peskov"}),
        tracks=frozenset({"track/unsc"}),
        kinds=frozenset({"statement", "vote"}),
        tags=frozenset({"Brief"}),
        text='speaker:Peskov "Security Council"',
        advanced=True,
        scope=frozenset({"text", "sources"}),
    )
    return SavedView(f, "actor", ("Oct 2025", "c. Nov 2025"), (1_759_276_800.0, 1_764_547_199.5))


def test_a_view_is_read_back_as_it_was_saved() -> None:
    view, names = read_spec(view_spec(_view(), NAMES))

    f = view.filter
    assert (f.actors, f.tracks) == ({"actor/dmitry-peskov"}, {"track/unsc"})
    assert (f.kinds, f.tags) == ({"statement", "vote"}, {"Brief"})
    assert (f.text, f.advanced, f.scope) == ('speaker:Peskov "Security Council"', True,
                                             {"text", "sources"})  # fmt: skip
    assert view.typed_dates == ("Oct 2025", "c. Nov 2025")
    assert (f.start, f.end) == (1_759_276_800, 1_764_547_199)  # the dates as typed, read
    assert (view.grouping, view.time_window) == ("actor", (1_759_276_800.0, 1_764_547_199.5))
    assert names == NAMES
    hash(f)  # the window keeps what it counted for a Filter by it: no set inside


def test_what_a_view_shows_is_said_in_one_line() -> None:
    assert summary(_view(), NAMES) == (
        'Items matching “speaker:Peskov "Security Council"” in what was said or done, '
        "sources' titles, publishers and authors, involving Dmitry Peskov, "
        "on UN Security Council, of kind statement, vote, tagged “Brief”, "
        "from Oct 2025 to c. Nov 2025; lanes by actor; showing Oct 2025 – Nov 2025"
    )
    assert summary(SavedView(Filter(), "none", ("", "")), {}) == "All items; no lanes"
    decade = SavedView(Filter(), "track", ("", ""), (946_684_800.0, 1_262_304_000.0))
    assert summary(decade, {}) == "All items; lanes by track; showing 2000 – 2010"


def test_kinds_places_and_lanes_it_does_not_know_are_left_out() -> None:
    spec = {"kinds": ["vote", "séance"], "in": ["telepathy"], "lanes": "mood", "window": [5, 1]}
    view, names = read_spec(json.dumps(spec))
    assert view.filter.kinds == {"vote"}
    assert view.filter.scope == DEFAULT_SCOPE
    assert (view.grouping, view.time_window) == ("track", None)
    assert names == {}
    assert read_spec("{}")[0] == SavedView(Filter(), "track", ("", ""))


@pytest.mark.parametrize(
    ("spec", "reason"),
    [
        ("not json", "it is not JSON"),
        ("[1, 2]", "it is not a JSON object"),
        ('{"version": 2}', "saved by a newer Backchannel"),
        ('{"actors": "actor/x"}', "its “actors” is not a list"),
        ('{"tracks": [1]}', "its “tracks” is not a list of text"),
        ('{"search": 3}', "its “search” is not a str"),
        ('{"advanced": "yes"}', "its “advanced” is not a bool"),
    ],
)
def test_a_stored_view_that_is_not_one_says_why(spec: str, reason: str) -> None:
    with pytest.raises(ViewSpecError, match=reason):
        read_spec(spec)
