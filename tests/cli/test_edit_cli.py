"""`backchannel add`, `tag` and `history` on real files, and `--tag` in search and export: the
window's checks and messages, each naming its option; a refusal leaves the file as it was."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from app.cli import main


def run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def found(capsys: pytest.CaptureFixture[str], db: Path, *args: str) -> list[str]:
    code, out, err = run(capsys, "--db", db, "search", "--json", "--limit", "1000", *args)
    assert (code, err) == (0, "")
    return [item["id"] for item in json.loads(out)["items"]]


def add_statement(capsys: pytest.CaptureFixture[str], db: Path, *extra: str) -> str:
    code, out, err = run(
        capsys, "add", "statement", "--db", db, "--speaker", "Песков", "--date", "24 Oct 2025",
        "--text", "Zanzibar is not on the agenda.", *extra,
    )  # fmt: skip
    assert (code, err) == (0, ""), err
    return out.strip()


def test_a_statement_added_by_an_alias_is_found_by_its_words_tags_and_export(
    capsys: pytest.CaptureFixture[str], sample_path: Path
) -> None:
    new_id = add_statement(
        capsys, sample_path, "--track", "Dmitriev", "--source", "https://example.org/brief",
        "--tag", "Brief", "--tag", "срочно", "--note", "Heard it on the radio; check",
        "--attribution", "paraphrase", "--language", "ru",
    )  # fmt: skip
    assert new_id.startswith("statement/")
    assert found(capsys, sample_path, "Zanzibar") == [new_id]
    assert found(capsys, sample_path, "--tag", "brief") == [new_id]
    assert found(capsys, sample_path, "--tag", "СРОЧНО", "--actor", "Peskov") == [new_id]
    assert found(capsys, sample_path, "radio") == []  # a note is not the source's words

    code, out, _ = run(capsys, "--db", sample_path, "export", "--format", "json", "--tag", "BRIEF")
    assert code == 0
    [statement] = json.loads(out)["statements"]
    assert statement["speaker"] == "actor/dmitry-peskov"
    assert statement["attribution"] == "paraphrase"
    assert statement["tracks"] == ["track/dmitriev-witkoff"]
    assert (statement["tags"], statement["note"]) == (
        ["Brief", "срочно"],
        "Heard it on the radio; check",
    )
    code, out, _ = run(capsys, "--db", sample_path, "export", "--format", "csv", "--tag", "brief")
    [row] = csv.DictReader(io.StringIO(out, newline=""))
    assert (row["tags"], row["analyst_note"]) == ("Brief; срочно", "Heard it on the radio; check")
    assert row["text"] == "Zanzibar is not on the agenda."


def test_an_unknown_speaker_is_refused_naming_the_option_unless_new(
    capsys: pytest.CaptureFixture[str], sample_path: Path
) -> None:
    before = sample_path.read_bytes()
    code, out, err = run(
        capsys, "add", "statement", "--db", sample_path, "--speaker", "Ivan Petrov",
        "--date", "2025", "--text", "Words.",
    )  # fmt: skip
    assert (code, out) == (1, "")
    assert err == "backchannel: --speaker: No actor is called “Ivan Petrov”.\n"
    assert sample_path.read_bytes() == before

    code, out, err = run(
        capsys, "add", "statement", "--db", sample_path, "--speaker", "Ivan Petrov",
        "--date", "2025", "--text", "Words.", "--new-speaker",
    )  # fmt: skip
    assert code == 0
    assert err == "New actor: Ivan Petrov (actor/ivan-petrov)\n"
    assert found(capsys, sample_path, "--actor", "Ivan Petrov") == [out.strip()]


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--date", "the day after", "--date: “the day after” is not a date"),
        ("--attribution", "rumour", "--attribution: Attribution must be one of direct"),
        ("--language", "Russian!", "--language: “Russian!” is not a language code"),
        ("--event", "event/none", "--event: There is no event 'event/none'."),
        ("--track", "Nowhere", "--track: No track is called “Nowhere”."),
        ("--source", "ftp://x", "--source: “ftp://x” is neither a stored source nor a web"),
        ("--tag", "two\nlines", "--tag: “two\\nlines” is not one line"),
        ("--tag", "x" * 101, "--tag: The tag “xxxxxxxx"),
        ("--note", "x" * 200_001, "--note: The note is 200,001 characters long"),
        ("--text", " ", "--text: The text is required."),
    ],
)
def test_a_bad_statement_field_is_one_line_naming_the_option(
    capsys: pytest.CaptureFixture[str], sample_path: Path, option: str, value: str, message: str
) -> None:
    before = sample_path.read_bytes()
    code, out, err = run(
        capsys, "add", "statement", "--db", sample_path, "--speaker", "Peskov",
        "--date", "24 Oct 2025", "--text", "Words.", option, value,
    )  # fmt: skip
    assert (code, out) == (1, "")
    assert err.startswith("backchannel: " + message), err
    assert len(err.splitlines()) == 1
    assert sample_path.read_bytes() == before


def test_an_event_is_added_with_its_range_actors_and_tags(
    capsys: pytest.CaptureFixture[str], sample_path: Path
) -> None:
    code, out, err = run(
        capsys, "add", "event", "--db", sample_path, "--title", "Geneva round",
        "--kind", "negotiation", "--date", "24–26 Nov 2025", "--place", "Geneva",
        "--actor", "Lavrov", "--actor", "Rubio", "--tag", "brief", "--note", "Venue unsure",
    )  # fmt: skip
    assert (code, err) == (0, "")
    new_id = out.strip()
    assert found(capsys, sample_path, "--tag", "Brief", "--kind", "negotiation") == [new_id]
    code, out, _ = run(capsys, "--db", sample_path, "export", "--format", "json", "--tag", "brief")
    [event] = json.loads(out)["events"]
    assert (event["start"], event["end"], event["place"]) == ("2025-11-24", "2025-11-26", "Geneva")
    assert len(event["actors"]) == 2
    assert event["note"] == "Venue unsure"

    code, out, err = run(
        capsys, "add", "event", "--db", sample_path, "--title", "Geneva round",
        "--kind", "picnic", "--date", "2025",
    )  # fmt: skip
    assert (code, out) == (1, "")
    assert err.startswith("backchannel: --kind: Kind must be one of meeting, call,")


def test_tagging_and_untagging_many_items_says_what_changed(
    capsys: pytest.CaptureFixture[str], sample_path: Path
) -> None:
    ids = found(capsys, sample_path, "--actor", "Peskov")[:3]
    code, out, err = run(capsys, "tag", "--db", sample_path, *ids[:2], "--add", "Brief")
    assert (code, out, err) == (0, "Tagged 2 items “Brief”.\n", "")
    code, out, _ = run(capsys, "tag", "--db", sample_path, *ids, "--add", "brief")
    assert out == "Tagged 1 item “brief”. 2 items already had the tag.\n"
    assert found(capsys, sample_path, "--tag", "BRIEF") == ids
    code, out, _ = run(capsys, "tag", "--db", sample_path, ids[0], "--remove", "BRIEF")
    assert out == "Untagged 1 item “BRIEF”.\n"
    code, out, _ = run(capsys, "tag", "--db", sample_path, ids[0], "--remove", "brief")
    assert (code, out) == (0, "Nothing to change: the item did not have “brief”.\n")
    assert found(capsys, sample_path, "--tag", "brief") == ids[1:]


def test_tagging_an_item_that_is_not_there_changes_nothing(
    capsys: pytest.CaptureFixture[str], sample_path: Path
) -> None:
    real = found(capsys, sample_path)[0]
    before = sample_path.read_bytes()
    code, out, err = run(capsys, "tag", "--db", sample_path, real, "event/gone", "--add", "x")
    assert (code, out) == (1, "")
    assert err == "backchannel: ID: There is no event or statement “event/gone”.\n"
    assert sample_path.read_bytes() == before
    with pytest.raises(SystemExit) as exited:
        main(["tag", "--db", str(sample_path), real])
    assert exited.value.code == 2
    assert "one of the arguments --add --remove is required" in capsys.readouterr().err


def test_history_lists_each_change_oldest_first_with_old_and_new(
    capsys: pytest.CaptureFixture[str], sample_path: Path
) -> None:
    new_id = add_statement(capsys, sample_path, "--note", "first\nthought")
    run(capsys, "tag", "--db", sample_path, new_id, "--add", "brief")
    code, out, err = run(capsys, "history", "--db", sample_path, new_id)
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0].endswith("UTC  New statement")
    assert "    speaker: (none) → actor/dmitry-peskov" in lines
    assert "    note: (none) → first thought" in lines  # one line per field
    assert lines[-2].endswith("UTC  Tag 1 item “brief”")
    assert lines[-1] == '    tags: (none) → ["brief"]'


def test_history_of_an_imported_item_and_of_no_item(
    capsys: pytest.CaptureFixture[str], sample_path: Path
) -> None:
    imported = found(capsys, sample_path)[0]
    code, out, _ = run(capsys, "history", "--db", sample_path, imported)
    assert (code, out) == (0, f"No change to “{imported}” is recorded: it is as it was imported.\n")
    code, out, err = run(capsys, "history", "--db", sample_path, "statement/\x1b[31mnone")
    assert (code, out) == (1, "")
    assert err == (
        "backchannel: ID: there is no item, actor, track or source “statement/\\x1b[31mnone”.\n"
    )
