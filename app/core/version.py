"""Which Backchannel this is, for `--version`, the About box and exported files."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version


def app_version() -> str:
    try:
        return version("backchannel")
    except PackageNotFoundError:
        return "0+unknown"
