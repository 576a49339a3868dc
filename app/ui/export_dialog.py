"""File → Export…: format, scope, the options of that format, and where to write; the export
runs with progress and a cancel button, and ends with what was written and where. The formats
and which options each takes come from the one export registry (`FORMATS`), text and image
formats alike: a new format shows here without a change to this dialog."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.core.filter import Filter
from app.core.progress import Cancelled, Progress
from app.drawing.image_formats import IMAGE_FORMATS
from app.formats.export_types import ExportCancelled, ExportOptions, ExportRegistry
from app.formats.exporting import TEXT_FORMATS
from app.services.exporting import export, gather
from app.store import open_database
from app.ui import settings as s
from app.ui.jobs import Job, run_with_progress

FORMATS = ExportRegistry.of(TEXT_FORMATS, IMAGE_FORMATS)
SCOPES = (
    ("filter", "Everything the current filter selects"),
    ("window", "Only the visible time window"),
    ("selected", "Only the selected item"),
)


@dataclass(frozen=True, slots=True)
class ExportRequest:
    format: str
    scope: str
    target: Path
    options: ExportOptions


class ExportDialog(QDialog):
    """Emits `exported(message)` when a file has been written. The filter at the top names
    actors and tracks through `names` (the session's, by id).

    Cancel stops the export only while it renders: the last check comes before the file is
    written, so "cancelled" always means the target was not touched. A Cancel pressed later
    is too late, and the dialog says the file was written (`outcome` is "written").
    """

    exported = Signal(str)
    outcome = ""
    """Once the export has ended: "written", "cancelled" or "failed"."""

    def __init__(
        self,
        db_path: Path,
        f: Filter,
        window: tuple[float, float],
        selected_id: str | None,
        grouping: str,
        parent: QWidget | None = None,
        *,
        names: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("exportDialog")
        self.setWindowTitle("Export")
        self._db_path = db_path
        self._filter = f
        self._window = window
        self._selected = selected_id
        self._grouping = grouping
        self._settings = s.settings()
        self.job: Job | None = None
        self.result_message = ""

        self.format_box = self._make_format_box()

        self.scope_group = QButtonGroup(self)
        scopes = QVBoxLayout()
        for i, (value, label) in enumerate(SCOPES):
            button = QRadioButton(label, self)
            button.setProperty("scope", value)
            button.setObjectName(f"scope_{value}")
            self.scope_group.addButton(button, i)
            scopes.addWidget(button)
        self.scope_group.button(0).setChecked(True)
        self.scope_group.button(2).setEnabled(selected_id is not None)

        self._make_options()
        where = self._make_target_row()

        form = QFormLayout()
        form.addRow("Format", self.format_box)
        form.addRow("Items", scopes)
        form.addRow("", self.bom)
        form.addRow("", self.skip_imprecise)
        form.addRow("Width", self.width_box)
        form.addRow("Height", self.height_box)
        form.addRow("Save as", where)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.start)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        self.filter_label = QLabel(f"Filter: {f.describe(names)}", self)
        self.filter_label.setObjectName("exportFilter")
        layout.addWidget(self.filter_label)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self._format_changed()

    def _make_format_box(self) -> QComboBox:
        """Every format, the one last exported to chosen."""
        box = QComboBox(self)
        box.setObjectName("exportFormat")
        box.setAccessibleName("Format")
        for fmt in FORMATS:
            box.addItem(fmt.label, fmt.name)
        box.setCurrentIndex(max(0, box.findData(s.EXPORT_FORMAT.read(self._settings))))
        box.currentIndexChanged.connect(self._format_changed)
        return box

    def _make_options(self) -> None:
        """The options some formats take; `_format_changed` shows those of the chosen one."""
        self.bom = QCheckBox("Start with a byte-order mark (for Excel)", self)
        self.skip_imprecise = QCheckBox("Leave out dates known only to the month or year", self)
        self.width_box = QSpinBox(self)
        self.width_box.setRange(200, 20_000)
        self.width_box.setValue(1600)
        self.width_box.setSuffix(" px")
        self.height_box = QSpinBox(self)
        self.height_box.setRange(0, 20_000)
        self.height_box.setSpecialValueText("Fit every lane")
        self.height_box.setSuffix(" px")

    def _make_target_row(self) -> QHBoxLayout:
        """The file to write, in the last folder written to, and a button to choose it."""
        last_folder = s.EXPORT_FOLDER.read(self._settings) or str(Path.home())
        self.path_edit = QLineEdit(str(Path(last_folder) / "backchannel-export"), self)
        self.path_edit.setObjectName("exportPath")
        self.path_edit.setAccessibleName("File to write")
        browse = QPushButton("Choose…", self)
        browse.clicked.connect(self._choose)
        where = QHBoxLayout()
        where.addWidget(self.path_edit, 1)
        where.addWidget(browse)
        return where

    def request(self) -> ExportRequest:
        name = self.format_box.currentData()
        checked = self.scope_group.checkedButton()
        scope = checked.property("scope") if checked is not None else "filter"
        height = self.height_box.value() or None
        options = ExportOptions(
            bom=self.bom.isChecked(),
            imprecise="skip" if self.skip_imprecise.isChecked() else "span",
            width=self.width_box.value(),
            height=height,
            window=self._window if scope == "window" else None,
            grouping=self._grouping,
        )
        return ExportRequest(name, scope, Path(self.path_edit.text()).expanduser(), options)

    def _format_changed(self) -> None:
        fmt = FORMATS[self.format_box.currentData()]
        self.bom.setVisible("bom" in fmt.options)
        self.skip_imprecise.setVisible("imprecise" in fmt.options)
        for box in (self.width_box, self.height_box):
            box.setEnabled(fmt.image)
        path = Path(self.path_edit.text())
        self.path_edit.setText(str(path.with_suffix(f".{fmt.extension}")))

    def _choose(self) -> None:
        fmt = FORMATS[self.format_box.currentData()]
        path, _ = QFileDialog.getSaveFileName(
            self, "Export to", self.path_edit.text(), f"{fmt.label} (*.{fmt.extension})"
        )
        if path:
            self.path_edit.setText(path)

    def start(self) -> None:
        request = self.request()
        target = request.target
        if not target.parent.is_dir():
            QMessageBox.warning(self, "Export", f"The folder {target.parent} does not exist.")
            return
        s.EXPORT_FOLDER.write(self._settings, str(target.parent))
        s.EXPORT_FORMAT.write(self._settings, request.format)
        db_path, f, window, selected = self._db_path, self._filter, self._window, self._selected

        def work(progress: Progress, cancelled: Cancelled) -> str:
            db = open_database(db_path)
            try:
                selection = gather(
                    db,
                    f,
                    window=window if request.scope == "window" else None,
                    only=[selected] if request.scope == "selected" and selected else None,
                )
            finally:
                db.close()
            return export(
                FORMATS[request.format],
                selection,
                request.options,
                target,
                progress=progress,
                cancelled=cancelled,
            ).message()

        self.buttons.setEnabled(False)
        self.job = run_with_progress(self, "Exporting…", work, self._done, self._failed)

    def _done(self, message: str) -> None:
        if self.job is not None and self.job.cancelled:
            message += " It had been written by the time the export was cancelled."
        self.outcome = "written"
        self.result_message = message
        self.exported.emit(message)
        box = QMessageBox(QMessageBox.Icon.Information, "Export", message, parent=self)
        box.setObjectName("exportDone")
        open_folder = box.addButton("Open folder", QMessageBox.ButtonRole.ActionRole)
        box.addButton(QMessageBox.StandardButton.Close)
        folder = self.request().target.parent
        open_folder.clicked.connect(
            lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))
        )
        box.finished.connect(self.accept)
        box.open()

    def _failed(self, error: Exception) -> None:
        self.buttons.setEnabled(True)
        if isinstance(error, ExportCancelled):
            self.outcome = "cancelled"
            self.result_message = str(error)
            return
        self.outcome = "failed"
        self.result_message = f"The export failed: {error}"
        QMessageBox.warning(self, "Export", self.result_message)
