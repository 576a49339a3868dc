"""The user's database is where the platform keeps an application's data, found without Qt."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QStandardPaths

from app.services.locations import APP_NAME, DATABASE_NAME, data_folder, user_database_path


def test_the_folder_is_the_one_qt_gives_the_window(qapp: QCoreApplication) -> None:
    """The command line finds the database in plain Python; the window's file dialogs and
    settings use Qt's idea of the same folder. They must agree."""
    name, organisation = qapp.applicationName(), qapp.organizationName()
    qapp.setApplicationName(APP_NAME)
    qapp.setOrganizationName("")
    try:
        location = QStandardPaths.StandardLocation.AppDataLocation
        expected = Path(QStandardPaths.writableLocation(location))
    finally:
        qapp.setApplicationName(name)
        qapp.setOrganizationName(organisation)
    assert data_folder() == expected
    assert user_database_path() == expected / DATABASE_NAME


def test_a_relative_xdg_data_home_is_ignored(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.platform", "linux")
    monkeypatch.setenv("XDG_DATA_HOME", "relative/data")
    assert data_folder() == Path.home() / ".local" / "share" / APP_NAME
