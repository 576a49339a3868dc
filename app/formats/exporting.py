"""Every export format behind one call, for the export dialog and the command line.

    selection = gather(db, the_filter)
    result = export("html", selection, ExportOptions(), Path("report.html"),
                    progress=on_progress, cancelled=should_stop)
    show(result.message())

A format renders to bytes in memory, then `export` writes them beside the target and renames
them into place, so a failure or a cancel never leaves half a file there. Image formats need
Qt: their module is imported only when one is asked for, so nothing else here does.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

import sqlite_utils

from app.core.filter import Filter
from app.core.memory import cycle_collection_paused
from app.core.model import Dataset
from app.core.progress import Cancelled, Progress, Stopped
from app.formats import csv_out, native
from app.formats.items import Selection
from app.store.queries import names
from app.store.records import read_selection

T = TypeVar("T")
REPORT_EVERY = 200
IMPRECISE_CHOICES = ("span", "skip")
GROUPINGS = ("track", "actor", "kind", "none")


class ExportCancelled(Stopped):
    """The user stopped the export; nothing was written."""


class ExportError(ValueError):
    """An export that cannot be made as asked; the message says why, for the user."""


@dataclass(frozen=True, slots=True)
class ExportOptions:
    """Options of every format; each reads those that concern it."""

    bom: bool = False
    """CSV formats: start with a byte-order mark, so spreadsheet programs read UTF-8."""
    imprecise: str = "span"
    """ICS: dates known only to the month or year become all-day events over the whole
    month or year ("span"), or are left out and counted ("skip")."""
    width: int = 1600
    height: int | None = None
    """Images: in pixels (PDF and SVG: 1/96 inch); no height fits every lane."""
    window: tuple[float | None, float | None] | None = None
    """Images: the time window drawn, in seconds; None, or None for either end, draws to
    the selection's first or last item."""
    grouping: str = "track"
    """Images: one lane per track, actor or kind, or one lane for everything ("none")."""
    exported_at: datetime = field(default_factory=lambda: datetime.now(UTC))


@dataclass(frozen=True, slots=True)
class Rendered:
    content: bytes
    items: int
    """Items written."""
    notes: tuple[str, ...] = ()
    """What a user should know about this file: items left out, and why."""


@dataclass(frozen=True, slots=True)
class ExportResult:
    path: Path | None
    items: int
    notes: tuple[str, ...] = ()

    def message(self) -> str:
        """The closing message: 'Wrote 46 items to report.html.' and any notes."""
        noun = "item" if self.items == 1 else "items"
        where = f" to {self.path}" if self.path else ""
        return " ".join([f"Wrote {self.items} {noun}{where}.", *self.notes])


class Steps:
    """Progress and cancel checks for a renderer going through its items."""

    def __init__(self, progress: Progress | None = None, cancelled: Cancelled | None = None):
        self._progress = progress
        self._cancelled = cancelled

    def check(self) -> None:
        if self._cancelled is not None and self._cancelled():
            raise ExportCancelled("The export was cancelled; nothing was written.")

    def report(self, done: int, total: int) -> None:
        self.check()
        if self._progress is not None:
            self._progress(done, total)

    def each(self, items: Iterable[T], total: int) -> Iterator[T]:
        """The items, reporting every few hundred and at the end."""
        done = 0
        self.report(0, total)
        for done, item in enumerate(items, start=1):
            yield item
            if done % REPORT_EVERY == 0:
                self.report(done, total)
        self.report(done, total)


Renderer = Callable[[Selection, ExportOptions, Steps], Rendered]


@dataclass(frozen=True, slots=True)
class ExportFormat:
    name: str
    label: str
    """For the dialog's format list."""
    extension: str
    binary: bool
    """Whether the file is not text (cannot go to standard output)."""
    image: bool
    """Whether width, height and time window apply."""
    module: str
    """The module that renders it, imported on first use."""
    function: str

    def render(self, selection: Selection, options: ExportOptions, steps: Steps) -> Rendered:
        module = importlib.import_module(self.module)
        renderer: Renderer = getattr(module, self.function)
        return renderer(selection, options, steps)


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


