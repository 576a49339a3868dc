"""Words for the items shown: labels, tooltips, ids, list rows and search snippets, read from
the store on demand and kept, so panning or scrolling back asks for nothing twice.

`StoreTexts` is the one cache of item texts: the timeline's labels and tooltips and the
results list's rows all read through it. `forget()` empties it; whoever changes the database
(an import now, edits later) calls it, through the window's `Session`, so no view shows words
the database no longer holds."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Protocol

import sqlite_utils

from app.core.filter import Filter
from app.core.model import ItemSummary
from app.store.details import snippets
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
        self._missing: set[int] = set()
        """Keys asked for that the database does not hold (deleted since they were loaded)."""
        self._tracks: dict[str, str] = {}
        self._snippets: dict[int, str | None] = {}
        self._snippets_for: Filter | None = None
        self.forget()

    def forget(self) -> None:
        """The database changed: read every text afresh from now on."""
        self._known.clear()
        self._missing.clear()
        self._snippets.clear()
        self._snippets_for = None
        self._tracks = {id_: name for id_, (name, _) in tracks_of(self._db).items()}

    def summaries(self, keys: Sequence[int]) -> dict[int, ItemSummary]:
        """The items with these keys (those the database still holds)."""
        missing = [k for k in keys if k not in self._known and k not in self._missing]
        if missing:
            if len(self._known) + len(missing) > CACHE_LIMIT:
                self._known.clear()
                self._missing.clear()
            self._known.update((s.key, s) for s in summaries(self._db, missing))
            self._missing.update(k for k in missing if k not in self._known)
        return {k: self._known[k] for k in keys if k in self._known}

    def cached(self, key: int) -> ItemSummary | None:
        """An item already read, without asking the database."""
        return self._known.get(key)

    def remember(self, items: Sequence[ItemSummary], f: Filter) -> None:
        """Keep items read elsewhere (a search's first results, with their snippets for
        `f`) without reading them again."""
        if f != self._snippets_for:
            self._snippets.clear()
            self._snippets_for = f
        for item in items:
            self._known[item.key] = replace(item, snippet=None)
            self._missing.discard(item.key)
            self._snippets[item.key] = item.snippet

    def track_name(self, track_id: str) -> str:
        return self._tracks.get(track_id, track_id)

    def snippets(self, f: Filter, keys: Sequence[int]) -> dict[int, str | None]:
        """Each item's best matching passage for the Filter's words (see
        `app.store.details.snippets`); kept until the Filter or the database changes."""
        if f != self._snippets_for:
            self._snippets.clear()
            self._snippets_for = f
        missing = [k for k in keys if k not in self._snippets]
        if missing and f.text:
            if len(self._snippets) + len(missing) > CACHE_LIMIT:
                self._snippets.clear()
            found = snippets(self._db, f, missing)
            self._snippets.update((k, found.get(k)) for k in missing)
        return {k: self._snippets.get(k) for k in keys}

    def labels(self, keys: Sequence[int]) -> dict[int, str]:
        return {k: s.title for k, s in self.summaries(keys).items()}

    def tooltip(self, key: int) -> str:
        found = self.summaries([key]).get(key)
        if found is None:
            return ""
        tracks = ", ".join(self.track_name(t) for t in found.tracks) or "no track"
        return f"{found.title}\n{found.when.display()} · {found.kind} · {tracks}"

    def item_id(self, key: int) -> str:
        found = self.summaries([key]).get(key)
        return found.id if found else ""
