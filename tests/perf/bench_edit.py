"""Benchmark: the analyst's edits on a large database, each written and undone.

A script, not a test (pytest does not collect tests/perf). Example:

    python tests/perf/bench_edit.py --db /tmp/bench-1m.backchannel --out /tmp/edit.json

`--db` is a database made by `bench.py --db PATH` (it is changed, then put back: every
edit is undone); without it a database of `--events` items is built first in a temporary
folder. Each figure is the median of `--runs` runs and its slowest run, for the write and
for its undo: editing one statement's words, adding a statement, adding a track to 1,000
items, tagging 1,000 items, deleting 1,000 items. Targets: 1,000 items changed in one
step, and its undo, each under 1 s at 1,000,000 items. Last, the search for likely duplicates
over the whole database.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import sqlite_utils

sys.path.insert(0, str(Path(__file__).parent))
from bench import Generator, load, machine

from app.core.model import Statement
from app.services.duplicates import likely_duplicates
from app.services.editing import (
    Edit,
    StatementForm,
    apply,
    delete_edit,
    statement_edit,
    tags_edit,
    tracks_edit,
)
from app.store import open_database
from app.store.changes import read_state, undo

BULK = 1_000


def _spread_ids(db: sqlite_utils.Database, n: int) -> list[str]:
    """n item ids spread over the whole timeline, as a selection over years would be."""
    total = db.execute("SELECT count(*) FROM items").fetchone()[0]
    step = max(1, total // n)
    rows = db.execute(
        "SELECT id FROM (SELECT id, row_number() OVER (ORDER BY key) AS r FROM items) "
        "WHERE r % ? = 0 LIMIT ?",
        [step, n],
    )
    return [r[0] for r in rows]


def _a_statement(db: sqlite_utils.Database) -> Statement:
    row = db.execute("SELECT id FROM items WHERE kind = 'statement' LIMIT 1 OFFSET 1000").fetchone()
    found = read_state(db, [("item", row[0])]).record("item", row[0])
    assert isinstance(found, Statement)
    return found


def _round(db: sqlite_utils.Database, make: Callable[[], Edit]) -> tuple[float, float, int]:
    """(write s, undo s, records changed) of one edit."""
    edit = make()
    started = time.perf_counter()
    change = apply(db, edit)
    written = time.perf_counter() - started
    started = time.perf_counter()
    undo(db, change)
    return written, time.perf_counter() - started, len(edit.after)


def measure(db: sqlite_utils.Database, runs: int) -> dict[str, Any]:
    s = _a_statement(db)
    speaker = db.execute("SELECT name FROM actors LIMIT 1").fetchone()[0]
    track = db.execute("SELECT name FROM tracks ORDER BY key DESC LIMIT 1").fetchone()[0]
    spread = _spread_ids(db, BULK)
    cases: dict[str, Callable[[], Edit]] = {
        "edit one statement's words": lambda: Edit(
            "Edit statement text", {("item", s.id): replace(s, text=s.text + " (corrected)")}
        ),
        "add a statement": lambda: statement_edit(
            db, StatementForm(speaker, "24 Oct 2025", "A new statement on the talks.")
        ),
        f"add a track to {BULK:,} items": lambda: tracks_edit(db, spread, track, add=True),
        f"tag {BULK:,} items": lambda: tags_edit(db, spread, "brief", True),
        f"delete {BULK:,} items": lambda: delete_edit(db, spread),
    }
    figures: dict[str, Any] = {}
    for name, make in cases.items():
        results = [_round(db, make) for _ in range(runs)]
        writes, undos = [r[0] for r in results], [r[1] for r in results]
        figures[name] = {
            "records": results[0][2],
            "write_ms": {"median": _ms(statistics.median(writes)), "max": _ms(max(writes))},
            "undo_ms": {"median": _ms(statistics.median(undos)), "max": _ms(max(undos))},
        }
        print(f"{name}: {figures[name]}", flush=True)
    started = time.perf_counter()
    pairs = likely_duplicates(db)
    figures["likely duplicates, whole database"] = {
        "pairs": len(pairs), "ms": _ms(time.perf_counter() - started)
    }  # fmt: skip
    print(f"likely duplicates: {figures['likely duplicates, whole database']}", flush=True)
    return figures


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="a database made by bench.py (put back after)")
    parser.add_argument("--events", type=int, default=100_000, help="items, without --db")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="backchannel-edit-") as folder:
        path = args.db
        if path is None:
            path = Path(folder) / "edit.backchannel"
            load(path, Generator(args.events, 1).build())
        db = open_database(path)
        items = db.execute("SELECT count(*) FROM items").fetchone()[0]
        figures = {"items": items, "runs": args.runs, "machine": machine(),
                   "edits": measure(db, args.runs)}  # fmt: skip
        db.close()
    args.out.write_text(json.dumps(figures, indent=2) + "\n")
    print(f"written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
