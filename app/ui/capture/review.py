"""The review of a capture: the article on one side with each draft's words marked, the
drafts on the other (statements and events, each with a tick that keeps it), the chosen
draft's corrections under them. Nothing is written until *Add*; then the kept drafts go
to the database as one step, which one Ctrl+Z takes back."""

from __future__ import annotations

from collections.abc import Callable

import sqlite_utils
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.formats.article import Article
from app.services.capture.drafts import Drafts, EventDraft, StatementDraft
from app.services.capture.reviewing import Review
from app.services.editing import Edit, FieldError
from app.ui.capture.article_view import ArticleView, Marked
from app.ui.capture.draft_editor import DraftEditor
from app.ui.capture.drafts_model import DraftsModel, EventsModel, StatementsModel
from app.ui.capture.start import PASTED
from app.ui.marks import PROBLEM_COLOUR

Write = Callable[[Edit], str | None]
"""Writes the accepted drafts as one undo step; why it could not, or None once written."""
SIZE = (1280, 800)
"""The review's size when the window behind it has room; it never opens larger than it."""
COLUMN_WIDTHS = {"statement": (140, 95, 100), "event": (200, 100, 180)}
"""The first columns' least widths; the last takes the rest."""


class ReviewDialog(QDialog):
    def __init__(
        self,
        article: Article,
        drafts: Drafts,
        db: sqlite_utils.Database,
        write: Write,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("captureReview")
        self.review = Review(drafts)
        self._opened = self.review.state()
        self.confirm_discard: Callable[[], bool] = self._ask_discard
        """Whether to close, losing the corrections made (asks; replaceable in tests)."""
        self._name = PASTED if article.name == PASTED else article.name.rsplit("/", 1)[-1]
        self._write = write
        self._db = db
        self.setWindowTitle(f"Review the capture — {drafts.source.title or self._name}")
        self.article = ArticleView(drafts.text, self)
        self.statements = StatementsModel(self.review)
        self.events = EventsModel(self.review)
        self.tables = {m.kind: _table(m, self) for m in (self.statements, self.events)}
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("captureDraftTabs")
        self.tabs.addTab(self.tables["statement"], "")
        self.tabs.addTab(self.tables["event"], "")
        self.editor = DraftEditor(self.review, db, self)
        self.banner = _label(self, "captureBanner")
        self.problem = _label(self, "captureProblem")
        self.problem.setStyleSheet(f"color: {PROBLEM_COLOUR};")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.add_button = self.buttons.addButton("Add", QDialogButtonBox.ButtonRole.AcceptRole)
        self.add_button.setToolTip("Add the kept drafts as one step (Ctrl+Enter); Ctrl+Z undoes it")
        self.buttons.accepted.connect(self.add)
        self.buttons.rejected.connect(self.reject)
        self.keep_all = QPushButton("Keep all", self)
        self.leave_all = QPushButton("Leave all out", self)
        self.leave_out = QPushButton("Keep / leave out", self)
        self.leave_out.setToolTip("Keep the chosen draft, or leave it out (Space in the list)")
        self.merge_button = QPushButton("Merge with next", self)
        self.merge_button.setToolTip("Make the chosen statement and the one after it one")
        self._lay_out()
        self._connect()
        self.banner.setText(_banner(drafts, self._name))
        self._counts_changed()
        self._fit(parent)
        self.choose("statement" if drafts.statements else "event", 0)

    def _lay_out(self) -> None:
        actions = QHBoxLayout()
        for button in (self.keep_all, self.leave_all, self.leave_out, self.merge_button):
            actions.addWidget(button)
        actions.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(self.editor)
        lists = QSplitter(Qt.Orientation.Vertical, self)
        lists.addWidget(self.tabs)
        lists.addWidget(scroll)
        lists.setStretchFactor(0, 3)
        lists.setStretchFactor(1, 2)
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(lists, 1)
        right_layout.addLayout(actions)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("captureSplitter")
        self.splitter.addWidget(self.article)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 4)
        self.splitter.setStretchFactor(1, 5)
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)

    def _connect(self) -> None:
        for kind, table in self.tables.items():
            table.selectionModel().currentRowChanged.connect(
                lambda current, _old, kind=kind: self._current_changed(kind, current.row())
            )
        for model in (self.statements, self.events):
            model.keptChanged.connect(self._counts_changed)
        self.tabs.currentChanged.connect(self._tab_changed)
        self.article.chosen.connect(self.choose)
        self.editor.statement.corrected.connect(lambda row: self._corrected("statement", row))
        self.editor.happening.corrected.connect(lambda row: self._corrected("event", row))
        self.keep_all.clicked.connect(lambda: self._keep_all(True))
        self.leave_all.clicked.connect(lambda: self._keep_all(False))
        self.leave_out.clicked.connect(self.toggle_current)
        self.merge_button.clicked.connect(self.merge_with_next)
        for button in self.findChildren(QPushButton):
            button.setAutoDefault(False)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, self.add)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter takes a corrected field, never the whole review: Add is Ctrl+Enter."""
        plain = event.modifiers() in (
            Qt.KeyboardModifier.NoModifier,
            Qt.KeyboardModifier.KeypadModifier,
        )
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and plain:
            event.accept()
            return
        super().keyPressEvent(event)

    def _fit(self, parent: QWidget | None) -> None:
        """As large as SIZE, or as the window behind it: the review never hangs off it."""
        width, height = SIZE
        if parent is not None:
            room = parent.window().size()
            width, height = min(width, room.width()), min(height, room.height())
        self.resize(width, height)
        drafts = width * 5 // 9
        self.splitter.setSizes([width - drafts, drafts])
        # The names take their share of a wide review; the words keep the rest.
        self.tables["statement"].setColumnWidth(0, max(COLUMN_WIDTHS["statement"][0], drafts // 4))
        self.tables["event"].setColumnWidth(0, max(COLUMN_WIDTHS["event"][0], drafts * 2 // 5))

    def current(self) -> tuple[str, int] | None:
        """The draft chosen: its kind and its row."""
        kind = "statement" if self.tabs.currentIndex() == 0 else "event"
        row = self.tables[kind].currentIndex().row()
        return (kind, row) if row >= 0 else None

    def choose(self, kind: str, row: int) -> None:
        """Show a draft: its row chosen in its list, its words marked and in view."""
        table = self.tables[kind]
        self.tabs.setCurrentWidget(table)
        if 0 <= row < table.model().rowCount():
            table.selectionModel().setCurrentIndex(
                table.model().index(row, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
            table.scrollTo(table.model().index(row, 0))
        self._show_current()

    def _tab_changed(self, _tab: int) -> None:
        current = self.current()
        if current is None:
            kind = "statement" if self.tabs.currentIndex() == 0 else "event"
            if self.tables[kind].model().rowCount():
                self.choose(kind, 0)
                return
        self._show_current()

    def _current_changed(self, kind: str, _row: int) -> None:
        if self.tabs.currentWidget() is self.tables[kind]:
            self._show_current()

    def _show_current(self) -> None:
        current = self.current()
        self.editor.load(*(current or (None, -1)))
        self.merge_button.setEnabled(
            current is not None
            and current[0] == "statement"
            and current[1] + 1 < len(self.review.statements)
        )
        self.leave_out.setEnabled(current is not None)
        self._mark(current)

    def _mark(self, current: tuple[str, int] | None) -> None:
        marked = [
            Marked(kind, index, _spans(reviewed.draft), reviewed.kept)
            for kind, index, reviewed in self.review.every()
        ]
        self.article.show_marks(marked, current)

    def _corrected(self, kind: str, row: int) -> None:
        model = self.statements if kind == "statement" else self.events
        model.changed(row)
        self._counts_changed()

    def toggle_current(self) -> None:
        current = self.current()
        if current is None:
            return
        kind, row = current
        model = self.statements if kind == "statement" else self.events
        kept = model.rows()[row].kept
        model.setData(
            model.index(row, 0),
            Qt.CheckState.Unchecked if kept else Qt.CheckState.Checked,
            Qt.ItemDataRole.CheckStateRole,
        )

    def _keep_all(self, kept: bool) -> None:
        self.review.keep_all(kept)
        current = self.current()
        for model in (self.statements, self.events):
            model.reset()
        if current is not None:
            self.choose(*current)

    def merge_with_next(self) -> None:
        current = self.current()
        if current is None or current[0] != "statement":
            return
        row = current[1]
        if row + 1 >= len(self.review.statements):
            return
        merged = self.review.merge(row, row + 1)
        self.statements.reset()
        self.choose("statement", merged)

    def _counts_changed(self) -> None:
        r = self.review
        kept_statements = sum(s.kept for s in r.statements)
        kept_events = sum(e.kept for e in r.events)
        self.tabs.setTabText(0, f"Statements ({kept_statements} of {len(r.statements)} kept)")
        self.tabs.setTabText(1, f"Events ({kept_events} of {len(r.events)} kept)")
        n = kept_statements + kept_events
        self.add_button.setText(f"Add {n} item{'s' if n != 1 else ''}")
        self.add_button.setEnabled(n > 0)
        self._mark(self.current())

    def reject(self) -> None:
        """Cancel, Esc or closing the window: corrections are not lost without asking."""
        if self.review.state() != self._opened and not self.confirm_discard():
            return
        super().reject()

    def _ask_discard(self) -> bool:
        answer = QMessageBox.question(
            self,
            "Discard the corrections?",
            "You corrected or left out drafts of this capture. Close without adding anything, "
            "and lose those corrections?",
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Discard

    def add(self) -> None:
        """Write what is kept as one step, or say what stands in the way (and show it)."""
        stop = self.review.blocker()
        if stop is not None:
            self.choose(stop.kind, stop.index)
            self.problem.setText(f"{self.review.describe(stop.kind, stop.index)}: {stop.message}")
            self.problem.show()
            return
        try:
            edit = self.review.edit(self._db)
        except FieldError as error:
            self.problem.setText(str(error))
            self.problem.show()
            return
        refused = self._write(edit)
        if refused is not None:
            self.problem.setText(refused)
            self.problem.show()
            return
        self.accept()


def _table(model: DraftsModel, parent: QWidget) -> QTableView:
    table = QTableView(parent)
    table.setObjectName(f"capture{model.kind.title()}s")
    table.setAccessibleName(f"{model.kind.title()} drafts")
    table.setModel(model)
    model.setParent(table)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setWordWrap(False)
    table.setTextElideMode(Qt.TextElideMode.ElideRight)
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(parent.fontMetrics().height() + 8)
    header = table.horizontalHeader()
    header.setStretchLastSection(True)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    for column, width in enumerate(COLUMN_WIDTHS[model.kind]):
        table.setColumnWidth(column, width)
    return table


def _label(parent: QWidget, name: str) -> QLabel:
    label = QLabel(parent)
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def _spans(draft: StatementDraft | EventDraft) -> tuple[tuple[int, int], ...]:
    """Where a draft's words are: a split quote's parts, else its whole stretch (a
    paraphrase's whole sentence)."""
    if isinstance(draft, StatementDraft) and draft.parts and draft.attribution != "paraphrase":
        return draft.parts
    return ((draft.start, draft.end),)


def _banner(drafts: Drafts, name: str) -> str:
    n, m = len(drafts.statements), len(drafts.events)
    lines = [
        f"{n} statement{'s' if n != 1 else ''} and {m} event{'s' if m != 1 else ''} found in "
        f"{name}. Untick what should not be added, correct a draft under the list, then Add: "
        "nothing is written before."
    ]
    if drafts.already_captured:
        k = drafts.already_captured
        lines.append(
            f"{k} statement{'s were' if k != 1 else ' was'} captured from this article before "
            f"and {'are' if k != 1 else 'is'} not proposed again."
        )
    new = drafts.new_speakers()
    if new:
        shown = ", ".join(new[:6]) + (f" and {len(new) - 6} more" if len(new) > 6 else "")
        lines.append(f"New actors proposed: {shown}.")
    return "\n".join(lines)
