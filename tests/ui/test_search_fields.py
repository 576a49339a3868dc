"""Fields typed in the window's search box: the items they select, the message beside the
box when they cannot run (no stale results), and the same items `backchannel search` gives
for the same words."""

from __future__ import annotations

import contextlib
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtWidgets import QLabel, QToolBar
from pytestqt.qtbot import QtBot

from app.cli import main
from app.ui.items_model import ItemId
from app.ui.main_window import MainWindow
from tests.ui.conftest import LOAD_MS


@pytest.fixture
def window(open_window: Callable[[Path], MainWindow], sample_path: Path) -> MainWindow:
    return open_window(sample_path)


def search(qtbot: QtBot, window: MainWindow, typed: str) -> list[str]:
    """Type the words as a user would, and the ids the list then shows."""
    with qtbot.waitSignal(window.filterApplied, timeout=LOAD_MS):
        window.search_box.clear()
        window.search_box.setText(typed)
        window.view.flush()
    model = window.items_model
    return [str(model.data(model.index(r, 0), ItemId)) for r in range(model.rowCount())]


def problem_label(window: MainWindow) -> QLabel:
    label = window.findChild(QLabel, "searchProblem")
    assert label is not None
    return label


def test_speaker_in_the_box_lists_and_draws_his_statements(
    qtbot: QtBot, window: MainWindow
) -> None:
    his = search(qtbot, window, "speaker:Песков")
    assert len(his) == 2
    assert all(i.startswith("statement/") for i in his)
    assert len(window.timeline.scene.columns) == 2
    assert window.count_label.text() == "2 of 46 items — Items said by Dmitry Peskov"
    assert search(qtbot, window, "speaker:Peskov") == his
    assert problem_label(window).text() == ""


def test_a_field_that_names_nothing_is_said_beside_the_box_and_nothing_stale_stays(
    qtbot: QtBot, window: MainWindow
) -> None:
    assert len(search(qtbot, window, "Gaza")) > 0
    assert search(qtbot, window, "Gaza speaker:Peskpv") == []
    label = problem_label(window)
    assert label.isVisible()
    assert "No actor is called “Peskpv”." in label.text()
    assert window.search_box.styleSheet() != ""  # the box is marked
    assert len(window.timeline.scene.columns) == 0
    assert "No actor is called “Peskpv”." in window.count_label.text()
    # The timeline says why, not "no items match" a search that never ran.
    assert window.timeline.scene.message == "speaker: No actor is called “Peskpv”."
    # Mending it brings results back and the mark goes.
    assert len(search(qtbot, window, "Gaza speaker:Peskov")) == 0
    assert label.text() == ""
    assert window.search_box.styleSheet() == ""


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ('actor:"Fu Cong', "The quote after “actor:” is not closed"),
        ("who:Lavrov", "“who:” is not a search field"),
        ("from:2025-13", "from: “2025-13” is not a date"),
    ],
)
def test_what_cannot_be_read_is_a_message_not_results(
    qtbot: QtBot, window: MainWindow, typed: str, message: str
) -> None:
    assert search(qtbot, window, typed) == []
    assert message in problem_label(window).toolTip()
    assert len(window.timeline.scene.columns) == 0


def test_clearing_the_filter_panel_keeps_the_fields_typed(qtbot: QtBot, window: MainWindow) -> None:
    his = search(qtbot, window, "speaker:Peskov")
    with qtbot.waitSignal(window.filterApplied, timeout=LOAD_MS):
        window.filter_panel.choose("tracks", "track/unsc")
        window.view.flush()
    with qtbot.waitSignal(window.filterApplied, timeout=LOAD_MS):
        window.view.clear(keep_text=True)
    assert window.search_box.text() == "speaker:Peskov"
    model = window.items_model
    assert [str(model.data(model.index(r, 0), ItemId)) for r in range(model.rowCount())] == his


WORDS = ["Gaza", "Witkoff", "resolution", "ceasefire", "Peskov", "talks", "Лавров", "OR",
         "-Dmitriev", "-Gaza", "negotiat*", '"peace pl"*', "_*"]  # fmt: skip
TERMS = [
    "speaker:Peskov",
    "speaker:Песков",
    "speaker:Zakharova",
    'actor:"Fu Cong"',
    "actor:Lavrov",
    "actor:Medinsky",
    'track:"Security Council"',
    "track:Dmitriev",
    "kind:vote",
    "kind:statement",
    "source:Interfax",
    "source:Helmer",
    "lang:en",
    "from:2025-10",
    'to:"Nov 2025"',
    "speaker:Peskpv",
    "who:Lavrov",
]


def cli_ids(path: Path, typed: str) -> tuple[int, list[str]]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        code = main(["--db", str(path), "search", "--json", "--limit", "1000", typed])
    return code, ([i["id"] for i in json.loads(out.getvalue())["items"]] if code == 0 else [])


@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(st.sampled_from(WORDS + TERMS), min_size=1, max_size=4, unique=True).flatmap(
        st.permutations
    )
)
def test_the_window_and_the_command_line_give_the_same_items(
    qtbot: QtBot, window: MainWindow, sample_path: Path, parts: list[str]
) -> None:
    typed = " ".join(parts)
    shown = search(qtbot, window, typed)
    code, listed = cli_ids(sample_path, typed)
    # The same items; the list orders items of one date by their precision, the command
    # line by key.
    assert sorted(shown) == sorted(listed)
    assert (code == 2) == bool(problem_label(window).toolTip())


@pytest.mark.parametrize("typed", ["from:2025-13 Gaza", 'actor:"Fu Cong', "speaker:Peskpv Gaza"])
def test_a_long_message_beside_the_box_leaves_the_toolbar_s_buttons_in_sight(
    qtbot: QtBot, window: MainWindow, typed: str
) -> None:
    """At the screenshots' 1400 px, a message as long as the window's longest still leaves
    the zoom and Fit buttons on the toolbar, not in its overflow menu."""
    window.resize(1400, 900)
    window.show()
    qtbot.waitExposed(window)
    search(qtbot, window, typed)
    qtbot.wait(100)  # the toolbar laid out again around the message
    label = problem_label(window)
    assert label.isVisible()
    tools = window.findChild(QToolBar, "mainToolbar")
    assert tools is not None
    for action in (window.actions_.zoom_in_action, window.actions_.fit_action):
        button = tools.widgetForAction(action)
        assert button is not None
        assert button.isVisible(), action.text()
