"""The review's two lists as table models over a `Review`: statements (speaker, kind, date,
words) and events (title, date, actors, place), each row with a tick that keeps it. A
draft whose correction cannot be read shows the problem in its tooltip and in red."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QFont

from app.core.dates import DateSpan
from app.services.capture.drafts import EventDraft, StatementDraft
from app.services.capture.reviewing import Review, Reviewed
from app.ui.editing.statement_dialog import ATTRIBUTION_LABELS
from app.ui.marks import PROBLEM_COLOUR

Index = QModelIndex | QPersistentModelIndex
KIND_SHOWN = {"direct": "Quote", "paraphrase": "Paraphrase", "anonymous": "Anonymous"}
"""A statement's kind in its row, short so the words keep their room; the tooltip and the
form under the list say it in full."""
WORDS_SHOWN = 300
"""Characters of a statement's words in its row; the tooltip holds them all."""
_ROLE = Qt.ItemDataRole


class DraftsModel(QAbstractTableModel):
    """Rows of one kind of draft; column 0 holds the tick. `keptChanged` when ticks change."""

    keptChanged = Signal()
    kind = ""
    headers: tuple[str, ...] = ()

    def __init__(self, review: Review) -> None:
        super().__init__()
        self.review = review

    def rows(self) -> list[Any]:
        raise NotImplementedError

    def cell(self, reviewed: Any, column: int) -> str:
        raise NotImplementedError

    def whole(self, reviewed: Any) -> str:
        """The draft in full, for its tooltip."""
        raise NotImplementedError

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows())

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = _ROLE.DisplayRole
    ) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and role == _ROLE.DisplayRole and 0 <= section < len(self.headers):
            return self.headers[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return flags | Qt.ItemFlag.ItemIsUserCheckable if index.column() == 0 else flags

    def data(self, index: Index, role: int = _ROLE.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.rows()):
            return None
        reviewed = self.rows()[index.row()]
        column = index.column()
        if role == _ROLE.DisplayRole:
            return self.cell(reviewed, column)
        if role == _ROLE.CheckStateRole and column == 0:
            return Qt.CheckState.Checked if reviewed.kept else Qt.CheckState.Unchecked
        if role == _ROLE.ToolTipRole:
            problems = "\n".join(reviewed.problems.values())
            return f"{problems}\n\n{self.whole(reviewed)}" if problems else self.whole(reviewed)
        if role == _ROLE.ForegroundRole and (reviewed.problems or self.wanting(reviewed, column)):
            return QColor(PROBLEM_COLOUR)
        if role == _ROLE.FontRole and not reviewed.kept:
            font = QFont()
            font.setStrikeOut(True)
            return font
        return None

    def wanting(self, reviewed: Any, column: int) -> bool:
        """Whether the cell lacks what accepting needs (a statement's date)."""
        return False

    def setData(self, index: Index, value: Any, role: int = _ROLE.EditRole) -> bool:
        if not index.isValid() or index.column() != 0 or role != _ROLE.CheckStateRole:
            return False
        state = value if isinstance(value, Qt.CheckState) else Qt.CheckState(value)
        self.rows()[index.row()].kept = state == Qt.CheckState.Checked
        self.changed(index.row())
        self.keptChanged.emit()
        return True

    def changed(self, row: int) -> None:
        """The draft of `row` was corrected: its cells show it."""
        if 0 <= row < self.rowCount():
            self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))

    def reset(self) -> None:
        """Rows came or went (two statements merged, every tick changed)."""
        self.beginResetModel()
        self.endResetModel()
        self.keptChanged.emit()


class StatementsModel(DraftsModel):
    kind = "statement"
    headers = ("Speaker", "Kind", "Date", "Words")

    def rows(self) -> list[Reviewed[StatementDraft]]:
        return self.review.statements

    def cell(self, reviewed: Reviewed[StatementDraft], column: int) -> str:
        draft = reviewed.draft
        if column == 0:
            return draft.speaker + ("" if draft.speaker_id else "  (new)")
        if column == 1:
            return KIND_SHOWN.get(draft.attribution, draft.attribution)
        if column == 2:
            return DateSpan(draft.date).display() if draft.date else "no date"
        return " ".join(draft.text[:WORDS_SHOWN].split())

    def wanting(self, reviewed: Reviewed[StatementDraft], column: int) -> bool:
        return column == 2 and reviewed.draft.date is None

    def whole(self, reviewed: Reviewed[StatementDraft]) -> str:
        draft = reviewed.draft
        who = draft.speaker + (f", {draft.role}" if draft.role and not draft.speaker_id else "")
        new = "" if draft.speaker_id else " (a new actor once accepted)"
        kind = ATTRIBUTION_LABELS.get(draft.attribution, draft.attribution)
        return f"{kind} — {who}{new}:\n{_wrapped(draft.text)}"


class EventsModel(DraftsModel):
    kind = "event"
    headers = ("Title", "Date", "Actors", "Place")

    def rows(self) -> list[Reviewed[EventDraft]]:
        return self.review.events

    def cell(self, reviewed: Reviewed[EventDraft], column: int) -> str:
        draft = reviewed.draft
        if column == 0:
            return draft.title
        if column == 1:
            return draft.date.display()
        if column == 2:
            return ", ".join(draft.actors)
        return draft.place or ""

    def whole(self, reviewed: Reviewed[EventDraft]) -> str:
        draft = reviewed.draft
        text = self.review.drafts.text[draft.start : draft.end]
        return f"{draft.title} — {draft.date.display()}\n{_wrapped(text)}"


def _wrapped(text: str, limit: int = 1200) -> str:
    """A tooltip's words: at most `limit` characters (the article holds the rest)."""
    text = text.strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"
