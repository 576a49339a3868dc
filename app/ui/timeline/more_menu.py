"""The menu of a "+N more" mark: the items a lane had no row for, to pick one from (it then
gets a row of its own, labelled and selected), and a way to zoom in where that parts them."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtWidgets import QMenu, QWidget

from app.core.timeline.clusters import zoom_to_cluster
from app.core.timeline.scale import TimeScale
from app.drawing.painter import Scene
from app.ui.timeline.fitting import DATA_MARGIN

MORE_MENU_ITEMS = 40
"""The menu lists this many of the mark's items; zooming in shows the rest."""
MENU_TEXT_CHARS = 90


class Canvas(Protocol):
    """What the menu needs of the canvas."""

    @property
    def scene(self) -> Scene: ...
    @property
    def scale(self) -> TimeScale: ...
    def set_window(self, start: float, end: float) -> None: ...
    def select(self, key: int | None, *, reveal: bool = False) -> None: ...


def more_menu(canvas: Canvas, keys: tuple[int, ...], t0: float, t1: float) -> QMenu:
    """The menu for a "+N more" mark holding `keys` (in time order), whose items span t0-t1."""
    parent = canvas if isinstance(canvas, QWidget) else None
    if parent is not None:  # the menu opened before, now closed, goes
        for old in parent.findChildren(QMenu, "moreMenu"):
            old.deleteLater()
    menu = QMenu(parent)
    menu.setObjectName("moreMenu")
    closer = zoom_to_cluster(canvas.scale, t0, t1, DATA_MARGIN)
    if closer is not None:
        zoom = menu.addAction(f"Zoom in on these {len(keys):,} items")
        zoom.triggered.connect(lambda: canvas.set_window(closer.start, closer.end))
        menu.addSeparator()
    for key in keys[:MORE_MENU_ITEMS]:
        title, _, when = canvas.scene.texts.tooltip(key).partition("\n")
        date = when.split(" · ", 1)[0]
        action = menu.addAction(_menu_text(f"{date} — {title}" if date else title))
        action.triggered.connect(lambda _=False, k=key: canvas.select(k, reveal=True))
    if len(keys) > MORE_MENU_ITEMS:
        rest = menu.addAction(f"… and {len(keys) - MORE_MENU_ITEMS:,} more: zoom in to see them")
        rest.setEnabled(False)
    return menu


def _menu_text(text: str) -> str:
    """One line of a menu: no ampersand taken for a shortcut, no run across the screen."""
    line = " ".join(text.split())
    if len(line) > MENU_TEXT_CHARS:
        line = line[: MENU_TEXT_CHARS - 1] + "…"
    return line.replace("&", "&&")
