"""CSV export read back by the csv module, as a spreadsheet program would."""

from __future__ import annotations

import csv
import io

import sqlite_utils

from app.core.dates import parse_partial
from app.core.filter import Filter
from app.core.model import Actor, Dataset, Statement
from app.formats.export_types import ExportOptions
from app.formats.exporting import TEXT_FORMATS
from app.formats.items import Selection
from app.services.exporting import gather, render
from app.store.records import resolve

CSV = next(fmt for fmt in TEXT_FORMATS if fmt.name == "csv")


def _rows(selection: Selection, *, bom: bool = False) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(_text(selection, bom=bom).removeprefix("\ufeff"))))


def _text(selection: Selection, *, bom: bool = False) -> str:
    return render(CSV, selection, ExportOptions(bom=bom)).content.decode("utf-8")


def test_rows_are_what_the_filter_selects(sample_db: sqlite_utils.Database) -> None:
    f = Filter(actors=frozenset({resolve(sample_db, "actors", "Zakharova")}))
    rows = _rows(gather(sample_db, f))
    said = [r for r in rows if r["kind"] == "statement"]
    assert {r["speaker"] for r in said} == {"Maria Zakharova"}
    assert len(said) == 2
    assert all(r["date"] == "2025-11~" for r in said)
    assert said[0]["text"].startswith("We’ve seen numerous biased articles")
    events = [r for r in rows if r["kind"] != "statement"]
    assert events
    assert all("Maria Zakharova" in r["actors"].split("; ") for r in events)


def test_ranges_and_sources_are_kept(sample_db: sqlite_utils.Database) -> None:
    rows = {r["id"]: r for r in _rows(gather(sample_db, Filter()))}
    miami = rows["event/2025-10-24-dmitriev-miami"]
    assert (miami["date"], miami["end"]) == ("2025-10-24", "2025-10-26")
    vote = rows["event/2025-11-17-unsc-resolution-2803-vote"]
    assert "https://docs.un.org/en/s/res/2803(2025)" in vote["sources"].split("; ")


def test_formulas_are_neutralised_and_text_survives(empty_db: sqlite_utils.Database) -> None:
    hostile = [
        '=HYPERLINK("http://evil")',
        "+1",
        "-2",
        "@SUM(A1)",
        "\tx",
        "\rx",
        'a "quoted", line\nbreak',
    ]
    data = Dataset(
        actors=[Actor("actor/a", "=cmd|' /C calc'!A0")],
        statements=[
            Statement(f"statement/{i}", "actor/a", parse_partial("2025"), text)
            for i, text in enumerate(hostile)
        ],
    )
    ids = frozenset(s.id for s in data.statements)
    rows = _rows(Selection(data, ids, ""), bom=True)
    assert [r["text"] for r in rows] == ["'" + t for t in hostile[:6]] + [hostile[6]]
    assert {r["speaker"] for r in rows} == {"'=cmd|' /C calc'!A0"}


def test_bom_only_when_asked(sample_db: sqlite_utils.Database) -> None:
    selection = gather(sample_db, Filter())
    assert _text(selection, bom=True).startswith("\ufeffid,date,end,kind")
    assert _text(selection).startswith("id,date,end,kind")
