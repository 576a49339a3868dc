"""A JSON file read as a document, for the readers of JSON formats (Backchannel's own and
TimelineJS): whatever keeps a file from being JSON a program can use is a `FormatError` that
says where, never a Python error.

    document = load(path)

Numbers too long for any field (a year of 5,000 digits, which Python will not even turn into
an int) are read as a `HugeNumber`, so each reader refuses them where they stand, in a record
and a field; a file nested deeper than Python's stack, or holding half of a character (a lone
UTF-16 surrogate, which no database can store), is refused whole.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from app.formats.problems import FormatError
from app.formats.text_in import bom_encoding

MAX_DIGITS = 30
"""Digits of the longest whole number read as itself; no field needs a third of them."""
SHOWN_PLACES = 20
_ESCAPED_SURROGATE = re.compile(r"\\u[dD][89a-fA-F]")
_SURROGATE = re.compile("[\ud800-\udfff]")


class HugeNumber(float):
    """A whole number of more than `MAX_DIGITS` digits, as infinity (which no field takes,
    so the schema or the reader names its record and field), shown by its length."""

    digits: int

    def __new__(cls, text: str) -> HugeNumber:
        number = super().__new__(cls, "-inf" if text.startswith("-") else "inf")
        number.digits = len(text.lstrip("-"))
        return number

    def __repr__(self) -> str:
        return f"a number of {self.digits:,} digits"

    __str__ = __repr__


def _whole(text: str) -> int | HugeNumber:
    return HugeNumber(text) if len(text) > MAX_DIGITS else int(text)


def load(path: Path) -> Any:
    """The document in a JSON file in UTF-8 (a byte-order mark allowed), or in UTF-16 or
    UTF-32 with their byte-order mark (as Windows tools save "Unicode" text)."""
    encoding = "utf-8-sig"
    try:
        data = path.read_bytes()
        encoding = bom_encoding(data) or encoding
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        name = "UTF-8" if encoding == "utf-8-sig" else encoding.upper()
        raise FormatError(str(path), [f"not {name} text (byte {error.start})"]) from None
    except OSError as error:
        raise FormatError(str(path), [error.strerror or str(error)]) from None
    try:
        document = json.loads(text, parse_int=_whole)
    except json.JSONDecodeError as error:
        raise FormatError(
            str(path), [f"broken JSON at line {error.lineno}, column {error.colno}: {error.msg}"]
        ) from None
    except RecursionError:
        raise FormatError(
            str(path), ["the JSON is nested too deeply (lists or objects inside each other "
                        "thousands of times): no dataset or timeline is"],
        ) from None  # fmt: skip
    if _ESCAPED_SURROGATE.search(text):
        places = list(_broken_characters(document))
        if places:
            reason = (
                "holds half of a character (a lone UTF-16 surrogate, written as \\ud800 to "
                "\\udfff without its other half): the program that wrote the file broke it"
            )
            raise FormatError(str(path), [f"{place}: {reason}" for place in places])
    return document


def _broken_characters(document: Any) -> Iterator[str]:
    """The places ('events[3].text.headline') of strings holding a lone surrogate, at most
    `SHOWN_PLACES`; walked without recursion, as deep as the document is."""
    found = 0
    stack: list[tuple[str, Any]] = [("", document)]
    while stack and found < SHOWN_PLACES:
        place, value = stack.pop()
        if isinstance(value, str):
            if _SURROGATE.search(value):
                found += 1
                yield place or "top level"
        elif isinstance(value, dict):
            for key, item in reversed(value.items()):
                name = (
                    key if not _SURROGATE.search(key) else key.encode("utf-8", "replace").decode()
                )
                if name != key:
                    found += 1
                    yield f"{place}.{name!r}".lstrip(".") + " (the name)"
                stack.append((f"{place}.{name}".lstrip("."), item))
        elif isinstance(value, list):
            stack.extend((f"{place}[{i}]", item) for i, item in reversed(list(enumerate(value))))
