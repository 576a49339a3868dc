"""One key for the ways a name is spelt across scripts and romanisations: `Песков` and
`Peskov`, `Мединский`, `Medinsky`, `Medinskiy` and `Medinskii`, `Захарова` and
`Zakharova`, `Небензя` and `Nebenzia` share a key, so a search for one finds the others
without anyone having typed the alias.

A word is first written in Latin letters by `anyascii` (a maintained table of romanisations
for every script Unicode covers, and small: no ICU needed), then the spellings that the common
systems for Russian and Ukrainian (BGN/PCGN, ISO 9 without marks, the scholarly system, the
press's habits) write differently are made one. The rules only ever merge spellings; a search
still finds the word as typed.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable

from anyascii import anyascii

_NOT_ALNUM = re.compile(r"[^a-z0-9]+")
_INDEX_WORD = re.compile(r"[^\W_]+")
"""A word as SQLite FTS5's unicode61 tokenizer cuts text: letters and digits, nothing else."""
_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (r"shch", "sh"),  # Щербаков: Shcherbakov, Scherbakov
        (r"kh", "h"),  # Захарова: Zakharova, Zaharova
        (r"x", "ks"),  # Алексей: Aleksey, Alexey
        (r"tz", "ts"),
        (r"(?:iy|i|y)e(?=v)", "e"),  # Дмитриев: Dmitriev, Dmitriyev; Soloviev, Solovyev
        (r"yo", "e"),  # Фёдор: Fyodor, Fedor (anyascii writes ё as e); Solovyov
        (r"iya", "ya"),  # Мария: Mariya, Maria, Marya
        (r"(?<=[a-z])[ij](?=[au])", "y"),  # Небензя: Nebenzya, Nebenzia; Юрий: Iurii
        (r"^i(?=[au])", "y"),  # Юрий: Yuriy, Iurii
        (r"^ye(?=[a-z]{3})", "e"),  # Евгений: Yevgeny, Evgeniy (not "yes")
        (r"(?:iy|ii|ij|yi|yy|y)$", "i"),  # Мединский: Medinskiy, Medinskii, Medinsky
    )
)


def spelling_key(word: str) -> str:
    """The key of one word: lower-case Latin letters and digits; "" for a word with neither
    (punctuation, or a script `anyascii` has no reading for)."""
    folded = unicodedata.normalize("NFKD", word.casefold())
    plain = "".join(c for c in folded if not unicodedata.combining(c))
    key = _NOT_ALNUM.sub("", anyascii(plain).lower())
    for pattern, replacement in _RULES:
        key = pattern.sub(replacement, key)
    return key


def spelling_keys(text: str) -> str:
    """`spelling_key` of each word of `text`, joined by spaces (for comparing whole names)."""
    return " ".join(k for k in (spelling_key(w) for w in re.findall(r"\w+", text)) if k)


def index_term(word: str) -> str:
    """A word as the full-text index holds it: lower case, accents removed (the unicode61
    tokenizer with `remove_diacritics 2`)."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def index_terms(text: str) -> list[str]:
    """The words of `text` as the full-text index holds them, in order (an accent typed as
    a mark of its own does not cut a word)."""
    return _INDEX_WORD.findall(index_term(text))


def respelt(
    terms: Iterable[str], key: Callable[[str], str] = spelling_key
) -> list[tuple[str, str]]:
    """(key, term) for each term that is not its own key: the rows of the index's table of
    other spellings (`store.spellings`)."""
    return [(k, t) for t in terms if (k := key(t)) and k != t]
