"""A CSV statement row's title is kept: its words are in the statement and found by a search."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.cli import main
from app.store import open_database
from app.store.details import item_detail


def run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def test_the_title_of_a_statement_row_is_kept_and_found_by_a_search(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    db = tmp_path / "work.backchannel"
    assert run(capsys, "new", db)[0] == 0
    sheet = tmp_path / "notes.csv"
    sheet.write_text(
        "date,kind,title,speaker,text\n"
        "2025-10-22,statement,Budapest summit postponed indefinitely,Dmitry Peskov,"
        "A pause is not a cancellation.\n"
        "2025-10-23,statement,Sanctions are counterproductive,Dmitry Peskov,\n",
        encoding="utf-8",
    )
    code, out, err = run(capsys, "--db", db, "import", sheet)
    assert (code, err) == (0, ""), out
    assert "added 2 item(s)" in out
    code, out, _ = run(capsys, "--db", db, "search", "postponed indefinitely", "--json")
    assert code == 0
    (found,) = json.loads(out)["items"]
    code, out, _ = run(capsys, "--db", db, "search", "counterproductive", "--json")
    assert len(json.loads(out)["items"]) == 1
    store = open_database(db)
    detail = item_detail(store, str(found["id"]))
    store.close()
    assert detail is not None
    text = detail.record.text  # type: ignore[union-attr]
    assert text.splitlines() == [
        "Budapest summit postponed indefinitely",
        "A pause is not a cancellation.",
    ]


def test_a_statement_row_titled_with_an_event_of_the_file_belongs_to_that_event(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    db = tmp_path / "work.backchannel"
    assert run(capsys, "new", db)[0] == 0
    sheet = tmp_path / "export.csv"
    sheet.write_text(
        "date,kind,title,speaker,text\n"
        "2025-10-24,meeting,Dmitriev in Miami,,Talks with Witkoff.\n"
        "2025-10-25,statement,Dmitriev in Miami,Kirill Dmitriev,We are closer than ever.\n",
        encoding="utf-8",
    )
    assert run(capsys, "--db", db, "import", sheet)[0] == 0
    _, out, _ = run(capsys, "--db", db, "search", "closer than ever", "--json")
    (found,) = json.loads(out)["items"]
    store = open_database(db)
    detail = item_detail(store, str(found["id"]))
    store.close()
    assert detail is not None
    assert detail.event is not None
    assert detail.event.title == "Dmitriev in Miami"
    assert detail.record.text == "We are closer than ever."  # type: ignore[union-attr]
