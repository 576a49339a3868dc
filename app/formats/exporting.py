"""The text export formats, one entry each with its renderer: CSV, native JSON, TimelineJS
(JSON and spreadsheet), HTML and Markdown reports, and calendars.

Each renderer lives in its format's module and imports only `app.formats.export_types`;
this module imports them to list them, and nothing imports it back. The image formats are
declared beside their Qt renderers (`app.drawing.image_formats`); the command line and the
export dialog make one `ExportRegistry` of both lists, and `app.services.exporting` gathers
the selection from the store, renders and writes.
"""

from __future__ import annotations

from app.formats import csv_out, ics_out, native, report, timelinejs_out
from app.formats.export_types import ExportFormat, ExportOptions, Rendered, Steps
from app.formats.items import Selection


def _native(selection: Selection, options: ExportOptions, steps: Steps) -> Rendered:
    data = selection.data
    records = len(data.actors) + len(data.tracks) + len(data.sources)
    items = len(data.events) + len(data.statements)
    steps.report(0, items)
    written = native.pieces(data, written=lambda done: steps.report(max(0, done - records), items))
    return Rendered(b"".join([piece.encode("utf-8") for piece in written]), len(selection.selected))


def _csv(selection: Selection, options: ExportOptions, steps: Steps) -> Rendered:
    text, count = csv_out.render(selection, bom=options.bom, steps=steps)
    return Rendered(text.encode("utf-8"), count)


_BOM = frozenset({"bom"})

TEXT_FORMATS = (
    ExportFormat("csv", "CSV spreadsheet", "csv", False, False, _csv, _BOM),
    ExportFormat("json", "Backchannel JSON (lossless)", "json", False, False, _native),
    ExportFormat("timelinejs", "TimelineJS JSON", "json", False, False, timelinejs_out.render_json),
    ExportFormat(
        "timelinejs-csv",
        "TimelineJS spreadsheet",
        "csv",
        False,
        False,
        timelinejs_out.render_sheet,
        _BOM,
    ),
    ExportFormat("html", "HTML report", "html", False, False, report.render_html),
    ExportFormat("markdown", "Markdown report", "md", False, False, report.render_markdown),
    ExportFormat(
        "ics", "Calendar (ICS)", "ics", False, False, ics_out.render, frozenset({"imprecise"})
    ),
)
"""In the order the dialog lists them."""
