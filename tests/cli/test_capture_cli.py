"""`backchannel capture`: the drafts as JSON with offsets that point at the words, a dry run
that writes nothing, a capture that writes like an import, and a message for bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.cli import main
from app.core.paths import sample_dataset
from app.formats import native

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "capture"
SEED = Path(__file__).resolve().parents[3] / "shared" / "seed" / "000_fe1ac1507f0ed30d.txt"


def run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.skipif(not SEED.exists(), reason="the seed article lives in ../shared beside a clone")
def test_the_seed_articles_json_finds_the_samples_statements_where_their_words_are(
    capsys: pytest.CaptureFixture[str], sample_path: Path
) -> None:
    code, out, err = run(capsys, "capture", SEED, "--db", sample_path, "--dry-run", "--json")
    assert (code, err) == (0, "")
    drafts = json.loads(out)
    assert set(drafts) == {"source", "statements", "events"}
    assert set(drafts["source"]) == {"title", "url", "publisher", "author", "published"}
    text = SEED.read_text(encoding="utf-8")
    sample = native.read(sample_dataset())
    found = 0
    for statement in sample.statements:
        at = text.find(statement.text)
        length = len(statement.text)
        if at < 0:  # the sample shortened a few: their first words
            at, length = text.find(statement.text[:40]), 40
        found += any(
            d["start"] <= at and at + length <= d["end"] and d["speaker_id"] == statement.speaker
            for d in drafts["statements"]
        )
    assert found / len(sample.statements) >= 0.9, found
    for draft in drafts["statements"]:
        assert set(draft) == {"speaker", "speaker_id", "text", "attribution", "cue", "date",
                              "start", "end"}  # fmt: skip
        first_words = " ".join(draft["text"].split()[:3])
        assert first_words in " ".join(text[draft["start"] : draft["end"]].split())


def test_a_dry_run_writes_nothing_and_a_capture_writes_like_an_import(
    capsys: pytest.CaptureFixture[str], sample_path: Path
) -> None:
    article = FIXTURES / "news_en.txt"
    before = sample_path.read_bytes()
    code, out, err = run(capsys, "capture", article, "--db", sample_path, "--dry-run")
    assert (code, err) == (0, "")
    assert "Would add 7 statement(s), 2 event(s), 2 source(s) (nothing was written)" in out
    assert "New actors proposed: Anna Kowalski, Officials, A senior Western diplomat" in out
    assert sample_path.read_bytes() == before
    code, out, err = run(capsys, "capture", article, "--db", sample_path, "--track", "Lavrov–Rubio")
    assert (code, err) == (0, "")
    assert "Added 7 statement(s), 2 event(s)" in out
    code, out, err = run(capsys, "--db", sample_path, "search", "--json", "channel is open")
    (hit,) = json.loads(out)["items"]
    assert (hit["speaker"], hit["tracks"]) == ("Anna Kowalski", ["track/lavrov-rubio"])
    code, out, err = run(capsys, "capture", article, "--db", sample_path)
    assert "nothing new to add" in out
    assert "7 statement(s) were captured from this article before" in out


def test_a_saved_page_prints_the_text_its_offsets_index(
    capsys: pytest.CaptureFixture[str], sample_path: Path
) -> None:
    code, out, err = run(capsys, "capture", FIXTURES / "page.html", "--db", sample_path, "--json")
    assert (code, err) == (0, "")
    drafts = json.loads(out)
    assert drafts["source"]["url"] == "https://example.com/news/lavrov-rubio"
    first = drafts["statements"][0]
    quoted = drafts["text"][first["start"] : first["end"]]
    assert quoted.startswith("The conversation was constructive,")
    assert quoted.endswith("We agreed to keep in touch.")


@pytest.mark.parametrize(
    ("content", "words"),
    [(b"", "empty"), (b"\x00\x01\x02\x03binary", "binary file")],
)
def test_bad_input_is_a_message_naming_the_file_and_nothing_is_written(
    capsys: pytest.CaptureFixture[str], sample_path: Path, tmp_path: Path, content: bytes,
    words: str,
) -> None:  # fmt: skip
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    before = sample_path.read_bytes()
    code, _out, err = run(capsys, "capture", bad, "--db", sample_path)
    assert code == 1
    assert str(bad) in err
    assert words in err
    assert "Traceback" not in err
    assert sample_path.read_bytes() == before


def test_an_undated_article_asks_for_its_date(
    capsys: pytest.CaptureFixture[str], sample_path: Path
) -> None:
    md = FIXTURES / "split_and_paragraphs.md"
    code, out, err = run(capsys, "capture", md, "--db", sample_path)
    assert code == 1
    assert "--date" in err
    code, out, err = run(capsys, "capture", md, "--db", sample_path, "--date", "3 Mar 2025")
    assert (code, err) == (0, "")
    assert "Added 3 statement(s)" in out


def test_a_50_mb_text_is_refused_before_it_is_read(
    capsys: pytest.CaptureFixture[str], sample_path: Path, tmp_path: Path
) -> None:
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as handle:
        handle.truncate(50 * 2**20)
    code, _out, err = run(capsys, "capture", huge, "--db", sample_path, "--dry-run")
    assert code == 1
    assert "the file is 50 MB; an article of more than 16 MB is not read" in err
