"""What the window shows: the one owner of the current Filter, the lane grouping and the dates
as the user typed them. The filter panel and the search box edit it; the timeline, the results
list, the counts, saving and export read it, and follow its signals. Nothing else keeps a copy.

Edits (a tick, a keystroke) settle for a moment before they apply, so typing a word loads once;
`flush()` applies them at once. The visible time window is not here: the timeline canvas owns
it (it changes on every frame of a drag) and saving reads it from there."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from app.core.filter import Filter

DEBOUNCE_MS = 250


class ViewState(QObject):
    """`filterChanged(Filter)` fires when a Filter applies (even an equal one: the views read
    again), perhaps with a new grouping; `groupingChanged(str)` when only the grouping did."""

    filterChanged = Signal(object)
    groupingChanged = Signal(str)

    def __init__(
        self,
        f: Filter | None = None,
        grouping: str = "track",
        typed_dates: tuple[str, str] = ("", ""),
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._filter = f or Filter()
        self._grouping = grouping
        self._typed_dates = typed_dates
        self._draft: Filter | None = None
        self._draft_dates: tuple[str, str] | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self._apply_draft)

    @property
    def filter(self) -> Filter:
        """The Filter applied: what the timeline, the list and the counts show (or load)."""
        return self._filter

    @property
    def grouping(self) -> str:
        return self._grouping

    @property
    def typed_dates(self) -> tuple[str, str]:
        """The date range as typed ("Oct 2025"), which the Filter holds as seconds."""
        return self._typed_dates

    @property
    def latest(self) -> tuple[Filter, tuple[str, str]]:
        """The Filter and typed dates with any edit still settling: what to remember."""
        return self._draft or self._filter, self._draft_dates or self._typed_dates

    def edit(self, typed_dates: tuple[str, str] | None = None, **fields: Any) -> None:
        """Change some of the Filter's fields a moment from now (see `flush`)."""
        self._draft = replace(self._draft or self._filter, **fields)
        if typed_dates is not None:
            self._draft_dates = typed_dates
        self._timer.start()

    def flush(self) -> None:
        """Apply an edit still settling now instead of after the pause."""
        if self._timer.isActive():
            self._timer.stop()
            self._apply_draft()

    def set(
        self,
        f: Filter | None = None,
        grouping: str | None = None,
        typed_dates: tuple[str, str] | None = None,
    ) -> None:
        """Apply a Filter and/or grouping at once, replacing any edit still settling."""
        grouping_changed = grouping is not None and grouping != self._grouping
        if grouping is not None:
            self._grouping = grouping
        if f is not None:
            self._timer.stop()
            self._filter = f
            self._typed_dates = typed_dates if typed_dates is not None else self._typed_dates
            self._draft, self._draft_dates = None, None
            self.filterChanged.emit(f)
        elif grouping_changed:
            self.groupingChanged.emit(self._grouping)

    def clear(self, *, keep_text: bool) -> None:
        """No actors, tracks, kinds or dates chosen (nor the search's words and fields, unless
        `keep_text`)."""
        base = self._draft or self._filter
        f = Filter(advanced=base.advanced)
        if keep_text:  # the search box's fields are its text: they stay with it
            f = replace(f, **base.search_part())
        self.set(f, typed_dates=("", ""))

    def _apply_draft(self) -> None:
        if self._draft is not None:
            self.set(self._draft, typed_dates=self._draft_dates)
