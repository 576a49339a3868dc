"""Saved views in the window: Views → Save view… names what is shown, and recalling it (from
the menu or with Ctrl+1) brings back the search box, the filter panel's ticks and dates, the
lanes and the visible time window; Previous view goes back to what was shown before."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.cli import main
from app.core.model import Actor, Track
from app.services.catalogue import remove_record_edit
from app.services.editing import apply
from app.store import open_database
from app.store.changes import make_change
from app.ui.items_model import ItemId
from app.ui.main_window import MainWindow
from app.ui.view_dialogs import ManageViewsDialog, SaveViewDialog

LOAD_MS = 10_000
SAVED_WINDOW = (1_762_000_000.0, 1_763_500_000.0)
"""A visible start and end within November 2025, chosen by zooming."""


@pytest.fixture
def window(open_window: Callable[[Path], MainWindow], sample_path: Path) -> MainWindow:
    return open_window(sample_path)


def _settled(qtbot: QtBot, window: MainWindow) -> None:
    """Edits applied, and the timeline and list showing them."""
    window.view.flush()
    qtbot.waitUntil(lambda: not window.timeline_pane.loading, timeout=LOAD_MS)


def _ids(window: MainWindow) -> list[str]:
    model = window.items_model
    return [str(model.data(model.index(row, 0), ItemId)) for row in range(model.rowCount())]


def _listed(window: MainWindow) -> list[str]:
    menu = window.actions_.views_menu
    menu.aboutToShow.emit()
    fixed = 3
    return [a.text() for a in menu.actions()[fixed:] if not a.isSeparator()]


def _save(qtbot: QtBot, window: MainWindow, name: str) -> SaveViewDialog:
    window.actions_.save_view_action.trigger()
    dialog = window.findChildren(SaveViewDialog)[-1]
    qtbot.keyClicks(dialog.name_edit, name)
    return dialog


def _set_up(qtbot: QtBot, window: MainWindow) -> None:
    """Security Council items naming Gaza in their words or sources, from Nov 2025, lanes by
    actor, November's first weeks in view."""
    window.filter_panel.choose("tracks", "track/unsc")
    window.filter_panel.choose("kinds", "statement")
    window.filter_panel.choose("kinds", "vote")
    window.filter_panel.date_from.setText("Nov 2025")
    window.search_box.setText("Gaza")
    window.search_scope.actions["sources"].setChecked(True)
    _settled(qtbot, window)
    window.set_grouping("actor")
    _settled(qtbot, window)
    window.timeline.set_window(*SAVED_WINDOW)


def _change_everything(qtbot: QtBot, window: MainWindow) -> None:
    window.clear_filters()
    window.filter_panel.choose("actors", "actor/dmitry-peskov")
    window.filter_panel.date_to.setText("2025")
    window.search_box.setText("speaker:Peskov")
    window.search_scope.actions["sources"].setChecked(False)
    _settled(qtbot, window)
    window.set_grouping("none")
    _settled(qtbot, window)
    window.timeline.zoom(0.25)


def _shows_the_saved_view(window: MainWindow) -> None:
    panel = window.filter_panel
    assert window.search_box.text() == "Gaza"
    assert panel.chosen("tracks") == {"track/unsc"}
    assert panel.chosen("actors") == set()
    assert panel.chosen("kinds") == {"statement", "vote"}
    assert (panel.date_from.text(), panel.date_to.text()) == ("Nov 2025", "")
    assert window.search_scope.button.text() == "In: what was said · actors · sources"
    assert window.timeline_pane.grouping == "actor"
    assert window.actions_.grouping_actions.checkedAction().data() == "actor"
    scale = window.timeline.scale
    assert (scale.start, scale.end) == pytest.approx(SAVED_WINDOW)


