"""Reading files as people actually save them: the head of any file, read once and passed on
(to tell its format, refuse a binary or an oversized file, guess a delimiter), and delimited
text, streamed.

UTF-8 with or without a byte-order mark (and UTF-16 with one, as Excel's "Unicode text"
writes, or UTF-32 with one), CRLF, LF or old Macs' CR line ends, commas, semicolons, tabs or
bars between fields. Anything else (Latin-1, a workbook renamed to .csv) is refused with a
message that names the line and says how to fix it. Lines are read and decoded one at a
time, so a file of any size streams.
"""

from __future__ import annotations

import codecs
import csv
from collections import Counter
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from app.core.progress import Cancelled, StagedProgress
from app.formats.problems import FormatError, ImportCancelled

HEAD_BYTES = 64 * 1024
MAX_LINE_BYTES = 16 * 1024 * 1024
"""No real CSV has a line this long; a file that does is not CSV (or has lost its line ends)."""
PROGRESS_EVERY = 2000
DELIMITERS = (",", ";", "\t", "|")
_SIGNATURES = (
    (b"PK\x03\x04", "a zip archive, such as an Excel .xlsx or OpenDocument workbook"),
    (b"\xd0\xcf\x11\xe0", "an old Excel .xls workbook"),
    (b"%PDF", "a PDF document"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"\x1f\x8b", "a gzip-compressed file"),
)
_FIX = (
    "Backchannel reads UTF-8 text (with or without a byte-order mark), and UTF-16 or UTF-32 "
    "with one. "
    "Save the file as “CSV UTF-8” in your spreadsheet, or convert it, e.g. "
    "iconv -f WINDOWS-1252 -t UTF-8 old.csv > new.csv"
)


@dataclass(frozen=True, slots=True)
class Head:
    """The start of a file: enough to tell what it is."""

    path: Path
    data: bytes
    size: int
    encoding: str

    @property
    def suffix(self) -> str:
        """'.csv', in lower case."""
        return self.path.suffix.lower()

    @property
    def start(self) -> str:
        """The text from its first character that is not a byte-order mark or a space."""
        return self.text.lstrip("\ufeff \t\r\n")

    @property
    def utf8(self) -> bytes:
        """The head as UTF-8 bytes (without a byte-order mark), whatever its encoding, for
        detectors that look for bytes."""
        if self.encoding == "utf-8-sig":
            return self.data.removeprefix(codecs.BOM_UTF8)
        return self.text.encode("utf-8", errors="replace")

    @property
    def text(self) -> str:
        """The decoded start, cut after its last complete line; errors replaced."""
        data = self.data
        if self.encoding == "utf-8-sig" and data.startswith(codecs.BOM_UTF8):
            data = data[len(codecs.BOM_UTF8) :]
        text = data.decode(self.encoding, errors="replace")
        if len(self.data) < self.size and "\n" in text:
            text = text[: text.rindex("\n") + 1]
        return text


def read_head(path: Path) -> Head:
    with path.open("rb") as handle:
        data = handle.read(HEAD_BYTES)
    return Head(path, data, path.stat().st_size, _encoding(data))


def check_size(head: Head, limit: int, what: str) -> None:
    """Refuse a file far larger than any real one of its format."""
    if head.size > limit:
        raise FormatError(
            str(head.path),
            [f"the file is {head.size / 2**20:,.0f} MB; {what} files over {limit // 2**20} MB "
             "are not read (is it really one?)"],
        )  # fmt: skip


def _encoding(data: bytes) -> str:
    return bom_encoding(data) or "utf-8-sig"


def bom_encoding(data: bytes) -> str | None:
    """ "utf-32" or "utf-16" when the data starts with their byte-order mark (UTF-32's little
    endian mark starts like UTF-16's, so it is asked first); None otherwise."""
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "utf-32"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    return None


def refuse_binary(head: Head, what: str = "text") -> None:
    """A workbook, archive or other binary file named like a text file gets a clear no."""
    reason = binary(head, what)
    if reason is not None:
        raise FormatError(str(head.path), [reason])


def binary(head: Head, what: str = "text") -> str | None:
    """Why the file is not `what` but binary, or None if it is not binary."""
    for signature, name in _SIGNATURES:
        if head.data.startswith(signature):
            return f"this is {name}, not {what}. {_save_as(what)}"
    if head.encoding == "utf-8-sig" and b"\x00" in head.data:
        if _utf16_without_mark(head.data):
            return (
                "this looks like UTF-16 text without the byte-order mark that says so, not "
                f"{what}. {_FIX}"
            )
        where = head.data.index(b"\x00")
        return f"this is a binary file, not {what} (a zero byte at offset {where})"
    return None


