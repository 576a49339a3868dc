"""Editing in the window, driven as a user drives it: a statement typed from the keyboard shows
everywhere at once, its edits are found by search, undo puts the database back byte for byte,
a mistake is shown on its field, and another window's change is shown, not lost."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence, QStandardItemModel
from PySide6.QtWidgets import QApplication, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from app.core.model import Statement
from app.store import open_database
from app.store.changes import make_change, read_state
from app.ui.editing.event_dialog import EventDialog
from app.ui.editing.form import FormDialog
from app.ui.editing.history import ItemHistoryDialog
from app.ui.editing.statement_dialog import StatementDialog
from app.ui.filter_panel import IdRole
from app.ui.items_model import ItemId
from app.ui.main_window import MainWindow
from tests.exports import exported

LOAD_MS = 20_000
PESKOV = "actor/dmitry-peskov"
PESKOV_SAID = "statement/2025-11-dmitry-peskov-no-new-initiatives"


@pytest.fixture
def window(open_window: Callable[[Path], MainWindow], sample_path: Path) -> MainWindow:
    return open_window(sample_path)


def _read_again(qtbot: QtBot, window: MainWindow, action: Callable[[], object]) -> None:
    """Do something that writes, and wait until the window has read the database again."""
    with qtbot.waitSignal(window.timeline_pane.loaded, timeout=LOAD_MS):
        action()


def _search(qtbot: QtBot, window: MainWindow, words: str) -> list[str]:
    """The ids the results list holds once `words` are searched."""
    with qtbot.waitSignal(window.filterApplied, timeout=LOAD_MS):
        window.search_box.setText(words)
        window.filter_panel.flush()
        window.view.flush()
    model = window.items_model
    return [str(model.data(model.index(r, 0), ItemId)) for r in range(model.rowCount())]


def _listed(window: MainWindow) -> list[str]:
    model = window.items_model
    return [str(model.data(model.index(r, 0), ItemId)) for r in range(model.rowCount())]


def _actor_count(window: MainWindow, actor: str) -> str:
    """The text of an actor's choice in the filter panel, with its count."""
    model: QStandardItemModel = window.filter_panel.actor_model
    found = model.match(model.index(0, 0), IdRole, actor, 1, Qt.MatchFlag.MatchRecursive)
    assert found, actor
    return str(found[0].data())


def _action(window: MainWindow, name: str) -> QAction:
    action = window.findChild(QAction, name)
    assert action is not None, name
    return action


def _type(qtbot: QtBot, text: str) -> None:
    """Type into whatever has the keyboard focus, as a user would, in any script (QTest
    types only ASCII: other letters go as the key events a keyboard layout sends)."""
    focused = QApplication.focusWidget()
    assert focused is not None
    for character in text:
        if character.isascii():
            qtbot.keyClick(focused, character)
            continue
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, character)
            QApplication.sendEvent(focused, event)


def _tab(qtbot: QtBot) -> None:
    focused = QApplication.focusWidget()
    assert focused is not None
    qtbot.keyClick(focused, Qt.Key.Key_Tab)


def _form(window: MainWindow) -> FormDialog:
    dialog = window.editing.dialog
    assert dialog is not None
    return dialog


def test_a_statement_typed_from_the_keyboard_alone_shows_everywhere_and_undo_restores_all(
    qtbot: QtBot, window: MainWindow
) -> None:
    db = window.session.db
    before = exported(db)
    peskov_before = _actor_count(window, PESKOV)
    qtbot.keyClick(window.timeline, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    form = _form(window)
    assert isinstance(form, StatementDialog)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is form.speaker)
    _type(qtbot, "Песков")
    completions = form.speaker.completer().model()
    assert completions.rowCount() >= 1
    assert "Dmitry Peskov" in completions.index(0, 0).data()
    assert form.new_speaker.isHidden()  # a known name offers no new actor
    _tab(qtbot)
    assert QApplication.focusWidget() is form.date.line
    _type(qtbot, "c. Nov 2025")
    assert form.date.understood.text() == "Month: Nov 2025, approximate"
    _tab(qtbot)
    assert QApplication.focusWidget() is form.text
    _type(qtbot, "Zanzibar pelicans negotiate quietly")
    _read_again(
        qtbot,
        window,
        lambda: qtbot.keyClick(form.text, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier),
    )
    assert window.editing.dialog is None  # closed
    made = [i for i in _listed(window) if i.startswith("statement/") and "zanzibar" in i]
    assert len(made) == 1
    new_id = made[0]
    assert window.count_label.text() == "47 of 47 items"
    assert len(window.timeline.scene.columns) == 47
    assert window.detail_panel.detail is not None
    assert window.detail_panel.detail.record.id == new_id
    assert "Zanzibar pelicans" in window.detail_panel.plain_text()
    assert _actor_count(window, PESKOV) != peskov_before
    for word in ("Zanzibar", "pelicans", "negotiate", "quietly"):
        assert new_id in _search(qtbot, window, word), word
    _search(qtbot, window, "")

    form = window.editing.edit_item(new_id)
    assert isinstance(form, StatementDialog)
    assert form.speaker.text() == "Dmitry Peskov"
    assert form.date.line.text() == "c. Nov 2025"
    form.text.setPlainText("Flamingos mediate loudly")
    _read_again(qtbot, window, form.save)
    assert _action(window, "actionUndo").text() == "&Undo Edit statement text"
    assert _search(qtbot, window, "pelicans") == []
    assert _search(qtbot, window, "flamingos") == [new_id]
    _search(qtbot, window, "")

    _read_again(qtbot, window, _action(window, "actionUndo").trigger)
    assert _action(window, "actionUndo").text() == "&Undo New statement"
    assert _action(window, "actionRedo").text() == "&Redo Edit statement text"
    _read_again(qtbot, window, _action(window, "actionUndo").trigger)
    assert exported(db) == before
    assert window.count_label.text() == "46 of 46 items"
    assert _actor_count(window, PESKOV) == peskov_before
    _read_again(qtbot, window, _action(window, "actionRedo").trigger)
    assert new_id in _listed(window)


