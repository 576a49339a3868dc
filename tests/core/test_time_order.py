"""One order of items in time: on the same start, the exactly dated vote before the
approximate or month-wide items that respond to it."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from app.core.dates import DateSpan, PartialDate
from app.core.time_order import time_order, time_order_positions

VOTE = ("event/1-vote", DateSpan(PartialDate(2025, 11, 17)))
REACTION = ("event/0-reaction", DateSpan(PartialDate(2025, 11, 17, approximate=True)))
OPENING = ("event/2-opening", DateSpan(PartialDate(2025, 11, 1)))
MONTH = ("event/0-month", DateSpan(PartialDate(2025, 11)))
TIMED = ("event/9-timed", DateSpan(PartialDate(2025, 11, 1, 0, 0)))


def _ordered(*items: tuple[str, DateSpan]) -> list[str]:
    return [i for i, _ in sorted(items, key=lambda item: time_order(item[1], item[0]))]


def test_the_exact_date_comes_before_the_approximate_and_the_coarser_on_one_start() -> None:
    assert _ordered(REACTION, MONTH, VOTE, OPENING, TIMED) == [
        "event/9-timed",
        "event/2-opening",
        "event/0-month",
        "event/1-vote",
        "event/0-reaction",
    ]


def test_the_start_decides_first() -> None:
    later = ("event/0-later", DateSpan(PartialDate(2025, 11, 18)))
    assert _ordered(later, REACTION, VOTE) == ["event/1-vote", "event/0-reaction", "event/0-later"]


_dates = st.builds(
    PartialDate,
    year=st.integers(2024, 2025),
    month=st.one_of(st.none(), st.integers(1, 2)),
    approximate=st.booleans(),
).flatmap(
    lambda d: (
        st.just(d)
        if d.month is None
        else st.builds(
            PartialDate,
            year=st.just(d.year),
            month=st.just(d.month),
            day=st.one_of(st.none(), st.integers(1, 2)),
            approximate=st.just(d.approximate),
        )
    )
)


@given(st.lists(st.tuples(st.sampled_from(["a", "b", "c", "é"]), _dates), max_size=30))
def test_columns_are_put_in_the_same_order(items: list[tuple[str, PartialDate]]) -> None:
    spans = [(f"{name}{n}", DateSpan(date)) for n, (name, date) in enumerate(items)]
    positions = time_order_positions(
        [s.first_second for _, s in spans],
        [s.start.precision for _, s in spans],
        [s.start.approximate for _, s in spans],
        [s.last_second for _, s in spans],
        [i for i, _ in spans],
    )
    assert [spans[p][0] for p in positions] == _ordered(*spans)
