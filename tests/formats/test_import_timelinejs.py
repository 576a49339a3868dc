"""TimelineJS JSON and spreadsheet import: title slide, eras, groups, media, HTML, deep time."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from app.core.dates import Precision
from app.core.model import Dataset, Event
from app.formats import readers, timelinejs_in
from app.formats.builder import Reading
from app.formats.html_text import to_plain
from app.formats.problems import FormatError
from app.formats.text_in import read_head
from app.services.importing import ImportRefused, import_file
from app.store import open_database
from app.store.records import read_selection

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "import"


def read_json(path: Path) -> Reading:
    return readers.read(read_head(path), timelinejs_in.JSON)


def new_database(tmp_path: Path) -> Path:
    path = tmp_path / "db.backchannel"
    open_database(path, create=True).close()
    return path


def stored(path: Path) -> Dataset:
    db = open_database(path)
    try:
        return read_selection(db)[0]
    finally:
        db.close()


def by_title(data: Dataset) -> dict[str, Event]:
    return {e.title: e for e in data.events}


def test_timelinejs_json_lands_with_eras_groups_media_and_deep_time(tmp_path: Path) -> None:
    db = new_database(tmp_path)
    report = import_file(db, FIXTURES / "timelinejs.json")
    assert report.name == "From the Big Bang to Geneva: a very long view of arms control"
    data = stored(db)
    assert data.title == report.name  # the title slide names the import, it is not an event
    events = by_title(data)
    assert report.name not in events
    tracks = {t.id: t.name for t in data.tracks}
    sources = {s.id: s for s in data.sources}

    big_bang = events["The Big Bang"]
    assert big_bang.when.iso() == "-13800000000"
    assert big_bang.when.start.precision == Precision.YEAR
    assert [tracks[t] for t in big_bang.tracks] == ["Deep time"]

    war = events["Peloponnesian War"]
    assert war.when.iso() == "-0431~/-0404"  # "c. 431–404 BCE" as display date: approximate
    assert war.summary == (
        "Thucydides records the Melian dialogue (416\u00a0BCE): “the strong do what they can”."
    )
    (melian,) = war.sources
    assert (sources[melian].url, sources[melian].title, sources[melian].publisher) == (
        "https://en.wikipedia.org/wiki/Melian_dialogue",
        "Melian dialogue",
        "Wikipedia",
    )

    assert "event/westphalia-1648" in {e.id for e in data.events}  # unique_id is the id

    cuban = events["Back-channel: Dobrynin meets Robert Kennedy"]
    assert cuban.when.iso() == "1962-10-27T16:30"
    assert cuban.summary == (
        "Anatoly Dobrynin (Анатолий Добрынин) and Robert Kennedy meet at the Justice Department."
        "\n\nSee FRUS, vol. VI, doc. 66."
    )
    assert "alert" not in (cuban.summary or "")
    frus = "https://history.state.gov/historicaldocuments/frus1961-63v06/d66"
    assert {sources[s].url: sources[s].title for s in cuban.sources} == {
        "https://twitter.com/StateDept/status/1055937658436182016": "October 27, 2018",
        frus: "FRUS, vol. VI, doc. 66",
    }

    helsinki = events["Helsinki Final Act"]
    assert helsinki.when.iso() == "1975-08-01/1975-08-01"
    miami = events["Dmitriev visits Miami"]
    assert miami.when.iso() == "2025-10-24T09:05:30/2025-10-26"
    assert [tracks[t] for t in miami.tracks] == ["Back-channels"]

    cold_war = events["Cold War"]
    assert cold_war.when.iso() == "1947/1991-12-26"
    assert [tracks[t] for t in cold_war.tracks] == ["Eras"]
    after = events["After the Cold War"]
    assert after.when.iso() == "1991-12-26/2022-02-24"
    assert after.summary is not None
    assert after.summary.startswith("From the dissolution")


def test_the_spreadsheet_template_splits_times_and_reads_month_names(tmp_path: Path) -> None:
    db = new_database(tmp_path)
    report = import_file(db, FIXTURES / "timelinejs-sheet.csv")
    assert report.name == "Kuala Lumpur to Istanbul: 2025 in talks"
    data = stored(db)
    events = by_title(data)
    tracks = {t.id: t.name for t in data.tracks}
    sources = {s.id: s for s in data.sources}
    kuala = events["Lavrov and Rubio meet in Kuala Lumpur"]
    assert kuala.when.iso() == "2025-07-10T14:30"
    assert kuala.summary == "First in-person meeting, on the sidelines of the ASEAN ministerial."
    (reuters,) = kuala.sources
    assert (sources[reuters].publisher, sources[reuters].title) == ("Reuters", "Meeting report")
    call = events["Lavrov–Rubio call"]
    assert call.when.iso() == "2025-10-20T14:05:09"  # "2:05:09 PM"
    assert call.summary == (
        "Call described as “constructive”,\nthen the Budapest summit was postponed."
    )
    (ministry,) = call.sources
    assert sources[ministry].publisher == "МИД России"
    memo = events["Istanbul memorandum exchanged"]
    assert memo.when.iso() == "2025-06-02"  # Month "June"
    assert [tracks[t] for t in memo.tracks] == ["Istanbul talks"]
    assert events["Reforms of Cleisthenes (approx.)"].when.display() == "501 BCE"
    era = events["Second Trump term, year one"]
    assert era.when.iso() == "2025/2025-12-31"
    assert [tracks[t] for t in era.tracks] == ["Eras"]


def _document(*events: dict[str, Any]) -> dict[str, Any]:
    return {"events": list(events)}


@pytest.mark.parametrize(
    ("start", "where", "message"),
    [
        ({"year": "2025", "month": "13"}, "start_date", "month 13 is not between 1 and 12"),
        ({"year": "2025", "month": "2", "day": "30"}, "start_date", "day 30 does not exist"),
        ({"year": "twenty"}, "start_date.year", "'twenty' is not a number"),
        ({"month": 5}, "start_date.year", "no year"),
        ({"year": 2025, "minute": 5}, "start_date", "from the year down"),
        (None, "start_date", "no date"),
    ],
)
def test_wrong_dates_name_the_slide_and_field(
    tmp_path: Path, start: dict[str, Any] | None, where: str, message: str
) -> None:
    path = tmp_path / "bad.json"
    good = {"start_date": {"year": 2025}, "text": {"headline": "Fine"}}
    bad = {"text": {"headline": "<b>Broken</b> slide"}} | ({"start_date": start} if start else {})
    path.write_text(json.dumps(_document(good, bad)), encoding="utf-8")
    db = new_database(tmp_path)
    snapshot = db.read_bytes()
    with pytest.raises(ImportRefused) as refused:
        import_file(db, path)
    assert f"events[1] (“Broken slide”), {where}: " in str(refused.value)
    assert message in str(refused.value)
    assert db.read_bytes() == snapshot


def test_an_end_before_the_start_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "backwards.json"
    slide = {"start_date": {"year": 2025}, "end_date": {"year": 2020}, "text": {"headline": "X"}}
    path.write_text(json.dumps(_document(slide)), encoding="utf-8")
    reading = read_json(path)
    (problem,) = reading.problems
    assert (problem.where, problem.field) == ("events[0] (“X”)", "end_date")
    assert "ends (2020) before it starts (2025)" in problem.reason


def test_truncated_json_and_oversized_files_are_refused(tmp_path: Path) -> None:
    db = new_database(tmp_path)
    snapshot = db.read_bytes()
    with pytest.raises(
        FormatError, match=r"(?s)truncated\.json: .*broken JSON at line 25, column 4"
    ):
        import_file(db, FIXTURES / "truncated.json")
    huge = tmp_path / "huge.json"
    with huge.open("wb") as out:
        out.write(b'{"events": [')
        out.truncate(200 * 1024 * 1024)
    with pytest.raises(FormatError, match=r"the file is 200 MB; TimelineJS files over 64 MB"):
        import_file(db, huge)
    assert db.read_bytes() == snapshot


def test_reading_the_same_timeline_twice_gives_the_same_ids() -> None:
    first = read_json(FIXTURES / "timelinejs.json").dataset
    second = read_json(FIXTURES / "timelinejs.json").dataset
    assert [e.id for e in first.events] == [e.id for e in second.events]
    assert len({e.id for e in first.events}) == len(first.events)


@pytest.mark.parametrize(
    ("html", "text", "links"),
    [
        ("plain a < b & c", "plain a < b & c", []),
        ("<p>One</p><p>Two<br>three</p>", "One\n\nTwo\nthree", []),
        ("&ldquo;Yes&rdquo;&nbsp;&amp; no", "“Yes”\u00a0& no", []),
        ("<script>steal()</script><style>p{}</style>Shown", "Shown", []),
        ('<a href="javascript:alert(1)">Click</a>', "Click", []),
        ('Read <a href="https://e.org/x">the text</a>.', "Read the text.", ["https://e.org/x"]),
        ('<img src="x.png" alt="Photo of envoys">', "Photo of envoys", []),
    ],
)
def test_html_becomes_plain_text_without_losing_words(
    html: str, text: str, links: list[str]
) -> None:
    plain = to_plain(html)
    assert plain.text == text
    assert [link.url for link in plain.links] == links


def test_the_own_timelinejs_export_imports_back_and_merges_with_the_native_file(
    sample_path: Path, tmp_path: Path
) -> None:
    from app.cli import main
    from app.core.paths import sample_dataset

    exported = tmp_path / "sample-timelinejs.json"
    code = main(["--db", str(sample_path), "export", "--format", "timelinejs", "-o", str(exported)])
    assert code == 0
    assert exported.is_file()
    db = new_database(tmp_path)
    import_file(db, exported)
    original = stored(sample_path)
    copy = stored(db)
    originals = {e.id: (e.title, e.when.iso()) for e in original.events}
    copies = {e.id: (e.title, e.when.iso()) for e in copy.events}
    assert {i: copies[i] for i in originals} == originals  # 'event-x' comes back as 'event/x'
    report = import_file(db, sample_dataset())
    merged = stored(db)
    assert len(report.added) == len(original.statements)  # events match; statements are new
    assert sorted(t.name for t in merged.tracks) == sorted(t.name for t in original.tracks)


def test_a_title_slide_with_empty_date_parts_names_the_import(tmp_path: Path) -> None:
    """Knight Lab's own examples give the title slide a date whose parts are all empty."""
    path = tmp_path / "knightlab.json"
    path.write_text(
        json.dumps({
            "title": {
                "text": {"headline": "Whitney Houston", "text": "<p>1963 – 2012</p>"},
                "start_date": {"year": "", "month": "", "day": ""},
            },
            "events": [{
                "start_date": {"year": "1985", "month": "2", "day": ""},
                "text": {"headline": "Debut album"},
            }],
        }),
        encoding="utf-8",
    )  # fmt: skip
    reading = read_json(path)
    assert reading.problems == []
    assert reading.dataset.title == "Whitney Houston"
    assert reading.dataset.description == "1963 – 2012"
    assert [e.title for e in reading.dataset.events] == ["Debut album"]


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-16-be", "utf-32", "utf-32-le"])
def test_timelinejs_json_in_utf16_or_utf32_with_a_byte_order_mark_imports(
    tmp_path: Path, encoding: str
) -> None:
    """Windows tools save "Unicode" text as UTF-16 with its byte-order mark."""
    path = tmp_path / "unicode.json"
    document = {
        "title": {"text": {"headline": "Переговоры"}},
        "events": [{"start_date": {"year": 2025, "month": 10}, "text": {"headline": "Женева"}}],
    }
    mark = "\ufeff" if encoding in ("utf-16-be", "utf-32-le") else ""
    path.write_bytes((mark + json.dumps(document, ensure_ascii=False)).encode(encoding))
    db = new_database(tmp_path)
    report = import_file(db, path)
    assert report.name == "Переговоры"
    assert [e.title for e in stored(db).events] == ["Женева"]
