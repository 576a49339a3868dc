"""Which drawn mark is under the pointer."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

TOLERANCE_PX = 3.0


@dataclass(frozen=True, slots=True)
class HitIndex:
    rects: npt.NDArray[np.float64]
    """One row (left, top, right, bottom) per drawn mark, in paint order."""

    @classmethod
    def from_rects(cls, rects: npt.NDArray[np.float64]) -> HitIndex:
        return cls(np.asarray(rects, dtype=np.float64).reshape(-1, 4))

    def at(self, x: float, y: float, tolerance: float = TOLERANCE_PX) -> int | None:
        """The topmost (last painted) mark containing the point; failing that, the topmost
        within `tolerance` pixels of it."""
        if len(self.rects) == 0:
            return None
        left, top, right, bottom = self.rects.T
        for slack in (0.0, tolerance):
            inside = (
                (left - slack <= x)
                & (x <= right + slack)
                & (top - slack <= y)
                & (y <= bottom + slack)
            )
            found = np.flatnonzero(inside)
            if len(found):
                return int(found[-1])
        return None
