"""The wheel a user installs carries its sample data, schema and resources."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_wheel_installs_into_a_fresh_environment_and_finds_its_data(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(dist), str(ROOT)],
        check=True,
        timeout=600,
    )
    (wheel,) = dist.glob("backchannel-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "app/_data/db/sample.json" in names
    assert "app/_data/db/backchannel.schema.json" in names

    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    bin_dir = venv / ("Scripts" if os.name == "nt" else "bin")
    subprocess.run(
        [str(bin_dir / "python"), "-m", "pip", "install", "--quiet", str(wheel)],
        check=True,
        timeout=900,
    )
    env = {
        "PATH": f"{bin_dir}{os.pathsep}/usr/bin:/bin",
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "QT_QPA_PLATFORM": "offscreen",
        "HOME": str(tmp_path),
    }

    def backchannel(*args: str) -> str:
        result = subprocess.run(
            [str(bin_dir / "backchannel"), *args],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        return result.stdout

    assert "Statements: 23" in backchannel("info")
    document = json.loads(backchannel("export", "--format", "json"))
    assert document["format"] == "backchannel"
    assert len(document["events"]) == 23
    where = subprocess.run(
        [str(bin_dir / "python"), "-c", "import app.core.paths; print(app.core.paths.data_dir())"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert Path(where).is_relative_to(venv)
