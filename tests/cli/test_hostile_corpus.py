"""Every file of the hostile corpus (tests/fixtures/hostile, written by its make_corpus.py)
through `backchannel import`: a message naming the file, never a traceback, and the database
left byte for byte as it was unless the file really is one to import."""

from __future__ import annotations

from pathlib import Path

import pytest
from hostile_corpus import CORPUS, FILES, IMPORTABLE, SAYS

from app.cli import main
from app.core.paths import sample_dataset
from app.formats import native
from app.store import open_database, write_dataset


@pytest.fixture(scope="module")
def sample_bytes(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    path = tmp_path_factory.mktemp("hostile") / "sample.backchannel"
    db = open_database(path, create=True)
    write_dataset(db, native.read(sample_dataset()), path)
    db.close()
    return path.read_bytes()


def _import(
    capsys: pytest.CaptureFixture[str], db: Path, name: str, *options: str
) -> tuple[int, str, str]:
    code = main(["--db", str(db), "import", str(CORPUS / name), *options])
    out, err = capsys.readouterr()
    return code, out, err


def test_the_corpus_covers_every_reader() -> None:
    assert len(FILES) >= 40
    for start in ("native-", "timelinejs-", "sheet-", "csv-", "tsv-", "timeline-"):
        assert sum(name.startswith(start) for name in FILES) >= 2, start
    assert set(IMPORTABLE) | set(SAYS) <= set(FILES)


@pytest.mark.parametrize("name", FILES)
def test_a_hostile_file_is_a_message_naming_it_and_the_database_is_untouched(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, sample_bytes: bytes, name: str
) -> None:
    db = tmp_path / "sample.backchannel"
    db.write_bytes(sample_bytes)
    code, out, err = _import(capsys, db, name)
    assert "Traceback" not in out + err
    if name in IMPORTABLE:
        assert (code, err) == (0, "")
        assert IMPORTABLE[name] in out
        return
    assert code == 1, out
    assert err.startswith("backchannel: "), err
    assert err.count("backchannel:") == 1, err
    assert name in err
    assert "a bug in Backchannel" not in err  # each reader says what is wrong with the file
    assert SAYS.get(name, "") in err
    assert db.read_bytes() == sample_bytes


@pytest.mark.parametrize("name", FILES)
def test_skipping_bad_records_of_a_hostile_file_never_crashes(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, sample_bytes: bytes, name: str
) -> None:
    db = tmp_path / "sample.backchannel"
    db.write_bytes(sample_bytes)
    code, out, err = _import(capsys, db, name, "--skip-bad")
    assert "Traceback" not in out + err
    assert "a bug in Backchannel" not in err
    assert code in (0, 1)
    nothing = code == 1 or ("added 0 item(s), updated 0" in out and " new " not in out)
    if nothing:
        assert db.read_bytes() == sample_bytes


def test_skipping_bad_rows_imports_the_others(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, sample_bytes: bytes
) -> None:
    db = tmp_path / "sample.backchannel"
    db.write_bytes(sample_bytes)
    code, out, err = _import(capsys, db, "csv-offset-2500.csv", "--skip-bad")
    assert (code, err) == (0, "")
    assert "added 1 item(s)" in out
    assert "line 2, date (column 1 “date”): '24 Oct 2025 10:00 +2500'" in out
    code, out, _ = _import(capsys, db, "timelinejs-wrong-types.json", "--skip-bad")
    assert code == 0
    assert "events[6] (“Talks”), start_date: month 13 is not between 1 and 12" in out
