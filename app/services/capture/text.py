"""The article cut into what capture reasons about: paragraphs, quotes and sentences, each a
span of offsets into the text as read (nothing is copied or normalised before offsets exist).

Quotes are found first, so that a full stop inside a quotation does not end the sentence it
stands in: "“We agree. We will act,” she said." is one sentence holding one quote.
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass

OPENERS = {"“": "”", "«": "»", "„": "“”", '"': '"', "»": "«", "‘‘": "’’"}
"""Each opening mark and the marks that may close it („ is closed by “ or ”; Danish and
some Russian typesetting open with »)."""
_REF = re.compile(r"\[\^?\d{1,3}\]")
_SENTENCE_END = re.compile(r"[.!?…]+[”’\"»)\]]*(?=\s+[\[(“«„\"'‘A-ZА-ЯЁ0-9])")
_ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "st",
        "jr",
        "sr",
        "gen",
        "col",
        "lt",
        "sgt",
        "gov",
        "sen",
        "rep",
        "prof",
        "no",
        "vs",
        "etc",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "u.s",
        "u.k",
        "u.n",
        "e.g",
        "i.e",
        "inc",
        "ltd",
        "corp",
        "co",
        "г",
        "гг",
        "ул",
        "им",
        "т.е",
    ]
)


@dataclass(frozen=True, slots=True)
class Quote:
    """A quotation: the marks' positions and the words between them, in one or more pieces
    (a quote running over paragraphs has a piece for each, each opened with a mark)."""

    start: int
    """Of the opening mark."""
    end: int
    """After the closing mark."""
    pieces: tuple[tuple[int, int], ...]
    """Spans of the quoted words, without the marks."""

    @property
    def words_start(self) -> int:
        return self.pieces[0][0]

    @property
    def words_end(self) -> int:
        return self.pieces[-1][1]

    def words(self, text: str) -> str:
        return "\n".join(text[a:b].strip() for a, b in self.pieces)


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    paragraph: int
    quotes: tuple[Quote, ...]


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Spans of the non-blank lines: a line is a paragraph in text and extracted pages."""
    spans = []
    for match in re.finditer(r"[^\r\n]+", text):
        if match[0].strip():
            spans.append((match.start(), match.end()))
    return spans


def find_quotes(text: str, paras: list[tuple[int, int]]) -> list[Quote]:
    """Every balanced quotation; an opening mark never closed in its paragraph continues
    into the next only if that one opens with a mark too (else it is left out)."""
    found: list[Quote] = []
    carried: list[tuple[int, int]] = []
    carried_start = -1
    for index, (start, end) in enumerate(paras):
        pieces, dangling = _quotes_in(text, start, end)
        if carried:
            mark = _first_mark(text, start, end)
            if pieces and pieces[0][0] == mark:
                found.append(Quote(carried_start, pieces[0][1], (*carried, pieces.pop(0)[2])))
                carried = []
            elif dangling is not None and dangling[0] == mark:
                carried.append((mark + 1, end))
                dangling = None
            else:
                carried = []
        found.extend(Quote(a, b, (w,)) for a, b, w in pieces)
        if dangling is not None:
            carried_start, carried = dangling[0], [(dangling[0] + 1, end)]
        following = paras[index + 1] if index + 1 < len(paras) else None
        if carried and (following is None or _first_mark(text, *following) < 0):
            carried = []  # never closed, and not continued: unbalanced, left out
    return found


def _first_mark(text: str, start: int, end: int) -> int:
    """Where the paragraph's opening quote mark is, if it opens with one; else -1."""
    stripped = len(text[start:end]) - len(text[start:end].lstrip())
    at = start + stripped
    return at if at < end and text[at] in OPENERS else -1


def _quotes_in(
    text: str, start: int, end: int
) -> tuple[list[tuple[int, int, tuple[int, int]]], tuple[int, str] | None]:
    """Balanced quotes of one paragraph (mark start, mark end, words span), and the mark
    still open at its end, if any."""
    found = []
    opened: tuple[int, str] | None = None
    depth = 0
    for i in range(start, end):
        c = text[i]
        if opened is None:
            if c in OPENERS and _can_open(text, i, end):
                opened, depth = (i, c), 0
            continue
        mark = opened[1]
        if c == mark and mark in "«»" and _can_open(text, i, end):
            depth += 1
        elif c in OPENERS[mark] and _can_close(text, i, start):
            if depth:
                depth -= 1
                continue
            found.append((opened[0], i + 1, (opened[0] + 1, i)))
            opened = None
    return found, opened


