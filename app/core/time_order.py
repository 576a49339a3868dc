"""The one order of items in time, wherever items are listed: reports and every export
(`app.formats.items.export_items`) and the results list's Date column.

By start; on the same start, the finer date first, then the exact before the approximate,
then the shorter before the longer, then the id, so that "c. 17 Nov" and "Nov 2025" follow
the vote dated 17 Nov 2025 at 15:00 or on 1 Nov that they respond to, and equal dates keep
one order. (Where they start decides first: a month starts on its first day.)
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from app.core.dates import DateSpan

OrderKey = tuple[int, int, bool, int, str]


def time_order(when: DateSpan, item_id: str) -> OrderKey:
    """The sort key of one item."""
    start = when.start
    return (when.first_second, -start.precision, start.approximate, when.last_second, item_id)


def time_order_positions(
    starts: npt.ArrayLike,
    precisions: npt.ArrayLike,
    approximate: npt.ArrayLike,
    ends: npt.ArrayLike,
    ids: npt.ArrayLike,
) -> npt.NDArray[np.int64]:
    """The same order for columns of items: the positions that put them in time order
    (first seconds, precisions as `Precision` values, whether the start is approximate, last
    seconds, ids)."""
    return np.lexsort(
        (
            np.asarray(ids, dtype=str),
            np.asarray(ends, dtype=np.int64),
            np.asarray(approximate, dtype=np.bool_),
            -np.asarray(precisions, dtype=np.int64),
            np.asarray(starts, dtype=np.int64),
        )
    ).astype(np.int64)
