"""Export, as the export dialog and the command line run it:

    formats = ExportRegistry.of(TEXT_FORMATS, IMAGE_FORMATS)
    selection = gather(db, the_filter)
    result = export(formats["html"], selection, ExportOptions(), Path("report.html"),
                    progress=on_progress, cancelled=should_stop)
    show(result.message())

`gather` reads what the filter selects from the store; a format renders it to bytes in
memory; `export` writes them beside the target and renames them into place, so a failure
or a cancel never leaves half a file there (a named pipe or a device is written to as it
is). The formats themselves are in `app.formats` (text) and `app.drawing.image_formats`
(images).
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

import sqlite_utils

from app.core.filter import Filter
from app.core.memory import cycle_collection_paused
from app.core.model import Dataset
from app.core.progress import Cancelled, Progress
from app.formats.export_types import ExportFormat, ExportOptions, Rendered, Steps
from app.formats.items import Selection
from app.store.queries import names
from app.store.records import read_selection


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
    fmt: ExportFormat,
    selection: Selection,
    options: ExportOptions | None = None,
    *,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> Rendered:
    """The file's content, in memory."""
    options = options or ExportOptions()
    options.check()
    with cycle_collection_paused():
        return fmt.render(selection, options, Steps(progress, cancelled))


def export(
    fmt: ExportFormat,
    selection: Selection,
    options: ExportOptions | None,
    target: Path,
    *,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> ExportResult:
    """Render and write the file whole, or not at all."""
    rendered = render(fmt, selection, options, progress=progress, cancelled=cancelled)
    Steps(None, cancelled).check()
    write_atomically(target, rendered.content)
    return ExportResult(target, rendered.items, rendered.notes)


class WriteError(OSError):
    """The target could not be written; the message names it (never a temporary file)."""

    def __str__(self) -> str:
        return f"cannot write {self.filename}: {self.strerror}"


TEMPORARY = re.compile(r"\.bc-(\d{1,10})-[a-z0-9_]{1,16}\.tmp")
"""Our temporary files beside a target: `.bc-<writer's pid>-<random>.tmp`. Short, so that a
target of any name its file system allows can be written."""
STALE_AFTER_SECONDS = 24 * 3600
"""A temporary file untouched this long is left over, whoever wrote it."""
ORPHAN_AFTER_SECONDS = 600
"""A temporary file whose writer is gone and that is untouched this long is left over (the
wait spares a writer on another machine sharing the folder, whose pid means nothing here)."""


def write_atomically(target: Path, content: bytes | str) -> None:
    """Write beside the target and rename, so a failure never leaves half a file there (and
    the file gets the usual permissions, not a temporary file's owner-only ones). Text is
    written as UTF-8. A target that exists and is no regular file (a named pipe, a device
    such as /dev/stdout) is written to directly: renaming over it would replace it. A folder
    is refused. Any failure is a `WriteError` naming `target`."""
    if isinstance(content, str):
        content = content.encode("utf-8")
    try:
        real = target.resolve()
        kind = _existing_kind(real)
        if kind == stat.S_IFDIR:
            raise WriteError(errno.EISDIR, "it is a folder; name a file in it", str(target))
        if kind not in (None, stat.S_IFREG):
            with open(real, "wb") as out:
                out.write(content)
            return
        _remove_stale_temporaries(real.parent)
        _replace(real, content)
    except WriteError:
        raise
    except OSError as error:
        raise WriteError(error.errno, error.strerror or str(error), str(target)) from error


def _existing_kind(path: Path) -> int | None:
    """The file type bits of what is at `path` (following links), None if nothing is."""
    try:
        return stat.S_IFMT(os.stat(path).st_mode)
    except FileNotFoundError:
        return None


def _replace(target: Path, content: bytes) -> None:
    """Our temporary file is `.bc-<pid>-<random>.tmp` (see `TEMPORARY`)."""
    handle, temporary = tempfile.mkstemp(
        prefix=f".bc-{os.getpid()}-", suffix=".tmp", dir=target.parent
    )
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(content)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, target.stat().st_mode & 0o777 if target.exists() else 0o644)
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise


def _remove_stale_temporaries(folder: Path, now: float | None = None) -> None:
    """Remove the temporary files an export killed mid-write left in `folder`: only regular
    files named exactly as ours, untouched for a day, or whose writer is gone and untouched
    for a few minutes. Nothing else is touched, and a failure to remove one is no failure."""
    now = time.time() if now is None else now
    with contextlib.suppress(OSError), os.scandir(folder) as entries:
        for entry in entries:
            match = TEMPORARY.fullmatch(entry.name)
            if match is None or not entry.is_file(follow_symlinks=False):
                continue
            with contextlib.suppress(OSError):
                age = now - entry.stat(follow_symlinks=False).st_mtime
                orphan = age > ORPHAN_AFTER_SECONDS and not _running(int(match.group(1)))
                if age > STALE_AFTER_SECONDS or orphan:
                    os.unlink(entry.path)


def _running(pid: int) -> bool:
    """Whether process `pid` exists; when that cannot be told, it is taken to exist."""
    if pid == os.getpid() or os.name == "nt":  # on Windows os.kill would end the process
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (OSError, OverflowError):  # another user's process, or a pid out of range
        return True
    return True
