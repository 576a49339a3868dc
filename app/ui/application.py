"""Starting the window: the one place that builds the objects and passes them in."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication, QMessageBox

from app.store import StoreError
from app.ui.locations import APP_NAME
from app.ui.main_window import MainWindow
from app.ui.session import Session


def ensure_application() -> QApplication:
    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
    QApplication.setApplicationName(APP_NAME)
    QApplication.setApplicationDisplayName(APP_NAME)
    return app  # type: ignore[return-value]


def build_main_window(db_path: Path | str) -> MainWindow:
    """The main window on a database, without entering the event loop."""
    ensure_application()
    return MainWindow(Session(Path(db_path)))


def run(db_path: Path) -> int:
    app = ensure_application()
    try:
        window = build_main_window(db_path)
    except StoreError as error:
        QMessageBox.critical(None, APP_NAME, str(error))
        return 1
    window.show()
    return app.exec()
