"""Where the user's own database lives, as each platform expects, in plain Python so a
headless command finds it without loading Qt.

The folders are those Qt's `QStandardPaths.AppDataLocation` gives an application named
Backchannel with no organisation (a test compares the two): `$XDG_DATA_HOME/Backchannel` (by
default `~/.local/share/Backchannel`) on Linux and other Unix, `~/Library/Application
Support/Backchannel` on macOS, `%APPDATA%\\Backchannel` on Windows."""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_NAME = "Backchannel"
DATABASE_NAME = "library.backchannel"


def data_folder() -> Path:
    """The folder of the user's own Backchannel files."""
    if sys.platform == "win32":
        base = os.environ.get("APPDATA") or str(Path.home() / "AppData" / "Roaming")
    elif sys.platform == "darwin":
        base = str(Path.home() / "Library" / "Application Support")
    else:
        xdg = os.environ.get("XDG_DATA_HOME", "")
        # The XDG spec ignores a relative path, and so does Qt.
        base = xdg if os.path.isabs(xdg) else str(Path.home() / ".local" / "share")
    return Path(base) / APP_NAME


def user_database_path() -> Path:
    """The database Backchannel opens when given none."""
    return data_folder() / DATABASE_NAME
