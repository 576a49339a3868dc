"""What is under the pointer on the timeline: the lane at a height, and the words of the
tooltip for what a hit test found."""

from __future__ import annotations

from app.drawing.edges import EARLIER, LATER, edge_tooltip
from app.drawing.scene import Frame, Target
from app.drawing.texts import ItemTexts
from app.drawing.theme import METRICS


def lane_at(frame: Frame | None, y: float) -> int | None:
    """The lane drawn at height `y` in `frame`, if any."""
    if frame is None or y < METRICS.axis_height:
        return None
    for band in frame.bands:
        if band.height > 0 and band.top <= y < band.top + band.height:
            return band.lane
    return None


def tooltip_text(target: Target | None, texts: ItemTexts) -> str | None:
    """The tooltip over a drawn item, "+N more" mark or edge mark; None over nothing."""
    if target is None:
        return None
    kind = target[0]
    if kind in (EARLIER, LATER):
        return edge_tooltip(later=kind == LATER)
    if kind == "more":
        return "Click to pick one of these items"
    return texts.tooltip(target[1]) if kind == "item" else None
