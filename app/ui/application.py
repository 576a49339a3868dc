"""Starting the window: the one place that builds the objects and passes them in. `run`
builds the application, its style and the `Windows` registry once; every window is built by
that registry and opens further databases through it."""

from __future__ import annotations

import os
import sqlite3
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, qVersion
from PySide6.QtGui import QFileOpenEvent, QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from app.core.memory import return_large_blocks
from app.core.paths import resources_dir
from app.services.desktop import APP_ID, ICON_SIZES
from app.services.locations import APP_NAME
from app.store import StoreError
from app.store.errors import known_failure
from app.ui.instance import InstanceServer, hand_over, instance_name
from app.ui.main_window import MainWindow
from app.ui.session import Session
from app.ui.theme import AppStyle
from app.ui.upgrade import upgrade_first

CASCADE = QPoint(32, 32)
"""How far a further window sits from the active one, so it does not hide it exactly."""
SMOKE_MIN_COLOURS = 4
"""A painted window shows at least this many colours among sampled pixels; a blank one, 1."""


def ensure_application() -> QApplication:
    app = QApplication.instance()
    if app is None:
        return_large_blocks()
        app = QApplication(sys.argv[:1])
    QApplication.setApplicationName(APP_NAME)
    QApplication.setApplicationDisplayName(APP_NAME)
    # Wayland matches windows to the launcher by this name; X11 by StartupWMClass, which is
    # the application name.
    QGuiApplication.setDesktopFileName(APP_ID)
    QApplication.setWindowIcon(app_icon())
    return app  # type: ignore[return-value]


def app_icon() -> QIcon:
    icon = QIcon()
    for size in ICON_SIZES:
        icon.addFile(str(resources_dir() / "icons" / f"backchannel-{size}.png"))
    return icon


def build_main_window(db_path: Path | str, windows: Windows | None = None) -> MainWindow:
    """The main window on a database, without entering the event loop. Databases it opens
    go to `windows` (a registry of its own when none is given)."""
    ensure_application()
    return (windows or Windows()).build(Path(db_path))


def show_problem(message: str) -> None:
    QMessageBox.warning(QApplication.activeWindow(), APP_NAME, message)


class Windows:
    """The open windows, one per database: opening a file already shown raises its window.
    The one owner of the open windows and of the application style they share; each window
    opens further databases through it."""

    def __init__(
        self, report: Callable[[str], None] = show_problem, style: AppStyle | None = None
    ) -> None:
        self._report = report
        self._style = style or AppStyle(ensure_application())
        self._by_path: dict[Path, MainWindow] = {}

    def build(self, path: Path) -> MainWindow:
        """A window on `path` that opens further databases here; not yet shown or listed."""
        upgrade_first(path, QApplication.activeWindow())
        return MainWindow(Session(path), self.open, self._style)

    def __len__(self) -> int:
        return len(self._by_path)

    def __iter__(self) -> Iterator[MainWindow]:
        return iter(list(self._by_path.values()))

    def open(self, path: Path) -> MainWindow | None:
        """Show `path` in a window; a file that cannot be opened is reported, never raised."""
        key = path.resolve()
        window = self._by_path.get(key)
        if window is None:
            try:
                window = self.build(key)
            except StoreError as error:
                self._report(str(error))
                return None
            except sqlite3.DatabaseError as error:  # a damaged page met while building
                known = known_failure(error, key)
                if known is None:
                    raise
                self._report(str(known))
                return None
            window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            window.destroyed.connect(lambda *_, w=window: self._forget(key, w))
            active = QApplication.activeWindow()
            if active is not None:
                window.move(active.pos() + CASCADE)
            self._by_path[key] = window
        window.show()
        window.setWindowState(window.windowState() & ~Qt.WindowState.WindowMinimized)
        window.raise_()
        window.activateWindow()
        return window

    def _forget(self, key: Path, window: MainWindow) -> None:
        if self._by_path.get(key) is window:
            del self._by_path[key]


class FileOpenEvents(QObject):
    """macOS sends a double-clicked document to the running app as a QFileOpenEvent."""

    def __init__(self, open_path: Callable[[Path], object], parent: QObject) -> None:
        super().__init__(parent)
        self._open_path = open_path

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if isinstance(event, QFileOpenEvent) and event.file():
            self._open_path(Path(event.file()))
            return True
        return super().eventFilter(watched, event)


def run(db_path: Path) -> int:
    app = ensure_application()
    name = instance_name()
    if hand_over(name, db_path):
        return 0
    windows = Windows(style=AppStyle(app))
    server = InstanceServer(name, windows.open)
    server.listen()
    app.installEventFilter(FileOpenEvents(windows.open, app))
    if windows.open(db_path) is None and not windows:
        server.close()
        return 1
    try:
        return app.exec()
    finally:
        server.close()


def smoke_test(db_path: Path | None = None) -> int:
    """Open the main window offscreen on a fresh copy of the sample (or on `db_path`), paint
    it, and check that the bundled data, Qt plugins, icon font and app icon all load."""
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    app = ensure_application()
    with tempfile.TemporaryDirectory(prefix="backchannel-smoke-") as folder:
        try:
            if db_path is None:
                from app.services.library import create_from_sample  # the sample's reader

                db_path = Path(folder) / "sample.backchannel"
                create_from_sample(db_path)
            window = build_main_window(db_path)
        except StoreError as error:
            print(f"Smoke test failed: {error}", file=sys.stderr)
            return 1
        try:
            window.show()
            app.processEvents()
            problems = _paint_problems(window)
        finally:
            window.close()
            app.processEvents()
    for problem in problems:
        print(f"Smoke test failed: {problem}", file=sys.stderr)
    if problems:
        return 1
    print(
        f"Smoke test passed: window {window.width()}×{window.height()} painted, icon font and "
        f"app icon loaded (Qt {qVersion()}, {QGuiApplication.platformName()})."
    )
    return 0


def _paint_problems(window: QWidget) -> list[str]:
    import qtawesome

    problems = []
    image = window.grab().toImage()
    colours = {
        image.pixel(x, y) for x in range(0, image.width(), 17) for y in range(0, image.height(), 17)
    }
    if image.isNull() or len(colours) < SMOKE_MIN_COLOURS:
        problems.append(f"the window painted {len(colours)} colour(s): it looks blank")
    # Any icon will do: it proves qtawesome's font files shipped and load.
    glyph = qtawesome.icon("fa5s.comments").pixmap(32, 32).toImage()
    if glyph.isNull() or all(glyph.pixelColor(x, 16).alpha() == 0 for x in range(32)):
        problems.append("qtawesome's icon font did not load")
    if app_icon().pixmap(64, 64).isNull():
        problems.append(f"the app icon is missing from {resources_dir() / 'icons'}")
    return problems
