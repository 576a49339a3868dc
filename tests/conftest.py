"""Shared fixtures: real SQLite files in a temporary folder, never the user's own data."""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlite_utils
from hypothesis import HealthCheck, settings
from PySide6.QtCore import QSettings

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from app.core.model import Dataset
from app.core.paths import sample_dataset
from app.formats import native
from app.store import database, open_database, write_dataset
from app.store.schema import ITEM_TABLES

# Property tests never depend on the machine's speed: no deadline per example, and no
# health check that fails a test because a loaded machine generated its data slowly.
# "dev" (the default) explores new examples on every run and replays the failures it found
# from .hypothesis/; "ci" (CI=true, or HYPOTHESIS_PROFILE=ci) runs the same examples on
# every machine and writes no example database, so a red build means the code changed.
# Both start from Hypothesis's own defaults, not from whatever profile it chose itself.
_DEFAULTS = settings.get_profile("default")
_SPEED_INDEPENDENT: dict[str, Any] = {
    "deadline": None,
    "suppress_health_check": [HealthCheck.too_slow],
}
settings.register_profile("dev", _DEFAULTS, **_SPEED_INDEPENDENT)
settings.register_profile(
    "ci", _DEFAULTS, derandomize=True, database=None, print_blob=True, **_SPEED_INDEPENDENT
)
_IN_CI = os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if _IN_CI else "dev"))

HEADER_COUNTERS = ((24, 28), (92, 96))
"""SQLite's change counter and the copy of it that dates the version number, in a database
file's header: a write moves them on even when it is rolled back, if it switched the journal
mode (see `bulk._rollback_journal`)."""


class FileSnapshot:
    """A file's bytes, to show later that a failed or cancelled write changed nothing."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.data = path.read_bytes()

    def changed_offsets(self) -> list[int]:
        now = self.path.read_bytes()
        if len(now) != len(self.data):
            return [min(len(now), len(self.data))]
        return [i for i, (a, b) in enumerate(zip(now, self.data, strict=True)) if a != b]

    def assert_unchanged(self, *, counters: bool = False) -> None:
        """Byte for byte; with `counters`, bar the header's change counters."""
        changed = self.changed_offsets()
        if counters:
            changed = [i for i in changed if not any(a <= i < b for a, b in HEADER_COUNTERS)]
        assert changed == [], f"{self.path.name} changed at byte offsets {changed[:10]}"
        for suffix in ("-wal", "-journal"):
            assert not self.path.with_name(self.path.name + suffix).exists()


@pytest.fixture
def snapshot() -> Callable[[Path], FileSnapshot]:
    """Takes a file's bytes now, to `assert_unchanged()` later."""
    return FileSnapshot


def write_rounds(path: Path, count: int) -> dict[str, Any]:
    """Write a native file of `count` meetings ("Round 0", …) and return its document."""
    document = json.loads(native.dumps(Dataset()))
    document["events"] = [
        {"id": f"event/{i}", "title": f"Round {i}", "kind": "meeting", "start": "2024-05"}
        for i in range(count)
    ]
    path.write_text(json.dumps(document), encoding="utf-8")
    return document


@pytest.fixture
def rounds() -> Callable[[Path, int], dict[str, Any]]:
    """`write_rounds`, for tests that need a native file of many plain items."""
    return write_rounds


@pytest.fixture(autouse=True)
def _isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Point the platform's data folders somewhere temporary, so no test touches real files."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    # Qt reads XDG_CONFIG_HOME once per process; without this, what one test's window
    # remembered (lane grouping, filters, theme) would greet the next.
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(home / "config"))


@pytest.fixture
def sample_path(tmp_path: Path) -> Path:
    """A database file holding the bundled sample dataset."""
    path = tmp_path / "sample.backchannel"
    db = open_database(path, create=True)
    write_dataset(db, native.read(sample_dataset()), path)
    db.close()
    return path


@pytest.fixture
def sample_db(sample_path: Path) -> Iterator[sqlite_utils.Database]:
    db = open_database(sample_path)
    yield db
    db.close()


@pytest.fixture
def version_8_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sample_path: Path) -> Path:
    """The sample in a file of schema 8, as the Backchannel before the `links` column of the
    full-text index wrote it: the sample's rows, its index made afresh."""
    path = tmp_path / "old.backchannel"
    with monkeypatch.context() as old:
        old.setattr(database, "MIGRATIONS", database.MIGRATIONS[:8])
        old.setattr(database, "SCHEMA_VERSION", 8)
        db = open_database(path, create=True)
    db.execute("ATTACH ? AS current", [str(sample_path)])
    for table in ("meta", "actors", "tracks", "sources", "items", *ITEM_TABLES):
        db.execute(f"INSERT INTO main.{table} SELECT * FROM current.{table}")
    db.execute("DETACH current")
    db.execute("INSERT INTO items_fts (items_fts) VALUES ('rebuild')")
    assert "links" not in db.table("items_fts").columns_dict
    db.close()
    return path


@pytest.fixture
def empty_db(tmp_path: Path) -> Iterator[sqlite_utils.Database]:
    db = open_database(tmp_path / "empty.backchannel", create=True)
    yield db
    db.close()


DAMAGES = ("pages", "text index", "truncated")
"""How `damaged` breaks a copy of the sample: garbage over the last page of the items table,
the full-text index's blocks deleted, or the file cut in half."""


def damage(path: Path, how: str) -> Path:
    """Break the database at `path` in place, as a disk or a crash might; returns `path`."""
    if how == "text index":
        raw = sqlite3.connect(path)
        with raw:
            raw.execute("DELETE FROM items_fts_data WHERE id > 1000")  # every segment's leaves
        raw.close()
        return path
    data = bytearray(path.read_bytes())
    if how == "truncated":
        path.write_bytes(bytes(data[: len(data) // 2]))
        return path
    assert how == "pages", how
    raw = sqlite3.connect(path)
    page_size = raw.execute("PRAGMA page_size").fetchone()[0]
    # The fullest leaf of the items (the last one may hold a few rows in free space).
    page = raw.execute(
        "SELECT pageno FROM dbstat WHERE name = 'items' AND pagetype = 'leaf' "
        "ORDER BY unused, pageno DESC LIMIT 1"
    ).fetchone()[0]
    raw.close()
    start = (page - 1) * page_size
    for offset in range(start + page_size // 4, start + page_size, 5):
        data[offset] = (data[offset] + 91) % 256
    path.write_bytes(bytes(data))
    return path


@pytest.fixture
def damaged(sample_path: Path) -> Callable[[str], Path]:
    """A copy of the sample broken one of the `DAMAGES` ways (one copy per test)."""
    return lambda how: damage(sample_path, how)


@pytest.fixture
def large_file(monkeypatch: pytest.MonkeyPatch) -> None:
    """Open files as if they were too large to check at opening: damage is met later."""
    monkeypatch.setattr(database, "QUICK_CHECK_MAX_BYTES", 0)


@pytest.fixture
def entry_makers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[[], set[int]]:
    """Notes which process made each full-text entry a write makes from records in memory (a
    large import's entries may be made by a child process, whose memory the test cannot
    see): the process ids that made them, once the write is done."""
    from app.store import writer

    noted = tmp_path / "entry-makers"
    entries = writer._text_entries

    def noting(*args: Any) -> Any:
        for entry in entries(*args):
            with noted.open("a") as out:
                out.write(f"{os.getpid()}\n")
            yield entry

    monkeypatch.setattr(writer, "_text_entries", noting)
    return lambda: {int(pid) for pid in noted.read_text().split()}
