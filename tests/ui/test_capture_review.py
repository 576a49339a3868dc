"""Capture in the window, driven as a user drives it: File → Capture article… (Ctrl+Shift+O)
finds an article's drafts, the review lists them beside the article with their words
marked, the user keeps some, leaves some out and corrects others, and *Add* writes the
kept ones as one step: they are on the timeline and in the list, found by search, with the
article as their source and its offline copy; the others are nowhere; one Ctrl+Z takes
them all back. Input that holds no article is said in the dialog and writes nothing."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from pytestqt.qtbot import QtBot

from app.core.model import Source, Statement
from app.formats.article import read_article
from app.store.changes import read_state
from app.ui.capture.review import ReviewDialog
from app.ui.capture.start import CaptureStart
from app.ui.items_model import ItemId
from app.ui.main_window import MainWindow
from tests.exports import exported

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "capture"
NEWS = FIXTURES / "news_en.txt"
SEED = Path(__file__).resolve().parents[3] / "shared" / "seed" / "000_fe1ac1507f0ed30d.txt"
LOAD_MS = 20_000
TITLE = "Lavrov and Rubio agree to keep talking after Geneva round"
Check = Qt.CheckState


@pytest.fixture
def window(open_window: Callable[[Path], MainWindow], sample_path: Path) -> MainWindow:
    return open_window(sample_path)


def _start(qtbot: QtBot, window: MainWindow) -> CaptureStart:
    """File → Capture article… (Ctrl+Shift+O)."""
    file_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&File")
    entry = next(a for a in file_menu.actions() if a.text() == "&Capture article…")
    assert entry.shortcut().toString() == "Ctrl+Shift+O"
    entry.trigger()
    capturing = window.files.capturing
    assert capturing is not None
    assert capturing.start_dialog is not None
    return capturing.start_dialog


def _review(qtbot: QtBot, window: MainWindow, path: Path | str) -> ReviewDialog:
    """The review of a file's drafts, or of pasted text's."""
    start = _start(qtbot, window)
    if isinstance(path, Path):
        start.set_path(path)
    else:
        start.set_text(path)
    capturing = window.files.capturing
    assert capturing is not None
    earlier = capturing.review
    qtbot.mouseClick(start.find_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: capturing.review not in (None, earlier), timeout=LOAD_MS)
    assert capturing.review is not None
    return capturing.review


def _refused(qtbot: QtBot, start: CaptureStart) -> str:
    """What the start dialog says once it has tried."""
    qtbot.mouseClick(start.find_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: start.problem.isVisible() and start.find_button.isEnabled(),
                    timeout=LOAD_MS)  # fmt: skip
    return start.problem.text()


def _cells(review: ReviewDialog, kind: str, column: int) -> list[str]:
    model = review.statements if kind == "statement" else review.events
    return [str(model.data(model.index(row, column))) for row in range(model.rowCount())]


def _marked(review: ReviewDialog, *, chosen: bool | None = None) -> list[str]:
    """The article's words marked (only those in the chosen colour, or not in it)."""
    colours = {review.article.mark_colour(k, chosen=True).name() for k in ("statement", "event")}
    return [
        s.cursor.selectedText()
        for s in review.article.extraSelections()
        if chosen is None or (s.format.background().color().name() in colours) == chosen
    ]


def _action(window: MainWindow, name: str) -> QAction:
    action = window.findChild(QAction, name)
    assert action is not None, name
    return action


def _search(qtbot: QtBot, window: MainWindow, words: str) -> list[str]:
    with qtbot.waitSignal(window.filterApplied, timeout=LOAD_MS):
        window.search_box.setText(words)
        window.filter_panel.flush()
        window.view.flush()
    model = window.items_model
    return [str(model.data(model.index(r, 0), ItemId)) for r in range(model.rowCount())]


def _add(qtbot: QtBot, window: MainWindow, review: ReviewDialog) -> None:
    """Add, and wait until the window has read the database again; the review closes."""
    with qtbot.waitSignal(window.timeline_pane.loaded, timeout=LOAD_MS):
        qtbot.mouseClick(review.add_button, Qt.MouseButton.LeftButton)
    capturing = window.files.capturing
    assert capturing is not None
    qtbot.waitUntil(lambda: capturing.review is None)


