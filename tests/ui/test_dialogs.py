"""Import and export from the window: the dialogs drive the real formats on a real file."""

from __future__ import annotations

import csv
import json
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QThreadPool
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from app.core.filter import Filter
from app.core.progress import Progress
from app.services import importing
from app.services.exporting import ExportResult
from app.ui import export_dialog
from app.ui.export_dialog import FORMATS, ExportDialog
from app.ui.import_dialog import ImportDialog
from app.ui.jobs import run_with_progress
from app.ui.main_window import MainWindow

FIXTURES = Path(__file__).parents[1] / "fixtures" / "import"
WAIT_MS = 20_000


def _previewed(qtbot: QtBot, dialog: ImportDialog, action: Callable[[], object]) -> str:
    """Do what changes the file or how it is read, and wait for the preview to show it."""
    with qtbot.waitSignal(dialog.previewed, timeout=WAIT_MS):
        action()
    return dialog.preview_text.toPlainText()


def _close_message_boxes() -> None:
    for widget in QApplication.topLevelWidgets():
        if widget.objectName() in ("exportDone", "importDone") and widget.isVisible():
            widget.close()


def test_exporting_the_filtered_timeline_writes_what_the_filter_selects(
    qtbot: QtBot, open_window: Callable[[Path], MainWindow], sample_path: Path, tmp_path: Path
) -> None:
    window = open_window(sample_path)
    with qtbot.waitSignal(window.filterApplied, timeout=WAIT_MS) as applied:
        window.filter_panel.choose("tracks", "track/unsc")
        window.filter_panel.flush()
    shown = applied.args[0]
    qtbot.keyClick(window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    dialog = window.findChild(ExportDialog, "exportDialog")
    assert dialog is not None
    assert dialog.filter_label.text() == "Filter: Items on UN Security Council"
    dialog.format_box.setCurrentIndex(dialog.format_box.findData("csv"))
    target = tmp_path / "unsc.csv"
    dialog.path_edit.setText(str(target))
    with qtbot.waitSignal(dialog.exported, timeout=WAIT_MS) as done:
        dialog.start()
    assert done.args[0].startswith(f"Wrote {shown} items to")
    with target.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == shown
    assert all("UN Security Council" in row["tracks"] for row in rows)
    _close_message_boxes()


def test_exporting_only_the_selected_item(
    qtbot: QtBot, open_window: Callable[[Path], MainWindow], sample_path: Path, tmp_path: Path
) -> None:
    window = open_window(sample_path)
    window.show_item("event/2025-10-24-dmitriev-miami")
    dialog = window.export_dialog()
    dialog.format_box.setCurrentIndex(dialog.format_box.findData("json"))
    dialog.scope_group.button(2).setChecked(True)
    target = tmp_path / "one.json"
    dialog.path_edit.setText(str(target))
    with qtbot.waitSignal(dialog.exported, timeout=WAIT_MS):
        dialog.start()
    document = json.loads(target.read_text(encoding="utf-8"))
    assert [e["id"] for e in document["events"]] == ["event/2025-10-24-dmitriev-miami"]
    _close_message_boxes()


def test_the_export_dialog_offers_the_format_last_exported_to(
    qtbot: QtBot, sample_path: Path, tmp_path: Path
) -> None:
    first = ExportDialog(sample_path, Filter(), (0.0, 1.0), None, "track")
    qtbot.addWidget(first)
    first.format_box.setCurrentIndex(first.format_box.findData("ics"))
    first.path_edit.setText(str(tmp_path / "talks.ics"))
    with qtbot.waitSignal(first.exported, timeout=WAIT_MS):
        first.start()
    _close_message_boxes()
    again = ExportDialog(sample_path, Filter(), (0.0, 1.0), None, "track")
    qtbot.addWidget(again)
    assert again.format_box.currentData() == "ics"
    assert again.path_edit.text() == str(tmp_path / "backchannel-export.ics")


@pytest.mark.parametrize("when", ["while rendering", "after writing"])
def test_a_cancelled_export_writes_nothing(
    qtbot: QtBot,
    open_window: Callable[[Path], MainWindow],
    sample_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    when: str,
) -> None:
    """The export stops at a known point and waits there while the test presses Cancel:
    during rendering (the file is never written) or once the file is in place (too late:
    the dialog must say it was written, not that it was cancelled)."""
    reached, resume = threading.Event(), threading.Event()

    def pause() -> None:
        if not reached.is_set():
            reached.set()
            resume.wait(WAIT_MS / 1000)

    real_export = export_dialog.export

    def paused_export(*args: Any, progress: Progress, **kwargs: Any) -> ExportResult:
        def progress_then_pause(done: int, total: int) -> None:
            progress(done, total)
            if when == "while rendering":
                pause()

        result = real_export(*args, progress=progress_then_pause, **kwargs)
        pause()
        return result

    monkeypatch.setattr(export_dialog, "export", paused_export)
    window = open_window(sample_path)
    dialog = window.export_dialog()
    dialog.format_box.setCurrentIndex(dialog.format_box.findData("html"))
    target = tmp_path / "report.html"
    dialog.path_edit.setText(str(target))
    dialog.start()
    assert dialog.job is not None
    try:
        qtbot.waitUntil(reached.is_set, timeout=WAIT_MS)
        dialog.job.cancel()
    finally:
        resume.set()
    qtbot.waitUntil(lambda: dialog.job is not None and dialog.job.wait(0), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: bool(dialog.outcome), timeout=WAIT_MS)
    if when == "while rendering":
        assert dialog.outcome == "cancelled"
        assert "nothing was written" in dialog.result_message
        assert not target.exists()
        assert list(tmp_path.glob(".report.html.*")) == []
    else:
        assert dialog.outcome == "written"
        assert dialog.result_message.startswith("Wrote ")
        assert "by the time the export was cancelled" in dialog.result_message
        assert target.exists()
    _close_message_boxes()


def test_importing_a_file_shows_a_preview_then_adds_its_items(
    qtbot: QtBot, open_window: Callable[[Path], MainWindow], sample_path: Path
) -> None:
    window = open_window(sample_path)
    before = window.items_model.rowCount()
    dialog = window.import_dialog()
    assert isinstance(dialog, ImportDialog)
    assert not dialog.import_button.isEnabled()
    text = _previewed(qtbot, dialog, lambda: dialog.set_path(FIXTURES / "monitor-acled.csv"))
    assert "Format: csv" in text
    assert "Istanbul" in text
    assert dialog.import_button.isEnabled()
    with (
        qtbot.waitSignal(window.filterApplied, timeout=WAIT_MS),
        qtbot.waitSignal(dialog.imported, timeout=WAIT_MS) as done,
    ):
        dialog.start()
    report = done.args[0]
    assert report.added
    assert window.items_model.rowCount() == before + len(report.added)
    _close_message_boxes()


def test_a_broken_file_is_explained_and_the_database_is_untouched(
    qtbot: QtBot, open_window: Callable[[Path], MainWindow], sample_path: Path
) -> None:
    window = open_window(sample_path)
    original = sample_path.read_bytes()
    dialog = window.import_dialog()
    text = _previewed(qtbot, dialog, lambda: dialog.set_path(FIXTURES / "truncated.json"))
    assert text.startswith("This file cannot be imported.")
    assert "line" in text
    assert not dialog.import_button.isEnabled()
    _previewed(qtbot, dialog, lambda: dialog.set_path(FIXTURES / "bad-rows.csv"))
    dialog.start()
    qtbot.waitUntil(lambda: bool(dialog.message), timeout=WAIT_MS)
    assert "cannot be imported" in dialog.message
    assert "line 3" in dialog.message
    window.close()
    assert sample_path.read_bytes() == original


def test_a_csv_column_can_be_mapped_to_another_field_in_the_dialog(
    qtbot: QtBot, open_window: Callable[[Path], MainWindow], sample_path: Path
) -> None:
    window = open_window(sample_path)
    dialog = window.import_dialog()
    _previewed(qtbot, dialog, lambda: dialog.set_path(FIXTURES / "monitor-acled.csv"))
    table = dialog.mapping_table
    assert table.isVisibleTo(dialog)
    names = [table.item(r, 0).text() for r in range(table.rowCount())]
    location = next(r for r, n in enumerate(names) if "“location”" in n)
    notes = next(r for r, n in enumerate(names) if "“notes”" in n)
    before = dialog.preview_text.toPlainText()
    # Titles from the location column instead of what was guessed.
    after = _previewed(qtbot, dialog, lambda: dialog.map_column(location, "title"))
    assert dialog.options().mapping["title"] == [location + 1]  # the guessed one let go
    assert after != before
    assert "Istanbul" in after
    _previewed(qtbot, dialog, lambda: dialog.map_column(notes, None))
    assert notes + 1 not in [c for cs in dialog.options().mapping.values() for c in cs]


def test_a_large_file_is_read_for_its_preview_while_the_window_stays_live(
    qtbot: QtBot,
    open_window: Callable[[Path], MainWindow],
    sample_path: Path,
    tmp_path: Path,
    rounds: Callable[[Path, int], object],
) -> None:
    big = tmp_path / "big.json"
    rounds(big, 20_000)
    window = open_window(sample_path)
    dialog = window.import_dialog()
    dialog.set_path(big)
    # set_path came back before the file was read: the dialog says so and waits.
    assert dialog.preview_text.toPlainText() == "Reading big.json…"
    assert not dialog.import_button.isEnabled()
    # Another file chosen meanwhile wins, whichever preview is ready first.
    text = _previewed(qtbot, dialog, lambda: dialog.set_path(FIXTURES / "monitor-acled.csv"))
    assert "Format: csv" in text
    assert QThreadPool.globalInstance().waitForDone(WAIT_MS)
    QApplication.processEvents()
    assert dialog.preview_text.toPlainText() == text
    assert _previewed(qtbot, dialog, lambda: dialog.set_path(big)).startswith("Format: native")
    assert "Round 0" in dialog.preview_text.toPlainText()
    assert dialog.import_button.isEnabled()
    # Cancel in the progress dialog stops waiting for the preview; nothing can be imported.
    dialog.set_path(big)
    job = dialog._preview_job
    assert job is not None
    text = _previewed(qtbot, dialog, job.property("dialog").canceled.emit)
    assert text == "Reading big.json was stopped; choose the file again to see it."
    assert job.cancelled
    assert QThreadPool.globalInstance().waitForDone(WAIT_MS)
    QApplication.processEvents()
    assert dialog.preview_text.toPlainText() == text
    assert not dialog.import_button.isEnabled()
    dialog.path_edit.editingFinished.emit()  # the field losing focus reads nothing again
    assert dialog._preview_job is None


def test_a_long_job_shows_its_progress_dialog_even_without_progress(qtbot: QtBot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    release = threading.Event()
    results: list[object] = []
    job = run_with_progress(
        parent, "Working…", lambda progress, cancelled: release.wait(WAIT_MS / 1000),
        results.append, results.append,
    )  # fmt: skip
    dialog = job.property("dialog")
    # After its 400 ms: QProgressDialog left alone would wait its own default of 4 s, so a
    # dialog seen before then (with room for a slow machine) was shown by our timer.
    qtbot.waitUntil(dialog.isVisible, timeout=3500)
    release.set()
    qtbot.waitUntil(lambda: results == [True], timeout=WAIT_MS)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=WAIT_MS)


def test_the_import_uses_the_file_as_its_preview_read_it(
    qtbot: QtBot,
    open_window: Callable[[Path], MainWindow],
    sample_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    rounds: Callable[[Path, int], object],
) -> None:
    path = tmp_path / "few.json"
    rounds(path, 3)
    window = open_window(sample_path)
    dialog = window.import_dialog()
    _previewed(qtbot, dialog, lambda: dialog.set_path(path))

    reads: list[object] = []
    read_file = importing.read_file
    monkeypatch.setattr(importing, "read_file", lambda *a: reads.append(a) or read_file(*a))
    with qtbot.waitSignal(dialog.imported, timeout=WAIT_MS) as done:
        dialog.start()
    assert reads == []  # the import took the file as the preview had read it
    assert len(done.args[0].added) == 3
    _close_message_boxes()


def test_the_export_dialog_offers_every_format_with_its_own_options(
    qtbot: QtBot, tmp_path: Path
) -> None:
    dialog = ExportDialog(tmp_path / "unused.db", Filter(), (0.0, 1.0), None, "track")
    qtbot.addWidget(dialog)
    offered = [dialog.format_box.itemData(i) for i in range(dialog.format_box.count())]
    assert tuple(offered) == FORMATS.names()
    for fmt in FORMATS:
        dialog.format_box.setCurrentIndex(dialog.format_box.findData(fmt.name))
        assert dialog.bom.isVisibleTo(dialog) == (fmt.name in ("csv", "timelinejs-csv"))
        assert dialog.skip_imprecise.isVisibleTo(dialog) == (fmt.name == "ics")
        assert dialog.width_box.isEnabled() == (fmt.name in ("png", "svg", "pdf"))
        assert dialog.path_edit.text().endswith(f".{fmt.extension}")


@pytest.mark.parametrize(
    "error", [RecursionError("maximum recursion depth exceeded"), KeyError("surprise")]
)
def test_an_unexpected_error_while_reading_is_shown_not_left_at_reading(
    qtbot: QtBot,
    sample_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    error: Exception,
) -> None:
    def broken(*_args: object) -> object:
        raise error

    monkeypatch.setattr("app.ui.import_dialog.preview", broken)
    dialog = ImportDialog(sample_path)
    qtbot.addWidget(dialog)
    text = _previewed(qtbot, dialog, lambda: dialog.set_path(FIXTURES / "statements.csv"))
    assert text.startswith("This file cannot be imported.")
    assert f"({type(error).__name__}: " in text
    assert "This is a bug in Backchannel" in text
    assert not dialog.import_button.isEnabled()
    assert "Traceback" in capsys.readouterr().err  # kept for a report, not swallowed


def test_a_file_nested_too_deeply_is_explained_in_the_preview(
    qtbot: QtBot, sample_path: Path, tmp_path: Path
) -> None:
    path = tmp_path / "deep.json"
    path.write_text('{"format": "backchannel", "title": ' + "[" * 100_000 + "]" * 100_000 + "}")
    dialog = ImportDialog(sample_path)
    qtbot.addWidget(dialog)
    text = _previewed(qtbot, dialog, lambda: dialog.set_path(path))
    assert text.startswith("This file cannot be imported.")
    assert "the JSON is nested too deeply" in text


def test_the_preview_says_which_cells_are_read_as_missing_values(
    qtbot: QtBot, sample_path: Path, tmp_path: Path
) -> None:
    path = tmp_path / "missing.csv"
    path.write_text(
        "date,title,actor\n2025-10-24,Talks,N/A\n2025-10-25,More talks,N/A\n"
        "2025-10-26,Statement,Lavrov\n",
        encoding="utf-8",
    )
    dialog = ImportDialog(sample_path)
    qtbot.addWidget(dialog)
    text = _previewed(qtbot, dialog, lambda: dialog.set_path(path))
    assert "“N/A” in column 3 “actor” (guessed from the file)" in text
