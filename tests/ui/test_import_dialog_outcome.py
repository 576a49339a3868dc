"""The import dialog says what an import did, and offers Import only when it can succeed."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from app.core.paths import sample_dataset
from app.store import index_apart, open_database
from app.store import writer as writer_module
from app.ui.import_dialog import ImportDialog
from app.ui.main_window import MainWindow
from tests.exports import exported

FIXTURES = Path(__file__).parents[1] / "fixtures" / "import"
DANGLING = Path(__file__).parents[1] / "fixtures" / "hostile" / "native-dangling.json"
WAIT_MS = 20_000


def _previewed(qtbot: QtBot, dialog: ImportDialog, path: Path) -> None:
    with qtbot.waitSignal(dialog.previewed, timeout=WAIT_MS):
        dialog.set_path(path)


def test_a_refused_file_disables_import_and_importing_the_good_records_says_what_landed(
    qtbot: QtBot, open_window: Callable[[Path], MainWindow], sample_path: Path
) -> None:
    window = open_window(sample_path)
    dialog = window.import_dialog()
    _previewed(qtbot, dialog, FIXTURES / "bad-rows.csv")
    assert dialog.import_button.isEnabled()
    dialog.start()
    qtbot.waitUntil(lambda: bool(dialog.message), timeout=WAIT_MS)
    assert "nothing was imported" in dialog.preview_text.toPlainText()
    assert not dialog.import_button.isEnabled()  # the same import would be refused again
    dialog.skip_bad.setChecked(True)
    assert dialog.import_button.isEnabled()
    with qtbot.waitSignal(dialog.imported, timeout=WAIT_MS) as done:
        dialog.start()
    report = done.args[0]
    shown = dialog.preview_text.toPlainText()
    assert "nothing was imported" not in shown
    assert shown.startswith("Imported ")
    assert f"added {len(report.added)} item(s)" in shown
    assert f"{len(report.skipped)} record(s) skipped" in shown
    window.close()


def test_import_comes_back_with_another_file(
    qtbot: QtBot, open_window: Callable[[Path], MainWindow], sample_path: Path
) -> None:
    window = open_window(sample_path)
    dialog = window.import_dialog()
    _previewed(qtbot, dialog, FIXTURES / "bad-rows.csv")
    dialog.start()
    qtbot.waitUntil(lambda: bool(dialog.message), timeout=WAIT_MS)
    assert not dialog.import_button.isEnabled()
    _previewed(qtbot, dialog, FIXTURES / "monitor-acled.csv")
    assert dialog.import_button.isEnabled()
    window.close()


def _close_a_modal_box() -> None:
    box = QApplication.activeModalWidget()
    if isinstance(box, QMessageBox):
        box.reject()


def test_records_referring_to_what_is_nowhere_are_a_message_naming_the_file(
    qtbot: QtBot, open_window: Callable[[Path], MainWindow], sample_path: Path
) -> None:
    window = open_window(sample_path)
    dialog = window.import_dialog()
    _previewed(qtbot, dialog, DANGLING)
    assert dialog.import_button.isEnabled()  # the file reads; the database lacks what it names
    # A message box with an event loop of its own would hold the test here: let it go.
    QTimer.singleShot(5_000, _close_a_modal_box)
    dialog.start()
    qtbot.waitUntil(lambda: bool(dialog.message), timeout=WAIT_MS)
    assert dialog.message.startswith(f"{DANGLING}: 4 problem(s):")
    assert "statement 'statement/h': speaker refers to actor 'actor/nobody'" in dialog.message
    box = dialog.findChild(QMessageBox, "importFailed")
    assert box is not None
    assert box.isVisible()
    assert box.text() == dialog.message
    assert not dialog.import_button.isEnabled()
    box.close()
    window.close()


def test_a_table_with_no_date_column_it_knows_offers_the_columns_to_choose_from(
    qtbot: QtBot, open_window: Callable[[Path], MainWindow], sample_path: Path, tmp_path: Path
) -> None:
    table = tmp_path / "talks.csv"
    table.write_text("Zeitpunkt,Thema\n2025-10-24,Talks in Miami\n", encoding="utf-8")
    window = open_window(sample_path)
    dialog = window.import_dialog()
    _previewed(qtbot, dialog, table)
    shown = dialog.preview_text.toPlainText()
    assert shown.endswith(
        "no column holds the date: choose the column that does under “Field” above."
    )
    assert "--map" not in shown  # the command line's way, not the window's
    assert dialog.mapping_table.isVisibleTo(dialog)
    assert dialog.mapping_table.rowCount() == 2
    with qtbot.waitSignal(dialog.previewed, timeout=WAIT_MS):
        dialog.map_column(0, "date")
    assert (
        "no column holds a title, a text or a speaker: choose" in dialog.preview_text.toPlainText()
    )
    with qtbot.waitSignal(dialog.previewed, timeout=WAIT_MS):
        dialog.map_column(1, "title")
    assert "24 Oct 2025" in dialog.preview_text.toPlainText()
    assert "Talks in Miami" in dialog.preview_text.toPlainText()
    assert dialog.import_button.isEnabled()
    window.close()


def test_an_import_is_one_step_that_ctrl_z_takes_back_byte_for_byte(
    qtbot: QtBot, open_window: Callable[[Path], MainWindow], sample_path: Path
) -> None:
    window = open_window(sample_path)
    db = window.session.db

    before = exported(db)
    dialog = window.import_dialog()
    _previewed(qtbot, dialog, FIXTURES / "monitor-acled.csv")
    with (
        qtbot.waitSignal(window.timeline_pane.loaded, timeout=WAIT_MS),
        qtbot.waitSignal(dialog.imported, timeout=WAIT_MS) as done,
    ):
        dialog.start()
    report = done.args[0]
    assert report.added
    assert exported(db) != before
    undo = window.actions_.edit_actions.undo
    assert undo.text() == "&Undo Import monitor-acled.csv"
    with qtbot.waitSignal(window.timeline_pane.loaded, timeout=WAIT_MS):
        undo.trigger()
    assert exported(db) == before
    with qtbot.waitSignal(window.timeline_pane.loaded, timeout=WAIT_MS):
        window.actions_.edit_actions.redo.trigger()
    assert len(exported(db)) > len(before)
    window.close()


def test_a_first_large_import_through_the_window_builds_an_index_that_answers(
    qtbot: QtBot,
    open_window: Callable[[Path], MainWindow],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    entry_makers: Callable[[], set[int]],
) -> None:
    """Into a new file, the sample counts as large: its index is built apart, from entries
    made by a child process forked from the window's (where one can be), while the window
    runs."""
    from tests.ui.test_search_fields import search

    monkeypatch.setattr(writer_module, "BULK_THRESHOLD", 5)
    path = tmp_path / "new.backchannel"
    open_database(path, create=True).close()
    window = open_window(path)
    dialog = window.import_dialog()
    _previewed(qtbot, dialog, sample_dataset())
    with (
        qtbot.waitSignal(window.timeline_pane.loaded, timeout=WAIT_MS),
        qtbot.waitSignal(dialog.imported, timeout=WAIT_MS) as done,
    ):
        dialog.start()
    assert len(done.args[0].added) == 46
    assert search(qtbot, window, "Песков") == search(qtbot, window, "Peskov") != []
    assert len(search(qtbot, window, "speaker:Peskov")) == 2
    assert not [p.name for p in tmp_path.iterdir() if ".index-" in p.name]
    made_by = entry_makers()
    assert len(made_by) == 1
    assert (made_by != {os.getpid()}) is index_apart.FORKED
    window.close()
