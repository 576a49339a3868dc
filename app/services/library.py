"""Files as a user sees them: the first-start database, imports and exports of whole files."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from app.core.paths import sample_dataset
from app.formats import native
from app.store import open_database, write_dataset
from app.store.journal import keep_in_one_file

if TYPE_CHECKING:  # the importers load on first use: starting the window does not need them
    from app.core.progress import Cancelled, StagedProgress
    from app.services.importing import ImportOptions, ImportReport


def create_from_sample(path: Path) -> None:
    """Make the user's database as a copy of the bundled sample, so their edits never touch
    the installed files. Built beside the target and renamed into place: never half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
        db = open_database(partial, create=True)
        try:
            write_dataset(db, native.read(sample_dataset()), partial)
        finally:
            keep_in_one_file(db)
            db.close()
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)


def import_file(
    db_path: Path,
    source: Path,
    options: ImportOptions | None = None,
    progress: StagedProgress | None = None,
    cancelled: Cancelled | None = None,
) -> ImportReport:
    """Merge a file of any readable format into the database: all of it, or nothing.
    See `app.services.importing.import_file`."""
    from app.services import importing

    return importing.import_file(db_path, source, options, progress, cancelled)
