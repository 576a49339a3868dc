"""Capture on articles whose drafts are known: who said what, how it is attributed, where
its words are in the article, and when; on the seed article against the bundled sample."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import sqlite_utils

from app.core.dates import parse_partial
from app.core.model import Dataset
from app.core.paths import sample_dataset
from app.formats import native
from app.formats.article import Article, article_from_text, read_article
from app.services.capture.engine import draft_article
from app.services.capture.names import KnownActor

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "capture"
EXPECTED = json.loads((FIXTURES / "expected.json").read_text(encoding="utf-8"))
SEED = Path(__file__).resolve().parents[3] / "shared" / "seed" / "000_fe1ac1507f0ed30d.txt"
SEED_TARGET = 0.9


@pytest.fixture(scope="module")
def sample() -> Dataset:
    return native.read(sample_dataset())


@pytest.fixture(scope="module")
def actors(sample: Dataset) -> list[KnownActor]:
    return [KnownActor(a.id, a.name, a.aliases, a.kind) for a in sample.actors]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_statement_of_an_article_is_found_with_its_speaker_and_kind(
    name: str, actors: list[KnownActor]
) -> None:
    article = read_article(FIXTURES / name)
    drafts = draft_article(article, actors)
    expected = EXPECTED[name]["statements"]
    found = [(s.speaker, s.attribution, s.text[: len(e["starts"])]) for s, e in
             zip(drafts.statements, expected, strict=False)]  # fmt: skip
    assert found == [(e["speaker"], e["attribution"], e["starts"]) for e in expected]
    assert len(drafts.statements) == len(expected)
    for draft, wanted in zip(drafts.statements, expected, strict=True):
        assert wanted.get("has", "") in draft.text
        assert draft.role == wanted.get("role", draft.role)
        words = article.text[draft.start : draft.end]
        assert wanted["starts"] in words  # the offsets point at the words
        assert draft.date is not None or EXPECTED[name]["published"] is None


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_an_articles_dated_happenings_become_events_and_its_dateline_its_date(
    name: str, actors: list[KnownActor]
) -> None:
    drafts = draft_article(read_article(FIXTURES / name), actors)
    published = drafts.source.published
    assert (published.iso() if published else None) == EXPECTED[name]["published"]
    found = [{"kind": e.kind, "date": e.date.iso(), "place": e.place} for e in drafts.events]
    assert found == EXPECTED[name]["events"]


def test_a_statement_without_a_date_of_its_own_takes_the_articles_marked_approximate(
    actors: list[KnownActor],
) -> None:
    drafts = draft_article(read_article(FIXTURES / "news_en.txt"), actors)
    at_geneva = [s for s in drafts.statements if s.event is not None]
    assert {s.date.iso() for s in drafts.statements if s.date and s not in at_geneva} == {
        "2025-11-18~"
    }
    # "Lavrov told reporters after the meeting": said at the Geneva meeting, on its day.
    (lavrov,) = at_geneva
    assert lavrov.text.startswith("We had a frank and useful conversation")
    assert drafts.events[lavrov.event or 0].place == "Geneva"
    assert lavrov.date is not None
    assert lavrov.date.iso() == "2025-11-17"


def test_a_statement_is_linked_to_the_event_it_was_made_at_and_takes_its_day() -> None:
    text = (
        "MOSCOW, Nov. 20 — Russian Foreign Minister Sergei Lavrov spoke with U.S. Secretary "
        "of State Marco Rubio by phone on Tuesday, the Foreign Ministry said.\n\n"
        "The next day, Kremlin spokesman Dmitry Peskov said there were no plans for a summit. "
        '"There are no concrete dates," Peskov said.\n\n'
        "Lavrov and Rubio met in Kuala Lumpur on July 10 on the sidelines of the ASEAN "
        'meetings. At that meeting, Lavrov said: "Our dialogue continues."\n'
    )
    actors = [KnownActor("actor/lavrov", "Sergei Lavrov", (), "person"),
              KnownActor("actor/rubio", "Marco Rubio", (), "person"),
              KnownActor("actor/peskov", "Dmitry Peskov", (), "person")]  # fmt: skip
    drafts = draft_article(article_from_text(text), actors, parse_partial("2025-11-20"))
    # The dateline's day is when the report was filed; "on Tuesday" is the call's day.
    assert [(e.title, e.date.iso()) for e in drafts.events] == [
        ("Sergei Lavrov and Marco Rubio speak by phone", "2025-11-18"),
        ("Sergei Lavrov and Marco Rubio meet in Kuala Lumpur", "2025-07-10"),
    ]  # "no plans for a summit" is what Peskov said, not a summit
    said = {s.text: s for s in drafts.statements}
    kl = said["Our dialogue continues."]
    assert (kl.speaker, kl.event, kl.date and kl.date.iso()) == ("Sergei Lavrov", 1, "2025-07-10")
    dates = said["There are no concrete dates,"]  # its paragraph's "next day" after Tuesday
    assert (dates.event, dates.date and dates.date.iso()) == (None, "2025-11-19")


def test_a_surname_alone_is_the_person_named_in_full_before_and_a_byline_speaks_for_no_one() -> (
    None
):
    text = (
        "Talks resume\nBy Anna Smith, Example Wire\n\n"
        "Finnish President Alexander Stubb spoke to reporters in Helsinki.\n\n"
        '"We are ready to help," Stubb said. "The door is open."\n'
    )
    drafts = draft_article(article_from_text(text), [], parse_partial("2025-11-20"))
    assert [(s.speaker, s.text) for s in drafts.statements] == [
        ("Alexander Stubb", "We are ready to help, The door is open.")
    ]


def test_a_scare_quote_and_a_title_in_quotes_are_no_statements() -> None:
    text = (
        'The talks were "businesslike", aides said. The so-called “Comprehensive Plan to End '
        "the Conflict” ran into opposition. This is Russian for “I am in control here”.\n"
    )
    drafts = draft_article(article_from_text(text))
    assert [s.text for s in drafts.statements if s.attribution == "direct"] == []


def test_guillemets_in_english_and_a_date_in_the_sentence(actors: list[KnownActor]) -> None:
    text = "On December 17, 2021, Lavrov said: « We want legally binding guarantees. »\n"
    (draft,) = draft_article(article_from_text(text), actors).statements
    assert (draft.speaker_id, draft.attribution, draft.date) == (
        "actor/sergei-lavrov", "direct", draft.date,
    )  # fmt: skip
    assert draft.date is not None
    assert draft.date.iso() == "2021-12-17"
    assert text[draft.start : draft.end].strip() == "We want legally binding guarantees."


def test_a_numbered_reference_with_its_address_is_the_statements_source(
    actors: list[KnownActor],
) -> None:
    text = (
        "“Russia abstained in the voting,” the Russian Foreign Ministry said [3].\n\n"
        "[3] Statement on Resolution 2803, https://mid.ru/ru/foreign_policy/news/2060230/\n"
    )
    drafts = draft_article(article_from_text(text), actors)
    (draft,) = drafts.statements
    assert draft.references == ("3",)
    assert drafts.references["3"].url == "https://mid.ru/ru/foreign_policy/news/2060230/"
    assert drafts.references["3"].title == "Statement on Resolution 2803"


@pytest.mark.skipif(not SEED.exists(), reason="the seed article lives in ../shared beside a clone")
def test_the_seed_article_gives_the_samples_statements_with_their_speakers(
    sample: Dataset, actors: list[KnownActor]
) -> None:
    """The yardstick of the issue: at least 90 % of the sample's 23 statements, each found
    where its words are in the article, with the sample's speaker."""
    article = read_article(SEED)
    drafts = draft_article(article, actors)
    found = sum(_found(article, drafts.statements, s.text, s.speaker) for s in sample.statements)
    assert found / len(sample.statements) >= SEED_TARGET, f"{found} of {len(sample.statements)}"


