"""Performance benchmark: bulk load and query a large synthetic Backchannel database.

A script, not a test (pytest does not collect tests/perf). Example:

    python tests/perf/bench.py --events 1000000 --out /tmp/bench-1m.json
    python tests/perf/bench.py --events 5000 --years 2 --out /tmp/bench-5k.json

`--events` is the total number of items (40 % events, 60 % statements). The dataset is
synthetic and deterministic for a given `--seed`; see README.md next to this file.
"""

from __future__ import annotations

import argparse
import cProfile
import functools
import itertools
import json
import math
import os
import platform
import random
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import sqlite_utils

sys.path.insert(0, str(Path(__file__).parent))
import canvas_bench

from app.core.calendar import civil_from_days, days_from_civil
from app.core.dates import DateSpan, PartialDate
from app.core.filter import Filter
from app.core.model import (
    EVENT_KINDS,
    Actor,
    Dataset,
    Event,
    Source,
    Statement,
    Tally,
    Track,
)
from app.services.query import apply_query
from app.store import open_database, write_dataset
from app.store.columns import load_columns
from app.store.queries import count, page

FIRST_YEAR = 1975
LAST_YEAR = 2025
EVENT_SHARE = 0.4
COMMON_TERM = "negotiations"
COMMON_SHARE = 0.5
RARE_TERM = "zanzibarite"
RARE_ITEMS = 7
NAME_TERMS = (
    ("publisher", "Reuters"),
    ("actor name", "Federation"),
    ("publisher and common word", "the"),
    ("every source title", "talks"),
)
"""Words that also name sources or actors, so search must add the items those link to:
"Reuters" only a publisher; "Federation" only in state actors' names; "the" in nearly every
item and in five publishers; "talks" in some items and in nearly every source title."""
N_ACTORS = 300
N_TRACKS = 30
N_SOURCES = 3000
SEARCH_RUNS = 20
COLUMN_RUNS = 3

# --------------------------------------------------------------------------- vocabulary

