"""The statement form, new or edited: who said it (found by any name or alias, or made a new
actor), when as typed, the words, how they are attributed, the language, the event, tracks,
sources, and the analyst's own tags and note. Everything can be done from the keyboard;
Ctrl+Enter saves from anywhere."""

from __future__ import annotations

import sqlite_utils
from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.core.dates import DateSpan
from app.core.model import ATTRIBUTIONS, Statement
from app.services.editing import Edit, FieldError, StatementForm, statement_edit
from app.store.changes import State
from app.store.details import ItemDetail
from app.ui.editing import choices
from app.ui.editing.fields import (
    ID_ROLE,
    NAME_ROLE,
    DateField,
    NameCompleter,
    date_text,
    names_in,
    offered,
)
from app.ui.editing.form import FormDialog, Saved

ATTRIBUTION_LABELS = {
    "direct": "Direct quotation",
    "paraphrase": "Paraphrase",
    "anonymous": "Anonymous source",
}
SOURCES_HINT = "One a line: a web address (pasted), or a stored source's address or id"


class StatementDialog(FormDialog):
    """`detail` is the statement being edited as the side panel read it (None for a new one);
    `seen` the store's state of it when the form opened."""

    def __init__(
        self,
        db: sqlite_utils.Database,
        saved: Saved,
        parent: QWidget | None = None,
        detail: ItemDetail | None = None,
        seen: State | None = None,
        names: dict[str, str] | None = None,
    ) -> None:
        original = detail.record if detail is not None else None
        assert original is None or isinstance(original, Statement)
        super().__init__(db, "Edit statement" if original else "New statement", seen, saved, parent)
        self.setObjectName("statementDialog")
        self.original = original
        self._actors = choices.actors(db)
        self._event_id: str | None = None
        self._event_title = ""
        self.speaker = QLineEdit(self)
        self.speaker.setPlaceholderText("A name or alias in any script: Peskov, Песков")
        NameCompleter(self.speaker, self._actors)
        self.new_speaker = QCheckBox(self)
        self.new_speaker.setObjectName("createSpeaker")
        self.new_speaker.hide()
        self.date = DateField(
            span=False, placeholder="24 Oct 2025, Oct 2025, c. Nov 2025", parent=self
        )
        self.text = QPlainTextEdit(self)
        self.text.setPlaceholderText("The words as said or reported (Ctrl+Enter saves)")
        self.attribution = QComboBox(self)
        for value in ATTRIBUTIONS:
            self.attribution.addItem(ATTRIBUTION_LABELS.get(value, value), value)
        self.language = QLineEdit(self)
        self.language.setPlaceholderText("en, ru, uk… (optional)")
        self.event_field = QLineEdit(self)
        self.event_field.setPlaceholderText("Words of its title, or empty")
        events = NameCompleter(self.event_field, lambda typed: choices.events(db, typed))
        events.activated[QModelIndex].connect(self._event_chosen)  # type: ignore[index]
        self.tracks = QLineEdit(self)
        self.tracks.setPlaceholderText("Names separated by ;")
        NameCompleter(self.tracks, choices.tracks(db), several=True)
        self.sources = QPlainTextEdit(self)
        self.sources.setPlaceholderText(SOURCES_HINT)
        self.sources.setToolTip(SOURCES_HINT)
        speaker_box = _stacked(self, self.speaker, self.new_speaker)
        self.add_field("Speaker", speaker_box, self.speaker)
        self.add_field("Date", self.date, self.date.line)
        self.add_field("Text", self.text, grow=True)
        self.add_field("Attribution", self.attribution)
        self.add_field("Language", self.language)
        self.add_field("Event", self.event_field)
        self.add_field("Tracks", self.tracks)
        self.add_field("Sources", self.sources)
        self.add_tags_and_note("the statement's words")
        self.text.setMinimumHeight(120)
        self.sources.setFixedHeight(72)
        self.speaker.textChanged.connect(self._offer_new_speaker)
        if detail is not None and original is not None:
            self._fill(db, detail, original, names or {})
        self.resize(620, 720)
        self.speaker.setFocus()

    def _fill(
        self,
        db: sqlite_utils.Database,
        detail: ItemDetail,
        s: Statement,
        names: dict[str, str],
    ) -> None:
        speaker = detail.actors[0].name if detail.actors else s.speaker
        self.speaker.setText(choices.shown_name(db, "actors", s.speaker, speaker))
        self.date.line.setText(date_text(DateSpan(s.date), span=False))
        self.text.setPlainText(s.text)
        self.attribution.setCurrentIndex(max(0, self.attribution.findData(s.attribution)))
        self.language.setText(s.language or "")
        if detail.event is not None:
            self._event_id, self._event_title = detail.event.id, detail.event.title
            self.event_field.setText(detail.event.title)
        self.tracks.setText(choices.shown_names(db, "tracks", s.tracks, names))
        self.sources.setPlainText(choices.shown_sources(s.sources, detail))
        self.fill_annotations(s)

    def _offer_new_speaker(self, typed: str) -> None:
        """An unknown name can become a new actor, by choice, never by accident."""
        name = " ".join(typed.split())
        unknown = bool(name) and not offered(self._actors, name)
        self.new_speaker.setText(f"Create actor “{name}”")
        self.new_speaker.setVisible(unknown)
        if not unknown:
            self.new_speaker.setChecked(False)

    def _event_chosen(self, index: QModelIndex) -> None:
        self._event_id = str(index.data(ID_ROLE))
        self._event_title = str(index.data(NAME_ROLE))

    def _event(self) -> str | None:
        typed = " ".join(self.event_field.text().split())
        if not typed:
            return None
        if self._event_id is not None and typed == self._event_title:
            return self._event_id
        found = choices.event_named(self.db, typed)
        if found is None:
            raise FieldError(
                "Event", f"No event is called “{typed}”: pick one from the list, or leave it empty."
            )
        return found

    def build_edit(self) -> Edit:
        note, tags = self.annotations()
        form = StatementForm(
            speaker=self.speaker.text(),
            date=self.date.line.text(),
            text=self.text.toPlainText(),
            attribution=str(self.attribution.currentData()),
            language=self.language.text(),
            event=self._event(),
            tracks=names_in(self.tracks.text()),
            sources=tuple(self.sources.toPlainText().splitlines()),
            new_speaker=self.new_speaker.isVisible() and self.new_speaker.isChecked(),
            note=note,
            tags=tags,
        )
        return statement_edit(self.db, form, self.original)


def _stacked(parent: QWidget, *widgets: QWidget) -> QWidget:
    box = QWidget(parent)
    column = QVBoxLayout(box)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(2)
    for widget in widgets:
        column.addWidget(widget)
    box.setFocusProxy(widgets[0])
    return box
