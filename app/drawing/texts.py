"""Words for the marks in view: labels, tooltips and ids, read from the store on demand and
kept, so panning back and forth asks for nothing twice."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

import sqlite_utils

from app.core.model import ItemSummary
from app.store.queries import summaries, tracks_of

CACHE_LIMIT = 50_000


class ItemTexts(Protocol):
    def labels(self, keys: Sequence[int]) -> dict[int, str]: ...
    def tooltip(self, key: int) -> str: ...
    def item_id(self, key: int) -> str: ...


class StoreTexts:
    def __init__(self, db: sqlite_utils.Database) -> None:
        self._db = db
        self._known: dict[int, ItemSummary] = {}
        self._tracks = {id_: name for id_, (name, _) in tracks_of(db).items()}

    def _summaries(self, keys: Sequence[int]) -> dict[int, ItemSummary]:
        missing = [k for k in keys if k not in self._known]
        if missing:
            if len(self._known) + len(missing) > CACHE_LIMIT:
                self._known.clear()
            self._known.update((s.key, s) for s in summaries(self._db, missing))
        return {k: self._known[k] for k in keys if k in self._known}

    def labels(self, keys: Sequence[int]) -> dict[int, str]:
        return {k: s.title for k, s in self._summaries(keys).items()}

    def tooltip(self, key: int) -> str:
        found = self._summaries([key]).get(key)
        if found is None:
            return ""
        tracks = ", ".join(self._tracks.get(t, t) for t in found.tracks) or "no track"
        return f"{found.title}\n{found.when.display()} · {found.kind} · {tracks}"

    def item_id(self, key: int) -> str:
        found = self._summaries([key]).get(key)
        return found.id if found else ""
