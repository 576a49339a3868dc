"""The chosen draft's corrections, under the list: a statement's speaker (an actor the
database knows, or the new one proposed), kind, date, tracks and the event it was said at;
an event's title, date, place and tracks. Each field is taken when the user leaves it (or
presses Enter); one that cannot be read says why under it, naming what was typed, and the
draft keeps its last good value until it is mended."""

from __future__ import annotations

from collections.abc import Callable

import sqlite_utils
from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.core.dates import DateSpan
from app.core.model import Event
from app.services.capture.drafts import StatementDraft
from app.services.capture.reviewing import ATTRIBUTIONS, Review
from app.store.lookup import items_by_id
from app.store.records import fold
from app.ui.editing import choices
from app.ui.editing.fields import ID_ROLE, Choice, DateField, NameCompleter, date_text, names_in
from app.ui.editing.statement_dialog import ATTRIBUTION_LABELS
from app.ui.marks import PROBLEM_COLOUR

ARTICLE_EVENT = "article-event/"
"""Prefix of the ids the Event field offers for the article's own events ("…/2")."""


class _Fields(QWidget):
    """A form whose rows each have a message line under the field."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.form = QFormLayout(self)
        self.form.setContentsMargins(0, 0, 0, 0)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.messages: dict[str, QLabel] = {}
        self.index = -1
        """The row of the draft shown."""
        self.shown: object | None = None
        """The draft shown: a draft loaded again keeps what is typed in its fields."""

    def forget(self) -> None:
        """No draft is shown."""
        self.index, self.shown = -1, None

    def row(self, label: str, field: QWidget) -> None:
        box = QWidget(self)
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(1)
        layout.addWidget(field)
        message = QLabel(box)
        message.setObjectName(f"captureProblem{label}")
        message.setWordWrap(True)
        message.setTextFormat(Qt.TextFormat.PlainText)
        message.hide()
        layout.addWidget(message)
        self.messages[label] = message
        field.setAccessibleName(label)
        self.form.addRow(label, box)

    def show_problems(self, problems: dict[str, str], notes: dict[str, str]) -> None:
        """Each field's problem in red under it, or else its note (muted), or nothing."""
        for name, label in self.messages.items():
            text = problems.get(name) or notes.get(name, "")
            colour = PROBLEM_COLOUR if name in problems else None
            label.setStyleSheet(f"color: {colour};" if colour else "")
            label.setEnabled(bool(colour) or not text)  # a note reads muted (disabled colour)
            label.setText(text)
            label.setVisible(bool(text))