def _found(article: Article, drafts: list, words: str, speaker: str) -> bool:
    """A draft by `speaker` whose offsets cover where the sample's words (or, for words the
    sample shortened, their first 40 characters) are in the article."""
    at = article.text.find(words)
    length = len(words)
    if at < 0:
        at, length = article.text.find(words[:40]), 40
    assert at >= 0, words
    return any(d.start <= at and at + length <= d.end and d.speaker_id == speaker for d in drafts)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary"),
        ("Caf\xe9 au lait".encode("latin-1"), "not UTF-8 or UTF-16"),
    ],
)
def test_a_file_that_is_no_article_gets_a_message_naming_it(
    tmp_path: Path, data: bytes, message: str
) -> None:
    path = tmp_path / "article.txt"
    path.write_bytes(data)
    with pytest.raises(ValueError, match=message) as caught:
        read_article(path)
    assert str(path) in str(caught.value)


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-16-le", "utf-8"])
def test_offsets_index_the_text_as_read_whatever_its_encoding(
    tmp_path: Path, encoding: str, actors: list[KnownActor]
) -> None:
    text = "Title line here\r\n«Мы готовы к диалогу», — заявил Песков.\r\n"
    path = tmp_path / "ru.txt"
    path.write_bytes(text.encode(encoding))
    article = read_article(path)
    assert article.text == text  # the mark gone, line ends untouched
    (draft,) = draft_article(article, actors).statements
    assert article.text[draft.start : draft.end] == "Мы готовы к диалогу"
    assert draft.speaker_id == "actor/dmitry-peskov"


