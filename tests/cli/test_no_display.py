"""With no display to open the window on, one line says what to do instead of Qt aborting."""

from __future__ import annotations

from pathlib import Path

import pytest

import app.ui.application
from app.cli import main


@pytest.fixture
def window_opened(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Stands in for the window, so no test starts Qt without a platform."""
    opened: list[Path] = []

    def run(path: Path) -> int:
        opened.append(path)
        return 0

    monkeypatch.setattr(app.ui.application, "run", run)
    return opened


def _environment(monkeypatch: pytest.MonkeyPatch, **names: str) -> None:
    monkeypatch.setattr("sys.platform", "linux")
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    for name, value in names.items():
        monkeypatch.setenv(name, value)


def test_no_display_is_one_line_that_says_what_to_do(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], window_opened: list[Path]
) -> None:
    _environment(monkeypatch)
    assert main([]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err.splitlines() == [
        "backchannel: no display to open the window on: run it in a desktop session, or use "
        "a command such as `backchannel info`; QT_QPA_PLATFORM=offscreen opens it off screen"
    ]
    assert window_opened == []


@pytest.mark.parametrize(
    "names",
    [{"DISPLAY": ":0"}, {"WAYLAND_DISPLAY": "wayland-0"}, {"QT_QPA_PLATFORM": "offscreen"}],
)
def test_a_display_or_a_named_platform_opens_the_window(
    monkeypatch: pytest.MonkeyPatch, window_opened: list[Path], names: dict[str, str]
) -> None:
    _environment(monkeypatch, **names)
    assert main([]) == 0
    assert len(window_opened) == 1


def test_commands_run_without_a_display(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], sample_path: Path
) -> None:
    _environment(monkeypatch)
    assert main(["--db", str(sample_path), "info"]) == 0
    assert "no display" not in capsys.readouterr().err
