"""Years as short, readable text, from '2025' to '13.8 billion BCE'."""

from __future__ import annotations

PLAIN_DIGITS_BELOW = 10_000
"""Years below this print without a thousands separator ('2025', '301 BCE')."""
THOUSANDS = 1_000
MILLION = 1_000_000
BILLION = 1_000_000_000
DEFAULT_DECIMALS = 3
"""Without a step, millions and billions keep up to three decimals ('13.8 billion BCE')."""
MAX_COMPACT_DECIMALS = 4
"""Ticks that need more decimals than this print every digit: '13,799,999,995 BCE' reads
better than '13.799999995 billion BCE'."""


def _scaled(magnitude: int, unit: int, decimals: int) -> tuple[int, str]:
    """`magnitude / unit` rounded half up to `decimals`, with trailing zeros dropped, in
    integer arithmetic (floats would print 13.799999 for 13.8 billion)."""
    places = 10**decimals
    rounded = (2 * magnitude * places + unit) // (2 * unit)
    whole, fraction = divmod(rounded, places)
    fraction_text = f"{fraction:0{decimals}d}".rstrip("0") if decimals else ""
    return whole, f"{whole:,}" + (f".{fraction_text}" if fraction_text else "")


def _decimals(step_years: int | None, unit: int) -> int:
    """Enough decimals to tell apart years `step_years` apart, in `unit`s."""
    if step_years is None:
        return DEFAULT_DECIMALS
    decimals = 0
    while step_years * 10**decimals % unit:
        decimals += 1
    return decimals


def compact_year(year: int, step_years: int | None = None) -> str:
    """'2025', '301 BCE' (astronomical -300), '12,000 BCE', '1.5 million BCE',
    '13.8 billion BCE', '2 million' (far future).

    `year` is astronomical (0 is 1 BCE). With `step_years` (axis ticks that far apart) the
    text has exactly the decimals needed to tell neighbouring ticks apart; without it,
    at most `DEFAULT_DECIMALS`.
    """
    magnitude, era = (1 - year, " BCE") if year <= 0 else (year, "")
    if magnitude < PLAIN_DIGITS_BELOW:
        return f"{magnitude}{era}"
    if magnitude < MILLION:
        return f"{magnitude:,}{era}"
    unit, word = MILLION, "million"
    if _scaled(magnitude, MILLION, _decimals(step_years, MILLION))[0] >= THOUSANDS:
        unit, word = BILLION, "billion"  # also when 999.9996 million rounds up to a billion
    decimals = _decimals(step_years, unit)
    if decimals > MAX_COMPACT_DECIMALS:
        return f"{magnitude:,}{era}"
    return f"{_scaled(magnitude, unit, decimals)[1]} {word}{era}"
