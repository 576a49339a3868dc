"""Benchmark: hostile input that once hung the app. A script, not a test. Example:

    python tests/perf/bench_hostile.py [--megabytes 10] [--names 1000] [--name-length 2000]

Search: a database of ordinary statements plus one huge one whose every sentence holds the
searched word (the case that made FTS5's `snippet()` take the square of the length: 4 s at
512 KB). Times a search (count and first page with snippets) and the window's snippet
request. Target: under 1 s with a 10 MB statement. For comparison, it times `snippet()` on
the whole text at a few sizes, to show the square it no longer pays.

Import: a CSV of `--names` rows whose speakers are long, similar names (difflib took more
than 300 s for the name suggestions). Times the import into an empty database and into one
that already holds those speakers' look-alikes, and how soon a Cancel during the matching
stops it. Target: under 10 s.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
import tempfile
import time
from pathlib import Path

from app.core.dates import parse_partial
from app.core.filter import Filter
from app.core.model import Actor, Dataset, Statement
from app.services.importing import ImportCancelled, import_file
from app.store import open_database, write_dataset
from app.store.details import snippets
from app.store.queries import search

SENTENCE = "Zurich again: "


def bench_search(folder: Path, megabytes: float) -> None:
    path = folder / "search.backchannel"
    db = open_database(path, create=True)
    huge = SENTENCE * int(megabytes * 1024 * 1024 / len(SENTENCE))
    ordinary = [
        Statement(f"statement/{i}", "actor/a", parse_partial("2025-01-02"), f"Zurich round {i}.")
        for i in range(200)
    ]
    giant = Statement("statement/huge", "actor/a", parse_partial("2025-01-01"), huge)
    started = time.perf_counter()
    write_dataset(db, Dataset(actors=[Actor("actor/a", "Ann")], statements=[giant, *ordinary]))
    print(f"write {len(huge) / 1e6:.1f} MB statement + 200 others: {_since(started)}")
    f = Filter(text="zurich")
    for run in range(3):
        started = time.perf_counter()
        result = search(db, f)
        took = _since(started)
        first = result.items[0].snippet or ""
        print(f"search (count {result.total}, first page {len(result.items)}) #{run + 1}: {took}")
    started = time.perf_counter()
    snippets(db, f, [item.key for item in result.items])
    print(f"snippets of the first page (the window's request): {_since(started)}")
    print(f"  first snippet: {first[:80]!r}")
    db.close()


def bench_old_snippet(folder: Path) -> None:
    """FTS5's snippet() on the whole text, as every search ran it before."""
    db = open_database(folder / "old.backchannel", create=True)
    for kilobytes in (32, 64, 128, 256):
        text = SENTENCE * (kilobytes * 1024 // len(SENTENCE))
        db.execute(
            "CREATE VIRTUAL TABLE IF NOT EXISTS t USING fts5(body, "
            "tokenize='unicode61 remove_diacritics 2')"
        )
        db.execute("DELETE FROM t")
        db.execute("INSERT INTO t (body) VALUES (?)", [text])
        started = time.perf_counter()
        db.execute(
            "SELECT snippet(t, 0, '[', ']', '…', 12) FROM t WHERE t MATCH 'zurich'"
        ).fetchall()
        print(f"snippet() on the whole text, {kilobytes} KB (as before): {_since(started)}")
    db.close()


def write_names_csv(path: Path, rows: int, length: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    stem = "".join(rng.choice("abcdefghij ") for _ in range(length))
    names = []
    for i in range(rows):
        chars = list(stem)
        for _ in range(5):
            chars[rng.randrange(length)] = rng.choice("klmnopqrst")
        names.append(f"{''.join(chars)} {i}")
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["date", "speaker", "text"])
        for i, name in enumerate(names):
            writer.writerow([f"2025-01-{i % 28 + 1:02d}", name, f"Statement {i}."])
    return names


def bench_import(folder: Path, rows: int, length: int) -> None:
    csv_path = folder / "names.csv"
    names = write_names_csv(csv_path, rows, length, seed=1)
    empty = folder / "empty.backchannel"
    open_database(empty, create=True).close()
    started = time.perf_counter()
    report = import_file(empty, csv_path)
    print(
        f"import {rows} rows, names of {length} chars, empty database: {_since(started)} "
        f"({len(report.suggestions)} suggestions)"
    )
    # A database holding look-alikes of every name: each new one is compared with all.
    held = folder / "held.backchannel"
    db = open_database(held, create=True)
    write_dataset(
        db, Dataset(actors=[Actor(f"actor/{i}", f"{n} senior") for i, n in enumerate(names)])
    )
    db.close()
    started = time.perf_counter()
    report = import_file(held, csv_path)
    print(
        f"import {rows} rows against {rows} stored names: {_since(started)} "
        f"({len(report.suggestions)} suggestions)"
    )
    stage = ""
    asked = 0

    def progress(name: str, done: int, total: int) -> None:
        nonlocal stage
        stage = name

    def cancelled() -> bool:
        nonlocal asked
        asked += 1 if stage == "Matching" else 0
        return stage == "Matching"

    again = folder / "again.backchannel"
    open_database(again, create=True).close()
    started = time.perf_counter()
    try:
        import_file(again, csv_path, progress=progress, cancelled=cancelled)
        print("cancel while matching: not stopped")
    except ImportCancelled:
        print(f"cancel while matching: stopped after {_since(started)} (asked {asked} time)")


def _since(started: float) -> str:
    return f"{time.perf_counter() - started:.3f} s"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=10)
    parser.add_argument("--names", type=int, default=1000)
    parser.add_argument("--name-length", type=int, default=2000)
    parser.add_argument("--skip-old", action="store_true", help="skip the snippet() timings")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        bench_search(Path(folder), args.megabytes)
        if not args.skip_old:
            bench_old_snippet(Path(folder))
        bench_import(Path(folder), args.names, args.name_length)
    return 0


if __name__ == "__main__":
    sys.exit(main())
