"""Where the canvas's view goes when it is fitted, or sent beyond its edges: the windows of
Fit (the bulk of the items, `app.core.timeline.framing`), of a filter's date range, and of a
click on a "◀ 3 earlier items" mark."""

from __future__ import annotations

from app.core.timeline.framing import Framing, nearest_outside
from app.core.timeline.scale import TimeScale
from app.drawing.painter import LABEL_MAX_PX
from app.store.columns import TimelineColumns

DATA_MARGIN = 0.05
LABEL_ROOM_SHARE = 0.25
"""At most this share of a fitted view is left on the right for the last marks' labels."""
MIN_WIDTH = 1.0
EMPTY_SPAN = 86_400 * 365
NOW = 1.75e9
"""Where the view looks with nothing to show: a year up to late 2025."""

DateRange = tuple[float | None, float | None]
"""A filter's dates, From and To, either open."""


def fitted(
    columns: TimelineColumns,
    framing: Framing | None,
    width: float,
    dates: DateRange | None = None,
) -> TimeScale:
    """The window of `width` pixels that shows the bulk of the items (`framing`, their
    `bulk_window`), or with `dates` the range From–To as far as the items reach into it (an
    open end goes as far as the bulk), with a margin and room on the right for the labels of
    the last marks."""
    if framing is None:
        first, last = NOW - EMPTY_SPAN, NOW
    else:
        first, last = framing.start, framing.end
        start, end = dates or (None, None)
        if start is not None:
            first = max(start, float(columns.start.min()))
        if end is not None:
            last = min(end, float(columns.end.max()))
        first, last = min(first, last), max(first, last)
    room = min(float(LABEL_MAX_PX), width * LABEL_ROOM_SHARE)  # for the last marks' labels
    inner = TimeScale(0.0, 1.0, max(MIN_WIDTH, width - room)).fitted(first, last, DATA_MARGIN)
    return TimeScale(inner.start, inner.start + inner.seconds_per_pixel * width, width)


def beyond(columns: TimelineColumns, scale: TimeScale, *, later: bool) -> TimeScale | None:
    """The same zoom, centred on the nearest item wholly after the window (or before it), or
    None if there is none: one step at a time, so the items beyond are reached in order, each
    with its neighbours at the scale the user chose. A range longer than the window is
    centred on its nearer end."""
    index = nearest_outside(columns.start, columns.end, scale.start, scale.end, later=later)
    if index is None:
        return None
    start, end = float(columns.start[index]), float(columns.end[index])
    if end - start > scale.span:
        return scale.centred_on(start if later else end)
    return scale.centred_on((start + end) / 2)


def max_zoom_span(extent: tuple[float, float] | None) -> float:
    """The widest the view may zoom out: four times the data's span (at least a month)."""
    if extent is None:
        return 4e10
    return max(86_400.0 * 30, (extent[1] - extent[0]) * 4)