SYLLABLES = (
    "ka", "lo", "vin", "mir", "sta", "de", "ran", "tor", "el", "va", "no", "ser", "gei",
    "lav", "rov", "pes", "kov", "za", "ri", "an", "dre", "mo", "ba", "shi", "ten", "gul",
    "ar", "me", "li", "sa", "ko", "vich", "son", "berg", "ta", "nik", "chen", "pa", "zhu",
    "ol", "ga", "bor", "is", "mun", "fe", "hal", "ter", "ush", "dim", "ros",
)  # fmt: skip
COMMON_WORDS = (
    "the", "of", "and", "to", "in", "a", "on", "that", "for", "is", "with", "was", "by",
    "we", "it", "not", "this", "at", "as", "be", "have", "are", "will", "from", "our",
    "said", "has", "they", "its", "which", "their", "an", "would", "there", "all", "been",
    "talks", "minister", "foreign", "agreement", "sides", "security", "ceasefire", "sanctions",
    "delegation", "president", "government", "meeting", "parties", "border", "statement",
    "treaty", "issue", "question", "position", "proposal", "dialogue", "partners", "council",
    "resolution", "envoy", "ambassador", "summit", "conflict", "territory", "troops",
    "withdrawal", "guarantees", "humanitarian", "corridor", "grain", "energy", "gas",
    "pipeline", "nuclear", "arms", "control", "peace", "plan", "framework", "memorandum",
    "settlement", "mediation", "interests", "sovereignty", "recognition", "prisoners",
    "exchange", "observers", "mission", "mandate", "vote", "sessions", "text", "draft",
    "understanding", "compromise", "demands", "deadline", "round", "progress", "obstacles",
    "principles", "format", "channel", "contacts", "consultations", "representatives",
    "spokesman", "ministry", "press", "briefing", "reporters", "officials", "source",
    "anonymous", "confirmed", "denied", "rejected", "welcomed", "condemned", "urged",
    "expressed", "concern", "support", "readiness", "cooperation", "relations", "bilateral",
    "multilateral", "regional", "international", "economic", "military", "political",
    "strategic", "stability", "crisis", "escalation", "de-escalation", "steps", "measures",
    "confidence", "verification", "inspections", "monitoring", "implementation", "phase",
)  # fmt: skip
EXCLUDED = {COMMON_TERM, RARE_TERM, "negotiation"}
PUBLISHERS = (
    "Reuters", "Associated Press", "Agence France-Presse", "TASS", "RIA Novosti", "Interfax",
    "Kommersant", "Vedomosti", "The Guardian", "Le Monde", "Der Spiegel", "Frankfurter Allgemeine",
    "The New York Times", "The Washington Post", "Financial Times", "The Economist", "BBC News",
    "Al Jazeera", "Xinhua", "Kyodo News", "Yonhap", "Anadolu Agency", "Ukrinform", "Meduza",
    "Novaya Gazeta", "Politico", "Foreign Policy", "Euractiv", "UN News", "OSCE Press Office",
    "Ministry of Foreign Affairs", "White House Press Office", "Kremlin Press Service",
    "Deutsche Welle", "Radio Free Europe", "El País", "Corriere della Sera", "NHK", "The Hindu",
    "Haaretz",
)  # fmt: skip
PLACES = (
    "Geneva", "Vienna", "Helsinki", "Istanbul", "Minsk", "Moscow", "Washington", "Brussels",
    "Paris", "Berlin", "London", "Beijing", "Tokyo", "New York", "Ankara", "Doha", "Riyadh",
    "Tehran", "Kyiv", "Warsaw", "Rome", "Madrid", "Oslo", "Stockholm", "Baku", "Yerevan",
    "Tbilisi", "Astana", "Jeddah", "Abu Dhabi", "Cairo", "Addis Ababa", "Nairobi", "Delhi",
)  # fmt: skip
COUNTRIES = (
    "Russia", "United States", "Ukraine", "China", "Germany", "France", "United Kingdom",
    "Turkey", "Iran", "Israel", "Qatar", "Saudi Arabia", "Japan", "India", "Poland", "Italy",
    "Norway", "Finland", "Kazakhstan", "Azerbaijan", "Armenia", "Georgia", "Egypt", "Belarus",
)  # fmt: skip
ROLES = (
    "foreign minister", "president", "prime minister", "spokesperson", "ambassador",
    "special envoy", "deputy foreign minister", "national security adviser", "negotiator",
    "secretary-general", "defence minister", "chief of staff",
)  # fmt: skip
ORG_HEADS = ("Ministry of", "Council of", "Commission for", "Office of", "Committee on")
ATTRIBUTIONS = ("direct", "direct", "direct", "paraphrase", "paraphrase", "anonymous")
KIND_WEIGHTS = (20, 12, 3, 8, 14, 4, 10, 3, 2, 8, 12, 4)  # matches EVENT_KINDS
_CYRILLIC = {
    "sh": 0x448, "ch": 0x447, "zh": 0x436, "a": 0x430, "b": 0x431, "v": 0x432, "g": 0x433,
    "d": 0x434, "e": 0x435, "z": 0x437, "i": 0x438, "k": 0x43A, "l": 0x43B, "m": 0x43C,
    "n": 0x43D, "o": 0x43E, "p": 0x43F, "r": 0x440, "s": 0x441, "t": 0x442, "u": 0x443,
    "f": 0x444, "h": 0x445, "c": 0x446, "y": 0x44B,
}  # fmt: skip


def cyrillic(name: str) -> str:
    """A rough Russian-style transliteration of a Latin-letter name."""
    out: list[str] = []
    for word in name.lower().split():
        letters = []
        i = 0
        while i < len(word):
            pair = word[i : i + 2]
            if pair in _CYRILLIC:
                letters.append(chr(_CYRILLIC[pair]))
                i += 2
            else:
                code = _CYRILLIC.get(word[i])
                letters.append(chr(code) if code else word[i])
                i += 1
        out.append("".join(letters).capitalize())
    return " ".join(out)


