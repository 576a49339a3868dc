"""The timeline tells the story: every item in view labelled, in rows of its lane, "+N more"
only when a lane has no row left, and the selected item always drawn as itself."""

from __future__ import annotations

import numpy as np
import pytest
import sqlite_utils
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QMenu
from pytestqt.qtbot import QtBot

from app.core.calendar import to_seconds
from app.core.filter import Filter
from app.drawing.scene import Frame
from app.drawing.texts import StoreTexts
from app.store.columns import load_columns
from app.ui.timeline.canvas import TimelineCanvas


def _canvas(qtbot: QtBot, db: sqlite_utils.Database, grouping: str, size: tuple[int, int]):
    view = TimelineCanvas(load_columns(db, Filter(), grouping), StoreTexts(db))
    qtbot.addWidget(view)
    view.resize(*size)
    view.show()
    qtbot.waitExposed(view)
    return view


def _frame(view: TimelineCanvas) -> Frame:
    view.repaint()
    QApplication.processEvents()
    assert view.frame is not None
    return view.frame


def _key(db: sqlite_utils.Database, item_id: str) -> int:
    return int(db.execute("SELECT key FROM items WHERE id = ?", [item_id]).fetchone()[0])


def _drawn(frame: Frame, kind: str) -> list[tuple[np.ndarray, tuple]]:
    return [
        (r, t) for r, t in zip(frame.hits.rects, frame.hit_targets, strict=True) if t[0] == kind
    ]


def _memberships_in_view(view: TimelineCanvas) -> int:
    columns, scale = view.scene.columns, view.scale
    items = columns.member_item
    return int(
        np.count_nonzero((columns.end[items] >= scale.start) & (columns.start[items] <= scale.end))
    )


def test_october_and_november_2025_read_as_labelled_items_none_hidden(
    qtbot: QtBot, sample_db: sqlite_utils.Database
) -> None:
    view = _canvas(qtbot, sample_db, "track", (1400, 2600))  # tall enough for every lane
    view.set_window(to_seconds(2025, 10, 1), to_seconds(2025, 12, 1))
    frame = _frame(view)
    assert frame.content_height < view.height()
    items = _drawn(frame, "item")
    assert _drawn(frame, "more") == []
    assert len(items) == _memberships_in_view(view) > 40  # every item on every lane it is on
    assert frame.labelled == len(items)
    # No two drawn items (mark and label) overlap.
    boxes = np.array([r for r, _ in items])
    for i, a in enumerate(boxes):
        others = boxes[i + 1 :]
        overlap = (others[:, 0] < a[2] - 1) & (a[0] < others[:, 2] - 1)
        overlap &= (others[:, 1] < a[3] - 1) & (a[1] < others[:, 3] - 1)
        assert not overlap.any()


def test_items_of_one_month_stack_in_rows_at_every_zoom(
    qtbot: QtBot, sample_db: sqlite_utils.Database
) -> None:
    view = _canvas(qtbot, sample_db, "none", (1400, 900))
    for days in (400, 90, 30, 3):
        middle = to_seconds(2025, 11, 15)
        view.set_window(middle - days * 43_200, middle + days * 43_200)
        frame = _frame(view)
        items = _drawn(frame, "item")
        assert len(items) == _memberships_in_view(view), days
        assert _drawn(frame, "more") == []
        tops = {round(r[1]) for r, _ in items}
        assert len(tops) >= 10  # rows, not one line of marks on top of each other


def test_a_lane_out_of_rows_folds_the_rest_into_one_more_mark_that_lists_them(
    qtbot: QtBot, sample_db: sqlite_utils.Database
) -> None:
    view = _canvas(qtbot, sample_db, "none", (900, 260))
    view.set_window(to_seconds(2025, 6, 1), to_seconds(2025, 12, 10))
    frame = _frame(view)
    (rect, (_, _, t0, t1)), *others = _drawn(frame, "more")
    assert others == []
    index = frame.hit_targets.index(("more", *_drawn(frame, "more")[0][1][1:]))
    keys = frame.more[index]
    shown = {t[1] for _, t in _drawn(frame, "item")}
    assert len(shown) + len(keys) == _memberships_in_view(view)
    assert not shown & set(keys)
    qtbot.mouseClick(
        view, Qt.MouseButton.LeftButton, pos=QPoint(int(rect[0] + 5), int(rect[1] + 5))
    )
    menu = view.findChild(QMenu, "moreMenu")
    assert menu is not None
    assert menu.isVisible()
    picks = [a for a in menu.actions() if a.text() and not a.text().startswith(("Zoom", "…"))]
    assert len(picks) == len(keys)
    assert "Nov 2025 — " in picks[-1].text()
    with qtbot.waitSignal(view.itemSelected):
        picks[-1].trigger()
    assert view.scene.selected == keys[-1]
    frame = _frame(view)
    picked = [r for r, t in _drawn(frame, "item") if t[1] == keys[-1]]
    assert len(picked) == 1
    assert picked[0][2] - picked[0][0] > 60  # drawn with its label, not a bare mark
    zoom = next(a for a in menu.actions() if a.text().startswith("Zoom in on these"))
    zoom.trigger()
    assert view.scale.start <= t0 < t1 <= view.scale.end