def test_the_kept_drafts_land_everywhere_with_their_article_and_one_undo_takes_them_back(
    qtbot: QtBot, window: MainWindow
) -> None:
    db = window.session.db
    before = exported(db)
    text = read_article(NEWS).text
    review = _review(qtbot, window, NEWS)
    assert _cells(review, "statement", 0) == [
        "Sergei Lavrov", "Marco Rubio", "Anna Kowalski  (new)", "Officials  (new)",
        "Dmitry Peskov", "Dmitry Peskov", "A senior Western diplomat  (new)",
    ]  # fmt: skip
    assert _cells(review, "event", 2) == [
        "Sergei Lavrov, United States, Marco Rubio",
        "Sergei Lavrov, Marco Rubio",
    ]
    for reviewed in review.review.statements:  # every draft's words are marked in the article
        draft = reviewed.draft
        for start, end in draft.parts or ((draft.start, draft.end),):
            assert text[start:end] in _marked(review)
    review.choose("statement", 2)
    assert _marked(review, chosen=True) == [text[445:477], text[540:582]]
    assert text[445:477] == "There is still a long way to go,"

    editor = review.editor.statement
    assert editor.speaker.text() == "Anna Kowalski"
    editor.date.line.clear()
    qtbot.keyClicks(editor.date.line, "19 Nov 2025")
    qtbot.keyClick(editor.date.line, Qt.Key.Key_Return)
    assert _cells(review, "statement", 2)[2] == "19 Nov 2025"
    review.choose("statement", 3)  # "Officials said…": left out with the button
    qtbot.mouseClick(review.leave_out, Qt.MouseButton.LeftButton)
    paraphrase = review.review.statements[4].draft.text
    review.choose("statement", 4)  # Peskov's paraphrase: left out with Space in the list
    qtbot.keyClick(review.tables["statement"], Qt.Key.Key_Space)
    review.choose("event", 1)
    qtbot.mouseClick(review.leave_out, Qt.MouseButton.LeftButton)
    assert review.tabs.tabText(0) == "Statements (5 of 7 kept)"
    assert review.tabs.tabText(1) == "Events (1 of 2 kept)"
    assert review.add_button.text() == "Add 6 items"
    assert exported(db) == before  # nothing is written before Add

    _add(qtbot, window, review)
    assert window.count_label.text() == "52 of 52 items"
    assert len(window.timeline.scene.columns) == 52
    found = _search(qtbot, window, "channel is open")
    assert len(found) == 1
    said = read_state(db, [("item", found[0])]).record("item", found[0])
    assert isinstance(said, Statement)
    assert str(said.date.iso()) == "2025-11-19"
    source = read_state(db, [("source", said.sources[0])]).record("source", said.sources[0])
    assert isinstance(source, Source)
    assert (source.title, source.archived_text) == (TITLE, text)
    window.show_item(found[0])
    assert TITLE in window.detail_panel.plain_text()
    assert _search(qtbot, window, "follow-up meeting Vienna") == []
    assert paraphrase not in [s["text"] for s in json.loads(exported(db))["statements"]]
    assert _search(qtbot, window, "agenda telephone") == []  # the call left out
    _search(qtbot, window, "")

    undo = _action(window, "actionUndo")
    assert undo.text() == f"&Undo Capture 6 items from {TITLE}"
    with qtbot.waitSignal(window.timeline_pane.loaded, timeout=LOAD_MS):
        undo.trigger()
    assert exported(db) == before
    assert window.count_label.text() == "46 of 46 items"


