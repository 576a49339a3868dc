"""Where the files that ship with Backchannel are: inside the wheel, or in a source checkout."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent


def _shipped(name: str) -> Path:
    installed = _PACKAGE / "_data" / name
    return installed if installed.is_dir() else _PACKAGE.parent / name


def data_dir() -> Path:
    """The folder with the sample dataset and the JSON Schema (`db/` in the source tree)."""
    return _shipped("db")


def resources_dir() -> Path:
    """Icons, styles, desktop entry and templates (`resources/` in the source tree)."""
    return _shipped("resources")


def sample_dataset() -> Path:
    return data_dir() / "sample.json"


def native_schema() -> Path:
    return data_dir() / "backchannel.schema.json"
