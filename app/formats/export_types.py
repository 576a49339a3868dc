"""What every export format shares, and all a renderer imports: the options, the rendered
file, progress and cancel checks, the errors, and a format's entry in the registry.

A renderer turns a `Selection` into bytes in memory: `Renderer(selection, options, steps)`.
Each format module declares its `ExportFormat` entries with the function itself (no module
paths looked up by name); whoever needs the list composes one `ExportRegistry` from the
entries of the text formats (`app.formats.exporting.TEXT_FORMATS`) and of the image formats
(`app.drawing.image_formats.IMAGE_FORMATS`). `app.services.exporting` gathers, renders and
writes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TypeVar

from app.core.progress import Cancelled, Progress, Stopped
from app.core.timeline.lanes import GROUPINGS
from app.formats.items import Selection

T = TypeVar("T")
REPORT_EVERY = 200
IMPRECISE_CHOICES = ("span", "skip")


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

    def check(self) -> None:
        """Raise an `ExportError` that says what is wrong with these options, if anything."""
        if self.imprecise not in IMPRECISE_CHOICES:
            raise ExportError(f"imprecise dates can be “span” or “skip”, not “{self.imprecise}”.")
        if self.grouping not in GROUPINGS:
            raise ExportError(f"lanes can be by {', '.join(GROUPINGS)}, not “{self.grouping}”.")
        if not 200 <= self.width <= 20_000:
            raise ExportError(f"The width must be 200 to 20,000 pixels, not {self.width}.")
        if self.height is not None and not 150 <= self.height <= 20_000:
            raise ExportError(f"The height must be 150 to 20,000 pixels, not {self.height}.")
        if self.window is not None:
            start, end = self.window
            if start is not None and end is not None and not end > start:
                raise ExportError("The time window must end after it starts.")


@dataclass(frozen=True, slots=True)
class Rendered:
    content: bytes
    items: int
    """Items written."""
    notes: tuple[str, ...] = ()
    """What a user should know about this file: items left out, and why."""


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
    render: Renderer
    options: frozenset[str] = frozenset()
    """Which of the text options concern it ("bom", "imprecise"), for the dialog."""


@dataclass(frozen=True, slots=True)
class ExportRegistry:
    """Every export format, in the order the dialog lists them; immutable, made once by the
    code that offers the formats (the command line, the export dialog)."""

    formats: tuple[ExportFormat, ...]

    def __post_init__(self) -> None:
        names = [fmt.name for fmt in self.formats]
        if len(set(names)) != len(names):
            raise ValueError(f"two export formats share a name: {names}")

    @classmethod
    def of(cls, *groups: Iterable[ExportFormat]) -> ExportRegistry:
        return cls(tuple(fmt for group in groups for fmt in group))

    def names(self) -> tuple[str, ...]:
        return tuple(fmt.name for fmt in self.formats)

    def __iter__(self) -> Iterator[ExportFormat]:
        return iter(self.formats)

    def __getitem__(self, name: str) -> ExportFormat:
        for fmt in self.formats:
            if fmt.name == name:
                return fmt
        raise ExportError(f"There is no export format called “{name}”.")
