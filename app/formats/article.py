"""An article to capture, read from a file or given as text: its words and what is known of it.

The text is what later offsets index into: for a text or Markdown file, the decoded file
with any byte-order mark removed and its line endings untouched; for a saved web page, the
article body that trafilatura extracts (with htmldate for the publication date). Both work
on the local string only: nothing is fetched, and nothing from the page is executed.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

from app.core.dates import DateError, PartialDate, parse_partial
from app.core.sources import web_address
from app.formats.problems import FormatError

MAX_ARTICLE_CHARS = 2_000_000
"""A long report is a few hundred thousand characters; beyond this it is no article (and
drafting it would keep the user waiting for minutes)."""
MAX_ARTICLE_BYTES = 16 * 2**20
"""Bytes read at most: UTF-16 takes two a character, a saved page's markup several."""
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".mhtml"})
_LOOKS_LIKE_PAGE = re.compile(
    r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!doctype\s+html|<html|<head|<body)", re.IGNORECASE
)
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f]")
_BINARY_SHARE = 0.01
_BINARY = "this is a binary file, not an article; save it as text first"
MIN_ARTICLE_WORDS = 5


class ArticleError(FormatError):
    """An article that cannot be read; the message names the file and says why."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(source, [reason])
        self.source = source
        self.reason = reason


@dataclass(frozen=True, slots=True)
class Article:
    """The words of an article and its metadata, each None where nothing says it."""

    text: str
    title: str | None = None
    url: str | None = None
    publisher: str | None = None
    author: str | None = None
    published: PartialDate | None = None
    from_html: bool = False
    name: str = "the text"
    """How messages name it: the file's name, or "the text" for pasted words."""
    links: tuple[tuple[str, str], ...] = ()
    """A saved page's links, (the words linked, the web address), in the page's order: the
    extracted text keeps the words but not where they pointed."""


def read_article(path: Path) -> Article:
    """The article in a text, Markdown or HTML file; an `ArticleError` naming it if it is
    empty, binary, not UTF-8/UTF-16 text, too large, or a page without an article."""
    size = path.stat().st_size
    if size > MAX_ARTICLE_BYTES:
        raise ArticleError(
            str(path),
            f"the file is {size / 2**20:,.0f} MB; an article of more than "
            f"{MAX_ARTICLE_BYTES // 2**20} MB is not read (is it really one article?)",
        )
    data = path.read_bytes()
    text = decode(data, str(path))
    if path.suffix.lower() in HTML_SUFFIXES or looks_like_page(text):
        return article_from_html(text, name=str(path))
    return article_from_text(text, name=str(path))


def looks_like_page(text: str) -> bool:
    """Whether text opens as a web page's markup does (a saved or pasted page)."""
    return bool(_LOOKS_LIKE_PAGE.match(text[:2000]))


