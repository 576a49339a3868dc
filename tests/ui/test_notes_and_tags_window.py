"""Tags and the analyst's note in the window, driven as a user drives it: typed in an item's
form, shown in Details (the note under its own heading, as text), listed with their counts in
the filter panel, ticked to filter, exported apart from the source's words, and undone."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import sqlite_utils
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent, QTextCursor, QTextDocument
from PySide6.QtWidgets import QApplication, QTextBrowser, QWidget
from pytestqt.qtbot import QtBot

from app.formats import native
from app.store.records import read_selection
from app.ui.editing.event_dialog import EventDialog
from app.ui.editing.form import FormDialog
from app.ui.editing.statement_dialog import StatementDialog
from app.ui.filter_panel import IdRole
from app.ui.items_model import ItemId
from app.ui.main_window import MainWindow

LOAD_MS = 20_000
PESKOV_SAID = "statement/2025-11-dmitry-peskov-no-new-initiatives"
NOTE = "<b>Check</b> the transcript & call back\nSecond thought: <img src=x>"


@pytest.fixture
def window(open_window: Callable[[Path], MainWindow], sample_path: Path) -> MainWindow:
    return open_window(sample_path)


def _exported(db: sqlite_utils.Database) -> dict[str, Any]:
    return native.to_document(read_selection(db)[0])


def _entry(document: dict[str, Any], item_id: str) -> dict[str, Any]:
    entries = [*document.get("statements", []), *document.get("events", [])]
    return next(e for e in entries if e["id"] == item_id)


def _read_again(qtbot: QtBot, window: MainWindow, action: Callable[[], object]) -> None:
    """Do something that writes, and wait until the window has read the database again."""
    with qtbot.waitSignal(window.timeline_pane.loaded, timeout=LOAD_MS):
        action()


def _filtered(qtbot: QtBot, window: MainWindow, action: Callable[[], object]) -> None:
    """Do something that changes the filter, and wait until every view shows it."""
    with qtbot.waitSignal(window.filterApplied, timeout=LOAD_MS):
        action()
        window.view.flush()


def _type_into(qtbot: QtBot, widget: QWidget, text: str) -> None:
    """Type as a user would, in any script (QTest types only ASCII: other letters go as the
    key events a keyboard layout sends); a line break as the Return key."""
    widget.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget)
    for character in text:
        if character == "\n":
            qtbot.keyClick(widget, Qt.Key.Key_Return)
        elif character.isascii():
            qtbot.keyClick(widget, character)
        else:
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                event = QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, character)
                QApplication.sendEvent(widget, event)


def _listed(window: MainWindow) -> list[str]:
    model = window.items_model
    return [str(model.data(model.index(r, 0), ItemId)) for r in range(model.rowCount())]


def _tag_list(window: MainWindow) -> dict[str, tuple[str, bool]]:
    """The filter panel's tags: each as shown (with its count) and whether it is ticked."""
    model = window.filter_panel.tag_model
    return {
        str(model.item(r).data(IdRole)): (
            model.item(r).text(),
            model.item(r).checkState() == Qt.CheckState.Checked,
        )
        for r in range(model.rowCount())
    }


def _click_link(qtbot: QtBot, browser: QTextBrowser, text: str) -> None:
    """Click the link showing `text` in the details, where it is drawn."""
    found = browser.document().find(text, 0, QTextDocument.FindFlag.FindCaseSensitively)
    assert not found.isNull(), text
    assert found.charFormat().isAnchor()
    inside = QTextCursor(browser.document())
    inside.setPosition(found.selectionStart() + 1)
    browser.setTextCursor(inside)
    browser.ensureCursorVisible()
    at = browser.cursorRect(inside).center()
    qtbot.mouseClick(browser.viewport(), Qt.MouseButton.LeftButton, pos=at)


def _tag_peskov(qtbot: QtBot, window: MainWindow) -> StatementDialog:
    """Edit the Peskov statement: tags and a note typed, saved with Ctrl+Enter."""
    form = window.editing.edit_item(PESKOV_SAID)
    assert isinstance(form, StatementDialog)
    assert (form.tags.text(), form.note.toPlainText()) == ("", "")
    _type_into(qtbot, form.tags, "brief; Звонок")
    _type_into(qtbot, form.note, NOTE)
    _read_again(
        qtbot,
        window,
        lambda: qtbot.keyClick(form.note, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier),
    )
    assert window.editing.dialog is None
    return form


