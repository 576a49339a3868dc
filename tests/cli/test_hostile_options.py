"""Options no one would type on purpose are a message, never a traceback."""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path

import pytest

from app.cli import main
from app.core.paths import sample_dataset
from app.formats import native
from app.store import open_database, write_dataset

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "import"


def run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("column", ["²", "٢", "9" * 5000, "99999999999999999999"])
def test_a_column_that_is_no_column_number_is_a_message(
    capsys: pytest.CaptureFixture[str], sample_path: Path, column: str
) -> None:
    before = sample_path.read_bytes()
    code, out, err = run(
        capsys, "--db", sample_path, "import", FIXTURES / "statements.csv", "--map",
        f"date={column}",
    )  # fmt: skip
    assert (code, out) == (1, "")
    assert err.startswith("backchannel: date=")
    assert "no column is called" in err or "the file has 7 columns" in err
    assert len(err) < 400
    assert sample_path.read_bytes() == before


def test_a_search_limit_past_any_number_sqlite_takes_lists_everything(
    capsys: pytest.CaptureFixture[str], sample_path: Path
) -> None:
    code, out, err = run(
        capsys, "--db", sample_path, "search", "--json", "--limit", "99999999999999999999"
    )
    assert (code, err) == (0, "")
    found = json.loads(out)
    assert len(found["items"]) == found["total"] > 20
    with pytest.raises(SystemExit) as exited:  # argparse's own message, as for "--limit ten"
        main(["--db", str(sample_path), "search", "--limit", "9" * 5000])
    assert exited.value.code == 2
    assert "invalid int value" in capsys.readouterr().err


HOSTILE = {
    "5,000 digits": "9" * 5000,
    "superscript two": "²",
    "a lone surrogate": "\udcff",  # what os.fsdecode makes of a byte that is not UTF-8
    "control characters": "\x01\x07\x1b[31m\x7f",
    "nothing": "",
    "100 KB": "x" * 100_000,
    "an offset of 25 hours": "24 Oct 2025 10:00 +2500",
    "a run of years": " 14:302025202520252025202520252025",
}
"""Values no one would type on purpose, for every option that takes one."""
PLACES = ("a folder", "a named pipe", "/dev/zero", "a folder that does not exist")
"""Paths that are no file to read or write, for the options that take a path."""
COMMANDS = {
    "info": ["info"],
    "check": ["check"],
    "repair": ["repair"],
    "search": ["search"],
    "export": ["export", "--format", "csv", "-o", "out.csv"],
    "import": ["import", str(FIXTURES / "statements.csv")],
    "add statement": ["add", "statement", "--speaker", "Peskov", "--date", "2025", "--text", "W"],
    "add event": ["add", "event", "--title", "Talks", "--kind", "meeting", "--date", "2025"],
    "tag": ["tag", "ID", "--add", "brief"],
    "history": ["history", "ID"],
}
ITEM = "event/2025-10-24-dmitriev-miami"
"""An item of the sample, the ID that `tag` and `history` take unless it is the one tried."""
FILTERS = ("--actor", "--track", "--kind", "--tag", "--from", "--to")
SHARED = ("--track", "--source", "--tag", "--note")
STATEMENT = ("--speaker", "--date", "--text", "--attribution", "--language", "--event")
EVENT = ("--title", "--kind", "--date", "--place", "--summary", "--actor")
OPTIONS = [
    *((command, "--db") for command in COMMANDS),
    *(("search", option) for option in (*FILTERS, "--limit", "QUERY")),
    *(("export", option) for option in (*FILTERS, "--format", "--text", "-o", "--imprecise")),
    *(("export", option) for option in ("--width", "--height", "--lanes")),
    *(("import", option) for option in ("FILE", "--format", "--map", "--na", "--track")),
    *(("add statement", option) for option in (*STATEMENT, *SHARED)),
    *(("add event", option) for option in (*EVENT, *SHARED)),
    *(("tag", option) for option in ("ID", "--add", "--remove")),
    ("history", "ID"),
]
"""Every (command, option) that takes a value; QUERY and FILE are the positional ones."""
PATHS = {("export", "-o"), ("import", "FILE"), *((command, "--db") for command in COMMANDS)}
DONE = {
    **{(command, option, label): 0 for command, option in (("search", "QUERY"),
       ("export", "--text"), ("import", "--na"), ("import", "--track")) for label in HOSTILE},
    **{(command, option, "nothing"): 0 for command in ("search", "export")
       for option in ("--from", "--to")},  # no bound, as when it is not given
    **{("export", "-o", label): 0 for label in ("superscript two", "a lone surrogate",
       "control characters", "an offset of 25 hours", "a run of years", "/dev/zero")},
    ("import", "--track", "a lone surrogate"): 1,
    **{(command, "--tag", label): 0 for command in ("search", "export") for label in HOSTILE
       if label != "a lone surrogate"},  # finds nothing, or with no tag, everything
    **{(command, option, label): 0 for command, option in (("add statement", "--text"),
       ("add statement", "--note"), ("add event", "--title"), ("add event", "--place"),
       ("add event", "--summary"), ("add event", "--note")) for label in HOSTILE
       if label not in ("a lone surrogate", "nothing") and not (option in ("--title", "--place")
       and label in ("5,000 digits", "100 KB"))},  # any text, a title or place on one line
    **{(command, option, "nothing"): 0 for command in ("add statement", "add event")
       for option in ("--event", "--track", "--source", "--tag", "--note", "--place",
       "--summary", "--actor", "--language")},  # as when it is not given
    **{(command, "--tag", label): 0 for command in ("add statement", "add event") for label in
       ("superscript two", "an offset of 25 hours", "a run of years")},
    ("tag", "--add", "superscript two"): 0, ("tag", "--add", "an offset of 25 hours"): 0,
    ("tag", "--add", "a run of years"): 0, ("tag", "--remove", "superscript two"): 0,
    ("tag", "--remove", "an offset of 25 hours"): 0, ("tag", "--remove", "a run of years"): 0,
}  # fmt: skip
"""The values an option takes: any words to search, a file of any name to write, a missing
value marker or a track of any name, the words of a statement, an event's title, place and
summary, a note, and a tag of one short line. Every other value is refused (exit 1 or 2)."""
WRITERS = ("import", "add statement", "add event", "tag")
"""The commands that change the database when they succeed."""


