"""Actors, tracks and sources: found by any name in any script, made, changed, removed and
merged from one dialog, each a step the window can undo."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import sqlite_utils
from PySide6.QtGui import QAction
from pytestqt.qtbot import QtBot

from app.core.model import Actor, Track
from app.services.editing import Edit, apply
from app.store.changes import Change, read_state, undo
from app.ui.editing.record_forms import ActorDialog, TrackDialog
from app.ui.editing.records_dialog import RecordsDialog
from app.ui.main_window import MainWindow


def _dialog(qtbot: QtBot, db: sqlite_utils.Database, changes: list[Change]) -> RecordsDialog:
    def saved(change: Change | None, _item: str | None) -> None:
        if change is not None:
            changes.append(change)

    def apply_edit(edit: Edit) -> None:
        changes.append(apply(db, edit))

    dialog = RecordsDialog(db, saved, apply_edit, None)  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_the_finder_matches_any_part_of_any_name_with_spaces_and_in_any_script(
    qtbot: QtBot, sample_db: sqlite_utils.Database
) -> None:
    page = _dialog(qtbot, sample_db, []).page("actor")
    for typed, wanted in (("Песк", "actor/dmitry-peskov"), ("fu cong", "actor/fu-cong"),
                          ("vadim medinsky", "actor/vladimir-medinsky")):  # fmt: skip
        page.finder.setText(typed)
        assert wanted in page.shown(), typed
    page.finder.setText("no such name at all")
    assert page.shown() == []


def test_a_new_actor_typed_in_the_form_is_listed_and_undone(
    qtbot: QtBot, sample_db: sqlite_utils.Database
) -> None:
    changes: list[Change] = []
    dialog = _dialog(qtbot, sample_db, changes)
    form = dialog.open_form("actor", None)
    assert isinstance(form, ActorDialog)
    form.name.setText("Vasily Nebenzya")
    form.aliases.setPlainText("Василий Небензя\nNebenzia")
    form.save()

    page = dialog.page("actor")
    page.finder.setText("небензя")
    assert page.shown() == ["actor/vasily-nebenzya"]
    undo(sample_db, changes[-1])
    dialog.refresh()
    assert page.shown() == []


def test_a_bad_colour_is_shown_on_its_field_and_nothing_is_saved(
    qtbot: QtBot, sample_db: sqlite_utils.Database
) -> None:
    dialog = _dialog(qtbot, sample_db, [])
    dialog.page("track").choose("track/unsc")
    form = dialog.open_form("track", "track/unsc")
    assert isinstance(form, TrackDialog)
    form.colour.setText("<b>red</b>")
    form.save()
    assert "#rrggbb" in form.field_error("Colour")
    track = read_state(sample_db, [("track", "track/unsc")]).record("track", "track/unsc")
    assert isinstance(track, Track)
    assert track.color != "<b>red</b>"


def test_removing_a_track_and_merging_an_actor_are_steps_of_their_own(
    qtbot: QtBot, sample_db: sqlite_utils.Database
) -> None:
    changes: list[Change] = []
    dialog = _dialog(qtbot, sample_db, changes)
    dialog.remove("track", "track/unsc")
    assert "track/unsc" not in dialog.page("track").shown()
    dialog.merge("actor", "actor/oleg-tsarev", "actor/dmitry-peskov")
    kept = read_state(sample_db, [("actor", "actor/dmitry-peskov")]).record(
        "actor", "actor/dmitry-peskov"
    )
    assert isinstance(kept, Actor)
    assert "Oleg Tsarev" in kept.aliases
    assert [c.label for c in changes] == [
        changes[0].label,
        "Merge Oleg Tsarev into Dmitry Peskov",
    ]
    assert changes[0].label.startswith("Remove track (from ")
    for change in reversed(changes):
        undo(sample_db, change)
    dialog.refresh()
    assert "track/unsc" in dialog.page("track").shown()


def test_an_actor_who_speaks_is_not_removed_and_the_page_says_why(
    qtbot: QtBot, sample_db: sqlite_utils.Database
) -> None:
    dialog = _dialog(qtbot, sample_db, [])
    dialog.remove("actor", "actor/dmitry-peskov")
    page = dialog.page("actor")
    assert "merge them into another actor" in page.message.text()
    assert "actor/dmitry-peskov" in page.shown()


def test_the_edit_menu_opens_it_and_a_merge_there_is_undone_with_ctrl_z(
    qtbot: QtBot, open_window: Callable[[Path], MainWindow], sample_path: Path
) -> None:
    window = open_window(sample_path)
    action = window.findChild(QAction, "actionRecords")
    assert action is not None
    assert action.shortcut().toString() == "Ctrl+Shift+A"
    action.trigger()
    dialog = window.findChild(RecordsDialog, "recordsDialog")
    assert dialog is not None
    with qtbot.waitSignal(window.timeline_pane.loaded, timeout=20_000):
        dialog.merge("actor", "actor/oleg-tsarev", "actor/dmitry-peskov")
    assert "actor/oleg-tsarev" not in dialog.page("actor").shown()
    assert window.actions_.edit_actions.undo.text() == "&Undo Merge Oleg Tsarev into Dmitry Peskov"
    with qtbot.waitSignal(window.timeline_pane.loaded, timeout=20_000):
        window.actions_.edit_actions.undo.trigger()
    assert "actor/oleg-tsarev" in dialog.page("actor").shown()  # the list followed the undo


def test_every_edit_menu_action_has_a_shortcut_shown_in_the_menu_and_no_two_share_one(
    open_window: Callable[[Path], MainWindow], sample_path: Path
) -> None:
    window = open_window(sample_path)
    edit = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Edit")
    actions = [a for a in edit.actions() if not a.isSeparator()]
    keys = {a.objectName(): a.shortcut().toString() for a in actions}
    assert all(keys.values()), [name for name, key in keys.items() if not key]
    everywhere = [
        a.shortcut().toString() for a in window.findChildren(QAction) if not a.shortcut().isEmpty()
    ]
    assert len(everywhere) == len(set(everywhere)), sorted(everywhere)
