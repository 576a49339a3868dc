"""Who said it, as the sentence tells: the name beside a verb of saying ("said Maria
Zakharova", "Peskov told reporters", "заявил Лавров"), the author of a statement named
with a noun ("a statement from the Ministry", "the Foreign Ministry’s explanation"), an
anonymous source ("a Moscow source in a position to know", "officials said"), or a pronoun
("he added") that the engine resolves to the nearest named speaker before it.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from app.services.capture.names import Mention, NameIndex, word_key

_VERBS = (
    r"said|says|say|saying|told|tells|tell|telling|added|adds|adding|stated|states|declared|"
    r"declares|noted|notes|commented|comments|explained|explains|warned|warns|insisted|"
    r"insists|argued|argues|wrote|writes|asked|asks|replied|replies|responded|stressed|"
    r"stresses|emphasi[sz]ed|emphasi[sz]es|claimed|claims|announced|announces|remarked|"
    r"acknowledged|continued|concluded|observed|suggested|recalled|admitted|conceded|"
    r"confirmed|confirms|expressed|tweeted|posted|issued|issues|mentioned|pointed out|"
    r"according to|"
    r"заявил[аи]?|заявляет|заявляют|сказал[аи]?|отметил[аи]?|подчеркнул[аи]?|добавил[аи]?|"
    r"сообщил[аи]?|указал[аи]?|пояснил[аи]?|заметил[аи]?|признал[аи]?|рассказал[аи]?|"
    r"напомнил[аи]?|ответил[аи]?|констатировал[аи]?|говорится|по словам"
)
VERB = re.compile(rf"(?<!\w)(?:{_VERBS})(?!\w)", re.IGNORECASE)
NOUN = re.compile(
    r"(?<!\w)(?:statement|explanation|justification|comments?|remarks|readout|declaration|"
    r"announcement|response|reply|message|interview|briefing|заявлени[еиюя]|"
    r"комментари[йяи]|сообщени[еия])(?!\w)",
    re.IGNORECASE,
)
_ANON_HEAD = (
    r"sources?|officials?|diplomats?|insiders|aides?|leaks|people familiar with [^,.;:“”\"]+|"
    r"источник(?:и|а|ов)?|собеседник\w*|официальные лица|дипломат(?:ы|ов)?"
)
_ANON_TAIL = (
    r"(?:\s+(?:in a position to know|familiar with [^,.;:“”\"]+|close to [^,.;:“”\"]+|"
    r"with knowledge of [^,.;:“”\"]+|briefed on [^,.;:“”\"]+|в\s+[^,.;:“”«»\"]+))?"
)
_ANON_AT_START = re.compile(
    rf"(?:(?:[\w’'-]+\s+){{0,3}}?)(?:{_ANON_HEAD})(?!\w){_ANON_TAIL}", re.IGNORECASE
)
_ANON_AT_END = re.compile(rf"(?:[\w’'-]+\s+){{0,3}}(?:{_ANON_HEAD})$", re.IGNORECASE)
_ANON_ANYWHERE = re.compile(rf"(?:[\w’'-]+\s+){{0,3}}(?:{_ANON_HEAD})(?!\w)", re.IGNORECASE)
_STOP = frozenset(
    [
        "of",
        "in",
        "on",
        "at",
        "to",
        "and",
        "for",
        "by",
        "with",
        "from",
        "that",
        "this",
        "as",
        "the",
        "like",
        "according",
        "about",
        "after",
        "before",
        "but",
        "while",
        "when",
        "than",
        "latest",
        "recent",
        "new",
    ]
)
PRONOUNS = frozenset(["he", "she", "they", "он", "она", "они"])
_NAME = re.compile(
    r"(?:[A-ZА-ЯЁ][\w’'-]*\.?)(?:\s+(?:[A-ZА-ЯЁ][\w’'-]*\.?|de|van|von|bin|al|da|del|der|la|le))*"
)
_FILLER = re.compile(
    r"(?:\s|\[\^?\d{1,3}\]|\b(?:has|have|had|been|was|were|is|are|also|then|later|recently|"
    r"once|again|previously|earlier|further|twice|already|now|itself|\w+ly|также|ранее|тогда|"
    r"уже|вновь|вчера|сегодня)\b)*$",
    re.IGNORECASE,
)
_NOT_NAMES = frozenset(
    [
        "as",
        "the",
        "a",
        "an",
        "in",
        "on",
        "at",
        "but",
        "and",
        "then",
        "when",
        "while",
        "after",
        "before",
        "so",
        "if",
        "this",
        "that",
        "these",
        "those",
        "president",
        "vice",
        "prime",
        "foreign",
        "minister",
        "secretary",
        "ambassador",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "deputy",
        "general",
        "mr",
        "mrs",
        "ms",
        "dr",
        "senator",
        "rep",
        "gov",
        "army",
        "state",
        "chancellor",
        "king",
        "queen",
        "sheikh",
        "envoy",
        "special",
        "chief",
        "head",
        "former",
        "russian",
        "american",
        "us",
        "ukrainian",
        "chinese",
        "british",
        "french",
        "german",
        "european",
        "israeli",
        "palestinian",
        "arab",
        "iranian",
    ]
)
MAX_APPOSITIVE_WORDS = 14
_PERSON = re.compile(
    r"(?<![\w’'-])(?:[A-ZА-ЯЁ][a-zа-яё’'-]+\s+)(?:[A-Z]\.\s+)?"
    r"(?:[A-ZА-ЯЁ][a-zа-яё’'-]+)(?:\s+[A-ZА-ЯЁ][a-zа-яё’'-]+)?(?![\w’'-])"
)
"""Two or three capitalised words, a middle initial allowed: a person's full name, the
first time an article names someone it later calls by the last name alone."""
_NOT_PEOPLE = frozenset(
    [
        "council",
        "ministry",
        "office",
        "house",
        "nations",
        "union",
        "department",
        "committee",
        "agency",
        "assembly",
        "parliament",
        "party",
        "bank",
        "fund",
        "times",
        "post",
        "news",
        "wire",
        "press",
        "service",
        "court",
        "forces",
        "army",
        "government",
        "administration",
        "kremlin",
        "center",
        "centre",
        "institute",
        "university",
        "foundation",
        "group",
        "commission",
        "federation",
        "republic",
        "states",
        "kingdom",
        "emirates",
        "arabia",
        "gaza",
        "strip",
        "bank",
        "east",
        "west",
        "north",
        "south",
        "street",
        "square",
        "security",
        "foreign",
        "defense",
        "defence",
        "affairs",
        "general",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ]
)
"""Words that make a capitalised run a body, a place or a date, not a person."""
_BYLINE = re.compile(r"\s*(?:By|От)\s", re.IGNORECASE)


_TITLE_WORDS = frozenset(
    [
        "president",
        "minister",
        "chancellor",
        "secretary",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "ambassador",
        "envoy",
        "senator",
        "governor",
        "mayor",
        "king",
        "queen",
        "prince",
        "princess",
        "sheikh",
        "emir",
        "sultan",
        "pope",
        "patriarch",
        "general",
        "admiral",
        "commissioner",
        "director",
        "chairman",
        "chairwoman",
        "chair",
        "premier",
        "representative",
        "rep",
        "sen",
        "gov",
        "lt",
        "col",
        "adviser",
        "advisor",
        "aide",
        "negotiator",
        "leader",
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "professor",
        "judge",
        "justice",
        "speaker",
    ]
)
"""Words of a title that stand before a name ("European Commission President Ursula von der
Leyen", "Belgian Prime Minister Bart De Wever"): the name is what follows the last of them."""
_CONTENT = frozenset(["that", "что", "чтобы"])
"""Words after a verb of saying that open what was said."""


def without_titles(words: list[str]) -> tuple[list[str], bool]:
    """The words of a name without the title before it, and whether there was one."""
    while words and words[0].strip(".").casefold() in _NOT_NAMES:
        words = words[1:]
    last = max(
        (i for i, w in enumerate(words[:-1]) if w.strip(".,").casefold() in _TITLE_WORDS),
        default=-1,
    )
    return (words[last + 1 :], True) if last >= 0 else (words, False)


def people(text: str, index: NameIndex) -> dict[str, Speaker]:
    """The people an article names in full, by their last name ("Sergei Lavrov" for a later
    "Lavrov said"), the first full name of each last name; title words before a name
    ("Foreign Minister") are not part of it."""
    found: dict[str, Speaker] = {}
    for match in _PERSON.finditer(text):
        words, _ = without_titles(match[0].split())
        if len(words) < 2 or any(w.casefold().strip("’'") in _NOT_PEOPLE for w in words):
            continue
        line = text.rfind("\n", 0, match.start()) + 1
        if _BYLINE.match(text, line, match.start() + 1):
            continue  # the author of the article, not a speaker in it
        name = " ".join(words)
        found.setdefault(word_key(words[-1]), Speaker(name, index.lookup(words), ""))
    return found


_TELLING = frozenset(["told", "tell", "tells", "telling", "asked", "asks", "replied", "responded"])


@dataclass(frozen=True, slots=True)
class Speaker:
    name: str
    actor_id: str | None
    cue: str
    anonymous: bool = False
    pronoun: bool = False
    role: str | None = None
    adjacent: bool = True
    """Named right beside the verb ("said X", "X said"), not only somewhere in the sentence."""


@dataclass(slots=True)
class Finder:
    """Finds speakers in the article's sentences, with its known-actor mentions at hand."""

    text: str
    index: NameIndex
    mentions: list[Mention]
    surnames: dict[str, Speaker] = field(default_factory=dict)
    starts: list[int] = field(default_factory=list)
    """Where each mention starts, for finding those of a sentence by bisection."""
    """New speakers by their last name, so a later "Petrov said" is the "Ivan Petrov" before."""

    def __post_init__(self) -> None:
        self.surnames.update(people(self.text, self.index))

    def in_span(self, start: int, end: int, skip: list[tuple[int, int]]) -> Speaker | None:
        """The speaker a cue in [start, end), outside the `skip` spans (quotes), names."""
        for cue in _cues(self.text, start, end, skip):
            found = self._by_cue(cue, start, end)
            if found is not None:
                return found
        return None

    def anonymous_in(self, start: int, end: int, skip: list[tuple[int, int]]) -> Speaker | None:
        """An anonymous source named anywhere outside quotes ("press leaks", "officials")."""
        for a, b in _outside(start, end, skip):
            match = _ANON_ANYWHERE.search(self.text, a, b)
            if match:
                return Speaker(_trim_head(match[0]), None, "", anonymous=True, adjacent=False)
        return None

    def subject(self, start: int, end: int) -> Speaker | None:
        """A known actor that opens the sentence ("Hamas issued…", "The Palestine State…");
        never a byline's author."""
        if _BYLINE.match(self.text, start, end):
            return None
        for mention in self._mentions_in(start, end):
            head = self.text[start : mention.start].split()
            if len(head) <= 2:
                return self._known(mention, "")
            break
        name = _NAME.match(self.text, start, end)
        return self._new(name[0], "") if name else None

    def _by_cue(self, cue: re.Match[str], start: int, end: int) -> Speaker | None:
        word = cue[0]
        if NOUN.fullmatch(word):
            return self._after(cue.end(), end, word, nouns=True) or self._possessive(
                start, cue.start(), word
            )
        if word.casefold() in _TELLING:  # "Lavrov told Rubio": who follows was told
            return self._before(start, cue.start(), word)
        return self._after(cue.end(), end, word) or self._before(start, cue.start(), word)

    def _after(self, at: int, end: int, cue: str, *, nouns: bool = False) -> Speaker | None:
        rest = self.text[at:end]
        lead = re.match(r"(?:\s|\[\^?\d{1,3}\])*" + (r"(?:(?:from|by|of|the)\s+)*" if nouns
                        else ""), rest)  # fmt: skip
        at += lead.end() if lead else 0
        rest = self.text[at:end]
        if rest[:1] in (":", "“", "«", '"', "„", ""):
            return None
        first = rest.split(maxsplit=1)[0].strip(",.;:").casefold() if rest.split() else ""
        if first in _CONTENT:
            return None  # "added that Ukraine needed …": what was said follows, not who
        if first in PRONOUNS:
            return Speaker(first, None, cue, pronoun=True)
        mention = next(iter(self._mentions_in(at, min(end, at + 60))), None)
        if mention is not None and _only_titles(self.text[at : mention.start]):
            return self._with_role(self._known(mention, cue), mention.end, end)
        anonymous = _ANON_AT_START.match(rest)
        if anonymous:
            return Speaker(_trim_head(anonymous[0]), None, cue, anonymous=True)
        name = _NAME.match(rest)
        if name and not nouns:
            new = self._new(name[0], cue)
            return self._with_role(new, at + name.end(), end) if new else None
        return None

    def _before(self, start: int, at: int, cue: str) -> Speaker | None:
        window = self.text[start:at]
        window = window[: _FILLER.search(window).start()]  # type: ignore[union-attr]
        role = None
        if window.endswith(","):
            cut = window.rstrip(",").rfind(",")
            if cut > 0 and len(window[cut:].split()) <= MAX_APPOSITIVE_WORDS:
                role = window[cut + 1 :].strip(" ,") or None
                window = window[:cut]
        window = window.rstrip()
        word = window.rsplit(maxsplit=1)[-1].casefold() if window.split() else ""
        if word in PRONOUNS:
            return Speaker(word, None, cue, pronoun=True)
        mention = next((m for m in self._mentions_in(start, at) if m.end == start + len(window)),
                       None)  # fmt: skip
        if mention is not None:
            return self._replace_role(self._known(mention, cue), role)
        anonymous = _ANON_AT_END.search(window[-120:])
        if anonymous:
            return Speaker(_trim_head(anonymous[0]), None, cue, anonymous=True)
        name = re.search(_NAME.pattern + r"$", window)
        new = self._new(name[0], cue) if name else None
        return self._replace_role(new, role) if new else None

    def _possessive(self, start: int, at: int, cue: str) -> Speaker | None:
        """ "the Foreign Ministry’s explanation", "Lavrov’s statement"."""
        window = self.text[start:at]
        found = re.search(r"[’']s\s+(?:[\w-]+\s+)?$", window)
        if not found:
            return None
        end = start + found.start()
        mention = next((m for m in self._mentions_in(start, at) if m.end == end), None)
        return self._known(mention, cue) if mention else None

    def _mentions_in(self, start: int, end: int) -> list[Mention]:
        first = bisect.bisect_left(self._starts, start)
        last = bisect.bisect_left(self._starts, end)
        return [m for m in self.mentions[first:last] if m.end <= end]

    @property
    def _starts(self) -> list[int]:
        if len(self.starts) != len(self.mentions):
            self.starts[:] = [m.start for m in self.mentions]
        return self.starts

    def _known(self, mention: Mention, cue: str) -> Speaker:
        actor = self.index.actors[mention.actor_id]
        anonymous = actor.kind == "anonymous"
        return Speaker(actor.name, actor.id, cue, anonymous=anonymous)

    def _new(self, written: str, cue: str) -> Speaker | None:
        words, titled = without_titles(written.split())
        if len(words) == 1 and word_key(words[0]) in self.surnames:
            known = self.surnames[word_key(words[0])]
            return Speaker(known.name, known.actor_id, cue)
        if any(w.isupper() and len(w) > 3 for w in words):
            return None
        if len(words) < 2 and not (titled and words):
            return None  # one capitalised word is too often not a person (after a title it is)
        name = " ".join(words).rstrip(".")
        speaker = Speaker(name, self.index.lookup(name.split()), cue)
        self.surnames[word_key(words[-1])] = speaker
        return speaker

    def _with_role(self, speaker: Speaker, at: int, end: int) -> Speaker:
        match = re.match(r",\s+([^,.;:“”«»\"]{3,160}?)\s*(?:,|\.|$)", self.text[at:end])
        words = len(match[1].split()) if match else 0
        if match and 2 <= words <= MAX_APPOSITIVE_WORDS and match[1][0].islower():
            return self._replace_role(speaker, match[1])
        return speaker

    @staticmethod
    def _replace_role(speaker: Speaker, role: str | None) -> Speaker:
        if not role:
            return speaker
        return Speaker(speaker.name, speaker.actor_id, speaker.cue, speaker.anonymous,
                       speaker.pronoun, " ".join(role.split()), speaker.adjacent)  # fmt: skip


def _cues(text: str, start: int, end: int, skip: list[tuple[int, int]]) -> list[re.Match[str]]:
    """Verbs and nouns of saying outside quotes, those nearest a quote first."""
    found: list[re.Match[str]] = []
    for a, b in _outside(start, end, skip):
        found.extend(VERB.finditer(text, a, b))
        found.extend(NOUN.finditer(text, a, b))
    if skip:
        anchor = skip[0][0]
        found.sort(key=lambda m: min(abs(m.start() - anchor), abs(m.end() - anchor)))
    else:
        found.sort(key=lambda m: m.start())
    return found


def _outside(start: int, end: int, skip: list[tuple[int, int]]) -> list[tuple[int, int]]:
    spans, at = [], start
    for a, b in sorted(skip):
        if a > at:
            spans.append((at, min(a, end)))
        at = max(at, b)
    if at < end:
        spans.append((at, end))
    return spans


def _only_titles(between: str) -> bool:
    """Nothing but titles and capitalised words before a name ("said Foreign Minister ")."""
    words = between.split()
    return len(words) <= 4 and all(w[0].isupper() or w.casefold() in _STOP for w in words)


def _trim_head(phrase: str) -> str:
    """An anonymous source's words from its last linking word on: "blitz of Anglo-American
    press leaks" → "Anglo-American press leaks"."""
    words = phrase.split()
    head = next((i for i, w in enumerate(words) if re.match(_ANON_HEAD, w, re.I)), len(words))
    cut = max((i + 1 for i in range(head) if words[i].casefold() in _STOP - {"the", "a"}),
              default=0)  # fmt: skip
    return " ".join(words[cut:]).strip(" ,.;:")


def same_words(a: str, b: str) -> int:
    """How many words two names share, blind to case and endings."""
    return len(
        {word_key(w) for w in re.findall(r"\w+", a)} & {word_key(w) for w in re.findall(r"\w+", b)}
    )
