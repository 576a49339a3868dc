"""File → Import…: choose a file, see how its first records will land (and what is wrong with
any), then import all of it — or only the good records — with progress and cancel. The
formats offered and the file chooser's extensions come from the import registry
(`app.formats.readers`). The database is written in one transaction: a failure or a cancel
leaves it as it was."""

from __future__ import annotations

import traceback
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.dates import DateSpan
from app.core.model import Event
from app.core.progress import Cancelled, Progress, Stopped
from app.formats.csv_in import FIELDS, REPEATABLE, UnmappedColumns
from app.formats.problems import MappingError, unexpected
from app.formats.readers import AUTO, EXTENSIONS, FORMATS
from app.formats.text_in import Layout
from app.services.importing import (
    ImportOptions,
    ImportRefused,
    ImportReport,
    Preview,
    WholeFile,
    import_file,
    preview,
)
from app.store import DataError, StoreError
from app.ui import settings as s
from app.ui.jobs import Job, run_with_progress

PREVIEW_ROWS = 20


class ImportDialog(QDialog):
    """Emits `imported(report)` once something was written, and `previewed` whenever the
    preview shows the chosen file (or why it cannot be imported)."""

    imported = Signal(object)
    previewed = Signal()
    _import_path: Path
    """The file of the import running or last run, for its messages."""

    def __init__(self, db_path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("importDialog")
        self.setWindowTitle("Import")
        self.resize(760, 560)
        self._db_path = db_path
        self._settings = s.settings()
        self.job: Job | None = None
        self._preview_job: Job | None = None
        self._previewing: tuple[str, ImportOptions] | None = None
        """The file and options of the preview shown or being read."""
        self._whole: WholeFile | None = None
        """The file as the preview read it whole, for the import to use."""
        self.report: ImportReport | None = None
        self.message = ""
        self._readable = False
        """The preview shown read the file: Import can run once the options allow it."""
        self._importing = False

        self.path_edit = QLineEdit(self)
        self.path_edit.setObjectName("importPath")
        self.path_edit.setAccessibleName("File to import")
        self.path_edit.editingFinished.connect(self.refresh_preview)
        browse = QPushButton("Choose…", self)
        browse.clicked.connect(self._choose)
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(browse)
        self.format_box = _format_box(self)
        self.format_box.currentIndexChanged.connect(self.refresh_preview)
        self.track_edit = QLineEdit(self)
        self.track_edit.setPlaceholderText("optional: put every item on this track too")
        self.track_edit.setAccessibleName("Track for every imported item")
        self.skip_bad = QCheckBox("Import the good records and list the others", self)
        self.skip_bad.toggled.connect(self._import_options_changed)
        self.track_edit.textChanged.connect(self._import_options_changed)
        self.mapping_table = _mapping_table(self)
        self._mapping: dict[str, list[int]] = {}
        """What the user set in the table: field → columns numbered from 1."""
        self.preview_text = QPlainTextEdit(self)
        self.preview_text.setObjectName("importPreview")
        self.preview_text.setReadOnly(True)
        self.preview_text.setAccessibleName("Preview")
        form = QFormLayout()
        form.addRow("File", row)
        form.addRow("Format", self.format_box)
        form.addRow("Track", self.track_edit)
        form.addRow("", self.skip_bad)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.import_button = self.buttons.addButton(
            "Import", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.import_button.setEnabled(False)
        self.buttons.accepted.connect(self.start)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.mapping_table)
        layout.addWidget(self.preview_text, 1)
        layout.addWidget(self.buttons)

    def options(self) -> ImportOptions:
        return ImportOptions(
            format=self.format_box.currentData(),
            mapping={field: list(columns) for field, columns in self._mapping.items()},
            track=self.track_edit.text().strip() or None,
            skip_bad=self.skip_bad.isChecked(),
        )

    def set_path(self, path: Path) -> None:
        self._mapping = {}
        self._previewing = None  # read afresh, even the same file again
        self.path_edit.setText(str(path))
        self.refresh_preview()

    def map_column(self, column: int, field: str | None) -> None:
        """Feed `field` from `column` (numbered from 0), or nothing from it (None); every
        other column keeps what it feeds now. The preview follows."""
        assigned = self._assigned()
        if field is not None and field not in REPEATABLE:  # one column feeds it, not two
            for other, chosen in assigned.items():
                if chosen == field and other != column:
                    assigned[other] = None
        assigned[column] = field
        mapping: dict[str, list[int]] = {f: [] for f in FIELDS}
        for index, chosen in sorted(assigned.items()):
            if chosen:
                mapping[chosen].append(index + 1)
        self._mapping = mapping
        self.refresh_preview()

    def _assigned(self) -> dict[int, str | None]:
        assigned: dict[int, str | None] = {}
        for row in range(self.mapping_table.rowCount()):
            box = self.mapping_table.cellWidget(row, 1)
            assigned[row] = box.currentData() if isinstance(box, QComboBox) else None
        return assigned

    def _show_layout(self, layout: Layout | None) -> None:
        table = self.mapping_table
        table.setVisible(layout is not None)
        if layout is None:
            table.setRowCount(0)
            return
        field_of = {i: f for f, indexes in layout.columns.items() for i in indexes}
        table.setRowCount(layout.width)
        for index in range(layout.width):
            table.setItem(index, 0, QTableWidgetItem(layout.column_name(index)))
            box = QComboBox(table)
            box.addItem("(not imported)", None)
            for field in FIELDS:
                box.addItem(field, field)
            box.setCurrentIndex(max(0, box.findData(field_of.get(index))))
            box.currentIndexChanged.connect(
                lambda _i, column=index, combo=box: self.map_column(column, combo.currentData())
            )
            table.setCellWidget(index, 1, box)
        table.resizeColumnToContents(0)

    def _choose(self) -> None:
        folder = s.IMPORT_FOLDER.read(self._settings) or str(Path.home())
        path, _ = QFileDialog.getOpenFileName(
            self,
            "Import a file",
            folder,
            f"Timelines and tables ({' '.join(f'*.{e}' for e in EXTENSIONS)});;All files (*)",
        )
        if path:
            s.IMPORT_FOLDER.write(self._settings, str(Path(path).parent))
            self.set_path(Path(path))

    def refresh_preview(self) -> None:
        """Read the file for its preview on a worker thread: a large file takes a while to
        read and check whole (a native file of a million items, 30 s), and the window stays
        live, with a progress dialog and Cancel after a moment. A newer choice drops an
        older preview still being read."""
        text = self.path_edit.text().strip()
        options = self.options()
        if self._read_as(options):
            # Nothing that changes the reading changed: the field only lost focus (to the
            # progress dialog, or the message an import ends with, say).
            return
        self._previewing, self._whole, self._readable = (text, options), None, False
        older, self._preview_job = self._preview_job, None
        if older is not None:
            older.cancel()
            progress = older.property("dialog")
            progress.reset()  # stops its clock, so it does not show itself later
            progress.close()
        self.import_button.setEnabled(False)
        if not text:
            self.preview_text.setPlainText("")
            self.previewed.emit()
            return
        path = Path(text).expanduser()

        def work(progress: Progress, cancelled: Cancelled) -> Preview:
            return preview(path, options, PREVIEW_ROWS)

        def shown(result: Preview) -> None:
            if self._preview_job is job and not job.cancelled:
                self._preview_job = None
                self._show_preview(result)

        def failed(error: Exception) -> None:
            if self._preview_job is job and not job.cancelled:
                self._preview_job = None
                self._show_refusal(error)

        self.preview_text.setPlainText(f"Reading {path.name}…")
        job = self._preview_job = run_with_progress(self, "Reading the file…", work, shown, failed)
        dialog = job.property("dialog")
        dialog.canceled.connect(lambda: self._preview_stopped(job, path))

    def _preview_stopped(self, job: Job, path: Path) -> None:
        # What was asked stays in `_previewing`: the field losing focus as the progress
        # dialog goes must not start reading again.
        if self._preview_job is job:
            self._preview_job = None
            self.preview_text.setPlainText(
                f"Reading {path.name} was stopped; choose the file again to see it."
            )
            self.previewed.emit()

    def _show_refusal(self, error: Exception) -> None:
        reason = _reason(error)
        if isinstance(error, UnmappedColumns) and error.layout is not None:
            # The command line's advice (--map) is no use here: the table is.
            self._show_layout(error.layout)
            reason = (
                f"{error.path}: no column holds {error.lacking}: choose the column that does "
                "under “Field” above."
            )
        elif not isinstance(error, MappingError):
            self._show_layout(None)
        self.preview_text.setPlainText(f"This file cannot be imported.\n\n{reason}")
        self.previewed.emit()

    def _show_preview(self, shown: Preview) -> None:
        self._show_layout(shown.layout)
        lines = [f"Format: {shown.format}"]
        if shown.layout is not None:
            layout = shown.layout
            delimiter = {",": "commas", "\t": "tabs", ";": "semicolons"}.get(
                layout.delimiter, f"“{layout.delimiter}”"
            )
            header = "a header row" if layout.header is not None else "no header row"
            lines.append(f"Read as {layout.encoding}, fields separated by {delimiter}, {header}")
            lines += [f"  {line}" for line in layout.describe()]
        lines += [f"Note: {n}" for n in shown.notes]
        if shown.problems:
            lines.append(f"\n{len(shown.problems)} problem(s) in the first records:")
            lines += [f"  - {p}" for p in shown.problems[:20]]
        lines.append(f"\nThe first {len(shown.records)} record(s):")
        for record in shown.records:
            if isinstance(record, Event):
                lines.append(f"  {record.when.display():<22} {record.kind:<10} {record.title}")
            else:
                words = " ".join(record.text.split())[:90]
                lines.append(f"  {DateSpan(record.date).display():<22} statement  {words}")
        self.preview_text.setPlainText("\n".join(lines))
        self._whole = shown.whole
        self._readable = True
        self.import_button.setEnabled(True)
        self.previewed.emit()

    def _import_options_changed(self, *_: object) -> None:
        """Ticking "Import the good records" or naming a track does not change how the file
        reads (no new preview), but it may make an import that failed worth trying again."""
        self.import_button.setEnabled(self._readable and not self._importing)

    def start(self) -> None:
        path = Path(self.path_edit.text().strip()).expanduser()
        options = self.options()
        db_path = self._db_path
        already = self._whole if self._read_as(options) else None

        def work(progress: Progress, cancelled: Cancelled) -> ImportReport:
            def staged(_stage: str, done: int, total: int) -> None:
                progress(done, total)

            return import_file(db_path, path, options, staged, cancelled, already)

        self.import_button.setEnabled(False)
        self._importing = True
        self._import_path = path
        self.job = run_with_progress(self, "Importing…", work, self._done, self._failed)

    def _read_as(self, options: ImportOptions) -> bool:
        """Whether the preview read the file in the field as `options` would read it (the
        track and what to do with bad records do not change that)."""
        if self._previewing is None:
            return False
        text, previewed = self._previewing
        same_reading = (previewed.format, previewed.mapping) == (options.format, options.mapping)
        return text == self.path_edit.text().strip() and same_reading

    def _done(self, report: ImportReport) -> None:
        self._importing = False
        self.report = report
        self.message = report.summary()
        self.preview_text.setPlainText("\n".join(report.lines()))
        self.imported.emit(report)
        box = QMessageBox(QMessageBox.Icon.Information, "Import", self.message, parent=self)
        box.setObjectName("importDone")
        box.setDetailedText("\n".join(report.lines()))
        box.finished.connect(self.accept)
        box.open()

    def _failed(self, error: Exception) -> None:
        """A cancel, or a database that could not take the records (locked, full), may
        succeed if tried again; a refused file would be refused again, so Import waits for
        another file or other options."""
        self._importing = False
        stopped = self.job is not None and self.job.cancelled
        self.import_button.setEnabled(stopped or isinstance(error, StoreError))
        if isinstance(error, ImportRefused) and error.importable:
            self.message = str(error)
            self.preview_text.setPlainText(
                self.message + "\n\nTick “Import the good records” to import the others."
            )
            return
        self.message = _reason(error)
        if isinstance(error, DataError):  # records refer to what neither file nor database hold
            self.message = f"{self._import_path}: {self.message}"
        if not stopped:
            # Opened, not exec()'d: no event loop of its own inside the job's slot.
            box = QMessageBox(QMessageBox.Icon.Warning, "Import", self.message, parent=self)
            box.setObjectName("importFailed")
            box.open()


def _format_box(parent: QWidget) -> QComboBox:
    """Detection first, then every format of the import registry."""
    box = QComboBox(parent)
    box.setAccessibleName("Format")
    box.addItem("Detect from the file", AUTO)
    for name, fmt in FORMATS.items():
        box.addItem(fmt.label, name)
    return box


def _mapping_table(parent: QWidget) -> QTableWidget:
    """Column → field, shown for a table once its layout is known."""
    table = QTableWidget(0, 2, parent)
    table.setObjectName("columnMapping")
    table.setAccessibleName("Which field each column feeds")
    table.setHorizontalHeaderLabels(["Column", "Field"])
    table.horizontalHeader().setStretchLastSection(True)
    table.verticalHeader().hide()
    table.setMaximumHeight(180)
    table.hide()
    return table


_TOLD = (ValueError, OSError, StoreError, Stopped)
"""Errors whose message is for the user: the file, the mapping, the disk, the database, a
cancel. Any other is a bug: still shown, never raised in a slot (the preview would say
"Reading…" for ever), and its trace printed for a report."""


def _reason(error: BaseException) -> str:
    if isinstance(error, OSError) and error.strerror:
        return f"{error.filename or ''}: {error.strerror}".strip(": ")
    if isinstance(error, _TOLD):
        return str(error)
    traceback.print_exception(error)
    return unexpected(error)
