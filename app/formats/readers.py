"""Every import format behind one call, for the importer, the import dialog and the command line.

    head, fmt = resolve(path, "auto")          # detected from the file, or the one named
    reading = read(head, fmt, ReadOptions(mapping={"date": [2]}), progress, cancelled)

Each reader module declares the formats it reads (an `ImportFormat`: name, label,
extensions, detection and its reader, all called the same way); this lists them, detects
and dispatches, so a new format is one module and one line here. Readers never import this.
The head of the file is read once, here, and handed to detection and the reader.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from app.core.progress import Cancelled, StagedProgress
from app.formats import csv_in, native, timeline_xml, timelinejs_in
from app.formats.builder import ImportFormat, Reading, ReadOptions
from app.formats.detect import unrecognised
from app.formats.problems import (
    FileProblems,
    FormatError,
    ImportCancelled,
    MappingError,
    ReaderFault,
)
from app.formats.text_in import Head, read_head

AUTO = "auto"
FORMATS: dict[str, ImportFormat] = {
    fmt.name: fmt
    for fmt in (
        native.NATIVE,
        timelinejs_in.JSON,
        timelinejs_in.SHEET,
        timeline_xml.TIMELINE,
        csv_in.CSV,
        csv_in.TSV,
    )
}
"""Every format, in the order they are listed and tried by detection: a file that two could
take goes to the first (Backchannel JSON has TimelineJS's "events" too; a TimelineJS sheet
is also CSV, which takes any text)."""
FORMAT_CHOICES = (AUTO, *FORMATS)
"""What a user may ask a file to be read as."""
EXTENSIONS = tuple(dict.fromkeys(e for fmt in FORMATS.values() for e in fmt.extensions))
"""For the file chooser."""


def label(name: str) -> str:
    """'TimelineJS JSON' for 'timelinejs'; the name itself for one not listed."""
    fmt = FORMATS.get(name)
    return fmt.label if fmt is not None else name


def detect(head: Head) -> ImportFormat:
    """The format of a file, or FormatError saying why none fits."""
    if head.size == 0:
        raise FormatError(str(head.path), ["the file is empty"])
    for fmt in FORMATS.values():
        if fmt.detect is not None and fmt.detect(head):
            return fmt
    raise FormatError(str(head.path), [unrecognised(head)])


def resolve(path: Path, wanted: str = AUTO) -> tuple[Head, ImportFormat]:
    """The file's head and the format to read it as: detected, or the one named."""
    problem = _not_a_file(path)
    if problem is not None:
        raise FormatError(str(path), [problem])
    if wanted != AUTO and wanted not in FORMATS:
        raise MappingError(f"unknown format {wanted!r}; choose one of {', '.join(FORMAT_CHOICES)}")
    head = read_head(path)
    return head, detect(head) if wanted == AUTO else FORMATS[wanted]


_KINDS = {
    stat.S_IFDIR: "a folder",
    stat.S_IFIFO: "a named pipe",
    stat.S_IFCHR: "a device",
    stat.S_IFBLK: "a device",
    stat.S_IFSOCK: "a socket",
}


def _not_a_file(path: Path) -> str | None:
    """Why `path` cannot be read as a file, or None if it can be. Asked without opening it:
    opening a named pipe would wait for a writer, and a device such as /dev/zero never ends."""
    try:
        mode = os.stat(path).st_mode
    except (FileNotFoundError, NotADirectoryError):
        return "there is no such file"
    except OSError as error:
        return f"it cannot be read ({error.strerror or error})"
    if stat.S_ISREG(mode):
        return None
    return f"it is not a file but {_KINDS.get(stat.S_IFMT(mode), 'something else')}"


def read(
    head: Head,
    fmt: ImportFormat,
    options: ReadOptions | None = None,
    progress: StagedProgress | None = None,
    cancelled: Cancelled | None = None,
) -> Reading:
    """Read the file as records, touching no database. Whatever goes wrong is a message on
    the file: a reader's own refusal, or a `ReaderFault` for an error nobody foresaw."""
    options = options or ReadOptions()
    if options.mapping and not fmt.table:
        raise MappingError(f"a column mapping applies to CSV files; this is {fmt.label}")
    if options.missing and not fmt.table:
        raise MappingError(f"--na (missing-value markers) applies to CSV files; this is "
                           f"{fmt.label}")  # fmt: skip
    try:
        reading = fmt.read(head, options, progress, cancelled)
    except (FileProblems, MappingError, ImportCancelled, OSError):
        raise
    except Exception as error:  # a bug, still told as a message on the file
        raise ReaderFault(str(head.path), error) from error
    if cancelled is not None and cancelled():
        raise ImportCancelled()
    return reading
