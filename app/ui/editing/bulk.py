"""The small dialogs of the bulk verbs, and the words that say what each did: a tag to add to
the selected items or take from them, and a track or a kind picked from a list. Each dialog
hands what was chosen to `submit`, which writes it as one step and answers None (the dialog
closes) or why it was not done (shown in the dialog, which stays open as it was)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.model import EVENT_KINDS

TagSubmit = Callable[[str, bool], str | None]
"""Told the tag typed and whether to add it (else remove it)."""
PickSubmit = Callable[[str], str | None]
"""Told the value of the entry picked."""
BulkDialog = TypeVar("BulkDialog", "TagDialog", "PickDialog")
DIALOG_CHARS = 60
"""The dialogs' width, in characters: a refusal quoting the tag reads in two lines."""
LIST_ROWS = 10
"""Entries a pick list shows before it scrolls."""


@dataclass(frozen=True, slots=True)
class Said:
    """What the status bar says once a bulk verb is done: `done(count)` of the items it
    changed, or `unchanged` when none needed it."""

    done: Callable[[int], str]
    unchanged: str


def tag_said(tag: str, *, add: bool) -> Said:
    tag = tag.strip()
    if add:
        return Said(
            lambda n: f"Tagged {items(n)} “{tag}”",
            f"Nothing to tag: every selected item already carries “{tag}”",
        )
    return Said(
        lambda n: f"Took the tag “{tag}” off {items(n)}",
        f"Nothing to untag: no selected item carries “{tag}”",
    )


def track_said(name: str, *, add: bool) -> Said:
    if add:
        return Said(
            lambda n: f"Added {items(n)} to “{name}”",
            f"Nothing to add: every selected item is already on “{name}”",
        )
    return Said(
        lambda n: f"Took {items(n)} off “{name}”",
        f"Nothing to remove: no selected item is on “{name}”",
    )


def kind_said(kind: str, statements_kept: bool) -> Said:
    kept = " (the statements keep theirs)" if statements_kept else ""
    return Said(
        lambda n: f"Set {n:,} event{'s' if n != 1 else ''} to “{kind}”{kept}",
        f"Nothing to change: every selected event is already “{kind}”",
    )


def items(n: int) -> str:
    return f"{n:,} item{'s' if n != 1 else ''}"


class _BulkDialog(QDialog):
    """A prompt over one field, a message under it (hidden until something is refused), and
    the buttons."""

    def __init__(self, name: str, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setWindowTitle(title)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * DIALOG_CHARS)
        self.problem = QLabel(self)
        self.problem.setObjectName("bulkProblem")
        self.problem.setTextFormat(Qt.TextFormat.PlainText)  # it may quote what was typed
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("font-weight: bold")
        self.problem.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.rejected.connect(self.reject)

    def lay_out(self, prompt: str, label: str, field: QWidget) -> None:
        """`label` names the field for screen readers."""
        field.setAccessibleName(label)
        caption = QLabel(prompt, self)
        caption.setTextFormat(Qt.TextFormat.PlainText)
        caption.setWordWrap(True)
        caption.setBuddy(field)
        layout = QVBoxLayout(self)
        for widget in (caption, field, self.problem, self.buttons):
            layout.addWidget(widget)
        field.setFocus(Qt.FocusReason.OtherFocusReason)

    def button(self, text: str, name: str, role: QDialogButtonBox.ButtonRole) -> QPushButton:
        button = self.buttons.addButton(text, role)
        button.setObjectName(name)
        return button

    def answer(self, problem: str | None) -> None:
        """Close when it was done; else say why under the field, keeping what was chosen."""
        if problem is None:
            self.accept()
            return
        self.problem.setText(problem)
        self.problem.show()
        self.adjustSize()  # room for the message, whose height was unknown when it opened


