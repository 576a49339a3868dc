"""Who the article names: the database's actors found by any name or alias, in any script.

Names are compared word by word, blind to case and accents, so "Dmitry Peskov", "Peskov"
and "Песков" are one actor, and Russian case endings do not hide a name ("Пескова",
"Марии Захаровой"). An alias in capitals ("US", "MFA") must be written so: "us" is a word.
A later mention by the last words of a name mentioned earlier ("the Ministry" after
"Russian Foreign Ministry") is that actor too.
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

_WORD = re.compile(r"\w+")
_CYRILLIC_ENDING = re.compile(r"(?:ого|его|ому|ему|ой|ей|ым|им|ом|ем|ою|ею|а|я|у|ю|е|ы|и|ь)$")
MAX_NAME_WORDS = 8


@dataclass(frozen=True, slots=True)
class KnownActor:
    id: str
    name: str
    aliases: tuple[str, ...] = ()
    kind: str = "person"


@dataclass(frozen=True, slots=True)
class Mention:
    start: int
    end: int
    actor_id: str


@functools.lru_cache(maxsize=65_536)  # an article repeats its words; each is folded once
def word_key(word: str) -> str:
    """A word as names are compared: case, accents and Russian case endings left out."""
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    folded = "".join(c for c in decomposed if not unicodedata.combining(c))
    if len(folded) > 4 and "а" <= folded[-1] <= "я":
        folded = _CYRILLIC_ENDING.sub("", folded)
    return folded


def _exact_case(word: str) -> bool:
    """An acronym or mixed-case alias ("US", "MiD") matches only as written."""
    return sum(c.isupper() for c in word[1:]) > 0


class NameIndex:
    """Every name and alias of the known actors, by their words."""

    def __init__(self, actors: Iterable[KnownActor]) -> None:
        self.actors = {a.id: a for a in actors}
        self._names: dict[tuple[str, ...], set[str]] = {}
        self._cased: dict[tuple[str, ...], tuple[str, ...]] = {}
        for actor in self.actors.values():
            for name in (actor.name, *actor.aliases):
                words = _WORD.findall(name)
                if 0 < len(words) <= MAX_NAME_WORDS:
                    key = tuple(word_key(w) for w in words)
                    self._names.setdefault(key, set()).add(actor.id)
                    if any(_exact_case(w) for w in words):
                        self._cased[key] = tuple(words)
        self.longest = max((len(k) for k in self._names), default=0)

    def lookup(self, words: list[str]) -> str | None:
        """The one actor these words name, or None."""
        key = tuple(word_key(w) for w in words)
        ids = self._names.get(key)
        if not ids or len(ids) > 1:
            return None
        cased = self._cased.get(key)
        if cased is not None and tuple(words) != cased and any(w.islower() for w in words):
            return None
        return next(iter(ids))

    def mentions(self, text: str) -> list[Mention]:
        """Every known actor named in `text`, longest names first, in order."""
        words = [(m.start(), m.end(), m[0]) for m in _WORD.finditer(text)]
        found: list[Mention] = []
        i = 0
        while i < len(words):
            hit = self._longest_at(words, i)
            if hit is None:
                i += 1
                continue
            n, actor = hit
            found.append(Mention(words[i][0], words[i + n - 1][1], actor))
            i += n
        return _with_later_short_names(found, words, self)

    def _longest_at(self, words: list[tuple[int, int, str]], i: int) -> tuple[int, str] | None:
        if words[i][2][0].islower():
            return None  # a name starts with a capital, or is in a script without them
        for n in range(min(self.longest, len(words) - i), 0, -1):
            span = words[i : i + n]
            if any(b[0] - a[1] > 2 for a, b in itertools.pairwise(span)):
                continue  # a name's words stand together ("J. D. Vance" at most ". ")
            actor = self.lookup([w for _, _, w in span])
            if actor is not None:
                return n, actor
        return None


def _with_later_short_names(
    found: list[Mention], words: list[tuple[int, int, str]], index: NameIndex
) -> list[Mention]:
    """Add mentions by the last words of an actor's name already mentioned ("the Ministry",
    "Foreign Ministry" after "Russian Foreign Ministry")."""
    if not found:
        return found
    tails: dict[tuple[str, ...], str] = {}
    taken = {w for m in found for w in range(m.start, m.end)}
    extra: list[Mention] = []
    next_mention = 0
    ordered = sorted(found, key=lambda m: m.start)
    for i, (start, _end, word) in enumerate(words):
        while next_mention < len(ordered) and ordered[next_mention].start <= start:
            _learn_tails(tails, index.actors[ordered[next_mention].actor_id].name,
                         ordered[next_mention].actor_id)  # fmt: skip
            next_mention += 1
        if start in taken or not word[:1].isupper():
            continue
        for n in (3, 2, 1):
            key = tuple(word_key(w) for _, _, w in words[i : i + n])
            if len(key) == n and key in tails:
                extra.append(Mention(start, words[i + n - 1][1], tails[key]))
                taken.update(range(start, words[i + n - 1][1]))
                break
    return sorted(found + extra, key=lambda m: m.start)


def _learn_tails(tails: dict[tuple[str, ...], str], name: str, actor_id: str) -> None:
    """Only a name of capitalised words has telling last words ("Mission of China to the
    UN" does not make every "UN" that mission)."""
    words = _WORD.findall(name)
    if not all(w[0].isupper() for w in words):
        return
    for n in range(1, len(words)):
        tail = words[-n:]
        if n > 1 or (len(tail[0]) >= 4 and not tail[0].isupper()):
            tails[tuple(word_key(w) for w in tail)] = actor_id