def test_unbalanced_marks_and_scripts_give_drafts_or_nothing_never_an_error() -> None:
    text = (
        "<script>alert(\"He said: 'run this'\")</script>\n“Never closed, said Lavrov.\n"
        'Closed” without opening. « » „ " "" ”“\n' * 50
    )
    drafts = draft_article(article_from_text(text))
    assert all(0 <= s.start <= s.end <= len(text) for s in drafts.statements)


def test_a_saved_page_gives_its_article_and_metadata_without_the_page_around_it(
    actors: list[KnownActor],
) -> None:
    article = read_article(FIXTURES / "page.html")
    assert article.title == "Lavrov and Rubio talk by phone"
    assert (article.url, article.author) == ("https://example.com/news/lavrov-rubio", "Jane Roe")
    assert article.published is not None
    assert article.published.iso() == "2025-10-21"
    assert "alert" not in article.text
    assert "Home | World" not in article.text
    drafts = draft_article(article, actors)
    assert [(s.speaker_id, s.attribution) for s in drafts.statements][:1] == [
        ("actor/sergei-lavrov", "direct")
    ]
    assert drafts.as_json()["text"] == article.text


def test_a_page_without_an_article_gets_a_message(tmp_path: Path) -> None:
    path = tmp_path / "empty.html"
    path.write_text("<html><head><title>x</title></head><body><nav>Home</nav></body></html>")
    with pytest.raises(ValueError, match="no article text"):
        read_article(path)


def test_nothing_is_written_by_drafting(sample_db: sqlite_utils.Database) -> None:
    before = sample_db.execute("SELECT count(*) FROM items").fetchone()[0]
    draft_article(read_article(FIXTURES / "news_en.txt"))
    assert sample_db.execute("SELECT count(*) FROM items").fetchone()[0] == before


def test_a_saved_pages_links_become_the_sources_of_what_is_said_beside_them() -> None:
    """The extracted text keeps the linked words, not the addresses: they are read from the
    markup (never fetched); a menu's, a footer's or a script's link is no source."""
    article = read_article(FIXTURES / "linked_page.html")
    drafts = draft_article(article, [], parse_partial("2025-11-20"))
    briefing = "https://news.example.org/world/peskov-briefing"  # made whole from "/world/…"
    assert set(drafts.references) == {"https://mid.ru/en/readout/123", briefing}
    assert drafts.references[briefing].title == "reported earlier by this paper"
    by_speaker = {(s.speaker, s.text[:20]): s.references for s in drafts.statements}
    assert by_speaker[("Dmitry Peskov", "There are no concret")] == (briefing,)
    assert by_speaker[("Sergei Lavrov", "We discussed the imp")] == ()


