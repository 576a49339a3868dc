"""Draws a search snippet in the results list with its hits picked out."""

from __future__ import annotations

import re

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF, Qt
from PySide6.QtGui import QFont, QFontMetricsF, QPainter
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from app.store.queries import HIT_END, HIT_START
from app.ui.items_model import Snippet

PADDING_PX = 4.0
LEAD_SHARE = 0.3
"""How much of the column the words before a hit may keep when they are cut."""


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


_PLACE_LABEL = re.compile(r"matched in [^:]*: ")
"""The label a snippet from somewhere other than the item's own words starts with."""


def around_first_hit(
    runs: list[tuple[str, bool]], room: float, metrics: QFontMetricsF
) -> list[tuple[str, bool]]:
    """The runs as they fit `room` px: when the first hit would fall past the right edge,
    the words before it are cut from the left ("…the words before") so that the hit shows
    with some of what led to it, rather than the column ending before the matched word."""
    first = next((n for n, (_text, is_hit) in enumerate(runs) if is_hit), None)
    if not first:  # no hit, or the text starts with it
        return runs
    label = _PLACE_LABEL.match(runs[0][0])
    if label:  # where it matched stays in sight ("matched in its event: …lution 2803")
        head = label[0]
        rest = [(runs[0][0][len(head) :], False), *runs[1:]]
        room_left = room - metrics.horizontalAdvance(head)
        return [(head, False), *around_first_hit(rest, room_left, metrics)]
    before = " ".join(text.strip() for text, _ in runs[:first]) + " "
    hit_width = metrics.horizontalAdvance(runs[first][0])
    if metrics.horizontalAdvance(before) + hit_width <= room:
        return runs
    lead = max(metrics.horizontalAdvance("…"), min(room * LEAD_SHARE, room - hit_width))
    return [(metrics.elidedText(before, Qt.TextElideMode.ElideLeft, lead), False), *runs[first:]]


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
        for text, is_hit in around_first_hit(segments(snippet), rect.width(), QFontMetricsF(plain)):
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
