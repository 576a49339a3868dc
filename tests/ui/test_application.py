"""Starting Backchannel as a desktop app: files from the launcher, from macOS and from a second
launch open in windows of the one running app, and a file that cannot be opened is a message."""

from __future__ import annotations

import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QDir
from PySide6.QtGui import QFileOpenEvent, QGuiApplication
from pytestqt.qtbot import QtBot

from app import cli
from app.core.paths import resources_dir
from app.services.desktop import APP_ID
from app.services.locations import APP_NAME
from app.ui.application import FileOpenEvents, Windows, ensure_application
from app.ui.instance import InstanceServer, hand_over

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def second_path(sample_path: Path) -> Path:
    other = sample_path.with_name("second.backchannel")
    shutil.copy(sample_path, other)
    return other


def unique_name() -> str:
    return f"backchannel-test-{uuid.uuid4().hex[:12]}"


def test_windows_belong_to_the_launcher_the_desktop_shows(qtbot: QtBot) -> None:
    ensure_application()
    assert QGuiApplication.desktopFileName() == APP_ID
    assert (resources_dir() / "desktop" / f"{APP_ID}.desktop").is_file()
    assert QCoreApplication.applicationName() == APP_NAME
    assert not QGuiApplication.windowIcon().isNull()


def test_one_window_per_database_and_a_second_file_gets_its_own(
    windows: Windows, sample_path: Path, second_path: Path, problems: list[str]
) -> None:
    first = windows.open(sample_path)
    assert first is not None
    assert first.isVisible()
    assert windows.open(sample_path) is first
    assert len(windows) == 1
    second = windows.open(second_path)
    assert second is not None
    assert second is not first
    assert second.isVisible()
    assert len(windows) == 2
    assert problems == []


def test_a_closed_window_is_forgotten_and_the_file_opens_again(
    qtbot: QtBot, windows: Windows, sample_path: Path
) -> None:
    first = windows.open(sample_path)
    assert first is not None
    first.close()
    qtbot.waitUntil(lambda: len(windows) == 0)
    again = windows.open(sample_path)
    assert again is not None
    assert again.isVisible()


def test_files_that_cannot_be_opened_are_reported_not_raised(
    windows: Windows, tmp_path: Path, problems: list[str]
) -> None:
    foreign = tmp_path / "other-program.db"
    sqlite3.connect(foreign).execute("CREATE TABLE t (x)").connection.close()
    assert windows.open(tmp_path / "missing.backchannel") is None
    assert windows.open(foreign) is None
    assert len(windows) == 0
    assert "There is no database" in problems[0]
    assert "is not a Backchannel database" in problems[1]


def test_a_database_locked_by_another_program_is_a_message(
    windows: Windows, sample_path: Path, problems: list[str]
) -> None:
    holder = sqlite3.connect(sample_path)
    try:
        holder.execute("PRAGMA locking_mode = EXCLUSIVE")
        holder.execute("BEGIN EXCLUSIVE")
        assert windows.open(sample_path) is None
    finally:
        holder.close()
    assert len(problems) == 1
    assert "locked" in problems[0]


def test_macos_file_open_event_opens_the_database(
    qtbot: QtBot, windows: Windows, sample_path: Path
) -> None:
    app = ensure_application()
    events = FileOpenEvents(windows.open, app)
    app.installEventFilter(events)
    try:
        QCoreApplication.sendEvent(app, QFileOpenEvent(str(sample_path)))
    finally:
        app.removeEventFilter(events)
    assert len(windows) == 1


def test_a_second_launch_hands_its_file_to_the_running_app(qtbot: QtBot, sample_path: Path) -> None:
    name = unique_name()
    opened: list[Path] = []
    server = InstanceServer(name, opened.append)
    assert server.listen()
    try:
        second = subprocess.Popen(
            [
                sys.executable,
                "-c",
                "import sys; from pathlib import Path; from app.ui.instance import hand_over; "
                "sys.exit(0 if hand_over(sys.argv[1], Path(sys.argv[2])) else 3)",
                name,
                str(sample_path),
            ],
            cwd=ROOT,
        )
        qtbot.waitUntil(lambda: bool(opened), timeout=15_000)
        assert second.wait(timeout=15) == 0
    finally:
        server.close()
    assert opened == [sample_path.absolute()]


