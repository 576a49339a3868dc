"""File → Import… over every file of the hostile corpus (tests/fixtures/hostile): the dialog
always reaches an end (a preview, a refusal or a report, never "Reading…" for ever), names the
file and what is wrong with it, shows no traceback, and leaves the database byte for byte as
it was unless the file, or the good part of it, really is one to import.

One main window serves the module; it is opened again, on a fresh copy of the sample, only
after a test whose import changed the database."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hostile_corpus import CORPUS, FILES, IMPORTABLE, SAYS, SOME_GOOD
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from app.core.paths import sample_dataset
from app.formats import native
from app.services.importing import ImportReport
from app.store import open_database, write_dataset
from app.ui.application import build_main_window
from app.ui.import_dialog import ImportDialog
from app.ui.main_window import MainWindow

WAIT_MS = 20_000


class Bench:
    """The module's window and its database, with the bytes the database started from."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / "sample.backchannel"
        db = open_database(self.path, create=True)
        write_dataset(db, native.read(sample_dataset()), self.path)
        db.close()
        self.pristine = self.path.read_bytes()
        self.window: MainWindow | None = None
        self.opened_with: tuple[bytes, ...] = ()

    def files(self) -> tuple[bytes, ...]:
        """The database as it is on disk: the file and the write-ahead log beside it."""
        log = self.path.with_name(self.path.name + "-wal")
        return (self.path.read_bytes(), log.read_bytes() if log.exists() else b"")

    def close(self) -> None:
        if self.window is not None:
            self.window.close()
            self.window.deleteLater()
            self.window = None


@pytest.fixture(scope="module")
def bench(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Bench]:
    opened = Bench(tmp_path_factory.mktemp("hostile-dialog"))
    yield opened
    opened.close()


@pytest.fixture
def window(qtbot: QtBot, bench: Bench) -> Iterator[MainWindow]:
    """The module's window, on the sample exactly as it was built."""
    if bench.window is None or bench.files() != bench.opened_with:
        bench.close()
        for suffix in ("-wal", "-shm"):
            bench.path.with_name(bench.path.name + suffix).unlink(missing_ok=True)
        bench.path.write_bytes(bench.pristine)
        bench.window = build_main_window(bench.path)
        bench.window.resize(1400, 900)
        bench.window.show()
        opened = bench.window
        qtbot.waitUntil(lambda: not opened.timeline_pane.loading, timeout=WAIT_MS)
        bench.opened_with = bench.files()
    yield bench.window
    for dialog in bench.window.findChildren(ImportDialog):
        for box in dialog.findChildren(QMessageBox):
            box.close()
        dialog.close()
        dialog.deleteLater()


def _previewed(qtbot: QtBot, window: MainWindow, name: str, *, skip_bad: bool) -> ImportDialog:
    dialog = window.import_dialog()
    dialog.skip_bad.setChecked(skip_bad)
    with qtbot.waitSignal(dialog.previewed, timeout=WAIT_MS):
        dialog.set_path(CORPUS / name)
    shown = dialog.preview_text.toPlainText()
    assert not shown.startswith("Reading"), shown
    return dialog


def _imported(qtbot: QtBot, window: MainWindow, dialog: ImportDialog) -> ImportReport:
    """Press Import and wait for the report; the window then counts what was added."""
    before = window.session.total()
    with qtbot.waitSignal(dialog.imported, timeout=WAIT_MS) as done:
        dialog.start()
    report: ImportReport = done.args[0]
    assert dialog.preview_text.toPlainText().startswith("Imported ")
    qtbot.waitUntil(lambda: window.session.total() == before + len(report.added))
    return report


def _refused(qtbot: QtBot, dialog: ImportDialog, name: str) -> str:
    """What the dialog says of a file it does not import: in the preview, with Import
    disabled, or once Import was pressed, in its message."""
    if not dialog.import_button.isEnabled():
        said = dialog.preview_text.toPlainText()
        assert said.startswith("This file cannot be imported."), said
        assert name in said
        return said
    dialog.start()
    qtbot.waitUntil(lambda: bool(dialog.message), timeout=WAIT_MS)
    assert name in dialog.message
    assert not dialog.import_button.isEnabled()  # the same import would be refused again
    return f"{dialog.preview_text.toPlainText()}\n{dialog.message}"


def test_an_exception_in_a_slot_fails_these_tests(request: pytest.FixtureRequest) -> None:
    assert not request.config.getini("qt_no_exception_capture")
    assert request.node.get_closest_marker("qt_no_exception_capture") is None


@pytest.mark.parametrize("name", FILES)
def test_a_hostile_file_in_the_import_dialog_is_imported_or_a_message_naming_it(
    qtbot: QtBot, capsys: pytest.CaptureFixture[str], bench: Bench, window: MainWindow, name: str
) -> None:
    dialog = _previewed(qtbot, window, name, skip_bad=False)
    if name in IMPORTABLE:
        assert dialog.import_button.isEnabled()
        _imported(qtbot, window, dialog)
        assert IMPORTABLE[name] in dialog.message
    else:
        said = _refused(qtbot, dialog, name)
        assert SAYS.get(name, "") in said
        assert "a bug in Backchannel" not in said
        assert "Traceback" not in said
        assert "--map" not in said  # the command line's advice; the dialog has its table
        assert bench.files() == bench.opened_with
    assert "Traceback" not in capsys.readouterr().err


@pytest.mark.parametrize("name", FILES)
def test_importing_the_good_records_of_a_hostile_file_never_crashes(
    qtbot: QtBot, capsys: pytest.CaptureFixture[str], bench: Bench, window: MainWindow, name: str
) -> None:
    dialog = _previewed(qtbot, window, name, skip_bad=True)
    if dialog.import_button.isEnabled():
        dialog.start()
        qtbot.waitUntil(lambda: bool(dialog.message), timeout=WAIT_MS)
    said = f"{dialog.preview_text.toPlainText()}\n{dialog.message}"
    assert "a bug in Backchannel" not in said
    assert "Traceback" not in said + capsys.readouterr().err
    if dialog.report is None or not (dialog.report.added or " new " in dialog.message):
        assert name in said
        assert bench.files() == bench.opened_with


@pytest.mark.parametrize("name", sorted(SOME_GOOD))
def test_importing_the_good_records_adds_them_and_only_them(
    qtbot: QtBot, window: MainWindow, name: str
) -> None:
    dialog = _previewed(qtbot, window, name, skip_bad=False)
    assert _refused(qtbot, dialog, name)
    dialog.skip_bad.setChecked(True)
    assert dialog.import_button.isEnabled()
    report = _imported(qtbot, window, dialog)
    assert SOME_GOOD[name] in dialog.message
    assert len(report.added) == 1
    assert f"Skipped:\n  - {report.skipped[0]}" in dialog.preview_text.toPlainText()
