"""Find Likely Duplicates: pairs read in the background, merged only as the user chooses."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import sqlite_utils
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from pytestqt.qtbot import QtBot

from app.core.dates import parse_partial
from app.core.model import Actor, Statement
from app.services.editing import Edit, apply
from app.store.changes import make_change, read_state, undo
from app.ui.duplicates_dialog import DuplicatesDialog
from app.ui.main_window import MainWindow

SAID = "The channel with Witkoff works, and we value it."


def _plant(db: sqlite_utils.Database) -> None:
    day = parse_partial("2025-11-03")
    make_change(
        db,
        "setup",
        {
            ("actor", "actor/medinskii"): Actor("actor/medinskii", "Владимир Мединский В."),
            ("item", "statement/a"): Statement("statement/a", "actor/dmitry-peskov", day, SAID),
            ("item", "statement/b"): Statement(
                "statement/b", "actor/dmitry-peskov", day, SAID.replace("works", "is working"),
                language="ru",
            ),
        },
    )  # fmt: skip


def _dialog(qtbot: QtBot, path: Path, db: sqlite_utils.Database) -> DuplicatesDialog:
    dialog = DuplicatesDialog(path, db)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.job is not None and dialog.job.wait(0) and dialog.pairs != [])
    return dialog


def _choose(dialog: DuplicatesDialog, kind: str) -> None:
    for i in range(dialog.tree.topLevelItemCount()):
        group = dialog.tree.topLevelItem(i)
        if group is not None and group.childCount():
            row = group.child(0)
            if dialog.pairs[row.data(0, Qt.ItemDataRole.UserRole)].kind == kind:
                dialog.tree.setCurrentItem(row)
                return
    raise AssertionError(f"no {kind} pair listed")


def test_the_pairs_are_listed_by_kind_and_nothing_is_merged_by_looking(
    qtbot: QtBot, sample_path: Path, sample_db: sqlite_utils.Database
) -> None:
    _plant(sample_db)
    dialog = _dialog(qtbot, sample_path, sample_db)

    groups = [dialog.tree.topLevelItem(i).text(0) for i in range(dialog.tree.topLevelItemCount())]
    assert groups == ["Actors", "Statements"]
    assert not dialog.keep_first.isEnabled()  # nothing chosen yet
    assert "2 pairs worth a look" in dialog.status.text()
    assert sample_db.execute(
        "SELECT count(*) FROM actors WHERE id = 'actor/medinskii'"
    ).fetchone() == (1,)


def test_merging_a_statement_pair_keeps_the_chosen_one_and_leaves_the_list(
    qtbot: QtBot, sample_path: Path, sample_db: sqlite_utils.Database
) -> None:
    _plant(sample_db)
    dialog = _dialog(qtbot, sample_path, sample_db)
    _choose(dialog, "statement")
    chosen: list[Edit] = []
    dialog.mergeChosen.connect(chosen.append)

    dialog.merge(keep_first=False, take={"language"})  # keep b, but a's (empty) language

    assert [e.label for e in chosen] == ["Merge 2 statements"]
    change = apply(sample_db, chosen[0])
    state = read_state(sample_db, [("item", "statement/a"), ("item", "statement/b")])
    kept = state.record("item", "statement/b")
    assert isinstance(kept, Statement)
    assert state.record("item", "statement/a") is None
    assert kept.language is None
    assert [p.kind for p in dialog.pairs] == ["actor"]
    undo(sample_db, change)
    assert read_state(sample_db, [("item", "statement/a")]).record("item", "statement/a")


def test_merging_an_actor_pair_makes_the_other_name_an_alias(
    qtbot: QtBot, sample_path: Path, sample_db: sqlite_utils.Database
) -> None:
    _plant(sample_db)
    dialog = _dialog(qtbot, sample_path, sample_db)
    _choose(dialog, "actor")
    chosen: list[Edit] = []
    dialog.mergeChosen.connect(chosen.append)
    dialog.keep_first.click()

    apply(sample_db, chosen[0])
    kept = read_state(sample_db, [("actor", "actor/vladimir-medinsky")]).record(
        "actor", "actor/vladimir-medinsky"
    )
    assert isinstance(kept, Actor)
    assert "Владимир Мединский В." in kept.aliases


def test_a_merge_from_the_edit_menu_is_one_undo_step_of_the_window(
    qtbot: QtBot, open_window: Callable[[Path], MainWindow], sample_path: Path
) -> None:
    window = open_window(sample_path)
    db = window.session.db
    _plant(db)
    before = _statements(db)
    action = window.findChild(QAction, "actionFindDuplicates")
    assert action is not None
    action.trigger()
    dialog = window.findChild(DuplicatesDialog, "duplicatesDialog")
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.job is not None and dialog.job.wait(0) and dialog.pairs != [])
    _choose(dialog, "statement")

    with qtbot.waitSignal(window.timeline_pane.loaded, timeout=20_000):
        dialog.merge(keep_first=True, take=set())
    assert _statements(db) == before - {"statement/b"}
    assert window.actions_.edit_actions.undo.text() == "&Undo Merge 2 statements"
    with qtbot.waitSignal(window.timeline_pane.loaded, timeout=20_000):
        window.actions_.edit_actions.undo.trigger()
    assert _statements(db) == before


def _statements(db: sqlite_utils.Database) -> set[str]:
    return {r[0] for r in db.execute("SELECT id FROM items WHERE kind = 'statement'")}
