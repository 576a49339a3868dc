"""The event form, new or edited: title, kind, date or range as typed, place, summary, actors
(by any name or alias), tracks, sources, and the analyst's own tags and note. A vote's tally is
kept as it was."""

from __future__ import annotations

import sqlite_utils
from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit, QWidget

from app.core.model import EVENT_KINDS, Event
from app.services.editing import Edit, EventForm, event_edit
from app.store.changes import State
from app.store.details import ItemDetail
from app.ui.editing import choices
from app.ui.editing.fields import DateField, NameCompleter, date_text, names_in
from app.ui.editing.form import FormDialog, Saved
from app.ui.editing.statement_dialog import SOURCES_HINT


class EventDialog(FormDialog):
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
        assert original is None or isinstance(original, Event)
        super().__init__(db, "Edit event" if original else "New event", seen, saved, parent)
        self.setObjectName("eventDialog")
        self.original = original
        self.title = QLineEdit(self)
        self.title.setPlaceholderText("What happened: Lavrov and Rubio speak by phone")
        self.kind = QComboBox(self)
        for kind in EVENT_KINDS:
            self.kind.addItem(kind.capitalize(), kind)
        self.date = DateField(
            span=True, placeholder="24 Oct 2025, 24–26 Oct 2025, Oct 2025", parent=self
        )
        self.place = QLineEdit(self)
        self.place.setPlaceholderText("City, venue (optional)")
        self.summary = QPlainTextEdit(self)
        self.summary.setPlaceholderText("What is known of it (optional; Ctrl+Enter saves)")
        self.actors = QLineEdit(self)
        self.actors.setPlaceholderText("Names or aliases separated by ;")
        NameCompleter(self.actors, choices.actors(db), several=True)
        self.tracks = QLineEdit(self)
        self.tracks.setPlaceholderText("Names separated by ;")
        NameCompleter(self.tracks, choices.tracks(db), several=True)
        self.sources = QPlainTextEdit(self)
        self.sources.setPlaceholderText(SOURCES_HINT)
        self.sources.setToolTip(SOURCES_HINT)
        self.add_field("Title", self.title)
        self.add_field("Kind", self.kind)
        self.add_field("Date", self.date, self.date.line)
        self.add_field("Place", self.place)
        self.add_field("Summary", self.summary, grow=True)
        self.add_field("Actors", self.actors)
        self.add_field("Tracks", self.tracks)
        self.add_field("Sources", self.sources)
        self.add_tags_and_note("the event's summary")
        self.summary.setMinimumHeight(100)
        self.sources.setFixedHeight(72)
        if detail is not None and original is not None:
            self._fill(db, detail, original, names or {})
        self.resize(620, 680)
        self.title.setFocus()

    def _fill(
        self, db: sqlite_utils.Database, detail: ItemDetail, e: Event, names: dict[str, str]
    ) -> None:
        self.title.setText(e.title)
        self.kind.setCurrentIndex(max(0, self.kind.findData(e.kind)))
        self.date.line.setText(date_text(e.when, span=True))
        self.place.setText(e.place or "")
        self.summary.setPlainText(e.summary or "")
        self.actors.setText(choices.shown_names(db, "actors", e.actors, names))
        self.tracks.setText(choices.shown_names(db, "tracks", e.tracks, names))
        self.sources.setPlainText(choices.shown_sources(e.sources, detail))
        self.fill_annotations(e)

    def build_edit(self) -> Edit:
        note, tags = self.annotations()
        form = EventForm(
            title=self.title.text(),
            kind=str(self.kind.currentData()),
            date=self.date.line.text(),
            place=self.place.text(),
            summary=self.summary.toPlainText(),
            actors=names_in(self.actors.text()),
            tracks=names_in(self.tracks.text()),
            sources=tuple(self.sources.toPlainText().splitlines()),
            note=note,
            tags=tags,
        )
        return event_edit(self.db, form, self.original)
