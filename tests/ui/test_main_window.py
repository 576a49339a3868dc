"""The plain window on a real database, driven through Qt."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QTableView
from pytestqt.qtbot import QtBot

from app.core.dates import parse_partial
from app.core.filter import Filter
from app.core.model import Actor, Dataset, Statement
from app.store import StoreError, open_database, write_dataset
from app.ui import build_main_window
from app.ui.items_model import PAGE_SIZE, ItemId, ItemsModel
from app.ui.session import Session


def test_window_lists_what_the_database_holds(qtbot: QtBot, sample_path: Path) -> None:
    window = build_main_window(sample_path)
    qtbot.addWidget(window)
    window.show()
    table = window.findChild(QTableView, "resultsTable")
    assert table is not None
    model = table.model()
    assert model.rowCount() == 46
    first = model.index(0, 0)
    assert model.data(first) == "Dec 2005"
    assert model.data(model.index(0, 2)).startswith("UN General Assembly adopts resolution 60/143")
    titles = [model.data(model.index(r, 2)) for r in range(model.rowCount())]
    assert any(t.startswith("Dmitry Peskov: Moscow and Washington are not working") for t in titles)
    miami = next(
        r
        for r in range(46)
        if model.data(
            model.index(
                r,
                0,
            )
        )
        == "24–26 Oct 2025"
    )
    assert model.data(model.index(miami, 0), ItemId) == "event/2025-10-24-dmitriev-miami"
    labels = [label.text() for label in window.statusBar().findChildren(QLabel)]
    assert "23 events · 23 statements · 43 actors · 14 tracks · 8 sources" in labels
    assert str(sample_path) in labels
    image = window.grab().toImage()
    assert not image.isNull()
    assert (
        len(
            {
                image.pixel(x, y)
                for x in range(0, image.width(), 17)
                for y in range(0, image.height(), 17)
            }
        )
        > 3
    )


def test_window_refuses_a_foreign_file(qtbot: QtBot, tmp_path: Path) -> None:
    path = tmp_path / "notes.backchannel"
    path.write_text("not a database", encoding="utf-8")
    with pytest.raises(StoreError, match="not a Backchannel database"):
        build_main_window(path)
    assert path.read_text(encoding="utf-8") == "not a database"


@pytest.fixture
def big_path(tmp_path: Path) -> Path:
    path = tmp_path / "big.backchannel"
    db = open_database(path, create=True)
    statements = [
        Statement(
            f"statement/{i:05d}",
            "actor/a",
            parse_partial(f"{1990 + i // 365}-{i % 12 + 1:02d}"),
            f"Words {i}",
        )
        for i in range(1000)
    ]
    write_dataset(db, Dataset(actors=[Actor("actor/a", "Speaker")], statements=statements))
    db.close()
    return path


def test_rows_are_fetched_as_the_view_scrolls(qtbot: QtBot, big_path: Path) -> None:
    session = Session(big_path)
    model = ItemsModel(session)
    assert model.total == 1000
    assert model.rowCount() == PAGE_SIZE
    assert model.canFetchMore()
    model.fetchMore()
    assert model.rowCount() == 2 * PAGE_SIZE
    model.set_filter(Filter(text="Words 999"))
    assert model.total == 1
    assert model.rowCount() == 1
    session.close()


def test_items_model_passes_the_model_tester(qtmodeltester: object, big_path: Path) -> None:
    session = Session(big_path)
    model = ItemsModel(session)
    qtmodeltester.check(model)  # type: ignore[attr-defined]
    model.fetchMore()
    qtmodeltester.check(model)  # type: ignore[attr-defined]
    session.close()


def test_quit_closes_the_database(qtbot: QtBot, sample_path: Path) -> None:
    window = build_main_window(sample_path)
    qtbot.addWidget(window)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    qtbot.keyClick(window.table, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    assert not window.isVisible()
    with pytest.raises(Exception, match="closed"):
        window.session.db.execute("SELECT 1")
