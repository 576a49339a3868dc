"""Time drafting a long article: the English and Russian test articles and the seed article
repeated to about 10,000 words, with the sample's actors. A script, not a test.

    python tests/perf/bench_capture.py [--words 10000] [--runs 5]
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from app.core.paths import sample_dataset
from app.formats import native
from app.formats.article import article_from_text
from app.services.capture.engine import draft_article
from app.services.capture.names import KnownActor

HERE = Path(__file__).resolve().parents[1]
ARTICLES = [
    HERE / "fixtures" / "capture" / "news_en.txt",
    HERE / "fixtures" / "capture" / "readout_ru.txt",
    HERE.parents[1] / "shared" / "seed" / "000_fe1ac1507f0ed30d.txt",
]


def long_article(words: int) -> str:
    pieces = [p.read_text(encoding="utf-8") for p in ARTICLES if p.exists()]
    text, n = "", 0
    while len(text.split()) < words:
        text += pieces[n % len(pieces)] + "\n\n"
        n += 1
    return text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--words", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    sample = native.read(sample_dataset())
    actors = [KnownActor(a.id, a.name, a.aliases, a.kind) for a in sample.actors]
    text = long_article(args.words)
    times, found = [], 0
    for _ in range(args.runs):
        started = time.perf_counter()
        drafts = draft_article(article_from_text(text), actors)
        times.append(time.perf_counter() - started)
        found = len(drafts.statements)
    print(f"{len(text.split()):,} words, {len(text):,} characters, {found} statements")
    print(f"drafted in {statistics.median(times):.3f} s (median of {args.runs}), "
          f"fastest {min(times):.3f} s, slowest {max(times):.3f} s")  # fmt: skip


if __name__ == "__main__":
    main()
