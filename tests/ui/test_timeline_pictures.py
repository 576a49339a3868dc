"""While the view pans, a lane's items are copied from a picture of them drawn once at that
zoom (`app.drawing.pictures`): what the user sees, can click and is told is labelled is the
frame a live drawing gives, pixel for pixel, in either theme and wherever the view's edges
cut a label or a band."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
import sqlite_utils
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from app.core.calendar import to_seconds
from app.core.filter import Filter
from app.drawing import marks, pictures
from app.drawing.texts import StoreTexts
from app.drawing.theme import DARK, LIGHT, Theme
from app.store.columns import load_columns
from app.ui.timeline.canvas import TimelineCanvas


def _canvas(
    qtbot: QtBot, db: sqlite_utils.Database, grouping: str, theme: Theme = LIGHT
) -> TimelineCanvas:
    view = TimelineCanvas(load_columns(db, Filter(), grouping), StoreTexts(db), theme)
    qtbot.addWidget(view)
    view.resize(1200, 1400)
    view.show()
    qtbot.waitExposed(view)
    return view


def _counted(monkeypatch: pytest.MonkeyPatch, name: str) -> list[int]:
    """The calls of `marks.<name>` from now on, one entry each."""
    calls: list[int] = []
    real = getattr(marks, name)

    def counted(*args: object) -> object:
        calls.append(1)
        return real(*args)

    monkeypatch.setattr(marks, name, counted)
    return calls


def _shown(view: TimelineCanvas) -> tuple[QImage, int, list[tuple[str, int, float, float]]]:
    image = view.grab().toImage()  # one frame, painted into the image
    assert view.frame is not None
    return image, view.frame.labelled, list(view.frame.hit_targets)


@pytest.mark.parametrize("theme", [LIGHT, DARK], ids=["light", "dark"])
@pytest.mark.parametrize("grouping", ["none", "track"])
@pytest.mark.parametrize("pan_px", [37.5, -211.0, 400.25])
def test_a_pan_drawn_from_the_lane_pictures_is_the_live_frame(
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    sample_db: sqlite_utils.Database,
    theme: Theme,
    grouping: str,
    pan_px: float,
) -> None:
    monkeypatch.setattr(marks, "MIN_ITEMS", 1)  # the sample's lanes are small: every lane
    view = _canvas(qtbot, sample_db, grouping, theme)
    # Bands (the Miami visit, "c. Nov 2025") and labels cut by either edge of the view.
    view.set_window(to_seconds(2025, 10, 20), to_seconds(2025, 11, 25))
    _shown(view)
    view.pan(pan_px)
    copied = _shown(view)
    assert view.scene.pictures, "the pan drew no lane from its picture"
    placements = dict(view.scene.placements)
    view.scene.pictures.clear()
    view.scene.placement_seen.clear()
    live = _shown(view)
    assert view.scene.placements == placements  # the same rows, drawn live this time
    assert not view.scene.pictures
    assert copied[1:] == live[1:]
    assert copied[1] > 20
    # The same pixels, but for rounding where a partial pixel of an edge, or a band's
    # translucent tint, is blended in two steps (into the picture, then onto the lane) rather
    # than one: a tint by a level or two, an edge by more. A label or band missing, moved or
    # drawn twice changes whole letters, or darkens a band by far more.
    difference = np.abs(_pixels(copied[0]) - _pixels(live[0]))
    assert difference.max() <= 16, np.argwhere(difference > 16)[:5]
    assert np.count_nonzero(difference > 2) < 0.001 * difference.size


def _pixels(image: QImage) -> np.ndarray:
    image = image.convertToFormat(QImage.Format.Format_RGB32)
    data = np.frombuffer(image.constBits(), dtype=np.uint8, count=image.sizeInBytes())
    return data.reshape(image.height(), image.bytesPerLine()).astype(np.int16)


def test_lanes_without_room_for_a_picture_are_drawn_live_not_made_again_each_frame(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, sample_db: sqlite_utils.Database
) -> None:
    monkeypatch.setattr(marks, "MIN_ITEMS", 1)
    made = _counted(monkeypatch, "make_picture")
    view = _canvas(qtbot, sample_db, "track")
    view.set_window(to_seconds(2025, 10, 20), to_seconds(2025, 11, 25))
    _shown(view)
    view.pan(10)
    _shown(view)
    every_lane = len(made)
    assert every_lane > 2
    pixels = sorted(p.pixels for _, p in view.scene.pictures.values() if p is not None)
    monkeypatch.setattr(pictures, "PIXEL_BUDGET", pixels[0] + pixels[1])  # room for two
    view.scene.pictures.clear()
    made.clear()
    live = []
    for step in range(8):
        view.pan(7 if step % 2 else -7)
        live.append(_shown(view)[1])
    assert 1 <= len(made) <= 2  # the lanes that fit, once each; the others never again
    kept = [p for _, p in view.scene.pictures.values() if p is not None]
    assert 1 <= len(kept) <= 2
    assert sum(p.pixels for p in kept) <= pixels[0] + pixels[1]
    assert len(set(live)) == 1  # every frame labels the same items


def test_a_zoom_lets_go_of_the_pictures_of_the_rows_placed_before(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, sample_db: sqlite_utils.Database
) -> None:
    monkeypatch.setattr(marks, "MIN_ITEMS", 1)
    view = _canvas(qtbot, sample_db, "track")
    view.set_window(to_seconds(2025, 10, 20), to_seconds(2025, 11, 25))
    _shown(view)
    view.pan(10)
    _shown(view)
    pictured = set(view.scene.pictures)
    assert pictured
    view.zoom(1.5, 300)
    _shown(view)  # every lane in view placed anew: no picture kept of the old rows
    assert not any(p is not None for _, p in view.scene.pictures.values())


def _as_live(view: TimelineCanvas) -> None:
    """What the view shows now, from its pictures, is what drawing it live shows."""
    copied = _shown(view)
    assert any(p is not None for _, p in view.scene.pictures.values())
    view.scene.pictures.clear()
    view.scene.placement_seen.clear()
    live = _shown(view)
    assert copied[1:] == live[1:]
    assert np.abs(_pixels(copied[0]) - _pixels(live[0])).max() <= 16


def test_after_a_theme_switch_and_a_selection_the_pan_shows_them(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, sample_db: sqlite_utils.Database
) -> None:
    monkeypatch.setattr(marks, "MIN_ITEMS", 1)
    view = _canvas(qtbot, sample_db, "track")
    view.set_window(to_seconds(2025, 10, 20), to_seconds(2025, 11, 25))
    _shown(view)
    view.pan(20)
    _shown(view)  # a picture in the light theme
    view.set_theme(DARK)
    view.pan(-13)
    _as_live(view)  # in the dark theme
    assert view.frame is not None
    key = next(t[1] for t in view.frame.hit_targets if t[0] == "item")
    view.scene.selected = key  # as a click selects it: new rows, the item ringed
    view.pan(9)
    _shown(view)
    view.pan(-9)
    _as_live(view)


def test_a_change_to_the_database_draws_every_lane_afresh_at_once(
    monkeypatch: pytest.MonkeyPatch, open_window: Any, sample_path: Path
) -> None:
    # An edit renames an item: until its lanes are read again, no picture may show the old name.
    monkeypatch.setattr(marks, "MIN_ITEMS", 1)
    window = open_window(sample_path)
    canvas = window.timeline_pane.canvas
    canvas.set_window(to_seconds(2024, 6, 1), to_seconds(2026, 1, 1))  # dots, not bands
    _shown(canvas)
    canvas.pan(15)
    _shown(canvas)
    assert any(p is not None for _, p in canvas.scene.pictures.values())
    window.session.database_changed()
    assert not canvas.scene.pictures
    assert not canvas.scene.placement_seen


def _stashed(view: TimelineCanvas) -> list[pictures.Picture]:
    return [
        kept[1]
        for entries in view.scene.earlier.values()
        for _, kept in entries
        if kept is not None and kept[1] is not None
    ]


def test_a_zoom_back_draws_the_rows_and_picture_kept_from_before(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, sample_db: sqlite_utils.Database
) -> None:
    """A wheel turned in and back out returns to rows placed already, and from the second
    return on copies their picture: the same frame a live drawing gives."""
    monkeypatch.setattr(marks, "MIN_ITEMS", 1)
    placed = _counted(monkeypatch, "_place")
    view = _canvas(qtbot, sample_db, "track")
    view.set_window(to_seconds(2025, 10, 20), to_seconds(2025, 11, 25))
    _shown(view)
    first = dict(view.scene.placements)
    lanes = len(placed)
    for step in range(4):
        view.zoom(1.25 if step % 2 == 0 else 1 / 1.25, 321.5)
        _shown(view)
    assert len(placed) == 2 * lanes  # placed at two zooms, recalled at every step after
    assert all(view.scene.placements[lane] is p for lane, p in first.items())
    made = _counted(monkeypatch, "make_picture")
    view.zoom(1.25, 321.5)
    _shown(view)
    assert _stashed(view), "the zoom back kept no picture of the rows it left"
    view.zoom(1 / 1.25, 321.5)
    _as_live(view)  # copied from the picture of the rows placed on the first frame
    assert len(placed) == 2 * lanes
    assert made == [], "a picture was made again instead of kept"


def test_pictures_kept_with_earlier_zooms_give_way_to_the_current_ones(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, sample_db: sqlite_utils.Database
) -> None:
    monkeypatch.setattr(marks, "MIN_ITEMS", 1)
    view = _canvas(qtbot, sample_db, "track")
    view.set_window(to_seconds(2025, 10, 20), to_seconds(2025, 11, 25))
    for step in range(6):  # pictures of both zooms: one current, one kept with the earlier
        view.zoom(1.25 if step % 2 == 0 else 1 / 1.25, 321.5)
        _shown(view)
    current = [p for _, p in view.scene.pictures.values() if p is not None]
    stashed = _stashed(view)
    assert current
    assert stashed
    budget = sum(p.pixels for p in current) + min(p.pixels for p in stashed)
    monkeypatch.setattr(pictures, "PIXEL_BUDGET", budget)
    view.pan(3)
    view.pan(-3)  # a lane without its picture makes it: the older ones make room
    view.scene.pictures.pop(next(iter(view.scene.pictures)))
    _shown(view)
    _shown(view)
    kept = [p for _, p in view.scene.pictures.values() if p is not None] + _stashed(view)
    assert sum(p.pixels for p in kept) <= budget
    assert len([p for _, p in view.scene.pictures.values() if p is not None]) == len(current)


def test_a_change_to_the_database_forgets_the_pictures_of_earlier_zooms_too(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, sample_db: sqlite_utils.Database
) -> None:
    monkeypatch.setattr(marks, "MIN_ITEMS", 1)
    view = _canvas(qtbot, sample_db, "track")
    view.set_window(to_seconds(2025, 10, 20), to_seconds(2025, 11, 25))
    for step in range(4):
        view.zoom(1.25 if step % 2 == 0 else 1 / 1.25, 321.5)
        _shown(view)
    assert _stashed(view)
    view.scene.forget_pictures()
    assert not _stashed(view)
    assert not view.scene.pictures