class TagDialog(_BulkDialog):
    """A tag, completed from those in use, to add to the selected items or take from them."""

    def __init__(
        self, count: int, tags: Sequence[str], submit: TagSubmit, parent: QWidget | None = None
    ) -> None:
        super().__init__("tagDialog", "Tag selected items", parent)
        self._submit = submit
        self.tag = QLineEdit(self)
        self.tag.setObjectName("tagLine")
        self.tag.setPlaceholderText("brief, follow up, check source…")
        completer = QCompleter(list(tags), self.tag)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.tag.setCompleter(completer)
        self.add = self.button("&Add", "addTag", QDialogButtonBox.ButtonRole.AcceptRole)
        self.remove = self.button("&Remove", "removeTag", QDialogButtonBox.ButtonRole.ActionRole)
        self.add.setDefault(True)
        self.add.clicked.connect(lambda: self._done(add=True))
        self.remove.clicked.connect(lambda: self._done(add=False))
        self.lay_out(f"Tag for the {_selected(count)}:", "Tag", self.tag)

    def _done(self, *, add: bool) -> None:
        popup = self.tag.completer().popup()
        if popup is not None:
            popup.hide()
        self.answer(self._submit(self.tag.text(), add))


class PickDialog(_BulkDialog):
    """One entry picked from a list (a track, a kind): Enter, a double-click or the button
    applies it to the selected items; typing its first letters goes to it."""

    def __init__(
        self,
        title: str,
        prompt: str,
        label: str,
        entries: Sequence[tuple[str, str]],
        verb: str,
        submit: PickSubmit,
        parent: QWidget | None = None,
    ) -> None:
        """`entries` are (value, text shown); `label` names the list for screen readers."""
        super().__init__("pickDialog", title, parent)
        self._submit = submit
        self.choices = QListWidget(self)
        self.choices.setObjectName("pickList")
        for value, text in entries:
            entry = QListWidgetItem(text, self.choices)
            entry.setData(Qt.ItemDataRole.UserRole, value)
        self.choices.setCurrentRow(0)
        rows = min(LIST_ROWS, max(1, len(entries)))
        self.choices.setMinimumHeight(self.choices.sizeHintForRow(0) * rows + 6)
        # Enter reaches the default button; a double-click applies the entry clicked.
        self.choices.itemDoubleClicked.connect(lambda _entry: self._done())
        self.apply = self.button(verb, "applyPick", QDialogButtonBox.ButtonRole.AcceptRole)
        self.apply.setDefault(True)
        self.apply.clicked.connect(self._done)
        self.lay_out(prompt, label, self.choices)

    def pick(self, value: str) -> None:
        """Make the entry of `value` the current one."""
        for row in range(self.choices.count()):
            if self.choices.item(row).data(Qt.ItemDataRole.UserRole) == value:
                self.choices.setCurrentRow(row)

    def _done(self) -> None:
        entry = self.choices.currentItem()
        if entry is None:
            self.answer("Pick one from the list first.")
            return
        self.answer(self._submit(str(entry.data(Qt.ItemDataRole.UserRole))))


def track_dialog(
    tracks: Sequence[tuple[str, str]], count: int, submit: PickSubmit, parent: QWidget, *, add: bool
) -> PickDialog:
    """`tracks` are (id, name)."""
    prompt = (
        f"Track to put the {_selected(count)} on:"
        if add
        else f"Track to take the {_selected(count)} off:"
    )
    title, verb = ("Add to track", "&Add") if add else ("Remove from track", "&Remove")
    return PickDialog(title, prompt, "Track", tracks, verb, submit, parent)


def kind_dialog(
    events: int, statements_kept: bool, submit: PickSubmit, parent: QWidget
) -> PickDialog:
    what = "selected event" if events == 1 else f"{events:,} selected events"
    kept = " (the statements selected keep theirs)" if statements_kept else ""
    entries = [(kind, kind.capitalize()) for kind in EVENT_KINDS]
    return PickDialog(
        "Set kind", f"Kind of the {what}{kept}:", "Kind", entries, "&Set kind", submit, parent
    )


def _selected(count: int) -> str:
    return "selected item" if count == 1 else f"{count:,} selected items"
