"""CSV and TSV import through a real database file: every field, re-imports, bad rows, hostile
files, and the database left byte for byte as it was whenever an import does not happen (bar
SQLite's change counter, which a first load into an empty file moves on)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from app.core.dates import Precision
from app.core.model import Dataset
from app.formats import csv_in, native, readers
from app.formats.builder import ColumnRef, Reading, ReadOptions
from app.formats.problems import FormatError, MappingError
from app.formats.text_in import read_head
from app.services import importing
from app.services.importing import (
    ImportCancelled,
    ImportOptions,
    ImportRefused,
    import_file,
    preview,
)
from app.store import DataError, counts, open_database
from app.store.records import read_selection

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "import"


def read_csv(path: Path, mapping: dict[str, list[ColumnRef]] | None = None) -> Reading:
    return readers.read(read_head(path), csv_in.CSV, ReadOptions(mapping or {}))


def new_database(tmp_path: Path, name: str = "db.backchannel") -> Path:
    path = tmp_path / name
    open_database(path, create=True).close()
    return path


def stored(path: Path) -> Dataset:
    db = open_database(path)
    try:
        return read_selection(db)[0]
    finally:
        db.close()


def test_statements_land_with_every_field(tmp_path: Path) -> None:
    db = new_database(tmp_path)
    report = import_file(db, FIXTURES / "statements.csv")
    assert (len(report.added), len(report.updated), report.unchanged) == (4, 0, 0)
    data = stored(db)
    by_text = {s.text: s for s in data.statements}
    actors = {a.id: a.name for a in data.actors}
    tracks = {t.id: t.name for t in data.tracks}
    sources = {s.id: s for s in data.sources}

    peskov = by_text[
        "There are no precise dates; this was not planned from the start.\nPreparation takes time."
    ]  # a newline inside a quoted field of a CRLF file, kept as one newline
    assert peskov.id == "statement/2025-10-21-peskov-budapest"
    assert actors[peskov.speaker] == "Dmitry Peskov"
    assert peskov.date.iso() == "2025-10-21"
    assert [tracks[t] for t in peskov.tracks] == ["Lavrov–Rubio"]
    assert [sources[s].url for s in peskov.sources] == ["https://tass.com/politics/2033333"]
    assert peskov.language == "en"

    russian = by_text["Пауза — это не отмена."]
    assert actors[russian.speaker] == "Дмитрий Песков"
    assert russian.date.iso() == "2025-10-22T18:40"
    assert russian.date.precision == Precision.MINUTE
    assert [(sources[s].url, sources[s].title) for s in russian.sources] == [
        ("https://ria.ru/20251022/peskov.html", None),
        (None, "Interfax"),
    ]
    assert russian.language == "ru"

    fu = by_text[
        'China abstained because the draft "fails to reflect" the concerns of the parties.'
    ]
    assert actors[fu.speaker] == "Fu Cong"

    dmitriev = by_text["We are closer than ever — “très proche”, as our French friends say."]
    assert dmitriev.date.iso() == "2025-10"
    assert dmitriev.sources == ()
    assert dmitriev.language is None


def test_a_monitor_export_is_mapped_by_its_headers(tmp_path: Path) -> None:
    db = new_database(tmp_path)
    report = import_file(db, FIXTURES / "monitor-acled.csv")
    assert "date ← column 2 “event_date”" in report.mapping
    assert any("column 7 “sub_event_type”" in note for note in report.notes)
    data = stored(db)
    events = {e.id: e for e in data.events}
    actors = {a.id: a.name for a in data.actors}
    tracks = {t.id: t.name for t in data.tracks}
    sources = {s.id: s for s in data.sources}
    second = events["TUR1290"]
    assert second.when.iso() == "2025-06-02"
    assert second.title == (
        "On 2 June 2025, a second round of talks in Istanbul's Ciragan Palace; memoranda exchanged."
    )
    assert second.summary == second.title
    assert second.place == "Istanbul"
    assert [actors[a] for a in second.actors] == [
        "Government of Russia (2000-)",
        "Government of Ukraine (2019-)",
        "Vladimir Medinsky",
        "Rustem Umerov",
    ]
    assert [tracks[t] for t in second.tracks] == ["Strategic developments"]
    first = events["TUR1289"]
    assert first.title == (
        "On 16 May 2025, Russian and Ukrainian delegations met in Istanbul "
        "for the first direct talks since…"
    )
    assert first.summary is not None
    assert first.summary.endswith("1,000-for-1,000 prisoner exchange.")
    assert [sources[s].title for s in first.sources] == ["Reuters", "Anadolu Agency"]
    assert events["UKR203311"].place == "Kharkiv"


def test_a_headerless_tsv_is_mapped_by_column_number(tmp_path: Path) -> None:
    db = new_database(tmp_path)
    path = FIXTURES / "no-header.tsv"
    with pytest.raises(MappingError, match=r"--map date=1 --map title=2"):
        import_file(db, path)
    mapping = {"date": [1], "title": [2], "actor": [3], "source": [4], "place": [5]}
    import_file(db, path, ImportOptions(mapping=mapping))
    data = stored(db)
    events = {e.title: e for e in data.events}
    actors = {a.id: a.name for a in data.actors}
    miami = events["Dmitriev visits Miami"]
    assert miami.when.display() == "24–26 Oct 2025"
    assert [actors[a] for a in miami.actors] == ["Kirill Dmitriev", "Steve Witkoff"]
    assert miami.place == "Miami"
    kuala = events["Lavrov and Rubio meet in Kuala Lumpur"]
    assert kuala.when.start.precision == Precision.MINUTE
    assert kuala.when.iso() == "2025-07-10T14:30"
    far = events["Treaty of the Carthaginians (far past)"]
    assert far.when.iso() == "-0300"
    assert far.when.display() == "301 BCE"
    assert far.actors == ()
    assert far.sources == ()


def test_mapping_by_name_overrides_the_guess_and_wrong_names_list_the_columns(
    tmp_path: Path,
) -> None:
    path = tmp_path / "talks.csv"
    path.write_text(
        "When,Headline,Notes,Who\n2025-11-23,Geneva talks,Delegations meet.,Rustem Umerov\n",
        encoding="utf-8",
    )
    reading = read_csv(path, {"date": ["When"], "actor": ["Who"], "text": []})
    (event,) = reading.dataset.events
    assert event.title == "Geneva talks"
    assert event.summary is None  # "Notes" would be guessed for text; the mapping says no
    assert [a.name for a in reading.dataset.actors] == ["Rustem Umerov"]
    with pytest.raises(MappingError, match=r"no column is called 'Wen'.*1 “When”, 2 “Headline”"):
        read_csv(path, {"date": ["Wen"]})
    with pytest.raises(MappingError, match=r"the file has 4 columns"):
        read_csv(path, {"date": [7]})


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        (["24/10/2025", "03/04/2025"], ["2025-10-24", "2025-04-03"]),
        (["10/24/2025", "03/04/2025"], ["2025-10-24", "2025-03-04"]),
        (["24.10.2025"], ["2025-10-24"]),
        (
            ["20251024", "202510241430", "20251024143005"],
            ["2025-10-24", "2025-10-24T14:30", "2025-10-24T14:30:05"],
        ),
    ],
)
def test_numeric_dates_are_read_in_the_files_own_order(
    tmp_path: Path, rows: list[str], expected: list[str]
) -> None:
    path = tmp_path / "dates.csv"
    path.write_text(
        "date,title\n" + "".join(f"{d},Item {i}\n" for i, d in enumerate(rows)), encoding="utf-8"
    )
    reading = read_csv(path)
    assert [e.when.iso() for e in reading.dataset.events] == expected


def test_importing_twice_adds_nothing(tmp_path: Path) -> None:
    db = new_database(tmp_path)
    for name in ("statements.csv", "monitor-acled.csv"):
        first = import_file(db, FIXTURES / name)
        again = import_file(db, FIXTURES / name)
        assert len(first.added) > 0
        assert (len(again.added), len(again.updated)) == (0, 0)
        assert again.unchanged == len(first.added)
    handle = open_database(db)
    total = counts(handle)
    handle.close()
    assert (total.events, total.statements, total.actors) == (3, 4, 10)


def test_a_changed_row_updates_its_record_instead_of_adding_one(tmp_path: Path) -> None:
    db = new_database(tmp_path)
    path = tmp_path / "notes.csv"
    path.write_text("date,title,text\n2025-11-23,Geneva talks,First version\n", encoding="utf-8")
    import_file(db, path)
    path.write_text("date,title,text\n2025-11-23,Geneva talks,Corrected\n", encoding="utf-8")
    report = import_file(db, path)
    assert (len(report.added), len(report.updated)) == (0, 1)
    (event,) = stored(db).events
    assert event.summary == "Corrected"


def test_names_resolve_through_aliases_and_close_names_are_only_suggested(
    sample_path: Path, tmp_path: Path
) -> None:
    path = tmp_path / "aliases.csv"
    path.write_text(
        "date,speaker,text\n"
        "2025-12-01,Лавров,Мы готовы к диалогу.\n"
        "2025-12-02,Vadim Medinsky,Istanbul remains the venue.\n"
        "2025-12-03,Vladimir Medinski,The memorandum stands.\n",
        encoding="utf-8",
    )
    before = {a.id for a in stored(sample_path).actors}
    report = import_file(sample_path, path)
    data = stored(sample_path)
    speakers = {s.text: s.speaker for s in data.statements}
    assert speakers["Мы готовы к диалогу."] == "actor/sergei-lavrov"
    assert speakers["Istanbul remains the venue."] == "actor/vladimir-medinsky"  # an alias
    new = {a.id: a.name for a in data.actors if a.id not in before}
    assert list(new.values()) == ["Vladimir Medinski"]
    assert speakers["The memorandum stands."] == next(iter(new))
    assert report.suggestions == [
        "“Vladimir Medinski” (new) looks like “Vladimir Medinsky” (actor/vladimir-medinsky); "
        "if they are one person, merge them and keep the other spelling as an alias"
    ]


def test_bad_rows_refuse_the_file_or_are_skipped_on_request(tmp_path: Path) -> None:
    db = new_database(tmp_path)
    snapshot = db.read_bytes()
    path = FIXTURES / "bad-rows.csv"
    with pytest.raises(ImportRefused) as refused:
        import_file(db, path)
    message = str(refused.value)
    assert "line 3, date (column 1 “date”): '2025-10-32': day 32 does not exist in Oct 2025" in (
        message
    )
    assert "line 4, date (column 1 “date”): no date" in message
    assert "line 5: has 5 fields where the first row has 4" in message
    assert "line 6, date (column 1 “date”): 'sometime soon' is not a date" in message
    assert refused.value.importable == 2
    assert db.read_bytes() == snapshot

    report = import_file(db, path, ImportOptions(skip_bad=True))
    assert [p.where for p in report.skipped] == ["line 3", "line 4", "line 5", "line 6"]
    assert sorted(e.title for e in stored(db).events) == [
        "Dmitriev visits Miami",
        "Geneva talks on the 28-point plan",
    ]


def test_a_missing_column_names_the_line(tmp_path: Path) -> None:
    db = new_database(tmp_path)
    snapshot = db.read_bytes()
    path = tmp_path / "short.csv"
    path.write_text(
        "date,title,text,source\n2025-01-02,Complete,Text,https://a.example\n"
        "2025-01-03,Short row,Text\n",
        encoding="utf-8",
    )
    with pytest.raises(ImportRefused, match=r"line 3: has 3 fields where the first row has 4"):
        import_file(db, path)
    assert db.read_bytes() == snapshot


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("latin1.csv", None, r"line 2, column 13: byte 0xE9 is not UTF-8 text.*CSV UTF-8"),
        ("workbook.csv", None, r"Excel \.xlsx .*not CSV text"),
        ("zeros.csv", b"date,title\n2025-01-01,\x00\x00\x00\n", r"binary file.*offset 22"),
        ("quote.csv", b'date,title\n2025-01-01,"never closed\n', r"a quote \(\"\) never closes"),
        ("empty.csv", b"", r"the file is empty"),
    ],
)
def test_unreadable_files_are_refused_and_the_database_is_untouched(
    tmp_path: Path, name: str, content: bytes | None, message: str
) -> None:
    db = new_database(tmp_path)
    snapshot = db.read_bytes()
    path = FIXTURES / name if content is None else tmp_path / name
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(FormatError, match=message) as caught:
        import_file(db, path)
    assert str(path) in str(caught.value)
    assert db.read_bytes() == snapshot


def test_a_200_mb_file_with_a_runaway_quote_is_refused_quickly(tmp_path: Path) -> None:
    db = new_database(tmp_path)
    snapshot = db.read_bytes()
    path = tmp_path / "huge.csv"
    block = ("x" * 1023 + "\n").encode() * 1024  # 1 MiB
    with path.open("wb") as out:
        out.write(b'date,title,text\n2025-01-01,Huge,"')
        for _ in range(200):
            out.write(block)
    with pytest.raises(FormatError, match=r"line 2: a field is longer than 131,072 characters"):
        import_file(db, path)
    assert db.read_bytes() == snapshot


def test_formula_and_markup_text_stay_plain_text(tmp_path: Path) -> None:
    db = new_database(tmp_path)
    import_file(db, FIXTURES / "hostile-text.csv")
    titles = {e.title: e.summary for e in stored(db).events}
    assert titles['=HYPERLINK("http://evil.example/x","Click me")'] == (
        "+7 495 244-16-06 is the ministry's switchboard"
    )
    assert titles["@SUM(A1:A9) briefing"] == "<script>alert('pwned')</script><b>bold claims</b>"
    # Backchannel's own CSV export writes '=1+1 for =1+1; importing it gives the text back.
    assert titles["=1+1 exported by Backchannel"] == "-2 dead in shelling (spreadsheet-escaped)"


def test_the_own_csv_export_imports_back(sample_path: Path, tmp_path: Path) -> None:
    from app.cli import main

    exported = tmp_path / "sample.csv"
    assert main(["--db", str(sample_path), "export", "--format", "csv", "-o", str(exported)]) == 0
    db = new_database(tmp_path)
    report = import_file(db, exported)
    original = stored(sample_path)
    copy = stored(db)
    assert len(report.added) == len(original.events) + len(original.statements)
    assert {e.id: (e.title, e.when.iso(), e.kind) for e in copy.events} == {
        e.id: (e.title, e.when.iso(), e.kind) for e in original.events
    }
    assert {s.id: (s.text, s.date.iso()) for s in copy.statements} == {
        s.id: (s.text, s.date.iso()) for s in original.statements
    }


def _many_rows(tmp_path: Path) -> Path:
    path = tmp_path / "many.csv"
    path.write_text(
        "date,title,text,group\n"
        + "".join(
            f"2024-{1 + i % 12:02d}-{1 + i % 28:02d},Contact {i},Round {i},Track {i % 7}\n"
            for i in range(30_000)
        ),
        encoding="utf-8",
    )
    return path


def _cancel_twice(
    target: Path, rows: Path, snapshot: Callable[[Path], Any], *, counters: bool
) -> None:
    """Cancel once while reading and once while writing; each time nothing may change (but,
    with `counters`, the header's change counters, as a first load into an empty file moves
    them)."""
    before = snapshot(target)
    with pytest.raises(ImportCancelled):
        import_file(target, rows, cancelled=lambda: True)
    before.assert_unchanged()
    stages: list[str] = []

    def progress(stage: str, done: int, total: int) -> None:
        stages.append(stage)

    with pytest.raises(ImportCancelled):
        import_file(target, rows, progress=progress, cancelled=lambda: "Writing" in stages)
    assert "Writing" in stages
    before.assert_unchanged(counters=counters)


def test_cancel_while_reading_or_writing_leaves_the_database_as_it_was(
    sample_path: Path, tmp_path: Path, snapshot: Callable[[Path], Any]
) -> None:
    _cancel_twice(sample_path, _many_rows(tmp_path), snapshot, counters=False)


def test_cancel_while_writing_into_an_empty_database_leaves_it_as_it_was(
    tmp_path: Path, snapshot: Callable[[Path], Any]
) -> None:
    _cancel_twice(new_database(tmp_path), _many_rows(tmp_path), snapshot, counters=True)


def test_cancel_into_an_empty_database_leaves_it_empty(tmp_path: Path) -> None:
    target = new_database(tmp_path)
    stages: list[str] = []
    with pytest.raises(ImportCancelled):
        import_file(
            target,
            _many_rows(tmp_path),
            progress=lambda stage, done, total: stages.append(stage),
            cancelled=lambda: "Writing" in stages,
        )
    handle = open_database(target)
    try:
        assert counts(handle).items == 0
        assert handle.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        handle.close()


def test_a_fault_inside_the_transaction_rolls_everything_back(
    sample_path: Path, tmp_path: Path
) -> None:
    snapshot = sample_path.read_bytes()
    document = json.loads(native.dumps(Dataset()))
    document["events"] = [
        {"id": f"event/new-{i}", "title": f"New {i}", "kind": "meeting", "start": "2026-01"}
        for i in range(50)
    ]
    document["statements"] = [
        {"id": "statement/orphan", "speaker": "actor/nobody", "date": "2026-01-02", "text": "Hi"}
    ]
    path = tmp_path / "broken-reference.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(DataError, match=r"statement 'statement/orphan': speaker refers to actor"):
        import_file(sample_path, path)
    assert sample_path.read_bytes() == snapshot


def test_dry_run_reports_and_writes_nothing(sample_path: Path) -> None:
    snapshot = sample_path.read_bytes()
    report = import_file(
        sample_path, FIXTURES / "statements.csv", ImportOptions(dry_run=True, track="Desk notes")
    )
    assert len(report.added) == 4
    assert report.lines()[0].startswith("Dry run, nothing written:")
    assert any("statement" in line and "Пауза" in line for line in report.lines())
    assert sample_path.read_bytes() == snapshot


def test_extra_track_puts_every_item_on_it(tmp_path: Path) -> None:
    db = new_database(tmp_path)
    import_file(db, FIXTURES / "statements.csv", ImportOptions(track="Desk notes"))
    data = stored(db)
    desk = next(t.id for t in data.tracks if t.name == "Desk notes")
    assert all(desk in s.tracks for s in data.statements)
    again = import_file(db, FIXTURES / "statements.csv", ImportOptions(track="desk NOTES"))
    assert (len(again.added), len(again.updated), again.new_tracks) == (0, 0, 0)


def test_preview_shows_the_first_rows_and_the_mapping(tmp_path: Path) -> None:
    shown = preview(FIXTURES / "monitor-acled.csv", rows=2)
    assert shown.format == "csv"
    assert len(shown.records) == 2
    assert shown.layout is not None
    assert shown.layout.delimiter == ","
    assert shown.layout.columns["track"] == (5,)


def test_a_file_previewed_whole_is_not_read_again_unless_it_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, rounds: Callable[[Path, int], Any]
) -> None:
    path = tmp_path / "native.json"
    document = rounds(path, 3)
    shown = preview(path)
    assert shown.whole is not None
    assert preview(FIXTURES / "monitor-acled.csv", rows=2).whole is None  # a CSV preview: rows
    reads: list[Path] = []
    read_file = importing.read_file
    monkeypatch.setattr(importing, "read_file", lambda p, *a: reads.append(p) or read_file(p, *a))
    report = import_file(new_database(tmp_path), path, already=shown.whole)
    assert (len(report.added), reads) == (3, [])
    # Changed on disk since the preview: read afresh, and what is there now is imported.
    document["events"].append({**document["events"][0], "id": "event/new", "title": "Later"})
    path.write_text(json.dumps(document), encoding="utf-8")
    report = import_file(new_database(tmp_path, "other.backchannel"), path, already=shown.whole)
    assert (len(report.added), reads) == (4, [path])


def test_excel_unicode_text_utf16_with_tabs_is_read(tmp_path: Path) -> None:
    path = tmp_path / "excel-unicode.txt"
    path.write_text(
        "Date\tSpeaker\tQuote\r\n2025-10-22\tМария Захарова\tЭто «утка».\r\n", encoding="utf-16"
    )
    reading = read_csv(path)
    (statement,) = reading.dataset.statements
    assert statement.text == "Это «утка»."
    assert [a.name for a in reading.dataset.actors] == ["Мария Захарова"]


def test_a_csv_import_reads_the_head_of_the_file_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "talks.csv"
    path.write_text("date,title\n2025-11-23,Geneva talks\n", encoding="utf-8")
    opened: list[Path] = []
    real_open = Path.open

    def counting_open(self: Path, *args: Any, **kwargs: Any) -> Any:
        if self == path:
            opened.append(self)
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", counting_open)
    report = import_file(new_database(tmp_path), path)
    assert len(report.added) == 1
    assert report.mapping == ["date ← column 1 “date”", "title ← column 2 “title”"]
    assert len(opened) == 2  # the head, once for detection, layout and reader; then the rows


def test_a_csv_with_old_mac_line_ends_is_read(tmp_path: Path) -> None:
    """Classic Mac OS, and Excel for Mac's "CSV (Macintosh)", end lines with CR alone."""
    path = tmp_path / "mac.csv"
    rows = [f"2025-10-{1 + i % 28:02d},Round {i},note {i}" for i in range(3000)]
    rows.insert(1, '2025-09-30,Opening,"two\rlines"')
    path.write_bytes(("date,title,text\r" + "\r".join(rows) + "\r").encode("utf-8"))
    assert path.stat().st_size > 64 * 1024  # read on past the head, in chunks
    reading = read_csv(path)
    assert reading.problems == []
    events = {e.title: e for e in reading.dataset.events}
    assert len(events) == 3001
    assert events["Opening"].summary == "two\nlines"
    assert events["Round 2999"].when.iso() == "2025-10-04"


