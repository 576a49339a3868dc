"""The actor, track and source forms, new or edited, on the same form machinery as the item
forms: each field labelled and named as labelled, a refusal shown on its field, a change by
another window shown side by side before anything is overwritten."""

from __future__ import annotations

import sqlite_utils
from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit, QWidget

from app.core.model import ACTOR_KINDS, Actor, Source, Track
from app.services.catalogue import (
    ActorForm,
    SourceForm,
    TrackForm,
    actor_edit,
    source_edit,
    track_edit,
)
from app.services.editing import Edit
from app.store.changes import read_state
from app.ui.editing.form import FormDialog, Saved

ALIASES_HINT = "One per line, in any script: Песков, Peskov"


class ActorDialog(FormDialog):
    def __init__(
        self, db: sqlite_utils.Database, saved: Saved, parent: QWidget, original: Actor | None
    ) -> None:
        seen = read_state(db, [("actor", original.id)]) if original else None
        super().__init__(db, "Edit actor" if original else "New actor", seen, saved, parent)
        self.setObjectName("actorDialog")
        self.original = original
        self.name = _line(self, "Dmitry Peskov")
        self.aliases = QPlainTextEdit(self)
        self.aliases.setPlaceholderText(ALIASES_HINT)
        self.aliases.setFixedHeight(84)
        self.kind = QComboBox(self)
        for kind in ACTOR_KINDS:
            self.kind.addItem(kind.capitalize(), kind)
        self.role = _line(self, "Kremlin spokesman")
        self.affiliation = _line(self, "Kremlin, US administration…")
        self.country = _line(self, "RU, US… (optional)")
        for label, widget in (("Name", self.name), ("Aliases", self.aliases), ("Kind", self.kind),
                              ("Role", self.role), ("Affiliation", self.affiliation),
                              ("Country", self.country)):  # fmt: skip
            self.add_field(label, widget)
        if original is not None:
            _put(self.name, original.name)
            self.aliases.setPlainText("\n".join(original.aliases))
            self.kind.setCurrentIndex(max(0, self.kind.findData(original.kind)))
            _put(self.role, original.role or "")
            _put(self.affiliation, original.affiliation or "")
            _put(self.country, original.country or "")
        self.resize(520, 420)
        self.name.setFocus()

    def build_edit(self) -> Edit:
        form = ActorForm(
            self.name.text(), tuple(self.aliases.toPlainText().splitlines()),
            str(self.kind.currentData()), self.role.text(), self.affiliation.text(),
            self.country.text(),
        )  # fmt: skip
        return actor_edit(self.db, form, self.original)


class TrackDialog(FormDialog):
    def __init__(
        self, db: sqlite_utils.Database, saved: Saved, parent: QWidget, original: Track | None
    ) -> None:
        seen = read_state(db, [("track", original.id)]) if original else None
        super().__init__(db, "Edit track" if original else "New track", seen, saved, parent)
        self.setObjectName("trackDialog")
        self.original = original
        self.name = _line(self, "The Lavrov–Rubio channel")
        self.description = QPlainTextEdit(self)
        self.description.setPlaceholderText("What the track is (optional)")
        self.description.setFixedHeight(96)
        self.colour = _line(self, "#3366aa, or empty for the palette's")
        self.add_field("Name", self.name)
        self.add_field("Description", self.description)
        self.add_field("Colour", self.colour)
        if original is not None:
            _put(self.name, original.name)
            self.description.setPlainText(original.description or "")
            _put(self.colour, original.color or "")
        self.resize(520, 300)
        self.name.setFocus()

    def build_edit(self) -> Edit:
        form = TrackForm(self.name.text(), self.description.toPlainText(), self.colour.text())
        return track_edit(self.db, form, self.original)


class SourceDialog(FormDialog):
    def __init__(
        self, db: sqlite_utils.Database, saved: Saved, parent: QWidget, original: Source | None
    ) -> None:
        seen = read_state(db, [("source", original.id)]) if original else None
        super().__init__(db, "Edit source" if original else "New source", seen, saved, parent)
        self.setObjectName("sourceDialog")
        self.original = original
        self.address = _line(self, "https://… (or empty for a source without one)")
        self.title_field = _line(self, "The article's or document's title")
        self.publisher = _line(self, "Reuters, TASS, the ministry…")
        self.author = _line(self, "(optional)")
        self.published = _line(self, "24 Oct 2025 (optional)")
        self.accessed = _line(self, "When it was read (optional)")
        self.copy = QPlainTextEdit(self)
        self.copy.setPlaceholderText("The source's text as read, kept in case the page goes")
        lines = (("Address", self.address), ("Title", self.title_field),
                 ("Publisher", self.publisher), ("Author", self.author),
                 ("Published", self.published), ("Accessed", self.accessed))  # fmt: skip
        for label, widget in lines:
            self.add_field(label, widget)
        self.add_field("Offline copy", self.copy, grow=True)
        if original is not None:
            _put(self.address, original.url or "")
            _put(self.title_field, original.title or "")
            _put(self.publisher, original.publisher or "")
            _put(self.author, original.author or "")
            _put(self.published, original.published.display() if original.published else "")
            _put(self.accessed, original.accessed.display() if original.accessed else "")
            self.copy.setPlainText(original.archived_text or "")
        self.resize(620, 560)
        self.address.setFocus()

    def build_edit(self) -> Edit:
        form = SourceForm(
            self.address.text(), self.title_field.text(), self.publisher.text(),
            self.author.text(), self.published.text(), self.accessed.text(),
            self.copy.toPlainText(),
        )  # fmt: skip
        return source_edit(self.db, form, self.original)


def _line(parent: QWidget, hint: str) -> QLineEdit:
    line = QLineEdit(parent)
    line.setPlaceholderText(hint)
    return line


def _put(line: QLineEdit, text: str) -> None:
    """A stored value shown from its start (a long title would show its end)."""
    line.setText(text)
    line.setCursorPosition(0)