class StatementEditor(_Fields):
    """`corrected(index)` once a field of statement `index` was taken."""

    corrected = Signal(int)

    def __init__(self, review: Review, db: sqlite_utils.Database, parent: QWidget) -> None:
        super().__init__(parent)
        self.review, self._db = review, db
        self._chosen: dict[str, str] = {}
        """Field → id of what was last chosen from its list (the name it goes with is in
        the field)."""
        self.speaker = QLineEdit(self)
        self.speaker.setObjectName("captureSpeaker")
        self._completer(self.speaker, "Speaker", choices.actors(db))
        self.attribution = QComboBox(self)
        for value in ATTRIBUTIONS:
            self.attribution.addItem(ATTRIBUTION_LABELS[value], value)
        self.date = DateField(span=False, placeholder="24 Oct 2025, Oct 2025", parent=self)
        self.date.setObjectName("captureDate")
        self.tracks = QLineEdit(self)
        self.tracks.setPlaceholderText("Tracks, separated by ;")
        NameCompleter(self.tracks, choices.tracks(db), several=True)
        self.event_line = QLineEdit(self)
        self.event_line.setPlaceholderText("The event it was said at, if any")
        self._completer(self.event_line, "Event", self._events)
        for label, field in (("Speaker", self.speaker), ("Kind", self.attribution),
                             ("Date", self.date), ("Tracks", self.tracks),
                             ("Event", self.event_line)):  # fmt: skip
            self.row(label, field)
        self.speaker.editingFinished.connect(self._take_speaker)
        self.attribution.activated.connect(self._take_attribution)
        self.date.line.editingFinished.connect(self._take_date)
        self.tracks.editingFinished.connect(self._take_tracks)
        self.event_line.editingFinished.connect(self._take_event)

    def _completer(
        self, line: QLineEdit, field: str, offered: list[Choice] | Callable[[str], list[Choice]]
    ) -> None:
        """Complete `line` from `offered`; what is chosen from the list is taken by its id."""

        def chosen(index: QModelIndex) -> None:
            self._chosen[field] = str(index.data(ID_ROLE))

        NameCompleter(line, offered).activated[QModelIndex].connect(chosen)  # type: ignore[index]

    def _events(self, typed: str) -> list[Choice]:
        """The article's events whose title holds what is typed, then the database's."""
        wanted = fold(typed.strip())
        own = [
            Choice(f"{ARTICLE_EVENT}{i}", r.draft.title, note="this article")
            for i, r in enumerate(self.review.events)
            if wanted in fold(r.draft.title)
        ]
        return own + choices.events(self._db, typed)

    def load(self, index: int) -> None:
        """Show statement `index`; the one shown already keeps what is typed in its fields
        (a date that could not be read stays there to be mended)."""
        draft = self.review.statements[index].draft
        if index == self.index and draft is self.shown:
            self.refresh()
            return
        self.index, self.shown = index, draft
        self._chosen.clear()
        self.speaker.setText(draft.speaker)
        self.attribution.setCurrentIndex(max(0, self.attribution.findData(draft.attribution)))
        self.date.line.setText(date_text(DateSpan(draft.date), span=False) if draft.date else "")
        names = {t.id: t.name for t in choices.tracks(self._db)}
        self.tracks.setText("; ".join(names.get(t, t) for t in draft.tracks))
        self.event_line.setText(self._event_title(draft))
        self.refresh()

    def _event_title(self, draft: StatementDraft) -> str:
        if draft.event is not None and draft.event < len(self.review.events):
            return self.review.events[draft.event].draft.title
        if draft.event_id is not None:
            self._chosen["Event"] = draft.event_id
            event = items_by_id(self._db, [draft.event_id]).get(draft.event_id)
            return event.title if isinstance(event, Event) else draft.event_id
        return ""

    def refresh(self) -> None:
        """The messages of the draft as it now stands."""
        if not 0 <= self.index < len(self.review.statements):
            return
        reviewed = self.review.statements[self.index]
        draft = reviewed.draft
        if draft.speaker_id is not None:
            speaker = "An actor the database knows"
        else:
            role = f" (“{draft.role}”)" if draft.role else ""
            speaker = f"A new actor{role}, added when you accept"
        problems = dict(reviewed.problems)
        if draft.date is None:
            problems.setdefault("Date", "The article gives no date for it: type the day.")
        self.show_problems(problems, {"Speaker": speaker})
        self.date.understood.setVisible(
            bool(self.date.line.text().strip()) and "Date" not in problems
        )

    def _take_speaker(self) -> None:
        if self.index < 0:
            return
        typed = self.speaker.text()
        chosen = self._chosen.get("Speaker")
        known = next((c for c in choices.actors(self._db) if c.id == chosen), None)
        actor = chosen if known is not None and known.name == " ".join(typed.split()) else None
        self.review.set_speaker(self._db, self.index, typed, actor)
        self._taken()

    def _take_attribution(self, _row: int) -> None:
        if self.index >= 0:
            self.review.set_attribution(self.index, str(self.attribution.currentData()))
            self._taken()

    def _take_date(self) -> None:
        if self.index >= 0:
            self.review.set_date("statement", self.index, self.date.line.text())
            self._taken()

    def _take_tracks(self) -> None:
        if self.index >= 0:
            self.review.set_tracks(self._db, "statement", self.index, names_in(self.tracks.text()))
            self._taken()

    def _take_event(self) -> None:
        if self.index < 0:
            return
        typed = " ".join(self.event_line.text().split())
        chosen = self._chosen.get("Event")
        own = [i for i, r in enumerate(self.review.events) if fold(r.draft.title) == fold(typed)]
        if not typed:
            self.review.set_event(self.index, None, None)
        elif chosen is not None and chosen.startswith(ARTICLE_EVENT):
            self.review.set_event(self.index, int(chosen.removeprefix(ARTICLE_EVENT)), None)
        elif chosen is not None:
            self.review.set_event(self.index, None, chosen)
        elif own:
            self.review.set_event(self.index, own[0], None)
        elif (stored := choices.event_named(self._db, typed)) is not None:
            self.review.set_event(self.index, None, stored)
        else:
            self.review.event_problem(
                self.index, f"No event is called “{typed}”: choose one from the list, or none."
            )
        self._taken()

    def _taken(self) -> None:
        self.refresh()
        self.corrected.emit(self.index)


