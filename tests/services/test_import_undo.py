"""An import is one step that can be undone, up to a size; a larger one says it cannot."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.services import importing
from app.services.importing import ImportOptions, import_file
from app.store import open_database
from app.store.changes import undo
from tests.exports import exported

CSV = Path(__file__).parents[1] / "fixtures" / "import" / "monitor-acled.csv"


def _exported(path: Path) -> str:
    db = open_database(path)
    try:
        return exported(db)
    finally:
        db.close()


def test_undoing_an_import_gives_back_the_database_as_it_was(sample_path: Path) -> None:
    before = _exported(sample_path)
    report = import_file(sample_path, CSV, ImportOptions())
    assert report.change is not None
    assert report.change.label == "Import monitor-acled.csv"
    db = open_database(sample_path)
    undo(db, report.change)
    db.close()
    assert _exported(sample_path) == before


def test_a_dry_run_or_a_bulk_sized_import_offers_no_undo(
    sample_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert import_file(sample_path, CSV, ImportOptions(dry_run=True)).change is None
    monkeypatch.setattr(importing, "UNDOABLE_RECORDS", 1)
    report = import_file(sample_path, CSV, ImportOptions())
    assert report.added
    assert report.change is None
