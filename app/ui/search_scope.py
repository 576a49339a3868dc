"""Where the search box's words are looked for: a "Search in" menu beside the box (what was
said or done, actors' names, sources, your notes), and a note in the status bar saying how
many more items the words would find through their sources, which a click brings in.

A view of the window's `ViewState`: it edits the Filter's `scope` and follows it."""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QMenu, QStatusBar, QToolBar, QToolButton, QWidget

from app.core.filter import SCOPES, Filter
from app.store import QueryError
from app.store.queries import only_through_sources
from app.ui.view_state import ViewState

if TYPE_CHECKING:
    from app.ui.session import Session

SHORT = {"text": "what was said", "actors": "actors", "sources": "sources", "notes": "notes"}
"""How the button names each place it searches."""


class SearchScope(QObject):
    def __init__(self, view: ViewState, session: Session, parent: QWidget) -> None:
        super().__init__(parent)
        self._view = view
        self._session = session
        self.button = QToolButton(parent)
        self.button.setObjectName("searchScope")
        self.button.setAccessibleName("Search in")
        self.button.setToolTip("Where the search looks for its words")
        self.button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.menu = QMenu(self.button)
        self.actions: dict[str, QAction] = {}
        for place, label in SCOPES.items():
            action = self.menu.addAction(label[0].upper() + label[1:])
            action.setCheckable(True)
            action.toggled.connect(lambda _on, p=place: self._chosen(p))
            self.actions[place] = action
        self.button.setMenu(self.menu)
        self.note = QLabel(parent)
        self.note.setObjectName("onlyThroughSources")
        self.note.linkActivated.connect(lambda _link: self._add_sources())
        self._follow(view.filter)
        view.filterChanged.connect(self._follow)
        session.changed.connect(lambda: self._follow(view.filter))

    def place(self, after: QWidget, status: QStatusBar) -> None:
        """Put the button just after `after` on its toolbar, and the note in the status bar."""
        place_after(after, self.button)
        status.addWidget(self.note)

    def _chosen(self, place: str) -> None:
        scope = frozenset(p for p, action in self.actions.items() if action.isChecked())
        if not scope:  # a search in nowhere finds nothing: keep the last place ticked
            self.actions[place].setChecked(True)
            return
        if scope != self._view.latest[0].scope:
            self._view.edit(scope=scope)
            self._view.flush()

    def _add_sources(self) -> None:
        self._view.edit(scope=self._view.latest[0].scope | {"sources"})
        self._view.flush()

    def _follow(self, f: Filter) -> None:
        for place, action in self.actions.items():
            action.blockSignals(True)
            action.setChecked(place in f.scope)
            action.blockSignals(False)
        self.button.setText("In: " + " · ".join(SHORT[p] for p in SCOPES if p in f.scope))
        # After the window's first results: this count is two more (35 ms for a word in
        # nearly all of 200,000 items).
        QTimer.singleShot(0, self, lambda: self._count_the_rest(f))

    def _count_the_rest(self, f: Filter) -> None:
        if f != self._view.filter:
            return  # another Filter applied meanwhile, and counts for itself
        try:
            more = only_through_sources(self._session.db, f)
        except (QueryError, sqlite3.DatabaseError):
            more = 0  # the timeline's own read of the Filter reports it
        self.note.setVisible(more > 0)
        self.note.setText(
            f'and {more:,} more match only through their sources (<a href="#sources">show them</a>)'
            if more
            else ""
        )


def place_after(after: QWidget, widget: QWidget) -> None:
    """Put `widget` just after `after` on the toolbar that holds it."""
    toolbar = after.parentWidget()
    if not isinstance(toolbar, QToolBar):
        raise TypeError(f"{widget.objectName()} goes beside a widget of a toolbar")
    shown = toolbar.actions()
    at = next((i for i, a in enumerate(shown) if toolbar.widgetForAction(a) is after), None)
    if at is None or at + 1 >= len(shown):
        toolbar.addWidget(widget)
    else:
        toolbar.insertWidget(shown[at + 1], widget)