class EventEditor(_Fields):
    corrected = Signal(int)

    def __init__(self, review: Review, db: sqlite_utils.Database, parent: QWidget) -> None:
        super().__init__(parent)
        self.review, self._db = review, db
        self.title = QLineEdit(self)
        self.date = DateField(span=True, placeholder="24–26 Oct 2025", parent=self)
        self.place = QLineEdit(self)
        self.tracks = QLineEdit(self)
        self.tracks.setPlaceholderText("Tracks, separated by ;")
        NameCompleter(self.tracks, choices.tracks(db), several=True)
        for label, field in (("Title", self.title), ("Date", self.date),
                             ("Place", self.place), ("Tracks", self.tracks)):  # fmt: skip
            self.row(label, field)
        self.title.editingFinished.connect(
            lambda: self._take(lambda i: self.review.set_title(i, self.title.text()))
        )
        self.date.line.editingFinished.connect(
            lambda: self._take(lambda i: self.review.set_date("event", i, self.date.line.text()))
        )
        self.place.editingFinished.connect(
            lambda: self._take(lambda i: self.review.set_place(i, self.place.text()))
        )
        self.tracks.editingFinished.connect(lambda: self._take(self._set_tracks))

    def load(self, index: int) -> None:
        draft = self.review.events[index].draft
        if index == self.index and draft is self.shown:
            self.refresh()
            return
        self.index, self.shown = index, draft
        self.title.setText(draft.title)
        self.date.line.setText(date_text(draft.date, span=True))
        self.place.setText(draft.place or "")
        names = {t.id: t.name for t in choices.tracks(self._db)}
        self.tracks.setText("; ".join(names.get(t, t) for t in draft.tracks))
        self.refresh()

    def refresh(self) -> None:
        if 0 <= self.index < len(self.review.events):
            problems = self.review.events[self.index].problems
            self.show_problems(problems, {})
            self.date.understood.setVisible(
                bool(self.date.line.text().strip()) and "Date" not in problems
            )

    def _set_tracks(self, index: int) -> None:
        self.review.set_tracks(self._db, "event", index, names_in(self.tracks.text()))

    def _take(self, change: Callable[[int], None]) -> None:
        if self.index < 0:
            return
        change(self.index)
        self.refresh()
        self.corrected.emit(self.index)


class DraftEditor(QStackedWidget):
    """The statement or the event form, for the draft chosen in the lists; a hint when
    none is chosen."""

    def __init__(self, review: Review, db: sqlite_utils.Database, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("captureEditor")
        self.hint = QLabel("Choose a draft in the list to correct it here.", self)
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint.setEnabled(False)
        self.statement = StatementEditor(review, db, self)
        self.happening = EventEditor(review, db, self)
        for page in (self.hint, self.statement, self.happening):
            self.addWidget(page)

    def load(self, kind: str | None, index: int) -> None:
        if kind == "statement":
            self.statement.load(index)
            self.setCurrentWidget(self.statement)
        elif kind == "event":
            self.happening.load(index)
            self.setCurrentWidget(self.happening)
        else:
            self.statement.forget()
            self.happening.forget()
            self.setCurrentWidget(self.hint)
