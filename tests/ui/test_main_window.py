"""The main window on a real database, driven through Qt as a user would drive it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import sqlite_utils
from PySide6.QtCore import QSettings, Qt, QUrl
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QTableView, QWidget
from pytestqt.qtbot import QtBot

from app.core.dates import parse_partial
from app.core.filter import Filter
from app.core.model import Actor, Dataset, Source, Statement, Track
from app.drawing.theme import DARK, METRICS, TRACK_CONTRAST, contrast
from app.store import StoreError, open_database, write_dataset
from app.ui.application import Windows, build_main_window
from app.ui.detail_panel import DetailPanel
from app.ui.filter_panel import IdRole
from app.ui.items_model import MATCH, PAGE_SIZE, ItemId, ItemsModel
from app.ui.main_window import MainWindow
from app.ui.session import Session
from app.ui.view_state import ViewState

LOAD_MS = 10_000
HOSTILE = (
    'Before <img src="file:///etc/passwd"> between <script>alert("x")</script> '
    '<a href="javascript:alert(1)">click</a> <b>after</b>'
)


def _wait_for_filter(qtbot: QtBot, window: MainWindow, action: object) -> int:
    with qtbot.waitSignal(window.filterApplied, timeout=LOAD_MS) as applied:
        action()  # type: ignore[operator]
        window.filter_panel.flush()
    return int(applied.args[0])


def _titles(window: MainWindow) -> list[str]:
    model = window.items_model
    return [str(model.data(model.index(r, 2))) for r in range(model.rowCount())]


@pytest.fixture
def window(
    qtbot: QtBot, open_window: Callable[[Path], MainWindow], sample_path: Path
) -> MainWindow:
    return open_window(sample_path)


def test_window_shows_everything_the_database_holds(window: MainWindow) -> None:
    for name in ("filterPanel", "searchBox", "resultsTable", "detailPanel", "timelineView",
                 "timelineOverview"):  # fmt: skip
        assert window.findChild(QWidget, name) is not None, name
    model = window.items_model
    assert model.rowCount() == 46
    assert model.data(model.index(0, 0)) == "Dec 2005"
    assert _titles(window)[0].startswith("UN General Assembly adopts resolution 60/143")
    miami = next(r for r in range(46) if model.data(model.index(r, 0)) == "24–26 Oct 2025")
    assert model.data(model.index(miami, 0), ItemId) == "event/2025-10-24-dmitriev-miami"
    assert window.count_label.text() == "46 of 46 items"
    assert window.database_label.text() == "sample.backchannel"
    assert len(window.timeline.scene.columns) == 46


def test_typing_in_the_search_box_filters_the_list_and_the_canvas(
    qtbot: QtBot, window: MainWindow
) -> None:
    box = window.findChild(QLineEdit, "searchBox")
    assert box is not None
    count = _wait_for_filter(qtbot, window, lambda: qtbot.keyClicks(box, "peskov"))
    assert 0 < count < 46
    assert window.items_model.rowCount() == count
    assert len(window.timeline.scene.columns) == count
    assert window.count_label.text().startswith(f"{count} of 46 items")
    # Every row was found through Peskov: his words, his name as speaker, or an alias.
    model = window.items_model
    assert any("Peskov" in t for t in _titles(window))
    snippets = [model.data(model.index(r, MATCH)) for r in range(model.rowCount())]
    assert any("Peskov" in str(s) for s in snippets)  # his name in the words, marked
    # Enter walks the hits and the timeline selects each.
    qtbot.keyClick(box, Qt.Key.Key_Return)
    first = window.timeline.scene.selected
    assert first == model.key_at(0)
    qtbot.keyClick(box, Qt.Key.Key_Down)
    assert window.timeline.scene.selected == model.key_at(1)
    assert window.detail_panel.detail is not None


def test_any_search_text_is_safe_and_malformed_advanced_syntax_is_a_message(
    qtbot: QtBot, window: MainWindow
) -> None:
    box = window.search_box
    count = _wait_for_filter(qtbot, window, lambda: box.setText('"unbalanced AND ( OR *'))
    assert count >= 0
    window.advanced.setChecked(True)
    with qtbot.waitSignal(window.timeline_pane.loadFailed, timeout=LOAD_MS) as failed:
        window.filter_panel.flush()
    assert "not valid query syntax" in failed.args[0]
    assert "could not run" in window.count_label.text()


def test_ticking_an_actor_or_a_track_filters_everything(
    qtbot: QtBot, window: MainWindow, sample_db: sqlite_utils.Database
) -> None:
    panel = window.filter_panel
    count = _wait_for_filter(qtbot, window, lambda: panel.choose("actors", "actor/dmitry-peskov"))
    assert 0 < count < 46
    ids = {
        window.items_model.data(window.items_model.index(r, 0), ItemId)
        for r in range(window.items_model.rowCount())
    }
    assert all("peskov" in i for i in ids if i.startswith("statement/"))
    assert len(window.timeline.scene.columns) == count
    both = _wait_for_filter(qtbot, window, lambda: panel.choose("tracks", "track/unsc"))
    assert both <= count
    # The lists count what each choice would add, given the rest of the filter.
    track_texts = [panel.track_model.item(r).text() for r in range(panel.track_model.rowCount())]
    assert any(t.endswith("(0)") for t in track_texts)
    cleared = _wait_for_filter(qtbot, window, window.clear_filters)
    assert cleared == 46
    assert panel.chosen("actors") == set()
    assert panel.chosen("tracks") == set()


def test_a_date_range_takes_partial_dates_and_marks_a_wrong_one(
    qtbot: QtBot, window: MainWindow
) -> None:
    panel = window.filter_panel
    count = _wait_for_filter(qtbot, window, lambda: panel.date_from.setText("Oct 2025"))
    assert 0 < count < 46
    dates = [
        window.items_model.data(window.items_model.index(r, 0))
        for r in range(window.items_model.rowCount())
    ]
    assert not any(d.endswith(("2005", "2021", "2024")) for d in dates)
    same = _wait_for_filter(qtbot, window, lambda: panel.date_to.setText("32 Oct 2025"))
    assert same == count  # the broken end is left out, not applied
    assert panel.date_error.isVisibleTo(panel)
    assert "To:" in panel.date_error.text()


def test_selecting_an_item_shows_its_full_text_and_every_source(
    qtbot: QtBot, window: MainWindow, sample_db: sqlite_utils.Database
) -> None:
    key, body = (
        sample_db.execute(
            "SELECT key, body FROM items WHERE id = 'statement/2025-11-peskov-no-initiatives'"
        ).fetchone()
        or sample_db.execute(
            "SELECT key, body FROM items WHERE kind = 'statement' ORDER BY length(body) DESC"
        ).fetchone()
    )
    row = window.items_model.row_of(key)
    assert row is not None
    window.table.selectRow(row)
    assert window.timeline.scene.selected == key
    panel = window.findChild(DetailPanel, "detailPanel")
    assert panel is not None
    shown = panel.plain_text()
    assert " ".join(body.split()) in " ".join(shown.split())
    detail = panel.detail
    assert detail is not None
    assert detail.sources
    for source in detail.sources:
        assert (source.title or source.url or source.id) in shown
    assert "Copy citation" in shown
    # The other way round: a click on the canvas selects the row.
    window.timeline.select(window.items_model.key_at(3))
    assert window.table.currentIndex().row() == 3


def test_sources_open_only_for_web_and_mail_addresses(
    qtbot: QtBot, open_window: Callable[[Path], MainWindow], tmp_path: Path, hostile_path: Path
) -> None:
    window = open_window(hostile_path)
    opened: list[QUrl] = []
    window.detail_panel.open_url = opened.append
    window.show_item("statement/hostile")
    detail = window.detail_panel.detail
    assert detail is not None
    by_id = {s.id: s for s in detail.sources}
    assert window.detail_panel.open_source(by_id["source/web"])
    assert not window.detail_panel.open_source(by_id["source/file"])
    assert not window.detail_panel.open_source(by_id["source/script"])
    assert [u.toString() for u in opened] == ["https://example.org/report"]
    page = window.detail_panel.browser.toHtml()
    assert page.count("backchannel:open/") == 1  # only the web address got an Open link


def test_markup_in_a_statement_is_shown_as_text_and_loads_nothing(
    qtbot: QtBot, open_window: Callable[[Path], MainWindow], hostile_path: Path
) -> None:
    window = open_window(hostile_path)
    window.show_item("statement/hostile")
    panel = window.detail_panel
    text = panel.plain_text()
    assert '<img src="file:///etc/passwd">' in text
    assert "<script>" in text
    page = panel.browser.toHtml()
    assert "<img" not in page
    assert "<script" not in page
    assert 'href="javascript' not in page
    assert panel.browser.loadResource(2, QUrl("file:///etc/passwd")) is None


def test_a_chip_in_the_side_panel_adds_its_filter(qtbot: QtBot, window: MainWindow) -> None:
    window.show_item("event/2025-10-24-dmitriev-miami")
    detail = window.detail_panel.detail
    assert detail is not None
    assert detail.tracks
    track = detail.tracks[0]
    count = _wait_for_filter(
        qtbot, window, lambda: window.detail_panel._follow(QUrl(f"backchannel:track/{track.id}"))
    )
    assert window.filter_panel.chosen("tracks") == {track.id}
    assert count < 46


def test_the_dark_theme_reaches_every_widget(qtbot: QtBot, window: MainWindow) -> None:
    window.set_theme_choice("dark")
    QApplication.processEvents()
    image = window.grab().toImage()
    dark = sum(
        image.pixelColor(x, y).lightness() < 80
        for x in range(0, image.width(), 25)
        for y in range(0, image.height(), 25)
    )
    total = len(range(0, image.width(), 25)) * len(range(0, image.height(), 25))
    assert dark > total * 0.7
    window.set_theme_choice("light")


def test_filters_grouping_and_zoom_are_remembered(
    qtbot: QtBot, open_window: Callable[[Path], MainWindow], sample_path: Path
) -> None:
    first = open_window(sample_path)
    _wait_for_filter(qtbot, first, lambda: first.filter_panel.choose("tracks", "track/unsc"))
    first.set_grouping("actor")
    qtbot.waitUntil(lambda: not first.timeline_pane.loading, timeout=LOAD_MS)
    first.timeline.zoom(3.0)
    window_before = (first.timeline.scale.start, first.timeline.scale.end)
    first.close()
    second = open_window(sample_path)
    qtbot.waitUntil(lambda: second.timeline.scale.start == pytest.approx(window_before[0]),
                    timeout=LOAD_MS)  # fmt: skip
    assert second.filter_panel.chosen("tracks") == {"track/unsc"}
    assert second.timeline_pane.grouping == "actor"
    assert second.timeline_pane.filter.tracks == {"track/unsc"}
    assert QSettings  # settings live in the test's own temporary folder (conftest)


def test_window_refuses_a_foreign_file(qtbot: QtBot, tmp_path: Path) -> None:
    path = tmp_path / "notes.backchannel"
    path.write_text("not a database", encoding="utf-8")
    with pytest.raises(StoreError, match="not a Backchannel database"):
        build_main_window(path)
    assert path.read_text(encoding="utf-8") == "not a database"


def test_quit_closes_the_database(qtbot: QtBot, window: MainWindow) -> None:
    with qtbot.waitActive(window):
        window.activateWindow()
    qtbot.keyClick(window.table, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    assert not window.isVisible()
    with pytest.raises(Exception, match="closed"):
        window.session.db.execute("SELECT 1")


@pytest.fixture
def hostile_path(tmp_path: Path) -> Path:
    path = tmp_path / "hostile.backchannel"
    db = open_database(path, create=True)
    write_dataset(
        db,
        Dataset(
            actors=[Actor("actor/x", "X <b>Speaker</b>")],
            tracks=[Track("track/t", "Track <i>T</i>", color="red; background:url(file:///x)")],
            sources=[
                Source("source/web", url="https://example.org/report", title="Report"),
                Source("source/file", url="file:///etc/passwd", title="Local <b>file</b>"),
                Source("source/script", url="javascript:alert(1)", title="Script"),
            ],
            statements=[
                Statement(
                    "statement/hostile",
                    "actor/x",
                    parse_partial("2025-11-02"),
                    HOSTILE,
                    tracks=("track/t",),
                    sources=("source/web", "source/file", "source/script"),
                )
            ],
        ),
        path,
    )
    db.close()
    return path


@pytest.fixture
def big_path(tmp_path: Path) -> Path:
    path = tmp_path / "big.backchannel"
    db = open_database(path, create=True)
    statements = [
        Statement(
            f"statement/{i:05d}",
            "actor/a",
            parse_partial(f"{1990 + i // 365}-{i % 12 + 1:02d}"),
            f"Words {i}",
        )
        for i in range(1000)
    ]
    write_dataset(db, Dataset(actors=[Actor("actor/a", "Speaker")], statements=statements))
    db.close()
    return path


def test_items_model_reads_only_the_pages_shown_and_passes_the_model_tester(
    qtmodeltester: object, big_path: Path
) -> None:
    session = Session(big_path)
    db = session.db
    keys = [r[0] for r in db.execute("SELECT key FROM items ORDER BY key")]
    import numpy as np

    model = ItemsModel(session, ViewState())
    model.set_keys(np.array(keys, dtype=np.int64))
    assert model.rowCount() == 1000  # known at once
    assert model.data(model.index(999, 2)).startswith("Speaker")
    read = [k for k in keys if session.texts.cached(k) is not None]
    assert len(read) == PAGE_SIZE  # one page, the one shown
    qtmodeltester.check(model)  # type: ignore[attr-defined]
    model.sort(2, Qt.SortOrder.DescendingOrder)
    assert model.row_of(keys[0]) is not None
    assert model.data(model.index(0, 0), ItemId) != model.data(model.index(999, 0), ItemId)
    qtmodeltester.check(model)  # type: ignore[attr-defined]
    session.close()


def test_status_bar_names_the_database(window: MainWindow) -> None:
    labels = [label.text() for label in window.statusBar().findChildren(QLabel)]
    assert "sample.backchannel" in labels
    assert QApplication.instance() is not None
    assert window.findChild(QTableView, "resultsTable") is window.table


def test_a_search_shows_its_first_results_and_total_before_the_timeline_catches_up(
    qtbot: QtBot, window: MainWindow, sample_db: sqlite_utils.Database
) -> None:
    from app.store.queries import count

    qtbot.waitUntil(lambda: window.timeline_pane.index is not None, timeout=LOAD_MS)
    f = Filter(text="Gaza")
    with (
        qtbot.waitSignal(window.searchPreviewed, timeout=LOAD_MS) as previewed,
        qtbot.waitSignal(window.filterApplied, timeout=LOAD_MS) as applied,
    ):
        window.apply_filter(f)
        assert window.items_model.rowCount() == count(sample_db, f)  # before the timeline
    assert previewed.args == [count(sample_db, f)]
    assert applied.args == previewed.args
    assert len(window.timeline.scene.columns) == applied.args[0]


def test_opening_another_database_goes_through_the_application_window_list(
    qtbot: QtBot, sample_path: Path, tmp_path: Path
) -> None:
    problems: list[str] = []
    windows = Windows(report=problems.append)
    first = windows.open(sample_path)
    assert first is not None
    qtbot.addWidget(first)
    other = tmp_path / "other.backchannel"
    open_database(other, create=True).close()
    second = first.open_path(other)
    assert second is not None
    qtbot.addWidget(second)
    assert isinstance(second, MainWindow)
    assert list(windows) == [first, second]
    assert first.open_path(other) is second  # a file already open comes to the front
    assert second.session.path == other.resolve()
    qtbot.waitUntil(lambda: not second.timeline_pane.loading, timeout=LOAD_MS)
    assert second.items_model.rowCount() == 0
    assert not problems


def test_a_track_colour_that_would_vanish_is_drawn_so_it_shows_everywhere(
    qtbot: QtBot, open_window: Callable[[Path], MainWindow], sample_path: Path
) -> None:
    deep_purple = "#41144d"  # all but invisible on the dark theme's background
    db = open_database(sample_path)
    name = db.execute("SELECT name FROM tracks WHERE id = 'track/dmitriev-witkoff'").fetchone()[0]
    write_dataset(db, Dataset(tracks=[Track("track/dmitriev-witkoff", name, color=deep_purple)]))
    miami = db.execute(
        "SELECT key FROM items WHERE id = 'event/2025-10-24-dmitriev-miami'"
    ).fetchone()[0]
    db.close()
    window = open_window(sample_path)
    lifted = DARK.track_color(deep_purple).name()
    assert lifted != deep_purple
    assert contrast(QColor(lifted), QColor(DARK.background)) >= TRACK_CONTRAST
    assert contrast(QColor(deep_purple), QColor(DARK.background)) < TRACK_CONTRAST

    def shown() -> tuple[str, str]:
        QApplication.processEvents()
        model = window.filter_panel.track_model
        item = next(
            model.item(r) for r in range(model.rowCount())
            if model.item(r).data(IdRole) == "track/dmitriev-witkoff"
        )  # fmt: skip
        swatch = item.icon().pixmap(12, 12).toImage().pixelColor(6, 6).name()
        canvas = window.timeline
        canvas.repaint()
        assert canvas.frame is not None
        band = next(
            b for b in canvas.frame.bands if canvas.scene.columns.lanes[b.lane].name == name
        )
        image = canvas.grab().toImage()
        lane = image.pixelColor(12, int(band.top) + METRICS.lane_padding + 8).name()
        return swatch, lane

    window.set_theme_choice("dark")
    assert shown() == (lifted, lifted)
    window.timeline.select(miami)
    panel = window.findChild(DetailPanel, "detailPanel")
    assert panel is not None
    assert lifted in panel.browser.toHtml()
    window.set_theme_choice("light")
    assert shown() == (deep_purple, deep_purple)
    assert deep_purple in panel.browser.toHtml()


def test_an_import_that_renames_an_item_shows_the_new_title_everywhere(
    qtbot: QtBot, open_window: Callable[[Path], MainWindow], tmp_path: Path, sample_path: Path
) -> None:
    from dataclasses import replace

    from app.core.paths import sample_dataset
    from app.formats import native
    from app.services.library import import_file

    miami = "event/2025-10-24-dmitriev-miami"
    window = open_window(sample_path)
    key = window.session.db.execute("SELECT key FROM items WHERE id = ?", [miami]).fetchone()[0]
    window.show_item(miami)
    texts = window.timeline.scene.texts
    old = texts.labels([key])[key]  # read and kept, as a paint of the timeline does
    assert texts.tooltip(key).startswith(old)
    data = native.read(sample_dataset())
    renamed = "Witkoff and Dmitriev meet again in Miami"
    events = [replace(e, title=renamed) if e.id == miami else e for e in data.events]
    path = tmp_path / "renamed.json"
    path.write_text(native.dumps(replace(data, events=events)), encoding="utf-8")
    report = import_file(sample_path, path)
    with qtbot.waitSignal(window.filterApplied, timeout=LOAD_MS):
        window._imported(report)  # what the import dialog's `imported` signal calls
    shown = window.timeline.scene.texts
    assert shown.labels([key])[key] == renamed
    assert shown.tooltip(key).startswith(renamed + "\n")
    model = window.items_model
    row = model.row_of(key)
    assert row is not None
    assert model.data(model.index(row, 2)) == renamed
    detail = window.detail_panel.detail
    assert detail is not None
    assert detail.record.title == renamed


def test_ticked_tags_are_remembered_with_the_other_filters(
    qtbot: QtBot, open_window: Callable[[Path], MainWindow], sample_path: Path
) -> None:
    from app.services.editing import apply, tags_edit

    first = open_window(sample_path)
    with qtbot.waitSignal(first.timeline_pane.loaded, timeout=LOAD_MS):
        apply(
            first.session.db,
            tags_edit(
                first.session.db,
                ["statement/2025-11-dmitry-peskov-no-new-initiatives"],
                "brief",
                True,
            ),
        )
        first.session.database_changed()
    _wait_for_filter(qtbot, first, lambda: first.filter_panel.choose("tags", "brief"))
    assert first.timeline_pane.filter.tags == {"brief"}
    first.close()
    second = open_window(sample_path)
    qtbot.waitUntil(lambda: not second.timeline_pane.loading, timeout=LOAD_MS)
    assert second.timeline_pane.filter.tags == {"brief"}
    assert second.filter_panel.chosen("tags") == {"brief"}


def test_a_search_with_fields_comes_back_after_a_restart(
    qtbot: QtBot, open_window: Callable[[Path], MainWindow], sample_path: Path
) -> None:
    first = open_window(sample_path)
    with qtbot.waitSignal(first.filterApplied, timeout=LOAD_MS):
        first.search_box.setText("speaker:Peskov")
        first.view.flush()
    said_by_peskov = first.timeline_pane.filter.fields
    assert said_by_peskov is not None
    first.close()
    second = open_window(sample_path)
    qtbot.waitUntil(lambda: not second.timeline_pane.loading, timeout=LOAD_MS)
    assert second.search_box.text() == "speaker:Peskov"
    assert second.timeline_pane.filter.fields == said_by_peskov
