"""CSV export through the export call, read back by the csv module as a spreadsheet would:
the documented columns, RFC 4180, the BOM option, and formulas neutralised in every cell."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import sqlite_utils

from app.core.dates import parse_partial
from app.core.filter import Filter
from app.drawing.image_formats import IMAGE_FORMATS
from app.formats import csv_out, native
from app.formats.export_types import ExportOptions, ExportRegistry
from app.formats.exporting import TEXT_FORMATS
from app.formats.items import Selection, export_items
from app.services.exporting import gather, render
from app.store.queries import page
from app.store.records import resolve

FORMATS = ExportRegistry.of(TEXT_FORMATS, IMAGE_FORMATS)


HOSTILE = Path(__file__).with_name("test_export_hostile.json")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def hostile() -> Selection:
    data = native.read(HOSTILE)
    return Selection(data, frozenset(r.id for r in [*data.events, *data.statements]), "All")


def read(content: bytes) -> list[dict[str, str]]:
    text = content.decode("utf-8").removeprefix("\ufeff")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_columns_hold_what_a_spreadsheet_reader_needs(sample_db: sqlite_utils.Database) -> None:
    rows = read(render(FORMATS["csv"], gather(sample_db, Filter())).content)
    for column in ("date", "end", "kind", "title", "speaker", "text", "actors", "tracks"):
        assert column in rows[0], column
    assert "sources" in rows[0]


def test_rows_are_the_filtered_items_with_their_dates_and_sources(
    sample_db: sqlite_utils.Database,
) -> None:
    f = Filter(actors=frozenset({resolve(sample_db, "actors", "Dmitriev")}))
    selection = gather(sample_db, f)
    rows = read(render(FORMATS["csv"], selection).content)
    assert {r["id"] for r in rows} == {i.id for i in page(sample_db, f, 10_000)}
    records = {r.id: r for r in [*selection.data.events, *selection.data.statements]}
    urls = {s.id: s.url or s.title for s in selection.data.sources}
    for row in rows:
        record = records[row["id"]]
        if row["kind"] == "statement":
            assert row["date"] == record.date.iso()  # type: ignore[union-attr]
            assert row["text"] == record.text  # type: ignore[union-attr]
        else:
            assert row["date"] == record.when.start.iso()  # type: ignore[union-attr]
        assert row["sources"].split("; ") == [urls[s] for s in record.sources]
    miami = next(r for r in rows if r["id"] == "event/2025-10-24-dmitriev-miami")
    assert (miami["date"], miami["end"], miami["display_date"]) == (
        "2025-10-24",
        "2025-10-26",
        "24–26 Oct 2025",
    )
    said = [r for r in rows if r["kind"] == "statement"]
    assert said
    assert all(r["date"] == "2025-11~" and r["display_date"] == "c. Nov 2025" for r in said)
    starts = [parse_partial(r["date"]).first_second for r in rows]
    assert starts == sorted(starts)


def test_quoting_and_line_ends_follow_rfc_4180() -> None:
    content = render(FORMATS["csv"], hostile()).content
    assert content.count(b"\r\n") >= 10
    assert b'=HYPERLINK(""http://evil.example"",""click"")' in content
    rows = read(content)
    said = next(r for r in rows if r["id"] == "statement/hostile")
    original = next(s.text for s in hostile().data.statements if s.id == "statement/hostile")
    assert said["text"] == original
    assert said["speaker"] == "Сергей Лавров"
    assert "\n]]> and [x](javascript:alert(1))" in said["text"]


def test_byte_order_mark_only_when_asked() -> None:
    assert render(FORMATS["csv"], hostile(), ExportOptions(bom=True)).content.startswith(
        b"\xef\xbb\xbfid,"
    )
    assert render(FORMATS["csv"], hostile()).content.startswith(b"id,")


def test_no_cell_starts_a_formula() -> None:
    rows = read(render(FORMATS["csv"], hostile()).content)
    cells = [cell for row in rows for cell in row.values()]
    assert not [c for c in cells if c.startswith(FORMULA_START)]
    by_id = {r["id"]: r for r in rows}
    assert by_id["event/month"]["title"] == '\'=HYPERLINK("http://evil.example") month event'
    assert by_id["statement/anon"]["speaker"] == '\'@anonymous "source"'
    assert by_id["statement/anon"]["text"] == "'+1 -2 @3 \ttabbed"
    assert by_id["event/bce"]["date"] == "'-0300"


def test_the_text_is_what_the_csv_module_writes() -> None:
    """The rows are quoted by hand for speed; they must come out as csv.writer quotes them."""
    selection = hostile()
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(csv_out.COLUMNS)
    cells = csv_out.ItemRows()
    writer.writerows(
        [csv_out.safe_cell(c) for c in cells.row(item)] for item in export_items(selection)
    )
    assert render(FORMATS["csv"], selection).content.decode("utf-8") == out.getvalue()
