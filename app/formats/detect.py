"""Which reader a file needs: from what it holds first, its extension second."""

from __future__ import annotations

import csv
import re
from pathlib import Path

from app.formats.native import FormatError
from app.formats.text_in import Head, guess_delimiter, read_head, refuse_binary

FORMATS = {
    "native": "Backchannel JSON",
    "csv": "CSV or TSV with a column mapping",
    "timelinejs": "TimelineJS JSON",
    "timelinejs-sheet": "TimelineJS spreadsheet (CSV or TSV)",
    "timeline": "Timeline (.timeline XML)",
}
AUTO = "auto"
SHEET_HEADERS = frozenset({"year", "headline"})
"""Columns every TimelineJS spreadsheet template has (with Month, Day, Text, Media …)."""
LEGACY_TIMELINE = "# Written by Timeline"
_JSON_START = re.compile(rb'^\s*\{\s*"')
_JSON_FORMAT = re.compile(rb'"format"\s*:\s*"backchannel"')
_TIMELINEJS_KEYS = re.compile(rb'"(?:start_date|events|eras|scale)"\s*:')
_XML_ROOT = re.compile(r"<([A-Za-z_][\w.-]*)[\s>/]")


def normalise_header(name: str) -> str:
    """'Event Date ' → 'event_date', for matching column names."""
    return "_".join(name.strip().lower().replace("-", " ").split())


def detect(path: Path) -> str:
    """The format name of a file (a key of FORMATS), or FormatError saying why none fits."""
    head = read_head(path)
    if head.size == 0:
        raise FormatError(str(path), ["the file is empty"])
    suffix = path.suffix.lower()
    text = head.text.lstrip("\ufeff \t\r\n")
    if text.startswith(LEGACY_TIMELINE) or (suffix == ".timeline" and not text.startswith("<")):
        return "timeline"  # the Timeline reader refuses the legacy format with its own message
    if text.startswith("<"):
        return _xml_format(path, text)
    if text.startswith(("{", "[")) or suffix == ".json":
        return _json_format(path, head, text)
    refuse_binary(path, head, "CSV text")
    return "timelinejs-sheet" if is_timelinejs_sheet(head, suffix) else "csv"


def _xml_format(path: Path, text: str) -> str:
    for match in _XML_ROOT.finditer(text):
        root = match.group(1)
        if root.startswith("?") or root.startswith("!"):
            continue
        if root == "timeline":
            return "timeline"
        raise FormatError(
            str(path),
            [f"an XML file whose root element is <{root}>; the only XML Backchannel reads is "
             "the .timeline file of the Timeline desktop app (root <timeline>)"],
        )  # fmt: skip
    return "timeline"  # only a prolog, comments or a DOCTYPE: let the XML reader say more


def _json_format(path: Path, head: Head, text: str) -> str:
    if not text.startswith("{"):
        raise FormatError(
            str(path),
            ["JSON that is not an object: Backchannel reads its own JSON and TimelineJS JSON"],
        )
    if _JSON_FORMAT.search(head.data):
        return "native"
    if _TIMELINEJS_KEYS.search(head.data):
        return "timelinejs"
    if _JSON_START.match(head.data.lstrip(b"\xef\xbb\xbf")):
        raise FormatError(
            str(path),
            ['JSON that is neither Backchannel JSON ("format": "backchannel") nor TimelineJS '
             'JSON ("events" with "start_date"); name the format with --format if it is one'],
        )  # fmt: skip
    raise FormatError(str(path), ["this does not look like JSON"])


def is_timelinejs_sheet(head: Head, suffix: str = "") -> bool:
    """True if the first line holds the TimelineJS template's column names."""
    text = head.text
    first = text.splitlines()[0] if text else ""
    delimiter = guess_delimiter(text, "\t" if suffix in (".tsv", ".tab") else None)
    try:
        names = next(csv.reader([first], delimiter=delimiter), [])
    except csv.Error:
        return False
    return {normalise_header(n) for n in names} >= SHEET_HEADERS
