"""What the timeline's keys do, and the menu of a right click on it: driven through the
canvas's public verbs (zoom, pan, select, fit, scroll), so the canvas keeps only the mouse."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMenu, QWidget

from app.core.timeline.scale import TimeScale
from app.drawing.painter import Scene

KEY_ZOOM = 1.5
KEY_PAN_FRACTION = 0.1
EDGE_MARGIN = 0.05
"""How much of the view is left beyond the first or last item on Home or End."""


class Canvas(Protocol):
    """The verbs of `Canvas` that keys and the menu use."""

    @property
    def scene(self) -> Scene: ...
    @property
    def scale(self) -> TimeScale: ...
    def height(self) -> int: ...
    def plot_width(self) -> float: ...
    def zoom(self, factor: float, anchor_x: float | None = None) -> None: ...
    def pan(self, dx: float) -> None: ...
    def fit(self) -> None: ...
    def select(self, key: int | None, *, reveal: bool = False) -> None: ...
    def data_extent(self) -> tuple[float, float] | None: ...
    def set_window(self, start: float, end: float) -> None: ...
    def scroll_lanes(self, dy: float) -> None: ...
    def toggle_lane(self, lane: int) -> None: ...
    def set_hide_empty(self, hide: bool) -> None: ...
    def expand_all(self) -> None: ...


def press_key(canvas: Canvas, key: Qt.Key) -> bool:
    """Do what `key` does on the timeline; False if it does nothing there."""
    step = canvas.plot_width() * KEY_PAN_FRACTION
    if key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
        canvas.zoom(KEY_ZOOM)
    elif key == Qt.Key.Key_Minus:
        canvas.zoom(1 / KEY_ZOOM)
    elif key == Qt.Key.Key_F:
        canvas.fit()
    elif key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
        forward = key == Qt.Key.Key_Right
        if canvas.scene.selected is not None:
            _step_selection(canvas, 1 if forward else -1)
        else:
            canvas.pan(-step if forward else step)
    elif key in (Qt.Key.Key_Home, Qt.Key.Key_End):
        _go_to_edge(canvas, key == Qt.Key.Key_End)
    elif key in (Qt.Key.Key_PageDown, Qt.Key.Key_PageUp):
        canvas.scroll_lanes((1 if key == Qt.Key.Key_PageDown else -1) * canvas.height() / 2)
    else:
        return False
    return True


def lane_menu(canvas: Canvas, lane: int | None, parent: QWidget) -> QMenu:
    """Fold or unfold the lane under the pointer (if any), hide empty lanes, unfold all, fit."""
    scene = canvas.scene
    menu = QMenu(parent)
    if lane is not None:
        name = scene.columns.lanes[lane].name
        folded = lane in scene.collapsed
        menu.addAction(
            f"{'Unfold' if folded else 'Fold'} “{name}”", lambda: canvas.toggle_lane(lane)
        )
    hide = menu.addAction("Hide lanes with nothing in view")
    hide.setCheckable(True)
    hide.setChecked(scene.hide_empty)
    hide.toggled.connect(canvas.set_hide_empty)
    menu.addAction("Show all lanes unfolded", canvas.expand_all)
    menu.addSeparator()
    menu.addAction("Fit to the data\tF", canvas.fit)
    return menu


def _step_selection(canvas: Canvas, direction: int) -> None:
    columns = canvas.scene.columns
    assert canvas.scene.selected is not None
    index = int(columns.keys.searchsorted(canvas.scene.selected)) + direction
    if 0 <= index < len(columns):
        canvas.select(int(columns.keys[index]), reveal=True)


def _go_to_edge(canvas: Canvas, end: bool) -> None:
    extent = canvas.data_extent()
    if extent is None:
        return
    span = canvas.scale.end - canvas.scale.start
    if end:
        canvas.set_window(extent[1] - span * (1 - EDGE_MARGIN), extent[1] + span * EDGE_MARGIN)
    else:
        canvas.set_window(extent[0] - span * EDGE_MARGIN, extent[0] + span * (1 - EDGE_MARGIN))
