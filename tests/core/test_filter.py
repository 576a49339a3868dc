"""The Filter: what a person types into the filter bar becomes exact, inclusive second bounds."""

from __future__ import annotations

import pytest

from app.core.calendar import to_seconds
from app.core.dates import DateError
from app.core.filter import Filter

NAMES = {
    "lavrov": "Sergey Lavrov",
    "peskov": "Dmitry Peskov",
    "ukr": "Ukraine talks",
}


def test_partial_dates_cover_their_whole_span() -> None:
    f = Filter.build(date_from="2025", date_to="Oct 2025")
    assert f.start == to_seconds(2025, 1, 1, 0, 0, 0) == 1_735_689_600
    assert f.end == to_seconds(2025, 10, 31, 23, 59, 59) == 1_761_955_199


def test_ranges_use_their_outer_ends() -> None:
    f = Filter.build(date_from="24–26 October 2025", date_to="2005-2007")
    assert f.start == to_seconds(2025, 10, 24)
    assert f.end == to_seconds(2007, 12, 31, 23, 59, 59)


def test_day_and_minute_bounds() -> None:
    f = Filter.build(date_from="2025-10-24", date_to="2025-10-24T14:30")
    assert f.start == to_seconds(2025, 10, 24)
    assert f.end == to_seconds(2025, 10, 24, 14, 30, 59)


def test_one_sided_and_missing_dates() -> None:
    assert Filter.build(date_from="2005").end is None
    assert Filter.build(date_to="2005").start is None
    assert Filter.build(date_to="2005").end == to_seconds(2005, 12, 31, 23, 59, 59)
    blank = Filter.build(date_from="", date_to=None)
    assert (blank.start, blank.end) == (None, None)


def test_deep_time_bound() -> None:
    f = Filter.build(date_from="-13800000000")
    assert f.start == (-719_528 - 34_500_000 * 146_097) * 86_400


def test_build_collects_sets_and_strips_text() -> None:
    f = Filter.build(
        actors=["lavrov", "peskov", "lavrov"],
        tracks=("ukr",),
        kinds=iter(["call", "statement"]),
        text="  ceasefire  ",
        advanced=True,
    )
    assert f.actors == frozenset({"lavrov", "peskov"})
    assert f.tracks == frozenset({"ukr"})
    assert f.kinds == frozenset({"call", "statement"})
    assert f.text == "ceasefire"
    assert f.advanced is True


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"date_from": "October 32 2025"}, "date_from"),
        ({"date_to": "2025-13"}, "date_to"),
        ({"date_to": "2025-02-29"}, "date_to"),
        ({"date_from": "hello"}, "date_from"),
        ({"date_from": "October 24"}, "date_from"),
    ],
)
def test_bad_date_raises_date_error(kwargs: dict[str, str], field: str) -> None:
    with pytest.raises(DateError, match=repr(kwargs[field])):
        Filter.build(**kwargs)  # type: ignore[arg-type]


def test_is_empty() -> None:
    assert Filter().is_empty
    assert Filter.build().is_empty
    assert Filter.build(text="   ", date_from="", date_to="").is_empty
    assert not Filter.build(actors=["lavrov"]).is_empty
    assert not Filter.build(tracks=["ukr"]).is_empty
    assert not Filter.build(kinds=["call"]).is_empty
    assert not Filter.build(date_from="2025").is_empty
    assert not Filter.build(date_to="2025").is_empty
    assert not Filter.build(text="ceasefire").is_empty
    assert not Filter(advanced=True).is_empty


def test_with_text_replaces_only_the_text() -> None:
    f = Filter.build(actors=["lavrov"], date_from="2025")
    searched = f.with_text("  grain deal ", advanced=True)
    assert searched.text == "grain deal"
    assert searched.advanced is True
    assert (searched.actors, searched.start, searched.end) == (f.actors, f.start, f.end)
    assert f.text == ""  # the original is unchanged
    assert searched.with_text("") == f
    assert Filter().with_text("x").with_text(" ").is_empty


def test_describe_nothing() -> None:
    assert Filter().describe() == "All items"
    assert Filter().describe(NAMES) == "All items"


def test_describe_everything_with_names() -> None:
    f = Filter.build(
        actors=["peskov", "lavrov"],
        tracks=["ukr"],
        kinds=["call", "meeting"],
        date_from="2025",
        date_to="Oct 2025",
        text="ceasefire",
    )
    assert f.describe(NAMES) == (
        "Items matching “ceasefire”, involving Dmitry Peskov, Sergey Lavrov, "
        "on Ukraine talks, of kind call, meeting, from 1 Jan 2025 to 31 Oct 2025"
    )


def test_describe_falls_back_to_ids_without_a_name() -> None:
    f = Filter.build(actors=["lavrov", "x-anon"], tracks=["ukr"])
    assert f.describe() == "Items involving lavrov, x-anon, on ukr"
    assert f.describe(NAMES) == "Items involving Sergey Lavrov, x-anon, on Ukraine talks"


@pytest.mark.parametrize(
    ("kwargs", "sentence"),
    [
        ({"date_from": "2025-10-24"}, "Items from 24 Oct 2025"),
        ({"date_to": "2005"}, "Items until 31 Dec 2005"),
        ({"date_from": "30 Oct – 2 Nov 2025"}, "Items from 30 Oct 2025"),
        ({"date_from": "-300", "date_to": "2005-2007"}, "Items from 1 Jan 301 BCE to 31 Dec 2007"),
        ({"date_to": "2025-10-24T14:30+03:00"}, "Items until 24 Oct 2025"),
    ],
)
def test_describe_date_range(kwargs: dict[str, str], sentence: str) -> None:
    assert Filter.build(**kwargs).describe() == sentence  # type: ignore[arg-type]
