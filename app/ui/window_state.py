"""What a window remembers between runs: the view it showed (read back into a `ViewState` at
start), the zoomed time window, geometry, docks, splitter and overview, and recent files.
The view is read from the `ViewState` that owns it, the time window from the canvas."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

from app.core.filter import Filter
from app.core.timeline.scale import TimeScale
from app.core.views import SavedView, date_bound
from app.ui import settings as s
from app.ui.view_state import ViewState


def saved_view(st: QSettings, path: Path, known: dict[str, str]) -> SavedView:
    """The lane grouping, and the Filter the window showed when this database was last
    closed (names that no longer exist, and dates that no longer read, left out)."""
    grouping = s.remembered_grouping(st)
    if not s.shown_last(st, path):
        return SavedView(Filter(), grouping, ("", ""))
    date_from, date_to = s.FILTER_FROM.read(st), s.FILTER_TO.read(st)
    f = Filter(
        actors=frozenset(a for a in s.FILTER_ACTORS.read(st) if a in known),
        tracks=frozenset(t for t in s.FILTER_TRACKS.read(st) if t in known),
        kinds=frozenset(s.FILTER_KINDS.read(st)),
        tags=frozenset(s.FILTER_TAGS.read(st)),
        start=date_bound(date_from, last=False),
        end=date_bound(date_to, last=True),
        text=s.FILTER_TEXT.read(st),
        advanced=s.FILTER_ADVANCED.read(st),
    )
    return SavedView(f, grouping, (date_from, date_to), _time_window(st))


def save_view(st: QSettings, path: Path, view: ViewState, scale: TimeScale) -> None:
    """Remember the view (with any edit still settling) and the time window for `path`."""
    s.GROUPING.write(st, view.grouping)
    s.LAST_DATABASE.write(st, str(path))
    recent = [str(path)] + [p for p in s.RECENT.read(st) if p != str(path)]
    s.RECENT.write(st, recent[: s.RECENT_LIMIT])
    f, (date_from, date_to) = view.latest
    s.FILTER_ACTORS.write(st, sorted(f.actors))
    s.FILTER_TRACKS.write(st, sorted(f.tracks))
    s.FILTER_KINDS.write(st, sorted(f.kinds))
    s.FILTER_TAGS.write(st, sorted(f.tags))
    s.FILTER_FROM.write(st, date_from)
    s.FILTER_TO.write(st, date_to)
    s.FILTER_TEXT.write(st, f.search_text)  # as typed, fields and all
    s.FILTER_ADVANCED.write(st, f.advanced)
    s.ZOOM_WINDOW.write(st, [repr(scale.start), repr(scale.end)])


def current_view(view: ViewState, scale: TimeScale) -> SavedView:
    """What the window shows now (with any edit still settling): the filter panel's choices,
    the search box as typed, the lanes and the visible time window."""
    f, typed_dates = view.latest
    shown = Filter(
        actors=f.actors,
        tracks=f.tracks,
        kinds=f.kinds,
        tags=f.tags,
        start=f.start,
        end=f.end,
        text=f.search_text,
        advanced=f.advanced,
        scope=f.scope,
    )
    return SavedView(shown, view.grouping, typed_dates, (scale.start, scale.end))


def recent_files(st: QSettings) -> list[Path]:
    """Databases opened lately that are still there, latest first."""
    return [Path(p) for p in s.RECENT.read(st) if Path(p).exists()]


def _time_window(st: QSettings) -> tuple[float, float] | None:
    window = s.ZOOM_WINDOW.read(st)
    if len(window) != 2:
        return None
    try:
        start, end = float(window[0]), float(window[1])
    except ValueError:
        return None
    return (start, end) if end > start else None
