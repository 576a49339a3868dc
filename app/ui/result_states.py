"""What the timeline and the results list say when they have nothing to show: that no item
matches the Filter, with a hint at which part leaves nothing, or that the search cannot be
read (and why, in plain words), with the box marked. Nothing stale stays on screen."""

from __future__ import annotations

import re
import sqlite3

import numpy as np
import sqlite_utils
from PySide6.QtWidgets import QWidget

from app.core.filter import Filter
from app.services.empty_result import nothing_matches
from app.store import QueryError
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
