"""The toolbar's search box, its Advanced switch and the lane grouping box: views of the
window's `ViewState` that edit it (words settle a moment before they apply) and follow it
when it changes elsewhere (filters cleared, a view restored)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QIcon, QKeyEvent
from PySide6.QtWidgets import QComboBox, QLineEdit, QToolButton, QWidget

from app.core.timeline.lanes import GROUPING_LABELS
from app.ui.view_state import ViewState


class SearchBar(QObject):
    """`stepRequested(+1/-1)`: Enter or ↓ (↑) in the search box asks for the next (previous)
    result, once any words still settling have applied."""

    stepRequested = Signal(int)

    def __init__(self, view: ViewState, blank_icon: QIcon, parent: QWidget) -> None:
        super().__init__(parent)
        self._view = view
        self.search_box = QLineEdit(parent)
        self.search_box.setObjectName("searchBox")
        self.search_box.setPlaceholderText("Search statements, events, sources, actors…  (Ctrl+F)")
        self.search_box.setAccessibleName("Search")
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

    def focus(self) -> None:
        self.search_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_box.selectAll()

    def _edited(self, *_: object) -> None:
        self._view.edit(text=self.search_box.text().strip(), advanced=self.advanced.isChecked())

    def _follow(self, *_: object) -> None:
        f = self._view.latest[0]
        if self.search_box.text().strip() != f.text:
            self.search_box.blockSignals(True)
            self.search_box.setText(f.text)
            self.search_box.blockSignals(False)
        if self.advanced.isChecked() != f.advanced:
            self.advanced.blockSignals(True)
            self.advanced.setChecked(f.advanced)
            self.advanced.blockSignals(False)
        self.grouping_box.setCurrentIndex(self.grouping_box.findData(self._view.grouping))

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
