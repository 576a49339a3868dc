"""States a user can read, on the real window over the sample: an empty result says so in the
timeline and the list with a hint, a search that cannot be read marks the box and shows
nothing stale, a date that is not one keeps the last bound and says so, the searched words
are picked out in the side panel (markup in a statement staying text), and the Match column
is in sight at the default window size."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QFont, QFontMetricsF
from pytestqt.qtbot import QtBot

from app.core.filter import Filter
from app.core.paths import sample_dataset
from app.formats import native
from app.store import open_database, write_dataset
from app.ui.items_model import MATCH, ItemId
from app.ui.main_window import MainWindow
from app.ui.snippet_delegate import around_first_hit

LOAD_MS = 20_000
PESKOV = "actor/dmitry-peskov"
BACK_CHANNEL = "track/dmitriev-witkoff"
PESKOV_SAID = "statement/2025-11-dmitry-peskov-no-new-initiatives"
MOSCOW_SOURCE = "statement/2025-11-moscow-source-several-tracks"
HOSTILE = "<b>Peskov</b> said <img src='x'> & <a href='http://evil.example'>nothing</a>"


@pytest.fixture
def window(open_window: Callable[[Path], MainWindow], sample_path: Path) -> MainWindow:
    return open_window(sample_path)


def apply(qtbot: QtBot, window: MainWindow, f: Filter) -> None:
    with qtbot.waitSignal(window.filterApplied, timeout=LOAD_MS):
        window.apply_filter(f)


def search(qtbot: QtBot, window: MainWindow, words: str) -> None:
    with qtbot.waitSignal(window.filterApplied, timeout=LOAD_MS):
        window.search_box.setText(words)
        window.view.flush()


def picked_out(window: MainWindow, words: str) -> bool:
    """Whether the Details panel shows these words picked out (the format of their last
    letter)."""
    found = window.detail_panel.browser.document().find(words)
    assert not found.isNull(), words
    return found.charFormat().background().style() != Qt.BrushStyle.NoBrush


def listed(window: MainWindow) -> list[str]:
    """The ids of the items in the list, in its order."""
    model = window.items_model
    return [str(model.data(model.index(r, 0), ItemId)) for r in range(model.rowCount())]


def timeline_says(window: MainWindow) -> str:
    return window.timeline.scene.message or ""


def test_words_never_found_together_say_so_in_the_timeline_and_the_list(
    qtbot: QtBot, window: MainWindow
) -> None:
    search(qtbot, window, "Peskov Witkoff")
    assert window.items_model.rowCount() == 0
    said = "No items match “Peskov Witkoff” — “Peskov” and “Witkoff” are each found"
    assert timeline_says(window).startswith(said)
    assert window.table.placeholder_text() == timeline_says(window)
    assert not window.timeline_pane.loading

    search(qtbot, window, "Peskov")
    assert window.items_model.rowCount() > 0
    assert timeline_says(window) == ""
    assert window.table.placeholder_text() == ""


def test_a_word_found_nowhere_is_named(qtbot: QtBot, window: MainWindow) -> None:
    search(qtbot, window, "Peskov zzyzzx")
    assert timeline_says(window) == "No items match “Peskov zzyzzx” — nothing holds “zzyzzx”"


def test_an_actor_and_a_track_that_never_meet_name_the_track_as_the_reason(
    qtbot: QtBot, window: MainWindow
) -> None:
    apply(qtbot, window, Filter(actors=frozenset({PESKOV}), tracks=frozenset({BACK_CHANNEL})))
    assert window.items_model.rowCount() == 0
    message = timeline_says(window)
    assert message.startswith("No items involving Dmitry Peskov")
    assert message.endswith("Dmitry Peskov's items are on other tracks")
    assert window.table.placeholder_text() == message


@pytest.mark.parametrize(
    ("typed", "hint"),
    [
        (
            "speaker:Peskov track:Witkoff",
            "without track:Witkoff, 2 items (Dmitry Peskov's statements are on other tracks)",
        ),
        ("Peskov track:Witkoff", "without track:Witkoff, 3 items (none on that track)"),
    ],
)
def test_a_typed_field_that_leaves_nothing_is_named_in_the_timeline_and_the_list(
    qtbot: QtBot, window: MainWindow, typed: str, hint: str
) -> None:
    search(qtbot, window, typed)
    assert window.items_model.rowCount() == 0
    assert timeline_says(window) == f"No items match “{typed}” — {hint}"
    assert window.table.placeholder_text() == timeline_says(window)


def test_a_query_that_cannot_be_read_marks_the_box_clears_the_results_and_mends(
    qtbot: QtBot, window: MainWindow
) -> None:
    apply(qtbot, window, Filter(text="Peskov", advanced=True))
    assert window.items_model.rowCount() > 0
    with qtbot.waitSignal(window.timeline_pane.loadFailed, timeout=LOAD_MS):
        window.apply_filter(Filter(text="Peskov AND", advanced=True))
    problem = "The search “Peskov AND” cannot be read: it stops before the query is complete."
    assert window.search_box.property("problem") == problem
    assert window.search_box.toolTip() == problem
    assert window.items_model.rowCount() == 0
    assert len(window.timeline.scene.columns) == 0
    assert timeline_says(window) == problem
    assert window.table.placeholder_text() == problem
    assert problem in window.statusBar().currentMessage()

    apply(qtbot, window, Filter(text="Peskov", advanced=True))
    assert not window.search_box.property("problem")
    assert window.search_box.toolTip() == ""
    assert window.items_model.rowCount() > 0
    assert timeline_says(window) == ""


def test_an_unclosed_quotation_is_explained_in_plain_words(
    qtbot: QtBot, window: MainWindow
) -> None:
    with qtbot.waitSignal(window.timeline_pane.loadFailed, timeout=LOAD_MS):
        window.apply_filter(Filter(text='"Peskov', advanced=True))
    assert "a quotation mark is opened and never closed" in window.search_box.toolTip()


def test_a_date_that_is_not_one_keeps_the_last_bound_and_says_so(
    qtbot: QtBot, window: MainWindow
) -> None:
    panel = window.filter_panel
    with qtbot.waitSignal(window.filterApplied, timeout=LOAD_MS):
        panel.date_to.setText("Nov 2025")
        panel.flush()
    bound = window.view.filter.end
    shown = window.items_model.rowCount()
    assert bound is not None

    panel.date_to.setText("32 Nov 2025")
    panel.flush()
    assert window.view.filter.end == bound
    assert panel.date_error.isVisibleTo(panel)
    assert panel.date_error.text().startswith("To: '32 Nov 2025' is not a date")
    assert panel.date_error.text().endswith("; still to Nov 2025")
    assert panel.date_to.toolTip() == panel.date_error.text()
    qtbot.waitUntil(lambda: not window.timeline_pane.loading, timeout=LOAD_MS)
    assert window.items_model.rowCount() == shown

    with qtbot.waitSignal(window.filterApplied, timeout=LOAD_MS):
        panel.date_to.setText("Oct 2025")
        panel.flush()
    assert window.view.filter.end is not None
    assert window.view.filter.end < bound
    assert not panel.date_error.isVisibleTo(panel)


@pytest.fixture
def hostile_path(tmp_path: Path) -> Path:
    """The sample with one of Peskov's statements holding markup in its words."""
    dataset = native.read(sample_dataset())
    dataset.statements = [
        replace(s, text=HOSTILE) if s.id == PESKOV_SAID else s for s in dataset.statements
    ]
    path = tmp_path / "hostile.backchannel"
    db = open_database(path, create=True)
    write_dataset(db, dataset, path)
    db.close()
    return path


