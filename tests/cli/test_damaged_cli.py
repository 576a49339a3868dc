"""`backchannel` on damaged files: a message naming the file and the way to mend it, never a
traceback; `check` and `repair`; imports refused before they write."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from app.cli import main


def run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def _told_to_mend(err: str, path: Path) -> None:
    assert err.startswith(f"backchannel: The database {path} ")
    assert f"backchannel check --db {path}" in err
    assert f"backchannel repair --db {path}" in err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    "command",
    [
        ["info"],
        ["search", "", "--limit", "100"],
        ["export", "--format", "csv"],
        ["export", "--format", "json"],
    ],
)
def test_damaged_pages_met_by_a_command_are_a_message(
    capsys: pytest.CaptureFixture[str],
    damaged: Callable[[str], Path],
    large_file: None,
    command: list[str],
) -> None:
    path = damaged("pages")
    code, _, err = run(capsys, *command, "--db", path)
    assert code == 1
    _told_to_mend(err, path)


@pytest.mark.parametrize(
    "command", [["search", "Lavrov"], ["export", "--format", "csv", "--text", "Lavrov"]]
)
def test_a_broken_text_index_met_by_a_search_is_a_message(
    capsys: pytest.CaptureFixture[str], damaged: Callable[[str], Path], command: list[str]
) -> None:
    path = damaged("text index")
    code, _, err = run(capsys, *command, "--db", path)
    assert code == 1
    _told_to_mend(err, path)


def test_a_truncated_file_is_a_message(
    capsys: pytest.CaptureFixture[str], damaged: Callable[[str], Path]
) -> None:
    path = damaged("truncated")
    code, _, err = run(capsys, "info", "--db", path)
    assert code == 1
    _told_to_mend(err, path)


def test_check_says_ok_or_what_is_wrong(
    capsys: pytest.CaptureFixture[str], sample_path: Path, damaged: Callable[[str], Path]
) -> None:
    assert run(capsys, "check", "--db", sample_path) == (0, f"{sample_path}: OK\n", "")
    assert run(capsys, "check", "--quick", "--db", sample_path)[0] == 0
    path = damaged("text index")
    code, out, _ = run(capsys, "check", "--db", path)
    assert code == 1
    assert "The full-text index is damaged" in out
    assert f"backchannel repair --db {path}" in out


def test_repair_mends_and_checks_again(
    capsys: pytest.CaptureFixture[str], damaged: Callable[[str], Path]
) -> None:
    path = damaged("text index")
    code, out, err = run(capsys, "repair", "--db", path)
    assert (code, err) == (0, "")
    assert "Backed up the damaged file to" in out
    assert out.rstrip().endswith(f"{path}: OK")
    assert len(list(path.parent.glob(f"{path.name}.repair-*.bak"))) == 1
    code, out, _ = run(capsys, "search", "Lavrov", "--db", path)
    assert code == 0
    assert "item(s)" in out


def test_repair_of_damaged_pages_says_how_many_items_were_kept(
    capsys: pytest.CaptureFixture[str], damaged: Callable[[str], Path], large_file: None
) -> None:
    path = damaged("pages")
    code, out, _ = run(capsys, "repair", "--db", path)
    assert code == 0
    assert "item(s) kept" in out
    assert run(capsys, "info", "--db", path)[0] == 0


def test_import_into_a_broken_text_index_is_refused_untouched(
    capsys: pytest.CaptureFixture[str],
    damaged: Callable[[str], Path],
    rounds: Callable[[Path, int], Any],
    snapshot: Callable[[Path], Any],
    tmp_path: Path,
) -> None:
    path = damaged("text index")
    source = tmp_path / "rounds.json"
    rounds(source, 3)
    before = snapshot(path)
    code, _, err = run(capsys, "import", source, "--db", path)
    assert code == 1
    assert "nothing was written" in err
    assert f"backchannel repair --db {path}" in err
    before.assert_unchanged()