def _utf16_without_mark(data: bytes) -> bool:
    """Every other byte zero, as in Latin text saved as UTF-16 with its mark left off."""
    sample = data[:4096]
    zeros = sorted(half.count(0) / len(half) for half in (sample[0::2], sample[1::2]) if half)
    return len(sample) >= 8 and zeros[0] < 0.1 and zeros[1] >= 0.9


def _save_as(what: str) -> str:
    return "Save it as CSV UTF-8 first." if "CSV" in what else "Export it as text first."


@contextmanager
def lines(
    head: Head,
    progress: StagedProgress | None = None,
    cancelled: Cancelled | None = None,
    stage: str = "Reading",
) -> Iterator[Iterator[str]]:
    """The decoded lines of a text file, line ends kept (the csv module needs them)."""
    refuse_binary(head)
    path = head.path
    with path.open("rb") as handle:
        if head.encoding != "utf-8-sig":
            yield _wide_lines(head, handle, progress, cancelled, stage)
        else:
            raw_lines = _cr_lines(handle) if _cr_only(head) else _lf_lines(handle)
            yield _utf8_lines(path, raw_lines, head.size, progress, cancelled, stage)


def _cr_only(head: Head) -> bool:
    """Whether the file ends its lines with CR alone, as classic Mac OS (and Excel for Mac's
    "CSV (Macintosh)") saves them."""
    return b"\r" in head.data and b"\n" not in head.data


def _lf_lines(handle: BinaryIO) -> Iterator[bytes]:
    return iter(lambda: handle.readline(MAX_LINE_BYTES + 1), b"")


def _cr_lines(handle: BinaryIO) -> Iterator[bytes]:
    """Lines ended by CR, each ended by LF instead (so a cell's line breaks are LF too); one
    longer than `MAX_LINE_BYTES` comes whole, for the caller to refuse."""
    pending = b""
    while chunk := handle.read(HEAD_BYTES):
        *complete, pending = (pending + chunk).split(b"\r")
        yield from (line + b"\n" for line in complete)
        if len(pending) > MAX_LINE_BYTES:
            yield pending
            return
    if pending:
        yield pending


def _utf8_lines(
    path: Path,
    raw_lines: Iterator[bytes],
    size: int,
    progress: StagedProgress | None,
    cancelled: Cancelled | None,
    stage: str,
) -> Iterator[str]:
    done = 0
    for number, raw in enumerate(raw_lines, start=1):
        if len(raw) > MAX_LINE_BYTES:
            raise FormatError(
                str(path),
                [f"line {number} is longer than {MAX_LINE_BYTES // 2**20} MB: this is not a "
                 "table of records (or its line ends were lost)"],
            )  # fmt: skip
        if number == 1 and raw.startswith(codecs.BOM_UTF8):
            raw = raw[len(codecs.BOM_UTF8) :]
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            byte = raw[error.start]
            raise FormatError(
                str(path),
                [f"line {number}, column {_column(raw, error.start)}: byte 0x{byte:02X} is not "
                 f"UTF-8 text. {_FIX}"],
            ) from None  # fmt: skip
        if "\x00" in text:
            raise FormatError(str(path), [f"line {number} holds a zero byte: not a text file"])
        done += len(raw)
        if number % PROGRESS_EVERY == 0:
            _tick(progress, cancelled, stage, done, size)
        yield text
    _tick(progress, cancelled, stage, size, size)


def _column(raw: bytes, offset: int) -> int:
    return len(raw[:offset].decode("utf-8", errors="replace")) + 1


def _wide_lines(
    head: Head,
    handle: BinaryIO,
    progress: StagedProgress | None,
    cancelled: Cancelled | None,
    stage: str,
) -> Iterator[str]:
    """The lines of UTF-16 or UTF-32 text (with its byte-order mark)."""
    path, size, name = head.path, head.size, head.encoding.upper()
    decoder = codecs.getincrementaldecoder(head.encoding)(errors="strict")
    pending = ""
    done = 0
    number = 0
    while True:
        chunk = handle.read(HEAD_BYTES)
        try:
            pending += decoder.decode(chunk, final=not chunk)
        except UnicodeDecodeError:
            raise FormatError(
                str(path), [f"near byte {done}: broken {name} text. {_FIX}"]
            ) from None
        done += len(chunk)
        *complete, pending = pending.splitlines(keepends=True) or [""]
        if pending.endswith(("\n", "\r")) and not chunk:
            complete.append(pending)
            pending = ""
        for text in complete:
            number += 1
            yield text
        if len(pending) > MAX_LINE_BYTES:
            raise FormatError(str(path), [f"line {number + 1} is far too long to be CSV"])
        _tick(progress, cancelled, stage, done, size)
        if not chunk:
            break
    if pending:
        yield pending