def _can_open(text: str, i: int, end: int) -> bool:
    if text[i] in "«»":
        return i + 1 < end  # French typesetting puts a space inside guillemets
    if text[i] != '"':
        return i + 1 < end and not text[i + 1].isspace()
    before = text[i - 1] if i > 0 else " "
    return (before.isspace() or before in "([{—–-:,") and i + 1 < end and not text[i + 1].isspace()


def _can_close(text: str, i: int, start: int) -> bool:
    return (i > start and not text[i - 1].isspace()) or text[i] in "”»"


def sentences(text: str, paras: list[tuple[int, int]], quotes: list[Quote]) -> list[Sentence]:
    """Sentences of each paragraph, never ended inside a quote; a quote running over
    paragraphs belongs to the sentence it starts in."""
    inside = _quoted_mask(quotes)
    by_paragraph = _quotes_by_paragraph(paras, quotes)
    found: list[Sentence] = []
    resume = 0
    for number, (start, end) in enumerate(paras):
        cuts = [max(start, resume)]
        if cuts[0] >= end:
            continue
        for match in _SENTENCE_END.finditer(text, cuts[0], end):
            if _in_spans(match.start(), inside) or _abbreviation(text, match.start(), start):
                continue
            cuts.append(match.end())
        cuts.append(end)
        para_quotes = by_paragraph.get(number, [])
        for a, b in itertools.pairwise(cuts):
            a += len(text[a:b]) - len(text[a:b].lstrip())
            if a < b:
                held = tuple(q for q in para_quotes if a <= q.start < b)
                last = max((q.end for q in held), default=b)
                if last > end:  # a quote over paragraphs: its sentence ends after it
                    b = resume = _sentence_end_after(text, last, paras)
                found.append(Sentence(a, max(b, last), number, held))
    return found


def _sentence_end_after(text: str, at: int, paras: list[tuple[int, int]]) -> int:
    """Where the sentence that goes on after a quote ending at `at` ends: its paragraph's
    next sentence end, or the paragraph's end."""
    end = next((e for s, e in paras if s <= at <= e), at)
    match = _SENTENCE_END.search(text, at, end)
    return match.end() if match else end


def _quoted_mask(quotes: list[Quote]) -> list[tuple[int, int]]:
    return [(q.start, q.end) for q in quotes]


def _in_spans(position: int, spans: list[tuple[int, int]]) -> bool:
    """Whether `position` is inside one of the spans (in order, not overlapping)."""
    at = bisect.bisect_left(spans, (position, position)) - 1
    return at >= 0 and spans[at][0] < position < spans[at][1]


def _quotes_by_paragraph(
    paras: list[tuple[int, int]], quotes: list[Quote]
) -> dict[int, list[Quote]]:
    grouped: dict[int, list[Quote]] = {}
    index = 0
    for quote in quotes:
        while index < len(paras) and paras[index][1] <= quote.start:
            index += 1
        grouped.setdefault(index, []).append(quote)
    return grouped


def _abbreviation(text: str, dot: int, start: int) -> bool:
    """'Oct.', 'Mr.', 'U.S.' and initials ('J.') do not end a sentence."""
    if text[dot] != ".":
        return False
    word = re.search(r"([\w.]+)$", text[max(start, dot - 12) : dot])
    if not word:
        return False
    token = word[1].lower().strip(".")
    return token in _ABBREVIATIONS or (len(token) == 1 and token.isalpha())


def without_references(text: str) -> str:
    """Words as a reader says them: reference marks ([7]) out, spaces tidied."""
    return " ".join(re.sub(r"\s*" + _REF.pattern, "", text).split())


def reference_marks(text: str, start: int, end: int) -> list[str]:
    """Numbers of the reference marks between `start` and `end`."""
    return [m[0].strip("[]^") for m in _REF.finditer(text, start, end)]
