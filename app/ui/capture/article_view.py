"""The article under review, as plain text (nothing in it is ever run or loaded), with each
draft's words marked: statements and events in two hues, the chosen draft's stronger and
scrolled into view, drafts left out only underlined. A click on marked words chooses
their draft."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QMouseEvent,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextFormat,
)
from PySide6.QtWidgets import QTextEdit, QWidget

from app.ui.theme import CaptureMarks, capture_marks

_SHIFTING = re.compile("[\U00010000-\U0010ffff]|\r\n")
"""What the document counts otherwise than Python: two places for one character, one
for two."""


@dataclass(frozen=True, slots=True)
class Marked:
    """A draft's words in the article: Python string offsets, end exclusive."""

    kind: str
    """"statement" or "event"."""
    index: int
    spans: tuple[tuple[int, int], ...]
    kept: bool


PARAGRAPH_GAP = 6
"""Pixels between the article's paragraphs, so each reads apart."""


class Positions:
    """Offsets into the article's text (Python indices) as places in the shown document,
    which counts a character beyond the Basic Multilingual Plane as two and a Windows line
    break ("\\r\\n") as one."""

    def __init__(self, text: str) -> None:
        self._starts: list[int] = []
        self._sums: list[int] = []
        total = 0
        for found in _SHIFTING.finditer(text):
            wide = found.group() != "\r\n"
            total += 1 if wide else -1
            self._starts.append(found.end() if wide else found.start() + 1)
            self._sums.append(total)

    def __call__(self, offset: int) -> int:
        count = bisect_left(self._starts, offset + 1)
        return offset + (self._sums[count - 1] if count else 0)


class ArticleView(QTextEdit):
    """`chosen(kind, index)` when the user clicks marked words."""

    chosen = Signal(str, int)

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("captureArticle")
        self.setAccessibleName("The article")
        self.setReadOnly(True)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setLineWrapMode(QTextEdit.LineWrapMode.WidgetWidth)
        self.setPlainText(text)  # as text: markup in the article stays literal
        spaced = QTextBlockFormat()
        spaced.setBottomMargin(PARAGRAPH_GAP)
        whole = QTextCursor(self.document())
        whole.select(QTextCursor.SelectionType.Document)
        whole.mergeBlockFormat(spaced)
        self._position = Positions(text)
        self._marked: list[Marked] = []
        self._current: tuple[str, int] | None = None

    def show_marks(self, marked: Sequence[Marked], current: tuple[str, int] | None) -> None:
        """Mark every draft's words; `current`'s (kind, index) stronger, and in view."""
        self._marked = list(marked)
        self._current = current
        self._paint()
        chosen = next((m for m in marked if (m.kind, m.index) == current), None)
        if chosen is not None and chosen.spans:
            self._scroll_to(chosen.spans[0][0], chosen.spans[-1][1])

    def marked_at(self, position: int) -> Marked | None:
        """The draft whose words are at a place of the document (the chosen one first)."""
        hits = [m for m in self._marked if any(
            self._position(a) <= position < self._position(b) for a, b in m.spans)]  # fmt: skip
        hits.sort(key=lambda m: (m.kind, m.index) != self._current)
        return hits[0] if hits else None

    def mark_colour(self, kind: str, *, chosen: bool) -> QColor:
        marks = capture_marks(self.palette())
        return QColor(_colour(marks, kind, chosen))

    def _paint(self) -> None:
        marks = capture_marks(self.palette())
        selections: list[QTextEdit.ExtraSelection] = []
        chosen_last = sorted(self._marked, key=lambda m: (m.kind, m.index) == self._current)
        for mark in chosen_last:
            current = (mark.kind, mark.index) == self._current
            style = QTextCharFormat()
            colour = QColor(_colour(marks, mark.kind, current))
            if mark.kept or current:
                style.setBackground(colour)
            if current or not mark.kept:
                style.setUnderlineStyle(
                    QTextCharFormat.UnderlineStyle.SingleUnderline
                    if current
                    else QTextCharFormat.UnderlineStyle.DotLine
                )
                style.setUnderlineColor(self.palette().text().color() if current else colour)
            style.setProperty(QTextFormat.Property.FullWidthSelection, False)
            for start, end in mark.spans:
                selection = QTextEdit.ExtraSelection()
                selection.cursor = self._cursor(start, end)
                selection.format = style
                selections.append(selection)
        self.setExtraSelections(selections)

    def _cursor(self, start: int, end: int) -> QTextCursor:
        cursor = QTextCursor(self.document())
        last = max(0, self.document().characterCount() - 1)
        cursor.setPosition(min(self._position(start), last))
        cursor.setPosition(min(self._position(end), last), QTextCursor.MoveMode.KeepAnchor)
        return cursor

    def _scroll_to(self, start: int, end: int) -> None:
        """The words in view: where they are if they are, else from a third of the way down."""
        view = self.viewport().rect()
        first, last = self._cursor(start, start), self._cursor(end, end)
        self.setTextCursor(first)
        top = self.cursorRect(first)
        if view.contains(top) and view.contains(self.cursorRect(last)):
            return
        bar = self.verticalScrollBar()
        bar.setValue(bar.value() + top.top() - view.height() // 3)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        if event.button() != Qt.MouseButton.LeftButton or self.textCursor().hasSelection():
            return
        found = self.marked_at(self.cursorForPosition(event.position().toPoint()).position())
        if found is not None:
            self.chosen.emit(found.kind, found.index)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:  # the theme changed: marks follow
            self._paint()


def _colour(marks: CaptureMarks, kind: str, chosen: bool) -> str:
    if kind == "event":
        return marks.event_chosen if chosen else marks.event
    return marks.statement_chosen if chosen else marks.statement
