"""Close actor names are suggested on import, however long the names, and a Cancel while
they are compared stops the import with the database as it was."""

from __future__ import annotations

import csv
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from app.services import matching
from app.services.importing import ImportCancelled, import_file
from app.store import open_database

LONG = 2_000


def _long_names(count: int, seed: int = 3) -> list[str]:
    """Long names alike in all but a few characters (and a number at the end)."""
    rng = random.Random(seed)
    stem = "".join(" " if i % 8 == 7 else rng.choice("abcdefgh") for i in range(LONG))
    names = []
    for i in range(count):
        chars = list(stem)
        for _ in range(3):
            chars[rng.randrange(LONG)] = rng.choice("xyz")
        names.append("".join(chars).strip() + f" {i}")
    return names


def _write_csv(path: Path, speakers: list[str]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["date", "speaker", "text"])
        for i, speaker in enumerate(speakers):
            writer.writerow([f"2025-03-{i % 28 + 1:02d}", speaker, f"Statement number {i}."])
    return path


@pytest.mark.parametrize("into", ["empty", "sample"])
def test_a_cancel_while_names_are_compared_stops_the_import_and_writes_nothing(
    into: str,
    tmp_path: Path,
    sample_path: Path,
    snapshot: Callable[[Path], Any],
) -> None:
    if into == "empty":
        db_path = tmp_path / "empty.backchannel"
        open_database(db_path, create=True).close()
    else:
        db_path = sample_path
    before = snapshot(db_path)
    path = _write_csv(tmp_path / "long-names.csv", _long_names(60))
    stage = ""
    asked_while_matching = 0

    def progress(name: str, done: int, total: int) -> None:
        nonlocal stage
        stage = name

    def cancelled() -> bool:
        nonlocal asked_while_matching
        if stage != "Matching":
            return False
        asked_while_matching += 1
        return asked_while_matching >= 3  # a few comparisons in

    with pytest.raises(ImportCancelled):
        import_file(db_path, path, progress=progress, cancelled=cancelled)
    assert stage == "Matching"  # stopped before anything was written
    assert asked_while_matching == 3
    before.assert_unchanged()


def test_long_similar_names_are_suggested_comparing_bounded_prefixes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    compared: list[int] = []
    extract_one = matching.process.extractOne

    def spy(name: str, choices: list[str], **options: Any) -> Any:
        compared.extend(len(c) for c in [name, *choices])
        return extract_one(name, choices, **options)

    monkeypatch.setattr(matching.process, "extractOne", spy)
    db_path = tmp_path / "empty.backchannel"
    open_database(db_path, create=True).close()
    names = _long_names(2)
    report = import_file(db_path, _write_csv(tmp_path / "two.csv", names))
    assert len(report.added) == 2
    first, second = sorted(names)
    assert report.suggestions == [
        f"“{first}” and “{second}” (both new) look alike; if they are one person, merge them"
    ]
    assert compared
    assert max(compared) <= matching.SIMILAR_CHARS


def test_unlike_names_are_not_suggested(tmp_path: Path) -> None:
    db_path = tmp_path / "empty.backchannel"
    open_database(db_path, create=True).close()
    report = import_file(
        db_path, _write_csv(tmp_path / "unlike.csv", ["Sergei Lavrov", "Marco Rubio", "Fu Cong"])
    )
    assert report.suggestions == []