def test_titles_before_names_are_not_names_and_that_opens_what_was_said() -> None:
    """An article none of whose speakers the database knows: each is named without the title
    before the name, a pronoun takes the speaker before it, and "added that Ukraine needed"
    is Merz's words about Ukraine, not Ukraine speaking."""
    drafts = draft_article(read_article(FIXTURES / "news_eu_titles.txt"), [])
    assert [(s.speaker, s.attribution, s.text[:24]) for s in drafts.statements] == [
        ("Ursula von der Leyen", "direct", "We are not there yet, Bu"),
        ("Bart De Wever", "paraphrase", "Belgian Prime Minister B"),
        ("Bart De Wever", "direct", "If this goes wrong, Belg"),
        ("Friedrich Merz", "direct", "Time is not on our side,"),
        ("Friedrich Merz", "paraphrase", "He added that Ukraine ne"),
        ("Dmitry Peskov", "paraphrase", "Kremlin spokesman Dmitry"),
        ("Dmitry Peskov", "direct", "Any such step will not g"),
        ("A senior EU diplomat", "anonymous", "A senior EU diplomat, sp"),
        ("Viktor Orban", "direct", "This is a road to war, n"),
        ("Volodymyr Zelensky", "direct", "Every day of delay costs"),
    ]
    ukraine = [KnownActor("actor/ukraine", "Ukraine", (), "state")]
    with_state = draft_article(read_article(FIXTURES / "news_eu_titles.txt"), ukraine)
    assert "Ukraine" not in {s.speaker for s in with_state.statements}


def test_a_russian_readout_dates_the_call_by_its_weekday_and_titles_it_by_its_people() -> None:
    actors = [
        KnownActor("actor/lavrov", "Sergei Lavrov", ("Сергей Лавров", "Лавров"), "person"),
        KnownActor("actor/rubio", "Marco Rubio", ("Марко Рубио",), "person"),
        KnownActor("actor/peskov", "Dmitry Peskov", ("Дмитрий Песков", "Песков"), "person"),
        KnownActor("actor/russia", "Russia", ("России",), "state"),
    ]
    drafts = draft_article(
        read_article(FIXTURES / "readout_ru_call.txt"), actors, parse_partial("2025-11-20")
    )
    assert [(s.speaker_id, s.attribution, s.text[:12]) for s in drafts.statements] == [
        ("actor/lavrov", "direct", "Мы обсудили "),
        ("actor/peskov", "paraphrase", "Пресс-секрет"),
        ("actor/peskov", "direct", "Конкретных с"),
    ]
    (call,) = drafts.events
    assert (call.title, call.kind, call.date.iso()) == (
        "Sergei Lavrov and Marco Rubio speak by phone",
        "call",
        "2025-11-18",
    )  # "во вторник" before the article's Thursday; the state named is an actor, not the title
    assert "Russia" in call.actors


def test_a_date_that_names_a_thing_does_not_date_what_is_said() -> None:
    """ "Russia's June 2 term-sheet" is the term-sheet's date; "on June 2" is the saying's."""
    text = (
        "Talks\n\nUS officials said Moscow must accept Russia's June 2 term-sheet as it stands.\n\n"
        "Kremlin spokesman Dmitry Peskov said on June 4 that the talks would go on.\n"
    )
    drafts = draft_article(article_from_text(text), [], parse_partial("2025-11-20"))
    assert [(s.speaker, s.date and s.date.iso()) for s in drafts.statements] == [
        ("US officials", "2025-11-20~"),
        ("Dmitry Peskov", "2025-06-04"),
    ]
