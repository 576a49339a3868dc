"""Timeline figures on an existing database: first paint of the window, frame times for pan
and zoom at six zoom levels, and the memory the window holds.

Run by `bench.py` after it builds its database, in a process of its own so the memory figure
is the window's and not the generator's. Alone:

    QT_QPA_PLATFORM=offscreen python tests/perf/canvas_bench.py --db FILE --out canvas.json

Each run reads its settings from a new empty folder: a window that remembered the last run's
search would open on other items (a run by hand after another measured 501,012 items, not a
million). The cache folder, where a large file's item index is kept, is the one given.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

WIDTH, HEIGHT = 1600, 900
FRAMES = 40
PAN_PX = 24
ZOOM_STEP = 1.25
STEADY_STEP = 1.02
"""A steady zoom in, a frame at a time: labels elided anew and rows packed at every step."""
RARE_WORD = "zanzibarite"
COMMON_WORD = "negotiations"
"""Words `bench.py` plants in its generated statements: one in few, one in very many."""


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def _stats(values: list[float]) -> dict[str, float]:
    return {
        "p50": round(statistics.median(values), 2),
        "p95": round(_p95(values), 2),
        "max": round(max(values), 2),
    }


def _rss_now_mb() -> float:
    """Resident memory at this moment (VmRSS), as opposed to the peak."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)
    return 0.0


def _rss_mb() -> float:
    """This process's peak resident memory. Read from /proc (VmHWM), not getrusage: Linux
    keeps ru_maxrss across exec, so a child started by bench.py would report its parent's."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _opened(db_path: Path) -> tuple[Any, Any, dict[str, Any]]:
    """The window on `db_path`, shown and drawn: with the seconds from start and from show
    until its first picture, and whether that came from the item index kept last time."""
    began = time.perf_counter()
    from app.ui import first_read  # as `backchannel FILE` opens it: the read begins first

    first_read.start(db_path)
    from PySide6.QtWidgets import QApplication

    from app.ui.application import build_main_window

    window = build_main_window(db_path)
    pane = window.timeline_pane
    canvas = pane.canvas
    app = QApplication.instance()
    assert app is not None
    window.resize(WIDTH, HEIGHT)
    window.show()
    app.processEvents()
    # Grow the window until the timeline itself is WIDTH x HEIGHT.
    window.resize(
        window.width() + WIDTH - canvas.width(), window.height() + HEIGHT - canvas.height()
    )
    shown = time.perf_counter()
    while pane.loading:
        app.processEvents()
        time.sleep(0.001)
    canvas.repaint()
    drawn = time.perf_counter()
    return (
        window,
        app,
        {
            "items": len(canvas.scene.columns),
            "lanes": len(canvas.scene.columns.lanes),
            "canvas_px": [canvas.width(), canvas.height()],
            "first_paint_after_show_s": round(drawn - shown, 3),
            "first_paint_after_start_s": round(drawn - began, 3),
            "from_kept_index": pane.index is not None,
            "labelled_at_first_paint": canvas.frame.labelled,
        },
    )


def measure_reopen(db_path: Path) -> dict[str, Any]:
    """Only the first paint: for a second opening, drawn from the index the first kept."""
    window, _, results = _opened(db_path)
    window.close()
    return results


def measure(db_path: Path) -> dict[str, Any]:
    from app.core.calendar import to_seconds

    window, app, results = _opened(db_path)
    pane = window.timeline_pane
    canvas = pane.canvas
    drawn = time.perf_counter()
    # Every lane of every item is indexed in the background after the first paint; the
    # frames below are measured once that is done, as a user who pans a few seconds later.
    while window.timeline_pane.index is None:
        app.processEvents()
        time.sleep(0.005)
    results["index_ready_after_first_paint_s"] = round(time.perf_counter() - drawn, 2)
    extent = canvas.data_extent()
    assert extent is not None
    middle = (extent[0] + extent[1]) / 2
    year = int(1970 + middle / (365.2425 * 86400))
    levels: dict[str, tuple[float, float] | None] = {
        "whole": None,
        "decade": (to_seconds(year - 5), to_seconds(year + 5)),
        "year": (to_seconds(year), to_seconds(year + 1)),
        "month": (to_seconds(year, 5), to_seconds(year, 6)),
        "day": (to_seconds(year, 5, 10), to_seconds(year, 5, 11)),
        "hour": (to_seconds(year, 5, 10, 12), to_seconds(year, 5, 10, 13)),
    }
    frames: dict[str, Any] = {}
    for name, window_span in levels.items():
        if window_span is None:
            canvas.fit()
        else:
            canvas.set_window(*window_span)
        canvas.repaint()
        readable = _readable(canvas)
        pan, zoom = [], []
        for i in range(FRAMES):
            t = time.perf_counter()
            canvas.pan(PAN_PX if i % 2 else -PAN_PX)
            canvas.repaint()
            pan.append((time.perf_counter() - t) * 1000)
        anchor = canvas.plot_width() / 3
        for i in range(FRAMES):
            t = time.perf_counter()
            canvas.zoom(ZOOM_STEP if i % 2 == 0 else 1 / ZOOM_STEP, anchor)
            canvas.repaint()
            zoom.append((time.perf_counter() - t) * 1000)
        steady = []  # a wheel turned one way: every frame a zoom not seen before
        for _ in range(FRAMES):
            t = time.perf_counter()
            canvas.zoom(STEADY_STEP, anchor)
            canvas.repaint()
            steady.append((time.perf_counter() - t) * 1000)
        frames[name] = {
            "pan_ms": _stats(pan), "zoom_ms": _stats(zoom), "zoom_in_ms": _stats(steady),
            **readable,
        }  # fmt: skip
    results["frames"] = frames
    results.update(_filtering(window, app))
    results["rss_mb"] = _rss_mb()
    results["rss_after_mb"] = _rss_now_mb()
    window.close()
    return results


def _readable(canvas: Any) -> dict[str, int]:
    """What a reader gets at this zoom: items drawn with a label, items folded into "+N
    more" marks, lanes drawn as density (too crowded to label at all)."""
    frame = canvas.frame
    targets = frame.hit_targets if frame is not None else []
    return {
        "labelled": frame.labelled if frame is not None else 0,
        "folded": sum(len(keys) for keys in frame.more.values()) if frame is not None else 0,
        "marks": sum(1 for t in targets if t[0] == "item"),
    }


