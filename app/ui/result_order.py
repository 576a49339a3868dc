"""The order of the results list: a switch beside the search box between time order and
relevance (a search's best matches first, as `backchannel search --order relevance` lists
them). The timeline stays in time; only the list is reordered.

Relevance is the list's sort by its Match column, so a click on that header and the switch
are one choice, and the switch follows the header (a sort by Kind reads "Order: Kind").
The choice is remembered between runs. With no words searched there is nothing to rank by:
the list is in time order, and the switch is greyed and says why."""

from __future__ import annotations

from PySide6.QtCore import QObject, QSettings, Qt
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMenu, QTableView, QToolButton, QWidget

from app.core.filter import Filter
from app.core.query import read_words
from app.ui import settings as s
from app.ui.items_model import COLUMNS, DATE, MATCH
from app.ui.search_scope import place_after
from app.ui.view_state import ViewState

ORDERS = {"time": "Time order", "relevance": "Relevance: best matches first"}
SHORT = {"time": "Time", "relevance": "Relevance"}
TIP = "The list in time order, or a search's best matches first (the timeline stays in time)"
NO_WORDS = "No words are searched, so there is nothing to rank: the list is in time order."


class ResultOrder(QObject):
    def __init__(
        self, view: ViewState, table: QTableView, settings: QSettings, parent: QWidget
    ) -> None:
        super().__init__(parent)
        self._view = view
        self._table = table
        self._settings = settings
        self.button = QToolButton(parent)
        self.button.setObjectName("resultOrder")
        self.button.setAccessibleName("Order of the results")
        self.button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.menu = QMenu(self.button)
        group = QActionGroup(self.menu)
        self.actions: dict[str, QAction] = {}
        for order, label in ORDERS.items():
            action = self.menu.addAction(label)
            action.setCheckable(True)
            action.setActionGroup(group)
            action.triggered.connect(lambda _on, o=order: self.choose(o))
            self.actions[order] = action
        self.button.setMenu(self.menu)
        header = table.horizontalHeader()
        header.sortIndicatorChanged.connect(self._sorted)
        if s.RESULTS_ORDER.read(settings) == "relevance":
            table.sortByColumn(MATCH, Qt.SortOrder.AscendingOrder)
        self._follow()
        view.filterChanged.connect(self._follow)

    def place(self, after: QWidget) -> None:
        """Put the switch just after `after` on its toolbar."""
        place_after(after, self.button)

    @property
    def chosen(self) -> str:
        """The order the list's sort stands for: "time", "relevance", or a column's name."""
        column = self._table.horizontalHeader().sortIndicatorSection()
        if column == MATCH:
            return "relevance"
        return COLUMNS[column] if 0 <= column < len(COLUMNS) and column != DATE else "time"

    def choose(self, order: str) -> None:
        """Order the list by time or by relevance (and remember it)."""
        self._table.sortByColumn(
            MATCH if order == "relevance" else DATE, Qt.SortOrder.AscendingOrder
        )

    def _sorted(self, column: int, _order: Qt.SortOrder) -> None:
        if column in (DATE, MATCH):
            s.RESULTS_ORDER.write(self._settings, "relevance" if column == MATCH else "time")
        self._follow()

    def _follow(self, *_: object) -> None:
        f: Filter = self._view.latest[0]
        chosen = self.chosen
        # Words only left out (`-Dmitriev`) match nothing to rank by.
        words = bool(f.text) and (f.advanced or bool(read_words(f.text).groups))
        for order, action in self.actions.items():
            action.setChecked(order == chosen)
        self.button.setEnabled(words)
        shown = chosen if words else "time"
        self.button.setText("Order: " + SHORT.get(shown, shown))
        if words:
            self.button.setToolTip(TIP)
        else:
            again = " Relevance applies again when you search." if chosen == "relevance" else ""
            self.button.setToolTip(NO_WORDS + again)