def test_tags_and_a_note_typed_in_the_form_show_filter_export_and_undo(
    qtbot: QtBot, window: MainWindow
) -> None:
    db = window.session.db
    before = _exported(db)
    panel = window.filter_panel
    assert panel.no_tags.isVisible()
    assert not panel.tag_view.isVisible()

    _tag_peskov(qtbot, window)

    details = window.detail_panel
    assert details.detail is not None
    assert details.detail.record.id == PESKOV_SAID
    shown = details.plain_text()
    assert "Tags\nbrief  ·  Звонок" in shown
    # The note: under its own heading, after the statement's words, as the text it is.
    assert "Your note\n<b>Check</b> the transcript & call back\nSecond thought: <img src=x>" in (
        shown
    )
    quote = details.detail.record.text
    assert shown.index(quote[:40]) < shown.index("Your note")
    assert "<img" not in details.browser.toHtml()
    assert _tag_list(window) == {"brief": ("brief  (1)", False), "Звонок": ("Звонок  (1)", False)}
    assert panel.tag_view.isVisible()
    assert not panel.no_tags.isVisible()

    entry = _entry(_exported(db), PESKOV_SAID)
    assert entry["tags"] == ["brief", "Звонок"]
    assert entry["note"] == NOTE
    assert "Check" not in entry["text"]

    _filtered(qtbot, window, lambda: _click_link(qtbot, details.browser, "Звонок"))
    assert _tag_list(window)["Звонок"] == ("Звонок  (1)", True)
    assert window.view.filter.tags == {"Звонок"}
    assert _listed(window) == [PESKOV_SAID]
    assert len(window.timeline.scene.columns) == 1
    assert window.count_label.text() == "1 of 46 items — Items tagged “Звонок”"
    _filtered(qtbot, window, window.clear_filters)
    assert len(_listed(window)) == 46

    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    _read_again(
        qtbot,
        window,
        lambda: qtbot.keyClick(window.timeline, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier),
    )
    assert _exported(db) == before
    assert _tag_list(window) == {}
    assert panel.no_tags.isVisible()
    qtbot.waitUntil(lambda: details.detail is not None)
    assert "Your note" not in details.plain_text()
    assert "Tags\n" not in details.plain_text()


def test_ticking_a_tag_in_the_filter_panel_filters_and_a_gone_tag_can_be_unticked(
    qtbot: QtBot, window: MainWindow
) -> None:
    _tag_peskov(qtbot, window)
    item = window.filter_panel.tag_model.item(0)
    assert item.data(IdRole) == "brief"
    _filtered(qtbot, window, lambda: item.setCheckState(Qt.CheckState.Checked))
    assert _listed(window) == [PESKOV_SAID]
    # Other tags count what they would select with this one's place taken.
    assert _tag_list(window)["Звонок"] == ("Звонок  (1)", False)

    _read_again(qtbot, window, window.editing.history.stack.undo)
    assert _listed(window) == []
    assert _tag_list(window) == {"brief": ("brief  (0)", True)}
    gone = window.filter_panel.tag_model.item(0)
    _filtered(qtbot, window, lambda: gone.setCheckState(Qt.CheckState.Unchecked))
    assert len(_listed(window)) == 46


def test_the_tags_field_completes_known_tags_whatever_their_case(
    qtbot: QtBot, window: MainWindow
) -> None:
    _tag_peskov(qtbot, window)
    form = window.editing.new_statement()
    assert isinstance(form, StatementDialog)
    _type_into(qtbot, form.tags, "BR")
    offered = form.tags.completer().model()
    assert [offered.index(r, 0).data() for r in range(offered.rowCount())] == ["brief"]
    _type_into(qtbot, form.tags, "IEF; зв")
    assert offered.rowCount() == 1
    assert offered.index(0, 0).data() == "Звонок"
    form.reject()


def test_a_tag_that_cannot_be_one_is_refused_on_the_tags_field(
    qtbot: QtBot, window: MainWindow
) -> None:
    db = window.session.db
    before = _exported(db)
    form = window.editing.edit_item(PESKOV_SAID)
    assert isinstance(form, StatementDialog)
    # ";" separates tags, so "brief;urgent" is two; a tag too long to be one is refused.
    form.tags.setText("brief;urgent; " + "x" * 101)
    form.note.setPlainText("kept as typed")
    form.save()
    assert form.isVisible()
    assert "at most 100" in form.field_error("Tags")
    assert form.focusWidget() is form.tags
    assert form.note.toPlainText() == "kept as typed"
    assert _exported(db) == before

    form.tags.setText("brief;urgent")
    _read_again(qtbot, window, form.save)
    assert _entry(_exported(db), PESKOV_SAID)["tags"] == ["brief", "urgent"]


def test_an_events_tags_and_note_fill_its_form_and_an_emptied_field_clears_them(
    qtbot: QtBot, window: MainWindow
) -> None:
    form = window.editing.new_event()
    assert isinstance(form, EventDialog)
    form.title.setText("Talks in Riyadh")
    form.date.line.setText("24 Oct 2025")
    form.tags.setText("Brief; to check")
    form.note.setPlainText("My reading, not the communiqué's")
    _read_again(qtbot, window, form.save)
    shown = window.detail_panel.detail
    assert shown is not None
    event_id = shown.record.id
    assert "Your note\nMy reading, not the communiqué's" in window.detail_panel.plain_text()

    edit = window.editing.edit_item(event_id)
    assert isinstance(edit, EventDialog)
    assert edit.tags.text() == "Brief; to check"
    assert edit.note.toPlainText() == "My reading, not the communiqué's"
    edit.tags.clear()
    edit.note.clear()
    _read_again(qtbot, window, edit.save)
    entry = _entry(_exported(window.session.db), event_id)
    assert "tags" not in entry
    assert "note" not in entry
    assert _tag_list(window) == {}


def test_the_tags_and_note_fields_are_named_as_labelled(window: MainWindow) -> None:
    forms: list[FormDialog] = [window.editing.new_statement(), window.editing.new_event()]
    for form in forms:
        named = {w.accessibleName() for w in form.findChildren(QWidget) if w.accessibleName()}
        assert {"Tags", "Note"} <= named
        assert isinstance(form, StatementDialog | EventDialog)
        assert "own note" in form.note.placeholderText()
        form.reject()
