"""What people type in a search box, read into plain words and field terms: `Witkoff
speaker:Peskov from:2025-10` is the words "Witkoff" and two terms. Quoted values keep their
spaces (`actor:"Fu Cong"`). Pure text work: what a term names is resolved elsewhere
(`app.services.query`)."""

from __future__ import annotations

import re
from dataclasses import dataclass

FIELDS = ("speaker", "actor", "track", "kind", "source", "tag", "lang", "from", "to")
"""Field names in the order the help and the messages list them."""

SINGLE_FIELDS = ("from", "to")
"""Fields that may be given only once (a date range has one start and one end)."""

_OPENING_QUOTES = {'"': '"', "“": "”", "„": "“", "«": "»"}
_FIELD_START = re.compile(r"([A-Za-z]+):")
_SPACE = re.compile(r"\s+")


class QuerySyntaxError(ValueError):
    """The typed text cannot be read as words and fields; the message says where and why."""


@dataclass(frozen=True, slots=True)
class Term:
    field: str
    """One of `FIELDS`, in lower case."""
    value: str
    """As typed, quotes taken off and spaces inside kept."""

    def __str__(self) -> str:
        return f'{self.field}:"{self.value}"' if " " in self.value else f"{self.field}:{self.value}"


@dataclass(frozen=True, slots=True)
class ParsedQuery:
    words: str
    """The plain words around the fields, in their order, for the full-text search."""
    terms: tuple[Term, ...] = ()

    def values(self, field: str) -> tuple[str, ...]:
        return tuple(t.value for t in self.terms if t.field == field)


def known_fields() -> str:
    return ", ".join(f"{name}:" for name in FIELDS)


def parse_query(text: str, *, advanced: bool = False) -> ParsedQuery:
    """Words and field terms from the typed text. A token `name:value` whose name is a field
    is a term; one whose name is other letters is an unknown field, unless `advanced` (FTS5
    has column filters of its own). Quotes in the plain words are left to the search."""
    words: list[str] = []
    terms: list[Term] = []
    at = 0
    while (at := _past_spaces(text, at)) < len(text):
        field = _FIELD_START.match(text, at)
        name = field[1].lower() if field else ""
        if field and (name in FIELDS or not (advanced or _looks_like_address(text, field.end()))):
            if name not in FIELDS:
                raise QuerySyntaxError(
                    f"“{field[0]}” is not a search field. Fields: {known_fields()}"
                )
            value, at = _value(text, field.end(), name)
            terms.append(Term(name, value))
            continue
        word, at = _word(text, at)
        words.append(word)
    _check_single(terms)
    return ParsedQuery(" ".join(words), tuple(terms))


OR = "OR"
"""Between two words or phrases, either will do (in capitals, as other search boxes take it:
a lower-case "or" is a word)."""


@dataclass(frozen=True, slots=True)
class PlainWords:
    """A search's plain words as other search boxes read them: every group must match, a
    group being a word or "quoted phrase", or several joined by `OR`; an item holding any
    word or phrase typed with a minus before it (`-Dmitriev`, `-"peace plan"`) is left out.
    A minus inside a word (`Dmitriev-Witkoff`) is part of the word."""

    groups: tuple[tuple[str, ...], ...] = ()
    left_out: tuple[str, ...] = ()

    @property
    def wanted(self) -> str:
        """The groups as typed, without the words left out."""
        return " ".join(f" {OR} ".join(group) for group in self.groups)


def read_words(text: str) -> PlainWords:
    """The plain words of `parse_query` (or any text) read into groups and words left out.
    An `OR` that does not stand between two words is a word itself."""
    units: list[tuple[str, bool]] = []
    at = 0
    while (at := _past_spaces(text, at)) < len(text):
        minus = text[at] == "-" and at + 1 < len(text) and not text[at + 1].isspace()
        word, at = _word(text, at + 1 if minus else at)
        units.append((word, minus))
    groups: list[list[str]] = []
    left_out: list[str] = []
    joins = after_word = False
    for i, (word, minus) in enumerate(units):
        if minus:
            left_out.append(word)
        elif joins:
            groups[-1].append(word)
        elif word == OR and after_word and _joinable(units, i + 1):
            joins = True
            continue
        else:
            groups.append([word])
        joins, after_word = False, not minus
    return PlainWords(tuple(map(tuple, groups)), tuple(left_out))


def _joinable(units: list[tuple[str, bool]], at: int) -> bool:
    """Whether an `OR` before `units[at]` joins it to the word before."""
    return at < len(units) and not units[at][1] and units[at][0] != OR


def _past_spaces(text: str, at: int) -> int:
    """Where the text goes on after any spaces at `at`."""
    space = _SPACE.match(text, at)
    return space.end() if space else at


def _looks_like_address(text: str, at: int) -> bool:
    """`https://…` and a colon before a space (`said: no`) are words, not fields."""
    return text.startswith("//", at) or at >= len(text) or text[at].isspace()


def _value(text: str, at: int, name: str) -> tuple[str, int]:
    """The value of the field `name` starting at `at`, and where the text goes on."""
    close = _OPENING_QUOTES.get(text[at]) if at < len(text) else None
    if close is not None:
        end = text.find(close, at + 1)
        if end < 0 and close != '"':
            end = text.find('"', at + 1)
        if end < 0:
            raise QuerySyntaxError(
                f"The quote after “{name}:” is not closed: end the name with {close}."
            )
        value, at = " ".join(text[at + 1 : end].split()), end + 1
    else:
        space = _SPACE.search(text, at)
        end = space.start() if space else len(text)
        value, at = text[at:end], end
    if not value:
        raise QuerySyntaxError(f"“{name}:” needs a value, as in {_EXAMPLES[name]}.")
    return value, at


def _word(text: str, at: int) -> tuple[str, int]:
    """A plain word, or a quoted phrase kept whole (an unclosed quote runs to the end) with
    any star after it (`"peace pl"*`, a prefix)."""
    if text[at] == '"':
        end = text.find('"', at + 1)
        end = len(text) if end < 0 else end + 1
        while text.startswith("*", end):
            end += 1
        return text[at:end], end
    space = _SPACE.search(text, at)
    end = space.start() if space else len(text)
    return text[at:end], end


def _check_single(terms: list[Term]) -> None:
    for name in SINGLE_FIELDS:
        given = [t.value for t in terms if t.field == name]
        if len(given) > 1:
            raise QuerySyntaxError(
                f"“{name}:” is given {len(given)} times ({', '.join(given)}): give it once."
            )


_EXAMPLES = {
    "speaker": "speaker:Peskov",
    "actor": 'actor:"Fu Cong"',
    "track": 'track:"Security Council"',
    "kind": "kind:vote",
    "source": "source:Interfax",
    "tag": "tag:brief",
    "lang": "lang:ru",
    "from": "from:2025-10",
    "to": "to:2025-11",
}
