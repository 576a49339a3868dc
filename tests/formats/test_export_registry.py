"""The one export call the dialog and the command line share: every format, scopes,
progress, cancel, whole files only, and no Qt outside the image formats."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import sqlite_utils
from PySide6.QtWidgets import QApplication

from app.core.filter import Filter
from app.core.model import Dataset
from app.drawing.image_formats import IMAGE_FORMATS
from app.formats import native
from app.formats.export_types import ExportCancelled, ExportError, ExportOptions, ExportRegistry
from app.formats.exporting import TEXT_FORMATS
from app.services.exporting import export, gather, render
from app.store.queries import page
from app.store.records import resolve

FORMATS = ExportRegistry.of(TEXT_FORMATS, IMAGE_FORMATS)


@pytest.fixture(autouse=True)
def _widgets_application(qapp: QApplication) -> None:
    """Images need a Qt application; the one pytest-qt gives every test, made first."""


def test_every_format_writes_what_the_filter_selects(
    sample_db: sqlite_utils.Database, tmp_path: Path
) -> None:

    f = Filter(tracks=frozenset({resolve(sample_db, "tracks", "UN Security Council")}))
    selection = gather(sample_db, f)
    expected = {i.id for i in page(sample_db, f, 10_000)}
    assert selection.selected == expected
    assert selection.description == "Items on UN Security Council"
    for fmt in FORMATS:
        name = fmt.name
        target = tmp_path / f"out.{fmt.extension}"
        result = export(fmt, selection, ExportOptions(), target)
        assert result.items == len(expected), name
        assert target.stat().st_size > 200, name
        assert result.message().startswith(f"Wrote {len(expected)} items to "), name


def test_scopes_narrow_to_the_window_and_to_selected_items(
    sample_db: sqlite_utils.Database,
) -> None:
    everything = gather(sample_db, Filter())
    window = Filter.build(date_from="24 Oct 2025", date_to="26 Oct 2025")
    assert window.start is not None
    assert window.end is not None
    visible = gather(sample_db, Filter(), window=(window.start, window.end))
    assert "event/2025-10-24-dmitriev-miami" in visible.selected
    assert "event/2025-10-trump-navy-birthday-speech" in visible.selected  # "Oct 2025" overlaps
    assert "event/2025-08-16-putin-trump-alaska-summit" not in visible.selected
    assert "event/2025-11-17-unsc-resolution-2803-vote" not in visible.selected
    assert "from 24 Oct 2025 to 26 Oct 2025" in visible.description
    chosen = {
        "event/2025-10-24-dmitriev-miami",
        "event/2025-08-16-putin-trump-alaska-summit",
        "nonsense",
    }
    picked = gather(sample_db, Filter(), only=chosen)
    assert picked.selected == chosen - {"nonsense"}
    assert picked.selected < everything.selected
    assert render(FORMATS["csv"], picked).items == 2


def test_progress_reaches_the_end(sample_db: sqlite_utils.Database) -> None:
    seen: list[tuple[int, int]] = []
    selection = gather(sample_db, Filter())
    for name in ("csv", "json", "timelinejs", "html", "ics"):
        seen.clear()
        render(FORMATS[name], selection, progress=lambda done, total: seen.append((done, total)))
        n = len(selection.selected)
        assert seen[0] == (0, n), name
        assert seen[-1] == (n, n), name


def test_cancel_leaves_the_target_as_it_was(
    sample_db: sqlite_utils.Database, tmp_path: Path
) -> None:
    folder = tmp_path / "exports"
    folder.mkdir()
    target = folder / "report.html"
    target.write_text("my earlier report", encoding="utf-8")
    calls = 0

    def cancelled() -> bool:
        nonlocal calls
        calls += 1
        return calls > 1

    with pytest.raises(ExportCancelled, match="nothing was written"):
        export(FORMATS["html"], gather(sample_db, Filter()), None, target, cancelled=cancelled)
    assert target.read_text(encoding="utf-8") == "my earlier report"
    assert [p.name for p in folder.iterdir()] == ["report.html"]


def test_a_failed_write_leaves_no_partial_file(
    sample_db: sqlite_utils.Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "exports"
    folder.mkdir()

    def disk_full(source: str, target: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("app.services.exporting.os.replace", disk_full)
    with pytest.raises(OSError, match="No space left"):
        export(FORMATS["csv"], gather(sample_db, Filter()), None, folder / "out.csv")
    assert list(folder.iterdir()) == []


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (ExportOptions(width=10), "width must be"),
        (ExportOptions(height=10), "height must be"),
        (ExportOptions(imprecise="guess"), "imprecise dates"),
        (ExportOptions(grouping="colour"), "lanes can be by"),
        (ExportOptions(window=(10.0, 5.0)), "must end after it starts"),
    ],
)
def test_impossible_options_are_explained(
    sample_db: sqlite_utils.Database, options: ExportOptions, message: str
) -> None:
    with pytest.raises(ExportError, match=message):
        render(FORMATS["png"], gather(sample_db, Filter()), options)


def test_unknown_format_is_explained() -> None:
    with pytest.raises(ExportError, match="no export format called “docx”"):
        FORMATS["docx"]


def test_one_registry_lists_every_format_once_in_the_dialog_s_order() -> None:
    assert FORMATS.names() == (
        *("csv", "json", "timelinejs", "timelinejs-csv", "html", "markdown", "ics"),
        *("png", "svg", "pdf"),
    )
    with pytest.raises(ValueError, match="share a name"):
        ExportRegistry.of(TEXT_FORMATS, TEXT_FORMATS[:1])


def test_only_the_image_formats_need_qt() -> None:
    code = (
        "import sys\n"
        "import app.formats.exporting, app.formats.csv_out, app.formats.timelinejs_out\n"
        "import app.formats.report, app.formats.ics_out, app.services.exporting\n"
        "import app.drawing.image_formats\n"
        "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'app.ui'))))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.strip() == "[]"


def test_native_json_is_the_standard_library_s_indented_text() -> None:
    """Native JSON is written by hand for speed; it must stay byte for byte what json.dumps
    writes, so files diff well against older exports."""
    data = native.read(Path(__file__).with_name("test_export_hostile.json"))
    expected = json.dumps(native.to_document(data), ensure_ascii=False, indent=2) + "\n"
    assert native.dumps(data) == expected
    # Written a few records at a time (as a large export is), the text is the same.
    assert "".join(native.pieces(data, batch=2)) == expected
    assert "".join(native.pieces(data, batch=1)) == expected
    empty = Dataset(title="Nothing yet")
    assert native.dumps(empty) == json.dumps(native.to_document(empty), indent=2) + "\n"


def test_a_native_export_can_be_cancelled_part_way(
    sample_db: sqlite_utils.Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(native, "BATCH", 5)
    folder = tmp_path / "exports"
    folder.mkdir()
    target = folder / "all.json"
    target.write_text("my earlier export", encoding="utf-8")
    seen: list[tuple[int, int]] = []
    selection = gather(sample_db, Filter())
    with pytest.raises(ExportCancelled):
        export(
            FORMATS["json"], selection, None, target,
            progress=lambda done, total: seen.append((done, total)),
            cancelled=lambda: any(done for done, _ in seen),
        )  # fmt: skip
    assert seen[-1] == (5, len(selection.selected))  # asked again after the first five items
    assert target.read_text(encoding="utf-8") == "my earlier export"
    assert [p.name for p in folder.iterdir()] == ["all.json"]
