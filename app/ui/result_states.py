"""What the timeline and the results list say when they have nothing to show: that no item
matches the Filter, with a hint at which part leaves nothing, or that the search cannot be
read (and why, in plain words), with the box marked. Nothing stale stays on screen."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable, Mapping

import numpy as np
import sqlite_utils
from PySide6.QtWidgets import QWidget

from app.core.filter import Filter
from app.store import QueryError
from app.store.hints import counts_of_each_word, counts_without_each_part
from app.store.queries import count
from app.ui.detail_panel import DetailPanel
from app.ui.items_model import ItemsModel
from app.ui.marks import mark_problem
from app.ui.results import ResultsTable
from app.ui.session import Session
from app.ui.timeline.pane import TimelinePane

_REASONS = (
    (re.compile(r'^fts5: syntax error near ""$'), "it stops before the query is complete"),
    (re.compile(r'^fts5: syntax error near "(.*)"$'), "it cannot be read at “{0}”"),
    (re.compile(r"^unterminated string$"), "a quotation mark is opened and never closed"),
    (re.compile(r"^no such column: (.*)$"), "“{0}:” is not something to search in"),
    (re.compile(r"^unknown special query: (.*)$"), "a * must end a word (prefix*)"),
)
_REASON = re.compile(r" query syntax \((.*)\)\.?$")
"""The reason inside the store's message ("… is not valid query syntax (REASON).")."""


def plain_reason(message: str) -> str:
    """The reason SQLite gives for refusing a query, as a reader would put it."""
    found = _REASON.search(message)
    raw = found.group(1) if found else message
    for pattern, words in _REASONS:
        matched = pattern.match(raw)
        if matched:
            return words.format(*matched.groups())
    return raw


def query_problem(db: sqlite_utils.Database, f: Filter) -> str | None:
    """Why the Filter's search cannot run, for the user; None when it can (a failure of
    something else, which the window reports as it is)."""
    if not f.text:
        return None
    try:
        count(db, f)
    except QueryError as error:
        return f"The search “{f.text}” cannot be read: {plain_reason(str(error))}."
    except sqlite3.DatabaseError:
        return None
    return None


def nothing_matches(db: sqlite_utils.Database, f: Filter, names: Mapping[str, str]) -> str:
    """The sentence for an empty result: what was asked, and the likeliest reason."""
    if f.problem:  # the search could not be read: say why, not what it would have found
        return f.problem
    typed = f.search_text
    asked = f"“{typed}”" if typed else f.describe(names).removeprefix("Items ")
    opening = f"No items match {asked}" if typed else f"No items {asked}"
    try:
        hint = _hint(db, f, names)
    except (QueryError, sqlite3.DatabaseError):
        hint = ""
    return f"{opening} — {hint}" if hint else opening


def _hint(db: sqlite_utils.Database, f: Filter, names: Mapping[str, str]) -> str:
    words = counts_of_each_word(db, f)
    missing = [word for word, n in words.items() if n == 0]
    if missing:
        return f"nothing holds “{missing[0]}”" + (
            " here" if f != Filter(text=f.text, spellings=f.spellings) else ""
        )
    if words:
        listed = " and ".join(f"“{w}”" for w in words)
        return f"{listed} are each found, but never in the same item"
    for part, n in counts_without_each_part(db, f).items():
        if n:
            return _part_hint(part, n, f, names)
    return ""


def _part_hint(part: str, n: int, f: Filter, names: Mapping[str, str]) -> str:
    items = f"{n:,} item{'s' if n != 1 else ''}"
    if part == "tracks" and len(f.actors) == 1:
        (actor,) = f.actors
        return f"{names.get(actor, actor)}'s items are on other tracks"
    phrases: dict[str, Callable[[], str]] = {
        "text": lambda: f"{items} match the other choices without the words",
        "tracks": lambda: f"{items} on other tracks",
        "actors": lambda: f"{items} with other actors",
        "kinds": lambda: f"{items} of other kinds",
        "tags": lambda: f"{items} with other tags",
        "dates": lambda: f"{items} outside these dates",
    }
    return phrases[part]()


class ResultStates:
    """Keeps the timeline's notice, the list's placeholder, the search box's mark and the
    side panel's highlighted words in step with the last Filter read, or refused."""

    def __init__(
        self,
        session: Session,
        pane: TimelinePane,
        table: ResultsTable,
        search_box: QWidget,
        detail: DetailPanel,
    ) -> None:
        self._session = session
        self._pane = pane
        self._table = table
        self._box = search_box
        self._detail = detail

    def loaded(self, f: Filter, found: int) -> None:
        """The Filter's items are shown: say why there are none, if none."""
        mark_problem(self._box, "")
        self._detail.set_search(f.text, f.advanced)
        empty = found == 0 and not f.is_empty
        message = nothing_matches(self._session.db, f, self._session.names()) if empty else ""
        self._pane.show_notice(message or None)
        self._table.set_placeholder_text(message)

    def failed(self, f: Filter) -> str | None:
        """The read of the Filter failed: when its search cannot be read, mark the box,
        empty the timeline and the list and say why there; returns what to tell the user."""
        problem = query_problem(self._session.db, f)
        if problem is None:
            return None
        mark_problem(self._box, problem)
        model = self._table.model()
        if isinstance(model, ItemsModel):
            model.set_keys(np.zeros(0, dtype=np.int64))
        self._pane.clear_items(problem)
        self._table.set_placeholder_text(problem)
        return problem
