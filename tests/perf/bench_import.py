"""Benchmark: import a large CSV into a new database, search index included.

A script, not a test (pytest does not collect tests/perf). Example:

    python tests/perf/bench_import.py --rows 1000000 [--keep DIR]

Writes a deterministic monitor-style CSV (date, title, text, actors, group, source; a third of
the rows are statements with a speaker), imports it with `app.services.importing.import_file` and
prints the time of each stage. Target: 1,000,000 rows in under 60 s.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
import tempfile
import time
from pathlib import Path

from app.services.importing import import_file
from app.store import counts, open_database

PLACES = ("Geneva", "Vienna", "Istanbul", "Doha", "Riyadh", "Minsk", "Helsinki", "New York")
NAMES = ("Lavrov", "Rubio", "Witkoff", "Dmitriev", "Umerov", "Medinsky", "Fu Cong", "Peskov")
WORDS = (
    "talks", "ceasefire", "memorandum", "delegation", "prisoner", "exchange", "sanctions",
    "envoy", "draft", "resolution", "guarantees", "corridor", "summit", "round", "plan",
)  # fmt: skip


def write_csv(path: Path, rows: int, seed: int) -> None:
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["date", "title", "speaker", "text", "actor", "group", "source"])
        for i in range(rows):
            year = rng.randint(1975, 2025)
            date = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            words = " ".join(rng.choices(WORDS, k=12))
            statement = i % 3 == 0
            writer.writerow([
                date,
                "" if statement else f"Round {i} of talks in {rng.choice(PLACES)}",
                rng.choice(NAMES) if statement else "",
                f"{words.capitalize()} ({i}).",
                "" if statement else "; ".join(rng.sample(NAMES, 2)),
                f"Track {i % 30}",
                f"https://news.example/{i % 5000}",
            ])  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", type=Path, help="folder to keep the CSV and database in")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="bench-import-"))
    folder.mkdir(parents=True, exist_ok=True)
    source, db_path = folder / "rows.csv", folder / "bench.backchannel"
    db_path.unlink(missing_ok=True)
    started = time.perf_counter()
    write_csv(source, args.rows, args.seed)
    print(f"wrote {args.rows:,} rows ({source.stat().st_size / 2**20:,.0f} MB) "
          f"in {time.perf_counter() - started:.1f} s")  # fmt: skip
    open_database(db_path, create=True).close()
    stages: dict[str, float] = {}
    last = [time.perf_counter(), ""]

    def progress(stage: str, done: int, total: int) -> None:
        if stage != last[1]:
            now = time.perf_counter()
            if last[1]:
                stages[str(last[1])] = now - float(last[0])
            last[0], last[1] = now, stage

    started = time.perf_counter()
    report = import_file(db_path, source, progress=progress)
    total = time.perf_counter() - started
    stages[str(last[1])] = time.perf_counter() - float(last[0])
    db = open_database(db_path)
    items = counts(db).items
    db.close()
    for stage, seconds in stages.items():
        print(f"  {stage:<10} {seconds:6.1f} s")
    print(f"imported {len(report.added):,} items ({items:,} stored) in {total:.1f} s")
    return 0 if items == len(report.added) else 1


if __name__ == "__main__":
    sys.exit(main())
