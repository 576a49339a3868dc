"""`backchannel import` end to end: formats, mappings, reports, --skip-bad and --dry-run."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
from pathlib import Path

import pytest
import sqlite_utils

from app.cli import main

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "import"


def run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def db(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    path = tmp_path / "work.backchannel"
    assert run(capsys, "new", path)[0] == 0
    return path


def search(capsys: pytest.CaptureFixture[str], db: Path, *args: str) -> list[dict[str, object]]:
    code, out, _ = run(capsys, "--db", db, "search", *args, "--json", "--limit", "100")
    assert code == 0
    items: list[dict[str, object]] = json.loads(out)["items"]
    return items


def test_every_format_imports_and_reports(capsys: pytest.CaptureFixture[str], db: Path) -> None:
    expected = {
        "timelinejs.json": "(TimelineJS JSON): added 8 item(s)",
        "timelinejs-sheet.csv": "(TimelineJS spreadsheet (CSV or TSV)): added 5 item(s)",
        "sample.timeline": "(Timeline (.timeline XML)): added 6 item(s)",
        "monitor-acled.csv": "(CSV or TSV with a column mapping): added 3 item(s)",
    }
    for name, summary in expected.items():
        code, out, err = run(capsys, "--db", db, "import", FIXTURES / name)
        assert (code, err) == (0, "")
        assert summary in out.splitlines()[0]
    assert (
        "Name: From the Big Bang to Geneva"
        in run(capsys, "--db", db, "import", FIXTURES / "timelinejs.json")[1]
    )
    assert len(search(capsys, db)) == 22
    assert (
        "added 0 item(s), updated 0, left 6 unchanged"
        in run(capsys, "--db", db, "import", FIXTURES / "sample.timeline")[1]
    )


def test_map_and_track_options(capsys: pytest.CaptureFixture[str], db: Path) -> None:
    code, out, _ = run(
        capsys, "--db", db, "import", FIXTURES / "no-header.tsv",
        "--map", "date=1", "--map", "title=2", "--map", "actor=3", "--map", "source=4",
        "--track", "Desk notes",
    )  # fmt: skip
    assert code == 0
    assert "Columns: date ← column 1; title ← column 2; actor ← column 3; source ← column 4" in out
    found = search(capsys, db, "--track", "Desk notes")
    assert {i["title"] for i in found} == {
        "Dmitriev visits Miami",
        "Lavrov and Rubio meet in Kuala Lumpur",
        "Treaty of the Carthaginians (far past)",
    }
    miami = next(i for i in found if i["title"] == "Dmitriev visits Miami")
    assert miami["display_date"] == "24–26 Oct 2025"


def test_older_rows_of_a_headerless_file_may_lack_its_last_columns(
    capsys: pytest.CaptureFixture[str], db: Path, tmp_path: Path
) -> None:
    """A file kept for years gained a source column; its older rows end before it."""
    path = tmp_path / "diary.csv"
    path.write_text(
        "2025-10-24,Dmitriev visits Miami,https://example.org/miami\n"
        "2019-12-09,Normandy summit in Paris\n"
        "2015-02-12,Minsk II signed\n",
        encoding="utf-8",
    )
    code, out, err = run(
        capsys, "--db", db, "import", path, "--map", "date=1", "--map", "title=2",
        "--map", "source=3",
    )  # fmt: skip
    assert (code, err) == (0, "")
    assert "added 3 item(s)" in out
    assert "2 row(s) have fewer columns than the first row (3)" in out
    titles = {i["title"] for i in search(capsys, db)}
    assert titles == {"Dmitriev visits Miami", "Normandy summit in Paris", "Minsk II signed"}


def test_na_names_a_missing_value_marker(
    capsys: pytest.CaptureFixture[str], db: Path, tmp_path: Path
) -> None:
    path = tmp_path / "visits.csv"
    path.write_text(
        "date,title,place\n2025-10-24,Talks in Miami,n.a.\n2025-10-25,Talks resume,Miami\n",
        encoding="utf-8",
    )
    code, out, err = run(capsys, "--db", db, "import", path, "--na", "n.a.", "--dry-run")
    assert (code, err) == (0, "")
    assert "read as missing values (empty cells): “n.a.” in any column (--na)" in out
    snapshot = db.read_bytes()
    code, _, err = run(capsys, "--db", db, "import", FIXTURES / "timelinejs.json", "--na", "-")
    assert code == 1
    assert db.read_bytes() == snapshot
    assert "--na (missing-value markers) applies to CSV files" in err


def test_bad_rows_refuse_then_skip_bad_imports_the_rest(
    capsys: pytest.CaptureFixture[str], db: Path
) -> None:
    snapshot = db.read_bytes()
    code, out, err = run(capsys, "--db", db, "import", FIXTURES / "bad-rows.csv")
    assert code == 1
    assert out == ""
    assert "4 record(s) cannot be imported, so nothing was imported" in err
    assert "line 3, date (column 1 “date”): '2025-10-32': day 32 does not exist" in err
    assert "run again with --skip-bad to import the other 2 item(s)" in err
    assert "Traceback" not in err
    assert db.read_bytes() == snapshot

    code, out, err = run(capsys, "--db", db, "import", FIXTURES / "bad-rows.csv", "--skip-bad")
    assert code == 0
    assert "added 2 item(s), updated 0, left 0 unchanged" in out
    assert "Skipped:\n  - line 3, date (column 1 “date”)" in out
    assert len(search(capsys, db)) == 2


def test_dry_run_lists_changes_and_writes_nothing(
    capsys: pytest.CaptureFixture[str], sample_path: Path
) -> None:
    snapshot = sample_path.read_bytes()
    code, out, _ = run(
        capsys, "--db", sample_path, "import", FIXTURES / "statements.csv", "--dry-run"
    )
    assert code == 0
    assert out.startswith("Dry run, nothing written: ")
    assert "would add 4 item(s), would update 0, would leave 0 unchanged" in out
    assert "  add    22 Oct 2025 18:40        statement  Пауза — это не отмена." in out
    assert sample_path.read_bytes() == snapshot


def test_format_can_be_named(capsys: pytest.CaptureFixture[str], db: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "sheet-export.txt"
    shutil.copy(FIXTURES / "timelinejs-sheet.csv", sheet)
    code, out, _ = run(capsys, "--db", db, "import", sheet, "--format", "timelinejs-sheet")
    assert code == 0
    assert "added 5 item(s)" in out
    code, _, err = run(capsys, "--db", db, "import", sheet, "--format", "csv")
    assert code == 1
    assert "no column holds the date" in err
    assert "the columns are 1 “Year”, 2 “Month”" in err


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_what_is_not_a_file_is_named_so_without_waiting_for_it(
    capsys: pytest.CaptureFixture[str], db: Path, tmp_path: Path
) -> None:
    snapshot = db.read_bytes()
    folder = tmp_path / "exports.csv"
    folder.mkdir()
    pipe = tmp_path / "feed.csv"
    os.mkfifo(pipe)  # opening it to read would wait for a writer that never comes
    for path, what in (
        (folder, "a folder"),
        (pipe, "a named pipe"),
        (Path("/dev/zero"), "a device"),  # reading it would never end
    ):
        code, out, err = run(capsys, "--db", db, "import", path)
        assert (code, out) == (1, "")
        assert err.startswith(f"backchannel: {path}: ")
        assert f"it is not a file but {what}" in err
    assert db.read_bytes() == snapshot


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--map", "when=2"], "--map 'when=2': write FIELD=COLUMN, where FIELD is one of id, date"),
        (["--map", "date"], "write FIELD=COLUMN"),
        (["--map", "title=1", "--map", "title=2"], "--map title= is given twice"),
    ],
)
def test_wrong_mappings_are_usage_errors(
    capsys: pytest.CaptureFixture[str], db: Path, args: list[str], message: str
) -> None:
    code, _, err = run(capsys, "--db", db, "import", FIXTURES / "monitor-acled.csv", *args)
    assert code == 1
    assert message in err
    assert "Traceback" not in err


def test_files_that_cannot_be_read_get_one_clear_line(
    capsys: pytest.CaptureFixture[str], db: Path, tmp_path: Path
) -> None:
    snapshot = db.read_bytes()
    for path, message in (
        (tmp_path / "missing.csv", "there is no such file"),
        (FIXTURES / "latin1.csv", "byte 0xE9 is not UTF-8 text"),
        (FIXTURES / "bomb.timeline", "entity bomb"),
        (FIXTURES / "workbook.csv", "Excel .xlsx"),
        (FIXTURES / "truncated.json", "broken JSON at line 25"),
    ):
        code, out, err = run(capsys, "--db", db, "import", path)
        assert (code, out) == (1, "")
        assert err.startswith(f"backchannel: {path}: ")
        assert message in err
        assert "Traceback" not in err
    code, _, err = run(
        capsys, "--db", db, "import", FIXTURES / "sample.timeline", "--map", "date=1"
    )
    assert code == 1
    assert "a column mapping applies to CSV files" in err
    assert db.read_bytes() == snapshot


def test_a_full_disk_during_an_import_is_told_as_that_alone(
    capsys: pytest.CaptureFixture[str], db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    snapshot = db.read_bytes()

    def full(connection: sqlite_utils.Database, *args: object, **kwargs: object) -> None:
        connection.execute("INSERT INTO tracks (id, name) VALUES ('track/x', 'X')")
        # What SQLite does itself when the disk fills: it rolls the transaction back.
        connection.execute("ROLLBACK")
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr("app.store.writer._write", full)
    code, out, err = run(capsys, "--db", db, "import", FIXTURES / "timelinejs.json")
    assert (code, out) == (1, "")
    assert err == f"backchannel: The database {db} cannot be written: the disk is full.\n"
    assert db.read_bytes() == snapshot
