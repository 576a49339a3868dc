"""CSV of items: one row per event or statement, for spreadsheets."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from app.core.model import STATEMENT, Dataset

COLUMNS = (
    "id",
    "date",
    "end",
    "kind",
    "title",
    "speaker",
    "text",
    "place",
    "actors",
    "tracks",
    "sources",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: str) -> str:
    """Neutralise a cell a spreadsheet would run as a formula (OWASP CSV injection)."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def rows(data: Dataset, *, selected: set[str] | None = None) -> Iterable[list[str]]:
    """Rows in time order; `selected` limits them to those ids (the rest of the Dataset only
    gives names)."""
    actors = {a.id: a.name for a in data.actors}
    tracks = {t.id: t.name for t in data.tracks}
    sources = {s.id: s.url or s.title or s.id for s in data.sources}
    events = {e.id: e for e in data.events}
    items: list[tuple[int, str, list[str]]] = []
    for e in data.events:
        items.append(
            (
                e.when.first_second,
                e.id,
                [
                    e.id,
                    e.when.start.iso(),
                    e.when.end.iso() if e.when.end else "",
                    e.kind,
                    e.title,
                    "",
                    e.summary or "",
                    e.place or "",
                    "; ".join(actors.get(a, a) for a in e.actors),
                    "; ".join(tracks.get(t, t) for t in e.tracks),
                    "; ".join(sources.get(s, s) for s in e.sources),
                ],
            )
        )
    for s in data.statements:
        event = events.get(s.event) if s.event else None
        own = list(dict.fromkeys([*s.tracks, *(event.tracks if event else ())]))
        items.append(
            (
                s.date.first_second,
                s.id,
                [
                    s.id,
                    s.date.iso(),
                    "",
                    STATEMENT,
                    event.title if event else "",
                    actors.get(s.speaker, s.speaker),
                    s.text,
                    "",
                    actors.get(s.speaker, s.speaker),
                    "; ".join(tracks.get(t, t) for t in own),
                    "; ".join(sources.get(x, x) for x in s.sources),
                ],
            )
        )
    items.sort(key=lambda item: (item[0], item[1]))
    for _, id_, row in items:
        if selected is None or id_ in selected:
            yield [safe_cell(cell) for cell in row]


def dumps(data: Dataset, *, selected: set[str] | None = None, bom: bool = False) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows(rows(data, selected=selected))
    return ("\ufeff" if bom else "") + out.getvalue()