def test_capturing_again_proposes_only_what_was_not_added_and_says_how_much_was(
    qtbot: QtBot, window: MainWindow
) -> None:
    review = _review(qtbot, window, NEWS)
    review.statements.setData(review.statements.index(0, 0), Check.Unchecked,
                              Qt.ItemDataRole.CheckStateRole)  # fmt: skip
    _add(qtbot, window, review)
    again = _review(qtbot, window, NEWS)
    assert _cells(again, "statement", 0) == ["Sergei Lavrov"]
    assert _cells(again, "event", 0) == []
    assert (
        "6 statements were captured from this article before and are not proposed again."
        in again.banner.text()
    )
    _add(qtbot, window, again)
    start = _start(qtbot, window)
    start.set_path(NEWS)
    assert _refused(qtbot, start) == (
        "7 statements were captured from news_en.txt before, and it holds nothing new: "
        "nothing was added."
    )


@pytest.mark.parametrize(
    ("name", "content", "said"),
    [
        ("empty.txt", b"", "empty.txt cannot be captured: the file is empty"),
        ("photo.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8,
         "photo.txt cannot be captured: this is a binary file, not an article"),
        ("menu.html", b"<!doctype html><html><head><script>alert(1)</script></head><body><nav>"
         b"<a href='/'>Home</a></nav></body></html>",
         "menu.html cannot be captured: this web page holds no article text to capture"),
        ("unbalanced.txt", "Talks stall\n“We will not sign anything today, the envoy said and "
         "left.\nThe minister said “this is not the end of it.\n".encode(),
         "No quoted or reported statement and no dated event were found in unbalanced.txt"),
    ],
    ids=["empty", "binary", "page without article", "unbalanced quotes"],
)  # fmt: skip
def test_input_without_an_article_is_said_in_the_dialog_and_nothing_is_written(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, name: str, content: bytes, said: str
) -> None:
    before = exported(window.session.db)
    path = tmp_path / name
    path.write_bytes(content)
    start = _start(qtbot, window)
    start.set_path(path)
    assert _refused(qtbot, start).startswith(said)
    assert start.isVisible()
    assert exported(window.session.db) == before


def test_markup_in_an_article_is_shown_as_text_and_nothing_of_a_page_runs(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    path = tmp_path / "oslo.txt"
    path.write_text(
        "Envoys meet in Oslo\nOSLO, March 3, 2025\n<script>alert('hi')</script> "
        '<img src="http://example.org/pixel.png">\n“We are <b>ready</b> to talk about '
        "everything on the table,” said Ivan Petrov, the envoy.\n",
        encoding="utf-8",
    )
    review = _review(qtbot, window, path)
    assert _cells(review, "statement", 3) == [
        "We are <b>ready</b> to talk about everything on the table,"
    ]
    shown = review.article.toPlainText()
    assert "<script>alert('hi')</script>" in shown
    assert '<img src="http://' in shown
    assert "<b>ready</b>" in _marked(review)[0]
    review.close()
    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><title>Envoys meet in Oslo</title><script>alert('page')</script></head>"
        "<body><article><h1>Envoys meet in Oslo</h1><p>“We are ready to talk about everything "
        "on the table,” said Ivan Petrov, the envoy, on March 3, 2025.</p><img "
        "src='http://example.org/pixel.png'><p>The talks will go on for three more days, "
        "officials in Oslo said on Monday evening after the first round.</p></article></body>"
        "</html>",
        encoding="utf-8",
    )
    review = _review(qtbot, window, page)
    assert "alert" not in review.article.toPlainText()
    assert "pixel.png" not in review.article.toPlainText()
    assert _cells(review, "statement", 0)[0] == "Ivan Petrov  (new)"