class Generator:
    """Builds the synthetic Dataset; everything comes from one random.Random(seed)."""

    def __init__(self, items: int, seed: int, years: int = LAST_YEAR - FIRST_YEAR + 1) -> None:
        self.rng = random.Random(seed)
        self.items = items
        self.n_events = max(1, round(items * EVENT_SHARE))
        self.n_statements = max(0, items - self.n_events)
        self.first_day = days_from_civil(LAST_YEAR - years + 1, 1, 1)
        self.last_day = days_from_civil(LAST_YEAR, 12, 31)
        self._build_vocabulary()
        self._build_sentences()

    # -- words and sentences

    def _build_vocabulary(self) -> None:
        rng = self.rng
        words = list(COMMON_WORDS)
        seen = set(words) | EXCLUDED
        while len(words) < 20_000:
            word = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))
            if word not in seen:
                seen.add(word)
                words.append(word)
        self.vocabulary = words
        # Zipf-like: the word of rank r has weight 1 / r**1.05.
        self.cum_weights = list(itertools.accumulate(1 / r**1.05 for r in range(1, len(words) + 1)))

    def _words(self, k: int) -> list[str]:
        return self.rng.choices(self.vocabulary, cum_weights=self.cum_weights, k=k)

    def _sentence(self, words: list[str]) -> str:
        if len(words) > 7 and self.rng.random() < 0.3:
            cut = self.rng.randint(3, len(words) - 3)
            words = [*words[: cut - 1], words[cut - 1] + ",", *words[cut:]]
        return words[0].capitalize() + " " + " ".join(words[1:]) + "."

    def _build_sentences(self) -> None:
        rng = self.rng
        lengths = [rng.randint(5, 13) for _ in range(60_000)]
        stream = iter(self._words(sum(lengths)))
        self.sentences = [(self._sentence([next(stream) for _ in range(n)]), n) for n in lengths]
        # Sentences carrying the very common term (the only place it occurs).
        self.common_sentences = []
        for _ in range(5_000):
            n = rng.randint(5, 13)
            words = self._words(n - 1)
            words.insert(rng.randint(0, n - 1), COMMON_TERM)
            self.common_sentences.append((self._sentence(words), n))

    def text(self, low: int, high: int, common: bool, rare: bool) -> str:
        """Consecutive pool sentences, `low`..`high` words in all, with or without the terms."""
        rng = self.rng
        target = rng.randint(low, high - 13)
        parts: list[str] = []
        total = 0
        if common:
            sentence, n = self.common_sentences[rng.randrange(len(self.common_sentences))]
            parts.append(sentence)
            total += n
        if rare:
            parts.append(f"Analysts mentioned {RARE_TERM} again.")
            total += 4
        i = rng.randrange(len(self.sentences))
        while total < target:
            sentence, n = self.sentences[i]
            parts.append(sentence)
            total += n
            i = (i + 1) % len(self.sentences)
        if len(parts) > 1 and (common or rare):
            rng.shuffle(parts)
        return " ".join(parts)

    # -- dates

    def day(self) -> int:
        """A day number between 1975 and 2025; later decades hold more (density rises ~3x)."""
        u = self.rng.random()
        u = u if self.rng.random() < 0.5 else math.sqrt(u)
        return self.first_day + int(u * (self.last_day - self.first_day))

    def date(self, day: int) -> PartialDate:
        year, month, dom = civil_from_days(day)
        r = self.rng.random()
        if r < 0.90:
            return PartialDate(year, month, dom)
        if r < 0.97:
            return PartialDate(year, month)
        return PartialDate(year)

    # -- records

    def actors(self) -> list[Actor]:
        rng = self.rng
        actors: list[Actor] = []
        names: set[str] = set()
        while len(actors) < N_ACTORS:
            i = len(actors)
            r = rng.random()
            if r < 0.75:
                first = "".join(rng.choice(SYLLABLES) for _ in range(2)).capitalize()
                last = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()
                name, kind = f"{first} {last}", "person"
                aliases = (cyrillic(name),) if rng.random() < 0.4 else ()
                if rng.random() < 0.15:
                    aliases += (f"{first[0]}. {last}",)
                role = rng.choice(ROLES)
            elif r < 0.9:
                topic = " ".join(rng.choice(self.vocabulary[36:300]) for _ in range(2))
                name, kind = f"{rng.choice(ORG_HEADS)} {topic.title()}", "organisation"
                aliases, role = (), None
            elif r < 0.97:
                name, kind = (
                    f"{rng.choice(COUNTRIES)} {rng.choice(('Republic', 'Federation'))}",
                    "state",
                )
                aliases, role = (), None
            else:
                name, kind = f"Anonymous official {i}", "anonymous"
                aliases, role = (), None
            if name in names:
                continue
            names.add(name)
            actors.append(Actor(
                id=f"actor-{i:04d}", name=name, aliases=aliases, kind=kind, role=role,
                affiliation=rng.choice(COUNTRIES) if kind == "person" else None,
                country=rng.choice(COUNTRIES),
            ))  # fmt: skip
        return actors

    def tracks(self) -> list[Track]:
        rng = self.rng
        return [
            Track(
                id=f"track-{i:02d}",
                name=" ".join(rng.choice(self.vocabulary[36:400]) for _ in range(3)).capitalize(),
                description=self.text(15, 40, False, False) if rng.random() < 0.5 else None,
                color=f"#{rng.randrange(0x1000000):06x}",
            )
            for i in range(N_TRACKS)
        ]

    def sources(self) -> list[Source]:
        rng = self.rng
        sources = []
        for i in range(N_SOURCES):
            publisher = rng.choice(PUBLISHERS)
            title_words = self.rng.choices(
                self.vocabulary[36:5000],
                cum_weights=self.cum_weights[36:5000],
                k=rng.randint(5, 11),
            )
            day = self.day()
            year, month, dom = civil_from_days(day)
            domain = "".join(c for c in publisher.lower() if c.isalnum())
            slug = "-".join(title_words[:5])
            sources.append(Source(
                id=f"src-{i:05d}",
                url=f"https://www.{domain}.example/{year}/{month:02d}/{slug}-{i}",
                title=" ".join(title_words).capitalize(),
                publisher=publisher,
                author=f"{rng.choice(SYLLABLES).capitalize()} {rng.choice(SYLLABLES).capitalize()}"
                if rng.random() < 0.5 else None,
                published=PartialDate(year, month, dom),
            ))  # fmt: skip
        return sources

    def build(self) -> Dataset:
        rng = self.rng
        actors = self.actors()
        tracks = self.tracks()
        sources = self.sources()
        actor_ids = [a.id for a in actors]
        speakers = [a.id for a in actors if a.kind in ("person", "anonymous")]
        track_ids = [t.id for t in tracks]
        source_ids = [s.id for s in sources]
        common = [rng.random() < COMMON_SHARE for _ in range(self.items)]
        rare = set(rng.sample(range(self.items), min(RARE_ITEMS, self.items)))

        events: list[Event] = []
        for i in range(self.n_events):
            kind = rng.choices(EVENT_KINDS, weights=KIND_WEIGHTS)[0]
            day = self.day()
            start = self.date(day)
            when = DateSpan(start)
            if start.day is not None and rng.random() < 0.035:  # ~3 % of all events
                year, month, dom = civil_from_days(day + rng.randint(1, 10))
                when = DateSpan(start, PartialDate(year, month, dom))
            who = tuple(rng.sample(actor_ids, rng.randint(1, 4)))
            topic = " ".join(rng.choice(self.vocabulary[36:2000]) for _ in range(rng.randint(1, 3)))
            title = f"{kind.capitalize()} on {topic}"
            if rng.random() < 0.5:
                title = f"{title} in {rng.choice(PLACES)}"
            events.append(Event(
                id=f"ev-{i:07d}", title=title, kind=kind, when=when,
                place=rng.choice(PLACES) if rng.random() < 0.6 else None,
                summary=self.text(15, 45, common[i], i in rare),
                actors=who,
                tracks=tuple(rng.sample(track_ids, rng.randint(1, 2))),
                sources=tuple(rng.sample(source_ids, rng.randint(1, 3))),
                tally=Tally(rng.randint(0, 150), rng.randint(0, 50), rng.randint(0, 30))
                if kind == "vote" else None,
            ))  # fmt: skip

        statements: list[Statement] = []
        for j in range(self.n_statements):
            i = self.n_events + j
            event = None
            if rng.random() < 0.8:
                event = events[rng.randrange(len(events))]
                start = event.when.start
                if start.day is not None and start.month is not None:
                    day = days_from_civil(start.year, start.month, start.day) + rng.randint(0, 2)
                    year, month, dom = civil_from_days(min(day, self.last_day))
                    date = PartialDate(year, month, dom)
                else:
                    date = start
                speaker = rng.choice(event.actors) if rng.random() < 0.7 else rng.choice(speakers)
            else:
                date = self.date(self.day())
                speaker = rng.choice(speakers)
            statements.append(Statement(
                id=f"st-{j:07d}", speaker=speaker, date=date,
                text=self.text(15, 60, common[i], i in rare),
                event=event.id if event is not None else None,
                attribution=rng.choice(ATTRIBUTIONS),
                language="ru" if rng.random() < 0.2 else "en",
                tracks=(rng.choice(track_ids),) if rng.random() < 0.3 else (),
                sources=tuple(rng.sample(source_ids, rng.randint(1, 3))),
            ))  # fmt: skip

        return Dataset(
            title="Synthetic benchmark timeline",
            description=f"{self.items} generated items for tests/perf/bench.py",
            actors=actors, tracks=tracks, sources=sources, events=events, statements=statements,
        )  # fmt: skip