def test_searched_words_are_picked_out_in_the_details_and_markup_stays_text(
    qtbot: QtBot, open_window: Callable[[Path], MainWindow], hostile_path: Path
) -> None:
    window = open_window(hostile_path)
    search(qtbot, window, "peskov NOTHING")
    window.show_item(PESKOV_SAID)
    page = window.detail_panel.browser.toHtml()
    assert HOSTILE in window.detail_panel.plain_text()
    assert "<img" not in page
    assert 'href="http://evil.example"' not in page
    assert picked_out(window, "<b>Peskov")
    assert picked_out(window, "'>nothing")
    assert not picked_out(window, "Peskov</b> said")
    assert picked_out(window, "Dmitry Peskov")  # the speaker's name is searched too


@pytest.mark.parametrize("size", [(1400, 880), (1600, 1000)])
def test_the_match_column_is_in_sight_at_the_default_window_sizes(
    qtbot: QtBot, window: MainWindow, size: tuple[int, int]
) -> None:
    window.resize(*size)
    search(qtbot, window, "Peskov")
    header = window.table.horizontalHeader()
    assert not window.table.isColumnHidden(MATCH)
    start = header.sectionViewportPosition(MATCH)
    assert start >= 0
    assert start + min(header.sectionSize(MATCH), 150) <= window.table.viewport().width()
    first = window.items_model.index(0, MATCH, QModelIndex())
    assert first.data(ItemId)


def test_a_match_far_into_its_passage_is_shown_with_the_words_just_before_it() -> None:
    metrics = QFontMetricsF(QFont())
    runs = [("words " * 40, False), ("Peskov", True), (" said no", False)]
    room = metrics.horizontalAdvance("x" * 40)
    shown = around_first_hit(runs, room, metrics)
    assert shown[0][0].startswith("…")
    assert shown[0][0].endswith("words ")
    assert shown[1:] == runs[1:]
    before = metrics.horizontalAdvance(shown[0][0])
    assert before + metrics.horizontalAdvance("Peskov") <= room
    short = [("a few words ", False), ("Peskov", True)]
    assert around_first_hit(short, room, metrics) == short


def test_a_match_found_in_its_event_keeps_saying_so_when_the_hit_is_far_in() -> None:
    """A statement found by its event's title: the column shows where it matched and the
    matched word, what lies between is cut."""
    metrics = QFontMetricsF(QFont())
    runs = [
        ("matched in its event: Security Council adopts Resolution ", False),
        ("2803", True),
        (" on Gaza", False),
    ]
    room = metrics.horizontalAdvance("matched in its event: ") + metrics.horizontalAdvance("x" * 12)
    shown = around_first_hit(runs, room, metrics)
    assert shown[0] == ("matched in its event: ", False)
    assert shown[1][0].startswith("…")
    assert shown[2:] == runs[1:]


@pytest.mark.parametrize(
    ("typed", "picked", "not_picked"),
    [
        # The OR between words is not a word: "Healthy or unhealthy competition…" (its "or"
        # is told by the format of its last letter).
        ("Witkoff OR Vance -Helmer", "Witkoff", "Healthy or"),
        # A plain prefix picks out each word it begins: "[presidential negotiator]".
        ("negotiat*", "presidential negotiator", "[presidential"),
    ],
)
def test_what_is_picked_out_is_what_the_search_found(
    qtbot: QtBot, window: MainWindow, typed: str, picked: str, not_picked: str
) -> None:
    search(qtbot, window, typed)
    assert MOSCOW_SOURCE in listed(window)
    window.show_item(MOSCOW_SOURCE)
    assert picked_out(window, picked)
    assert not picked_out(window, not_picked)
