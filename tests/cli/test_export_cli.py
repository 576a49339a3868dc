"""`backchannel export` in every format, with the filters of `search`, on real files."""

from __future__ import annotations

import csv
import errno
import io
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path

import icalendar
import pytest
from defusedxml import ElementTree as ET
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from app.cli import main
from app.formats import native


@pytest.fixture(autouse=True)
def _widgets_application(qapp: QApplication) -> None:
    """Images need a Qt application; the one pytest-qt gives every test, made first."""


UNSC = ("--track", "UN Security Council")
UNSC_ITEMS = 15


def run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def _csv_rows(text: str) -> int:
    return len(list(csv.DictReader(io.StringIO(text))))


def _native_items(text: str) -> int:
    data = native.from_document(json.loads(text))
    return len(data.events) + len(data.statements)


_READ_BACK: dict[str, Callable[[str, bytes], int]] = {
    "csv": lambda text, _: _csv_rows(text),
    "json": lambda text, _: _native_items(text),
    "timelinejs": lambda text, _: len(json.loads(text)["events"]),
    "timelinejs-csv": lambda text, _: _csv_rows(text) - 1,  # the title row
    "html": lambda text, _: text.count('<li class="item '),
    # Every item is a "## " heading, and so is the list of sources.
    "markdown": lambda text, _: sum(1 for line in text.splitlines() if line.startswith("## ")) - 1,
    "ics": lambda _, content: len(icalendar.Calendar.from_ical(content).walk("VEVENT")),
    "svg": lambda _, content: len(
        list(ET.fromstring(content).iter("{http://www.w3.org/2000/svg}text"))
    ),
    "png": lambda _, content: QImage.fromData(content, "PNG").width(),
    "pdf": lambda _, content: int(
        content.startswith(b"%PDF-") and b"/Subtype /Image" not in content
    ),
}
"""How to count what a file of each format holds, read back by a parser of its format."""


def ids_in(name: str, content: bytes) -> int:
    """How many items a file holds, read back by a parser of its format."""
    return _READ_BACK[name](content.decode("utf-8", errors="replace"), content)


@pytest.mark.parametrize(
    ("name", "count"),
    [
        ("csv", UNSC_ITEMS),
        ("json", UNSC_ITEMS),
        ("timelinejs", UNSC_ITEMS),
        ("timelinejs-csv", UNSC_ITEMS),
        ("html", UNSC_ITEMS),
        ("markdown", UNSC_ITEMS),
        ("ics", UNSC_ITEMS),
        ("svg", None),
        ("png", 1600),
        ("pdf", 1),
    ],
)
def test_every_format_writes_its_file(
    capsys: pytest.CaptureFixture[str],
    sample_path: Path,
    tmp_path: Path,
    name: str,
    count: int | None,
) -> None:
    target = tmp_path / f"unsc.{name}"
    code, out, err = run(
        capsys, "--db", sample_path, "export", "--format", name, *UNSC, "-o", target
    )
    assert code == 0, err
    assert out == ""
    assert err.strip() == f"Wrote {UNSC_ITEMS} items to {target.resolve()}."
    found = ids_in(name, target.read_bytes())
    if count is None:
        assert found > 20
    else:
        assert found == count


def test_text_formats_go_to_standard_output(
    capsys: pytest.CaptureFixture[str], sample_path: Path
) -> None:
    code, out, _ = run(
        capsys, "--db", sample_path, "export", "--format", "markdown", "--kind", "vote"
    )
    assert code == 0
    assert out.startswith("# US–Russia back-channels")
    assert "**Items of kind vote**\\" in out
    assert "## 17 Nov 2025 · Vote: Security Council adopts Resolution 2803 on Gaza" in out


