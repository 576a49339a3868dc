"""The toolbar's search box, its Advanced switch and the lane grouping box: views of the
window's `ViewState` that edit it (words settle a moment before they apply) and follow it
when it changes elsewhere (filters cleared, a view restored).

The box takes fields as well as words (`Witkoff speaker:Peskov from:2025-10`):
`services.query.window_filter` makes the typed text the search's part of the Filter, as the
command line does. A text that
cannot run marks the box and says why beside it, and selects nothing."""

from __future__ import annotations

import sqlite_utils
from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QIcon, QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QLineEdit,
    QMainWindow,
    QToolBar,
    QToolButton,
    QWidget,
)

from app.core.filter import Filter
from app.core.query import FIELDS
from app.core.timeline.lanes import GROUPING_LABELS
from app.services.query import window_filter
from app.ui.marks import PROBLEM_COLOUR
from app.ui.view_state import ViewState

PROBLEM_STYLE = "QLineEdit#searchBox { border: 2px solid #d64541; }"
"""How a search box whose text cannot run is marked (with its message beside it): a red
that reads on the light and the dark theme alike."""
PROBLEM_MAX_WIDTH = 300
"""The message beside the box is cut to this (whole in its tooltip, the timeline and the
status line): at 420 px, a long one pushed the zoom and Fit buttons of a 1,400 px window into
the toolbar's overflow menu."""


class SearchBar(QObject):
    """`stepRequested(+1/-1)`: Enter or ↓ (↑) in the search box asks for the next (previous)
    result, once any words still settling have applied."""

    stepRequested = Signal(int)

    def __init__(
        self, view: ViewState, blank_icon: QIcon, parent: QWidget, db: sqlite_utils.Database
    ) -> None:
        super().__init__(parent)
        self._view = view
        self._db = db
        self.search_box = QLineEdit(parent)
        self.search_box.setObjectName("searchBox")
        self.search_box.setPlaceholderText("Search statements, events, sources, actors…  (Ctrl+F)")
        self.search_box.setToolTip(
            'Words, "a phrase", either OR other, -left out, prefix* '
            "(Witkoff OR Dmitriev -Miami, negotiat*); "
            "and fields: "
            + ", ".join(f"{name}:" for name in FIELDS)
            + ' (speaker:Peskov, actor:"Fu Cong", from:2025-10)'
        )
        self.search_box.setAccessibleName("Search")
        self.problem = QLabel(parent)
        self.problem.setObjectName("searchProblem")
        self.problem.setTextFormat(Qt.TextFormat.PlainText)  # it may quote what was typed
        # In the colour of the box's frame: the theme's text colour on a toolbar read dim
        # grey on dark.
        self.problem.setStyleSheet(f"font-weight: bold; color: {PROBLEM_COLOUR}")
        self.problem.setMaximumWidth(PROBLEM_MAX_WIDTH)
        self.search_box.setClearButtonEnabled(True)
        self.search_icon = self.search_box.addAction(
            blank_icon, QLineEdit.ActionPosition.LeadingPosition
        )
        self.search_box.installEventFilter(self)
        self.advanced = QToolButton(parent)
        self.advanced.setObjectName("advancedSearch")
        self.advanced.setText("Advanced")
        self.advanced.setCheckable(True)
        self.advanced.setToolTip('Query syntax: "exact phrase", prefix*, AND, OR, NOT')
        self.advanced.setAccessibleName("Advanced search syntax")
        self.grouping_box = QComboBox(parent)
        self.grouping_box.setObjectName("laneGrouping")
        self.grouping_box.setAccessibleName("Group lanes by")
        for value, label in GROUPING_LABELS:
            self.grouping_box.addItem(label, value)
        self._follow()
        self.search_box.textChanged.connect(self._edited)
        self.advanced.toggled.connect(self._edited)
        self.grouping_box.activated.connect(
            lambda i: view.set(grouping=self.grouping_box.itemData(i))
        )
        view.filterChanged.connect(self._follow)
        view.groupingChanged.connect(self._follow)

    def place_problem(self, window: QMainWindow) -> None:
        """Why a search cannot run is said right of the search box, where the eye is: once
        the window's toolbar holds the box."""
        tools = window.findChild(QToolBar, "mainToolbar")
        if tools is None:
            return
        after = [a for a in tools.actions() if tools.widgetForAction(a) is self.advanced]
        if after:
            tools.insertWidget(after[0], self.problem)

    def focus(self) -> None:
        self.search_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_box.selectAll()

    def _edited(self, *_: object) -> None:
        typed, advanced = self.search_box.text().strip(), self.advanced.isChecked()
        searched = window_filter(self._db, typed, advanced, Filter())
        self._view.edit(**searched.search_part())

    def _follow(self, *_: object) -> None:
        f = self._view.latest[0]
        if self.search_box.text().strip() != f.search_text:
            self.search_box.blockSignals(True)
            self.search_box.setText(f.search_text)
            self.search_box.blockSignals(False)
        self._show_problem(self._view.filter.problem)
        if self.advanced.isChecked() != f.advanced:
            self.advanced.blockSignals(True)
            self.advanced.setChecked(f.advanced)
            self.advanced.blockSignals(False)
        self.grouping_box.setCurrentIndex(self.grouping_box.findData(self._view.grouping))

    def _show_problem(self, problem: str) -> None:
        if problem == self.problem.toolTip():
            return
        metrics = self.problem.fontMetrics()
        shown = metrics.elidedText(problem, Qt.TextElideMode.ElideRight, PROBLEM_MAX_WIDTH)
        self.problem.setText(f"  {shown}" if problem else "")
        self.problem.setToolTip(problem)
        self.search_box.setStyleSheet(PROBLEM_STYLE if problem else "")
        self.search_box.setAccessibleDescription(problem)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.search_box and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = event.key()
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Down):
                self._view.flush()
                self.stepRequested.emit(1)
                return True
            if key == Qt.Key.Key_Up:
                self.stepRequested.emit(-1)
                return True
            if key == Qt.Key.Key_Escape:
                self.search_box.clear()
                return True
        return super().eventFilter(watched, event)
