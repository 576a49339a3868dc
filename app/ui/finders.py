"""The filter panel's finders: a line that narrows a list of actors or tracks to those with a
name or alias holding the typed text anywhere in it, with spaces, in any script, case,
accents and punctuation ignored ("vadim med", "песк", "dmitriev witkoff"), and any
romanisation ("Medinskii" finds Мединский, see `core.spelling`)."""

from __future__ import annotations

import re

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt

from app.core.spelling import spelling_keys
from app.store.records import fold

FoundByRole = Qt.ItemDataRole.UserRole + 10
"""An entry's names and aliases, each in the form `finder_key` gives, for the finder."""

_NOT_A_LETTER = re.compile(r"[\W_]+")


def finder_key(text: str) -> str:
    """A name as the finder compares it: case and accents folded, and every run of spaces
    and punctuation one space, so "Dmitriev–Witkoff" is found by "dmitriev witkoff"."""
    return _NOT_A_LETTER.sub(" ", fold(text)).strip()


def found_by(*names: str) -> tuple[str, ...]:
    """What an entry holds in `FoundByRole`: every name of it, ready to compare, as written
    and as `spelling_keys` spells it, so "Medinskii" finds Мединский."""
    forms = (form for n in names for form in (finder_key(n), spelling_keys(n)))
    return tuple(dict.fromkeys(form for form in forms if form))


class NameFinder(QSortFilterProxyModel):
    """Keeps the entries one of whose names holds the wanted text, and the headings above
    them (a heading is kept while one of its entries is)."""

    def __init__(self, parent: object = None) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self._wanted = ""
        self._spelt = ""

    def find(self, text: str) -> None:
        self._wanted = finder_key(text)
        self._spelt = spelling_keys(text)
        # The pattern itself is not used (Qt escapes spaces and letters outside ASCII in it):
        # setting it is how the list is filtered again on every Qt version.
        self.setFilterFixedString(self._wanted)

    def filterAcceptsRow(self, row: int, parent: QModelIndex | QPersistentModelIndex) -> bool:
        if not self._wanted:
            return True
        model = self.sourceModel()
        index = model.index(row, 0, parent)
        if model.hasChildren(index):
            return any(self.filterAcceptsRow(r, index) for r in range(model.rowCount(index)))
        names = model.data(index, FoundByRole) or ()
        wanted = (self._wanted, self._spelt) if self._spelt else (self._wanted,)
        return any(w in name for name in names for w in wanted)
