"""The window's title: the dataset's name, then the file's."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import sqlite_utils

from app.store import open_database
from app.ui.main_window import MainWindow


def test_the_window_title_names_the_dataset_then_the_file(
    open_window: Callable[[Path], MainWindow], sample_path: Path, empty_db: sqlite_utils.Database
) -> None:
    window = open_window(sample_path)
    assert window.windowTitle() == (
        "US–Russia back-channels and UN Security Council Resolution 2803 (sample)"
        " — sample.backchannel — Backchannel"
    )
    db = open_database(sample_path)
    with db.conn:
        db.execute("DELETE FROM meta WHERE key = 'title'")
    db.close()
    window.session.database_changed()
    assert window.windowTitle() == "sample.backchannel — Backchannel"
