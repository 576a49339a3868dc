"""The main window: filters on the left, the timeline in the centre with the results list
under it, the full statement and its sources on the right, counts in the status bar.

Everything follows one Filter: the filter panel and the search box make it, the timeline loads
it, and the list, the counts and the side panel are fed from what the timeline loaded, so what
is shown, counted and listed always agree.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QCloseEvent,
    QIcon,
    QKeyEvent,
    QKeySequence,
    QPixmap,
)
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDockWidget,
    QFileDialog,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QTableView,
    QToolButton,
    QWidget,
)

from app.core.dates import DateError, parse_span
from app.core.filter import Filter
from app.drawing.texts import StoreTexts
from app.drawing.theme import THEMES, Theme
from app.store import QueryError, StoreError, open_database, schema_version
from app.store.columns import TimelineColumns
from app.store.details import facet_counts, item_detail
from app.store.queries import names, search
from app.ui import settings as s
from app.ui.detail_panel import DetailPanel
from app.ui.filter_panel import NO_AFFILIATION, ActorEntry, FilterPanel, TrackEntry
from app.ui.items_model import DATE, MATCH, SOURCES, TITLE, TRACKS, ItemKey, ItemsModel
from app.ui.session import Session
from app.ui.snippet_delegate import SnippetDelegate
from app.ui.theme import CheckStyle, palette, system_theme
from app.ui.timeline.pane import TimelinePane

if TYPE_CHECKING:  # the dialogs and the importers load when first opened
    from app.services.importing import ImportReport
    from app.ui.export_dialog import ExportDialog
    from app.ui.import_dialog import ImportDialog

GROUPINGS = (("track", "Track"), ("actor", "Actor"), ("kind", "Kind"), ("none", "No lanes"))
TRACKS_WIDTH = 200
PREVIEW_ROWS = 200
ICONS_AT_THE_LATEST_MS = 3000
ICONS_AFTER_PAINT_MS = 50
ICON_PX = 24
SQL_COUNTS_LIMIT = 50_000
"""Up to this many items, the filter lists' counts are asked of the database while the
in-memory index is being built; beyond it they wait for the index (a second or two)."""
SHORTCUTS = (
    ("Ctrl+F", "Search"),
    ("Enter / ↓ / ↑ in the search box", "Next / previous result"),
    ("Ctrl+O", "Open a database"),
    ("Ctrl+E", "Export"),
    ("Ctrl+I", "Import"),
    ("Ctrl+Q", "Quit"),
    ("+ / - (timeline)", "Zoom in / out"),
    ("← / → (timeline)", "Pan, or step the selection"),
    ("Home / End", "Start / end of the data"),
    ("F", "Fit the filtered data"),
    ("PgUp / PgDn", "Scroll lanes"),
    ("Double-click", "Zoom in"),
    ("Click a lane name", "Fold or unfold the lane"),
    ("Ctrl+Shift+L", "Clear filters"),
)


class MainWindow(QMainWindow):
    """`filterApplied(count)` fires when the items of a new Filter are shown everywhere."""

    filterApplied = Signal(int)
    opener: Callable[[Path], MainWindow | None] | None = None
    """Set by the application: how File → Open shows another database."""
    searchPreviewed = Signal(int)
    """The first results and the total of a search are shown; the rest follows."""

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self._settings = s.settings()
        self._theme_choice = s.THEME.read(self._settings)
        self._theme = self._resolve_theme(self._theme_choice)
        self._syncing = False
        self._closed = False
        self._icons_painted = False
        self._total: int | None = None
        """How many items the database holds; read once, again after an import."""
        self._known_names: dict[str, str] | None = None
        self.setWindowTitle(f"{session.path.name} — Backchannel")
        self.setObjectName("mainWindow")
        self.resize(1400, 880)
        texts = StoreTexts(session.db)

        self.timeline_pane = TimelinePane(session.path, texts, self._theme, self)
        # Start reading the timeline first: the rest of the window is built meanwhile.
        self._saved = self._saved_view()
        self.timeline_pane.load(self._saved.filter, self._saved.grouping)
        self.timeline = self.timeline_pane.canvas
        self.overview = self.timeline_pane.overview
        self.items_model = ItemsModel(session, self)
        self.table = self._build_table()
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.addWidget(self.timeline_pane)
        self.splitter.addWidget(self.table)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.setCentralWidget(self.splitter)

        self.filter_panel = FilterPanel(self)
        self.detail_panel = DetailPanel(self._theme, self)
        self._dock(
            self.filter_panel, "Filters", "filtersDock", Qt.DockWidgetArea.LeftDockWidgetArea
        )
        self._dock(
            self.detail_panel, "Details", "detailsDock", Qt.DockWidgetArea.RightDockWidgetArea
        )

        self.search_box = QLineEdit(self)
        self.search_box.setObjectName("searchBox")
        self.search_box.setPlaceholderText("Search statements, events, sources, actors…  (Ctrl+F)")
        self.search_box.setAccessibleName("Search")
        self.search_box.setClearButtonEnabled(True)
        self.search_icon = self.search_box.addAction(
            _blank_icon(), QLineEdit.ActionPosition.LeadingPosition
        )
        self.search_box.textChanged.connect(self._search_changed)
        self.search_box.installEventFilter(self)
        self.advanced = QToolButton(self)
        self.advanced.setObjectName("advancedSearch")
        self.advanced.setText("Advanced")
        self.advanced.setCheckable(True)
        self.advanced.setToolTip('Query syntax: "exact phrase", prefix*, AND, OR, NOT')
        self.advanced.setAccessibleName("Advanced search syntax")
        self.advanced.toggled.connect(self._search_changed)
        self.grouping_box = QComboBox(self)
        self.grouping_box.setObjectName("laneGrouping")
        self.grouping_box.setAccessibleName("Group lanes by")
        for value, label in GROUPINGS:
            self.grouping_box.addItem(label, value)

        self.count_label = QLabel(self)
        self.count_label.setObjectName("itemCount")
        self.database_label = QLabel(session.path.name, self)
        self.database_label.setToolTip(str(session.path))
        self.statusBar().addWidget(self.count_label)
        self.statusBar().addPermanentWidget(self.database_label)

        self._build_menus_and_toolbar()
        self._apply_palette()
        self._connect()
        self._fill_choices()
        self._restore()
        self.timeline.setFocus(Qt.FocusReason.OtherFocusReason)
        # The icon font loads once the timeline is drawn (it would only slow the first read
        # down), or after a moment if that read fails.
        self.timeline_pane.loaded.connect(
            lambda _n: QTimer.singleShot(ICONS_AFTER_PAINT_MS, self._paint_icons_once),
            Qt.ConnectionType.SingleShotConnection,
        )
        QTimer.singleShot(ICONS_AT_THE_LATEST_MS, self._paint_icons_once)

    # Building

    def _build_table(self) -> QTableView:
        table = QTableView(self)
        table.setObjectName("resultsTable")
        table.setAccessibleName("Items in the current filter")
        table.setModel(self.items_model)
        table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        table.setAlternatingRowColors(True)
        table.setSortingEnabled(True)
        table.sortByColumn(DATE, Qt.SortOrder.AscendingOrder)
        table.verticalHeader().hide()
        table.setWordWrap(False)
        table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        table.setItemDelegateForColumn(MATCH, SnippetDelegate(table))
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in (
            (DATE, 130),
            (1, 90),
            (TITLE, 380),
            (TRACKS, TRACKS_WIDTH),
            (SOURCES, 64),
        ):
            header.resizeSection(column, width)
        return table

    def _dock(self, widget: QWidget, title: str, name: str, area: Qt.DockWidgetArea) -> None:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetMovable
            | QDockWidget.DockWidgetFeature.DockWidgetClosable
        )
        self.addDockWidget(area, dock)
        widget.setMinimumWidth(240)

    def _action(
        self,
        text: str,
        slot: Callable[[], object],
        shortcut: str | QKeySequence.StandardKey | None = None,
        icon: str | None = None,
    ) -> QAction:
        action = QAction(text, self)
        if icon:
            action.setProperty("iconName", icon)
            action.setIcon(_blank_icon())  # holds the place until `_paint_icons` draws it
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_menus_and_toolbar(self) -> None:
        bar = self.menuBar()
        file = bar.addMenu("&File")
        self.open_action = self._action(
            "&Open database…",
            self.open_database_dialog,
            QKeySequence.StandardKey.Open,
            "mdi6.folder-open-outline",
        )
        file.addAction(self.open_action)
        file.addAction(
            self._action(
                "&New database…",
                self.new_database_dialog,
                QKeySequence.StandardKey.New,
                "mdi6.database-plus-outline",
            )
        )
        self.recent_menu = file.addMenu("Open &recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        file.addSeparator()
        self.import_action = self._action(
            "&Import…", self.import_dialog, "Ctrl+I", "mdi6.database-import-outline"
        )
        self.export_action = self._action("&Export…", self.export_dialog, "Ctrl+E", "mdi6.export")
        file.addAction(self.import_action)
        file.addAction(self.export_action)
        file.addSeparator()
        quit_action = self._action("&Quit", self.close, "Ctrl+Q", "mdi6.exit-to-app")
        quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        file.addAction(quit_action)

        view = bar.addMenu("&View")
        lanes = view.addMenu("&Group lanes by")
        self.grouping_actions = QActionGroup(self)
        for value, label in GROUPINGS:
            action = lanes.addAction(label)
            action.setCheckable(True)
            action.setData(value)
            self.grouping_actions.addAction(action)
        self.grouping_actions.triggered.connect(lambda a: self.set_grouping(a.data()))
        themes = view.addMenu("&Theme")
        self.theme_actions = QActionGroup(self)
        for value, label in (("system", "Follow the system"), ("light", "Light"), ("dark", "Dark")):
            action = themes.addAction(label)
            action.setCheckable(True)
            action.setData(value)
            action.setChecked(value == self._theme_choice)
            self.theme_actions.addAction(action)
        self.theme_actions.triggered.connect(lambda a: self.set_theme_choice(a.data()))
        view.addSeparator()
        self.zoom_in_action = self._action(
            "Zoom &in",
            lambda: self.timeline.zoom(1.5),
            QKeySequence.StandardKey.ZoomIn,
            "mdi6.magnify-plus-outline",
        )
        self.zoom_out_action = self._action(
            "Zoom &out",
            lambda: self.timeline.zoom(1 / 1.5),
            QKeySequence.StandardKey.ZoomOut,
            "mdi6.magnify-minus-outline",
        )
        self.fit_action = self._action(
            "&Fit the data", self.timeline.fit, "Ctrl+0", "mdi6.arrow-expand-horizontal"
        )
        for action in (self.zoom_in_action, self.zoom_out_action, self.fit_action):
            view.addAction(action)
        self.overview_action = view.addAction("Show &overview")
        self.overview_action.setCheckable(True)
        self.overview_action.toggled.connect(self.overview.setVisible)
        hide_empty = view.addAction("&Hide lanes with nothing in view")
        hide_empty.setCheckable(True)
        hide_empty.toggled.connect(self.timeline.set_hide_empty)
        view.addSeparator()
        search = self._action("&Search", self.focus_search, QKeySequence.StandardKey.Find)
        view.addAction(search)
        clear = self._action(
            "&Clear filters", self.clear_filters, "Ctrl+Shift+L", "mdi6.filter-remove-outline"
        )
        view.addAction(clear)
        view.addSeparator()
        for dock in self.findChildren(QDockWidget):
            view.addAction(dock.toggleViewAction())

        help_menu = bar.addMenu("&Help")
        help_menu.addAction(self._action("&Keyboard shortcuts", self.show_shortcuts, "F1"))
        about = self._action("&About Backchannel", self.show_about)
        about.setMenuRole(QAction.MenuRole.AboutRole)
        help_menu.addAction(about)

        tools = self.addToolBar("Main")
        tools.setObjectName("mainToolbar")
        tools.setMovable(False)
        tools.addAction(self.open_action)
        tools.addAction(self.import_action)
        tools.addAction(self.export_action)
        tools.addSeparator()
        tools.addWidget(self.search_box)
        tools.addWidget(self.advanced)
        tools.addSeparator()
        tools.addWidget(QLabel(" Lanes: ", self))
        tools.addWidget(self.grouping_box)
        tools.addSeparator()
        for action in (self.zoom_in_action, self.zoom_out_action, self.fit_action, clear):
            tools.addAction(action)
        self.search_box.setMinimumWidth(360)

    def _connect(self) -> None:
        self.filter_panel.filterChanged.connect(self.apply_filter)
        self.timeline_pane.loaded.connect(self._loaded)
        self.timeline_pane.loadFailed.connect(self._load_failed)
        self.timeline_pane.indexReady.connect(self._update_facet_counts)
        self.timeline.itemSelected.connect(self._canvas_selected)
        self.table.selectionModel().currentRowChanged.connect(self._table_selected)
        self.detail_panel.itemChosen.connect(self.show_item)
        self.detail_panel.actorChosen.connect(lambda a: self.filter_panel.choose("actors", a))
        self.detail_panel.trackChosen.connect(lambda t: self.filter_panel.choose("tracks", t))
        self.detail_panel.status.connect(lambda text: self.statusBar().showMessage(text, 5000))
        self.grouping_box.activated.connect(
            lambda i: self.set_grouping(self.grouping_box.itemData(i))
        )

    def _fill_choices(self) -> None:
        db = self.session.db
        actors = [
            ActorEntry(id_, name, _group(kind, affiliation), tuple(_aliases(aliases)))
            for id_, name, kind, affiliation, aliases in db.execute(
                "SELECT id, name, kind, affiliation, aliases FROM actors"
            )
        ]
        tracks = [
            TrackEntry(*row)
            for row in db.execute("SELECT id, name, color FROM tracks ORDER BY name")
        ]
        self.filter_panel.set_choices(actors, tracks)

    # The Filter

    @property
    def current_filter(self) -> Filter:
        return self.timeline_pane.filter

    def apply_filter(self, f: Filter) -> None:
        self.statusBar().showMessage("Loading…")
        self.timeline_pane.load(f)
        if f.text and self.timeline_pane.loading:
            self._preview_search(f)

    def _preview_search(self, f: Filter) -> None:
        """While every match of a search is read for the timeline, show its first results
        and its total at once: both come straight from the full-text index."""
        try:
            found = search(self.session.db, f, limit=PREVIEW_ROWS)
        except QueryError:
            return  # the background read reports it
        self.items_model.set_preview(found.items, f)
        self.table.setColumnHidden(MATCH, False)
        self.count_label.setText(
            f"{found.total:,} of {self._total_items():,} items — {f.describe(self._names())}"
        )
        self.searchPreviewed.emit(found.total)

    def set_grouping(self, grouping: str) -> None:
        index = self.grouping_box.findData(grouping)
        if index >= 0:
            self.grouping_box.setCurrentIndex(index)
        for action in self.grouping_actions.actions():
            action.setChecked(action.data() == grouping)
        if grouping != self.timeline_pane.grouping:
            self.timeline_pane.load(grouping=grouping)

    def clear_filters(self) -> None:
        self.search_box.clear()
        self.filter_panel.clear()

    def focus_search(self) -> None:
        self.search_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_box.selectAll()

    def _search_changed(self, *_: object) -> None:
        self.filter_panel.set_text(self.search_box.text(), self.advanced.isChecked())

    def _loaded(self, count: int) -> None:
        if self._closed:
            return
        columns: TimelineColumns = self.timeline.scene.columns
        f = self.timeline_pane.filter
        selected = self.timeline.scene.selected
        self.items_model.set_keys(columns.keys, f)
        self.table.setColumnHidden(MATCH, not f.text)
        self.count_label.setText(
            f"{count:,} of {self._total_items():,} items"
            + ("" if f.is_empty else f" — {f.describe(self._names())}")
        )
        self.statusBar().clearMessage()
        self._update_facet_counts()
        if selected is not None:
            self._select_row_of(selected)
        self.filterApplied.emit(count)

    def _update_facet_counts(self) -> None:
        """How many items each actor, track and kind would select: from the index once it
        is built; before that, from the database when it is small enough to ask at once."""
        f = self.timeline_pane.filter
        for facet in ("actors", "tracks", "kinds"):
            counts = self.timeline_pane.facet_counts(facet)
            if counts is None:
                if self._total_items() > SQL_COUNTS_LIMIT:
                    return  # the index is on its way; `indexReady` brings the counts
                counts = facet_counts(self.session.db, f, facet)
            self.filter_panel.set_counts(facet, counts)

    def _total_items(self) -> int:
        if self._total is None:
            if self.timeline_pane.filter.is_empty and not self.timeline_pane.loading:
                self._total = len(self.timeline.scene.columns)  # everything is loaded
            else:
                row = self.session.db.execute("SELECT count(*) FROM items").fetchone()
                self._total = int(row[0])
        return self._total

    def _load_failed(self, message: str) -> None:
        self.statusBar().showMessage(message, 10_000)
        self.count_label.setText("The search could not run")

    def _names(self) -> dict[str, str]:
        """Actor and track names by id, read once (and again after an import)."""
        if self._known_names is None:
            self._known_names = names(self.session.db)
        return self._known_names

    # Selection: canvas, list and side panel follow each other

    def show_item(self, item_id: str) -> None:
        """Select an item by id wherever it is shown, and read it in the side panel."""
        row = self.session.db.execute("SELECT key FROM items WHERE id = ?", [item_id]).fetchone()
        if row is not None and self.items_model.row_of(row[0]) is not None:
            self.timeline.select(row[0], reveal=True)
        else:  # not in the current filter: read it all the same
            self.detail_panel.show_detail(item_detail(self.session.db, item_id))

    def _canvas_selected(self, item_id: str) -> None:
        if self._closed:
            return
        self.detail_panel.show_detail(item_detail(self.session.db, item_id))
        key = self.timeline.scene.selected
        if key is not None and not self._syncing:
            self._select_row_of(key)

    def _select_row_of(self, key: int) -> None:
        row = self.items_model.row_of(key)
        if row is None:
            return
        self._syncing = True
        try:
            index = self.items_model.index(row, 0)
            self.table.selectionModel().setCurrentIndex(
                index,
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
            self.table.scrollTo(index)
        finally:
            self._syncing = False

    def _table_selected(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._closed or self._syncing or not current.isValid():
            return
        key = self.items_model.data(current, ItemKey)
        if not isinstance(key, int):
            return
        self._syncing = True
        try:
            self.timeline.select(int(key), reveal=True)
        finally:
            self._syncing = False

    def step_result(self, step: int) -> None:
        """Move to the next (or previous) result; the timeline centres it."""
        if self.items_model.rowCount() == 0:
            return
        rows = self.items_model.rowCount()
        current = self.table.currentIndex()
        row = current.row() + step if current.isValid() else (0 if step > 0 else rows - 1)
        self.table.selectRow(min(rows - 1, max(0, row)))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.search_box and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = event.key()
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Down):
                self.filter_panel.flush()
                self.step_result(1)
                return True
            if key == Qt.Key.Key_Up:
                self.step_result(-1)
                return True
            if key == Qt.Key.Key_Escape:
                self.search_box.clear()
                return True
        return super().eventFilter(watched, event)

    # Theme

    @staticmethod
    def _resolve_theme(choice: str) -> Theme:
        return THEMES.get(choice) or system_theme()

    def set_theme_choice(self, choice: str) -> None:
        self._theme_choice = choice
        self._theme = self._resolve_theme(choice)
        for action in self.theme_actions.actions():
            action.setChecked(action.data() == choice)
        self._apply_palette()
        self._paint_icons()
        self.timeline_pane.set_theme(self._theme)
        self.detail_panel.set_theme(self._theme)
        self.filter_panel.refresh_colours(self._theme)
        s.THEME.write(self._settings, choice)

    def _paint_icons_once(self, *_: object) -> None:
        if not self._icons_painted:
            self._paint_icons()

    def _paint_icons(self) -> None:
        """The toolbar and menu icons in the theme's text colour. Called just after the
        window is built (the icon fonts load while the timeline is read) and on a theme
        change."""
        import qtawesome as qta

        self._icons_painted = True
        for action in self.actions():
            name = action.property("iconName")
            if name:
                action.setIcon(qta.icon(name, color=self._theme.text))
        self.search_icon.setIcon(qta.icon("mdi6.magnify", color=self._theme.muted_text))

    def _apply_palette(self) -> None:
        """Light or dark chosen: the whole application follows (Fusion draws any palette
        faithfully); following the system: its own style and colours."""
        app = QApplication.instance()
        if not isinstance(app, QApplication):
            return
        global _PLATFORM_STYLE
        if _PLATFORM_STYLE is None:
            _PLATFORM_STYLE = app.style().name()
        if self._theme_choice in THEMES:
            app.setStyle(CheckStyle(self._theme))
            app.setPalette(palette(self._theme))
        elif app.style().name() != _PLATFORM_STYLE or isinstance(app.style(), CheckStyle):
            app.setStyle(_PLATFORM_STYLE)
            app.setPalette(app.style().standardPalette())

    @property
    def theme(self) -> Theme:
        return self._theme

    # Files

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        recent = [p for p in s.RECENT.read(self._settings) if Path(p).exists()]
        for path in recent:
            self.recent_menu.addAction(path, partial(self.open_path, Path(path)))
        if not recent:
            self.recent_menu.addAction("No recent databases").setEnabled(False)

    def open_database_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            "Open a Backchannel database",
            str(self.session.path.parent),
            "Backchannel databases (*.backchannel *.sqlite *.db);;All files (*)",
        )
        if path:
            self.open_path(Path(path))

    def new_database_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self,
            "New Backchannel database",
            str(self.session.path.parent / "untitled.backchannel"),
            "Backchannel databases (*.backchannel)",
        )
        if not path:
            return
        target = Path(path)
        if target.exists():
            QMessageBox.warning(self, "Backchannel", f"{target} already exists; choose a new name.")
            return
        try:
            open_database(target, create=True).close()
        except (StoreError, OSError) as error:
            QMessageBox.warning(self, "Backchannel", str(error))
            return
        self.open_path(target)

    def open_path(self, path: Path) -> MainWindow | None:
        """Open another database in a window of its own; this one stays as it is. Through
        the application's window list when there is one (a file already open comes to the
        front instead of opening twice)."""
        if MainWindow.opener is not None:
            return MainWindow.opener(path)
        try:
            window = MainWindow(Session(path))
        except StoreError as error:
            QMessageBox.warning(self, "Backchannel", str(error))
            return None
        OPEN_WINDOWS.append(window)
        window.show()
        window.timeline_pane.load(Filter(), window.timeline_pane.grouping)
        return window

    def import_dialog(self) -> ImportDialog:
        from app.ui.import_dialog import ImportDialog

        dialog = ImportDialog(self.session.path, self)
        dialog.imported.connect(self._imported)
        dialog.open()
        return dialog

    def _imported(self, report: ImportReport) -> None:
        self._total = None
        self._known_names = None
        self._fill_choices()
        self.timeline_pane.reload()
        self.statusBar().showMessage(report.summary(), 10_000)

    def export_dialog(self) -> ExportDialog:
        from app.ui.export_dialog import ExportDialog

        key = self.timeline.scene.selected
        selected = self.timeline.scene.texts.item_id(key) if key is not None else None
        scale = self.timeline.scale
        dialog = ExportDialog(
            self.session.path,
            self.current_filter,
            (scale.start, scale.end),
            selected,
            self.timeline_pane.grouping,
            self,
        )
        dialog.exported.connect(lambda message: self.statusBar().showMessage(message, 10_000))
        dialog.open()
        return dialog

    # Help

    def show_shortcuts(self) -> None:
        rows = "".join(
            f"<tr><td><b>{k}</b>&nbsp;&nbsp;</td><td>{v}</td></tr>" for k, v in SHORTCUTS
        )
        QMessageBox.information(self, "Keyboard shortcuts", f"<table>{rows}</table>")

    def show_about(self) -> None:
        from app.cli import app_version

        n = self.session.counts()
        QMessageBox.about(
            self,
            "About Backchannel",
            f"<h3>Backchannel {app_version()}</h3>"
            "<p>Who said what, when, on which diplomatic track, and where is the source.</p>"
            f"<p>Database: {_escape(str(self.session.path))}<br>"
            f"Schema version {schema_version(self.session.db)}<br>"
            f"{n.events:,} events · {n.statements:,} statements · {n.actors:,} actors · "
            f"{n.tracks:,} tracks · {n.sources:,} sources</p>",
        )

    # Remembered state

    def _restore(self) -> None:
        st = self._settings
        geometry = s.GEOMETRY.read(st)
        if not geometry.isEmpty():
            self.restoreGeometry(geometry)
        state = s.WINDOW_STATE.read(st)
        if not state.isEmpty():
            self.restoreState(state)
        splitter = s.SPLITTER.read(st)
        if not splitter.isEmpty():
            self.splitter.restoreState(splitter)
        show_overview = s.SHOW_OVERVIEW.read(st)
        self.overview_action.setChecked(show_overview)
        self.overview.setVisible(show_overview)
        grouping = self._saved.grouping
        self.grouping_box.setCurrentIndex(self.grouping_box.findData(grouping))
        for action in self.grouping_actions.actions():
            action.setChecked(action.data() == grouping)
        if self._saved.remembered:
            self._restore_filter()

    def _saved_view(self) -> _SavedView:
        """The lane grouping, and the Filter the window showed when this database was last
        closed (names that no longer exist, and dates that no longer read, left out)."""
        st = self._settings
        grouping = s.GROUPING.read(st)
        if grouping not in dict(GROUPINGS):
            grouping = "track"
        if s.LAST_DATABASE.read(st) != str(self.session.path):
            return _SavedView(Filter(), grouping, "", "", remembered=False)
        known = self._names()
        date_from, date_to = s.FILTER_FROM.read(st), s.FILTER_TO.read(st)
        f = Filter(
            actors=frozenset(a for a in s.FILTER_ACTORS.read(st) if a in known),
            tracks=frozenset(t for t in s.FILTER_TRACKS.read(st) if t in known),
            kinds=frozenset(s.FILTER_KINDS.read(st)),
            start=_bound(date_from, last=False),
            end=_bound(date_to, last=True),
            text=s.FILTER_TEXT.read(st),
            advanced=s.FILTER_ADVANCED.read(st),
        )
        return _SavedView(f, grouping, date_from, date_to, remembered=True)

    def _restore_filter(self) -> None:
        saved = self._saved
        self.filter_panel.set_filter(saved.filter, saved.date_from, saved.date_to)
        self.search_box.blockSignals(True)
        self.search_box.setText(saved.filter.text)
        self.search_box.blockSignals(False)
        self.advanced.blockSignals(True)
        self.advanced.setChecked(saved.filter.advanced)
        self.advanced.blockSignals(False)
        window = s.ZOOM_WINDOW.read(self._settings)
        if len(window) == 2:
            try:
                start, end = float(window[0]), float(window[1])
            except ValueError:
                return
            if end > start:
                self.timeline_pane.loaded.connect(
                    lambda _n: self.timeline.set_window(start, end),
                    Qt.ConnectionType.SingleShotConnection,
                )

    def save_state(self) -> None:
        st = self._settings
        s.GEOMETRY.write(st, self.saveGeometry())
        s.WINDOW_STATE.write(st, self.saveState())
        s.SPLITTER.write(st, self.splitter.saveState())
        s.SHOW_OVERVIEW.write(st, self.overview_action.isChecked())
        s.GROUPING.write(st, self.timeline_pane.grouping)
        s.LAST_DATABASE.write(st, str(self.session.path))
        recent = [str(self.session.path)] + [
            p for p in s.RECENT.read(st) if p != str(self.session.path)
        ]
        s.RECENT.write(st, recent[: s.RECENT_LIMIT])
        f = self.filter_panel.current()
        s.FILTER_ACTORS.write(st, sorted(f.actors))
        s.FILTER_TRACKS.write(st, sorted(f.tracks))
        s.FILTER_KINDS.write(st, sorted(f.kinds))
        date_from, date_to = self.filter_panel.dates_typed()
        s.FILTER_FROM.write(st, date_from)
        s.FILTER_TO.write(st, date_to)
        s.FILTER_TEXT.write(st, f.text)
        s.FILTER_ADVANCED.write(st, f.advanced)
        scale = self.timeline.scale
        s.ZOOM_WINDOW.write(st, [repr(scale.start), repr(scale.end)])
        st.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_state()
        self._closed = True
        self.timeline_pane.shutdown()
        self.session.close()
        if self in OPEN_WINDOWS:
            OPEN_WINDOWS.remove(self)
        super().closeEvent(event)


@dataclass(frozen=True, slots=True)
class _SavedView:
    filter: Filter
    grouping: str
    date_from: str
    date_to: str
    remembered: bool
    """Whether this database was the one shown last (its filters are restored)."""


def _bound(typed: str, *, last: bool) -> int | None:
    """The first (or last) second of a typed date, or None if it is empty or does not read."""
    if not typed.strip():
        return None
    try:
        span = parse_span(typed)
    except DateError:
        return None
    return span.last_second if last else span.first_second


OPEN_WINDOWS: list[MainWindow] = []
_PLATFORM_STYLE: str | None = None
"""The style Qt chose for this platform, to return to when the theme follows the system."""
"""Windows opened from another window: kept here so they live until closed."""


def _blank_icon() -> QIcon:
    """A transparent icon of the toolbar's size: buttons keep their shape until the real
    icons are drawn."""
    pixmap = QPixmap(ICON_PX, ICON_PX)
    pixmap.fill(Qt.GlobalColor.transparent)
    return QIcon(pixmap)


def _group(kind: str, affiliation: str | None) -> str:
    """Where an actor is listed: under its affiliation; states together; the rest last."""
    if affiliation:
        return affiliation
    return {"state": "States", "anonymous": "Unnamed sources"}.get(kind, NO_AFFILIATION)


def _aliases(raw: str | None) -> list[str]:
    from app.store.queries import aliases

    return list(aliases(raw))


def _escape(text: str) -> str:
    import html

    return html.escape(text)
