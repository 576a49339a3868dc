"""What the window lists of tags: each tag once whatever its case, spelt as most items spell
it, with how many items carry it; and the counts that follow the Filter."""

from __future__ import annotations

import sqlite_utils

from app.core.dates import DateSpan, parse_partial
from app.core.filter import Filter
from app.core.model import Dataset, Event
from app.store import write_dataset
from app.store.details import facet_counts
from app.store.lookups import tag_choices


def _event(id_: str, kind: str, *tags: str) -> Event:
    return Event(id_, "Talks", kind, DateSpan(parse_partial("2025-10-20")), tags=tags)


def test_each_tag_is_listed_once_as_most_items_spell_it(empty_db: sqlite_utils.Database) -> None:
    write_dataset(
        empty_db,
        Dataset(
            events=[
                _event("event/a", "meeting", "Brief", "Звонок"),
                _event("event/b", "call", "brief"),
                _event("event/c", "call", "brief", "звонок"),
            ]
        ),
    )
    listed = [(t.tag, t.count) for t in tag_choices(empty_db)]
    assert listed == [("brief", 3), ("Звонок", 2)]
    calls = Filter(kinds=frozenset({"call"}))
    assert facet_counts(empty_db, calls, "tags") == {"brief": 2, "звонок": 1}
    # A ticked tag does not narrow its own counts: each says what it would select.
    assert facet_counts(empty_db, Filter(tags=frozenset({"Звонок"})), "tags") == {
        "brief": 3,
        "звонок": 2,
    }


def test_no_tags_lists_nothing(empty_db: sqlite_utils.Database) -> None:
    assert tag_choices(empty_db) == []
    assert facet_counts(empty_db, Filter(), "tags") == {}