# --------------------------------------------------------------------------- measuring


def ms(seconds: float) -> float:
    return round(seconds * 1000, 2)


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    t0 = time.perf_counter()
    result = fn()
    return time.perf_counter() - t0, result


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def summary(times: list[float]) -> dict[str, float]:
    return {
        "p50": ms(statistics.median(times)),
        "p95": ms(p95(times)),
        "max": ms(max(times)),
    }


def peak_rss_mb() -> float:
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    scale = 1024 * 1024 if sys.platform == "darwin" else 1024  # bytes on macOS, KiB elsewhere
    return round(rss / scale, 1)


def machine() -> dict[str, Any]:
    cpu = platform.processor() or None
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "platform": platform.platform(),
        "cpu": cpu,
        "cpu_count": os.cpu_count(),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
    }


def bench_repeated(fn: Callable[[], Any]) -> tuple[dict[str, float], Any]:
    cold, result = timed(fn)
    times = []
    for _ in range(SEARCH_RUNS):
        t, result = timed(fn)
        times.append(t)
    return {**summary(times), "cold_ms": ms(cold), "runs": SEARCH_RUNS}, result


def load(path: Path, dataset: Dataset) -> None:
    """The measured bulk load: create the file, write everything, close."""
    db = open_database(path, create=True)
    write_dataset(db, dataset, path)
    db.close()


