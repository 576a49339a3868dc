"""The results list's Date column sorts as reports do (`app.core.time_order`)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PySide6.QtCore import Qt

from app.core.dates import DateSpan, PartialDate
from app.core.model import Dataset, Event
from app.store import open_database, write_dataset
from app.ui.items_model import DATE, ItemId, ItemsModel
from app.ui.session import Session
from app.ui.view_state import ViewState

IN_TIME_ORDER = ["event/2-opening", "event/0-month", "event/1-vote", "event/0-reaction"]


def _database(path: Path) -> Path:
    events = [
        Event(
            "event/0-reaction",
            "Reaction",
            "speech",
            DateSpan(PartialDate(2025, 11, 17, approximate=True)),
        ),
        Event("event/1-vote", "Vote on the draft", "vote", DateSpan(PartialDate(2025, 11, 17))),
        Event("event/0-month", "Consultations", "meeting", DateSpan(PartialDate(2025, 11))),
        Event("event/2-opening", "Session opens", "meeting", DateSpan(PartialDate(2025, 11, 1))),
        Event("event/3-later", "Later", "meeting", DateSpan(PartialDate(2025, 12, 2))),
    ]
    db = open_database(path, create=True)
    write_dataset(db, Dataset(events=events))
    db.close()
    return path


def _ids(model: ItemsModel) -> list[str]:
    return [model.data(model.index(r, 0), ItemId) for r in range(model.rowCount())]


def test_the_vote_is_listed_before_the_approximate_item_of_its_day(
    qtmodeltester: object, tmp_path: Path
) -> None:
    session = Session(_database(tmp_path / "vote.backchannel"))
    keys = np.array([r[0] for r in session.db.execute("SELECT key FROM items ORDER BY key")])
    model = ItemsModel(session, ViewState())
    model.set_keys(keys)
    assert _ids(model) == [*IN_TIME_ORDER, "event/3-later"]
    assert [model.row_of(model.key_at(r)) for r in range(5)] == list(range(5))
    model.sort(DATE, Qt.SortOrder.DescendingOrder)
    assert _ids(model) == ["event/3-later", *reversed(IN_TIME_ORDER)]
    qtmodeltester.check(model)  # type: ignore[attr-defined]
    session.close()