def _tick(
    progress: StagedProgress | None, cancelled: Cancelled | None, stage: str, done: int, size: int
) -> None:
    if cancelled is not None and cancelled():
        raise ImportCancelled()
    if progress is not None:
        progress(stage, done, size)


def delimiter_of(head: Head) -> str:
    """The head's delimiter; a tie goes to tabs in a .tsv or .tab file, to commas otherwise."""
    return guess_delimiter(head.text, "\t" if head.suffix in (".tsv", ".tab") else None)


def guess_delimiter(sample: str, preferred: str | None = None) -> str:
    """The delimiter that splits the sample's records into the same number of fields most
    often (ties: the preferred one, then in the order of DELIMITERS)."""
    best: tuple[float, int, int] = (0.0, 1, 0)
    choice = preferred or ","
    rows_text = sample.splitlines(keepends=True)
    for rank, delimiter in enumerate(DELIMITERS):
        try:
            rows = list(csv.reader(rows_text, delimiter=delimiter))
        except csv.Error:
            continue
        if len(rows) > 1 and len(sample) >= HEAD_BYTES - 4:
            rows = rows[:-1]  # the sample may cut the last record in two
        counts = Counter(len(r) for r in rows if any(cell.strip() for cell in r))
        if not counts:
            continue
        width, times = counts.most_common(1)[0]
        if width < 2:
            continue
        score = (times / sum(counts.values()), width, -rank if delimiter != preferred else 1)
        if score > best:
            best, choice = score, delimiter
    return choice


def cell_text(value: str) -> str:
    """A cell as text: spaces around trimmed, CRLF inside made LF, and the apostrophe that
    spreadsheets (and Backchannel's own CSV export) put before formula-like text removed."""
    value = value.strip()
    if "\r" in value:
        value = value.replace("\r\n", "\n")
    if value[:1] == "'" and value[1:2] in ("=", "+", "-", "@", "\t", "\r"):
        return value[1:]
    return value


def normalise_header(name: str) -> str:
    """'Event Date ' → 'event_date', for matching column names."""
    return "_".join(name.strip().lower().replace("-", " ").split())


@dataclass(frozen=True, slots=True)
class Layout:
    """How a table will be read: what detection found and which column feeds which field."""

    encoding: str
    delimiter: str
    header: tuple[str, ...] | None
    """The header row, or None when the first row is already data."""
    width: int
    columns: Mapping[str, tuple[int, ...]]
    """Field → column indexes (from 0)."""
    day_first: bool
    unused: tuple[int, ...]
    missing: tuple[str, ...] = ()
    """Cells that say a value is missing, as the user gave them: empty in every column."""
    guessed_missing: Mapping[int, str] = field(default_factory=dict)
    """Column index → the missing-value marker that fills many of its cells in the head."""

    def blanks(self) -> list[tuple[int, frozenset[str]]]:
        """(column index, the cells that are empty there) for each column that has some."""
        given = frozenset(self.missing)
        found = [(i, given | {self.guessed_missing[i]} if i in self.guessed_missing else given)
                 for i in range(self.width)]  # fmt: skip
        return [(i, markers) for i, markers in found if markers]

    def describe_missing(self) -> str | None:
        """What is read as a missing value, for the preview and the report."""
        parts = [f"“{m}” in any column (--na)" for m in self.missing]
        parts += [f"“{m}” in {self.column_name(i)} (guessed from the file)"
                  for i, m in sorted(self.guessed_missing.items())]  # fmt: skip
        return "; ".join(parts) or None

    def column_name(self, index: int) -> str:
        if self.header is not None and index < len(self.header) and self.header[index].strip():
            return f"column {index + 1} “{self.header[index].strip()}”"
        return f"column {index + 1}"

    def describe(self) -> list[str]:
        """'date ← column 2 “event_date”' for each mapped field."""
        return [
            f"{field} ← {', '.join(self.column_name(i) for i in indexes)}"
            for field, indexes in self.columns.items()
            if indexes
        ]
