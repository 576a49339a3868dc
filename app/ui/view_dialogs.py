"""The Views menu's dialogs: naming what is shown to save it (saying first when the name is
taken, and that saving replaces that view), and managing the saved views (recall, rename,
delete)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.services.views import ViewError, valid_name

NameRole = Qt.ItemDataRole.UserRole + 1
DIALOG_WIDTH = 460


class SaveViewDialog(QDialog):
    """Asks a name; a name already saved (in any case) turns Save into Replace, and says so."""

    def __init__(
        self,
        parent: QWidget,
        summary: str,
        names: list[str],
        existing: Callable[[str], str | None],
    ) -> None:
        super().__init__(parent)
        self.setObjectName("saveViewDialog")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle("Save view")
        self.setMinimumWidth(DIALOG_WIDTH)
        self._existing = existing
        self.name_edit = QLineEdit(self)
        self.name_edit.setObjectName("viewName")
        self.name_edit.setAccessibleName("View name")
        self.name_edit.setPlaceholderText("e.g. Peskov on the back-channel")
        completer = QCompleter(names, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.name_edit.setCompleter(completer)
        self.summary = QLabel(summary, self)
        self.summary.setObjectName("viewSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)  # it quotes what was typed
        self.note = QLabel(self)
        self.note.setObjectName("viewNameNote")
        self.note.setWordWrap(True)
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow("&Name", self.name_edit)
        form.addRow("Keeps", self.summary)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.note)
        layout.addWidget(self.buttons)
        self.name_edit.textChanged.connect(self._named)
        self._named("")

    def name(self) -> str:
        return self.name_edit.text().strip()

    def _named(self, text: str) -> None:
        try:
            name = valid_name(text)
        except ViewError as error:
            self.note.setText(str(error) if text.strip() else "")
            self.save_button.setEnabled(False)
            self.save_button.setText("Save")
            return
        taken = self._existing(name)
        self.save_button.setEnabled(True)
        self.save_button.setText("Replace" if taken else "Save")
        self.note.setText(
            f"A view called “{taken}” exists already: saving replaces it with what is shown now."
            if taken
            else ""
        )


class ViewKeeper(Protocol):
    """What the manage dialog asks of the window's views (`SavedViews`)."""

    def views(self) -> list[tuple[str, str]]: ...
    def recall(self, name: str) -> bool: ...
    def rename(self, old: str, new: str) -> str | None: ...
    def delete(self, name: str) -> bool: ...


class ManageViewsDialog(QDialog):
    """The saved views: recall one (Enter or a double-click), rename it in place (F2), or
    delete it (once asked)."""

    def __init__(self, parent: QWidget, keeper: ViewKeeper) -> None:
        super().__init__(parent)
        self.setObjectName("manageViewsDialog")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle("Saved views")
        self.setMinimumWidth(DIALOG_WIDTH)
        self._keeper = keeper
        self.question: QMessageBox | None = None
        self.list = QListWidget(self)
        self.list.setObjectName("viewList")
        self.list.setAccessibleName("Saved views")
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.EditKeyPressed)
        self.detail = QLabel(self)
        self.detail.setObjectName("viewDetail")
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.TextFormat.PlainText)
        self.recall_button = QPushButton("&Recall", self)
        self.rename_button = QPushButton("Re&name", self)
        self.delete_button = QPushButton("&Delete…", self)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        row = QHBoxLayout()
        for button in (self.recall_button, self.rename_button, self.delete_button):
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.detail)
        layout.addLayout(row)
        self.recall_button.setDefault(True)
        self.recall_button.clicked.connect(self._recall)
        self.rename_button.clicked.connect(self._rename)
        self.delete_button.clicked.connect(self._ask_delete)
        self.list.itemActivated.connect(lambda _item: self._recall())
        self.list.currentItemChanged.connect(lambda *_: self._selected())
        self.list.itemChanged.connect(self._renamed)
        self.fill()

    def fill(self, current: str | None = None) -> None:
        self.list.blockSignals(True)
        self.list.clear()
        for name, said in self._keeper.views():
            item = QListWidgetItem(name, self.list)
            item.setData(NameRole, name)
            item.setToolTip(said)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
            if name == current:
                self.list.setCurrentItem(item)
        if self.list.currentItem() is None and self.list.count():
            self.list.setCurrentRow(0)
        self.list.blockSignals(False)
        self._selected()

    def _chosen(self) -> str | None:
        item = self.list.currentItem()
        return None if item is None else str(item.data(NameRole))

    def _selected(self) -> None:
        item = self.list.currentItem()
        some = item is not None
        for button in (self.recall_button, self.rename_button, self.delete_button):
            button.setEnabled(some)
        self.detail.setText(
            item.toolTip() if item is not None else "No saved views yet: Views → Save view…"
        )

    def _recall(self) -> None:
        name = self._chosen()
        if name is not None and self._keeper.recall(name):
            self.accept()

    def _rename(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            self.list.editItem(item)

    def _renamed(self, item: QListWidgetItem) -> None:
        old, new = str(item.data(NameRole)), item.text()
        if new.strip() == old:
            return
        renamed = self._keeper.rename(old, new)
        self.fill(renamed or old)

    def _ask_delete(self) -> None:
        name = self._chosen()
        if name is None:
            return
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Delete view",
            f"Delete the view “{name}”? It is deleted from this database, for whoever opens it.",
            QMessageBox.StandardButton.Cancel,
            self,
        )
        delete = box.addButton("Delete", QMessageBox.ButtonRole.DestructiveRole)
        box.buttonClicked.connect(lambda clicked: self._delete(name) if clicked is delete else None)
        box.open()
        self.question = box

    def _delete(self, name: str) -> None:
        if self._keeper.delete(name):
            self.fill()