def test_stepping_with_the_arrow_keys_draws_each_item_as_itself(
    qtbot: QtBot, sample_db: sqlite_utils.Database
) -> None:
    view = _canvas(qtbot, sample_db, "none", (900, 260))
    view.set_window(to_seconds(2025, 6, 1), to_seconds(2025, 12, 10))
    columns = view.scene.columns
    first = int(np.flatnonzero(columns.start >= to_seconds(2025, 6, 1))[0])
    view.select(int(columns.keys[first]))
    seen = 0
    for _ in range(len(columns) - first - 1):
        qtbot.keyClick(view, Qt.Key.Key_Right)
        selected = view.scene.selected
        frame = _frame(view)
        assert selected in {t[1] for _, t in _drawn(frame, "item")}
        assert not any(selected in keys for keys in frame.more.values())
        seen += 1
    assert seen > 25


def test_a_day_seen_at_hour_zoom_is_its_whole_day(
    qtbot: QtBot, sample_db: sqlite_utils.Database
) -> None:
    view = _canvas(qtbot, sample_db, "none", (1200, 500))
    icj = _key(sample_db, "event/2025-10-22-icj-advisory-opinion")
    view.set_window(to_seconds(2025, 10, 21, 18), to_seconds(2025, 10, 23, 6))
    (rect, _), *_ = [(r, t) for r, t in _drawn(_frame(view), "item") if t[1] == icj]
    day = view.scale.x(to_seconds(2025, 10, 23)) - view.scale.x(to_seconds(2025, 10, 22))
    assert rect[2] - rect[0] == pytest.approx(day, abs=2)
    assert rect[0] - view.width() + view.plot_width() == pytest.approx(
        view.scale.x(to_seconds(2025, 10, 22)), abs=2
    )


def _has_colour_in(view: TimelineCanvas, rect: np.ndarray, colour: str) -> bool:
    image = view.grab().toImage()
    return any(
        image.pixelColor(x, y).name() == colour
        for x in range(max(0, int(rect[0]) - 4), min(image.width(), int(rect[2]) + 4))
        for y in range(max(0, int(rect[1]) - 3), min(image.height(), int(rect[3]) + 3))
    )


def test_the_selected_item_is_ringed_itself_in_every_lane_it_sits_in(
    qtbot: QtBot, sample_db: sqlite_utils.Database
) -> None:
    view = _canvas(qtbot, sample_db, "track", (1400, 2600))
    view.set_window(to_seconds(2025, 11, 10), to_seconds(2025, 11, 25))
    columns = view.scene.columns
    lanes_of = np.bincount(columns.member_item, minlength=len(columns))
    ring = view.scene.theme.selection
    frame = _frame(view)
    several = next(
        t[1] for _, t in _drawn(frame, "item") if lanes_of[columns.keys.searchsorted(t[1])] >= 3
    )
    before = [r for r, t in _drawn(frame, "item") if t[1] == several]
    assert len(before) >= 3
    assert not any(_has_colour_in(view, r, ring) for r in before)
    view.select(several)
    drawn = [r for r, t in _drawn(_frame(view), "item") if t[1] == several]
    assert len(drawn) == len(before)
    assert all(_has_colour_in(view, r, ring) for r in drawn)
    others = [r for r, t in _drawn(_frame(view), "item") if t[1] != several][:5]
    assert not any(_has_colour_in(view, r[[0, 1, 2, 3]] + [6, 3, -6, -3], ring) for r in others)


@pytest.mark.parametrize("grouping", ["track", "actor", "kind", "none"])
def test_after_fit_the_canvas_labels_nine_in_ten_of_the_items_it_shows(
    qtbot: QtBot, sample_db: sqlite_utils.Database, grouping: str
) -> None:
    view = _canvas(qtbot, sample_db, grouping, (1600, 3000))
    view.fit()
    frame = _frame(view)
    assert frame.content_height < view.height()  # every lane in sight
    in_view = _memberships_in_view(view)
    assert in_view >= 40
    assert frame.labelled == len(_drawn(frame, "item"))
    assert frame.labelled >= 0.9 * in_view


def test_lanes_out_of_sight_are_counted_a_few_a_frame_after_a_zoom_and_then_exactly(
    qtbot: QtBot, sample_db: sqlite_utils.Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    import app.drawing.painter as painter_module

    monkeypatch.setattr(painter_module, "RECOUNTS_PER_FRAME", 1)
    view = _canvas(qtbot, sample_db, "actor", (900, 300))  # most actor lanes below the view
    view.set_window(to_seconds(2025, 6, 1), to_seconds(2025, 12, 1))
    _frame(view)
    view.zoom(3.0, view.plot_width() / 2)
    assert not _frame(view).settled  # one lane counted again, the others still to do

    qtbot.waitUntil(lambda: view.frame is not None and view.frame.settled)
    settled_height = view.frame.content_height
    view.scene.least_rows.clear()  # every lane counted afresh at this zoom
    assert _frame(view).content_height == settled_height