def test_delete_takes_the_selected_item_at_once_and_undo_brings_it_back(
    qtbot: QtBot, window: MainWindow
) -> None:
    db = window.session.db
    before = exported(db)
    window.show_item(PESKOV_SAID)
    _read_again(qtbot, window, _action(window, "actionDelete").trigger)
    assert window.statusBar().currentMessage() == "Deleted 1 item — Ctrl+Z to undo"
    assert PESKOV_SAID not in _listed(window)
    assert window.count_label.text() == "45 of 45 items"
    assert window.detail_panel.detail is None
    _read_again(qtbot, window, _action(window, "actionUndo").trigger)
    assert PESKOV_SAID in _listed(window)
    assert exported(db) == before
    qtbot.waitUntil(lambda: window.detail_panel.detail is not None)
    assert window.detail_panel.detail is not None
    assert window.detail_panel.detail.record.id == PESKOV_SAID


def test_a_wrong_field_is_named_on_the_field_and_nothing_is_written(
    qtbot: QtBot, window: MainWindow
) -> None:
    db = window.session.db
    before = exported(db)
    form = window.editing.new_statement()
    assert isinstance(form, StatementDialog)
    qtbot.keyClicks(form.speaker, "Nobody Atall")
    assert form.new_speaker.isVisible()
    assert form.new_speaker.text() == "Create actor “Nobody Atall”"
    qtbot.keyClicks(form.date.line, "32 Oct 2025")
    assert form.date.understood.text().startswith("Not a date yet")
    qtbot.keyClicks(form.text, "<b>Words</b> that stay as typed")
    form.save()
    assert form.isVisible()
    assert "No actor is called “Nobody Atall”" in form.field_error("Speaker")
    assert form.focusWidget() is form.speaker
    form.new_speaker.setChecked(True)
    form.save()
    assert form.isVisible()
    assert form.field_error("Speaker") == ""
    assert "is not a date" in form.field_error("Date")
    assert form.focusWidget() is form.date.line
    assert form.text.toPlainText() == "<b>Words</b> that stay as typed"
    assert exported(db) == before
    assert window.editing.history.stack.count() == 0


def test_another_windows_change_is_shown_and_the_user_chooses(
    qtbot: QtBot, window: MainWindow, sample_path: Path
) -> None:
    form = window.editing.edit_item(PESKOV_SAID)
    assert isinstance(form, StatementDialog)
    other = open_database(sample_path)
    try:
        theirs = read_state(other, [("item", PESKOV_SAID)]).record("item", PESKOV_SAID)
        assert isinstance(theirs, Statement)
        make_change(other, "Edit statement text", {("item", PESKOV_SAID): replace(
            theirs, text="Their words")})  # fmt: skip
    finally:
        other.close()
    form.text.setPlainText("My words")
    form.save()
    conflict = form.conflict
    assert conflict is not None
    assert conflict.isVisible()
    table = conflict.table
    rows = {table.item(r, 0).text(): r for r in range(table.rowCount())}
    assert table.item(rows["Text"], 1).text() == "Their words"
    assert table.item(rows["Text"], 2).text() == "My words"
    assert _stored_text(window) == "Their words"
    save_mine = conflict.findChild(QPushButton, "saveMine")
    assert save_mine is not None
    assert conflict.findChild(QPushButton, "keepTheirs") is not None
    _read_again(qtbot, window, save_mine.click)
    assert _stored_text(window) == "My words"
    assert window.editing.dialog is None


def test_an_undo_refused_by_another_windows_change_says_so_and_writes_nothing(
    qtbot: QtBot, window: MainWindow, sample_path: Path
) -> None:
    form = window.editing.edit_item(PESKOV_SAID)
    assert form is not None
    assert isinstance(form, StatementDialog)
    form.text.setPlainText("My words")
    _read_again(qtbot, window, form.save)
    other = open_database(sample_path)
    try:
        mine = read_state(other, [("item", PESKOV_SAID)]).record("item", PESKOV_SAID)
        assert isinstance(mine, Statement)
        make_change(other, "Edit statement text", {("item", PESKOV_SAID): replace(
            mine, text="Their later words")})  # fmt: skip
    finally:
        other.close()
    _read_again(qtbot, window, _action(window, "actionUndo").trigger)
    problem = window.editing.problem
    assert problem is not None
    assert problem.isVisible()
    assert "Could not undo “Edit statement text”" in problem.text()
    assert "the statement “Their later words”" in problem.text()
    assert _stored_text(window) == "Their later words"
    assert window.editing.history.stack.count() == 0
    assert not _action(window, "actionUndo").isEnabled()


