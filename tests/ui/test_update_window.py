"""Opening a file of an older Backchannel updates it first, with a progress dialog whose
Cancel leaves the file as it was and says so, instead of a window that seems to hang."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import sqlite_utils
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QProgressDialog, QPushButton
from pytestqt.qtbot import QtBot

from app.store import database as database_module
from app.store.database import needs_upgrade
from app.store.schema import MIGRATIONS
from app.ui import upgrade
from app.ui.application import Windows


def test_an_older_file_opens_updated(
    version_8_path: Path, windows: Windows, problems: list[str]
) -> None:
    path = version_8_path
    window = windows.open(path)
    assert window is not None
    assert problems == []
    assert not needs_upgrade(path)


def test_cancel_while_an_older_file_is_updated_leaves_it_and_says_so(
    version_8_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    windows: Windows,
    problems: list[str],
    qtbot: QtBot,
    snapshot: Callable[[Path], Any],
) -> None:
    path = version_8_path
    before = snapshot(path)

    def long_step(db: sqlite_utils.Database) -> None:  # an update that takes its time
        while True:
            db.execute("SELECT count(*) FROM items a, items b, items c").fetchone()

    monkeypatch.setattr(database_module, "MIGRATIONS", (*MIGRATIONS, long_step))
    monkeypatch.setattr(database_module, "SCHEMA_VERSION", len(MIGRATIONS) + 1)
    monkeypatch.setattr(upgrade, "SHOWN_AFTER_MS", 0)
    seen: list[str] = []

    def press_cancel() -> None:
        dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, QProgressDialog)]
        shown = [d for d in dialogs if d.isVisible()]
        if not shown:
            QTimer.singleShot(20, press_cancel)
            return
        seen.append(shown[0].labelText())
        button = shown[0].findChild(QPushButton)
        assert button is not None
        assert button.text() == "Cancel"
        button.click()

    QTimer.singleShot(20, press_cancel)
    assert windows.open(path) is None
    assert seen
    assert "Updating old.backchannel" in seen[0]
    assert problems == [f"The update of {path} was cancelled; it is as it was."]
    before.assert_unchanged()
