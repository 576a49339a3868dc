"""Bulk changes in the window, driven as a user drives them: rows taken with Shift+arrows or
Ctrl-clicks, then tagged, put on a track or deleted in one step that one Ctrl+Z takes back
whole; a verb that cannot apply says why and writes nothing."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import sqlite_utils
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QContextMenuEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.core.filter import Filter
from app.core.model import STATEMENT, Event, Statement
from app.store.changes import read_state
from app.ui.editing.bulk import PickDialog, TagDialog
from app.ui.items_model import ItemId
from app.ui.main_window import MainWindow
from tests.exports import exported

LOAD_MS = 20_000
TRACK = "track/unsc"


@pytest.fixture
def window(open_window: Callable[[Path], MainWindow], sample_path: Path) -> MainWindow:
    return open_window(sample_path)


def _records(db: sqlite_utils.Database, ids: list[str]) -> dict[str, Event | Statement]:
    state = read_state(db, [("item", i) for i in ids])
    found = {id_: r for (_kind, id_), r in state.records.items()}
    assert all(isinstance(r, Event | Statement) for r in found.values())
    return found  # type: ignore[return-value]


def _listed(window: MainWindow) -> list[str]:
    model = window.items_model
    return [str(model.data(model.index(r, 0), ItemId)) for r in range(model.rowCount())]


def _action(window: MainWindow, name: str) -> QAction:
    action = window.findChild(QAction, name)
    assert action is not None, name
    return action


def _click_row(qtbot: QtBot, window: MainWindow, row: int, ctrl: bool = False) -> None:
    table = window.table
    index = window.items_model.index(row, 2)
    table.scrollTo(index)
    modifier = Qt.KeyboardModifier.ControlModifier if ctrl else Qt.KeyboardModifier.NoModifier
    where = table.visualRect(index).center()
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, modifier, where)


def _select_with_keyboard(qtbot: QtBot, window: MainWindow, first: int, n: int) -> list[str]:
    """Click a row, then Shift+Down to take the next ones; the ids, in list order."""
    _click_row(qtbot, window, first)
    for _ in range(n - 1):
        qtbot.keyClick(window.table, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    return _listed(window)[first : first + n]


def _written(qtbot: QtBot, window: MainWindow, action: Callable[[], object]) -> None:
    """Do something that writes, and wait until the window has read the database again."""
    with qtbot.waitSignal(window.timeline_pane.loaded, timeout=LOAD_MS):
        action()


def _bulk_dialog(window: MainWindow) -> TagDialog | PickDialog:
    dialog = window.editing.bulk_dialog
    assert dialog is not None
    assert dialog.isVisible()
    return dialog


def test_five_rows_taken_with_shift_down_are_tagged_in_one_step_and_untagged_by_one_undo(
    qtbot: QtBot, window: MainWindow
) -> None:
    db = window.session.db
    before = exported(db)
    ids = _select_with_keyboard(qtbot, window, 0, 5)
    assert window.selection.chosen() == ids
    # The side panel and the timeline follow the row the keyboard is on.
    assert window.detail_panel.detail is not None
    assert window.detail_panel.detail.record.id == ids[-1]
    steps = window.editing.undo_stack().count()

    qtbot.keyClick(window.table, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    dialog = _bulk_dialog(window)
    assert isinstance(dialog, TagDialog)
    qtbot.keyClicks(dialog.tag, "brief")
    _written(qtbot, window, lambda: qtbot.keyClick(dialog.tag, Qt.Key.Key_Return))

    assert window.editing.bulk_dialog is None  # closed once done
    assert all("brief" in r.tags for r in _records(db, ids).values())
    assert window.statusBar().currentMessage() == "Tagged 5 items “brief” — Ctrl+Z to undo"
    assert _listed(window)[:5] == ids
    assert window.selection.chosen() == ids  # still selected for the next verb
    assert window.editing.undo_stack().count() == steps + 1
    assert _action(window, "actionUndo").text() == "&Undo Tag 5 items “brief”"
    offered = window.editing.tag_selected()
    assert isinstance(offered, TagDialog)
    assert offered.tag.completer().model().index(0, 0).data() == "brief"
    offered.reject()
    window.activateWindow()  # as the desktop does once a dialog is closed
    qtbot.waitUntil(window.isActiveWindow)

    ctrl = Qt.KeyboardModifier.ControlModifier
    _written(qtbot, window, lambda: qtbot.keyClick(window.table, Qt.Key.Key_Z, ctrl))
    assert not any("brief" in r.tags for r in _records(db, ids).values())
    assert exported(db) == before


def test_three_rows_ctrl_clicked_go_on_a_track_and_come_off_by_one_undo(
    qtbot: QtBot, window: MainWindow
) -> None:
    db = window.session.db
    for row, ctrl in ((3, False), (6, True), (9, True)):
        _click_row(qtbot, window, row, ctrl)
    ids = [_listed(window)[r] for r in (3, 6, 9)]
    assert window.selection.chosen() == ids
    before = _records(db, ids)
    new = sum(TRACK not in r.tracks for r in before.values())

    _action(window, "actionAddToTrack").trigger()
    dialog = _bulk_dialog(window)
    assert isinstance(dialog, PickDialog)
    dialog.pick(TRACK)
    _written(qtbot, window, dialog.apply.click)

    assert all(TRACK in r.tracks for r in _records(db, ids).values())
    assert window.statusBar().currentMessage() == (
        f"Added {new} item{'s' if new != 1 else ''} to “UN Security Council” — Ctrl+Z to undo"
    )
    _written(qtbot, window, _action(window, "actionUndo").trigger)
    assert _records(db, ids) == before


def test_four_rows_deleted_at_once_come_back_byte_for_byte_with_one_undo(
    qtbot: QtBot, window: MainWindow
) -> None:
    db = window.session.db
    before = exported(db)
    ids = _select_with_keyboard(qtbot, window, 10, 4)
    _written(qtbot, window, lambda: qtbot.keyClick(window.table, Qt.Key.Key_Delete))
    assert window.statusBar().currentMessage() == "Deleted 4 items — Ctrl+Z to undo"
    assert not set(ids) & set(_listed(window))
    assert window.count_label.text() == "42 of 42 items"
    assert _action(window, "actionUndo").text() == "&Undo Delete 4 items"
    _written(qtbot, window, _action(window, "actionUndo").trigger)
    assert set(ids) <= set(_listed(window))
    assert exported(db) == before


def test_set_kind_on_statements_only_says_why_and_writes_nothing(
    qtbot: QtBot, window: MainWindow
) -> None:
    db = window.session.db
    with qtbot.waitSignal(window.filterApplied, timeout=LOAD_MS):
        window.apply_filter(Filter(kinds=frozenset({STATEMENT})))
    before = exported(db)
    steps = window.editing.undo_stack().count()
    _select_with_keyboard(qtbot, window, 0, 4)

    _action(window, "actionSetKind").trigger()

    assert window.editing.bulk_dialog is None
    problem = window.editing.problem
    assert problem is not None
    assert problem.isVisible()
    assert problem.text() == (
        "Could not set the kind: Only events have a kind; the 4 selected items are all "
        "statements. Select events to set theirs."
    )
    assert window.statusBar().currentMessage() == problem.text()
    assert exported(db) == before
    assert window.editing.undo_stack().count() == steps


def test_the_kind_of_the_events_selected_is_set_and_a_bad_tag_is_named_in_its_dialog(
    qtbot: QtBot, window: MainWindow
) -> None:
    db = window.session.db
    ids = _select_with_keyboard(qtbot, window, 0, 6)
    events = [i for i, r in _records(db, ids).items() if isinstance(r, Event)]
    assert events, "the sample's first rows hold events"

    _action(window, "actionSetKind").trigger()
    dialog = _bulk_dialog(window)
    assert isinstance(dialog, PickDialog)
    dialog.pick("summit")
    _written(qtbot, window, dialog.apply.click)
    assert {r.kind for r in _records(db, events).values() if isinstance(r, Event)} == {"summit"}

    before = exported(db)
    tag = window.editing.tag_selected()
    assert isinstance(tag, TagDialog)
    tag.tag.setText("one;two")
    tag.add.click()
    assert tag.isVisible()
    assert "separates tags" in tag.problem.text()
    assert tag.problem.isVisible()
    assert exported(db) == before


def test_with_nothing_selected_the_bulk_verbs_say_to_select_items_first(
    window: MainWindow,
) -> None:
    window.table.clearSelection()
    window.detail_panel.show_detail(None)
    for name in ("actionTagSelected", "actionAddToTrack", "actionRemoveFromTrack"):
        _action(window, name).trigger()
        assert window.editing.bulk_dialog is None
        assert window.statusBar().currentMessage().startswith("Select items first")


def test_the_right_click_menu_keeps_the_rows_and_offers_the_bulk_verbs(
    qtbot: QtBot, window: MainWindow
) -> None:
    ids = _select_with_keyboard(qtbot, window, 2, 3)
    table = window.table
    index = window.items_model.index(3, 2)
    where = table.visualRect(index).center()
    qtbot.mousePress(table.viewport(), Qt.MouseButton.RightButton, pos=where)
    qtbot.mouseRelease(table.viewport(), Qt.MouseButton.RightButton, pos=where)
    # The platform turns a right-click into this event; the test sends it as it would.
    QApplication.sendEvent(
        table.viewport(),
        QContextMenuEvent(
            QContextMenuEvent.Reason.Mouse, where, table.viewport().mapToGlobal(where)
        ),
    )
    menu = window.editing.list_menu
    assert menu is not None
    names = [a.objectName() for a in menu.actions() if not a.isSeparator()]
    assert names == [
        "actionEdit", "actionTagSelected", "actionAddToTrack", "actionRemoveFromTrack",
        "actionSetKind", "actionDelete",
    ]  # fmt: skip
    assert window.selection.chosen() == ids
    menu.close()
    QApplication.processEvents()


def test_the_bulk_actions_have_stable_names_and_tag_has_its_shortcut(window: MainWindow) -> None:
    assert _action(window, "actionTagSelected").shortcut().toString() == "Ctrl+T"
    for name in ("actionAddToTrack", "actionRemoveFromTrack", "actionSetKind"):
        assert _action(window, name).text().endswith("…")
