"""Draws a search snippet in the results list with its hits picked out."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF, Qt
from PySide6.QtGui import QFont, QFontMetricsF, QPainter
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from app.store.queries import HIT_END, HIT_START
from app.ui.items_model import Snippet

PADDING_PX = 4.0


def segments(snippet: str) -> list[tuple[str, bool]]:
    """The snippet as (text, is_hit) runs, whitespace folded to single spaces."""
    runs: list[tuple[str, bool]] = []
    for i, part in enumerate(snippet.split(HIT_START)):
        hit, _, rest = part.partition(HIT_END) if i else ("", "", part)
        for text, is_hit in ((hit, True), (rest, False)):
            text = " ".join(text.replace("\n", " ").split(" "))
            if text:
                runs.append((text, is_hit))
    return runs


class SnippetDelegate(QStyledItemDelegate):
    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        snippet = index.data(Snippet)
        if not snippet:
            super().paint(painter, option, index)
            return
        style = option.widget.style() if option.widget else None
        self.initStyleOption(option, index)
        option.text = ""
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget)
        rect = QRectF(option.rect).adjusted(PADDING_PX, 0, -PADDING_PX, 0)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        palette = option.palette
        plain = QFont(option.font)
        bold = QFont(plain)
        bold.setBold(True)
        painter.save()
        painter.setClipRect(rect)
        x = rect.left()
        for text, is_hit in segments(snippet):
            font = bold if is_hit else plain
            metrics = QFontMetricsF(font)
            width = metrics.horizontalAdvance(text)
            if is_hit and not selected:
                painter.fillRect(
                    QRectF(x, rect.top() + 3, width, rect.height() - 6),
                    palette.highlight().color().lighter(170),
                )
            painter.setFont(font)
            painter.setPen(
                palette.highlightedText().color() if selected else palette.text().color()
            )
            painter.drawText(
                QRectF(x, rect.top(), rect.right() - x, rect.height()),
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                text,
            )
            x += width
            if x > rect.right():
                break
        painter.restore()