def run(args: argparse.Namespace, path: Path) -> dict[str, Any]:
    results: dict[str, Any] = {"items": args.events, "seed": args.seed, "machine": machine()}

    t, dataset = timed(lambda: Generator(args.events, args.seed, args.years).build())
    results["generate_s"] = round(t, 2)
    results["events"] = len(dataset.events)
    results["statements"] = len(dataset.statements)
    results["rss_after_generate_mb"] = peak_rss_mb()
    print(f"generated {args.events:,} items in {t:.1f} s", flush=True)

    job = functools.partial(load, path, dataset)
    if args.profile:
        profiler = cProfile.Profile()
        t, _ = timed(functools.partial(profiler.runcall, job))
        profiler.dump_stats(args.profile)
        results["profiled"] = True
    else:
        t, _ = timed(job)
    del job, dataset
    results["bulk_load_s"] = round(t, 2)
    results["db_size_mb"] = round(path.stat().st_size / 1024 / 1024, 1)
    print(f"bulk load in {t:.1f} s", flush=True)

    t, db = timed(lambda: open_database(path))
    results["open_ms"] = ms(t)
    try:
        results["load_columns_ms"] = {
            grouping: ms(min(timed(lambda g=grouping: load_columns(db, Filter(), g))[0]
                             for _ in range(COLUMN_RUNS)))
            for grouping in ("track", "actor", "kind")
        }  # fmt: skip
        first_page: dict[str, Any] = {}
        counting: dict[str, Any] = {}
        typed = [("rare", RARE_TERM), ("common", COMMON_TERM), *NAME_TERMS, *typed_queries(db)]
        for label, term in typed:
            # As the window and the command line search: the typed text made a Filter first
            # (fields resolved, other spellings looked up), then the query.
            stats, rows = bench_repeated(lambda t=term: page(db, apply_query(db, t), 50, 0))
            first_page[label] = {"term": term, **stats, "rows": len(rows)}
            stats, found = bench_repeated(lambda t=term: count(db, apply_query(db, t)))
            counting[label] = {"term": term, **stats, "count": found}
        results["search_first_page_ms"] = first_page
        results["search_count_ms"] = counting
        results["spellings"] = spelling_figures(db)
    finally:
        db.close()
    results["rss_mb"] = peak_rss_mb()
    return results


