"""The double-clickable build (`make dist`): it builds here, carries what it needs and no other
Qt binding, and the built program works on a fresh data folder with no Python around."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.core.version import app_version
from app.services.desktop import APP_ID

ROOT = Path(__file__).resolve().parents[2]
OTHER_QT_BINDINGS = ("PyQt5", "PyQt6", "PySide2")


@pytest.fixture(scope="module")
def build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One build for the module's tests, in a temporary folder: `make dist` runs the same spec."""
    where = tmp_path_factory.mktemp("pyinstaller")
    result = subprocess.run(
        [
            sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
            "--distpath", str(where / "dist"), "--workpath", str(where / "work"),
            str(ROOT / "packaging" / "backchannel.spec"),
        ],
        capture_output=True, text=True, timeout=900, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-4000:]
    return where / "dist" / "backchannel"


def frozen(build: Path, home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        "PATH": "/usr/bin:/bin",  # no virtual environment, no Python of the project's
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "LANG": "C.UTF-8",
    }
    program = build / ("backchannel-cli.exe" if os.name == "nt" else "backchannel")
    return subprocess.run(
        [str(program), *args],
        cwd=home,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.slow
def test_the_build_carries_its_data_and_only_pyside6(build: Path) -> None:
    inside = build / "_internal"
    assert (inside / "app" / "_data" / "db" / "sample.json").is_file()
    assert (inside / "app" / "_data" / "resources" / "desktop" / f"{APP_ID}.desktop").is_file()
    assert (inside / "app" / "_data" / "resources" / "icons" / "backchannel-512.png").is_file()
    assert list((inside / "qtawesome" / "fonts").glob("fontawesome5-solid-*.ttf"))
    assert (inside / "PySide6").is_dir()
    for binding in OTHER_QT_BINDINGS:
        assert not list(inside.glob(f"{binding}*")), f"{binding} is in the build"
    assert not list(inside.rglob("libqgtk3*"))


@pytest.mark.slow
def test_the_built_program_runs_on_a_fresh_data_folder(build: Path, tmp_path: Path) -> None:
    version = frozen(build, tmp_path, "--version")
    assert version.stdout.strip() == f"backchannel {app_version()}"

    smoke = frozen(build, tmp_path, "--smoke-test")
    assert smoke.returncode == 0, smoke.stderr
    assert smoke.stdout.startswith("Smoke test passed")

    info = frozen(build, tmp_path, "info")
    assert info.returncode == 0, info.stderr
    assert f"Database:   {tmp_path / 'data' / 'Backchannel'}" in info.stdout
    assert "Statements: 23" in info.stdout

    exported = frozen(build, tmp_path, "export", "--format", "json")
    assert exported.returncode == 0, exported.stderr
    document = json.loads(exported.stdout)
    assert document["format"] == "backchannel"
    assert len(document["events"]) == 23

    table = tmp_path / "items.csv"
    written = frozen(build, tmp_path, "export", "--format", "csv", "-o", str(table))
    assert written.returncode == 0, written.stderr
    assert table.read_text(encoding="utf-8").startswith("id,date,")


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="XDG desktops only")
def test_the_built_program_installs_a_launcher_that_runs_it(build: Path, tmp_path: Path) -> None:
    result = frozen(build, tmp_path, "install-desktop")
    assert result.returncode == 0, result.stderr
    entry = tmp_path / "data" / "applications" / f"{APP_ID}.desktop"
    assert f"Exec={build / 'backchannel'} %f" in entry.read_text(encoding="utf-8").splitlines()
