"""The filter panel: actors (grouped by affiliation, searchable), tracks with their colours,
kinds, and a date range typed as partial dates. Every change becomes one Filter, debounced."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, replace

from PySide6.QtCore import QSortFilterProxyModel, Qt, QTimer, Signal
from PySide6.QtGui import QIcon, QPixmap, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from app.core.dates import DateError, parse_span
from app.core.filter import Filter
from app.core.model import EVENT_KINDS, STATEMENT
from app.drawing.theme import LIGHT, Theme
from app.store.records import fold

DEBOUNCE_MS = 250
IdRole = Qt.ItemDataRole.UserRole + 1
NameRole = Qt.ItemDataRole.UserRole + 2
ColourRole = Qt.ItemDataRole.UserRole + 3
NO_AFFILIATION = "Other"


@dataclass(frozen=True, slots=True)
class ActorEntry:
    id: str
    name: str
    group: str
    """Affiliation, or country, or "Other": the heading the actor is listed under."""
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class TrackEntry:
    id: str
    name: str
    color: str | None


class _ActorSearch(QSortFilterProxyModel):
    """Keeps actors whose name or alias holds the typed text, and their group headings."""

    def filterAcceptsRow(self, row: int, parent: object) -> bool:
        model = self.sourceModel()
        index = model.index(row, 0, parent)  # type: ignore[arg-type]
        needle = self.filterRegularExpression().pattern().casefold()
        if not needle:
            return True
        if model.hasChildren(index):
            return any(self.filterAcceptsRow(r, index) for r in range(model.rowCount(index)))
        return fold(needle) in fold(str(model.data(index, NameRole) or ""))


class FilterPanel(QWidget):
    """Emits `filterChanged(Filter)` a moment after the last change (typing, ticking)."""

    filterChanged = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("filterPanel")
        self.setAccessibleName("Filters")
        self._theme: Theme = LIGHT
        self._text = ""
        self._advanced = False
        self._quiet = False
        self._counts: dict[str, dict[str, int]] = {}
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self._emit)
        self._actor_names: dict[str, str] = {}
        self._track_names: dict[str, str] = {}

        self.actor_search = QLineEdit(self)
        self.actor_search.setObjectName("actorSearch")
        self.actor_search.setPlaceholderText("Find an actor…")
        self.actor_search.setClearButtonEnabled(True)
        self.actor_search.setAccessibleName("Find an actor")
        self.actor_model = QStandardItemModel(self)
        self._actor_proxy = _ActorSearch(self)
        self._actor_proxy.setSourceModel(self.actor_model)
        self._actor_proxy.setRecursiveFilteringEnabled(False)
        self.actor_search.textChanged.connect(self._find_actor)
        self.actor_view = QTreeView(self)
        self.actor_view.setObjectName("actorList")
        self.actor_view.setAccessibleName("Actors")
        self.actor_view.setHeaderHidden(True)
        self.actor_view.setModel(self._actor_proxy)
        self.actor_view.setUniformRowHeights(True)

        self.track_model = QStandardItemModel(self)
        self.track_view = QListView(self)
        self.track_view.setObjectName("trackList")
        self.track_view.setAccessibleName("Diplomatic tracks")
        self.track_view.setModel(self.track_model)

        self.kind_model = QStandardItemModel(self)
        self.kind_view = QListView(self)
        self.kind_view.setObjectName("kindList")
        self.kind_view.setAccessibleName("Kinds")
        self.kind_view.setModel(self.kind_model)
        for kind in (STATEMENT, *EVENT_KINDS):
            item = QStandardItem(kind.capitalize())
            item.setCheckable(True)
            item.setEditable(False)
            item.setData(kind, IdRole)
            item.setData(kind.capitalize(), NameRole)
            self.kind_model.appendRow(item)

        self.date_from = QLineEdit(self)
        self.date_from.setObjectName("dateFrom")
        self.date_from.setPlaceholderText("e.g. 2025 or Oct 2025")
        self.date_from.setAccessibleName("From date")
        self.date_to = QLineEdit(self)
        self.date_to.setObjectName("dateTo")
        self.date_to.setPlaceholderText("e.g. Nov 2025")
        self.date_to.setAccessibleName("To date")
        self.date_error = QLabel(self)
        self.date_error.setObjectName("dateError")
        self.date_error.setWordWrap(True)
        self.date_error.hide()
        self.clear_button = QPushButton("Clear filters", self)
        self.clear_button.setObjectName("clearFilters")
        self.clear_button.clicked.connect(self.clear)

        for model in (self.actor_model, self.track_model, self.kind_model):
            model.itemChanged.connect(self._changed)
        for edit in (self.date_from, self.date_to):
            edit.textChanged.connect(self._changed)

        actors = QGroupBox("Actors", self)
        box = QVBoxLayout(actors)
        box.addWidget(self.actor_search)
        box.addWidget(self.actor_view)
        tracks = QGroupBox("Tracks", self)
        QVBoxLayout(tracks).addWidget(self.track_view)
        kinds = QGroupBox("Kinds", self)
        QVBoxLayout(kinds).addWidget(self.kind_view)
        dates = QGroupBox("Dates", self)
        form = QFormLayout(dates)
        form.addRow("From", self.date_from)
        form.addRow("To", self.date_to)
        form.addRow(self.date_error)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(actors, 3)
        layout.addWidget(tracks, 2)
        layout.addWidget(kinds, 1)
        layout.addWidget(dates, 0)
        layout.addWidget(self.clear_button, 0)
        self.kind_view.setMaximumHeight(self.kind_view.sizeHintForRow(0) * 5 + 8)
        self.setTabOrder(self.actor_search, self.actor_view)
        self.setTabOrder(self.actor_view, self.track_view)
        self.setTabOrder(self.track_view, self.kind_view)
        self.setTabOrder(self.kind_view, self.date_from)
        self.setTabOrder(self.date_from, self.date_to)
        self.setTabOrder(self.date_to, self.clear_button)

    # What there is to choose from

    def set_choices(self, actors: Iterable[ActorEntry], tracks: Iterable[TrackEntry]) -> None:
        chosen_actors, chosen_tracks = self.chosen("actors"), self.chosen("tracks")
        with self._quietly():
            self.actor_model.clear()
            groups: dict[str, QStandardItem] = {}
            for actor in sorted(
                actors, key=lambda a: (a.group == NO_AFFILIATION, a.group, a.name.casefold())
            ):
                heading = groups.get(actor.group)
                if heading is None:
                    heading = QStandardItem(actor.group)
                    heading.setEditable(False)
                    heading.setSelectable(False)
                    groups[actor.group] = heading
                    self.actor_model.appendRow(heading)
                item = QStandardItem(actor.name)
                item.setCheckable(True)
                item.setEditable(False)
                item.setData(actor.id, IdRole)
                item.setData(" ".join((actor.name, *actor.aliases)), NameRole)
                item.setToolTip(", ".join(actor.aliases) if actor.aliases else actor.name)
                if actor.id in chosen_actors:
                    item.setCheckState(Qt.CheckState.Checked)
                heading.appendRow(item)
            self._actor_names = {a.id: a.name for a in actors}
            self.track_model.clear()
            for track in tracks:
                item = QStandardItem(_swatch(track.color, self._theme), track.name)
                item.setData(track.color, ColourRole)
                item.setCheckable(True)
                item.setEditable(False)
                item.setData(track.id, IdRole)
                item.setData(track.name, NameRole)
                if track.id in chosen_tracks:
                    item.setCheckState(Qt.CheckState.Checked)
                self.track_model.appendRow(item)
            self._track_names = {t.id: t.name for t in tracks}
        self.actor_view.expandAll()

    def set_counts(self, facet: str, counts: Mapping[str, int]) -> None:
        """Show beside each choice how many items it would select."""
        with self._quietly():
            for item in self._items(facet):
                name = (
                    item.data(NameRole)
                    if facet != "actors"
                    else self._actor_names.get(item.data(IdRole), item.text())
                )
                n = counts.get(item.data(IdRole), 0)
                item.setText(f"{name}  ({n:,})")
                # Choices that would select nothing are muted; the others take the
                # palette's text colour at paint time, so a theme change reaches them.
                item.setData(
                    self.palette().placeholderText() if n == 0 else None,
                    Qt.ItemDataRole.ForegroundRole,
                )
        self._counts[facet] = dict(counts)

    def refresh_colours(self, theme: Theme) -> None:
        """After a theme change: the tracks' swatches as the timeline draws them, and the
        empty choices muted in the new palette's colour."""
        self._theme = theme
        with self._quietly():
            for item in self._items("tracks"):
                item.setIcon(_swatch(item.data(ColourRole), theme))
        for facet, counts in self._counts.items():
            self.set_counts(facet, counts)

    # What is chosen

    def chosen(self, facet: str) -> set[str]:
        return {
            item.data(IdRole)
            for item in self._items(facet)
            if item.checkState() == Qt.CheckState.Checked
        }

    def choose(self, facet: str, value: str, on: bool = True) -> bool:
        """Tick (or untick) one actor, track or kind, as a click on a chip does."""
        for item in self._items(facet):
            if item.data(IdRole) == value:
                item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
                return True
        return False

    def set_text(self, text: str, advanced: bool) -> None:
        """The search box's words, part of the same Filter."""
        if (text, advanced) != (self._text, self._advanced):
            self._text, self._advanced = text, advanced
            self._changed()

    def set_filter(self, f: Filter, date_from: str = "", date_to: str = "") -> None:
        """Show a Filter (restored at start) without announcing it as a change."""
        with self._quietly():
            for facet, values in (("actors", f.actors), ("tracks", f.tracks), ("kinds", f.kinds)):
                for item in self._items(facet):
                    checked = item.data(IdRole) in values
                    item.setCheckState(
                        Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
                    )
            self.date_from.setText(date_from)
            self.date_to.setText(date_to)
            self._text, self._advanced = f.text, f.advanced
        self._check_dates()

    def dates_typed(self) -> tuple[str, str]:
        return self.date_from.text().strip(), self.date_to.text().strip()

    def current(self) -> Filter:
        """The Filter the panel shows now. A date that does not parse is left out (and
        marked), so typing "Oct 20" on the way to "Oct 2025" never blanks the window."""
        start, end = self._check_dates()
        f = Filter(
            actors=frozenset(self.chosen("actors")),
            tracks=frozenset(self.chosen("tracks")),
            kinds=frozenset(self.chosen("kinds")),
            text=self._text.strip(),
            advanced=self._advanced,
        )
        return replace(f, start=start, end=end)

    def clear(self) -> None:
        with self._quietly():
            for facet in ("actors", "tracks", "kinds"):
                for item in self._items(facet):
                    item.setCheckState(Qt.CheckState.Unchecked)
            for edit in (self.date_from, self.date_to):
                edit.clear()
        self.actor_search.clear()
        self._changed()
        self.flush()

    def flush(self) -> None:
        """Apply a pending change now instead of after the pause."""
        if self._timer.isActive():
            self._timer.stop()
            self._emit()

    def _check_dates(self) -> tuple[int | None, int | None]:
        problems = []
        bounds: list[int | None] = []
        for edit, label, last in ((self.date_from, "From", False), (self.date_to, "To", True)):
            typed = edit.text().strip()
            if not typed:
                bounds.append(None)
                edit.setStyleSheet("")
                continue
            try:
                span = parse_span(typed)
            except DateError as error:
                problems.append(f"{label}: {error}")
                edit.setStyleSheet("border: 1px solid #d32f2f;")
                bounds.append(None)
                continue
            edit.setStyleSheet("")
            bounds.append(span.last_second if last else span.first_second)
        self.date_error.setText("\n".join(problems))
        self.date_error.setVisible(bool(problems))
        return bounds[0], bounds[1]

    def _changed(self, *_: object) -> None:
        if not self._quiet:
            self._timer.start()

    @contextmanager
    def _quietly(self) -> Iterator[None]:
        """Change the lists and fields without taking it for the user's doing."""
        self._quiet = True
        try:
            yield
        finally:
            self._quiet = False

    def _emit(self) -> None:
        self.filterChanged.emit(self.current())

    def _find_actor(self, text: str) -> None:
        self._actor_proxy.setFilterFixedString(text)
        self.actor_view.expandAll()

    def _model(self, facet: str) -> QStandardItemModel:
        return {"actors": self.actor_model, "tracks": self.track_model, "kinds": self.kind_model}[
            facet
        ]

    def _items(self, facet: str) -> list[QStandardItem]:
        model = self._model(facet)
        found: list[QStandardItem] = []
        for row in range(model.rowCount()):
            item = model.item(row)
            if item.hasChildren():
                found.extend(item.child(r) for r in range(item.rowCount()))
            else:
                found.append(item)
        return found


def _swatch(color: str | None, theme: Theme) -> QIcon:
    pixmap = QPixmap(12, 12)
    pixmap.fill(theme.track_color(color))
    return QIcon(pixmap)