MISSING = (
    "date,title,actor,place\n"
    "2025-10-24,Talks in Miami,Kirill Dmitriev,-\n"
    "2025-10-25,Talks resume,NA,Miami\n"
    "2025-10-26,Talks end,NA,-\n"
    "2025-10-27,Statement issued,Steve Witkoff,Washington\n"
)


def test_cells_that_mark_a_missing_value_are_empty(tmp_path: Path) -> None:
    path = tmp_path / "missing.csv"
    path.write_text(MISSING, encoding="utf-8")
    guessed = read_csv(path)
    assert "NA" not in {a.name for a in guessed.dataset.actors}  # guessed: NA fills the column
    assert "read as missing values (empty cells): “NA” in column 3 “actor” (guessed from the " \
        "file)" in "\n".join(guessed.notes)  # fmt: skip
    given = readers.read(read_head(path), csv_in.CSV, ReadOptions(missing=["-"]))
    places = {e.title: e.place for e in given.dataset.events}
    assert places["Talks in Miami"] is None
    assert places["Talks resume"] == "Miami"
    assert "“-” in any column (--na)" in "\n".join(given.notes)


def test_na_is_not_guessed_from_a_column_where_it_is_rare(tmp_path: Path) -> None:
    path = tmp_path / "rare.csv"
    rows = [f"2025-10-{d:02d},Round {d},Lavrov" for d in range(1, 29)]
    path.write_text("date,title,actor\n" + "\n".join([*rows, "2025-10-29,Last,NA"]) + "\n")
    reading = read_csv(path)
    assert "NA" in {a.name for a in reading.dataset.actors}
    assert not any("missing values" in note for note in reading.notes)