def test_pasted_text_without_a_date_asks_for_it_on_the_draft_and_a_bad_one_is_named(
    qtbot: QtBot, window: MainWindow
) -> None:
    db = window.session.db
    before = exported(db)
    review = _review(qtbot, window, (FIXTURES / "split_and_paragraphs.md").read_text("utf-8"))
    assert _cells(review, "statement", 2) == ["no date"] * 3
    assert review.windowTitle() == "Review the capture — Envoys trade warnings over ceasefire"

    qtbot.mouseClick(review.merge_button, Qt.MouseButton.LeftButton)  # Petrov's two as one
    assert _cells(review, "statement", 0) == ["Ivan Petrov  (new)", "Helga Brandt  (new)"]
    assert "Our conditions" in _cells(review, "statement", 3)[0]
    qtbot.mouseClick(review.add_button, Qt.MouseButton.LeftButton)
    assert review.problem.text() == (
        "Statement 1 (Ivan Petrov): The article gives no date for it: type the day it was said."
    )
    editor = review.editor.statement
    assert editor.messages["Date"].text() == "The article gives no date for it: type the day."
    qtbot.keyClicks(editor.date.line, "Marhc 2025")
    qtbot.keyClick(editor.date.line, Qt.Key.Key_Return)
    assert editor.messages["Date"].text().startswith("'Marhc 2025' is not a date I can read")
    qtbot.mouseClick(review.add_button, Qt.MouseButton.LeftButton)
    assert review.problem.text().startswith(
        "Statement 1 (Ivan Petrov): 'Marhc 2025' is not a date I can read"
    )
    assert review.isVisible()
    assert editor.date.line.text() == "Marhc 2025"  # kept, to be mended
    assert exported(db) == before

    editor.date.line.clear()
    qtbot.keyClicks(editor.date.line, "March 2025")
    qtbot.keyClick(editor.date.line, Qt.Key.Key_Return)
    review.choose("statement", 1)
    qtbot.mouseClick(review.leave_out, Qt.MouseButton.LeftButton)
    _add(qtbot, window, review)
    found = _search(qtbot, window, "ceasefire holding")
    said = read_state(db, [("item", found[0])]).record("item", found[0])
    assert isinstance(said, Statement)
    assert said.date.iso() == "2025-03"
    assert _search(qtbot, window, "Ziel") == []


@pytest.mark.skipif(not SEED.exists(), reason="the seed article lives in ../shared beside a clone")
def test_the_seed_article_is_reviewed_with_each_chosen_draft_marked_and_in_view(
    qtbot: QtBot, window: MainWindow
) -> None:
    review = _review(qtbot, window, SEED)
    text = read_article(SEED).text
    speakers = _cells(review, "statement", 0)
    assert len(speakers) >= 18
    assert {"Maria Zakharova", "Dmitry Peskov", "Fu Cong", "Hamas"} <= set(speakers)
    view = review.article
    for row in (len(speakers) - 1, 0, len(speakers) // 2):
        review.choose("statement", row)
        draft = review.review.statements[row].draft
        first = (draft.parts or ((draft.start, draft.end),))[0]
        assert _marked(review, chosen=True)[0] == text[first[0] : first[1]].replace("\n", "\u2029")
        cursor = view.textCursor()
        assert view.viewport().rect().contains(view.cursorRect(cursor))  # scrolled into view


def test_the_draft_lists_are_sound_models(
    qtbot: QtBot, window: MainWindow, qtmodeltester: object
) -> None:
    review = _review(qtbot, window, NEWS)
    qtmodeltester.check(review.statements)  # type: ignore[attr-defined]
    qtmodeltester.check(review.events)  # type: ignore[attr-defined]


def test_closing_the_review_asks_before_losing_corrections_and_not_otherwise(
    qtbot: QtBot, window: MainWindow
) -> None:
    text = (FIXTURES / "split_and_paragraphs.md").read_text("utf-8")
    untouched = _review(qtbot, window, text)
    asked: list[bool] = []
    untouched.confirm_discard = lambda: asked.append(True) or True
    qtbot.keyClick(untouched, Qt.Key.Key_Escape)
    assert asked == []  # nothing corrected: it closes at once
    assert not untouched.isVisible()

    review = _review(qtbot, window, text)
    qtbot.mouseClick(review.merge_button, Qt.MouseButton.LeftButton)
    answers = [False, True]
    review.confirm_discard = lambda: answers.pop(0)
    qtbot.keyClick(review, Qt.Key.Key_Escape)
    assert review.isVisible()  # "Cancel": the merge is still there to add
    assert "Our conditions" in _cells(review, "statement", 3)[0]
    review.close()
    assert not review.isVisible()
    assert answers == []