def test_dash_as_output_is_standard_output(
    capsys: pytest.CaptureFixture[str],
    sample_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    args = ("--db", sample_path, "export", "--format", "csv", *UNSC)
    code, out, err = run(capsys, *args, "-o", "-")
    assert (code, err) == (0, "")
    assert _csv_rows(out) == UNSC_ITEMS
    assert out == run(capsys, *args)[1]
    assert not (tmp_path / "-").exists()


def test_an_image_goes_down_a_pipe_with_dash_but_not_to_a_terminal(
    capsysbinary: pytest.CaptureFixture[bytes],
    sample_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    args = ["--db", str(sample_path), "export", "--format", "png", "--width", "400", "-o", "-"]
    assert main(args) == 0
    out, _ = capsysbinary.readouterr()
    assert out.startswith(b"\x89PNG\r\n")
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    assert main(args) == 1
    out, err = capsysbinary.readouterr()
    assert out == b""
    assert b"cannot go to the terminal: name a file, e.g. -o timeline.png" in err


def test_a_failed_write_names_the_file_the_user_named(
    capsys: pytest.CaptureFixture[str],
    sample_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    folder = tmp_path / "outdir"
    folder.mkdir()
    code, out, err = run(capsys, "--db", sample_path, "export", "--format", "csv", "-o", folder)
    assert (code, out) == (1, "")
    assert err == f"backchannel: cannot write {folder}: it is a folder; name a file in it\n"

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr("app.services.exporting.os.fsync", full)
    target = tmp_path / "out.csv"
    code, out, err = run(capsys, "--db", sample_path, "export", "--format", "csv", "-o", target)
    assert (code, out) == (1, "")
    assert err == f"backchannel: cannot write {target}: No space left on device\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["outdir", "sample.backchannel"]


def test_images_take_size_and_time_window(
    capsys: pytest.CaptureFixture[str], sample_path: Path, tmp_path: Path
) -> None:
    png, svg = tmp_path / "t.png", tmp_path / "t.svg"
    window = ("--from", "Oct 2025", "--to", "Nov 2025")
    size = ("--width", "900", "--height", "500")
    assert (
        run(capsys, "--db", sample_path, "export", "--format", "png", *window, *size, "-o", png)[0]
        == 0
    )
    image = QImage(str(png))
    assert (image.width(), image.height()) == (900, 500)
    assert run(capsys, "--db", sample_path, "export", "--format", "svg", *window, "-o", svg)[0] == 0
    texts = ["".join(t.itertext()) for t in ET.parse(svg).iter("{http://www.w3.org/2000/svg}text")]
    assert "Oct 2025" in texts
    assert "Nov 2025" in texts
    assert "2010" not in texts
    assert any(t.startswith("Items from 1 Oct 2025 to 30 Nov 2025 · ") for t in texts)


def test_calendar_can_leave_out_imprecise_dates(
    capsys: pytest.CaptureFixture[str], sample_path: Path, tmp_path: Path
) -> None:
    target = tmp_path / "unsc.ics"
    code, _, err = run(
        capsys,
        "--db",
        sample_path,
        "export",
        "--format",
        "ics",
        *UNSC,
        "--imprecise",
        "skip",
        "-o",
        target,
    )
    assert code == 0
    assert "Left out 3 item(s) whose date is known only to the month or year." in err
    assert len(icalendar.Calendar.from_ical(target.read_bytes()).walk("VEVENT")) == UNSC_ITEMS - 3


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--format", "pdf"), "cannot go to the terminal: name a file, e.g. -o timeline.pdf"),
        (("--format", "png", "--width", "50", "-o", "x.png"), "The width must be 200 to 20,000"),
        (("--format", "svg", "--from", "2026", "--to", "2025", "-o", "x.svg"), "must end after"),
        (("--format", "html", "--track", "Atlantis"), "No track is called “Atlantis”"),
    ],
)
def test_mistakes_are_explained_without_a_traceback(
    capsys: pytest.CaptureFixture[str],
    sample_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    args: tuple[str, ...],
    message: str,
) -> None:
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    code, _, err = run(capsys, "--db", sample_path, "export", *args)
    assert code == 1
    assert message in err
    assert "Traceback" not in err
    assert list(here.iterdir()) == []