def test_with_nobody_running_a_launch_opens_the_file_itself(sample_path: Path) -> None:
    assert hand_over(unique_name(), sample_path) is False


@pytest.mark.skipif(sys.platform == "win32", reason="Windows pipes leave no file behind")
def test_a_socket_left_by_a_crashed_backchannel_does_not_stop_the_next(qtbot: QtBot) -> None:
    name = unique_name()
    stale = Path(QDir.tempPath()) / name
    leftover = socket.socket(socket.AF_UNIX)
    leftover.bind(str(stale))
    leftover.close()
    server = InstanceServer(name, lambda path: None)
    try:
        assert server.listen()
    finally:
        server.close()


def launch(*args: str, home: Path) -> subprocess.Popen[str]:
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CONFIG_HOME": str(home / "config"),
    }
    return subprocess.Popen(
        [sys.executable, "-m", "app", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def wait_for(condition: Callable[[], bool], seconds: float = 20) -> bool:
    """For another process, which qtbot cannot wait on."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def in_use(path: Path) -> bool:
    """An open Backchannel database has its write-ahead log beside it."""
    return path.with_name(path.name + "-wal").exists()


def test_double_clicking_a_second_file_opens_it_in_the_running_backchannel(
    tmp_path: Path, sample_path: Path, second_path: Path
) -> None:
    first = launch(str(sample_path), home=tmp_path)
    second = None
    try:
        assert wait_for(lambda: in_use(sample_path)), "the first launch did not open its file"
        second = launch(str(second_path), home=tmp_path)
        _, err = second.communicate(timeout=30)
        assert second.returncode == 0, err
        assert "Traceback" not in err
        assert wait_for(lambda: in_use(second_path))
        assert first.poll() is None
    finally:
        for process in (first, second):
            if process is not None and process.poll() is None:
                process.kill()
                process.communicate(timeout=30)


def test_the_smoke_test_paints_the_window_and_says_so(tmp_path: Path) -> None:
    result = launch("--smoke-test", home=tmp_path)
    out, err = result.communicate(timeout=60)
    assert result.returncode == 0, err
    assert out.startswith("Smoke test passed: window ")
    assert not (tmp_path / "data").exists()  # a temporary copy, not the user's database


def test_the_smoke_test_fails_with_a_message_on_a_file_it_cannot_open(tmp_path: Path) -> None:
    broken = tmp_path / "broken.backchannel"
    broken.write_text("not a database", encoding="utf-8")
    result = launch("--smoke-test", "--db", str(broken), home=tmp_path)
    _, err = result.communicate(timeout=60)
    assert result.returncode == 1
    assert err.startswith("Smoke test failed: ")
    assert "Traceback" not in err


def test_a_file_named_by_itself_opens_in_the_window(
    monkeypatch: pytest.MonkeyPatch, sample_path: Path
) -> None:
    opened: list[Path] = []

    def open_window(path: Path) -> int:
        opened.append(path)
        return 0

    monkeypatch.setattr(cli, "_open_window", open_window)
    assert cli.main([str(sample_path)]) == 0
    assert cli.main(["-psn_0_1234", "--", str(sample_path)]) == 0
    assert opened == [sample_path, sample_path]


def test_a_file_named_by_itself_is_not_mistaken_for_a_command(
    monkeypatch: pytest.MonkeyPatch, sample_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(cli, "_open_window", lambda path: pytest.fail("no window expected"))
    assert cli.main(["--db", str(sample_path), "info"]) == 0
    assert "Statements: 23" in capsys.readouterr().out
    assert cli.main([str(sample_path), "info"]) == 1
    assert "Name one database" in capsys.readouterr().err