_TABLE = (
    # name, label, extension, binary, image, module, function
    ("csv", "CSV spreadsheet", "csv", False, False, "app.formats.exporting", "_csv"),
    (
        "json",
        "Backchannel JSON (lossless)",
        "json",
        False,
        False,
        "app.formats.exporting",
        "_native",
    ),
    (
        "timelinejs",
        "TimelineJS JSON",
        "json",
        False,
        False,
        "app.formats.timelinejs_out",
        "render_json",
    ),
    (
        "timelinejs-csv",
        "TimelineJS spreadsheet",
        "csv",
        False,
        False,
        "app.formats.timelinejs_out",
        "render_sheet",
    ),
    ("html", "HTML report", "html", False, False, "app.formats.report", "render_html"),
    ("markdown", "Markdown report", "md", False, False, "app.formats.report", "render_markdown"),
    ("ics", "Calendar (ICS)", "ics", False, False, "app.formats.ics_out", "render"),
    (
        "png",
        "PNG image of the timeline",
        "png",
        True,
        True,
        "app.drawing.image_export",
        "render_png",
    ),
    (
        "svg",
        "SVG drawing of the timeline",
        "svg",
        False,
        True,
        "app.drawing.image_export",
        "render_svg",
    ),
    ("pdf", "PDF of the timeline", "pdf", True, True, "app.drawing.image_export", "render_pdf"),
)
FORMATS: dict[str, ExportFormat] = {row[0]: ExportFormat(*row) for row in _TABLE}
"""Every format, in the order the dialog lists them."""


def gather(
    db: sqlite_utils.Database,
    f: Filter,
    *,
    window: tuple[float, float] | None = None,
    only: Iterable[str] | None = None,
) -> Selection:
    """What an export of `f` writes: everything it selects, or only what falls in the time
    `window` (the dialog's "visible window" scope), or only the items whose ids are in
    `only` (its "selected items" scope)."""
    if window is not None:
        start, end = int(window[0]), int(window[1])
        f = replace(
            f,
            start=start if f.start is None else max(start, f.start),
            end=end if f.end is None else min(end, f.end),
        )
    with cycle_collection_paused():
        data, selected = read_selection(db, f)
    if only is not None:
        selected &= set(only)
        data = _only(data, selected)
    description = f.describe(names(db))
    if only is not None:
        description += f" (the {len(selected)} selected)"
    return Selection(data, frozenset(selected), description)


def _only(data: Dataset, selected: set[str]) -> Dataset:
    """The part of a dataset the selected items need: them, the events their statements
    belong to, and the actors, tracks and sources any of those name."""
    statements = [s for s in data.statements if s.id in selected]
    wanted = selected | {s.event for s in statements if s.event}
    events = [e for e in data.events if e.id in wanted]
    actors = {a for e in events for a in e.actors} | {s.speaker for s in statements}
    tracks = {t for e in events for t in e.tracks} | {t for s in statements for t in s.tracks}
    sources = {x for e in events for x in e.sources} | {x for s in statements for x in s.sources}
    return replace(
        data,
        actors=[a for a in data.actors if a.id in actors],
        tracks=[t for t in data.tracks if t.id in tracks],
        sources=[x for x in data.sources if x.id in sources],
        events=events,
        statements=statements,
    )


def render(
    name: str,
    selection: Selection,
    options: ExportOptions | None = None,
    *,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> Rendered:
    """The file's content, in memory."""
    fmt = FORMATS.get(name)
    if fmt is None:
        raise ExportError(f"There is no export format called “{name}”.")
    options = options or ExportOptions()
    _check(options)
    with cycle_collection_paused():
        return fmt.render(selection, options, Steps(progress, cancelled))


def export(
    name: str,
    selection: Selection,
    options: ExportOptions | None,
    target: Path,
    *,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> ExportResult:
    """Render and write the file whole, or not at all."""
    rendered = render(name, selection, options, progress=progress, cancelled=cancelled)
    Steps(None, cancelled).check()
    write_atomically(target, rendered.content)
    return ExportResult(target, rendered.items, rendered.notes)


def write_atomically(target: Path, content: bytes) -> None:
    """Write beside the target and rename, so a failure never leaves half a file there."""
    target = target.resolve()
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(content)
        os.chmod(temporary, target.stat().st_mode & 0o777 if target.exists() else 0o644)
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise


def _check(options: ExportOptions) -> None:
    if options.imprecise not in IMPRECISE_CHOICES:
        raise ExportError(f"imprecise dates can be “span” or “skip”, not “{options.imprecise}”.")
    if options.grouping not in GROUPINGS:
        raise ExportError(f"lanes can be by {', '.join(GROUPINGS)}, not “{options.grouping}”.")
    if not 200 <= options.width <= 20_000:
        raise ExportError(f"The width must be 200 to 20,000 pixels, not {options.width}.")
    if options.height is not None and not 150 <= options.height <= 20_000:
        raise ExportError(f"The height must be 150 to 20,000 pixels, not {options.height}.")
    if options.window is not None:
        start, end = options.window
        if start is not None and end is not None and not end > start:
            raise ExportError("The time window must end after it starts.")
