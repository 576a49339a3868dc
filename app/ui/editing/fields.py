"""The form fields that understand what is typed: names completed from any alias in any script,
several names on one line, an event found by its words, and a date shown as it was understood."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QCompleter, QLabel, QLineEdit, QVBoxLayout, QWidget

from app.core.dates import DateError, DateSpan, Precision, parse_partial, parse_span
from app.store.records import fold

NAME_ROLE = Qt.ItemDataRole.UserRole + 1
"""What choosing a completion puts in the field (the name, not the line shown)."""
ID_ROLE = Qt.ItemDataRole.UserRole + 2
MAX_OFFERED = 50
SEPARATOR = ";"
_PRECISIONS = {
    Precision.YEAR: "Year",
    Precision.MONTH: "Month",
    Precision.DAY: "Day",
    Precision.MINUTE: "Time",
    Precision.SECOND: "Time",
}


@dataclass(frozen=True, slots=True)
class Choice:
    """A name that can be offered, with the other names it is found by."""

    id: str
    name: str
    aliases: tuple[str, ...] = ()
    note: str = ""
    """Shown after the name in the list (an event's date)."""


def offered(choices: Sequence[Choice], typed: str) -> list[tuple[Choice, str | None]]:
    """The choices whose name or an alias contains `typed`, case and accents aside: those whose
    name starts with it first. Each with the alias it was found by, if not its name."""
    wanted = fold(typed.strip())
    if not wanted:
        return []
    starting: list[tuple[Choice, str | None]] = []
    containing: list[tuple[Choice, str | None]] = []
    for choice in choices:
        if wanted in fold(choice.name):
            bucket = starting if fold(choice.name).startswith(wanted) else containing
            bucket.append((choice, None))
            continue
        alias = next((a for a in choice.aliases if wanted in fold(a)), None)
        if alias is not None:
            containing.append((choice, alias))
    return (starting + containing)[:MAX_OFFERED]


class NameCompleter(QCompleter):
    """Completes a line edit from `choices` by any part of a name or alias; with `several`,
    the line holds names separated by ";" and the last one is completed."""

    def __init__(
        self,
        line: QLineEdit,
        choices: Sequence[Choice] | Callable[[str], Sequence[Choice]],
        *,
        several: bool = False,
    ) -> None:
        super().__init__(line)
        self._line = line
        self._choices = choices
        self._several = several
        self._model = QStandardItemModel(self)
        self.setModel(self._model)
        self.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.setCompletionRole(NAME_ROLE)
        self.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setMaxVisibleItems(10)
        line.setCompleter(self)
        line.textEdited.connect(self.offer)

    def offer(self, text: str) -> None:
        """Fill the list for what is typed now (the last name, with `several`)."""
        typed = text.rsplit(SEPARATOR, 1)[-1] if self._several else text
        self._model.clear()
        found: list[tuple[Choice, str | None]]
        if callable(self._choices):
            found = [(c, None) for c in self._choices(typed)]
        else:
            found = offered(self._choices, typed)
        for choice, alias in found:
            shown = choice.name + (f" — {alias}" if alias else "")
            item = QStandardItem(shown + (f"  ({choice.note})" if choice.note else ""))
            item.setData(choice.name, NAME_ROLE)
            item.setData(choice.id, ID_ROLE)
            item.setEditable(False)
            self._model.appendRow(item)

    def pathFromIndex(self, index: QModelIndex | QPersistentModelIndex) -> str:
        name = str(index.data(NAME_ROLE) or "")
        if not self._several:
            return name
        text = self._line.text()
        earlier = text.rsplit(SEPARATOR, 1)[0] if SEPARATOR in text else ""
        return f"{earlier.rstrip()}{SEPARATOR} {name}" if earlier.strip() else name

    def splitPath(self, path: str) -> list[str]:
        return [path.rsplit(SEPARATOR, 1)[-1].strip() if self._several else path]


def names_in(text: str) -> tuple[str, ...]:
    """The names on a line of several, in order."""
    return tuple(n.strip() for n in text.split(SEPARATOR) if n.strip())


def understood_date(text: str, *, span: bool) -> str:
    """What a typed date was understood as ("Month: Oct 2025, approximate"), or why it was
    not; empty while nothing is typed."""
    if not text.strip():
        return ""
    try:
        when = parse_span(text) if span else DateSpan(parse_partial(text))
    except DateError as error:
        return f"Not a date yet: {error}"
    start, end = when.start, when.end
    kind = _PRECISIONS[start.precision]
    if end is not None:
        kind = f"From {kind.lower()} to {_PRECISIONS[end.precision].lower()}"
    approximate = start.approximate or (end is not None and end.approximate)
    display = when.display().removeprefix("c. ")
    return f"{kind}: {display}" + (", approximate" if approximate else "")


def date_text(when: DateSpan, *, span: bool) -> str:
    """A stored date as a person would type it, if it reads back the same; else its ISO form."""
    shown = when.display()
    try:
        same = (parse_span(shown) if span else DateSpan(parse_partial(shown))) == when
    except DateError:
        same = False
    return shown if same else when.iso()


class DateField(QWidget):
    """A date typed as people write it, with what it was understood as shown under it."""

    def __init__(self, *, span: bool, placeholder: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._span = span
        self.line = QLineEdit(self)
        self.line.setPlaceholderText(placeholder)
        self.understood = QLabel(self)
        self.understood.setObjectName("dateUnderstood")
        self.understood.setTextFormat(Qt.TextFormat.PlainText)
        self.understood.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.line)
        layout.addWidget(self.understood)
        self.line.textChanged.connect(self._show)
        self.setFocusProxy(self.line)
        self._show(self.line.text())

    def _show(self, text: str) -> None:
        self.understood.setText(understood_date(text, span=self._span))
        self.understood.setVisible(bool(text.strip()))
