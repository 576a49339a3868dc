"""An article becomes drafts: statements, events and sources. Nothing is written here.

Sentence by sentence: quotes that stand as quotes (after a colon, a comma or a verb of
saying, or opening the sentence, and ending it or followed by the attribution) become one
direct statement, split quotes joined; quotes woven into a sentence ("said “there are no
plans” to…") make the sentence a paraphrase with the quoted words marked; a sentence with
a speaker and a verb of saying but no quote is a paraphrase too. Quotes of one or two
words are scare quotes, not statements. A quote with no speaker in its sentence takes the
speaker of the nearest sentence before it that names one.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from app.core.dates import PartialDate
from app.formats.article import Article
from app.services.capture.citations import cited, cited_by_link, linked, references
from app.services.capture.drafts import Drafts, SourceDraft, StatementDraft
from app.services.capture.events import find_events, link_to_events
from app.services.capture.names import KnownActor, NameIndex
from app.services.capture.speakers import VERB, Finder, Speaker, same_words
from app.services.capture.text import (
    Quote,
    Sentence,
    find_quotes,
    paragraphs,
    sentences,
    without_references,
)
from app.services.capture.when import DateMention, find_dates, latest

LOOK_BACK = 5
"""Sentences searched before a quote without a speaker of its own for the one who said it."""
_PARAPHRASE_VERBS = re.compile(
    r"(?:said|says|stated|noted|added|warned|claimed|argued|insisted|confirmed|announced|told|"
    r"explained|stressed|emphasi[sz]ed|acknowledged|admitted|заявил\w*|сказал\w*|отметил\w*|"
    r"подчеркнул\w*|сообщил\w*|добавил\w*|указал\w*|пояснил\w*)",
    re.IGNORECASE,
)
_LEAD_OK = re.compile(r"(?:^|[:,—–-]|\b(?:that|что|как)|" + VERB.pattern + r")\s*$", re.I)
_TAIL_OK = re.compile(
    r"^(?:$|[.,;:!?…)—–-]|\s*(?i:" + VERB.pattern + r")|\s*[A-ZА-ЯЁ]|\s*(?:he|she|они?|она)\s)"
)
_REFS = re.compile(r"(?:\s*\[\^?\d{1,3}\])+")
MIN_QUOTE_WORDS = 3
MIN_PARAPHRASE_WORDS = 6


@dataclass(slots=True)
class _Said:
    """A statement found, and the sentence it was found in."""

    draft: StatementDraft
    sentence: int


@dataclass(slots=True)
class _Drafting:
    text: str
    sentences: list[Sentence]
    finder: Finder
    dates: list[DateMention]
    default_date: PartialDate | None
    said: dict[int, _Said] = field(default_factory=dict)

    def run(self) -> list[StatementDraft]:
        for number, sentence in enumerate(self.sentences):
            self._sentence(number, sentence)
        unique = {id(s.draft): s.draft for s in self.said.values()}  # a joined quote is one
        return sorted(unique.values(), key=lambda d: d.start)

    def _sentence(self, number: int, sentence: Sentence) -> None:
        full = [q for q in sentence.quotes if self._stands(sentence, q)]
        woven = [q for q in sentence.quotes if q not in full and _words(self.text, q) >= 3]
        skip = [(q.start, q.end) for q in sentence.quotes]
        speaker = self.finder.in_span(sentence.start, sentence.end, skip)
        if full:
            self._direct(number, sentence, full, speaker)
        elif woven:
            speaker = speaker or self.finder.anonymous_in(sentence.start, sentence.end, skip)
            if speaker is not None:
                self._paraphrase(number, sentence, speaker, woven)
        elif speaker is not None and _PARAPHRASE_VERBS.fullmatch(speaker.cue):
            rest = self.text[sentence.start : sentence.end]
            if len(rest.split()) >= MIN_PARAPHRASE_WORDS:
                self._paraphrase(number, sentence, speaker, [])

    def _stands(self, sentence: Sentence, quote: Quote) -> bool:
        """A quote that stands as a quote, not words woven into the sentence."""
        lead = _REFS.sub("", self.text[sentence.start : quote.start]).rstrip()
        tail = _REFS.sub("", self.text[quote.end : sentence.end]).lstrip()
        words = quote.words(self.text)
        enough = len(words.split()) >= MIN_QUOTE_WORDS or words.rstrip().endswith(tuple(".!?…"))
        return bool(enough and _LEAD_OK.search(lead) and _TAIL_OK.match(tail))

    def _direct(
        self, number: int, sentence: Sentence, quotes: list[Quote], speaker: Speaker | None
    ) -> None:
        inherited = None
        if speaker is None or speaker.pronoun:
            inherited = self._inherit(number, person=speaker is not None)
            if inherited is None:
                return
            speaker = replace(inherited[0], cue=speaker.cue if speaker else "")
        pieces = tuple(p for q in quotes for p in q.pieces)
        previous = self.said.get(number - 1)
        if (inherited and speaker.cue == "" and previous is not None
                and self.sentences[number - 1].paragraph == sentence.paragraph
                and previous.draft.attribution != "paraphrase"
                and previous.draft.speaker == speaker.name):  # fmt: skip
            self._extend(previous, number, pieces)
            return
        kind = "anonymous" if speaker.anonymous else "direct"
        source = inherited[1] if inherited else number
        self._add(number, speaker, kind, pieces, sentence, (source, number))

    def _paraphrase(
        self, number: int, sentence: Sentence, speaker: Speaker, woven: list[Quote]
    ) -> None:
        if speaker.pronoun:
            inherited = self._inherit(number, person=True)
            if inherited is None:
                return
            speaker = replace(inherited[0], cue=speaker.cue)
        kind = "anonymous" if speaker.anonymous else "paraphrase"
        pieces = tuple((q.words_start, q.words_end) for q in woven)
        whole = ((sentence.start, sentence.end),)
        self._add(number, speaker, kind, whole, sentence, (number,), marked=pieces)

    def _add(
        self, number: int, speaker: Speaker, kind: str, pieces: tuple[tuple[int, int], ...],
        sentence: Sentence, context: tuple[int, ...], marked: tuple[tuple[int, int], ...] = (),
    ) -> None:  # fmt: skip
        words = _joined(self.text, pieces)
        start, end = pieces[0][0], pieces[-1][1]
        draft = StatementDraft(
            speaker.name, speaker.actor_id, words.strip(), kind, speaker.cue,
            self._date(context, speaker.name), start, end,
            marked or (pieces if len(pieces) > 1 else ()), speaker.role,
        )  # fmt: skip
        self.said[number] = _Said(draft, number)

    def _extend(self, previous: _Said, number: int, pieces: tuple[tuple[int, int], ...]) -> None:
        draft = previous.draft
        before = draft.parts or ((draft.start, draft.end),)
        gap = "\n" if "\n" in self.text[draft.end : pieces[0][0]] else " "
        draft.text = f"{draft.text}{gap}{_joined(self.text, pieces)}"
        draft.parts = (*before, *pieces)
        draft.end = pieces[-1][1]
        self.said[number] = previous

    def _inherit(self, number: int, *, person: bool = False) -> tuple[Speaker, int] | None:
        """The speaker of the nearest sentence before that names one, and that sentence;
        for a pronoun ("he said"), the nearest named one, not an anonymous source."""
        paragraph = self.sentences[number].paragraph
        for back in range(number - 1, max(-1, number - 1 - LOOK_BACK), -1):
            sentence = self.sentences[back]
            if paragraph - sentence.paragraph > 2:
                break
            found = self._speaker_of(back, sentence)
            if found is not None and not (person and found.anonymous):
                return found, back
        return None

    def _speaker_of(self, number: int, sentence: Sentence) -> Speaker | None:
        said = self.said.get(number)
        if said is not None:
            d = said.draft
            return Speaker(d.speaker, d.speaker_id, d.cue, d.attribution == "anonymous")
        skip = [(q.start, q.end) for q in sentence.quotes]
        found = self.finder.in_span(sentence.start, sentence.end, skip)
        if found is not None and not found.pronoun:
            return found
        return self.finder.subject(sentence.start, sentence.end)

    def _date(self, context: tuple[int, ...], speaker: str) -> PartialDate | None:
        """The first date given outside quotes in the sentences that say who said it, else
        the last one given before them in their paragraph by what the same speaker said
        there ("The next day, Peskov said … 'There are no concrete dates,' Peskov said"); a
        date of something else told before ("On October 20 they met. Officials said …")
        is not theirs."""
        paragraph = self.sentences[context[0]].paragraph
        earlier = (
            n
            for n in itertools.takewhile(
                lambda n: self.sentences[n].paragraph == paragraph,
                range(context[0] - 1, -1, -1),
            )
            if (said := self.said.get(n)) is not None and said.draft.speaker == speaker
        )
        for number in (*context, *earlier):
            sentence = self.sentences[number]
            skip = [(q.start, q.end) for q in sentence.quotes]
            inside = [
                m for m in self.dates
                if sentence.start <= m.start and m.end <= sentence.end
                and not any(a <= m.start < b for a, b in skip)
                and not _names_a_thing(self.text, m)
            ]  # fmt: skip
            if inside:
                return (inside[0] if number in context else inside[-1]).when.start
        if self.default_date is None:
            return None
        return replace(self.default_date, approximate=True)


def _joined(text: str, pieces: tuple[tuple[int, int], ...]) -> str:
    """The words of the pieces, a paragraph break kept between paragraphs, a space between
    the parts of a quote split by its attribution."""
    joined = ""
    for index, (a, b) in enumerate(pieces):
        if index:
            joined += "\n" if "\n" in text[pieces[index - 1][1] : a] else " "
        joined += without_references(text[a:b])
    return joined.strip()


def _words(text: str, quote: Quote) -> int:
    return len(quote.words(text).split())


def draft_article(
    article: Article, actors: Sequence[KnownActor] = (), date: PartialDate | None = None
) -> Drafts:
    """Drafts of what the article says; `actors` are the database's, `date` the article's
    when the user gives it (else its own, else the latest it mentions, approximate)."""
    text = article.text
    index = NameIndex(actors)
    paras = paragraphs(text)
    quotes = find_quotes(text, paras)
    found = sentences(text, paras, quotes)
    mentions = index.mentions(text)
    own_date = date or article.published or _dateline(text)
    dates = without_datelines(text, find_dates(text, own_date))
    default = own_date or latest(dates)
    finder = Finder(text, index, mentions)
    statements = _Drafting(text, found, finder, dates, default).run()
    statements = [_resolved_anonymous(s, index) for s in statements]
    cites = references(text)
    links = linked(text, article.links, cites)
    for draft in statements:
        draft.references = _both(cited(text, draft.start, draft.end, cites),
                                 cited_by_link(text, draft.start, draft.end, links))  # fmt: skip
    events = find_events(text, found, dates, mentions, index)
    for event in events:
        event.references = _both(cited(text, event.start, event.end, cites),
                                 cited_by_link(text, event.start, event.end, links))  # fmt: skip
    link_to_events(text, statements, events)
    source = SourceDraft(
        title=article.title or _title_from(article.name), url=article.url,
        publisher=article.publisher, author=article.author, published=own_date or default,
        archived_text=text,
    )  # fmt: skip
    return Drafts(text, source, statements, events, cites, from_html=article.from_html)


_BEFORE_A_THING = re.compile(r"(?:\b(?:the|a|an|its|their|his|her|our)|[’']s)\s+$", re.IGNORECASE)
_A_THING_AFTER = re.compile(r"\s+[a-z][\w-]*")


def _names_a_thing(text: str, mention: DateMention) -> bool:
    """A date that names a thing ("Russia's June 2 term-sheet", "the Oct. 20 call"): the
    date of that thing, not of what is said in the sentence."""
    before = _BEFORE_A_THING.search(text, max(0, mention.start - 12), mention.start)
    return bool(before and _A_THING_AFTER.match(text, mention.end))


def _both(first: tuple[str, ...], second: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys((*first, *second)))


def _resolved_anonymous(draft: StatementDraft, index: NameIndex) -> StatementDraft:
    """An anonymous source the database keeps as an actor ("Moscow source in a position to
    know") is that actor when they share at least two words."""
    if draft.speaker_id is not None or draft.attribution != "anonymous":
        return draft
    best, score = None, 1
    for actor in index.actors.values():
        if actor.kind != "anonymous":
            continue
        shared = max(same_words(draft.speaker, n) for n in (actor.name, *actor.aliases))
        if shared > score:
            best, score = actor, shared
    if best is None:
        return draft
    return replace(draft, speaker=best.name, speaker_id=best.id)


DATELINE_CHARS = 400
"""How far into the article its own date may stand ("GENEVA, November 18, 2025 —")."""


_DATELINE = re.compile(
    r"^[ \t]*[A-ZА-ЯЁ][A-ZА-ЯЁ .'’-]{2,40}(?:\([^)\n]{1,30}\))?,\s*([^—–\n]{3,30}?)\s*(?:—|–|--)",
    re.MULTILINE,
)
"""A paragraph's opening place and date in capitals ("MOSCOW, Nov. 20 —"): when the report
was filed, not when what it tells happened."""


def without_datelines(text: str, dates: list[DateMention]) -> list[DateMention]:
    """The dates the text mentions, those of its datelines left out."""
    spans = [match.span(1) for match in _DATELINE.finditer(text)]
    return [d for d in dates if not any(a <= d.start < b for a, b in spans)]


def _dateline(text: str) -> PartialDate | None:
    """The first day with its year near the top of the article: its dateline."""
    head = text[:DATELINE_CHARS]
    for mention in find_dates(head, None):
        day = mention.when.start
        if mention.when.end is None and day.day is not None and str(day.year) in head:
            return day
    return None


def _title_from(name: str) -> str | None:
    if name in ("the text", "the page"):
        return None
    return Path(name).stem or None
