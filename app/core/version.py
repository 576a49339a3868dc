"""Which Backchannel this is, for `--version`, the About box and exported files."""

from __future__ import annotations


def app_version() -> str:
    """The installed version; package metadata is read only when asked (importing it costs a
    window's start about 30 ms)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("backchannel")
    except PackageNotFoundError:
        return "0+unknown"
