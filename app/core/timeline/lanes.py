"""Rows within a lane, so that marks and their labels never overlap."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

OVERFLOW = -1
"""The row of a mark that found no room: drawn without its label."""


def pack_rows(x0: npt.NDArray[np.float64], x1: npt.NDArray[np.float64], gap: float,
              max_rows: int) -> npt.NDArray[np.int64]:  # fmt: skip
    """Greedy first-fit: each extent (sorted by x0) goes into the first row where it clears
    the previous one by `gap`. O(n · max_rows); it runs only on what is visible after
    clustering, never on a whole lane of a million."""
    rows = np.full(len(x0), OVERFLOW, dtype=np.int64)
    ends: list[float] = []
    for i, (left, right) in enumerate(zip(x0.tolist(), x1.tolist(), strict=True)):
        for row, end in enumerate(ends):
            if end + gap <= left:
                ends[row] = right
                rows[i] = row
                break
        else:
            if len(ends) < max_rows:
                ends.append(right)
                rows[i] = len(ends) - 1
    return rows
