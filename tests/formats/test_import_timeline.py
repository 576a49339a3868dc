"""Timeline (.timeline XML) import, and how formats are told apart."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.dates import Precision
from app.core.model import Dataset, Event
from app.formats.problems import FormatError
from app.formats.readers import detect
from app.formats.text_in import read_head
from app.services.importing import ImportOptions, import_file
from app.store import open_database
from app.store.records import read_selection

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "import"


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


def test_a_timeline_file_lands_with_categories_containers_milestones_and_eras(
    tmp_path: Path,
) -> None:
    db = new_database(tmp_path)
    import_file(db, FIXTURES / "sample.timeline")
    data = stored(db)
    events: dict[str, Event] = {e.title: e for e in data.events}
    tracks = {t.id: t for t in data.tracks}
    sources = {s.id: s.url for s in data.sources}
    names = {t.name: t for t in data.tracks}
    assert names["Normandy format"].color == "#2d82d2"
    assert names["Trilateral Contact Group"].color == "#f0c15c"
    assert names["Trilateral Contact Group"].description == "Part of Normandy format"

    summit = events["Minsk II summit"]  # the container "[1]Minsk II summit"
    assert summit.when.display() == "11–12 Feb 2015"
    assert summit.summary == "Leaders of France, Germany, Russia and Ukraine in Minsk."
    container = names["Minsk II summit"].id
    assert summit.tracks == (container,)

    talks = events["All-night talks at the Palace of Independence"]  # "(1)…": a member
    assert talks.when.iso() == "2015-02-11T19:00/2015-02-12T10:30~"  # fuzzy end
    assert [tracks[t].name for t in talks.tracks] == ["Minsk II summit", "Normandy format"]
    assert talks.summary == "About 16 hours of negotiation.\nMerkel and Hollande mediate."
    assert [sources[s] for s in talks.sources] == [
        "https://www.osce.org/cio/140156",
        "https://www.bundesregierung.de/minsk",
    ]
    package = events["Package of Measures signed by the Contact Group"]
    assert package.when.iso() == "2015-02-12"
    assert package.when.start.precision == Precision.DAY
    assert container in package.tracks

    paris = events["Paris summit — Élysée Palace"]  # a milestone: one moment
    assert paris.when.end is None
    assert paris.when.iso() == "2019-12-09"

    marathon = events["Battle of Marathon (a reminder that envoys run)"]
    assert marathon.when.iso() == "-0490-09-12~"
    assert marathon.tracks == ()

    era = events["Minsk process"]
    assert era.when.iso() == "2014-09-05/2022-02-21"
    assert [tracks[t].name for t in era.tracks] == ["Eras"]
    assert len(data.events) == 6


def test_importing_a_timeline_twice_adds_nothing(tmp_path: Path) -> None:
    db = new_database(tmp_path)
    first = import_file(db, FIXTURES / "sample.timeline")
    again = import_file(db, FIXTURES / "sample.timeline")
    assert (len(first.added), len(again.added), len(again.updated)) == (6, 0, 0)
    assert again.unchanged == 6


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("bomb.timeline", r"declares entities .*EntitiesForbidden.*entity bomb"),
        ("legacy.timeline", r"plain-text format of Timeline before version 0\.10"),
        ("numtime.timeline", r"counts time as “numtime”, not Gregorian dates"),
    ],
)
def test_unsafe_and_foreign_timelines_are_refused(tmp_path: Path, name: str, message: str) -> None:
    db = new_database(tmp_path)
    snapshot = db.read_bytes()
    with pytest.raises(FormatError, match=message):  # the bomb: refused before expanding
        import_file(db, FIXTURES / name)
    assert db.read_bytes() == snapshot


def test_external_entities_and_broken_xml_are_refused(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("private", encoding="utf-8")
    xxe = tmp_path / "xxe.timeline"
    xxe.write_text(
        f'<?xml version="1.0"?>\n<!DOCTYPE timeline [<!ENTITY s SYSTEM "file://{secret}">]>\n'
        "<timeline><events><event><start>2025-01-01 00:00:00</start>"
        "<end>2025-01-01 00:00:00</end><text>&s;</text></event></events></timeline>\n",
        encoding="utf-8",
    )
    with pytest.raises(FormatError, match="declares entities or external references"):
        import_file(new_database(tmp_path), xxe)
    broken = tmp_path / "broken.timeline"
    broken.write_text("<timeline>\n  <events>\n    <event>\n  </events>\n", encoding="utf-8")
    with pytest.raises(FormatError, match=r"broken XML at line 4, column 5"):
        import_file(tmp_path / "db.backchannel", broken)


def test_bad_event_dates_are_reported_with_the_event(tmp_path: Path) -> None:
    path = tmp_path / "dates.timeline"
    path.write_text(
        "<timeline><timetype>gregoriantime</timetype><events>"
        "<event><start>2025-02-30 00:00:00</start><end>2025-02-30 00:00:00</end>"
        "<text>Nonexistent day</text></event>"
        "<event><start>2025-03-01 00:00:00</start><end>2025-03-02 00:00:00</end>"
        "<text>Fine</text><hyperlink>javascript:alert(1)</hyperlink></event>"
        "</events></timeline>",
        encoding="utf-8",
    )
    db = new_database(tmp_path)
    report = import_file(db, path, ImportOptions(skip_bad=True))
    assert [str(p) for p in report.skipped] == [
        "event 1 (“Nonexistent day”), start: day 30 does not exist in Feb 2025 (it has 28 days)",
        "event 2 (“Fine”), hyperlink: 'javascript:alert(1)' is not a web address",
    ]
    assert stored(db).events == []


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("timelinejs.json", "timelinejs"),
        ("timelinejs-sheet.csv", "timelinejs-sheet"),
        ("sample.timeline", "timeline"),
        ("legacy.timeline", "timeline"),
        ("monitor-acled.csv", "csv"),
        ("statements.csv", "csv"),
        ("no-header.tsv", "csv"),
    ],
)
def test_formats_are_told_apart_by_content(name: str, expected: str) -> None:
    assert detect(read_head(FIXTURES / name)).name == expected


def test_detection_ignores_misleading_extensions(tmp_path: Path) -> None:
    from app.core.paths import sample_dataset

    renamed = tmp_path / "export.txt"
    renamed.write_bytes(sample_dataset().read_bytes())
    assert detect(read_head(renamed)).name == "native"
    xml = tmp_path / "feed.xml"
    xml.write_text('<?xml version="1.0"?><rss><channel/></rss>', encoding="utf-8")
    with pytest.raises(FormatError, match=r"root element is <rss>"):
        detect(read_head(xml))
    other = tmp_path / "other.json"
    other.write_text('{"name": "not a timeline"}', encoding="utf-8")
    with pytest.raises(FormatError, match="neither Backchannel JSON"):
        detect(read_head(other))


def test_a_csv_forced_to_read_as_timeline_is_called_csv_not_legacy_timeline(
    tmp_path: Path,
) -> None:
    table = tmp_path / "talks.csv"
    table.write_text("date,title\n2025-10-24,Talks in Geneva\n", encoding="utf-8")
    db = new_database(tmp_path)
    snapshot = db.read_bytes()
    with pytest.raises(FormatError) as refused:
        import_file(db, table, ImportOptions(format="timeline"))
    message = str(refused.value)
    assert "not a Timeline XML file (it looks like CSV" in message
    assert "talks.csv" in message
    assert "legacy" not in message
    assert "before version 0.10" not in message
    assert db.read_bytes() == snapshot
