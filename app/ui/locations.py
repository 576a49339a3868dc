"""Where the user's own files live, as the platform expects (QStandardPaths)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QStandardPaths

APP_NAME = "Backchannel"
DATABASE_NAME = "library.backchannel"


def user_database_path() -> Path:
    """The database Backchannel opens when given none, in AppDataLocation:
    ~/.local/share/Backchannel/ on Linux, ~/Library/Application Support/Backchannel/ on
    macOS, %APPDATA%/Backchannel/ on Windows."""
    QCoreApplication.setApplicationName(APP_NAME)
    QCoreApplication.setOrganizationName("")
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(folder) / DATABASE_NAME
