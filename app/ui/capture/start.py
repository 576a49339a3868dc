"""File → Capture article…: choose an article (text, Markdown, a saved web page) or paste
its text, and find its drafts on a worker thread, with progress and Cancel, the window
live meanwhile. Input that holds no article is said here, naming the file, and nothing
is written; the drafts go on to the review."""

from __future__ import annotations

import traceback
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.core.dates import DateError, PartialDate, parse_partial
from app.core.progress import Cancelled, Progress, Stopped
from app.formats.article import (
    Article,
    ArticleError,
    article_from_html,
    article_from_text,
    looks_like_page,
    read_article,
)
from app.formats.problems import unexpected
from app.services.capture.accepting import capture
from app.services.capture.drafts import Drafts
from app.services.editing import FieldError, check_address
from app.store import StoreError, open_database
from app.ui import settings as s
from app.ui.jobs import Job, run_with_progress
from app.ui.marks import PROBLEM_COLOUR

ARTICLE_FILES = "Articles (*.txt *.md *.markdown *.html *.htm *.xhtml);;All files (*)"
PASTED = "the pasted text"
_Reader = Callable[[], Article]
TITLE_WORDS = 8
"""Words of pasted text that name it when it has no title: its source is told apart by it."""


class CaptureStart(QDialog):
    """`drafted(article, drafts)` once drafts were found; the dialog then closes."""

    drafted = Signal(object, object)

    def __init__(self, db_path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("captureStart")
        self.setWindowTitle("Capture an article")
        self.resize(620, 460)
        self._db_path = db_path
        self.job: Job | None = None
        self.tabs = QTabWidget(self)
        self.path = QLineEdit(self)
        self.path.setObjectName("capturePath")
        self.path.setAccessibleName("Article file")
        self.path.setPlaceholderText("A .txt, .md or saved .html article")
        self.choose = QPushButton("Choose…", self)
        self.choose.clicked.connect(self.choose_file)
        self.pasted = QPlainTextEdit(self)
        self.pasted.setObjectName("capturePasted")
        self.pasted.setAccessibleName("Article text")
        self.pasted.setPlaceholderText("Paste the article's text here (Ctrl+V)")
        self.title = QLineEdit(self)
        self.title.setPlaceholderText("optional: the article's title")
        self.address = QLineEdit(self)
        self.address.setPlaceholderText("optional: where it was published (https://…)")
        self.date = QLineEdit(self)
        self.date.setObjectName("captureArticleDate")
        self.date.setPlaceholderText("optional, if the article gives none: 18 Nov 2025")
        self.problem = QLabel(self)
        self.problem.setObjectName("captureStartProblem")
        self.problem.setWordWrap(True)
        self.problem.setTextFormat(Qt.TextFormat.PlainText)
        self.problem.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.problem.setStyleSheet(f"color: {PROBLEM_COLOUR};")
        self.problem.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.find_button = self.buttons.addButton(
            "Find drafts", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.find_button.setDefault(True)
        self.buttons.accepted.connect(self.start)
        self.buttons.rejected.connect(self.reject)
        self._lay_out()

    def _lay_out(self) -> None:
        from_file = QWidget(self)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(self.choose)
        file_layout = QVBoxLayout(from_file)
        file_layout.addLayout(row)
        hint = QLabel(
            "Plain text or Markdown (UTF-8 or UTF-16), or a web page saved from a browser: "
            "its article is read from the file alone; nothing is fetched, nothing in it runs.",
            from_file,
        )
        hint.setWordWrap(True)
        hint.setEnabled(False)
        file_layout.addWidget(hint)
        file_layout.addStretch(1)
        pasted = QWidget(self)
        paste_layout = QVBoxLayout(pasted)
        paste_layout.addWidget(self.pasted, 1)
        about = QFormLayout()
        about.addRow("Title", self.title)
        about.addRow("Address", self.address)
        paste_layout.addLayout(about)
        self.tabs.addTab(from_file, "From a file")
        self.tabs.addTab(pasted, "Pasted text")
        form = QFormLayout()
        form.addRow("Article's date", self.date)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)

    def choose_file(self) -> None:
        settings = s.settings()
        folder = s.CAPTURE_FOLDER.read(settings) or str(Path.home())
        path, _ = QFileDialog.getOpenFileName(self, "Capture an article", folder, ARTICLE_FILES)
        if path:
            s.CAPTURE_FOLDER.write(settings, str(Path(path).parent))
            self.path.setText(path)
            self.tabs.setCurrentIndex(0)
            self.start()

    def set_path(self, path: Path) -> None:
        self.tabs.setCurrentIndex(0)
        self.path.setText(str(path))

    def set_text(self, text: str) -> None:
        self.tabs.setCurrentIndex(1)
        self.pasted.setPlainText(text)

    def start(self) -> None:
        """Read and draft on a worker thread; a new start drops one still running."""
        try:
            date = _date(self.date.text())
            read = self._reader()
        except FieldError as error:
            self.say(str(error))
            return
        if self.job is not None:
            self.job.cancel()
        db_path = self._db_path

        def work(_progress: Progress, cancelled: Cancelled) -> tuple[Article, Drafts]:
            article = read()
            if cancelled():
                raise Stopped("Stopped: nothing was captured.")
            db = open_database(db_path)
            try:
                return article, capture(db, article, date)
            finally:
                db.close()

        self.say("")
        self.find_button.setEnabled(False)
        job = run_with_progress(
            self, "Finding statements and events…", work,
            lambda result: self._found(job, result), lambda error: self._failed(job, error),
        )  # fmt: skip
        self.job = job
        job.property("dialog").canceled.connect(lambda: self._stopped(job))

    def _reader(self) -> _Reader:
        """What reads the article the user gave, once they gave one."""
        if self.tabs.currentIndex() == 0:
            typed = self.path.text().strip()
            if not typed:
                raise FieldError("File", "Choose an article's file, or paste its text.")
            path = Path(typed).expanduser()
            return lambda: read_article(path)
        text = self.pasted.toPlainText()
        if not text.strip():
            raise FieldError("Text", "Paste the article's text first, or choose its file.")
        address = self.address.text().strip() or None
        if address:
            check_address(address, "Address")
        title = " ".join(self.title.text().split()) or None
        return lambda: _pasted(text, title, address)

    def _found(self, job: Job, result: tuple[Article, Drafts]) -> None:
        if job is not self.job or job.cancelled:
            return
        self.job = None
        self.find_button.setEnabled(True)
        article, drafts = result
        if not drafts.statements and not drafts.events:
            self.say(_nothing_new(article, drafts))
            return
        self.drafted.emit(article, drafts)
        self.accept()

    def _failed(self, job: Job, error: Exception) -> None:
        if job is not self.job or job.cancelled:
            return
        self.job = None
        self.find_button.setEnabled(True)
        self.say(reason(error))

    def _stopped(self, job: Job) -> None:
        if job is self.job:
            self.job = None
            self.find_button.setEnabled(True)
            self.say("Stopped: nothing was captured.")

    def say(self, message: str) -> None:
        self.problem.setText(message)
        self.problem.setVisible(bool(message))


def _pasted(text: str, title: str | None, address: str | None) -> Article:
    """Pasted words as an article: a page's markup read as a page; its title as given, or
    else its own first line, or else its first words (so two pasted articles are two
    sources)."""
    if looks_like_page(text):
        article = article_from_html(text, name=PASTED)
    else:
        article = article_from_text(text, name=PASTED)
    words = " ".join(article.text.split()[:TITLE_WORDS])
    named = title or article.title or f"Pasted text: “{words}…”"
    return replace(article, title=named, url=address or article.url)


def _date(typed: str) -> PartialDate | None:
    if not typed.strip():
        return None
    try:
        return parse_partial(typed)
    except DateError as error:
        raise FieldError(
            "Date", f"The article's date “{typed.strip()}” is not a date: {error}"
        ) from None


def _nothing_new(article: Article, drafts: Drafts) -> str:
    name = Path(article.name).name if article.name != PASTED else PASTED
    if drafts.already_captured:
        n = drafts.already_captured
        return (
            f"{n} statement{'s were' if n != 1 else ' was'} captured from {name} before, and "
            "it holds nothing new: nothing was added."
        )
    return (
        f"No quoted or reported statement and no dated event were found in {name}: "
        "nothing was added."
    )


def reason(error: BaseException) -> str:
    """What to tell the user of an article that could not be captured."""
    if isinstance(error, ArticleError):
        if error.source in (PASTED, "the page", "the text"):
            return f"The pasted text cannot be captured: {error.reason}."
        return f"{Path(error.source).name} cannot be captured: {error.reason}."
    if isinstance(error, OSError):
        return f"{error.filename or 'The file'}: {error.strerror or error}"
    if isinstance(error, StoreError | Stopped | ValueError):
        return str(error)
    traceback.print_exception(error)
    return unexpected(error)
