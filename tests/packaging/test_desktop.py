"""Linux desktop integration: the shipped files validate, and after `install-desktop` the
desktop's own tools map a .backchannel file to Backchannel."""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from app.cli import main
from app.services import desktop
from app.services.desktop import APP_ID, FILE_ICON, ICON_SIZES, MIME_TYPE, exec_line
from app.services.locations import APP_NAME, DATABASE_NAME
from app.store import open_database
from app.store.schema import APPLICATION_ID

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = ROOT / "resources" / "desktop"
ENTRY = SHIPPED / f"{APP_ID}.desktop"
METAINFO = SHIPPED / f"{APP_ID}.metainfo.xml"
MIME_XML = SHIPPED / "backchannel-mime.xml"
MIME_NS = "{http://www.freedesktop.org/standards/shared-mime-info}"


def tool(name: str) -> str:
    """A freedesktop tool; CI installs them all (.ci/run), elsewhere a missing one skips."""
    found = shutil.which(name)
    if found is None:
        if os.environ.get("CI"):
            pytest.fail(f"{name} is not installed; .ci/run should install it")
        pytest.skip(f"{name} is not installed")
    return found


def run(*command: str, env: dict[str, str] | None = None) -> str:
    result = subprocess.run(
        command, capture_output=True, text=True, timeout=60, env=env, check=False
    )
    assert result.returncode == 0, f"{command}: {result.stdout}{result.stderr}"
    return result.stdout


def entry_keys(text: str) -> dict[str, str]:
    return dict(line.split("=", 1) for line in text.splitlines() if "=" in line)


def test_the_desktop_entry_validates() -> None:
    out = run(tool("desktop-file-validate"), str(ENTRY))
    assert out == ""


def test_the_appstream_metainfo_validates() -> None:
    run(tool("appstreamcli"), "validate", "--no-net", str(METAINFO))


def test_entry_metainfo_mime_type_and_app_agree() -> None:
    keys = entry_keys(ENTRY.read_text(encoding="utf-8"))
    assert keys["Version"] == "1.4"
    assert keys["Exec"] == "backchannel %f"
    assert keys["Categories"] == "Office;Database;"
    assert keys["MimeType"] == f"{MIME_TYPE};"
    assert keys["Icon"] == APP_ID
    # X11 window managers match a window to its launcher by WM_CLASS: Qt's application name.
    assert keys["StartupWMClass"] == APP_NAME
    component = ET.parse(METAINFO).getroot()
    assert component.findtext("id") == APP_ID
    assert component.findtext("launchable") == ENTRY.name
    assert component.findtext("provides/mediatype") == MIME_TYPE

    mime = ET.parse(MIME_XML).getroot().find(f"{MIME_NS}mime-type")
    assert mime is not None
    assert mime.get("type") == MIME_TYPE
    sub_class = mime.find(f"{MIME_NS}sub-class-of")
    assert sub_class is not None
    assert sub_class.get("type") == "application/vnd.sqlite3"
    glob = mime.find(f"{MIME_NS}glob")
    assert glob is not None
    assert Path(DATABASE_NAME).match(glob.get("pattern", ""))
    outer = mime.find(f"{MIME_NS}magic/{MIME_NS}match")
    assert outer is not None
    inner = outer.find(f"{MIME_NS}match")
    assert inner is not None
    assert (inner.get("type"), inner.get("offset")) == ("big32", "68")
    assert int(inner.get("value", ""), 16) == APPLICATION_ID


def test_the_magic_matches_the_header_a_new_database_carries(tmp_path: Path) -> None:
    path = tmp_path / "any-name"
    open_database(path, create=True).close()
    header = path.read_bytes()[:72]
    assert header.startswith(b"SQLite format 3\0")
    assert int.from_bytes(header[68:72], "big") == APPLICATION_ID


def test_exec_line_quotes_paths_as_the_desktop_entry_spec_asks() -> None:
    assert exec_line(["/opt/backchannel/backchannel"]) == "/opt/backchannel/backchannel %f"
    assert exec_line(["/home/ann/My Apps/backchannel"]) == '"/home/ann/My Apps/backchannel" %f'
    # Inside quotes `$` is escaped with a backslash, which the string type doubles; a
    # percent sign is doubled so it is not taken for a field code.
    assert exec_line(["/srv/a$b/100%/bc"]) == '"/srv/a\\\\$b/100%%/bc" %f'
    assert exec_line(["/usr/bin/python3", "-m", "app"]) == "/usr/bin/python3 -m app %f"


