"""A lane too crowded to label is drawn as density, its columns on a grid fixed to time: a pan
moves the columns counted already instead of counting them again, a zoom back finds them, and
what a view shows is the same however it was reached (the window after a pan, or a canvas, or
a file, drawing that view afresh)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from app.drawing import density
from app.drawing.theme import DARK, LIGHT, Theme
from app.store.columns import Lane, TimelineColumns
from app.ui.timeline.canvas import TimelineCanvas

YEAR = 365.2425 * 86_400


class _Texts:
    def labels(self, keys: Sequence[int]) -> dict[int, str]:
        return {k: f"Item {k}" for k in keys}

    def tooltip(self, key: int) -> str:
        return f"Item {key}"

    def item_id(self, key: int) -> str:
        return f"i{key}"


def _columns(count: int = 40_000, seed: int = 7, lanes: int = 2) -> TimelineColumns:
    """Items over ten years, bunched around a few dates (so the columns differ in height), on
    `lanes` lanes: every item on the first, every third on the second, every fourth on the
    third and so on."""
    rng = np.random.default_rng(seed)
    centres = rng.uniform(0, 10 * YEAR, 12)
    bunches = [rng.normal(c, YEAR / 8, count // 24) for c in centres]
    start = np.sort(np.concatenate([rng.uniform(0, 10 * YEAR, count // 2), *bunches]))
    n = len(start)
    every = np.arange(n, dtype=np.int64)
    steps = [1, *range(3, lanes + 2)][:lanes]
    members = [every[::step] for step in steps]
    colours = ["#2a6fdb", "#c2410c", "#15803d", "#7c3aed", "#be185d", "#0e7490"]
    return TimelineColumns(
        keys=np.arange(1, n + 1, dtype=np.int64),
        start=start,
        end=start.copy(),
        is_statement=rng.random(n) < 0.5,
        is_range=np.zeros(n, dtype=np.bool_),
        lanes=tuple(
            Lane(f"t{i}", "Every item" if step == 1 else f"Every {step}th", colours[i % 6])
            for i, step in enumerate(steps)
        ),
        member_item=np.concatenate(members),
        member_lane=np.concatenate(
            [np.full(len(m), i, dtype=np.int64) for i, m in enumerate(members)]
        ),
    )


def _canvas(qtbot: QtBot, columns: TimelineColumns, theme: Theme) -> TimelineCanvas:
    view = TimelineCanvas(columns, _Texts(), theme)
    qtbot.addWidget(view)
    view.resize(1100, 420)
    view.show()
    qtbot.waitExposed(view)
    return view


def _counted(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The lanes counted anew (`density._count`) from now on."""
    calls: list[int] = []
    real = density._count

    def counted(scene: object, lane: int, margin: float) -> density.Strip:
        calls.append(lane)
        return real(scene, lane, margin)  # type: ignore[arg-type]

    monkeypatch.setattr(density, "_count", counted)
    return calls


def _pixels(image: QImage) -> np.ndarray:
    image = image.convertToFormat(QImage.Format.Format_RGB32)
    data = np.frombuffer(image.constBits(), dtype=np.uint8, count=image.sizeInBytes())
    return data.reshape(image.height(), image.bytesPerLine()).copy()


def _density_lanes(view: TimelineCanvas) -> int:
    return sum(1 for strips in view.scene.strips.values() if strips)


@pytest.mark.parametrize("theme", [LIGHT, DARK], ids=["light", "dark"])
@pytest.mark.parametrize("pan_px", [24.0, -37.5, 301.0])
def test_a_pan_moves_the_columns_counted_and_draws_what_a_fresh_view_draws(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, theme: Theme, pan_px: float
) -> None:
    columns = _columns()
    view = _canvas(qtbot, columns, theme)
    view.set_window(2 * YEAR, 6 * YEAR)
    view.grab()
    assert _density_lanes(view) == 2, "both lanes should be too crowded to label"
    counted = _counted(monkeypatch)
    view.pan(pan_px)
    panned = _pixels(view.grab().toImage())
    assert counted == []  # within the margin counted with the first view: nothing counted
    fresh = _canvas(qtbot, columns, theme)
    fresh.set_window(view.scale.start, view.scale.end)
    assert fresh.scale == view.scale
    drawn_afresh = _pixels(fresh.grab().toImage())
    assert counted == [0, 1]
    assert np.array_equal(panned, drawn_afresh)
    # Bars were drawn: the lanes hold the lanes' colours, not only background and grid.
    colours = {int(v) for v in panned.view(np.uint32).ravel().tolist()}
    assert len(colours) > 4


def test_a_zoom_back_finds_its_columns_and_only_the_latest_keep_their_image(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    view = _canvas(qtbot, _columns(), LIGHT)
    view.set_window(2 * YEAR, 6 * YEAR)
    view.grab()
    for _ in range(3):  # in, and in again: each zoom counted once
        view.zoom(1.25, 300)
        view.grab()
    counted = _counted(monkeypatch)
    for factor in (0.8, 1.25, 0.8, 0.8):  # back the way the wheel came
        view.zoom(factor, 300)
        view.grab()
    assert counted == []
    for strips in view.scene.strips.values():
        assert len(strips) <= density.STRIPS_KEPT
        assert all(s.image is None for s in strips[density.IMAGES_KEPT :])
        assert strips[0].image is not None


def test_the_busiest_column_in_view_reaches_the_lanes_full_height(qtbot: QtBot) -> None:
    """As the view moves, the bars are scaled to what it shows, not to a column out of sight:
    the tallest bar in view fills the lane, whichever column that is."""
    columns = _columns()
    view = _canvas(qtbot, columns, LIGHT)
    for start in (1 * YEAR, 4 * YEAR, 7 * YEAR):
        view.set_window(start, start + 2 * YEAR)
        view.grab()
        strip = view.scene.strips[0][0]
        lo, hi = strip.in_view(view.scale)
        assert strip.made_for is not None
        peak, rows, _ = strip.made_for
        assert peak == int(strip.counts[lo:hi].max())
        assert strip.pixels is not None
        bucket = strip.pixels.shape[1] // len(strip.counts)
        busiest = lo + int(np.argmax(strip.counts[lo:hi]))
        assert strip.pixels[0, busiest * bucket] != 0  # its bar reaches the top row
        assert strip.pixels[rows - 1, busiest * bucket] != 0
        lower = np.flatnonzero((strip.counts[lo:hi] > 0) & (strip.counts[lo:hi] < peak / 2))
        assert len(lower)
        assert strip.pixels[0, (lo + int(lower[0])) * bucket] == 0  # a lesser one does not


def test_lanes_scrolled_out_of_sight_keep_no_image_and_lanes_gone_keep_nothing(
    qtbot: QtBot,
) -> None:
    """Scrolling through many crowded lanes keeps an image only for those in sight: the lanes
    above the view are counted (their height places the rest) but not drawn."""
    view = _canvas(qtbot, _columns(lanes=12), LIGHT)
    view.resize(1100, 240)
    view.set_window(2 * YEAR, 6 * YEAR)
    view.grab()
    first = {lane for lane, strips in view.scene.strips.items() if strips[0].image is not None}
    assert 0 < len(first) < 12
    view.scroll_lanes(10_000)  # to the last lanes
    view.grab()
    imaged = {lane for lane, strips in view.scene.strips.items() if strips[0].image is not None}
    assert imaged
    assert not imaged & first
    assert max(imaged) == 11
    assert len(imaged) <= len(first) + 1
    view.toggle_lane(11)  # folded: not laid out any more, so nothing of it is kept
    view.grab()
    assert 11 not in view.scene.strips