def decode(data: bytes, name: str) -> str:
    """UTF-8, UTF-16 or UTF-32 text, with or without a byte-order mark, the mark removed."""
    if not data.strip():
        raise ArticleError(name, "the file is empty: there is no article to capture")
    for mark, encoding in (
        (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):  # fmt: skip
        if data.startswith(mark):
            return _decoded(data, encoding, name)
    sample = data[:4096]
    if b"\x00" in sample:
        guess = _utf16_without_mark(sample)
        if guess is None:
            raise ArticleError(name, _BINARY)
        return _decoded(data, guess, name)
    return _decoded(data, "utf-8", name)


def _utf16_without_mark(sample: bytes) -> str | None:
    """UTF-16 saved without its mark: the zero bytes of Latin letters, digits and spaces
    all fall on one side of each pair (Cyrillic or CJK letters have none)."""
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    half = max(1, len(sample) // 2)
    if odd >= 0.2 * half and even == 0:
        return "utf-16-le"
    if even >= 0.2 * half and odd == 0:
        return "utf-16-be"
    return None


def _decoded(data: bytes, encoding: str, name: str) -> str:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        raise ArticleError(
            name,
            f"this is not UTF-8 or UTF-16 text (byte {error.start:,} cannot be read as "
            f"{encoding.upper().replace('-SIG', '')}); save the article as UTF-8 text first",
        ) from None
    controls = len(_CONTROL.findall(text[:100_000]))
    if "\x00" in text or controls > _BINARY_SHARE * min(len(text), 100_000):
        raise ArticleError(name, _BINARY)
    return text


def article_from_text(text: str, *, name: str = "the text") -> Article:
    """Plain text or Markdown as it is: its title and author if its first lines give them."""
    _check_length(text, name)
    if not text.strip():
        raise ArticleError(name, "there is no text: there is no article to capture")
    return Article(text, title=_first_title(text), author=_byline(text), name=name)


def article_from_html(page: str, *, name: str = "the page") -> Article:
    """The article body and metadata of a saved web page (trafilatura, on this string only)."""
    import trafilatura  # loaded only for pages: it takes a third of a second

    if len(page) > MAX_ARTICLE_BYTES:
        raise ArticleError(name, "the page is too large to be one article")
    try:
        found = trafilatura.bare_extraction(
            page, with_metadata=True, include_comments=False, include_links=False,
            include_tables=False, favor_precision=True,
        )  # fmt: skip
    except (ValueError, TypeError, LookupError) as error:  # lxml on broken markup
        raise ArticleError(name, f"this web page cannot be read ({error})") from None
    text = (getattr(found, "text", None) or "").strip() if found is not None else ""
    if len(text.split()) < MIN_ARTICLE_WORDS:  # a menu or a cookie notice is no article
        raise ArticleError(name, "this web page holds no article text to capture")
    _check_length(text, name)
    return Article(
        text,
        title=_clean(getattr(found, "title", None)),
        url=_clean(getattr(found, "url", None)),
        publisher=_clean(getattr(found, "sitename", None)),
        author=_clean(getattr(found, "author", None)),
        published=_date(getattr(found, "date", None)),
        from_html=True,
        name=name,
        links=page_links(page, _clean(getattr(found, "url", None))),
    )


MIN_LINK_WORDS_CHARS = 8
"""Linked words shorter than this ("here", "this") say too little to be found again in the
text."""


def page_links(page: str, base: str | None) -> tuple[tuple[str, str], ...]:
    """The page's web links with their words: relative addresses made whole against the
    page's own address when it gives one. The markup is parsed, nothing is fetched."""
    import lxml.html  # with trafilatura, for pages only

    try:
        tree = lxml.html.fromstring(page)
    except (ValueError, TypeError, LookupError, lxml.etree.ParserError):
        return ()
    found: list[tuple[str, str]] = []
    for anchor in tree.iter("a"):
        words = " ".join(anchor.text_content().split())
        href = (anchor.get("href") or "").strip()
        address = web_address(urljoin(base, href) if base else href)
        if address and len(words) >= MIN_LINK_WORDS_CHARS:
            found.append((words, address))
    return tuple(dict.fromkeys(found))


def _check_length(text: str, name: str) -> None:
    if len(text) > MAX_ARTICLE_CHARS:
        raise ArticleError(
            name,
            f"the text is {len(text):,} characters; an article of more than "
            f"{MAX_ARTICLE_CHARS:,} is not captured: split it into its articles",
        )


def _clean(value: object) -> str | None:
    text = " ".join(str(value).split()) if value else ""
    return text[:1000] or None


def _date(value: object) -> PartialDate | None:
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        return parse_partial(value.strip()[:10])
    except DateError:
        return None


_BYLINE = re.compile(r"^\s*(?:By|От|Автор:?)\s+([^\n,|]{3,80})", re.M)
_MARKDOWN_TITLE = re.compile(r"^\s{0,3}#{1,2}\s+(.{3,300}?)\s*#*\s*$")


def _first_title(text: str) -> str | None:
    """A Markdown heading, or a short first line that does not end like a sentence."""
    for line in text[:3000].splitlines()[:5]:
        heading = _MARKDOWN_TITLE.match(line)
        if heading:
            return heading[1].strip()
        words = line.split()
        ends_like_sentence = line.rstrip().endswith((".", ":", ";", ",", "”", '"'))
        if 3 <= len(words) <= 25 and not ends_like_sentence and not _BYLINE.match(line):
            return " ".join(words)
    return None


def _byline(text: str) -> str | None:
    head = "\n".join(text[:3000].splitlines()[:8])
    found = _BYLINE.search(head)
    return found[1].strip() if found else None
