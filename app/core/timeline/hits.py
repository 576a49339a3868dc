"""Which drawn mark is under the pointer: vectorised over everything the last paint drew."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

Ints = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]

TOLERANCE_PX = 3.0
"""How far off a mark a click still picks it: a point mark may be a few pixels wide."""
RECT_COLUMNS = 4


@dataclass(frozen=True, slots=True)
class HitIndex:
    """Rectangles as painted, in paint order, each with an id chosen by the painter (an item
    key, or a cluster number: what `at` and `id_at` hand back is only meaningful to it)."""

    rects: Floats
    """One row (left, top, right, bottom) per drawn mark, in paint order."""
    ids: Ints

    @classmethod
    def from_rects(cls, rects: npt.ArrayLike, ids: npt.ArrayLike | None = None) -> HitIndex:
        """Index the rectangles; without `ids`, a mark's id is its position in paint order.
        Rectangles given right-to-left or bottom-to-top are normalised."""
        boxes = np.asarray(rects, dtype=np.float64).reshape(-1, RECT_COLUMNS)
        left, right = np.minimum(boxes[:, 0], boxes[:, 2]), np.maximum(boxes[:, 0], boxes[:, 2])
        top, bottom = np.minimum(boxes[:, 1], boxes[:, 3]), np.maximum(boxes[:, 1], boxes[:, 3])
        normalised = np.column_stack([left, top, right, bottom])
        labels = (
            np.arange(len(boxes), dtype=np.int64)
            if ids is None
            else np.asarray(ids, dtype=np.int64).reshape(-1)
        )
        if len(labels) != len(boxes):
            raise ValueError("give one id per rectangle")
        return cls(normalised, labels)

    def __len__(self) -> int:
        return len(self.rects)

    def at(self, x: float, y: float, tolerance_px: float = TOLERANCE_PX) -> int | None:
        """The paint-order position of the mark under (x, y), or None.

        A mark that contains the point (edges included) wins over marks merely near it;
        among those, the topmost (last painted) wins, as the user sees it on top. Failing
        containment, the nearest mark within `tolerance_px` wins (the topmost on a tie), so
        a zero-width point mark can still be clicked.
        """
        if len(self.rects) == 0:
            return None
        left, top, right, bottom = self.rects.T
        dx = np.maximum(np.maximum(left - x, x - right), 0.0)
        dy = np.maximum(np.maximum(top - y, y - bottom), 0.0)
        distance_sq = dx * dx + dy * dy
        containing = np.flatnonzero(distance_sq == 0.0)
        if len(containing):
            return int(containing[-1])
        reversed_nearest = int(np.argmin(distance_sq[::-1]))  # argmin takes the first: topmost
        nearest = len(distance_sq) - 1 - reversed_nearest
        return nearest if distance_sq[nearest] <= tolerance_px * tolerance_px else None

    def id_at(self, x: float, y: float, tolerance_px: float = TOLERANCE_PX) -> int | None:
        """The id of the mark `at` finds, or None."""
        index = self.at(x, y, tolerance_px)
        return None if index is None else int(self.ids[index])
