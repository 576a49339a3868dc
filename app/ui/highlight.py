"""The searched words picked out in text shown as HTML: the text is escaped piece by piece
and only whole words that the search would match are wrapped, case and accents ignored as
the search ignores them, so markup in the data stays literal text."""

from __future__ import annotations

import html
import re

from app.core.query import read_words
from app.core.spelling import spelling_key
from app.store.queries import MIN_PREFIX
from app.store.records import fold

_WORD = re.compile(r"\w+")
_QUERY_TERM = re.compile(r"(\w+)(\*?)(:?)")
_OPERATORS = frozenset({"AND", "OR", "NOT", "NEAR"})


def search_terms(text: str, advanced: bool = False) -> tuple[frozenset[str], tuple[str, ...]]:
    """The words a search looks for, folded: whole words, and prefixes (`word*` in the
    advanced syntax). A field name (`speaker:`), the operators and the words a plain search
    leaves out (`-Dmitriev`) are not looked for."""
    words: set[str] = set()
    prefixes: list[str] = []
    if not advanced:  # not the OR between words, nor the words left out
        text = " ".join(word for group in read_words(text).groups for word in group)
    for term, star, colon in _QUERY_TERM.findall(text):
        if colon or (advanced and term in _OPERATORS):
            continue
        if star and (advanced or len(fold(term)) >= MIN_PREFIX):
            prefixes.append(fold(term))
        else:
            words.add(fold(term))
    return frozenset(words), tuple(prefixes)


def highlighted(text: str, terms: tuple[frozenset[str], tuple[str, ...]], style: str) -> str:
    """`text` as escaped HTML with each matching word in a `<span style=…>`: a searched word,
    or one spelt otherwise that the search also finds (`Песков` for `Peskov`, see
    `core.spelling`)."""
    words, prefixes = terms
    if not words and not prefixes:
        return html.escape(text, quote=True)
    keys = {k for k in map(spelling_key, words) if k}
    out: list[str] = []
    at = 0
    for found in _WORD.finditer(text):
        folded = fold(found.group())
        if folded in words or folded.startswith(prefixes) or spelling_key(folded) in keys:
            out.append(html.escape(text[at : found.start()], quote=True))
            out.append(f"<span style='{style}'>{html.escape(found.group(), quote=True)}</span>")
            at = found.end()
    out.append(html.escape(text[at:], quote=True))
    return "".join(out)