def typed_queries(db: sqlite_utils.Database) -> list[tuple[str, str]]:
    """Searches as an analyst types them: a person's surname in Cyrillic that nobody gave
    as an alias (found through its other spelling only), the same surname romanised another
    way, a field, and a common word with a field: speaker, the busiest track, actor, kind, and
    a year in the middle; fields alone (a kind, that track, a publisher's sources, a language,
    that year); either of two words (OR), and a common word with a word in every source's
    title left out."""
    rows = db.execute(
        "SELECT a.name, count(*) AS n FROM actors a JOIN item_actors l ON l.actor = a.key "
        "WHERE a.kind = 'person' AND a.aliases = '[]' AND a.name GLOB '* *[^ ]ia*' "
        "GROUP BY a.key ORDER BY n DESC LIMIT 1"
    ).fetchall()
    name = str(rows[0][0])
    surname = name.split()[-1]
    track = _busiest(db, "tracks", "item_tracks", "track")
    year = (FIRST_YEAR + LAST_YEAR) // 2
    return [
        ("transliterated name", cyrillic(surname)),
        ("romanised otherwise", surname.replace("ia", "ya")),  # Nebenzia, Nebenzya
        ("field", f'speaker:"{name}"'),
        ("field and word", f'speaker:"{name}" {COMMON_TERM}'),
        ("track and word", f'track:"{track}" {COMMON_TERM}'),
        ("actor and word", f'actor:"{name}" {COMMON_TERM}'),
        ("kind and word", f"kind:vote {COMMON_TERM}"),
        ("a year and word", f"from:{year} to:{year} {COMMON_TERM}"),
        ("kind alone", "kind:vote"),
        ("track alone", f'track:"{track}"'),
        ("source alone", "source:Reuters"),
        ("language alone", "lang:en"),
        ("a year alone", f"from:{year} to:{year}"),
        ("either of two names", f"{cyrillic(surname)} OR {RARE_TERM}"),
        ("common word, another left out", f"{COMMON_TERM} -talks"),
    ]


def _busiest(db: sqlite_utils.Database, table: str, links: str, column: str) -> str:
    """The name of the record most items link to."""
    sql = (
        f"SELECT r.name FROM {table} r JOIN {links} l ON l.{column} = r.key "
        "GROUP BY r.key ORDER BY count(*) DESC LIMIT 1"
    )
    return str(db.execute(sql).fetchone()[0])


def spelling_figures(db: sqlite_utils.Database) -> dict[str, Any]:
    """What the other-spellings table costs: its rows, and its pages beside the file's."""
    rows = int(db.execute("SELECT count(*) FROM spellings").fetchone()[0])
    try:
        pages = dict(db.execute("SELECT name, sum(pgsize) FROM dbstat GROUP BY name").fetchall())
    except sqlite3.OperationalError:  # an SQLite built without dbstat
        return {"rows": rows}
    table = pages.get("spellings", 0)
    return {"rows": rows, "mb": round(table / 2**20, 2), "share": table / sum(pages.values())}


