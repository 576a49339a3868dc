"""Fields in `backchannel search` and `export --text`: the window's search box syntax, the
same items, and a message with exit code 2 for what cannot run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.cli import main


def run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def found(capsys: pytest.CaptureFixture[str], path: Path, *args: str) -> list[str]:
    code, out, err = run(capsys, "--db", path, "search", "--json", "--limit", "1000", *args)
    assert code == 0, err
    return [item["id"] for item in json.loads(out)["items"]]


def test_fields_and_words_search_and_export_the_same_items(
    capsys: pytest.CaptureFixture[str], sample_path: Path
) -> None:
    his = found(capsys, sample_path, "speaker:Peskov")
    assert len(his) == 2
    assert found(capsys, sample_path, "speaker:Песков") == his
    assert found(capsys, sample_path, "Washington speaker:Peskov") == his[:1]
    code, out, _ = run(
        capsys, "--db", sample_path, "export", "--format", "json", "--text", "speaker:Песков"
    )
    assert code == 0
    assert sorted(s["id"] for s in json.loads(out)["statements"]) == sorted(his)


def test_fields_narrow_the_options(capsys: pytest.CaptureFixture[str], sample_path: Path) -> None:
    unsc = found(capsys, sample_path, 'track:"Security Council"')
    votes = found(capsys, sample_path, "kind:vote", "--track", "Security Council")
    assert votes
    assert set(votes) <= set(unsc)
    assert found(capsys, sample_path, "kind:vote") != votes


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("speaker:Peskpv", "speaker: No actor is called “Peskpv”."),
        ('actor:"Fu Cong', "The quote after “actor:” is not closed"),
        ("who:Lavrov", "“who:” is not a search field. Fields: speaker:, actor:, track:"),
        ("veto to:2025-02-30", "to: “2025-02-30” is not a date"),
    ],
)
def test_what_cannot_run_is_one_line_and_exit_code_2(
    capsys: pytest.CaptureFixture[str], sample_path: Path, typed: str, message: str
) -> None:
    for command in (["search", typed], ["export", "--format", "csv", "--text", typed]):
        code, out, err = run(capsys, "--db", sample_path, *command)
        assert code == 2
        assert out == ""
        assert err.startswith("backchannel: ")
        assert message in err
        assert "Traceback" not in err
        assert err.count("\n") == 1


def test_a_search_that_finds_nothing_says_which_field_leaves_nothing(
    capsys: pytest.CaptureFixture[str], sample_path: Path
) -> None:
    code, out, err = run(capsys, "--db", sample_path, "search", "speaker:Peskov track:Witkoff")
    assert code == 0, err
    assert out.splitlines() == [
        "0 item(s)",
        "No items match “speaker:Peskov track:Witkoff” — without track:Witkoff, 2 items "
        "(Dmitry Peskov's statements are on other tracks)",
    ]
    code, out, _ = run(capsys, "--db", sample_path, "search", "speaker:Peskov")
    assert code == 0
    assert out.splitlines()[-1] == "2 item(s)"


def test_words_left_out_are_typed_as_in_the_box_even_as_arguments_of_their_own(
    capsys: pytest.CaptureFixture[str], sample_path: Path
) -> None:
    witkoff, dmitriev = (
        found(capsys, sample_path, "Witkoff"),
        found(capsys, sample_path, "Dmitriev"),
    )
    left = [i for i in witkoff if i not in dmitriev]
    assert left
    # One argument, or the shell's words one by one, a minus first or not: the same items.
    assert found(capsys, sample_path, "Witkoff -Dmitriev") == left
    assert found(capsys, sample_path, "Witkoff", "-Dmitriev") == left
    assert found(capsys, sample_path, "-Dmitriev", "Witkoff") == left
    assert found(capsys, sample_path, "--", "-Dmitriev Witkoff") == left
    everything = found(capsys, sample_path)
    assert found(capsys, sample_path, "-Dmitriev") == [i for i in everything if i not in dmitriev]
    # An option nobody has is still an error, not words.
    with pytest.raises(SystemExit) as stopped:
        run(capsys, "--db", sample_path, "search", "--limt", "5", "Witkoff")
    assert stopped.value.code == 2
    assert "unrecognized arguments: --limt" in capsys.readouterr().err
