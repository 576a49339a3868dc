"""CSV of items: one row per event or statement, for spreadsheets.

RFC 4180: comma-separated, CRLF line ends, fields with commas, quotes or line breaks quoted
and their quotes doubled. UTF-8, with a byte-order mark on request (Excel wants one). Cells a
spreadsheet would run as a formula are neutralised (OWASP CSV injection)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from app.core.model import Dataset
from app.formats.items import ExportItem, Selection, export_items

if TYPE_CHECKING:
    from app.formats.exporting import Steps

COLUMNS = (
    "id",
    "date",
    "end",
    "kind",
    "display_date",
    "title",
    "speaker",
    "text",
    "place",
    "actors",
    "tracks",
    "sources",
)
"""`date` and `end` are ISO 8601 at the precision known ('2025-11', '2025-10-24'), so they
sort; `display_date` is the same for people ('24–26 Oct 2025')."""
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"


def safe_cell(value: str) -> str:
    """Neutralise a cell a spreadsheet would run as a formula (OWASP CSV injection)."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def item_row(item: ExportItem) -> list[str]:
    when = item.when
    return [
        item.id,
        when.start.iso(),
        when.end.iso() if when.end else "",
        item.kind,
        when.display(),
        item.event.title if item.event else ("" if item.is_statement else item.title),
        item.speaker.name if item.speaker else "",
        item.text,
        item.place or "",
        "; ".join(a.name for a in item.actors),
        "; ".join(t.name for t in item.tracks),
        "; ".join(s.url or s.title or s.id for s in item.sources),
    ]


def rows(data: Dataset, *, selected: set[str] | None = None) -> Iterator[list[str]]:
    """Rows in time order; `selected` limits them to those ids (the rest of the Dataset only
    gives names)."""
    chosen = {*(e.id for e in data.events), *(s.id for s in data.statements)}
    if selected is not None:
        chosen &= selected
    for item in export_items(Selection(data, frozenset(chosen), "")):
        yield [safe_cell(cell) for cell in item_row(item)]


def write_table(header: Iterable[str], body: Iterable[list[str]], *, bom: bool = False) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(body)
    return (BOM if bom else "") + out.getvalue()


def dumps(data: Dataset, *, selected: set[str] | None = None, bom: bool = False) -> str:
    return write_table(COLUMNS, rows(data, selected=selected), bom=bom)


def render(selection: Selection, *, bom: bool, steps: Steps) -> tuple[str, int]:
    """The CSV text and the number of rows, reporting progress through `steps`."""
    items = export_items(selection)
    body = ([safe_cell(cell) for cell in item_row(item)] for item in steps.each(items, len(items)))
    return write_table(COLUMNS, body, bom=bom), len(items)
