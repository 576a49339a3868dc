"""Edit → Find Likely Duplicates…: pairs the analyst may merge, read in the background.

The search runs on a worker thread with its own connection, with progress and Cancel. A
pair is merged only when the user says which record stays; for two events or statements
whose other fields differ, a second dialog asks field by field. The dialog builds the
merge as an `Edit` and hands it to the window (`mergeChosen`), which writes it as one
undoable step; the pair then leaves the list.
"""

from __future__ import annotations

from pathlib import Path

import sqlite_utils
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.model import Event, Statement
from app.core.progress import Cancelled, Progress
from app.services.duplicates import Pair, likely_duplicates
from app.services.editing import Edit, FieldError, merge_actors_edit
from app.services.merging import differing_fields, merge_items_edit, merge_sources_edit
from app.store import open_database
from app.store.changes import read_state
from app.ui.jobs import Job, run_with_progress

KINDS = {"actor": "Actors", "event": "Events", "statement": "Statements", "source": "Sources"}
SHOWN_CHARS = 120


class DuplicatesDialog(QDialog):
    """`mergeChosen(edit)`: the user chose to merge a pair; the window writes it."""

    mergeChosen = Signal(object)

    def __init__(self, path: Path, db: sqlite_utils.Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("duplicatesDialog")
        self.setWindowTitle("Likely duplicates")
        self.resize(820, 460)
        self._db = db
        self.pairs: list[Pair] = []
        self.job: Job | None = None
        self.status = QLabel("Looking for likely duplicates…", self)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)
        self.tree = QTreeWidget(self)
        self.tree.setObjectName("duplicatePairs")
        self.tree.setAccessibleName("Likely duplicates")
        self.tree.setHeaderLabels(["First", "Second", "Why", "Alike"])
        self.tree.setRootIsDecorated(False)
        self.tree.setAlternatingRowColors(True)
        self.tree.currentItemChanged.connect(self._chosen)
        self.keep_first = QPushButton("Merge, keep the first", self)
        self.keep_first.setObjectName("keepFirst")
        self.keep_second = QPushButton("Merge, keep the second", self)
        self.keep_second.setObjectName("keepSecond")
        self.keep_first.clicked.connect(lambda: self.merge(keep_first=True))
        self.keep_second.clicked.connect(lambda: self.merge(keep_first=False))
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.keep_first)
        buttons.addWidget(self.keep_second)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.tree, 1)
        layout.addLayout(buttons)
        self._chosen()
        self._search(path)

    def _search(self, path: Path) -> None:
        def work(_progress: Progress, cancelled: Cancelled) -> list[Pair]:
            db = open_database(path)
            try:
                return likely_duplicates(db, cancelled)
            finally:
                db.close()

        self.job = run_with_progress(self, "Looking for likely duplicates…", work,
                                     self._found, self._failed)  # fmt: skip

    def _found(self, pairs: list[Pair]) -> None:
        if self.job is not None and self.job.cancelled:
            self.status.setText("The search was cancelled; the pairs found until then are listed.")
        self.pairs = list(pairs)
        self._fill()

    def _failed(self, error: Exception) -> None:
        self.status.setText(f"The search for duplicates failed: {error}")

    def _fill(self) -> None:
        self.tree.clear()
        groups: dict[str, QTreeWidgetItem] = {}
        for index, pair in enumerate(self.pairs):
            parent = groups.get(pair.kind)
            if parent is None:
                parent = groups[pair.kind] = QTreeWidgetItem(self.tree, [KINDS[pair.kind]])
                parent.setFlags(Qt.ItemFlag.ItemIsEnabled)
                parent.setFirstColumnSpanned(True)
            row = QTreeWidgetItem(
                parent, [_short(pair.labels[0]), _short(pair.labels[1]), pair.why,
                         f"{pair.score:.0f} %"],
            )  # fmt: skip
            row.setData(0, Qt.ItemDataRole.UserRole, index)
            row.setToolTip(0, pair.labels[0])
            row.setToolTip(1, pair.labels[1])
        self.tree.expandAll()
        for column in range(3):
            self.tree.resizeColumnToContents(column)
        if not self.pairs:
            self.status.setText("No likely duplicates: no two actors, events or statements alike.")
        elif not (self.job is not None and self.job.cancelled):
            n = len(self.pairs)
            self.status.setText(
                f"{n} pair{'s' if n != 1 else ''} worth a look. Nothing is merged until you choose "
                "which record stays; a merge can be undone (Ctrl+Z)."
            )

    def current(self) -> Pair | None:
        item = self.tree.currentItem()
        index = item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None
        return self.pairs[index] if isinstance(index, int) else None

    def _chosen(self, *_: object) -> None:
        chosen = self.current() is not None
        self.keep_first.setEnabled(chosen)
        self.keep_second.setEnabled(chosen)

    def merge(self, *, keep_first: bool, take: set[str] | None = None) -> Edit | None:
        """Merge the chosen pair; for two items whose fields differ, `take` names the fields
        that come from the record not kept (asked of the user when None)."""
        pair = self.current()
        if pair is None:
            return None
        keep, other = (pair.first, pair.second) if keep_first else (pair.second, pair.first)
        try:
            edit = self._edit(pair.kind, keep, other, take)
        except FieldError as error:
            self.status.setText(str(error))
            return None
        if edit is None:
            return None
        self.pairs.remove(pair)
        self.mergeChosen.emit(edit)
        self._fill()
        return edit

    def _edit(self, kind: str, keep: str, other: str, take: set[str] | None) -> Edit | None:
        if kind == "actor":
            return merge_actors_edit(self._db, keep, other)
        if kind == "source":
            return merge_sources_edit(self._db, keep, other)
        if take is None:
            take = self._ask_fields(keep, other)
            if take is None:
                return None
        return merge_items_edit(self._db, keep, other, take)

    def _ask_fields(self, keep: str, other: str) -> set[str] | None:
        state = read_state(self._db, [("item", keep), ("item", other)])
        kept, gone = state.record("item", keep), state.record("item", other)
        if not isinstance(kept, Event | Statement) or not isinstance(gone, Event | Statement):
            raise FieldError("Merge", "One of the two is no longer in the database.")
        different = differing_fields(kept, gone)
        if not different:
            return set()
        chooser = FieldChooser(kept, gone, different, self)
        return chooser.chosen() if chooser.exec() == QDialog.DialogCode.Accepted else None


class FieldChooser(QDialog):
    """Per field where two records differ, which value the merged record keeps."""

    def __init__(self, kept: object, other: object, names: list[str], parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("fieldChooser")
        self.setWindowTitle("Merge: choose each field")
        grid = QGridLayout()
        self.groups: dict[str, QButtonGroup] = {}
        for row, name in enumerate(names):
            label = QLabel(name.capitalize(), self)
            grid.addWidget(label, row, 0, Qt.AlignmentFlag.AlignTop)
            group = QButtonGroup(self)
            for column, record in enumerate((kept, other), start=1):
                value = _short(str(getattr(record, name) or "—"))
                button = QRadioButton(value, self)
                button.setAccessibleName(f"{name.capitalize()}: {value}")
                button.setChecked(column == 1)
                group.addButton(button, column)
                grid.addWidget(button, row, column)
            self.groups[name] = group
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("The first column is the record that stays.", self))
        layout.addLayout(grid)
        layout.addWidget(buttons)

    def chosen(self) -> set[str]:
        """The fields whose value comes from the other record."""
        return {name for name, group in self.groups.items() if group.checkedId() == 2}


def _short(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= SHOWN_CHARS else flat[: SHOWN_CHARS - 1] + "…"
