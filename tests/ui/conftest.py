"""Fixtures of the window tests: a registry of open windows whose messages a test reads."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from app.ui.application import Windows


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