def _place(label: str, folder: Path) -> str:
    paths = {"a folder": folder, "a named pipe": folder / "pipe", "/dev/zero": Path("/dev/zero")}
    if label == "a named pipe":
        os.mkfifo(paths[label])
    return str(paths.get(label, folder / "nowhere" / "file"))


def _argv(command: str, option: str, value: str, db: Path) -> list[str]:
    base = [ITEM if word == "ID" else word for word in COMMANDS[command]]
    if command in ("add statement", "add event", "tag", "history"):
        wanted = "ID" if option == "ID" else option
        if wanted in COMMANDS[command]:  # a value the command needs anyway: replaced
            base[COMMANDS[command].index(wanted) + (wanted != "ID")] = value
        elif option == "--remove":
            base[base.index("--add") : base.index("--add") + 2] = ["--remove", value]
        else:
            base += [option, value]
        return ["--db", str(db), *base]
    if option == "--db":
        return [*base, "--db", value]
    if option == "QUERY":
        return ["--db", str(db), *base, value]
    if option == "FILE":
        return ["--db", str(db), "import", value]
    if command == "export" and option in ("-o", "--format"):
        base = ["export", "--format", "csv", "-o", "out.csv"]
        base[base.index(option) + 1] = value
        return ["--db", str(db), *base]
    return ["--db", str(db), *base, option, f"date={value}" if option == "--map" else value]


@pytest.fixture(scope="module")
def sample_bytes(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    path = tmp_path_factory.mktemp("options") / "sample.backchannel"
    db = open_database(path, create=True)
    write_dataset(db, native.read(sample_dataset()), path)
    db.close()
    return path.read_bytes()


CASES = [
    pytest.param(command, option, label, id=f"{command} {option} {label}")
    for command, option in OPTIONS
    for label in (*HOSTILE, *(PLACES if (command, option) in PATHS else ()))
    if not (option == "-o" and label == "a named pipe")  # waits for a reader: see below
]


@pytest.mark.parametrize(("command", "option", "label"), CASES)
def test_a_hostile_option_value_is_a_message_and_the_database_is_untouched(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    sample_bytes: bytes,
    command: str,
    option: str,
    label: str,
) -> None:
    monkeypatch.chdir(tmp_path)  # where -o writes a file of a strange name
    sample_path = tmp_path / "sample.backchannel"
    sample_path.write_bytes(sample_bytes)
    before = sample_bytes
    value = HOSTILE[label] if label in HOSTILE else _place(label, tmp_path)
    try:
        code, out, err = run(capsys, *_argv(command, option, value, sample_path))
    except SystemExit as exited:  # argparse's own usage message
        code, (out, err) = int(str(exited.code)), capsys.readouterr()
    assert "Traceback" not in out + err
    assert code == DONE.get((command, option, label), code if code in (1, 2) else -1), err
    if code == 1:
        assert err.startswith("backchannel: "), err[:300]
        assert err.count("backchannel:") == 1
        assert len(err.splitlines()) <= 3
    elif code == 2:
        assert err.startswith("usage: backchannel"), err[:300]
        assert "error: argument" in err
    if command not in WRITERS or code != 0:
        assert sample_path.read_bytes() == before


def test_an_export_to_a_named_pipe_is_read_from_it(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, sample_path: Path
) -> None:
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(pipe.read_bytes()))
    reader.start()
    code, _, err = run(capsys, "--db", sample_path, "export", "--format", "csv", "-o", pipe)
    reader.join()
    assert (code, err) == (0, f"Wrote 46 items to {pipe}.\n")
    assert got[0].startswith(b"id,")


def test_a_kind_no_item_can_have_is_a_usage_message_naming_the_kinds(
    capsys: pytest.CaptureFixture[str], sample_path: Path
) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--db", str(sample_path), "search", "--kind", "meetings"])
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert "argument --kind: invalid choice: 'meetings'" in err
    assert "'meeting'" in err
    assert "'statement'" in err


def test_a_file_name_that_is_not_utf8_is_printed_escaped(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
    sample_path: Path,
) -> None:  # fmt: skip
    monkeypatch.chdir(tmp_path)
    named = Path(os.fsdecode(b"r\xe9union.csv"))
    named.write_bytes((FIXTURES / "statements.csv").read_bytes())
    code, out, err = run(capsys, "--db", sample_path, "import", named)
    assert (code, err) == (0, "")
    assert out.startswith("Imported r\\udce9union.csv (CSV or TSV")


def test_a_track_that_is_not_utf8_is_a_message(
    capsys: pytest.CaptureFixture[str], sample_path: Path
) -> None:
    before = sample_path.read_bytes()
    track = os.fsdecode(b"Gen\xe8ve")
    code, out, err = run(
        capsys, "--db", sample_path, "import", FIXTURES / "statements.csv", "--track", track
    )
    assert (code, out) == (1, "")
    assert err == (
        "backchannel: --track 'Gen\\udce8ve': bytes that are not UTF-8 text; give it as text\n"
    )
    assert sample_path.read_bytes() == before
