"""Benchmark: export a large synthetic database in each text format.

A script, not a test (pytest does not collect tests/perf). Example:

    python tests/perf/bench_export.py --items 100000 [--db PATH] [--runs 2] [--profile DIR]

Builds a database of `--items` items with bench.py's Generator (or reuses `--db` if the file
exists), then for each format times what `backchannel export` does: `gather` (the Filter's
records out of the store), `render` (the file's bytes in memory) and the atomic write.
Target: CSV and native JSON of 100,000 items in under 3 s each, gather included.
`--profile DIR` also writes one cProfile file per stage, to read with `python -m pstats`.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
from bench import Generator, load, machine

from app.core.filter import Filter
from app.drawing.image_formats import IMAGE_FORMATS
from app.formats.export_types import ExportOptions, ExportRegistry
from app.formats.exporting import TEXT_FORMATS
from app.services.exporting import gather, render, write_atomically
from app.store import open_database

FORMATS = ("csv", "json", "ics", "timelinejs", "timelinejs-csv", "html", "markdown")
TARGETS = {"csv": 3.0, "json": 3.0}
"""Seconds, gather + render + write, at 100,000 items."""


REGISTRY = ExportRegistry.of(TEXT_FORMATS, IMAGE_FORMATS)


def timed(fn: Callable[[], Any], profile: Path | None = None) -> tuple[float, Any]:
    profiler = cProfile.Profile() if profile is not None else None
    started = time.perf_counter()
    result = profiler.runcall(fn) if profiler is not None else fn()
    elapsed = time.perf_counter() - started
    if profiler is not None and profile is not None:
        profiler.dump_stats(profile)
    return elapsed, result


def export_once(
    path: Path, fmt: str, out: Path, profile: Path | None
) -> tuple[float, float, float, int]:
    """Seconds to gather, render and write one export, and the bytes written."""
    db = open_database(path)
    try:
        t_gather, selection = timed(
            lambda: gather(db, Filter()),
            profile / f"gather-{fmt}.prof" if profile else None,
        )
    finally:
        db.close()
    options = ExportOptions()
    t_render, rendered = timed(
        lambda: render(REGISTRY[fmt], selection, options),
        profile / f"render-{fmt}.prof" if profile else None,
    )
    t_write, _ = timed(lambda: write_atomically(out, rendered.content))
    return t_gather, t_render, t_write, len(rendered.content)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--db", type=Path, help="database to reuse, or to create and keep")
    parser.add_argument("--runs", type=int, default=1, help="exports per format")
    parser.add_argument("--formats", default=",".join(FORMATS))
    parser.add_argument("--profile", type=Path, help="folder for cProfile files per stage")
    args = parser.parse_args(argv)
    formats = [f for f in args.formats.split(",") if f]

    with tempfile.TemporaryDirectory(prefix="backchannel-bench-export-") as folder:
        path = args.db or Path(folder) / "bench.backchannel"
        if not path.exists():
            started = time.perf_counter()
            load(path, Generator(args.items, args.seed).build())
            print(f"built {args.items:,} items in {time.perf_counter() - started:.1f} s")
        if args.profile:
            args.profile.mkdir(parents=True, exist_ok=True)
        m = machine()
        print(f"{m['cpu']} x{m['cpu_count']}, Python {m['python']}, SQLite {m['sqlite']}")
        print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        print(f"{'format':<15} {'gather':>7} {'render':>7} {'write':>7} {'total':>7}  "
              f"{'size':>8}  target")  # fmt: skip
        missed = False
        for fmt in formats:
            for _ in range(args.runs):
                out = Path(folder) / f"export.{fmt}"
                g, r, w, size = export_once(path, fmt, out, args.profile)
                total = g + r + w
                target = TARGETS.get(fmt)
                verdict = "" if target is None else (
                    f"< {target:.0f} s " + ("met" if total < target else "MISSED")
                )  # fmt: skip
                missed |= target is not None and total >= target
                print(f"{fmt:<15} {g:6.2f}s {r:6.2f}s {w:6.2f}s {total:6.2f}s  "
                      f"{size / 2**20:6.1f}MB  {verdict}", flush=True)  # fmt: skip
        print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