def _stored_text(window: MainWindow) -> str:
    record = read_state(window.session.db, [("item", PESKOV_SAID)]).record("item", PESKOV_SAID)
    assert isinstance(record, Statement)
    return record.text


def test_the_edit_actions_have_stable_names_and_their_shortcuts(window: MainWindow) -> None:
    expected = {
        "actionNewStatement": "Ctrl+N",
        "actionNewEvent": "Ctrl+Shift+N",
        "actionEdit": "F2",
        "actionDelete": "Del",
        "actionUndo": "Ctrl+Z",
        "actionRedo": "Ctrl+Shift+Z",
    }
    for name, keys in expected.items():
        assert _action(window, name).shortcut() == QKeySequence(keys), name
    new_database = [a for a in window.findChildren(QAction) if "New database" in a.text()]
    assert new_database[0].shortcut() == QKeySequence("Ctrl+Alt+N")
    edit_menu = next(m for m in window.menuBar().actions() if m.text() == "&Edit").menu()
    assert isinstance(edit_menu, QWidget)
    listed = {a.objectName() for a in edit_menu.actions()}
    assert set(expected) <= listed


def test_an_event_takes_a_range_and_its_history_shows_each_change_as_plain_text(
    qtbot: QtBot, window: MainWindow
) -> None:
    form = window.editing.new_event()
    assert isinstance(form, EventDialog)
    form.title.setText("<img src=x> Talks in Riyadh")
    form.date.line.setText("24–26 Oct 2025")
    assert form.date.understood.text() == "From day to day: 24–26 Oct 2025"
    form.actors.setText("Лавров; Rubio")
    _read_again(qtbot, window, form.save)
    shown = window.detail_panel.detail
    assert shown is not None
    assert shown.record.title == "<img src=x> Talks in Riyadh"
    assert [a.name for a in shown.actors] == ["Sergei Lavrov", "Marco Rubio"]
    event_id = shown.record.id
    edit = window.editing.edit_item(event_id)
    assert isinstance(edit, EventDialog)
    assert edit.date.line.text() == "24–26 Oct 2025"
    edit.place.setText("Riyadh")
    _read_again(qtbot, window, edit.save)
    window.detail_panel.history_button.click()
    dialog = window.findChild(ItemHistoryDialog)
    assert dialog is not None
    cells = [
        [dialog.table.item(r, c).text() for c in range(5)] for r in range(dialog.table.rowCount())
    ]
    assert cells[0][1:] == ["New event", "Title", "—", "<img src=x> Talks in Riyadh"]
    assert cells[-1][1:] == ["Edit event place", "Place", "—", "Riyadh"]
    dialog.table.selectRow(0)
    assert "Now:\n<img src=x> Talks in Riyadh" in dialog.full.toPlainText()


def test_every_field_is_named_as_its_label_for_screen_readers(window: MainWindow) -> None:
    for form, labels in (
        (window.editing.new_statement(), ("Speaker", "Date", "Text", "Attribution",
                                          "Language", "Event", "Tracks", "Sources")),
        (window.editing.new_event(), ("Title", "Kind", "Date", "Place", "Summary", "Actors",
                                      "Tracks", "Sources")),
    ):  # fmt: skip
        named = {w.accessibleName() for w in form.findChildren(QWidget) if w.accessibleName()}
        assert set(labels) <= named
        form.reject()


def test_a_double_click_on_a_result_or_a_timeline_item_opens_it_for_editing(
    qtbot: QtBot, window: MainWindow
) -> None:
    table, model = window.table, window.items_model
    row = next(
        r for r in range(model.rowCount()) if model.data(model.index(r, 0), ItemId) == PESKOV_SAID
    )
    table.scrollTo(model.index(row, 2))
    rect = table.visualRect(model.index(row, 2))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    form = _form(window)
    assert isinstance(form, StatementDialog)
    assert form.original is not None
    assert form.original.id == PESKOV_SAID
    form.reject()
    canvas = window.timeline
    canvas.repaint()
    frame = canvas.frame
    assert frame is not None
    index = next(i for i, t in enumerate(frame.hit_targets) if t[0] == "item")
    x0, y0, x1, y1 = frame.hits.rects[index]
    item = canvas.scene.texts.item_id(frame.hit_targets[index][1])
    span = canvas.scale.span
    qtbot.mouseDClick(
        canvas, Qt.MouseButton.LeftButton, pos=QPoint(int((x0 + x1) / 2), int((y0 + y1) / 2))
    )
    form = _form(window)
    assert form.original is not None
    assert form.original.id == item
    assert canvas.scale.span == span  # opened, not zoomed