def test_a_saved_view_comes_back_whole_and_previous_view_goes_back(
    qtbot: QtBot, window: MainWindow
) -> None:
    assert _listed(window) == ["No saved views yet"]
    assert not window.actions_.previous_view_action.isEnabled()
    _set_up(qtbot, window)
    listed = _ids(window)
    assert 0 < len(listed) < 46
    dialog = _save(qtbot, window, "UNSC Gaza")
    assert dialog.save_button.text() == "Save"
    assert "“Gaza”" in dialog.summary.text()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert _listed(window) == ["UNSC Gaza"]
    _change_everything(qtbot, window)
    changed = _ids(window)
    changed_window = (window.timeline.scale.start, window.timeline.scale.end)
    assert changed != listed

    with qtbot.waitActive(window):
        window.activateWindow()
    qtbot.keyClick(window.table, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    _settled(qtbot, window)
    qtbot.waitUntil(lambda: window.timeline.scale.start == pytest.approx(SAVED_WINDOW[0]))

    _shows_the_saved_view(window)
    assert _ids(window) == listed
    assert window.actions_.previous_view_action.isEnabled()
    assert "View “UNSC Gaza”" in window.statusBar().currentMessage()

    window.actions_.previous_view_action.trigger()  # what was shown, though never saved
    _settled(qtbot, window)
    qtbot.waitUntil(lambda: window.timeline.scale.start == pytest.approx(changed_window[0]))
    assert window.search_box.text() == "speaker:Peskov"
    assert window.filter_panel.chosen("actors") == {"actor/dmitry-peskov"}
    assert window.filter_panel.date_to.text() == "2025"
    assert window.timeline_pane.grouping == "none"
    assert _ids(window) == changed

    window.actions_.previous_view_action.trigger()  # and forward again
    _settled(qtbot, window)
    qtbot.waitUntil(lambda: window.timeline.scale.start == pytest.approx(SAVED_WINDOW[0]))
    _shows_the_saved_view(window)


def test_saving_over_a_name_says_so_first_and_replaces_that_view(
    qtbot: QtBot, window: MainWindow
) -> None:
    _set_up(qtbot, window)
    qtbot.mouseClick(_save(qtbot, window, "UNSC Gaza").save_button, Qt.MouseButton.LeftButton)
    _change_everything(qtbot, window)

    dialog = _save(qtbot, window, "unsc gaza")

    assert dialog.save_button.text() == "Replace"
    assert dialog.note.text() == (
        "A view called “UNSC Gaza” exists already: saving replaces it with what is shown now."
    )
    qtbot.keyClicks(dialog.name_edit, "!")
    assert (dialog.save_button.text(), dialog.note.text()) == ("Save", "")
    qtbot.keyClick(dialog.name_edit, Qt.Key.Key_Backspace)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert _listed(window) == ["unsc gaza"]
    window.clear_filters()
    _settled(qtbot, window)
    window.saved_views.recall("UNSC GAZA")
    _settled(qtbot, window)
    assert window.search_box.text() == "speaker:Peskov"


def test_the_command_line_exports_what_the_window_lists_for_a_view(
    qtbot: QtBot,
    window: MainWindow,
    sample_path: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _set_up(qtbot, window)
    window.search_box.setText("kind:vote Gaza")  # fields among the words
    _settled(qtbot, window)
    qtbot.mouseClick(_save(qtbot, window, "votes").save_button, Qt.MouseButton.LeftButton)
    window.clear_filters()
    _settled(qtbot, window)
    window.saved_views.recall("votes")
    _settled(qtbot, window)
    shown = _ids(window)
    assert shown

    target = tmp_path / "votes.csv"
    code = main(["export", "--db", str(sample_path), "--view", "votes", "--format", "csv",
                 "-o", str(target)])  # fmt: skip

    assert code == 0, capsys.readouterr().err
    lines = target.read_text(encoding="utf-8").splitlines()[1:]
    assert [line.split(",", 1)[0] for line in lines] == shown  # the same items, in time order


def test_a_view_naming_deleted_records_recalls_the_rest_and_says_what_it_missed(
    qtbot: QtBot, open_window: Callable[[Path], MainWindow], sample_path: Path
) -> None:
    envoy, arctic = Actor("actor/envoy", "Special Envoy"), Track("track/arctic", "Arctic Council")
    db = open_database(sample_path)
    make_change(db, "setup", {("actor", envoy.id): envoy, ("track", arctic.id): arctic})
    db.close()
    window = open_window(sample_path)
    window.filter_panel.choose("actors", envoy.id)
    window.filter_panel.choose("actors", "actor/dmitry-peskov")
    window.filter_panel.choose("tracks", arctic.id)
    _settled(qtbot, window)
    window.saved_views.save("Envoys")
    window.close()
    db = open_database(sample_path)
    apply(db, remove_record_edit(db, "actor", envoy.id))
    apply(db, remove_record_edit(db, "track", arctic.id))
    db.close()
    window = open_window(sample_path)

    assert window.saved_views.recall("envoys")
    _settled(qtbot, window)

    assert window.filter_panel.chosen("actors") == {"actor/dmitry-peskov"}
    assert window.filter_panel.chosen("tracks") == set()
    box = window.saved_views.message
    assert box is not None
    assert box.isVisible()
    assert box.text() == (
        "The view “Envoys” names what is no longer in the database: actor “Special Envoy”, "
        "track “Arctic Council”. It shows the rest without them."
    )
    box.close()


def test_views_are_renamed_and_deleted_from_the_manage_dialog(
    qtbot: QtBot, window: MainWindow
) -> None:
    for name, track in (("UNSC", "track/unsc"), ("Witkoff", "track/dmitriev-witkoff")):
        window.clear_filters()
        window.filter_panel.choose("tracks", track)
        _settled(qtbot, window)
        assert window.saved_views.save(name)
    window.actions_.manage_views_action.trigger()
    dialog = window.findChildren(ManageViewsDialog)[-1]
    assert [dialog.list.item(r).text() for r in range(dialog.list.count())] == ["UNSC", "Witkoff"]
    assert dialog.detail.text().startswith("Items on UN Security Council; lanes by track; showing")

    dialog.list.setCurrentRow(0)
    dialog.list.item(0).setText("Security Council")  # as typed over the name in place
    assert _listed(window) == ["Security Council", "Witkoff"]
    dialog.list.setCurrentRow(1)
    qtbot.mouseClick(dialog.delete_button, Qt.MouseButton.LeftButton)
    question = dialog.question
    assert question is not None
    assert "Delete the view “Witkoff”?" in question.text()
    delete = next(b for b in question.buttons() if b.text() == "Delete")
    qtbot.mouseClick(delete, Qt.MouseButton.LeftButton)
    assert _listed(window) == ["Security Council"]
    assert [dialog.list.item(r).text() for r in range(dialog.list.count())] == ["Security Council"]

    dialog.list.setCurrentRow(0)
    qtbot.mouseClick(dialog.recall_button, Qt.MouseButton.LeftButton)
    _settled(qtbot, window)
    assert not dialog.isVisible()
    assert window.filter_panel.chosen("tracks") == {"track/unsc"}
