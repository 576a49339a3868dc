"""The bundled sample holds what a reader of the article expects, at the article's dates."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import sqlite_utils

from app.core.filter import Filter
from app.core.model import Dataset
from app.core.paths import sample_dataset
from app.formats import native
from app.store.queries import page
from app.store.records import resolve

SEED = Path(__file__).resolve().parents[3] / "shared" / "seed" / "000_fe1ac1507f0ed30d.txt"


@pytest.fixture(scope="module")
def sample() -> Dataset:
    return native.read(sample_dataset())


@pytest.mark.parametrize(
    ("event_id", "when", "kind"),
    [
        ("event/2005-12-unga-resolution-60-143", "Dec 2005", "vote"),
        ("event/2021-12-17-russia-draft-security-treaties", "17 Dec 2021", "document"),
        ("event/2024-06-14-putin-foreign-ministry-address", "14 Jun 2024", "speech"),
        ("event/2025-06-02-istanbul-memorandum", "2 Jun 2025", "document"),
        ("event/2025-07-10-lavrov-rubio-kuala-lumpur", "10 Jul 2025", "meeting"),
        ("event/2025-08-16-putin-trump-alaska-summit", "16 Aug 2025", "summit"),
        ("event/2025-10-20-lavrov-rubio-call", "20 Oct 2025", "call"),
        ("event/2025-10-22-icj-advisory-opinion", "22 Oct 2025", "ruling"),
        ("event/2025-10-24-dmitriev-miami", "24–26 Oct 2025", "visit"),
        ("event/2025-11-17-unsc-resolution-2803-vote", "17 Nov 2025", "vote"),
        ("event/2025-11-18-russian-mfa-statement-2803", "18 Nov 2025", "announcement"),
    ],
)
def test_dated_events_at_the_articles_precision(
    sample: Dataset, event_id: str, when: str, kind: str
) -> None:
    event = next(e for e in sample.events if e.id == event_id)
    assert (event.when.display(), event.kind) == (when, kind)


def test_the_security_council_vote_carries_its_tally(sample: Dataset) -> None:
    vote = next(e for e in sample.events if e.id == "event/2025-11-17-unsc-resolution-2803-vote")
    assert vote.tally is not None
    assert (vote.tally.in_favour, vote.tally.against, vote.tally.abstaining) == (13, 0, 2)
    assert "source/un-s-res-2803-2025" in vote.sources


def test_every_printed_url_is_a_source_that_supports_something(sample: Dataset) -> None:
    urls = {s.url for s in sample.sources}
    assert {
        "https://www.interfax.ru/russia/1029172",
        "https://x.com/DropSiteNews/status/1990550770073088154",
        "https://russiaun.ru/en/news/comment_gaza_141125",
        "https://docs.un.org/en/s/res/2803(2025)",
        "https://mid.ru/ru/foreign_policy/news/2060230/",
        "https://docs.un.org/en/A/RES/60/143",
        "https://un.china-mission.gov.cn/eng/hyyfy/202511/t20251119_11755683.htm",
    } <= urls
    cited = {x for e in sample.events for x in e.sources} | {
        x for s in sample.statements for x in s.sources
    }
    assert cited == {s.id for s in sample.sources}
    assert all(e.sources for e in sample.events)
    assert all(s.sources for s in sample.statements)


@pytest.mark.parametrize(
    ("speaker", "words", "attribution"),
    [
        ("Dmitry Peskov", "Moscow and Washington are not working on any new initiatives", "direct"),
        ("Maria Zakharova", "These channels must be used by all means.", "direct"),
        ("Kirill Dmitriev", "we feel the Russian position is really being heard", "direct"),
        ("Oleg Tsarev", "I’m cheering for both sides. Let Russia win.", "direct"),
        ("Fu Cong", "China abstained in the vote.", "direct"),
        ("Hamas", "This resolution does not meet the level", "direct"),
        ("Russian Foreign Ministry", "Russia abstained in the voting", "direct"),
        (
            "Moscow source in a position to know",
            "The Dmitriev-Witkoff track is overrated",
            "anonymous",
        ),
    ],
)
def test_quoted_words_have_their_speakers(
    sample: Dataset, speaker: str, words: str, attribution: str
) -> None:
    names = {a.id: a.name for a in sample.actors}
    said = [s for s in sample.statements if words in s.text]
    assert said, words
    assert {(names[s.speaker], s.attribution) for s in said} == {(speaker, attribution)}


@pytest.mark.skipif(not SEED.exists(), reason="the seed article lives in ../shared beside a clone")
def test_statements_are_verbatim_and_summaries_are_our_own_words(sample: Dataset) -> None:
    article = " ".join(re.sub(r"\s*\[\d+\]", "", SEED.read_text(encoding="utf-8")).split())
    for statement in sample.statements:
        assert " ".join(statement.text.split()) in article, statement.id
    words = article.split()
    runs = {" ".join(words[i : i + 8]) for i in range(len(words) - 7)}
    for event in sample.events:
        prose = f"{event.title} {event.summary or ''}".split()
        copied = [
            " ".join(prose[i : i + 8])
            for i in range(len(prose) - 7)
            if " ".join(prose[i : i + 8]) in runs
        ]
        assert not copied, (event.id, copied)


def test_a_reader_finds_the_tracks_and_actors_the_article_names(
    sample_db: sqlite_utils.Database,
) -> None:
    tracks = {r[0] for r in sample_db.execute("SELECT name FROM tracks")}
    assert {
        "Dmitriev–Witkoff back-channel",
        "Lavrov–Rubio channel",
        "UN Security Council",
    } <= tracks
    medinsky = resolve(sample_db, "actors", "Vadim Medinsky")
    assert resolve(sample_db, "actors", "Мединский") == medinsky
    back_channel = page(
        sample_db, Filter(tracks=frozenset({resolve(sample_db, "tracks", "Dmitriev–Witkoff")}))
    )
    assert "event/2025-10-24-dmitriev-miami" in {i.id for i in back_channel}
    lavrov = Filter(
        actors=frozenset({resolve(sample_db, "actors", "Лавров")}),
        kinds=frozenset({"meeting", "call"}),
    )
    assert [i.when.display() for i in page(sample_db, lavrov)] == ["10 Jul 2025", "20 Oct 2025"]
    vetoes = page(sample_db, Filter(text="veto"))
    assert any(i.speaker == "Russian Foreign Ministry" for i in vetoes)
