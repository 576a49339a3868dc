"""The main window: filters on the left, the timeline in the centre with the results list
under it, the full statement and its sources on the right, counts in the status bar.

Everything follows one `ViewState`: the filter panel and the search bar edit it, the timeline
loads what it selects, and the list, the counts and the side panel are fed from what the
timeline loaded, so what is shown, counted and listed always agree. The `Session` owns the
caches of what was read from the database and says when it changed (after an import): the
timeline, the list and the filter lists then read again.

The window is assembled from pieces of their own: the menus and toolbar (`window_actions`),
the search bar (`search_bar`), the results list and shared selection (`results`), the File
verbs (`file_commands`), what is remembered between runs (`window_state`). It is built by
the application (`app.ui.application`), which passes in the window registry's `open` and the
application style.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QDockWidget, QLabel, QMainWindow, QMessageBox, QSplitter, QWidget

from app.core.filter import Filter
from app.core.timeline.actor_lanes import actor_group
from app.drawing.theme import THEMES, Theme
from app.services.views import window_view_filter
from app.store import QueryError
from app.store.details import FACETS, facet_counts
from app.store.lookups import actor_choices, tag_choices, track_choices
from app.store.queries import search
from app.ui import about
from app.ui import settings as s
from app.ui.detail_panel import DetailPanel
from app.ui.editing.commands import EditCommands
from app.ui.file_commands import FileCommands, OpenWindow
from app.ui.filter_panel import ActorEntry, FilterPanel, TrackEntry
from app.ui.items_model import MATCH, ItemsModel
from app.ui.result_order import ResultOrder
from app.ui.result_states import ResultStates
from app.ui.results import Selection, results_table
from app.ui.saved_views import SavedViews
from app.ui.search_bar import SearchBar
from app.ui.search_scope import SearchScope
from app.ui.session import Session
from app.ui.theme import AppStyle, system_theme
from app.ui.timeline.pane import TimelinePane
from app.ui.view_state import ViewState
from app.ui.window_actions import WindowActions, blank_icon
from app.ui.window_state import save_view, saved_view

if TYPE_CHECKING:
    from app.services.importing import ImportReport
    from app.ui.export_dialog import ExportDialog
    from app.ui.import_dialog import ImportDialog

PREVIEW_ROWS = 200
ICONS_AT_THE_LATEST_MS = 3000
ICONS_AFTER_PAINT_MS = 50
SQL_COUNTS_LIMIT = 50_000
"""Up to this many items, the filter lists' counts are asked of the database while the
in-memory index is being built; beyond it they wait for the index (a second or two)."""


DOCK_MIN_WIDTH = 170
"""The side panels give way down to this in a small window; the timeline keeps the rest."""
DOCK_WIDTHS = {"filtersDock": 250, "detailsDock": 300}
"""The side panels' widths on first start; a larger window gives its room to the timeline."""


