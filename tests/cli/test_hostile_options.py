"""Options no one would type on purpose are a message, never a traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.cli import main

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "import"


def run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("column", ["²", "٢", "9" * 5000, "99999999999999999999"])
def test_a_column_that_is_no_column_number_is_a_message(
    capsys: pytest.CaptureFixture[str], sample_path: Path, column: str
) -> None:
    before = sample_path.read_bytes()
    code, out, err = run(
        capsys, "--db", sample_path, "import", FIXTURES / "statements.csv", "--map",
        f"date={column}",
    )  # fmt: skip
    assert (code, out) == (1, "")
    assert err.startswith("backchannel: date=")
    assert "no column is called" in err or "the file has 7 columns" in err
    assert len(err) < 400
    assert sample_path.read_bytes() == before


def test_a_search_limit_past_any_number_sqlite_takes_lists_everything(
    capsys: pytest.CaptureFixture[str], sample_path: Path
) -> None:
    code, out, err = run(
        capsys, "--db", sample_path, "search", "--json", "--limit", "99999999999999999999"
    )
    assert (code, err) == (0, "")
    found = json.loads(out)
    assert len(found["items"]) == found["total"] > 20
    with pytest.raises(SystemExit) as exited:  # argparse's own message, as for "--limit ten"
        main(["--db", str(sample_path), "search", "--limit", "9" * 5000])
    assert exited.value.code == 2
    assert "invalid int value" in capsys.readouterr().err


def test_a_kind_no_item_can_have_is_a_usage_message_naming_the_kinds(
    capsys: pytest.CaptureFixture[str], sample_path: Path
) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--db", str(sample_path), "search", "--kind", "meetings"])
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert "argument --kind: invalid choice: 'meetings'" in err
    assert "'meeting'" in err
    assert "'statement'" in err