def report(r: dict[str, Any]) -> None:
    m = r["machine"]
    print()
    print(f"Backchannel benchmark: {r['items']:,} items ({r['events']:,} events, "
          f"{r['statements']:,} statements), seed {r['seed']}")  # fmt: skip
    print(f"{m['cpu']} x{m['cpu_count']}, Python {m['python']}, SQLite {m['sqlite']}")
    rows = [
        ("generate", f"{r['generate_s']:.2f} s", "informational"),
        ("bulk load", f"{r['bulk_load_s']:.2f} s", "target < 30 s at 1M"),
        ("database size", f"{r['db_size_mb']:.1f} MB", ""),
        ("open existing", f"{r['open_ms']:.2f} ms", ""),
    ]
    c = r["load_columns_ms"]
    rows.append(
        (
            "timeline columns, all",
            f"track {c['track']:.0f} / actor {c['actor']:.0f} / kind {c['kind']:.0f} ms",
            "load_columns, best of 3",
        )
    )
    for key, label, target, what in (
        ("search_first_page_ms", "first page", 20, "rows"),
        ("search_count_ms", "count", 50, "count"),
    ):
        for s in r[key].values():
            rows.append(
                (
                    f"{label} '{s['term']}'",
                    f"p50 {s['p50']:.2f} / p95 {s['p95']:.2f} ms",
                    f"cold {s['cold_ms']:.2f} ms, {what} {s[what]:,}, target < {target} ms",
                )
            )
    spelt = r.get("spellings", {})
    if "mb" in spelt:
        rows.append((
            "other spellings table",
            f"{spelt['rows']:,} rows, {spelt['mb']:.2f} MB",
            f"{spelt['share']:.2%} of the file, target < 25 %",
        ))  # fmt: skip
    rows.append(("peak RSS", f"{r['rss_mb']:.0f} MB", ""))
    width = max(len(row[0]) for row in rows)
    value_width = max(len(row[1]) for row in rows)
    for name, value, note in rows:
        print(f"  {name:<{width}}  {value:<{value_width}}  {note}".rstrip())


def window_figures(path: Path) -> dict[str, Any]:
    """The window's figures, measured in a process of its own (`canvas_bench.py`) so its
    memory is the window's alone; then the first paint of a second opening, in another,
    which draws from the item index the first kept in a cache folder of their own."""
    with tempfile.TemporaryDirectory(prefix="backchannel-window-") as folder:
        runs = []
        for extra in ([], ["--reopen"]):
            out = Path(folder) / f"window{len(runs)}.json"
            # The same cache folder; nothing else remembered (canvas_bench.py reads its
            # settings from a new empty folder): the same first view.
            env = {
                **os.environ,
                "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
                "XDG_CACHE_HOME": str(Path(folder) / "cache"),
            }
            subprocess.run(
                [sys.executable, str(Path(__file__).with_name("canvas_bench.py")),
                 "--db", str(path), "--out", str(out), *extra],
                check=True, env=env, stdout=subprocess.DEVNULL,
            )  # fmt: skip
            runs.append(json.loads(out.read_text()))
        figures: dict[str, Any] = runs[0]
        figures["reopen"] = runs[1]
        return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, required=True,
                        help="total number of items (events and statements)")  # fmt: skip
    parser.add_argument("--out", type=Path, required=True, help="JSON file for the figures")
    parser.add_argument("--db", type=Path, help="database file to create (kept); must not exist")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--years", type=int, default=LAST_YEAR - FIRST_YEAR + 1,
                        help=f"the items span the last YEARS years to {LAST_YEAR} (default: "
                             f"from {FIRST_YEAR}); e.g. --events 5000 --years 2 for an "
                             "analyst's own two years of material")  # fmt: skip
    parser.add_argument("--profile", type=Path,
                        help="run the bulk load under cProfile and write the stats here "
                             "(inflates bulk_load_s)")  # fmt: skip
    parser.add_argument("--no-window", action="store_true",
                        help="skip the window figures (first paint, frames, filters)")  # fmt: skip
    args = parser.parse_args(argv)
    if args.events < 10:
        parser.error("--events must be at least 10")
    if args.db is not None:
        if args.db.exists():
            parser.error(f"{args.db} already exists; give a new file name")
        results = run(args, args.db)
        if not args.no_window:
            results["timeline"] = window_figures(args.db)
    else:
        with tempfile.TemporaryDirectory(prefix="backchannel-bench-") as folder:
            path = Path(folder) / "bench.backchannel"
            results = run(args, path)
            if not args.no_window:
                results["timeline"] = window_figures(path)
    args.out.write_text(json.dumps(results, indent=2) + "\n")
    report(results)
    if "timeline" in results:
        print()
        canvas_bench.report(results["timeline"])
    print(f"\nwritten to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
