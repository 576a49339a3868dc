"""In the window, a name typed in one script or romanisation finds and picks out its other
spellings: the list, the timeline and the Details panel agree with the command line."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from pytestqt.qtbot import QtBot

from app.core.model import Dataset
from app.store import open_database, write_dataset
from app.ui.main_window import MainWindow
from tests.store.test_spellings import ACTORS, MEETING, SAID, VOTE
from tests.ui.test_search_fields import search

_PICKED = re.compile(r"<span style=\"[^\"]*background-color:[^\"]*\">([^<]+)</span>")


def test_peskov_and_песков_list_the_same_items_and_details_pick_out_both_spellings(
    qtbot: QtBot, open_window: Callable[[Path], MainWindow], tmp_path: Path
) -> None:
    path = tmp_path / "spelt.backchannel"
    db = open_database(path, create=True)
    write_dataset(db, Dataset(actors=ACTORS, events=[VOTE, MEETING], statements=SAID))
    db.close()
    window = open_window(path)

    latin = search(qtbot, window, "Peskov")
    assert sorted(latin) == ["statement/en", "statement/ru"]
    assert search(qtbot, window, "Песков") == latin
    assert len(window.timeline.scene.columns) == 2

    window.show_item("statement/ru")
    assert _PICKED.findall(window.detail_panel.browser.toHtml()) == ["Песков"]
    search(qtbot, window, "Medinskii")
    window.show_item("event/istanbul")
    assert _PICKED.findall(window.detail_panel.browser.toHtml()) == ["Medinsky"]
