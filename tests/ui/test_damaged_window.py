"""The window on a damaged database: a message naming the file and how to mend it, whether
the damage is met on opening or later by a read on the loader's thread."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from app.ui.application import Windows

LOAD_TIMEOUT_MS = 10_000


def test_a_file_damaged_at_opening_is_a_message(
    windows: Windows, problems: list[str], damaged: Callable[[str], Path]
) -> None:
    path = damaged("truncated")
    assert windows.open(path) is None
    assert len(problems) == 1
    assert str(path.resolve()) in problems[0]
    assert "backchannel repair" in problems[0]


def test_damage_met_by_the_loader_is_shown_not_swallowed(
    qtbot: QtBot,
    windows: Windows,
    problems: list[str],
    damaged: Callable[[str], Path],
    large_file: None,
) -> None:
    path = damaged("pages")
    window = windows.open(path)
    assert window is not None
    qtbot.waitUntil(lambda: window.findChild(QMessageBox) is not None, timeout=LOAD_TIMEOUT_MS)
    dialog = window.findChild(QMessageBox)
    assert dialog.isVisible()
    assert str(path.resolve()) in dialog.text()
    assert "backchannel repair" in dialog.text()
    assert window.count_label.text() == "— items"
    assert not window.timeline_pane.loading
    assert problems == []


def test_a_search_in_a_broken_text_index_says_why(
    qtbot: QtBot, windows: Windows, damaged: Callable[[str], Path]
) -> None:
    path = damaged("text index")
    window = windows.open(path)
    assert window is not None
    qtbot.waitUntil(lambda: not window.timeline_pane.loading, timeout=LOAD_TIMEOUT_MS)
    window.search_box.setText("Lavrov")
    window.filter_panel.flush()
    qtbot.waitUntil(lambda: window.findChild(QMessageBox) is not None, timeout=LOAD_TIMEOUT_MS)
    assert "backchannel repair" in window.findChild(QMessageBox).text()
    assert not window.timeline_pane.loading
