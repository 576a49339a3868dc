"""Linux desktop integration: a menu entry, icons and the `.backchannel` file type.

`backchannel install-desktop` copies them into the user's XDG data folder
(`$XDG_DATA_HOME`, usually ~/.local/share), pointing the entry at the Backchannel that ran the
command (a frozen build, a virtual environment or an installed package), then refreshes the
desktop and MIME databases so file managers see the type at once. No root, nothing system-wide.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from app.core.paths import resources_dir

APP_ID = "org.backchannel.Backchannel"
"""Names the desktop entry, the AppStream component, the icon and the Wayland app id."""
MIME_TYPE = "application/x-backchannel"
FILE_ICON = "application-x-backchannel"
ICON_SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)
REFRESH_TIMEOUT_SECONDS = 60
_EXEC_RESERVED = set(" \t\n\"'\\><~|&;$*?#()`")


class DesktopError(Exception):
    """Desktop integration cannot be done here; the message says why."""


@dataclass
class Report:
    """What `install` or `uninstall` did, for the user to read."""

    command: list[str] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    refreshed: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def supported() -> bool:
    """XDG desktops: Linux and the BSDs. macOS and Windows register through their bundles."""
    return os.name == "posix" and sys.platform != "darwin"


def data_home() -> Path:
    value = os.environ.get("XDG_DATA_HOME", "")
    # The XDG spec says a relative value is invalid and must be ignored.
    return Path(value) if value and Path(value).is_absolute() else Path.home() / ".local/share"


def launcher() -> list[str]:
    """The command that starts this same Backchannel from a desktop entry."""
    if getattr(sys, "frozen", False):
        return [sys.executable]
    beside = Path(sys.executable).with_name("backchannel")
    if beside.is_file() and os.access(beside, os.X_OK):
        return [str(beside)]
    found = shutil.which("backchannel")
    if found:
        return [str(Path(found).absolute())]
    return [sys.executable, "-m", "app"]


def exec_line(command: list[str]) -> str:
    """An `Exec` value with the file placeholder, quoted as the Desktop Entry spec asks."""
    return " ".join([*(_exec_argument(a) for a in command), "%f"])


def _exec_argument(argument: str) -> str:
    argument = argument.replace("%", "%%")
    if _EXEC_RESERVED.isdisjoint(argument):
        return _desktop_string(argument)
    inner = "".join("\\" + c if c in '"`$\\' else c for c in argument)
    return _desktop_string(f'"{inner}"')


def _desktop_string(value: str) -> str:
    """Escapes of the string type, applied after Exec's own quoting (spec, 'Exec key')."""
    return value.replace("\\", "\\\\")


def desktop_entry(command: list[str]) -> str:
    """The shipped entry, its `Exec` and `TryExec` aimed at `command`."""
    template = (_shipped() / f"{APP_ID}.desktop").read_text(encoding="utf-8")
    lines = []
    for line in template.splitlines():
        if line.startswith("Exec="):
            line = f"Exec={exec_line(command)}"
        elif line.startswith("TryExec="):
            line = f"TryExec={_desktop_string(command[0])}"
        lines.append(line)
    return "\n".join(lines) + "\n"


def _shipped() -> Path:
    return resources_dir() / "desktop"


def _icons() -> Path:
    return resources_dir() / "icons"


def planned(home: Path) -> dict[Path, Callable[[], bytes]]:
    """Every file `install` writes, under `home`, with what goes into it."""
    hicolor = home / "icons" / "hicolor"

    def copy(source: Path) -> Callable[[], bytes]:
        return source.read_bytes

    files: dict[Path, Callable[[], bytes]] = {
        home / "applications" / f"{APP_ID}.desktop": lambda: desktop_entry(launcher()).encode(),
        home / "mime" / "packages" / f"{APP_ID}.xml": copy(_shipped() / "backchannel-mime.xml"),
        hicolor / "scalable" / "apps" / f"{APP_ID}.svg": copy(_icons() / "backchannel.svg"),
        hicolor / "scalable" / "mimetypes" / f"{FILE_ICON}.svg": copy(
            _icons() / f"{FILE_ICON}.svg"
        ),
    }
    for size in ICON_SIZES:
        folder = hicolor / f"{size}x{size}"
        files[folder / "apps" / f"{APP_ID}.png"] = copy(_icons() / f"backchannel-{size}.png")
        files[folder / "mimetypes" / f"{FILE_ICON}.png"] = copy(
            _icons() / f"{FILE_ICON}-{size}.png"
        )
    return files


def install(home: Path | None = None) -> Report:
    _require_supported()
    home = home or data_home()
    report = Report(command=launcher())
    for target, content in planned(home).items():
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content())
        report.files.append(target)
    _refresh(home, report)
    return report


def uninstall(home: Path | None = None) -> Report:
    _require_supported()
    home = home or data_home()
    report = Report()
    for target in planned(home):
        if target.exists():
            target.unlink()
            report.files.append(target)
    _refresh(home, report)
    return report


def _require_supported() -> None:
    if not supported():
        raise DesktopError(
            "install-desktop is for Linux desktops. On macOS and Windows, the app bundle or "
            "installer registers Backchannel and its files (see packaging/README.md)."
        )


def _refresh(home: Path, report: Report) -> None:
    """Rebuild the caches desktops read; a missing tool is noted, not fatal, since desktops
    that watch these folders pick the files up anyway."""
    hicolor = home / "icons" / "hicolor"
    if hicolor.is_dir():
        os.utime(hicolor)  # icon themes notice new icons by the theme folder's time
    for tool, folder in (
        ("update-mime-database", home / "mime"),
        ("update-desktop-database", home / "applications"),
    ):
        if shutil.which(tool) is None:
            report.problems.append(f"{tool} is not installed; {folder} was not re-indexed")
            continue
        folder.mkdir(parents=True, exist_ok=True)
        try:
            result = subprocess.run(
                [tool, str(folder)],
                capture_output=True,
                text=True,
                timeout=REFRESH_TIMEOUT_SECONDS,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired) as error:
            report.problems.append(f"{tool} {folder} failed: {error}")
            continue
        if result.returncode == 0:
            report.refreshed.append(tool)
        else:
            why = result.stderr.strip() or f"exit status {result.returncode}"
            report.problems.append(f"{tool} {folder} failed: {why}")
