"""What the timeline draws once and copies while the view pans, the column of lane names and
the overview's bars, is what drawing it afresh gives, after every change that shows in it: a
lane folded, the lanes scrolled, the names' column widened, the theme switched, other items."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest
import sqlite_utils
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from app.core.calendar import to_seconds
from app.core.filter import Filter
from app.drawing import painter as painter_module
from app.drawing.texts import StoreTexts
from app.drawing.theme import DARK, LIGHT, Theme
from app.store.columns import load_columns
from app.ui.timeline.canvas import TimelineCanvas
from app.ui.timeline.overview import TimelineOverview

SIZE = (1200, 700)


def _canvas(
    qtbot: QtBot, db: sqlite_utils.Database, theme: Theme = LIGHT, f: Filter | None = None
) -> TimelineCanvas:
    view = TimelineCanvas(load_columns(db, f or Filter(), "track"), StoreTexts(db), theme)
    qtbot.addWidget(view)
    view.resize(*SIZE)
    view.show()
    qtbot.waitExposed(view)
    view.set_window(to_seconds(2025, 10, 1), to_seconds(2025, 12, 1))
    return view


def _names(view: TimelineCanvas) -> np.ndarray:
    """The pixels of the column of lane names."""
    image = view.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    data = np.frombuffer(image.constBits(), dtype=np.uint32, count=image.width() * image.height())
    width = int(view.scene.lane_label_width)
    return data.reshape(image.height(), image.width())[:, :width].copy()


def _drawn(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The times the column of names is drawn rather than copied, from now on."""
    calls: list[int] = []
    real = painter_module._draw_lane_names

    def counted(*args: object) -> None:
        calls.append(1)
        real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(painter_module, "_draw_lane_names", counted)
    return calls


def test_a_pan_copies_the_column_of_names(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, sample_db: sqlite_utils.Database
) -> None:
    view = _canvas(qtbot, sample_db)
    before = _names(view)
    drawn = _drawn(monkeypatch)
    for dx in (40.0, -15.5, 3.0):
        view.pan(dx)
        assert np.array_equal(_names(view), before)
    assert drawn == []


def test_a_change_undone_finds_its_names_kept(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, sample_db: sqlite_utils.Database
) -> None:
    """A pan to and fro that brings an item in and out of view changes a lane's height and
    back, frame after frame: each state's names are drawn once, then copied."""
    view = _canvas(qtbot, sample_db)
    unfolded = _names(view)
    drawn = _drawn(monkeypatch)
    view.toggle_lane(1)
    folded = _names(view)
    for _ in range(3):
        view.toggle_lane(1)
        assert np.array_equal(_names(view), unfolded)
        view.toggle_lane(1)
        assert np.array_equal(_names(view), folded)
    assert len(drawn) == 1


CHANGES: dict[str, Callable[[TimelineCanvas], None]] = {
    "a lane folded": lambda view: view.toggle_lane(1),
    "the lanes scrolled": lambda view: view.scroll_lanes(35),
    "the column widened": lambda view: view.set_lane_label_width(260),
    "the theme switched": lambda view: view.set_theme(DARK),
}


@pytest.mark.parametrize("change", list(CHANGES), ids=list(CHANGES))
def test_after_each_change_the_names_are_those_drawn_afresh(
    qtbot: QtBot, sample_db: sqlite_utils.Database, change: str
) -> None:
    view = _canvas(qtbot, sample_db)
    view.resize(SIZE[0], 260)  # lanes below the view, so that scrolling moves them
    before = _names(view)
    CHANGES[change](view)
    after = _names(view)
    assert not np.array_equal(after, before), "the change should show in the names"
    fresh = _canvas(qtbot, sample_db)
    fresh.resize(SIZE[0], 260)
    _names(fresh)  # drawn once, as the first was: scrolling is bounded by what was drawn
    CHANGES[change](fresh)
    fresh.scene.names_pictures.clear()  # nothing kept: drawn afresh
    assert np.array_equal(_names(fresh), after)


def test_other_items_give_other_names(qtbot: QtBot, sample_db: sqlite_utils.Database) -> None:
    view = _canvas(qtbot, sample_db)
    before = _names(view)
    un = Filter(tracks=frozenset({"track/unsc"}))
    view.set_columns(load_columns(sample_db, un, "track"))
    after = _names(view)
    assert not np.array_equal(after, before)
    fresh = _canvas(qtbot, sample_db, f=un)
    assert np.array_equal(_names(fresh), after)


def _strip(overview: TimelineOverview) -> np.ndarray:
    image = overview.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    data = np.frombuffer(image.constBits(), dtype=np.uint32, count=image.width() * image.height())
    return data.reshape(image.height(), image.width()).copy()


def test_the_overviews_bars_follow_the_theme_and_the_items(
    qtbot: QtBot, sample_db: sqlite_utils.Database
) -> None:
    def overview(theme: Theme, f: Filter) -> TimelineOverview:
        strip = TimelineOverview(load_columns(sample_db, f, "track"), theme)
        qtbot.addWidget(strip)
        strip.resize(1000, 40)
        strip.show()
        qtbot.waitExposed(strip)
        return strip

    strip = overview(LIGHT, Filter())
    light = _strip(strip)
    strip.set_theme(DARK)
    dark = _strip(strip)
    assert not np.array_equal(dark, light)
    assert np.array_equal(dark, _strip(overview(DARK, Filter())))
    un = Filter(tracks=frozenset({"track/unsc"}))
    strip.set_columns(load_columns(sample_db, un, "track"))
    assert np.array_equal(_strip(strip), _strip(overview(DARK, un)))
