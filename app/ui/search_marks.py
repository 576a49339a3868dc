"""What the filter panel shows of the typed search's fields: an actor, track, kind or tag that
`speaker:Peskov` or `track:Witkoff` chooses is marked "from the search" (a half tick, in
italics, and a tooltip naming the field), and a tick of the panel's own that the search
repeats, or contradicts, says so. The date fields show the search's `from:`/`to:` as their
placeholders, and say when a date typed there repeats or contradicts them.

The marks are drawn from the view state's Filter each time it applies: its panel choices
(`Filter.actors`…) and its typed fields (`Filter.fields`) stay two parts of one Filter, and
the panel keeps no copy of either."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont, QStandardItem
from PySide6.QtWidgets import QLineEdit

from app.core.filter import Filter
from app.core.model import tag_key
from app.core.query import QuerySyntaxError, parse_query
from app.ui.marks import PROBLEM_COLOUR, mark_problem

SearchMarkRole = Qt.ItemDataRole.UserRole + 4
"""How an entry stands to the typed search: one of the marks below, or None."""
OwnTipRole = Qt.ItemDataRole.UserRole + 5
"""An entry's own tooltip (an actor's aliases), kept while a mark's tooltip is added to it."""

FROM_SEARCH = "from the search"
REPEATED = "repeated by the search"
CONTRADICTED = "contradicted by the search"
NARROWED = "narrowed by the search"

FACET_FIELDS = {
    "actors": ("actor", "speaker"),
    "tracks": ("track",),
    "kinds": ("kind",),
    "tags": ("tag",),
}
"""The typed fields that choose among each list's entries."""


@dataclass(frozen=True, slots=True)
class Mark:
    kind: str | None
    """One of the marks, or None for an entry the search says nothing of."""
    tip: str = ""


def typed_terms(f: Filter, *fields: str) -> str:
    """The search's terms of these fields as typed (`speaker:Peskov actor:"Fu Cong"`)."""
    try:
        terms = parse_query(f.typed, advanced=f.advanced).terms if f.typed else ()
    except QuerySyntaxError:  # a Filter with fields was read from this text: not so
        terms = ()
    return " ".join(str(t) for t in terms if t.field in fields)


def searched_keys(f: Filter, facet: str) -> frozenset[str]:
    """The entries of a list (ids; tags folded) that the typed fields choose."""
    fields = f.fields
    if fields is None:
        return frozenset()
    if facet == "actors":
        return fields.actors | fields.speakers
    if facet == "tags":
        return frozenset(tag_key(t) for t in fields.tags)
    chosen: frozenset[str] = getattr(fields, facet)
    return chosen


def entry_mark(
    ticked: bool, searched: bool, searching: bool, count: int | None, terms: str
) -> Mark:
    """The mark of one entry: `ticked` in the panel, chosen by the search (`searched`),
    whether the search chooses anything in the list (`searching`), and how many items the
    entry would select with everything else (None until counted)."""
    if searched and ticked:
        return Mark(
            REPEATED, f"Ticked here and chosen by the search ({terms}): the tick adds nothing."
        )
    if searched:
        return Mark(
            FROM_SEARCH,
            f"From the search: {terms}. Change the search to change it; ticking it here "
            "chooses it here as well.",
        )
    if ticked and searching and count == 0:
        return Mark(
            CONTRADICTED,
            f"Contradicts the search's {terms}: with it, this tick selects nothing.",
        )
    if ticked and searching:
        return Mark(
            NARROWED, f"The search's {terms} applies as well: only items with both are shown."
        )
    return Mark(None)


class SearchMarks:
    """Marks the entries of the panel's lists as `entry_mark` says, and unmarks those whose
    mark has gone."""

    def __init__(self, font: QFont) -> None:
        self._italic = QFont(font)
        self._italic.setItalic(True)
        self._marked: dict[str, set[str]] = {facet: set() for facet in FACET_FIELDS}

    def show(
        self,
        facet: str,
        f: Filter,
        entries: Mapping[str, QStandardItem],
        ticked: frozenset[str],
        counts: Mapping[str, int] | None,
        muted: QBrush,
    ) -> None:
        """Mark the list of `facet` (its entries by id, tags folded) for the Filter, whose
        panel part ticks `ticked`; an entry that would select nothing stays `muted`."""
        searched = searched_keys(f, facet)
        terms = typed_terms(f, *FACET_FIELDS[facet])
        marked: set[str] = set()
        for key in self._marked[facet] | searched | (ticked if searched else set()):
            item = entries.get(key)
            if item is None:
                continue
            count = None if counts is None else counts.get(key, 0)
            mark = entry_mark(key in ticked, key in searched, bool(searched), count, terms)
            self._apply(item, mark, key in ticked, QBrush(muted) if count == 0 else None)
            if mark.kind is not None:
                marked.add(key)
        self._marked[facet] = marked

    def _apply(
        self, item: QStandardItem, mark: Mark, ticked: bool, foreground: QBrush | None
    ) -> None:
        state = Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked
        if mark.kind == FROM_SEARCH:
            state = Qt.CheckState.PartiallyChecked
        if item.checkState() != state:
            item.setCheckState(state)
        item.setData(mark.kind, SearchMarkRole)
        italic = mark.kind in (FROM_SEARCH, REPEATED)
        item.setData(self._italic if italic else None, Qt.ItemDataRole.FontRole)
        if mark.kind == CONTRADICTED:
            foreground = QBrush(QColor(PROBLEM_COLOUR))
        item.setData(foreground, Qt.ItemDataRole.ForegroundRole)
        own = item.data(OwnTipRole)
        if own is None:
            own = item.toolTip()
            item.setData(own, OwnTipRole)
        item.setToolTip("\n".join(t for t in (own, mark.tip) if t))


DATE_HINTS = {"from": "e.g. 2025 or Oct 2025", "to": "e.g. Nov 2025"}
"""The date fields' placeholders when the search gives no date."""


def show_search_dates(
    f: Filter, typed: tuple[str, str], date_from: QLineEdit, date_to: QLineEdit
) -> None:
    """The search's `from:`/`to:` as the date fields' placeholders; a date typed in the panel
    that the search repeats, narrows or contradicts says so in its tooltip (and, when the two
    ranges share no day, in a red frame). Called just after the fields were read: a field
    marked then holds a date that does not read, which it says first."""
    fields = f.fields or Filter()
    apart = typed_terms(f, _apart(f.start, f.end, fields.start, fields.end))
    for label, edit, own, searched, panel_bound in (
        ("from", date_from, typed[0], fields.start, f.start),
        ("to", date_to, typed[1], fields.end, f.end),
    ):
        term = typed_terms(f, label)
        value = term.partition(":")[2].strip('"')
        edit.setPlaceholderText(f"{value} (from the search)" if term else DATE_HINTS[label])
        if edit.property("problem"):
            continue
        if own and apart:
            mark_problem(edit, f"Contradicts the search's {apart}: no day is in both ranges.")
        elif own and term:
            later = "later" if label == "from" else "earlier"
            edit.setToolTip(
                f"The search's {term} says the same."
                if searched == panel_bound
                else f"The search's {term} applies as well: the {later} of the two holds."
            )
        elif term:
            edit.setToolTip(f"From the search: {term}. A date typed here applies as well.")


def _apart(
    start: int | None, end: int | None, searched_start: int | None, searched_end: int | None
) -> str:
    """The search's field ("from" or "to") that leaves no day between it and the panel's
    range; "" when the two ranges meet."""
    if searched_start is not None and end is not None and searched_start > end:
        return "from"
    if searched_end is not None and start is not None and searched_end < start:
        return "to"
    return ""
