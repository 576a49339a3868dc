"""The side panel: one statement or event in full, with its speaker, tracks, actors, tags, the
analyst's own note (set apart from the record's words) and every source. Everything in it is
the user's data shown as text: it is escaped into the page, and the page can load nothing,
local or remote; a link leaves the app only for http, https or mailto."""

from __future__ import annotations

import html
from collections.abc import Callable
from urllib.parse import quote, unquote

from PySide6.QtCore import QUrl, Signal, SignalInstance
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QPlainTextEdit,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.core.dates import DateSpan
from app.core.model import Actor, Event, Source, Statement, Track
from app.core.sources import citation, openable_address
from app.drawing.theme import LIGHT, Theme
from app.store.details import ItemDetail
from app.ui.highlight import highlighted, search_terms

INTERNAL = "backchannel"
ATTRIBUTION = {
    "direct": "Direct quotation",
    "paraphrase": "Paraphrase",
    "anonymous": "Anonymous source",
}
PLACEHOLDER = "Select an item on the timeline or in the list to read it here."


class _InertBrowser(QTextBrowser):
    """A text browser that fetches nothing: no images, no style sheets, no files."""

    def loadResource(self, kind: int, name: QUrl | str) -> object:
        return None


class DetailPanel(QWidget):
    """Emits `itemChosen(id)` for a statement or event link, `actorChosen(id)`,
    `trackChosen(id)` and `tagChosen(tag)` for a chip, `status(text)` for a short message, and
    `editRequested(id)` or `historyRequested(id)` for its buttons."""

    itemChosen = Signal(str)
    actorChosen = Signal(str)
    trackChosen = Signal(str)
    tagChosen = Signal(str)
    status = Signal(str)
    editRequested = Signal(str)
    historyRequested = Signal(str)

    def __init__(self, theme: Theme = LIGHT, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("detailPanel")
        self.setAccessibleName("Item details")
        self.browser = _InertBrowser(self)
        self.browser.setObjectName("detailText")
        self.browser.setAccessibleName("Statement or event in full")
        self.browser.setOpenLinks(False)
        self.browser.setOpenExternalLinks(False)
        self.browser.anchorClicked.connect(self._follow)
        self.edit_button = QPushButton("Edit…", self)
        self.edit_button.setObjectName("editButton")
        self.edit_button.setToolTip("Edit this item (F2)")
        self.history_button = QPushButton("History…", self)
        self.history_button.setObjectName("historyButton")
        self.history_button.setToolTip("Every change made to this item: when, what, old → new")
        self.edit_button.clicked.connect(lambda: self._request(self.editRequested))
        self.history_button.clicked.connect(lambda: self._request(self.historyRequested))
        buttons = QHBoxLayout()
        buttons.setContentsMargins(4, 4, 4, 0)
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.history_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(buttons)
        layout.addWidget(self.browser)
        self.open_url: Callable[[QUrl], object] = QDesktopServices.openUrl
        """How an allowed address is opened (the system browser); replaceable in tests."""
        self._theme = theme
        self._detail: ItemDetail | None = None
        self._search: tuple[str, bool] = ("", False)
        self._terms = search_terms("")
        self.show_detail(None)

    @property
    def detail(self) -> ItemDetail | None:
        return self._detail

    def set_search(self, text: str, advanced: bool = False) -> None:
        """Pick out these searched words in the item shown, and in those shown next."""
        if (text, advanced) != self._search:
            self._search = (text, advanced)
            self._terms = search_terms(text, advanced)
            self.show_detail(self._detail)

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme
        self.show_detail(self._detail)

    def show_detail(self, detail: ItemDetail | None) -> None:
        self._detail = detail
        self.edit_button.setEnabled(detail is not None)
        self.history_button.setEnabled(detail is not None)
        if detail is None:
            self.browser.setHtml(f"<p style='color:{self._theme.muted_text}'>{PLACEHOLDER}</p>")
            return
        self.browser.setHtml(self._page(detail))

    def _request(self, signal: SignalInstance) -> None:
        if self._detail is not None:
            signal.emit(self._detail.record.id)

    def plain_text(self) -> str:
        return self.browser.toPlainText()

    # The page. Every piece of data passes through `_e` (or `_link`) on its way in.

    def _page(self, d: ItemDetail) -> str:
        t = self._theme
        head = (
            f"<style>a {{ color: {t.overview_window}; text-decoration: none; }}"
            f" .muted {{ color: {t.muted_text}; }} h2 {{ margin-bottom: 2px; }}"
            f" blockquote {{ margin: 8px 0 8px 0; }}"
            f" table.note {{ background-color: {t.lane_label_background}; }}</style>"
        )
        body = self._statement(d) if isinstance(d.record, Statement) else self._event(d)
        return f"<html><head>{head}</head><body style='color:{t.text}'>{body}</body></html>"

    def _statement(self, d: ItemDetail) -> str:
        s = d.record
        assert isinstance(s, Statement)
        speaker = d.actors[0] if d.actors else None
        out = [f"<h2>{self._h(speaker.name if speaker else s.speaker)}</h2>"]
        if speaker is not None:
            about = " · ".join(_e(x) for x in (speaker.role, speaker.affiliation) if x)
            if about:
                out.append(f"<div class='muted'>{about}</div>")
        when = DateSpan(s.date).display()
        how = ATTRIBUTION.get(s.attribution, s.attribution)
        language = f" · {_e(s.language)}" if s.language else ""
        out.append(f"<p class='muted'>{_e(when)} · {_e(how)}{language}</p>")
        paragraphs = "".join(f"<p>{self._h(p)}</p>" for p in s.text.split("\n") if p.strip())
        out.append(f"<blockquote>{paragraphs}</blockquote>")
        if d.event is not None:
            out.append(
                f"<p><b>At</b> {_link('item', d.event.id, d.event.title)} "
                f"<span class='muted'>({_e(d.event.when.display())})</span></p>"
            )
        out.append(self._chips(d.tracks, d.actors, s.tags))
        out.append(_note(s.note))
        out.append(self._sources(d.sources))
        return "".join(out)

    def _event(self, d: ItemDetail) -> str:
        e = d.record
        assert isinstance(e, Event)
        out = [f"<h2>{self._h(e.title)}</h2>"]
        facts = [e.kind.capitalize(), e.when.display()]
        if e.place:
            facts.append(e.place)
        out.append(f"<p class='muted'>{' · '.join(_e(f) for f in facts)}</p>")
        if e.summary:
            out.append("".join(f"<p>{self._h(p)}</p>" for p in e.summary.split("\n") if p.strip()))
        if e.tally is not None:
            out.append(
                f"<p><b>Vote:</b> {e.tally.in_favour} in favour, {e.tally.against} against, "
                f"{e.tally.abstaining} abstaining</p>"
            )
        if d.statements:
            out.append("<h3>Statements</h3><ul>")
            for m in d.statements:
                words = m.text if len(m.text) <= 140 else m.text[:139].rstrip() + "…"
                out.append(
                    f"<li>{_link('item', m.id, m.speaker)} "
                    f"<span class='muted'>{_e(m.when)}</span><br>{_e(words)}</li>"
                )
            out.append("</ul>")
        out.append(self._chips(d.tracks, d.actors, e.tags))
        out.append(_note(e.note))
        out.append(self._sources(d.sources))
        return "".join(out)

    def _h(self, text: str) -> str:
        """The record's own words, escaped, with the searched words picked out."""
        hit = f"background-color: {self._theme.selection}; color: {LIGHT.text}"
        return highlighted(text, self._terms, hit)

    def _chips(
        self, tracks: tuple[Track, ...], actors: tuple[Actor, ...], tags: tuple[str, ...]
    ) -> str:
        out = []
        if tracks:
            chips = " &nbsp; ".join(
                f"<span style='color:{_color(t.color, self._theme)}'>■</span>&nbsp;"
                f"{_link('track', t.id, t.name)}"
                for t in tracks
            )
            out.append(f"<p><b>Tracks</b><br>{chips}</p>")
        if actors:
            chips = " &nbsp;·&nbsp; ".join(_link("actor", a.id, a.name) for a in actors)
            out.append(f"<p><b>Actors</b><br>{chips}</p>")
        if tags:
            chips = " &nbsp;·&nbsp; ".join(_link("tag", tag, tag) for tag in tags)
            out.append(f"<p><b>Tags</b><br>{chips}</p>")
        return "".join(out)

    def _sources(self, sources: tuple[Source, ...]) -> str:
        if not sources:
            return "<p class='muted'>No source recorded.</p>"
        out = ["<h3>Sources</h3><ol>"]
        for n, s in enumerate(sources):
            title = s.title or s.url or s.id
            lines = [f"<b>{_e(title)}</b>"]
            about = [x for x in (s.publisher, s.author) if x]
            if s.published:
                about.append(DateSpan(s.published).display())
            if about:
                lines.append(f"<span class='muted'>{' · '.join(_e(x) for x in about)}</span>")
            if s.url:
                lines.append(f"<span class='muted'>{_e(s.url)}</span>")
            actions = []
            if openable_address(s.url):
                actions.append(_link("open", str(n), "Open"))
            actions.append(_link("copy", str(n), "Copy citation"))
            if s.archived_text:
                actions.append(_link("offline", str(n), "Offline copy"))
            lines.append(" &nbsp;·&nbsp; ".join(actions))
            out.append(f"<li>{'<br>'.join(lines)}</li>")
        out.append("</ol>")
        return "".join(out)

    # Links

    def _follow(self, url: QUrl) -> None:
        if url.scheme() != INTERNAL:
            return  # nothing else is ever written into the page
        kind, _, value = url.path().partition("/")
        value = unquote(value)
        if kind == "item":
            self.itemChosen.emit(value)
        elif kind == "actor":
            self.actorChosen.emit(value)
        elif kind == "track":
            self.trackChosen.emit(value)
        elif kind == "tag":
            self.tagChosen.emit(value)
        elif kind in ("open", "copy", "offline") and self._detail is not None:
            source = self._detail.sources[int(value)]
            {
                "open": self.open_source,
                "copy": self.copy_citation,
                "offline": self.show_offline_copy,
            }[kind](source)

    def open_source(self, source: Source) -> bool:
        """Hand the address to the system browser, if it is one that may be opened: a mail
        address with only its address, subject and body (no attachment, no copies)."""
        address = openable_address(source.url)
        if address is None:
            self.status.emit(f"Not opened: “{source.url or ''}” is not a web or mail address")
            return False
        self.open_url(QUrl(address))
        return True

    def copy_citation(self, source: Source) -> None:
        QGuiApplication.clipboard().setText(citation(source))
        self.status.emit("Citation copied")

    def show_offline_copy(self, source: Source) -> None:
        dialog = QDialog(self)
        dialog.setWindowTitle(f"Offline copy — {source.title or source.id}")
        text = QPlainTextEdit(source.archived_text or "", dialog)
        text.setReadOnly(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, dialog)
        buttons.rejected.connect(dialog.reject)
        layout = QVBoxLayout(dialog)
        layout.addWidget(text)
        layout.addWidget(buttons)
        dialog.resize(640, 480)
        dialog.open()


def _note(note: str | None) -> str:
    """The analyst's note under its own heading, on a tinted ground, so it is never read as
    the source's words."""
    if not note:
        return ""
    paragraphs = "".join(f"<p>{_e(p)}</p>" for p in note.split("\n") if p.strip())
    return (
        "<h3>Your note</h3><table class='note' width='100%' cellpadding='6' cellspacing='0'>"
        f"<tr><td>{paragraphs}</td></tr></table>"
    )


def _e(text: str | None) -> str:
    return html.escape(text or "", quote=True)


def _link(kind: str, value: str, text: str) -> str:
    return f"<a href='{INTERNAL}:{kind}/{quote(value, safe='')}'>{_e(text)}</a>"


def _color(value: str | None, theme: Theme) -> str:
    """A track's colour as the timeline draws it, as #rrggbb; only a plain #rgb or #rrggbb
    is read from the data, so the data never writes CSS."""
    plain = (
        value
        and len(value) in (4, 7)
        and value.startswith("#")
        and all(c in "0123456789abcdefABCDEF" for c in value[1:])
    )
    return theme.track_color(value if plain else None).name()
