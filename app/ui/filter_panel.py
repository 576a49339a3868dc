"""The filter panel: actors (grouped by affiliation, searchable), tracks with their colours,
kinds, the analyst's tags, and a date range typed as partial dates.

The panel is a view of the window's `ViewState`: a tick or a typed date is an edit of the
state's Filter (which settles a moment before it applies), and the ticks and dates follow the
state whenever it changes elsewhere (a chip clicked, filters cleared, a Filter restored)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import pairwise

from PySide6.QtCore import QAbstractItemModel, Qt
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
from app.core.model import EVENT_KINDS, STATEMENT, tag_key
from app.core.timeline.actor_lanes import actor_order
from app.drawing.theme import LIGHT, Theme
from app.ui.finders import FoundByRole, NameFinder, found_by
from app.ui.marks import mark_problem
from app.ui.search_marks import SearchMarks, show_search_dates
from app.ui.view_state import ViewState

IdRole = Qt.ItemDataRole.UserRole + 1
NameRole = Qt.ItemDataRole.UserRole + 2
ColourRole = Qt.ItemDataRole.UserRole + 3


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


_DETAIL = re.compile(r"\s*\(.*\)$")
FACETS = ("actors", "tracks", "kinds", "tags")
NO_TAGS = "No tags yet: tag an item in its Edit form."


class FilterPanel(QWidget):
    """Ticks and dates that edit the view state's Filter, and follow it."""

    def __init__(self, view: ViewState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("filterPanel")
        self.setAccessibleName("Filters")
        self._view = view
        self._theme: Theme = LIGHT
        self._quiet = False
        self._shown: dict[str, frozenset[str]] = {}
        """What each list shows ticked, when known: following a Filter that chose the same
        (a search, a date) then walks none of the lists' thousands of items."""
        self._counts: dict[str, dict[str, int]] = {}
        self._actor_names: dict[str, str] = {}
        self._entries: dict[str, dict[str, QStandardItem]] = {}
        """Each list's entries by id (tags folded), for marking those the search chooses."""
        self._search_marks = SearchMarks(self.font())
        self._build_lists()
        self.dates = _DateFields(self)
        self.date_from, self.date_to = self.dates.date_from, self.dates.date_to
        self.date_error = self.dates.error
        self.clear_button = QPushButton("Clear filters", self)
        self.clear_button.setObjectName("clearFilters")
        self.clear_button.clicked.connect(self.clear)
        self._lay_out()
        self.tag_section.set_tags([], view.latest[0].tags)
        for model in (self.actor_model, self.track_model, self.kind_model, self.tag_model):
            model.itemChanged.connect(self._changed)
        for edit in (self.date_from, self.date_to):
            edit.textChanged.connect(self._changed)
        view.filterChanged.connect(self._follow)
        self._follow()

    def _build_lists(self) -> None:
        self.actor_search = QLineEdit(self)
        self.actor_search.setObjectName("actorSearch")
        self.actor_search.setPlaceholderText("Find an actor…")
        self.actor_search.setClearButtonEnabled(True)
        self.actor_search.setAccessibleName("Find an actor")
        self.actor_model = QStandardItemModel(self)
        self._actor_proxy = NameFinder(self)
        self._actor_proxy.setSourceModel(self.actor_model)
        self.actor_search.textChanged.connect(self._find_actor)
        self.actor_view = QTreeView(self)
        self.actor_view.setObjectName("actorList")
        self.actor_view.setAccessibleName("Actors")
        self.actor_view.setHeaderHidden(True)
        self.actor_view.setModel(self._actor_proxy)
        self.actor_view.setUniformRowHeights(True)
        self.track_model = QStandardItemModel(self)
        self.track_search = QLineEdit(self)
        self.track_search.setObjectName("trackSearch")
        self.track_search.setPlaceholderText("Find a track…")
        self.track_search.setClearButtonEnabled(True)
        self.track_search.setAccessibleName("Find a track")
        self._track_proxy = NameFinder(self)
        self._track_proxy.setSourceModel(self.track_model)
        self.track_search.textChanged.connect(self._track_proxy.find)
        self.track_view = _list(self, "trackList", "Diplomatic tracks", self._track_proxy)
        self.kind_model = QStandardItemModel(self)
        self.kind_view = _list(self, "kindList", "Kinds", self.kind_model)
        for kind in (STATEMENT, *EVENT_KINDS):
            self.kind_model.appendRow(_choice(kind, kind.capitalize(), kind.capitalize()))
        self.tag_section = _TagSection(self)
        section = self.tag_section
        self.tag_model, self.tag_view, self.no_tags = section.model, section.view, section.hint

    def _lay_out(self) -> None:
        actors = QGroupBox("Actors", self)
        box = QVBoxLayout(actors)
        box.addWidget(self.actor_search)
        box.addWidget(self.actor_view)
        tracks = QGroupBox("Tracks", self)
        track_box = QVBoxLayout(tracks)
        track_box.addWidget(self.track_search)
        track_box.addWidget(self.track_view)
        kinds = QGroupBox("Kinds", self)
        QVBoxLayout(kinds).addWidget(self.kind_view)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(actors, 3)
        layout.addWidget(tracks, 2)
        layout.addWidget(kinds, 1)
        layout.addWidget(self.tag_section, 1)
        layout.addWidget(self.dates, 0)
        layout.addWidget(self.clear_button, 0)
        self.kind_view.setMaximumHeight(self.kind_view.sizeHintForRow(0) * 5 + 8)
        order: list[QWidget] = [self.actor_search, self.actor_view]
        order += [self.track_search, self.track_view]
        order += [self.kind_view, self.tag_view, self.date_from, self.date_to, self.clear_button]
        for first, second in pairwise(order):
            self.setTabOrder(first, second)

    # What there is to choose from

    def set_choices(
        self,
        actors: Iterable[ActorEntry],
        tracks: Iterable[TrackEntry],
        tags: Iterable[str] = (),
    ) -> None:
        """The actors, tracks and tags to choose from, ticked as the view's Filter chooses
        them."""
        actors, tracks = list(actors), list(tracks)
        chosen = self._view.latest[0]
        self._shown.clear()
        self._entries.clear()
        with self._quietly():
            self.actor_model.clear()
            groups: dict[str, QStandardItem] = {}
            for actor in sorted(actors, key=lambda a: (*actor_order(a.group, a.name), a.id)):
                heading = groups.get(actor.group)
                if heading is None:
                    heading = QStandardItem(actor.group)
                    heading.setEditable(False)
                    heading.setSelectable(False)
                    groups[actor.group] = heading
                    self.actor_model.appendRow(heading)
                heading.appendRow(_actor_item(actor, actor.id in chosen.actors))
            self._actor_names = {a.id: a.name for a in actors}
            self.track_model.clear()
            for track in tracks:
                item = _choice(track.id, track.name, track.name, track.id in chosen.tracks)
                item.setIcon(_swatch(track.color, self._theme))
                item.setData(track.color, ColourRole)
                item.setData(found_by(track.name), FoundByRole)
                self.track_model.appendRow(item)
            self.tag_section.set_tags(list(tags), chosen.tags)
        self.actor_view.expandAll()
        self._show_search()

    def set_counts(self, facet: str, counts: Mapping[str, int]) -> None:
        """Show beside each choice how many items it would select."""
        with self._quietly():
            for item in self._items(facet):
                name = (
                    item.data(NameRole)
                    if facet != "actors"
                    else self._actor_names.get(item.data(IdRole), item.text())
                )
                n = counts.get(_key(facet, item.data(IdRole)), 0)
                item.setText(f"{name}  ({n:,})")
                # Choices that would select nothing are muted; the others take the
                # palette's text colour at paint time, so a theme change reaches them.
                item.setData(
                    self.palette().placeholderText() if n == 0 else None,
                    Qt.ItemDataRole.ForegroundRole,
                )
        self._counts[facet] = dict(counts)
        self._show_search()

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
        """Tick (or untick) one actor, track, kind or tag, as a click on a chip does."""
        for item in self._items(facet):
            if _key(facet, item.data(IdRole)) == _key(facet, value):
                item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
                return True
        return False

    def clear(self) -> None:
        """Untick everything and empty the dates (the search words stay), at once."""
        self.clear_finders()
        self._view.clear(keep_text=True)

    def clear_finders(self) -> None:
        """Every actor and track listed again."""
        self.actor_search.clear()
        self.track_search.clear()

    def flush(self) -> None:
        """Apply a pending change now instead of after the pause."""
        self._view.flush()

    def _follow(self, *_: object) -> None:
        """Show the view's Filter: tick what it chooses, and its dates as they were typed."""
        f, (date_from, date_to) = self._view.latest
        with self._quietly():
            for facet, values in (
                ("actors", f.actors),
                ("tracks", f.tracks),
                ("kinds", f.kinds),
                ("tags", f.tags),
            ):
                shown = self._shown.get(facet)
                wanted = _keys(facet, values)
                if _keys(facet, shown if shown is not None else self.chosen(facet)) != wanted:
                    for item in self._items(facet):
                        checked = _key(facet, item.data(IdRole)) in wanted
                        item.setCheckState(
                            Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
                        )
                self._shown[facet] = frozenset(values)
            for edit, typed in ((self.date_from, date_from), (self.date_to, date_to)):
                if edit.text().strip() != typed:
                    edit.setText(typed)
        self.dates.bounds()
        self._show_search(dates=True)

    def _show_search(self, *, dates: bool = False) -> None:
        """Mark what the typed search chooses in the lists (and, with `dates`, in the date
        fields, just read), and the panel's ticks it repeats or contradicts."""
        f, typed = self._view.latest
        muted = self.palette().placeholderText()
        with self._quietly():
            for facet in FACETS:
                ticked = _keys(facet, getattr(f, facet))
                entries = self._entries.get(facet)
                if entries is None:
                    entries = {_key(facet, i.data(IdRole)): i for i in self._items(facet)}
                    self._entries[facet] = entries
                counts = self._counts.get(facet)
                self._search_marks.show(facet, f, entries, ticked, counts, muted)
            if dates:
                show_search_dates(f, typed, self.date_from, self.date_to)

    def _changed(self, *_: object) -> None:
        if self._quiet:
            return
        start, end = self.dates.bounds()
        self._shown = {facet: frozenset(self.chosen(facet)) for facet in FACETS}
        self._view.edit(
            actors=self._shown["actors"],
            tracks=self._shown["tracks"],
            kinds=self._shown["kinds"],
            tags=self._shown["tags"],
            start=start,
            end=end,
            typed_dates=(self.date_from.text().strip(), self.date_to.text().strip()),
        )

    @contextmanager
    def _quietly(self) -> Iterator[None]:
        """Change the lists and fields without taking it for the user's doing."""
        self._quiet = True
        try:
            yield
        finally:
            self._quiet = False

    def _find_actor(self, text: str) -> None:
        self._actor_proxy.find(text)
        self.actor_view.expandAll()

    def _items(self, facet: str) -> list[QStandardItem]:
        model = {
            "actors": self.actor_model,
            "tracks": self.track_model,
            "tags": self.tag_model,
        }.get(facet, self.kind_model)
        found: list[QStandardItem] = []
        for row in range(model.rowCount()):
            item = model.item(row)
            if item.hasChildren():
                found.extend(item.child(r) for r in range(item.rowCount()))
            else:
                found.append(item)
        return found


class _TagSection(QGroupBox):
    """The tags to tick, or a line saying there are none yet."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__("Tags", parent)
        self.model = QStandardItemModel(self)
        self.view = _list(self, "tagList", "Tags", self.model)
        # A long tag is cut in its middle, so that its count stays in sight.
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.hint = QLabel(NO_TAGS, self)
        self.hint.setObjectName("noTags")
        self.hint.setWordWrap(True)
        self.hint.setEnabled(False)  # drawn muted, as a hint
        box = QVBoxLayout(self)
        box.addWidget(self.view)
        box.addWidget(self.hint)

    def set_tags(self, tags: list[str], chosen: frozenset[str]) -> None:
        """A ticked tag no item carries any more (its tagging undone) stays listed, so that
        it can be unticked."""
        self.model.clear()
        listed = {tag_key(t) for t in tags}
        kept = [t for t in chosen if tag_key(t) not in listed]
        for tag in sorted([*tags, *kept], key=tag_key):
            item = _choice(tag, tag, tag, tag_key(tag) in _keys("tags", chosen))
            item.setToolTip(tag)
            self.model.appendRow(item)
        some = self.model.rowCount() > 0
        self.view.setVisible(some)
        self.hint.setVisible(not some)
        # The hint alone takes one line; the lists above keep the room.
        parent = self.parentWidget()
        layout = parent.layout() if parent is not None else None
        if isinstance(layout, QVBoxLayout):
            layout.setStretchFactor(self, 1 if some else 0)


class _DateFields(QGroupBox):
    """The From and To fields, read as partial dates; one that is not a date keeps the
    last bound that was and says so under them."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__("Dates", parent)
        self.date_from = QLineEdit(self)
        self.date_from.setObjectName("dateFrom")
        self.date_from.setPlaceholderText("e.g. 2025 or Oct 2025")
        self.date_from.setAccessibleName("From date")
        self.date_to = QLineEdit(self)
        self.date_to.setObjectName("dateTo")
        self.date_to.setPlaceholderText("e.g. Nov 2025")
        self.date_to.setAccessibleName("To date")
        self.error = QLabel(self)
        self.error.setObjectName("dateError")
        self.error.setWordWrap(True)
        self.error.hide()
        self._last: dict[str, tuple[str, int | None]] = {}
        """Per field ("from", "to"), the last text that read as a date, and its bound."""
        form = QFormLayout(self)
        form.addRow("From", self.date_from)
        form.addRow("To", self.date_to)
        form.addRow(self.error)

    def bounds(self) -> tuple[int | None, int | None]:
        """The typed dates as seconds. One that does not parse keeps the last bound that did
        (and says so under the fields), so typing "Oct 20" on the way to "Oct 2025" neither
        blanks the window nor drops the range."""
        problems = []
        bounds: list[int | None] = []
        for edit, label in ((self.date_from, "from"), (self.date_to, "to")):
            typed = edit.text().strip()
            bound, problem = self._bound(edit, label, typed)
            mark_problem(edit, problem)
            if problem:
                problems.append(problem)
            bounds.append(bound)
        self.error.setText("\n".join(problems))
        self.error.setVisible(bool(problems))
        return bounds[0], bounds[1]

    def _bound(self, edit: QLineEdit, label: str, typed: str) -> tuple[int | None, str]:
        """The bound a date field sets, and what is wrong with it ("" when nothing is)."""
        if not typed:
            self._last[label] = ("", None)
            return None, ""
        try:
            span = parse_span(typed)
        except DateError as error:
            kept, bound = self._last.get(label, ("", None))
            end = "start" if label == "from" else "end"
            still = f"still {label} {kept}" if kept else f"no {end} date until it is one"
            # The reader's own detail ("day is out of range…") is left out: the text is named.
            reason = _DETAIL.sub("", str(error))
            return bound, f"{label.capitalize()}: {reason}; {still}"
        bound = span.last_second if edit is self.date_to else span.first_second
        self._last[label] = (typed, bound)
        return bound, ""


def _key(facet: str, value: str) -> str:
    """What a choice is compared by: a tag whatever its case ("Brief" is "brief")."""
    return tag_key(value) if facet == "tags" else value


def _keys(facet: str, values: Iterable[str]) -> frozenset[str]:
    return frozenset(_key(facet, v) for v in values)


def _list(parent: QWidget, name: str, title: str, model: QAbstractItemModel) -> QListView:
    view = QListView(parent)
    view.setObjectName(name)
    view.setAccessibleName(title)
    view.setModel(model)
    return view


def _choice(id_: str, text: str, name: str, checked: bool = False) -> QStandardItem:
    """A tickable entry of a list: shown as `text`, found by `name`, chosen as `id_`."""
    item = QStandardItem(text)
    item.setCheckable(True)
    item.setEditable(False)
    item.setData(id_, IdRole)
    item.setData(name, NameRole)
    if checked:
        item.setCheckState(Qt.CheckState.Checked)
    return item


def _actor_item(actor: ActorEntry, checked: bool) -> QStandardItem:
    item = _choice(actor.id, actor.name, actor.name, checked)
    item.setData(found_by(actor.name, *actor.aliases), FoundByRole)
    item.setToolTip(", ".join(actor.aliases) if actor.aliases else actor.name)
    return item


def _swatch(color: str | None, theme: Theme) -> QIcon:
    pixmap = QPixmap(12, 12)
    pixmap.fill(theme.track_color(color))
    return QIcon(pixmap)
