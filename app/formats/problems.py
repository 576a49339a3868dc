"""What stops an import, for the user to read: one place each for what is wrong with a file.

`Problem` is one record or field that cannot be imported, with its place ('line 12, date').
`FileProblems` is a whole file turned away with its problems listed; `FormatError` says the
file cannot be read at all (a reader's or detection's verdict), the importer's refusal of a
file with bad records builds on the same base. `MappingError` is different: what the user
asked for (a column, a format, a mapping) does not fit the file, so they change the request,
not the file. Readers raise `FieldProblem` for one field of one record and turn it into a
`Problem` with the record's place.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from app.core.progress import Stopped

SHOWN = 20
"""Problems listed in a message; the rest are counted."""


@dataclass(frozen=True, slots=True)
class Problem:
    """Something in one place of a file that cannot be imported, and why."""

    where: str
    """'line 12', 'events[3]', 'event 7 ("Talks in Geneva")'."""
    reason: str
    field: str | None = None

    def __str__(self) -> str:
        at = f"{self.where}, {self.field}" if self.field else self.where
        return f"{at}: {self.reason}"


class FileProblems(ValueError):
    """A file turned away; `problems` name each record and field, the message lists them."""

    def __init__(self, source: str, headline: str, problems: Sequence[Problem | str]) -> None:
        self.problems = list(problems)
        shown = "\n".join(f"  - {p}" for p in self.problems[:SHOWN])
        more = f"\n  … and {len(self.problems) - SHOWN} more" if len(self.problems) > SHOWN else ""
        super().__init__(f"{source}: {headline}:\n{shown}{more}")


class FormatError(FileProblems):
    """A file that cannot be read as it is; `problems` name each record and field."""

    def __init__(self, source: str, problems: list[str]) -> None:
        super().__init__(source, f"{len(problems)} problem(s)", problems)


class ReaderFault(FormatError):
    """A reader failed in a way nobody foresaw: a bug in Backchannel, not a fault of the file.
    The user still reads a message naming the file, with the error to report, and nothing is
    written; the error itself is kept as the cause."""

    def __init__(self, source: str, error: BaseException) -> None:
        super().__init__(source, [unexpected(error)])


def unexpected(error: BaseException) -> str:
    """What to tell a user of an error that is a bug: what it was, and to report it."""
    text = str(error)
    what = type(error).__name__ + (f": {text[:300]}" if text else "")
    return (
        f"Backchannel failed to read it ({what}). This is a bug in Backchannel, not in the "
        "file; please report it, with the file if you can share it"
    )


class MappingError(ValueError):
    """Options that do not fit the file: a column mapping naming columns it lacks, a mapping
    for a file that is not a table, a format that does not exist. The message lists the
    choices."""


class FieldProblem(Exception):
    """One field of the record being read is wrong; the reader adds the record's place."""

    def __init__(self, field: str | None, reason: str) -> None:
        super().__init__(reason)
        self.field = field
        self.reason = reason


class ImportCancelled(Stopped):
    """The user stopped the import; nothing was written."""

    def __init__(self) -> None:
        super().__init__("The import was cancelled; the database is unchanged.")
