"""The analyst's notes and tags in files: the native JSON and CSV carry both and read them back;
reports, TimelineJS and calendars show tags and never show a note as if a source said it."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from pathlib import Path

import pytest
import sqlite_utils

from app.core.filter import Filter
from app.core.model import Dataset
from app.core.paths import sample_dataset
from app.drawing.image_formats import IMAGE_FORMATS
from app.formats import native
from app.formats.export_types import ExportRegistry
from app.formats.exporting import TEXT_FORMATS
from app.formats.problems import FormatError
from app.services.exporting import gather, render
from app.services.importing import import_file
from app.store import open_database, write_dataset
from app.store.records import read_selection

FORMATS = ExportRegistry.of(TEXT_FORMATS, IMAGE_FORMATS)
NOTE = "Analyst: the quote sounds rehearsed"


def _annotated() -> Dataset:
    data = native.read(sample_dataset())
    data.events = [
        replace(e, tags=("Brief", "Срочно")) if i % 2 else replace(e, note=f"{NOTE} {i}")
        for i, e in enumerate(data.events)
    ]
    data.statements = [
        replace(s, tags=("brief",), note=NOTE) if i % 3 == 0 else s
        for i, s in enumerate(data.statements)
    ]
    return data


@pytest.fixture
def annotated_db(empty_db: sqlite_utils.Database) -> sqlite_utils.Database:
    write_dataset(empty_db, _annotated())
    return empty_db


def _annotations(db: sqlite_utils.Database) -> dict[str, tuple[object, ...]]:
    data = read_selection(db)[0]
    return {r.id: (r.note, r.tags) for r in [*data.events, *data.statements]}


def test_native_export_import_export_keeps_notes_and_tags(
    annotated_db: sqlite_utils.Database, tmp_path: Path
) -> None:
    first = native.dumps(read_selection(annotated_db)[0])
    path = tmp_path / "annotated.json"
    path.write_text(first, encoding="utf-8")
    copy = open_database(tmp_path / "copy.backchannel", create=True)
    write_dataset(copy, native.read(path))
    assert native.dumps(read_selection(copy)[0]) == first
    assert _annotations(copy) == _annotations(annotated_db)
    copy.close()


def test_native_entries_name_notes_and_tags_only_where_there_are_some(
    annotated_db: sqlite_utils.Database,
) -> None:
    document = json.loads(native.dumps(read_selection(annotated_db)[0]))
    events = document["events"]
    assert events[1]["tags"] == ["Brief", "Срочно"]
    assert "note" not in events[1]
    assert events[0]["note"] == f"{NOTE} 0"
    assert "tags" not in events[0]
    assert all("note" not in s and "tags" not in s for s in document["statements"][1:3])


@pytest.mark.parametrize(
    ("tags", "words"),
    [
        (["two\nlines"], "does not match"),
        (["a;b"], "does not match"),
        (["x" * 101], "is too long"),
        ([""], "should be non-empty"),
        ("brief", "is not of type 'array'"),
    ],
)
def test_a_native_file_with_a_bad_tag_names_the_record_and_field(
    tmp_path: Path, tags: object, words: str
) -> None:
    document = json.loads(sample_dataset().read_text(encoding="utf-8"))
    document["statements"][0]["tags"] = tags
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(FormatError) as refused:
        native.read(path)
    problem = str(refused.value)
    assert f"statements[0] ({document['statements'][0]['id']}), field 'tags" in problem
    assert words in problem


def test_csv_names_the_note_as_the_analysts_and_reads_both_back(
    annotated_db: sqlite_utils.Database, tmp_path: Path
) -> None:
    content = render(FORMATS["csv"], gather(annotated_db, Filter())).content
    rows = list(csv.DictReader(io.StringIO(content.decode("utf-8"), newline="")))
    by_id = {r["id"]: r for r in rows}
    first_event = read_selection(annotated_db)[0].events[1]
    assert by_id[first_event.id]["tags"] == "Brief; Срочно"
    assert by_id[first_event.id]["analyst_note"] == ""
    noted = [r for r in rows if r["analyst_note"]]
    assert noted
    assert all(NOTE not in r["text"] and NOTE not in r["title"] for r in noted)

    path = tmp_path / "items.csv"
    path.write_bytes(content)
    copy_path = tmp_path / "copy.backchannel"
    open_database(copy_path, create=True).close()
    import_file(copy_path, path)
    copy = open_database(copy_path)
    expected = {i: a for i, a in _annotations(annotated_db).items() if i in by_id}
    assert _annotations(copy) == expected
    copy.close()


@pytest.mark.parametrize("name", ["html", "markdown", "timelinejs", "ics"])
def test_other_exports_show_tags_and_never_the_note(
    annotated_db: sqlite_utils.Database, name: str
) -> None:
    text = render(FORMATS[name], gather(annotated_db, Filter())).content.decode("utf-8")
    text = text.replace("\r\n ", "").replace("\\,", ",")  # a calendar's folds and escapes
    assert "Brief, Срочно" in text
    assert "rehearsed" not in text
