"""Fixtures of the window tests: a window opened on a database, and a registry of open
windows whose messages a test reads."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.ui.application import Windows, build_main_window
from app.ui.main_window import MainWindow

LOAD_MS = 20_000


@pytest.fixture
def problems() -> list[str]:
    """The messages the windows would have shown the user in a dialog."""
    return []


@pytest.fixture
def windows(qtbot: QtBot, problems: list[str]) -> Iterator[Windows]:
    """The application's window registry, reporting into `problems`; every window it opened
    is closed after the test."""
    opened = Windows(report=problems.append)
    yield opened
    for window in opened:
        window.close()
    qtbot.waitUntil(lambda: len(opened) == 0)


OpenWindow = Callable[[Path], MainWindow]


@pytest.fixture
def open_window(qtbot: QtBot) -> OpenWindow:
    """Opens the main window on a database at 1400×900, as a user would, and waits until
    its timeline has read the items."""

    def opened(path: Path) -> MainWindow:
        window = build_main_window(path)
        qtbot.addWidget(window)
        window.resize(1400, 900)
        window.show()
        qtbot.waitUntil(lambda: not window.timeline_pane.loading, timeout=LOAD_MS)
        return window

    return opened
