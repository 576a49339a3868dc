"""The main window's menus, toolbar and shortcuts: every QAction in one place, each calling a
verb of the window (`WindowCommands`), and their icons drawn in the theme's text colour."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QActionGroup, QIcon, QKeySequence, QPixmap
from PySide6.QtWidgets import QDockWidget, QLabel, QMainWindow, QMenu

from app.core.timeline.lanes import GROUPING_LABELS
from app.drawing.theme import Theme
from app.ui.editing.menu import EditVerbs, fill_edit_menu
from app.ui.search_bar import SearchBar
from app.ui.timeline.pane import TimelinePane

ICON_PX = 24
THEME_CHOICES = (("system", "Follow the system"), ("light", "Light"), ("dark", "Dark"))


class FileVerbs(Protocol):
    """What the File menu asks for beyond import and export (`FileCommands`)."""

    def open_database_dialog(self) -> object: ...
    def new_database_dialog(self) -> object: ...
    def fill_recent(self, menu: QMenu) -> None: ...
    def capture_dialog(self) -> object: ...


class ViewVerbs(Protocol):
    """What the Views menu asks for (`SavedViews`)."""

    def save_view_dialog(self) -> object: ...
    def manage_views_dialog(self) -> object: ...
    def previous_view(self) -> None: ...
    def list_views(self, menu: QMenu, previous: QAction) -> None: ...


class WindowCommands(Protocol):
    """What the menus ask the window to do."""

    def import_dialog(self) -> object: ...
    def export_dialog(self) -> object: ...
    def close(self) -> bool: ...
    def set_grouping(self, grouping: str) -> None: ...
    def set_theme_choice(self, choice: str) -> None: ...
    def focus_search(self) -> None: ...
    def clear_filters(self) -> None: ...
    def show_shortcuts(self) -> None: ...
    def show_about(self) -> None: ...


def blank_icon() -> QIcon:
    """A transparent icon of the toolbar's size: buttons keep their shape until the real
    icons are drawn."""
    pixmap = QPixmap(ICON_PX, ICON_PX)
    pixmap.fill(Qt.GlobalColor.transparent)
    return QIcon(pixmap)


class WindowActions:
    """Builds the menu bar and the toolbar of `window` and keeps the actions others check."""

    def __init__(
        self,
        window: QMainWindow,
        commands: WindowCommands,
        files: FileVerbs,
        search: SearchBar,
        timeline: TimelinePane,
        editing: EditVerbs,
        views: ViewVerbs,
    ) -> None:
        self._window = window
        self._timeline = timeline
        self._do = commands
        self._files = files
        self._search = search
        self.grouping_actions = QActionGroup(window)
        self.theme_actions = QActionGroup(window)
        self._file_menu()
        self._edit_menu(editing)
        self._view_menu()
        self._views_menu(views)
        self._help_menu()
        self._toolbar()

    def action(
        self,
        text: str,
        slot: Callable[[], object],
        shortcut: str | QKeySequence.StandardKey | None = None,
        icon: str | None = None,
    ) -> QAction:
        action = QAction(text, self._window)
        if icon:
            action.setProperty("iconName", icon)
            action.setIcon(blank_icon())  # holds the place until `paint_icons` draws it
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        self._window.addAction(action)
        return action

    def _file_menu(self) -> None:
        do, files = self._do, self._files
        file = self._window.menuBar().addMenu("&File")
        self.open_action = self.action(
            "&Open database…",
            files.open_database_dialog,
            QKeySequence.StandardKey.Open,
            "mdi6.folder-open-outline",
        )
        file.addAction(self.open_action)
        file.addAction(
            self.action(
                "&New database…",
                files.new_database_dialog,
                "Ctrl+Alt+N",  # Ctrl+N is a new statement
                "mdi6.database-plus-outline",
            )
        )
        self.recent_menu = file.addMenu("Open &recent")
        self.recent_menu.aboutToShow.connect(lambda: files.fill_recent(self.recent_menu))
        file.addSeparator()
        self.import_action = self.action(
            "&Import…", do.import_dialog, "Ctrl+I", "mdi6.database-import-outline"
        )
        self.export_action = self.action("&Export…", do.export_dialog, "Ctrl+E", "mdi6.export")
        file.addAction(self.import_action)
        file.addAction(self.export_action)
        file.addAction(self.action("&Capture article…", files.capture_dialog, "Ctrl+Shift+O",
                                   "mdi6.newspaper-variant-outline"))  # fmt: skip
        file.addSeparator()
        quit_action = self.action("&Quit", do.close, "Ctrl+Q", "mdi6.exit-to-app")
        quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        file.addAction(quit_action)

    def _edit_menu(self, editing: EditVerbs) -> None:
        menu = self._window.menuBar().addMenu("&Edit")
        self.edit_actions = fill_edit_menu(menu, self._window, self.action, editing)

    def _view_menu(self) -> None:
        do, canvas = self._do, self._timeline.canvas
        view = self._window.menuBar().addMenu("&View")
        _choices(view.addMenu("&Group lanes by"), self.grouping_actions, GROUPING_LABELS)
        self.grouping_actions.triggered.connect(lambda a: do.set_grouping(a.data()))
        _choices(view.addMenu("&Theme"), self.theme_actions, THEME_CHOICES)
        self.theme_actions.triggered.connect(lambda a: do.set_theme_choice(a.data()))
        view.addSeparator()
        self.zoom_in_action = self.action(
            "Zoom &in",
            lambda: canvas.zoom(1.5),
            QKeySequence.StandardKey.ZoomIn,
            "mdi6.magnify-plus-outline",
        )
        self.zoom_out_action = self.action(
            "Zoom &out",
            lambda: canvas.zoom(1 / 1.5),
            QKeySequence.StandardKey.ZoomOut,
            "mdi6.magnify-minus-outline",
        )
        self.fit_action = self.action(
            "&Fit the data", canvas.fit, "Ctrl+0", "mdi6.arrow-expand-horizontal"
        )
        for action in (self.zoom_in_action, self.zoom_out_action, self.fit_action):
            view.addAction(action)
        self.overview_action = view.addAction("Show &overview")
        self.overview_action.setCheckable(True)
        self.overview_action.toggled.connect(self._timeline.overview.setVisible)
        hide_empty = view.addAction("&Hide lanes with nothing in view")
        hide_empty.setCheckable(True)
        hide_empty.toggled.connect(canvas.set_hide_empty)
        view.addSeparator()
        view.addAction(self.action("&Search", do.focus_search, QKeySequence.StandardKey.Find))
        self.clear_action = self.action(
            "&Clear filters", do.clear_filters, "Ctrl+Shift+L", "mdi6.filter-remove-outline"
        )
        view.addAction(self.clear_action)
        view.addSeparator()
        for dock in self._window.findChildren(QDockWidget):
            view.addAction(dock.toggleViewAction())

    def _views_menu(self, views: ViewVerbs) -> None:
        """Save what is shown under a name, recall it (the views themselves are listed by
        `views`, with Ctrl+1…9 for the first nine), and go back to what was shown before."""
        self.views_menu = self._window.menuBar().addMenu("Vie&ws")
        self.save_view_action = self.action(
            "&Save view…", views.save_view_dialog, "Ctrl+D", "mdi6.bookmark-plus-outline"
        )
        self.previous_view_action = self.action(
            "&Previous view", views.previous_view, QKeySequence.StandardKey.Back, "mdi6.undo"
        )
        self.manage_views_action = self.action(
            "&Manage views…", views.manage_views_dialog, None, "mdi6.bookmark-multiple-outline"
        )
        for action in (self.save_view_action, self.previous_view_action, self.manage_views_action):
            self.views_menu.addAction(action)
        self.views_menu.addSeparator()
        menu, previous = self.views_menu, self.previous_view_action
        menu.aboutToShow.connect(lambda: views.list_views(menu, previous))
        views.list_views(menu, previous)

    def _help_menu(self) -> None:
        help_menu = self._window.menuBar().addMenu("&Help")
        help_menu.addAction(self.action("&Keyboard shortcuts", self._do.show_shortcuts, "F1"))
        about = self.action("&About Backchannel", self._do.show_about)
        about.setMenuRole(QAction.MenuRole.AboutRole)
        help_menu.addAction(about)

    def _toolbar(self) -> None:
        tools = self._window.addToolBar("Main")
        tools.setObjectName("mainToolbar")
        tools.setMovable(False)
        for action in (self.open_action, self.import_action, self.export_action):
            tools.addAction(action)
        tools.addSeparator()
        tools.addWidget(self._search.search_box)
        tools.addWidget(self._search.advanced)
        tools.addSeparator()
        tools.addWidget(QLabel(" Lanes: ", self._window))
        tools.addWidget(self._search.grouping_box)
        tools.addSeparator()
        for action in (self.zoom_in_action, self.zoom_out_action, self.fit_action):
            tools.addAction(action)
        tools.addAction(self.clear_action)
        self._search.search_box.setMinimumWidth(360)

    def show_choices(self, grouping: str, theme_choice: str) -> None:
        """Tick the grouping and the theme shown."""
        for action in self.grouping_actions.actions():
            action.setChecked(action.data() == grouping)
        for action in self.theme_actions.actions():
            action.setChecked(action.data() == theme_choice)

    def paint_icons(self, theme: Theme) -> None:
        """The toolbar and menu icons in the theme's text colour."""
        import qtawesome as qta

        for action in self._window.actions():
            name = action.property("iconName")
            if name:
                action.setIcon(qta.icon(name, color=theme.text))
        self._search.search_icon.setIcon(qta.icon("mdi6.magnify", color=theme.muted_text))


def _choices(menu: QMenu, group: QActionGroup, choices: tuple[tuple[str, str], ...]) -> None:
    for value, label in choices:
        action = menu.addAction(label)
        action.setCheckable(True)
        action.setData(value)
        group.addAction(action)