def test_an_installed_entry_for_a_path_with_spaces_still_validates(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    validate = tool("desktop-file-validate")
    monkeypatch.setattr(desktop, "launcher", lambda: ["/home/ann/My Apps/back$channel"])
    target = tmp_path / f"{APP_ID}.desktop"
    target.write_text(desktop.desktop_entry(desktop.launcher()), encoding="utf-8")
    assert run(validate, str(target)) == ""
    assert entry_keys(target.read_text(encoding="utf-8"))["Exec"] == (
        '"/home/ann/My Apps/back\\\\$channel" %f'
    )


def test_install_desktop_makes_the_desktop_open_backchannel_files_with_backchannel(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    gio, xdg_mime = tool("gio"), tool("xdg-mime")
    tool("update-mime-database")
    tool("update-desktop-database")
    data_home = Path(os.environ["XDG_DATA_HOME"])  # a temporary folder (tests/conftest.py)
    assert main(["install-desktop"]) == 0
    out = capsys.readouterr()
    assert out.err == ""
    assert str(data_home) in out.out

    installed = data_home / "applications" / f"{APP_ID}.desktop"
    command = entry_keys(installed.read_text(encoding="utf-8"))["Exec"].removesuffix(" %f")
    assert os.access(command.split(" ")[0], os.X_OK)
    for size in ICON_SIZES:
        folder = data_home / f"icons/hicolor/{size}x{size}"
        assert (folder / f"apps/{APP_ID}.png").is_file()
        assert (folder / f"mimetypes/{FILE_ICON}.png").is_file()

    database = tmp_path / "talks.backchannel"
    open_database(database, create=True).close()
    unnamed = tmp_path / "renamed.db"  # recognised by content: the application_id
    shutil.copy(database, unnamed)
    other = tmp_path / "someone-else.sqlite"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.close()

    env = {**os.environ, "XDG_CURRENT_DESKTOP": "GNOME"}  # xdg-mime asks gio, as on GNOME
    for path in (database, unnamed):
        assert run(xdg_mime, "query", "filetype", str(path), env=env).strip() == MIME_TYPE
        assert f"standard::content-type: {MIME_TYPE}" in run(
            gio, "info", "-a", "standard::content-type", str(path)
        )
    assert run(xdg_mime, "query", "filetype", str(other), env=env).strip() in (
        "application/vnd.sqlite3",
        "application/x-sqlite3",
    )
    assert run(xdg_mime, "query", "default", MIME_TYPE, env=env).strip() == installed.name
    assert f"Default application for “{MIME_TYPE}”: {installed.name}" in run(gio, "mime", MIME_TYPE)

    assert main(["install-desktop", "--uninstall"]) == 0
    assert not installed.exists()
    assert not list(data_home.glob("icons/hicolor/*/*/*backchannel*"))
    assert run(xdg_mime, "query", "filetype", str(database), env=env).strip() != MIME_TYPE
    assert installed.name not in run(gio, "mime", MIME_TYPE)


def test_install_desktop_elsewhere_says_what_to_do_instead(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "platform", "darwin")
    assert main(["install-desktop"]) == 1
    err = capsys.readouterr().err
    assert "install-desktop is for Linux desktops" in err
    assert "Traceback" not in err
    assert not (Path(os.environ["XDG_DATA_HOME"]) / "applications").exists()


def test_the_icons_are_rendered_from_their_svgs_at_every_size() -> None:
    from PySide6.QtGui import QImage

    icons = ROOT / "resources" / "icons"
    for name in ("backchannel", "application-x-backchannel"):
        assert re.search(r"<svg\b", (icons / f"{name}.svg").read_text(encoding="utf-8"))
        for size in ICON_SIZES:
            image = QImage(str(icons / f"{name}-{size}.png"))
            assert (image.width(), image.height()) == (size, size)
            assert image.hasAlphaChannel()
            assert image.pixelColor(0, 0).alpha() == 0  # transparent corner
            assert image.pixelColor(size // 2, size // 2).alpha() == 255
    result = subprocess.run(
        [sys.executable, str(ROOT / "packaging" / "render_icons.py"), "--check"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
