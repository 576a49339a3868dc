"""The filter panel's finders, typed into as a user types: any part of any name or alias, with
spaces, in any script, case and accents ignored; the tracks' finder likewise."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QAbstractItemModel, QEvent, QModelIndex, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit
from pytestqt.qtbot import QtBot

from app.ui.filter_panel import IdRole
from app.ui.finders import finder_key
from app.ui.main_window import MainWindow


@pytest.fixture
def window(open_window: Callable[[Path], MainWindow], sample_path: Path) -> MainWindow:
    return open_window(sample_path)


def type_into(qtbot: QtBot, field: QLineEdit, text: str) -> None:
    """Type as a user would, in any script (QTest types only ASCII: other letters go as
    the key events a keyboard layout sends)."""
    field.setFocus()
    field.clear()
    for character in text:
        if character.isascii():
            qtbot.keyClick(field, character)
            continue
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(
                field, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, character)
            )


def listed(model: QAbstractItemModel, parent: QModelIndex | None = None) -> list[str]:
    """The ids a finder leaves in sight, headings walked into."""
    parent = parent or QModelIndex()
    found: list[str] = []
    for row in range(model.rowCount(parent)):
        index = model.index(row, 0, parent)
        if model.hasChildren(index):
            found += listed(model, index)
        else:
            found.append(str(index.data(IdRole)))
    return found


def actors_found(qtbot: QtBot, window: MainWindow, text: str) -> list[str]:
    type_into(qtbot, window.filter_panel.actor_search, text)
    return listed(window.filter_panel.actor_view.model())


@pytest.mark.parametrize(
    ("typed", "actor"),
    [
        ("Fu Cong", "actor/fu-cong"),
        ("fu cong", "actor/fu-cong"),
        ("Vadim Medinsky", "actor/vladimir-medinsky"),
        ("vadim med", "actor/vladimir-medinsky"),
        ("Песков", "actor/dmitry-peskov"),
        ("песк", "actor/dmitry-peskov"),
        ("Трамп", "actor/donald-trump"),
        ("傅聪", "actor/fu-cong"),
        ("Turkiye", "actor/turkey"),
        ("Medinskii", "actor/vladimir-medinsky"),
        ("Мединский", "actor/vladimir-medinsky"),
        ("Zaharova", "actor/maria-zakharova"),
        ("Peskov", "actor/dmitry-peskov"),
    ],
)
def test_the_actor_finder_finds_any_part_of_any_name_or_alias(
    qtbot: QtBot, window: MainWindow, typed: str, actor: str
) -> None:
    assert actors_found(qtbot, window, typed) == [actor]


def test_a_name_not_held_by_anyone_leaves_the_list_empty_and_clearing_lists_all_again(
    qtbot: QtBot, window: MainWindow
) -> None:
    everyone = listed(window.filter_panel.actor_view.model())
    assert actors_found(qtbot, window, "Nobody Atall") == []
    window.filter_panel.actor_search.clear()
    assert listed(window.filter_panel.actor_view.model()) == everyone


def test_the_track_finder_finds_any_part_of_a_name_whatever_its_dash(
    qtbot: QtBot, window: MainWindow
) -> None:
    panel = window.filter_panel
    type_into(qtbot, panel.track_search, "dmitriev witkoff")
    assert listed(panel.track_view.model()) == ["track/dmitriev-witkoff"]
    type_into(qtbot, panel.track_search, "security")
    assert listed(panel.track_view.model()) == ["track/unsc"]


def test_a_track_ticked_through_the_finder_filters_the_window(
    qtbot: QtBot, window: MainWindow
) -> None:
    panel = window.filter_panel
    type_into(qtbot, panel.track_search, "Driscoll")
    model = panel.track_view.model()
    with qtbot.waitSignal(window.filterApplied, timeout=20_000):
        model.setData(model.index(0, 0), Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole)
        panel.flush()
    assert window.view.filter.tracks == {"track/driscoll-channel"}


def test_names_are_compared_without_case_accents_or_punctuation() -> None:
    assert finder_key("Dmitriev–Witkoff back-channel") == "dmitriev witkoff back channel"
    assert finder_key("  Царёв ") == finder_key("царев")
