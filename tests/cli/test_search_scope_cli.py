"""`backchannel search` and `export` keep to the places `--in` names, say how many more items
only their sources would bring, and list by relevance with `--order relevance`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.cli import main


def run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def test_2803_lists_the_resolutions_items_and_says_how_many_more_sources_name(
    capsys: pytest.CaptureFixture[str], sample_path: Path
) -> None:
    code, out, _ = run(capsys, "search", "--db", sample_path, "2803")
    assert code == 0
    assert "Security Council adopts Resolution 2803 on Gaza" in out
    assert "8 item(s)" in out
    assert (
        "and 38 more match only through their sources (--in text,actors,sources lists them)" in out
    )


def test_in_sources_brings_them_in_and_says_where_each_matched(
    capsys: pytest.CaptureFixture[str], sample_path: Path
) -> None:
    code, out, _ = run(
        capsys,
        "search",
        "--db",
        sample_path,
        "2803",
        "--in",
        "text,actors,sources",
        "--json",
        "--limit",
        "50",
    )
    assert code == 0
    found = json.loads(out)
    assert (found["total"], found["only_through_sources"]) == (46, 0)
    snippets = {item["id"]: item["snippet"] for item in found["items"]}
    assert snippets["event/2025-10-20-lavrov-rubio-call"].startswith("matched in source: ")
    assert "2803" in snippets["event/2025-11-17-unsc-resolution-2803-vote"]


def test_order_relevance_puts_own_words_before_sources(
    capsys: pytest.CaptureFixture[str], sample_path: Path
) -> None:
    args = ("search", "--db", sample_path, "2803", "--in", "text,sources", "--json")
    _, out, _ = run(capsys, *args, "--order", "relevance", "--limit", "4")
    ranked = [item["snippet"] for item in json.loads(out)["items"]]
    assert not any(s.startswith("matched in source") for s in ranked)
    _, out, _ = run(capsys, *args, "--limit", "4")
    in_time = [item["snippet"] for item in json.loads(out)["items"]]
    assert all(s.startswith("matched in source") for s in in_time)


def test_export_keeps_to_the_same_places(
    capsys: pytest.CaptureFixture[str], sample_path: Path, tmp_path: Path
) -> None:
    out = tmp_path / "found.json"
    args = ("export", "--db", sample_path, "--format", "json", "--text", "2803", "-o", out)
    assert run(capsys, *args)[0] == 0
    written = json.loads(out.read_text(encoding="utf-8"))
    assert len(written["events"]) + len(written["statements"]) == 8
    assert run(capsys, *args, "--in", "text,sources")[0] == 0
    written = json.loads(out.read_text(encoding="utf-8"))
    assert len(written["events"]) + len(written["statements"]) == 46


def test_an_unknown_place_is_a_one_line_message(
    capsys: pytest.CaptureFixture[str], sample_path: Path
) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["search", "--db", str(sample_path), "2803", "--in", "text,titles"])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert "argument --in: “titles” is not a place to search; choose among text, actors" in err
    assert "Traceback" not in err
