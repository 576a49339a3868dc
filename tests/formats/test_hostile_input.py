"""Input that used to crash a reader is a message naming the file, record and field, and the
database stays byte for byte as it was."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from app.formats import readers
from app.formats.problems import FileProblems, FormatError
from app.services.importing import ImportOptions, ImportRefused, import_file


def _refused(db: Path, path: Path, options: ImportOptions | None = None) -> FileProblems:
    before = db.read_bytes()
    with pytest.raises(FileProblems) as caught:
        import_file(db, path, options)
    assert str(caught.value).startswith(str(path))
    assert db.read_bytes() == before
    return caught.value


def _native(tmp_path: Path, replace: tuple[str, str] | None = None, **lists: object) -> Path:
    document = {"format": "backchannel", "version": 1, "actors": [], "tracks": [],
                "sources": [], "events": [], "statements": [], **lists}  # fmt: skip
    text = json.dumps(document)
    if replace is not None:
        text = text.replace(*replace)
    path = tmp_path / "hostile.json"
    path.write_text(text, encoding="utf-8")
    return path


def test_native_json_nested_100000_deep_is_refused(sample_path: Path, tmp_path: Path) -> None:
    deep = "[" * 100_000 + "]" * 100_000
    path = _native(tmp_path, ('"title": null', f'"title": {deep}'), title=None)
    assert "the JSON is nested too deeply" in str(_refused(sample_path, path))


def test_native_json_with_a_number_of_5000_digits_names_its_field(
    sample_path: Path, tmp_path: Path
) -> None:
    tally = {"in_favour": 1, "against": 0, "abstaining": 0}
    vote = {"id": "event/v", "title": "Vote", "kind": "vote", "start": "2025", "tally": tally}
    path = _native(tmp_path, ('"in_favour": 1', '"in_favour": ' + "9" * 5000), events=[vote])
    message = str(_refused(sample_path, path))
    assert "events[0] (event/v), field 'tally.in_favour': a number of 5,000 digits" in message
    path = _native(tmp_path, ('"in_favour": 1', '"in_favour": ' + "9" * 25), events=[vote])
    assert "field 'tally.in_favour'" in str(_refused(sample_path, path))  # past SQLite's ints


def test_native_json_with_half_a_character_names_its_field(
    sample_path: Path, tmp_path: Path
) -> None:
    actor = {"id": "actor/a", "name": "A"}
    said = {"id": "statement/s", "speaker": "actor/a", "date": "2025", "text": "\ud800 hi"}
    path = _native(tmp_path, actors=[actor], statements=[said])
    message = str(_refused(sample_path, path))
    assert "statements[0].text: holds half of a character (a lone UTF-16 surrogate" in message


def test_a_csv_date_with_an_offset_of_25_hours_names_line_and_field(
    sample_path: Path, tmp_path: Path
) -> None:
    path = tmp_path / "offset.csv"
    path.write_text("date,title\n24 Oct 2025 10:00 +2500,Bad\n2025-10-24,Good\n", "utf-8")
    refused = _refused(sample_path, path)
    assert isinstance(refused, ImportRefused)
    assert [(p.where, p.field) for p in refused.problems] == [("line 2", "date (column 1 “date”)")]
    assert "time zone offset of 24 hours or more" in str(refused)
    report = import_file(sample_path, path, ImportOptions(skip_bad=True))
    assert [e.title for e in report.added] == ["Good"]


@pytest.mark.parametrize(
    ("year", "month", "field", "says"),
    [
        ("1" * 400 + ".0", None, "start_date.year", "a number of 400 digits"),
        ("1" * 5000, None, "start_date.year", "a number of 5,000 digits"),
        ("2025", "1" * 400 + ".0", "start_date.month", "a number of 400 digits"),
        ("2025", "1" * 5000, "start_date.month", "a number of 5,000 digits"),
    ],
)
def test_a_timelinejs_number_of_hundreds_of_digits_names_slide_and_field(
    sample_path: Path, tmp_path: Path, year: str, month: str | None, field: str, says: str
) -> None:
    good = {"start_date": {"year": 2025}, "text": {"headline": "Good"}}
    bad = {"start_date": {"year": year, "month": month}, "text": {"headline": "Bad"}}
    path = tmp_path / "slides.json"
    path.write_text(json.dumps({"events": [bad, good]}), "utf-8")
    sheet = tmp_path / "slides.csv"
    sheet.write_text(f"Year,Month,Headline\n{year},{month or ''},Bad\n2025,,Good\n", "utf-8")
    for source, where in ((path, "events[0] (“Bad”)"), (sheet, "line 2 (“Bad”)")):
        refused = _refused(sample_path, source)
        assert isinstance(refused, ImportRefused)
        assert [str(p) for p in refused.problems] == [f"{where}, {field}: {says} is far too "
                                                      "large to be part of a date"]  # fmt: skip
        report = import_file(sample_path, source, ImportOptions(skip_bad=True, dry_run=True))
        assert [e.title for e in report.added] == ["Good"]


def test_a_timelinejs_number_as_a_json_number_of_5000_digits(
    sample_path: Path, tmp_path: Path
) -> None:
    path = tmp_path / "slides.json"
    document = {"events": [{"start_date": {"year": 7}, "text": {"headline": "Bad"}}]}
    path.write_text(json.dumps(document).replace(": 7", ": " + "1" * 5000), "utf-8")
    refused = _refused(sample_path, path)
    assert "events[0] (“Bad”), start_date.year: a number of 5,000 digits" in str(refused)


@pytest.mark.parametrize("colour", ["²,0,0", "1" * 5000 + ",0,0"])
def test_a_timeline_colour_that_is_no_number_is_left_out(
    sample_path: Path, tmp_path: Path, colour: str
) -> None:
    path = tmp_path / "colour.timeline"
    path.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<timeline><timetype>gregoriantime</timetype>'
        f"<categories><category><name>Talks</name><color>{colour}</color></category>"
        "</categories><events><event><start>2025-10-24 00:00:00</start><end>2025-10-24 00:00:00"
        "</end><text>Talks</text><category>Talks</category></event></events></timeline>",
        "utf-8",
    )
    report = import_file(sample_path, path, ImportOptions(dry_run=True))
    assert [e.title for e in report.added] == ["Talks"]
    assert report.new_tracks == 1


def test_a_timeline_in_an_unknown_encoding_is_refused(sample_path: Path, tmp_path: Path) -> None:
    path = tmp_path / "encoding.timeline"
    path.write_text('<?xml version="1.0" encoding="x-no-such"?>\n<timeline></timeline>', "utf-8")
    message = str(_refused(sample_path, path))
    assert "the XML declares an encoding Backchannel cannot read" in message
    assert "x-no-such" in message


def test_an_error_nobody_foresaw_is_still_a_message_on_the_file(
    sample_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_args: object) -> object:
        raise KeyError("surprise")

    fmt = readers.FORMATS["csv"]
    monkeypatch.setitem(readers.FORMATS, "csv", dataclasses.replace(fmt, read=broken))
    path = tmp_path / "plain.csv"
    path.write_text("date,title\n2025-10-24,Talks\n", "utf-8")
    refused = _refused(sample_path, path, ImportOptions(format="csv"))
    assert isinstance(refused, FormatError)
    assert "KeyError: 'surprise'" in str(refused)
    assert "This is a bug in Backchannel, not in the file" in str(refused)
    assert isinstance(refused.__cause__, KeyError)
