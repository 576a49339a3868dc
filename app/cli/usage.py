"""What a command says when it cannot do what was asked: one line naming the option at fault."""

from __future__ import annotations


class UsageError(Exception):
    """Something the user asked for that cannot be done; the message says what."""


def stored_text(option: str, value: str | None) -> str | None:
    """A value that goes into the database as text: SQLite takes no lone surrogates (what
    bytes that are not UTF-8 become on the command line)."""
    if value is not None and any("\ud800" <= c <= "\udfff" for c in value):
        raise UsageError(f"{option} {value!r}: bytes that are not UTF-8 text; give it as text")
    return value
