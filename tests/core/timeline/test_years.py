"""Years as people read them on the axis and in lists, from 2025 to the Big Bang."""

from __future__ import annotations

import pytest

from app.core.timeline.years import compact_year


@pytest.mark.parametrize(
    ("year", "text"),
    [
        (2025, "2025"),
        (1, "1"),
        (0, "1 BCE"),
        (-300, "301 BCE"),
        (-11_999, "12,000 BCE"),
        (250_000, "250,000"),
        (-1_499_999, "1.5 million BCE"),
        (1 - 13_800_000_000, "13.8 billion BCE"),
        (-13_800_000_000, "13.8 billion BCE"),  # TimelineJS's Big Bang, one year off
        (2_000_000, "2 million"),
        (999_999_999, "1 billion"),  # rounds up into billions, never "1,000 million"
    ],
)
def test_years_read_compactly(year: int, text: str) -> None:
    assert compact_year(year) == text


def test_ticks_get_just_the_decimals_their_step_needs() -> None:
    assert compact_year(1 - 13_800_000_000, 100_000_000) == "13.8 billion BCE"
    assert compact_year(1 - 13_805_000_000, 5_000_000) == "13.805 billion BCE"
    assert compact_year(1 - 1_480_000, 20_000) == "1.48 million BCE"


def test_ticks_needing_many_decimals_print_every_digit_instead() -> None:
    assert compact_year(1 - 13_799_999_995, 5) == "13,799,999,995 BCE"
