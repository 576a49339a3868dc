"""Shared fixtures: real SQLite files in a temporary folder, never the user's own data."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlite_utils

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from app.formats import native
from app.paths import sample_dataset
from app.store import open_database, write_dataset


@pytest.fixture(autouse=True)
def _isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Point the platform's data folders somewhere temporary, so no test touches real files."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))


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
def empty_db(tmp_path: Path) -> Iterator[sqlite_utils.Database]:
    db = open_database(tmp_path / "empty.backchannel", create=True)
    yield db
    db.close()
