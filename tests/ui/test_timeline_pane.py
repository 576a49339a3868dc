"""The timeline pane as the window holds it: loading in the background, the overview strip
that moves and resizes the view, and lanes folded or hidden."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlite_utils
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.core.calendar import to_seconds
from app.core.filter import Filter
from app.drawing.texts import StoreTexts
from app.drawing.theme import DARK, METRICS
from app.store.columns import load_columns
from app.store.records import resolve
from app.ui.timeline.pane import TimelinePane

LOAD_TIMEOUT_MS = 10_000


@pytest.fixture
def pane(qtbot: QtBot, sample_path: Path, sample_db: sqlite_utils.Database) -> TimelinePane:
    view = TimelinePane(sample_path, StoreTexts(sample_db))
    qtbot.addWidget(view)
    view.resize(1200, 760)
    view.show()
    qtbot.waitExposed(view)
    with qtbot.waitSignal(view.loaded, timeout=LOAD_TIMEOUT_MS) as done:
        view.load(Filter(), "track")
    assert done.args == [46]
    return view


def _render(pane: TimelinePane) -> None:
    pane.canvas.repaint()
    pane.overview.repaint()
    QApplication.processEvents()


def test_loading_fills_canvas_and_overview_and_fits_the_data(pane: TimelinePane) -> None:
    """The bulk of the items, June to November 2025, not their extremes: the 2005 vote, the
    2021 draft treaty and the 2024 summit are marked at the left edge instead."""
    assert not pane.loading
    assert len(pane.canvas.scene.columns) == 46
    first, last = to_seconds(2025, 6, 2), to_seconds(2025, 12)
    assert to_seconds(2025, 1) < pane.canvas.scale.start < first < last < pane.canvas.scale.end
    assert pane.canvas.scale.end < to_seconds(2026, 3)
    assert pane.overview.visible_window == (pane.canvas.scale.start, pane.canvas.scale.end)
    _render(pane)
    assert pane.canvas.frame is not None
    assert [t[0] for t in pane.canvas.frame.hit_targets if t[0] in ("earlier", "later")] == [
        "earlier"
    ]


def test_a_newer_filter_replaces_the_load_before_it(
    qtbot: QtBot, pane: TimelinePane, sample_db: sqlite_utils.Database
) -> None:
    peskov = Filter.build(actors=[resolve(sample_db, "actors", "Peskov")])
    expected = load_columns(sample_db, peskov, "actor")
    for index_ready in (False, True):  # read from the database, then from memory
        if index_ready:
            qtbot.waitUntil(lambda: pane.index is not None, timeout=LOAD_TIMEOUT_MS)
        counts: list[int] = []
        pane.loaded.connect(counts.append)
        pane.load(Filter.build(tracks=[resolve(sample_db, "tracks", "Security Council")]))
        pane.load(peskov, "actor")
        qtbot.waitUntil(lambda c=counts: not pane.loading and bool(c), timeout=LOAD_TIMEOUT_MS)
        pane.loaded.disconnect(counts.append)
        assert counts[-1] == len(expected)
        assert pane.canvas.scene.columns.keys.tolist() == expected.keys.tolist()
    assert pane.grouping == "actor"
    assert {lane.name for lane in pane.canvas.scene.columns.lanes} >= {"Dmitry Peskov"}


def test_a_damaged_file_reports_instead_of_loading(
    qtbot: QtBot, tmp_path: Path, sample_db: sqlite_utils.Database
) -> None:
    missing = tmp_path / "gone.backchannel"
    view = TimelinePane(missing, StoreTexts(sample_db))
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.loadFailed, timeout=LOAD_TIMEOUT_MS) as failed:
        view.load(Filter())
    assert "gone.backchannel" in failed.args[0]
    assert not view.loading
    assert not missing.exists()


def test_dragging_the_overview_window_moves_the_view(qtbot: QtBot, pane: TimelinePane) -> None:
    canvas, overview = pane.canvas, pane.overview
    canvas.set_window(to_seconds(2012, 1), to_seconds(2015, 1))  # an eighth of the whole
    _render(pane)
    window = overview.window_rect()
    span = canvas.scale.span
    start = canvas.scale.start
    grab = QPoint(int(window.center().x()), int(window.center().y()))
    qtbot.mousePress(overview, Qt.MouseButton.LeftButton, pos=grab)
    qtbot.mouseMove(overview, grab + QPoint(-40, 0))
    qtbot.mouseRelease(overview, Qt.MouseButton.LeftButton, pos=grab + QPoint(-40, 0))
    moved = start - canvas.scale.start
    whole = overview._scale()
    assert moved == pytest.approx(40 * whole.seconds_per_pixel, rel=0.02)
    assert canvas.scale.span == pytest.approx(span, rel=1e-9)
    assert overview.visible_window == (canvas.scale.start, canvas.scale.end)


def test_pulling_an_edge_of_the_overview_window_zooms(qtbot: QtBot, pane: TimelinePane) -> None:
    canvas, overview = pane.canvas, pane.overview
    canvas.zoom(4.0)
    _render(pane)
    window = overview.window_rect()
    end = canvas.scale.end
    edge = QPoint(int(window.right()), int(window.center().y()))
    qtbot.mousePress(overview, Qt.MouseButton.LeftButton, pos=edge)
    qtbot.mouseMove(overview, edge + QPoint(60, 0))
    qtbot.mouseRelease(overview, Qt.MouseButton.LeftButton, pos=edge + QPoint(60, 0))
    assert canvas.scale.end > end
    assert canvas.scale.start == pytest.approx(overview.visible_window[0])
    qtbot.mousePress(
        overview, Qt.MouseButton.LeftButton, pos=QPoint(METRICS.lane_label_width + 3, 20)
    )
    qtbot.mouseRelease(
        overview, Qt.MouseButton.LeftButton, pos=QPoint(METRICS.lane_label_width + 3, 20)
    )
    # A press beside the window brings that time to the middle.
    assert canvas.scale.start < overview._scale().t(3.0) < canvas.scale.end


def test_the_overview_shows_where_the_items_are(pane: TimelinePane) -> None:
    pane.set_theme(DARK)
    _render(pane)
    image = pane.overview.grab().toImage()
    density = DARK.color("density").name()
    plot_left = METRICS.lane_label_width
    columns = [
        x
        for x in range(plot_left, image.width())
        if any(image.pixelColor(x, y).name() == density for y in range(image.height()))
    ]
    assert columns, "no density drawn"
    # Most of the sample is in 2025, at the right end of a 2005–2025 span.
    assert sum(x > (plot_left + image.width()) / 2 for x in columns) > len(columns) / 2


def test_clicking_a_lane_name_folds_it_and_hiding_empty_lanes_leaves_them_out(
    qtbot: QtBot, pane: TimelinePane
) -> None:
    canvas = pane.canvas
    _render(canvas_frame := pane)
    assert canvas.frame is not None
    band = canvas.frame.bands[0]
    full_height = band.height
    qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton,
                     pos=QPoint(40, int(band.top + band.height / 2)))  # fmt: skip
    _render(canvas_frame)
    assert canvas.frame.bands[0].collapsed
    assert canvas.frame.bands[0].height < full_height
    # A window of one month in 2005 holds only the UN General Assembly's resolution.
    canvas.set_window(to_seconds(2005, 12), to_seconds(2006, 1))
    canvas.set_hide_empty(True)
    _render(canvas_frame)
    shown = [b for b in canvas.frame.bands if b.height > 0]
    assert 1 <= len(shown) < len(canvas.frame.bands)
    canvas.expand_all()
    _render(canvas_frame)
    assert all(b.height > 0 and not b.collapsed for b in canvas.frame.bands)


def test_the_overview_zoomed_out_and_back_draws_the_bars_it_drew_before(
    pane: TimelinePane, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Zoomed out past the items, the strip widens with the window; zooming back and forth
    reads its bars again only for a span not drawn before, and draws what a fresh strip does."""
    from app.ui.timeline import overview as overview_module

    counted: list[int] = []
    counting = overview_module.density_sorted

    def density(*args: object, **kwargs: object) -> object:
        counted.append(1)
        return counting(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(overview_module, "density_sorted", density)
    canvas, overview = pane.canvas, pane.overview
    pane.resize(1200, 760)
    canvas.set_window(to_seconds(1990, 1), to_seconds(2030, 1))  # wider than the items
    _render(pane)
    counted.clear()
    for step in range(6):
        canvas.zoom(1.25 if step % 2 == 0 else 1 / 1.25, 300)
        _render(pane)
    assert len(counted) == 1  # the second span's; the first's were kept
    kept = overview.grab().toImage()
    overview.set_columns(canvas.scene.columns)  # forget the bars: drawn afresh
    assert overview.grab().toImage() == kept
