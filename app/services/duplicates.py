"""Likely duplicates for the analyst to merge, or not: never merged here.

Actors are alike when one of their names, written in Latin letters (so "Мединский" and
"Medinsky" compare), is close to one of the other's: `anyascii` romanises any script
without a table of our own, and `rapidfuzz` scores spellings ("Medinskiy", "Medinsky")
in C. Statements are alike when the same speaker said close words on the same start;
events when close titles fall on the same start.
"""

from __future__ import annotations

import itertools
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import numpy as np
import sqlite_utils
from anyascii import anyascii
from rapidfuzz import fuzz, process

from app.core.dates import DateError, parse_partial
from app.core.progress import Cancelled
from app.store import candidates

NAME_CUTOFF = 88.0
"""How alike two romanised names must be (rapidfuzz's ratio, 0-100): "Medinskiy" and
"Medinsky" score 94, "Lavrov" and "Lavrova" 92, "Peskov" and "Pushkov" 77."""
DIFFERENCE_CUTOFF = 60.0
"""How alike the words two alike names do not share must be ("vadim" and "vladimir": 62)."""
TEXT_CUTOFF = 90.0
TITLE_CUTOFF = 85.0
COMPARED_CHARS = 400
"""Words compared per statement: enough to tell two quotes apart, and fast at any length."""
CHECK_EVERY = 500
LABEL_CHARS = 80


@dataclass(frozen=True, slots=True)
class Pair:
    kind: str
    """"actor", "statement" or "event"."""
    first: str
    second: str
    score: float
    why: str
    labels: tuple[str, str] = ("", "")
    """How each is shown: an actor's name; an item's date and title or first words."""


def likely_duplicates(db: sqlite_utils.Database, cancelled: Cancelled | None = None) -> list[Pair]:
    """Pairs worth a look, the most alike first within each kind: actors, events, statements."""
    found = [*_actors(db, cancelled), *_events(db, cancelled), *_statements(db, cancelled)]
    order = {"actor": 0, "event": 1, "statement": 2}
    return sorted(found, key=lambda p: (order[p.kind], -p.score, p.first, p.second))


def romanised(name: str) -> str:
    """'Владимир Мединский' → 'vladimir medinskiy': Latin, folded and spaced once."""
    plain = unicodedata.normalize("NFKC", name)
    return " ".join(anyascii(plain).casefold().split())


def _actors(db: sqlite_utils.Database, cancelled: Cancelled | None) -> Iterator[Pair]:
    rows = candidates.actors(db)
    names: list[str] = []
    owners: list[int] = []
    for index, (_, _, name, aliases) in enumerate(rows):
        for written in dict.fromkeys(romanised(n) for n in (name, *aliases)):
            if written:
                names.append(written)
                owners.append(index)
    best: dict[tuple[int, int], tuple[float, str, str]] = {}
    for i, written in enumerate(names):
        if cancelled is not None and i % CHECK_EVERY == 0 and cancelled():
            return
        for _, score, j in process.extract(
            written, names[i + 1 :], scorer=fuzz.ratio, score_cutoff=NAME_CUTOFF, limit=None
        ):
            a, b = owners[i], owners[i + 1 + j]
            if a == b or rows[a][1] != rows[b][1]:  # one actor's own names; a person and a state
                continue
            if not _differences_alike(written, names[i + 1 + j]):
                continue
            pair = (min(a, b), max(a, b))
            if pair not in best or score > best[pair][0]:
                best[pair] = (score, written, names[i + 1 + j])
    for (a, b), (score, one, other) in best.items():
        yield Pair("actor", rows[a][0], rows[b][0], round(score, 1),
                   f"names alike ({one} ~ {other})", (rows[a][2], rows[b][2]))  # fmt: skip


def _differences_alike(one: str, other: str) -> bool:
    """Whether the words two names do not share are themselves alike: "Vadim Medinsky" and
    "Vladimir Medinsky" differ in close words, the Permanent Missions of China and of Russia
    to the UN in two unlike ones, however alike the whole names are."""
    a, b = one.split(), other.split()
    only_a = " ".join(w for w in a if w not in b)
    only_b = " ".join(w for w in b if w not in a)
    if not only_a or not only_b:
        return True
    return fuzz.ratio(only_a, only_b) >= DIFFERENCE_CUTOFF


def _events(db: sqlite_utils.Database, cancelled: Cancelled | None) -> Iterator[Pair]:
    for n, (_, group) in enumerate(
        itertools.groupby(candidates.events_by_start(db), key=lambda r: r[1])
    ):
        if cancelled is not None and n % CHECK_EVERY == 0 and cancelled():
            return
        yield from _alike("event", [(r[0], r[2], r[3]) for r in group], TITLE_CUTOFF, "titles")


def _statements(db: sqlite_utils.Database, cancelled: Cancelled | None) -> Iterator[Pair]:
    for n, (_, group) in enumerate(
        itertools.groupby(candidates.statements_by_speaker_and_start(db), key=lambda r: r[1:3])
    ):
        if cancelled is not None and n % CHECK_EVERY == 0 and cancelled():
            return
        yield from _alike("statement", [(r[0], r[3], r[4]) for r in group], TEXT_CUTOFF, "words")


def _alike(
    kind: str, records: list[tuple[str, str, str]], cutoff: float, what: str
) -> Iterable[Pair]:
    """Pairs of records of one group (one start, one speaker) whose texts are close;
    `records` are (id, text, date as written)."""
    if len(records) < 2:
        return
    texts = [" ".join(t.casefold().split())[:COMPARED_CHARS] for _, t, _ in records]
    # Every pair of the group scored in C at once: a day with hundreds of items stays quick.
    scores = process.cdist(texts, texts, scorer=fuzz.ratio, score_cutoff=cutoff)
    for i, j in zip(*np.nonzero(np.triu(scores, k=1)), strict=True):
        labels = (_label(records[i]), _label(records[j]))
        score = round(float(scores[i, j]), 1)
        yield Pair(kind, records[i][0], records[j][0], score, f"same date, {what} alike", labels)


def _label(record: tuple[str, str, str]) -> str:
    """'24 Oct 2025 — The channel with Witkoff works…'"""
    _, text, date = record
    try:
        shown = parse_partial(date).display()
    except DateError:
        shown = date
    words = " ".join(text.split())
    return f"{shown} — {words[:LABEL_CHARS]}{'…' if len(words) > LABEL_CHARS else ''}"