class MainWindow(QMainWindow):
    """`filterApplied(count)` fires when the items of a new Filter are shown everywhere."""

    filterApplied = Signal(int)
    searchPreviewed = Signal(int)
    """The first results and the total of a search are shown; the rest follows."""

    def __init__(self, session: Session, open_window: OpenWindow, style: AppStyle) -> None:
        super().__init__()
        self.session = session
        self._style = style
        self._settings = s.settings()
        self._theme_choice = s.THEME.read(self._settings)
        self._theme = THEMES.get(self._theme_choice) or system_theme()
        self._closed = False
        self._shown_filter: Filter | None = None
        """The Filter whose items the list and the side panel last followed."""
        self._file_problem: QMessageBox | None = None
        self._icons_painted = False
        self.setWindowTitle(f"{session.title()} — Backchannel")
        self.setObjectName("mainWindow")
        self.resize(1400, 880)
        saved = saved_view(self._settings, session.path, session.names())
        self.view = ViewState(window_view_filter(session.db, saved), saved.grouping,
                              saved.typed_dates, self)  # fmt: skip
        self.timeline_pane = TimelinePane(
            session.path, session.texts, self._theme, self, view=self.view, cache=s.index_cache()
        )
        self.timeline_pane.load()  # first: the rest of the window is built meanwhile
        self.timeline, self.overview = self.timeline_pane.canvas, self.timeline_pane.overview
        self.items_model = ItemsModel(session, self.view, self)
        self.table = results_table(self.items_model, self)
        self.splitter = self._centre(self.timeline_pane, self.table)
        self.filter_panel = FilterPanel(self.view, self)
        self.detail_panel = DetailPanel(self._theme, self)
        areas = Qt.DockWidgetArea
        _dock(self, self.filter_panel, "Filters", "filtersDock", areas.LeftDockWidgetArea)
        _dock(self, self.detail_panel, "Details", "detailsDock", areas.RightDockWidgetArea)
        self.search_bar = SearchBar(self.view, blank_icon(), self, session.db)
        self.search_box, self.advanced = self.search_bar.search_box, self.search_bar.advanced
        self.count_label, self.database_label = _status_bar(self, session.path)
        self.files = FileCommands(self, session, self.view, self.timeline, open_window)
        self.selection = Selection(
            session, self.timeline, self.table, self.detail_panel, lambda: self._closed
        )
        shown = (self.timeline_pane, self.table, self.search_box, self.detail_panel)
        self.states = ResultStates(session, *shown)
        self.editing = EditCommands(session, self, self.selection, self.timeline_pane.loaded)
        self.files.record_change = lambda change: self.editing.history.record(change, None)
        self.saved_views = SavedViews(self, session, self.timeline_pane, self.filter_panel)
        verbs = (self.files, self.search_bar, self.timeline_pane, self.editing, self.saved_views)
        self.actions_ = WindowActions(self, self, *verbs)
        self.search_scope, self.result_order = self._search_tools()
        self._style.apply(self._theme_choice, self._theme)
        self._connect()
        self._fill_choices()
        self._restore(saved.time_window)
        self.timeline.setFocus(Qt.FocusReason.OtherFocusReason)
        # The icon font loads once the timeline is drawn (it would only slow the first read
        # down), or after a moment if that read fails.
        self.timeline_pane.loaded.connect(
            lambda _n: QTimer.singleShot(ICONS_AFTER_PAINT_MS, self._paint_icons_once),
            Qt.ConnectionType.SingleShotConnection,
        )
        QTimer.singleShot(ICONS_AT_THE_LATEST_MS, self._paint_icons_once)

    def _centre(self, timeline: QWidget, table: QWidget) -> QSplitter:
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(timeline)
        splitter.addWidget(table)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        self.setCentralWidget(splitter)
        return splitter

    def _search_tools(self) -> tuple[SearchScope, ResultOrder]:
        """Beside the search box: why it cannot run, where it looks, how the list is ordered."""
        self.search_bar.place_problem(self)
        scope = SearchScope(self.view, self.session, self)
        scope.place(self.advanced, self.statusBar())
        order = ResultOrder(self.view, self.table, self._settings, self)
        order.place(scope.button)
        return scope, order

    def _connect(self) -> None:
        self.view.filterChanged.connect(self._filter_changed)
        self.view.filterChanged.connect(self._show_grouping)
        self.view.groupingChanged.connect(self._show_grouping)
        self.session.changed.connect(self._database_changed)
        self.timeline_pane.loaded.connect(self._loaded)
        self.timeline_pane.loadFailed.connect(self._load_failed)
        self.timeline_pane.fileFailed.connect(self._file_failed)
        self.timeline_pane.indexReady.connect(self._update_facet_counts)
        self.search_bar.stepRequested.connect(self.step_result)
        self.detail_panel.actorChosen.connect(lambda a: self.filter_panel.choose("actors", a))
        self.detail_panel.trackChosen.connect(lambda t: self.filter_panel.choose("tracks", t))
        self.detail_panel.tagChosen.connect(lambda t: self.filter_panel.choose("tags", t))
        self.detail_panel.status.connect(lambda text: self.statusBar().showMessage(text, 5000))

    def _fill_choices(self) -> None:
        actors = [
            ActorEntry(a.id, a.name, actor_group(a.kind, a.affiliation), a.aliases)
            for a in actor_choices(self.session.db)
        ]
        tracks = [TrackEntry(t.id, t.name, t.color) for t in track_choices(self.session.db)]
        tags = [t.tag for t in tag_choices(self.session.db)]
        self.filter_panel.set_choices(actors, tracks, tags)

    # The view

    def apply_filter(self, f: Filter) -> None:
        self.view.set(f)

    def _filter_changed(self, f: Filter) -> None:
        """The timeline has started loading `f`; a search shows its first results at once."""
        if self.timeline_pane.loading:  # not when answered from memory, already shown
            self.statusBar().showMessage("Loading…")
        if f.text and self.timeline_pane.loading:
            self._preview_search(f)

    def _preview_search(self, f: Filter) -> None:
        """While every match of a search is read for the timeline, show its first results
        and its total at once: both come straight from the full-text index."""
        try:
            found = search(self.session.db, f, limit=PREVIEW_ROWS, order=self.items_model.order)
        except (QueryError, sqlite3.DatabaseError):
            return  # the background read reports it
        self.items_model.set_preview(found.items)
        self.table.setColumnHidden(MATCH, False)
        self.count_label.setText(
            f"{found.total:,} of {self._total_items():,} items — {f.describe(self.session.names())}"
        )
        self.searchPreviewed.emit(found.total)

    def set_grouping(self, grouping: str) -> None:
        self.view.set(grouping=grouping)
        self._show_grouping()

    def _show_grouping(self, *_: object) -> None:
        self.actions_.show_choices(self.view.grouping, self._theme_choice)

    def clear_filters(self) -> None:
        self.filter_panel.clear_finders()
        self.view.clear(keep_text=False)

    def focus_search(self) -> None:
        self.search_bar.focus()

    def _loaded(self, count: int) -> None:
        if self._closed:
            return
        f = self.view.filter
        selected = self.timeline.scene.selected
        self.items_model.set_keys(self.timeline.scene.columns.keys)
        self.table.setColumnHidden(MATCH, not f.text)
        self.count_label.setText(
            f"{count:,} of {self._total_items():,} items"
            + ("" if f.is_empty else f" — {f.describe(self.session.names())}")
        )
        self.statusBar().clearMessage()
        self.states.loaded(f, count)
        self._update_facet_counts()
        if selected is not None:
            self.selection.select_row_of(selected)
        if f != self._shown_filter:  # not when the same Filter is read again (an import)
            self._shown_filter = f
            self.selection.filter_applied()
        self.filterApplied.emit(count)

    def _update_facet_counts(self) -> None:
        """How many items each actor, track, kind and tag would select: from the index once
        it is built; before that, from the database when it is small enough to ask at once."""
        for facet in FACETS:
            counts = self.timeline_pane.facet_counts(facet)
            if counts is None:
                if self._total_items() > SQL_COUNTS_LIMIT:
                    return  # the index is on its way; `indexReady` brings the counts
                try:
                    counts = facet_counts(self.session.db, self.view.filter, facet)
                except (QueryError, sqlite3.DatabaseError):
                    return  # the background read reports it
            self.filter_panel.set_counts(facet, counts)

    def _total_items(self) -> int:
        everything = self.view.filter.is_empty and not self.timeline_pane.loading
        return self.session.total(len(self.timeline.scene.columns) if everything else None)

    def _load_failed(self, message: str) -> None:
        """A search that cannot be read leaves nothing stale on screen, and says why."""
        self.statusBar().showMessage(self.states.failed(self.view.filter) or message, 10_000)
        self.count_label.setText("The search could not run")

    def _file_failed(self, message: str) -> None:
        """The file could not be read: counts say they are unknown, and a dialog (once per
        window) says why and how to mend it."""
        self.count_label.setText("— items")
        if self._file_problem is None and not self._closed:
            self._file_problem = _open_warning(self, message)

    def _database_changed(self) -> None:
        """An import or an edit changed the database: read everything again."""
        self.setWindowTitle(f"{self.session.title()} — Backchannel")  # an import may name it
        self._fill_choices()
        self.timeline_pane.reload()

    # Selection, files and help: the pieces that own them do the work (the tests and the
    # menus reach them here)

    def show_item(self, item_id: str) -> None:
        self.selection.show_item(item_id)

    def step_result(self, step: int) -> None:
        self.selection.step(step)

    def open_path(self, path: Path) -> QMainWindow | None:
        return self.files.open_path(path)

    def import_dialog(self) -> ImportDialog:
        return self.files.import_dialog()

    def _imported(self, report: ImportReport) -> None:
        self.files.imported(report)

    def export_dialog(self) -> ExportDialog:
        return self.files.export_dialog()

    def show_shortcuts(self) -> None:
        about.show_shortcuts(self)

    def show_about(self) -> None:
        about.show_about(self, self.session)

    # Theme

    @property
    def theme(self) -> Theme:
        return self._theme

    def set_theme_choice(self, choice: str) -> None:
        self._theme_choice = choice
        self._theme = THEMES.get(choice) or system_theme()
        self._show_grouping()
        self._style.apply(choice, self._theme)
        self._paint_icons()
        self.timeline_pane.set_theme(self._theme)
        self.detail_panel.set_theme(self._theme)
        self.filter_panel.refresh_colours(self._theme)
        s.THEME.write(self._settings, choice)

    def _paint_icons_once(self, *_: object) -> None:
        if not self._icons_painted:
            self._paint_icons()

    def _paint_icons(self) -> None:
        """Called just after the window is built (the icon fonts load while the timeline is
        read) and on a theme change."""
        self._icons_painted = True
        self.actions_.paint_icons(self._theme)

    # Remembered state

    def _restore(self, time_window: tuple[float, float] | None) -> None:
        st = self._settings
        for setting, restore in (
            (s.GEOMETRY, self.restoreGeometry),
            (s.WINDOW_STATE, self.restoreState),
            (s.SPLITTER, self.splitter.restoreState),
        ):
            saved = setting.read(st)
            if not saved.isEmpty():
                restore(saved)
        self.timeline_pane.lane_names.restore(st)
        show_overview = s.SHOW_OVERVIEW.read(st)
        self.actions_.overview_action.setChecked(show_overview)
        self.overview.setVisible(show_overview)
        self._show_grouping()
        if time_window is not None:
            start, end = time_window
            self.timeline_pane.loaded.connect(
                lambda _n: self.timeline.set_window(start, end),
                Qt.ConnectionType.SingleShotConnection,
            )

    def save_state(self) -> None:
        st = self._settings
        s.GEOMETRY.write(st, self.saveGeometry())
        s.WINDOW_STATE.write(st, self.saveState())
        s.SPLITTER.write(st, self.splitter.saveState())
        self.timeline_pane.lane_names.save(st)
        s.SHOW_OVERVIEW.write(st, self.actions_.overview_action.isChecked())
        save_view(st, self.session.path, self.view, self.timeline.scale)
        st.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_state()
        self._closed = True
        self.timeline_pane.shutdown()
        self.session.close()
        super().closeEvent(event)


