"""A Cancel during a first large import stops it wherever the work is, on the import's own
thread or on the one that builds the full-text index beside it, with the file as it was."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from app.core.paths import sample_dataset
from app.services.importing import ImportCancelled, import_file
from app.store import index_apart, open_database
from app.store import writer as writer_module


def test_a_cancel_seen_by_the_index_building_thread_stops_the_import(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, snapshot: Callable[[Path], Any]
) -> None:
    monkeypatch.setattr(writer_module, "BULK_THRESHOLD", 5)
    monkeypatch.setattr(index_apart, "STOP_EVERY", 10)
    db_path = tmp_path / "empty.backchannel"
    open_database(db_path, create=True).close()
    before = snapshot(db_path)
    clicked = threading.Event()
    building = False

    def cancelled() -> bool:
        # Cancel is clicked once the index is being built beside the write.
        nonlocal building
        if threading.current_thread().name.startswith("index-apart"):
            building = True
            clicked.set()
        return clicked.is_set()

    with pytest.raises(ImportCancelled):
        import_file(db_path, sample_dataset(), cancelled=cancelled)
    assert building
    before.assert_unchanged(counters=True)
    assert [p.name for p in tmp_path.iterdir() if ".index-" in p.name] == []
