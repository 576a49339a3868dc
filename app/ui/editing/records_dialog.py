"""Edit → Actors, tracks and sources…: every actor, track and source, found by any part of any
name or alias in any script, made, changed, removed or merged from one place.

What it writes goes through the window's `apply_edit` (one undo step each, every view reads
again) or the forms' own saving; the lists read again whenever the window has.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

import sqlite_utils
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QInputDialog,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.core.model import Actor, Source, Track
from app.formats.builder import fold
from app.services.catalogue import remove_record_edit
from app.services.editing import Edit, FieldError, merge_actors_edit
from app.services.merging import merge_sources_edit
from app.store.changes import Change, Kind, read_state
from app.store.references import all_ids
from app.ui.editing.form import FormDialog, Saved
from app.ui.editing.record_forms import ActorDialog, SourceDialog, TrackDialog

ApplyEdit = Callable[[Edit], object]
KINDS: tuple[Kind, ...] = ("actor", "track", "source")
TITLES = {"actor": "Actors", "track": "Tracks", "source": "Sources"}


@dataclass(frozen=True, slots=True)
class Entry:
    id: str
    shown: str
    """What the list shows: a name, or a source's title and address."""
    words: str
    """Every name and alias, folded, for the finder."""


class RecordsDialog(QDialog):
    def __init__(
        self,
        db: sqlite_utils.Database,
        saved: Saved,
        apply_edit: ApplyEdit,
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("recordsDialog")
        self.setWindowTitle("Actors, tracks and sources")
        self._db, self._apply = db, apply_edit

        def saved_here(change: Change | None, item: str | None) -> None:
            saved(change, item)
            self.refresh()

        self._saved: Saved = saved_here
        self.form: FormDialog | None = None
        self.tabs = QTabWidget(self)
        self.pages = {kind: _Page(kind, self) for kind in KINDS}
        for kind, page in self.pages.items():
            self.tabs.addTab(page, TITLES[kind])
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(close)
        self.resize(640, 520)
        self.refresh()

    def refresh(self) -> None:
        """Read every list again (after any change, here or elsewhere)."""
        for kind, page in self.pages.items():
            page.fill(_entries(self._db, kind))

    def page(self, kind: Kind) -> _Page:
        return self.pages[kind]

    def open_form(self, kind: Kind, record_id: str | None) -> FormDialog:
        record = (
            read_state(self._db, [(kind, record_id)]).record(kind, record_id) if record_id else None
        )
        form: FormDialog
        if kind == "actor":
            form = ActorDialog(self._db, self._saved, self, _as(record, Actor))
        elif kind == "track":
            form = TrackDialog(self._db, self._saved, self, _as(record, Track))
        else:
            form = SourceDialog(self._db, self._saved, self, _as(record, Source))
        form.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.form = form
        form.open()
        return form

    def remove(self, kind: Kind, record_id: str) -> None:
        self._write(lambda: remove_record_edit(self._db, kind, record_id), kind)

    def merge(self, kind: Kind, other: str, keep: str) -> None:
        if kind == "actor":
            self._write(lambda: merge_actors_edit(self._db, keep, other), kind)
        else:
            self._write(lambda: merge_sources_edit(self._db, keep, other), kind)

    def _write(self, make: Callable[[], Edit], kind: Kind) -> None:
        page = self.pages[kind]
        try:
            edit = make()
        except FieldError as error:
            page.say(str(error))
            return
        self._apply(edit)
        self.refresh()


class _Page(QWidget):
    """One kind's list with its finder and buttons."""

    def __init__(self, kind: Kind, dialog: RecordsDialog) -> None:
        super().__init__(dialog)
        self.kind = kind
        self._dialog = dialog
        self._entries: list[Entry] = []
        self.finder = QLineEdit(self)
        self.finder.setObjectName(f"{kind}Finder")
        self.finder.setPlaceholderText("Find by any part of a name or alias, in any script")
        self.finder.setAccessibleName(f"Find {TITLES[kind].lower()}")
        self.finder.setClearButtonEnabled(True)
        self.finder.textChanged.connect(self._show)
        self.list = QListWidget(self)
        self.list.setObjectName(f"{kind}List")
        self.list.setAccessibleName(TITLES[kind])
        self.list.itemDoubleClicked.connect(lambda _item: self._edit())
        self.message = QLineEdit(self)
        self.message.setReadOnly(True)
        self.message.setFrame(False)
        self.message.hide()
        buttons = QHBoxLayout()
        for text, slot in (("New…", self._new), ("Edit…", self._edit), ("Remove", self._remove)):
            button = QPushButton(text, self)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        if kind != "track":
            merge = QPushButton("Merge into…", self)
            merge.clicked.connect(self._merge)
            buttons.addWidget(merge)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.finder)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.message)
        layout.addLayout(buttons)

    def fill(self, entries: list[Entry]) -> None:
        self._entries = entries
        self._show()

    def shown(self) -> list[str]:
        """The ids listed, as the finder leaves them (for tests)."""
        return [
            str(self.list.item(i).data(Qt.ItemDataRole.UserRole)) for i in range(self.list.count())
        ]

    def choose(self, record_id: str) -> None:
        for i in range(self.list.count()):
            if self.list.item(i).data(Qt.ItemDataRole.UserRole) == record_id:
                self.list.setCurrentRow(i)

    def say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setToolTip(text)
        self.message.show()

    def _show(self) -> None:
        wanted = " ".join(fold(self.finder.text()).split())
        self.list.clear()
        for entry in self._entries:
            if wanted and wanted not in entry.words:
                continue
            item = QListWidgetItem(entry.shown, self.list)
            item.setData(Qt.ItemDataRole.UserRole, entry.id)
            item.setToolTip(entry.shown)

    def _current(self) -> str | None:
        item = self.list.currentItem()
        return None if item is None else str(item.data(Qt.ItemDataRole.UserRole))

    def _new(self) -> None:
        self._dialog.open_form(self.kind, None)

    def _edit(self) -> None:
        chosen = self._current()
        if chosen is None:
            self.say("Choose one in the list first.")
            return
        self._dialog.open_form(self.kind, chosen)

    def _remove(self) -> None:
        chosen = self._current()
        if chosen is None:
            self.say("Choose one in the list first.")
            return
        self._dialog.remove(self.kind, chosen)

    def _merge(self) -> None:
        chosen = self._current()
        if chosen is None:
            self.say("Choose the one to merge away first.")
            return
        others = [e for e in self._entries if e.id != chosen]
        names = [e.shown for e in others]
        picked, ok = QInputDialog.getItem(
            self, "Merge into", "Keep this one (the other's names become its aliases):", names,
            0, False,
        )  # fmt: skip
        if ok and picked in names:
            self._dialog.merge(self.kind, chosen, others[names.index(picked)].id)


def _entries(db: sqlite_utils.Database, kind: Kind) -> list[Entry]:
    state = read_state(db, [(kind, i) for i in all_ids(db, kind)])
    entries = [_entry(r) for r in state.records.values() if r is not None]
    return sorted(entries, key=lambda e: fold(e.shown))


R = TypeVar("R", Actor, Track, Source)


def _as(record: object, wanted: type[R]) -> R | None:
    return record if isinstance(record, wanted) else None


def _entry(record: object) -> Entry:
    if isinstance(record, Actor):
        names = (record.name, *record.aliases)
        return Entry(record.id, record.name, fold(" | ".join(names)))
    if isinstance(record, Track):
        return Entry(record.id, record.name, fold(record.name))
    assert isinstance(record, Source)
    shown = " — ".join(x for x in (record.title, record.publisher, record.url) if x) or record.id
    return Entry(record.id, shown, fold(shown))
