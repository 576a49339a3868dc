"""Everything the app remembers, each setting declared once with its default.

Preferences (what the user chose: theme, lane grouping) live under "preferences/"; remembered
state (window geometry, docks, the last database, filters, the zoom window) under "state/",
so resetting one never loses the other.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TypeVar

from PySide6.QtCore import QByteArray, QCoreApplication, QSettings, QStandardPaths

from app.core.timeline.lanes import GROUPINGS
from app.services.locations import APP_NAME
from app.store.index_cache import IndexCache

T = TypeVar("T", str, bool, QByteArray, list)


@dataclass(frozen=True)
class Setting(Generic[T]):
    key: str
    default: T

    def read(self, settings: QSettings) -> T:
        value = settings.value(self.key, self.default)
        if isinstance(self.default, bool):
            return (value in (True, "true", "1", 1)) if value is not None else self.default
        if isinstance(self.default, list):
            if value is None:
                return self.default
            return [str(v) for v in (value if isinstance(value, list) else [value])]
        if isinstance(self.default, QByteArray):
            return value if isinstance(value, QByteArray) else self.default
        return str(value) if value is not None else self.default

    def write(self, settings: QSettings, value: T) -> None:
        settings.setValue(self.key, value)


THEME = Setting("preferences/theme", "system")
"""system, light or dark."""
GROUPING = Setting("preferences/grouping", "track")
SHOW_OVERVIEW = Setting("preferences/show_overview", True)
RESULTS_ORDER = Setting("preferences/results_order", "time")
"""The results list of a search: "time" or "relevance" (best matches first)."""
GEOMETRY = Setting("state/geometry", QByteArray())
WINDOW_STATE = Setting("state/window_state", QByteArray())
SPLITTER = Setting("state/splitter", QByteArray())
LANE_NAMES_WIDTH = Setting("state/lane_names_width", "")
"""The width the column of lane names was dragged to, in pixels; empty for the default."""
LAST_DATABASE = Setting("state/last_database", "")
RECENT = Setting("state/recent_databases", [])
FILTER_ACTORS = Setting("state/filter/actors", [])
FILTER_TRACKS = Setting("state/filter/tracks", [])
FILTER_KINDS = Setting("state/filter/kinds", [])
FILTER_TAGS = Setting("state/filter/tags", [])
FILTER_FROM = Setting("state/filter/from", "")
FILTER_TO = Setting("state/filter/to", "")
FILTER_TEXT = Setting("state/filter/text", "")
FILTER_ADVANCED = Setting("state/filter/advanced", False)
ZOOM_WINDOW = Setting("state/zoom_window", [])
"""[start, end] in seconds, as strings, or empty to fit the data."""
EXPORT_FOLDER = Setting("state/export_folder", "")
EXPORT_FORMAT = Setting("state/export_format", "")
"""The name of the format last exported to (empty: the first offered)."""
IMPORT_FOLDER = Setting("state/import_folder", "")
CAPTURE_FOLDER = Setting("state/capture_folder", "")
RECENT_LIMIT = 8


def remembered_grouping(st: QSettings) -> str:
    """The lane grouping every file opens with (but the one shown last, whose view is saved
    whole); by track if what is remembered is not a grouping."""
    grouping = GROUPING.read(st)
    return grouping if grouping in GROUPINGS else "track"


def shown_last(st: QSettings, path: Path) -> bool:
    """Whether the window showed the database at `path` when it was last closed: it opens
    with the view saved for it."""
    return LAST_DATABASE.read(st) == str(path)


def index_cache() -> IndexCache:
    """Where the item indexes of large databases are kept between sessions (the user's cache
    folder: removing it loses nothing but the time of one slower opening). The folder is
    named after the application, which the window names as it starts; named here too, the
    read begun before the window (`first_read`) looks in the same folder."""
    QCoreApplication.setApplicationName(APP_NAME)
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.CacheLocation)
    return IndexCache(Path(folder) / "item-indexes")


def settings() -> QSettings:
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, APP_NAME, APP_NAME)