def _status_bar(window: QMainWindow, path: Path) -> tuple[QLabel, QLabel]:
    """The item count on the left, the database's name on the right."""
    count = QLabel(window)
    count.setObjectName("itemCount")
    database = QLabel(path.name, window)
    database.setToolTip(str(path))
    window.statusBar().addWidget(count)
    window.statusBar().addPermanentWidget(database)
    return count, database


def _dock(
    window: QMainWindow, widget: QWidget, title: str, name: str, area: Qt.DockWidgetArea
) -> None:
    """A side panel that can be moved and closed, as wide as it starts on a first run (a
    saved window state then sets it), and narrower only down to DOCK_MIN_WIDTH."""
    dock = QDockWidget(title, window)
    dock.setObjectName(name)
    dock.setWidget(widget)
    dock.setFeatures(
        QDockWidget.DockWidgetFeature.DockWidgetMovable
        | QDockWidget.DockWidgetFeature.DockWidgetClosable
    )
    window.addDockWidget(area, dock)
    window.resizeDocks([dock], [DOCK_WIDTHS[name]], Qt.Orientation.Horizontal)
    widget.setMinimumWidth(DOCK_MIN_WIDTH)


def _open_warning(parent: QWidget, message: str) -> QMessageBox:
    """A warning that does not block the window behind it (nor a test)."""
    box = QMessageBox(
        QMessageBox.Icon.Warning, "Backchannel", message, QMessageBox.StandardButton.Ok, parent
    )
    box.open()
    return box
