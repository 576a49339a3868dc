"""`backchannel` end to end on real files: info, search, export, import, new."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.cli import main


def run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def test_first_start_creates_the_users_database_from_the_sample(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(capsys, "info")
    assert code == 0
    expected = Path(os.environ["XDG_DATA_HOME"]) / "Backchannel" / "library.backchannel"
    assert f"Database:   {expected}" in out
    assert "Events:     23" in out
    assert "Statements: 23" in out
    assert expected.is_file()


def test_the_users_edits_persist_and_the_sample_is_untouched(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from app.core.paths import sample_dataset

    shipped = sample_dataset().read_bytes()
    extra = tmp_path / "extra.json"
    extra.write_text(
        json.dumps(
            {
                "format": "backchannel",
                "version": 1,
                "actors": [],
                "tracks": [],
                "sources": [],
                "statements": [],
                "events": [
                    {
                        "id": "event/mine",
                        "title": "My own note on Geneva talks",
                        "kind": "meeting",
                        "start": "2026-01",
                    }
                ],
            }
        ),
        encoding="utf-8",
    )
    assert run(capsys, "import", extra)[0] == 0
    code, out, _ = run(capsys, "search", "Geneva")
    assert code == 0
    assert "My own note on Geneva talks" in out
    assert "Events:     24" in run(capsys, "info")[1]
    assert sample_dataset().read_bytes() == shipped


def test_a_missing_database_is_a_clear_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _, err = run(capsys, "--db", tmp_path / "missing.backchannel", "info")
    assert code == 1
    assert "There is no database at" in err
    assert "backchannel new" in err
    assert "Traceback" not in err


def test_new_creates_an_empty_database_and_refuses_to_overwrite(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "fresh.backchannel"
    assert run(capsys, "new", path)[0] == 0
    assert "Events:     0" in run(capsys, "--db", path, "info")[1]
    code, _, err = run(capsys, "new", path)
    assert code == 1
    assert "already exists" in err


def test_search_filters_by_any_alias_and_track_part(
    capsys: pytest.CaptureFixture[str], sample_path: Path
) -> None:
    code, out, _ = run(capsys, "--db", sample_path, "search", "--actor", "Лавров", "--json")
    assert code == 0
    found = json.loads(out)
    assert found["total"] == 2
    assert {i["title"] for i in found["items"]} == {
        "Lavrov and Rubio meet in Kuala Lumpur",
        "Lavrov and Rubio speak by telephone",
    }
    code, out, _ = run(
        capsys, "--db", sample_path, "search", "--track", "Dmitriev", "--kind", "visit", "--json"
    )
    (miami,) = json.loads(out)["items"]
    assert miami["display_date"] == "24–26 Oct 2025"
    code, out, _ = run(
        capsys, "--db", sample_path, "search", "abstained", "--from", "Nov 2025", "--to", "2025"
    )
    assert code == 0
    assert "[abstained]" in out
    assert "Fu Cong" in out


def test_search_reports_bad_names_dates_and_queries(
    capsys: pytest.CaptureFixture[str], sample_path: Path
) -> None:
    for args, message in (
        (("--actor", "Kissinger"), "No actor is called “Kissinger”"),
        (("--from", "Octobre 2025"), "'Octobre 2025' is not a date"),
        (("--advanced", '"unclosed'), "is not valid query syntax"),
    ):
        code, _, err = run(capsys, "--db", sample_path, "search", *args)
        assert code == 1, args
        assert message in err
        assert "Traceback" not in err


def test_a_date_the_date_reader_chokes_on_is_reported_not_a_crash(
    capsys: pytest.CaptureFixture[str], sample_path: Path
) -> None:
    # dateutil raised decimal.InvalidOperation on this minute, and the command crashed.
    text = " 14:302025202520252025202520252025"
    code, out, err = run(capsys, "--db", sample_path, "search", "--from", text, "x")
    assert code == 1
    assert out == ""
    assert err.startswith("backchannel: '14:302025202520252025202520252025' is not a date")
    assert "Traceback" not in err


def test_export_csv_and_json_hold_what_the_filter_selects(
    capsys: pytest.CaptureFixture[str], sample_path: Path, tmp_path: Path
) -> None:
    code, out, _ = run(
        capsys, "--db", sample_path, "export", "--format", "csv", "--actor", "Peskov"
    )
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {r["speaker"] for r in rows if r["kind"] == "statement"} == {"Dmitry Peskov"}
    target = tmp_path / "out.json"
    code, _, err = run(
        capsys,
        "--db",
        sample_path,
        "export",
        "--format",
        "json",
        "--track",
        "UN Security Council",
        "-o",
        target,
    )
    assert code == 0
    assert "Wrote" in err
    document = json.loads(target.read_text(encoding="utf-8"))
    assert any(e["id"] == "event/2025-11-17-unsc-resolution-2803-vote" for e in document["events"])
    assert all(e["tally"] is None or e["tally"]["abstaining"] == 2 for e in document["events"])
    referenced = {s for e in document["events"] for s in e["sources"]} | {
        s for st in document["statements"] for s in st["sources"]
    }
    assert referenced == {s["id"] for s in document["sources"]}


def test_a_bad_import_changes_nothing(
    capsys: pytest.CaptureFixture[str], sample_path: Path, tmp_path: Path
) -> None:
    _, before, _ = run(capsys, "--db", sample_path, "export", "--format", "json")
    bad = tmp_path / "bad.json"
    bad.write_text(
        json.dumps(
            {
                "format": "backchannel",
                "version": 1,
                "actors": [],
                "tracks": [],
                "sources": [],
                "events": [],
                "statements": [
                    {
                        "id": "statement/x",
                        "speaker": "actor/ghost",
                        "date": "2025-11-20",
                        "text": "Boo",
                    }
                ],
            }
        ),
        encoding="utf-8",
    )
    code, _, err = run(capsys, "--db", sample_path, "import", bad)
    assert code == 1
    assert "statement 'statement/x': speaker refers to actor 'actor/ghost'" in err
    assert run(capsys, "--db", sample_path, "export", "--format", "json")[1] == before


def test_python_dash_m_app_runs(tmp_path: Path, sample_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "app", "--db", str(sample_path), "search", "Alaska", "--limit", "1"],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "Putin and Trump hold summit in Alaska" in result.stdout


def test_an_unwritable_output_is_a_clear_error(
    capsys: pytest.CaptureFixture[str], sample_path: Path, tmp_path: Path
) -> None:
    target = tmp_path / "no-such-folder" / "out.csv"
    code, _, err = run(capsys, "--db", sample_path, "export", "--format", "csv", "-o", target)
    assert code == 1
    assert "No such file or directory" in err
    assert "Traceback" not in err
    assert not target.parent.exists()


def _writes_refused_in(folder: Path, monkeypatch: pytest.MonkeyPatch, *, whole: bool) -> None:
    """As if `folder` (`whole`) or only the files in it could not be written: what a
    read-only share or a file without write permission looks like, even to root."""
    allowed = os.access

    def access(path: str | Path, mode: int, **kwargs: object) -> bool:
        inside = Path(path).resolve().parent == folder.resolve()
        if mode & os.W_OK and (inside or (whole and Path(path).resolve() == folder.resolve())):
            return False
        return allowed(path, mode, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "access", access)


@pytest.mark.parametrize("whole", [True, False], ids=["read-only folder", "read-only file"])
def test_a_read_only_database_is_read_and_exported_but_not_imported_into(
    capsys: pytest.CaptureFixture[str],
    sample_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    whole: bool,
) -> None:
    library = tmp_path / "share"
    library.mkdir()
    path = sample_path.rename(library / sample_path.name)
    before = path.read_bytes()
    _writes_refused_in(library, monkeypatch, whole=whole)

    code, out, err = run(capsys, "--db", path, "info")
    assert (code, err) == (0, "")
    assert "Events:     23" in out
    code, out, _ = run(capsys, "--db", path, "search", "Alaska", "--limit", "1")
    assert code == 0
    assert "Putin and Trump hold summit in Alaska" in out
    target = tmp_path / "out.csv"
    assert run(capsys, "--db", path, "export", "--format", "csv", "-o", target)[0] == 0
    assert len(list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"))))) == 46

    document: dict[str, object] = {n: [] for n in ("actors", "sources", "events", "statements")}
    document |= {"format": "backchannel", "version": 1}
    document["tracks"] = [{"id": "track/arctic", "name": "Arctic Council"}]
    new = tmp_path / "new.json"
    new.write_text(json.dumps(document), encoding="utf-8")
    code, out, err = run(capsys, "--db", path, "import", new)
    assert (code, out) == (1, "")
    assert err == f"backchannel: The database {path} is read-only: imports and edits are off.\n"
    assert path.read_bytes() == before
    if whole:  # nothing could be put beside it; a read-only file may get SQLite's -wal, -shm
        assert sorted(p.name for p in library.iterdir()) == [path.name]


@pytest.mark.skipif(
    sys.platform == "win32" or os.geteuid() == 0,
    reason="root writes whatever the permissions say; the test above stands in for it",
)
def test_a_database_in_a_folder_without_write_permission_opens(
    capsys: pytest.CaptureFixture[str], sample_path: Path
) -> None:
    folder = sample_path.parent
    sample_path.chmod(0o444)
    folder.chmod(0o555)
    try:
        code, out, err = run(capsys, "--db", sample_path, "info")
        assert (code, err) == (0, "")
        assert "Statements: 23" in out
        code, _, err = run(capsys, "--db", sample_path, "search", "Alaska")
        assert code == 0, err
    finally:
        folder.chmod(0o755)
        sample_path.chmod(0o644)