def _wait_applied(window: Any, app: Any, change: Any, signal: str = "filterApplied") -> float:
    """Milliseconds from a Filter given to the window until list, counts and timeline show it
    (or, with `signal="searchPreviewed"`, until a search's first results and total show)."""
    done: list[int] = []
    getattr(window, signal).connect(done.append)
    t = time.perf_counter()
    change()
    while not done:
        app.processEvents()
    elapsed = (time.perf_counter() - t) * 1000
    getattr(window, signal).disconnect(done.append)
    while window.timeline_pane.loading:  # let a search finish before the next change
        app.processEvents()
    window.timeline.repaint()
    return elapsed


def _filtering(window: Any, app: Any) -> dict[str, Any]:
    from app.core.filter import Filter

    db = window.session.db
    tracks = [r[0] for r in db.execute("SELECT id FROM tracks ORDER BY id LIMIT 6")]
    actors = [r[0] for r in db.execute("SELECT id FROM actors ORDER BY id LIMIT 6")]
    changes = []
    for track, actor in zip(tracks, actors, strict=False):
        for f in (Filter(tracks=frozenset({track})), Filter(actors=frozenset({actor}))):
            changes.append(_wait_applied(window, app, lambda f=f: window.apply_filter(f)))
    changes.append(_wait_applied(window, app, lambda: window.apply_filter(Filter())))
    searches: dict[str, Any] = {}
    for label, word in (("rare", RARE_WORD), ("common", COMMON_WORD)):
        first = [
            _wait_applied(
                window, app, lambda w=word: window.apply_filter(Filter(text=w)), "searchPreviewed"
            )
            for _ in range(3)
        ]
        whole = [
            _wait_applied(window, app, lambda w=word: window.apply_filter(Filter(text=w)))
            for _ in range(3)
        ]
        searches[label] = {"word": word, "first_results": _stats(first), "all": _stats(whole)}
    return {
        "filter_change_ms": _stats(changes),
        "search_ms": searches,
    }


def report_first_paint(r: dict[str, Any]) -> None:
    source = "the item index kept last time" if r["from_kept_index"] else "the database"
    print(
        f"  first paint  {r['first_paint_after_show_s']:.2f} s after show, "
        f"{r['first_paint_after_start_s']:.2f} s after start  (target < 1 s), from {source}; "
        f"{r['labelled_at_first_paint']:,} labelled"
    )


def report(r: dict[str, Any]) -> None:
    print(f"timeline: {r['items']:,} items on {r['lanes']} lanes, canvas {r['canvas_px']}")
    report_first_paint(r)
    if "reopen" in r:
        report_first_paint(r["reopen"])
    for name, f in r["frames"].items():
        pan, zoom, steady = f["pan_ms"], f["zoom_ms"], f["zoom_in_ms"]
        print(
            f"  {name:<7} pan p50 {pan['p50']:6.2f} / p95 {pan['p95']:6.2f} ms   "
            f"zoom p50 {zoom['p50']:6.2f} / p95 {zoom['p95']:6.2f} ms   "
            f"zoom in p50 {steady['p50']:6.2f} / p95 {steady['p95']:6.2f} ms  (target p95 < 16); "
            f'{f.get("labelled", 0):,} labelled, {f.get("folded", 0):,} in "+N more"'
        )
    fc = r["filter_change_ms"]
    print(
        f"  index of every lane ready {r['index_ready_after_first_paint_s']:.2f} s "
        "after the first paint"
    )
    print(f"  filter change p50 {fc['p50']:.1f} / max {fc['max']:.1f} ms  (target < 100 ms)")
    for s in r["search_ms"].values():
        first, whole = s["first_results"], s["all"]
        print(
            f"  search '{s['word']}': first results and total p50 {first['p50']:.1f} / max "
            f"{first['max']:.1f} ms (target < 100 ms); every match on the timeline p50 "
            f"{whole['p50']:.1f} ms"
        )
    print(
        f"  peak RSS {r['rss_mb']:.0f} MB (target < 400 MB), {r['rss_after_mb']:.0f} MB at the end"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument(
        "--reopen", action="store_true", help="measure only the first paint, of a second opening"
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="backchannel-bench-settings-") as settings:
        os.environ["XDG_CONFIG_HOME"] = settings
        results = measure_reopen(args.db) if args.reopen else measure(args.db)
    args.out.write_text(json.dumps(results, indent=2) + "\n")
    if args.reopen:
        report_first_paint(results)
    else:
        report(results)
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    sys.exit(main())
