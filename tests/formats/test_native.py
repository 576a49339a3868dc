"""The native JSON format: the schema, round trips, and errors that name record and field."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import fastjsonschema
import jsonschema
import pytest
import sqlite_utils
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core.paths import native_schema, sample_dataset
from app.formats import native
from app.formats.problems import FormatError
from app.store import open_database, write_dataset
from app.store.records import read_selection


def _document() -> dict[str, Any]:
    return json.loads(sample_dataset().read_text(encoding="utf-8"))


def _write(tmp_path: Path, document: object) -> Path:
    path = tmp_path / "input.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


def test_the_sample_is_valid_and_already_canonical(sample_db: sqlite_utils.Database) -> None:
    schema = json.loads(native_schema().read_text(encoding="utf-8"))
    jsonschema.validate(_document(), schema)
    assert native.dumps(read_selection(sample_db)[0]) == sample_dataset().read_text(
        encoding="utf-8"
    )


def test_export_import_export_gives_the_same_document(
    sample_db: sqlite_utils.Database, tmp_path: Path
) -> None:
    first = native.dumps(read_selection(sample_db)[0])
    copy = open_database(tmp_path / "copy.backchannel", create=True)
    write_dataset(copy, native.read(_write(tmp_path, json.loads(first))))
    assert native.dumps(read_selection(copy)[0]) == first
    copy.close()


def test_broken_json_names_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{"format": "backchannel",\n "version": 1,\n "actors": [}', encoding="utf-8")
    with pytest.raises(FormatError, match=r"broken JSON at line 3, column 13: Expecting value"):
        native.read(path)


def test_a_malformed_date_names_the_record_and_field(tmp_path: Path) -> None:
    document = _document()
    document["statements"][2]["date"] = "2025-10-32"
    ident = document["statements"][2]["id"]
    with pytest.raises(FormatError) as caught:
        native.read(_write(tmp_path, document))
    assert f"statements[2] ({ident}), field 'date'" in str(caught.value)
    assert "day 32 does not exist in Oct 2025" in str(caught.value)


def test_structure_errors_name_the_record_and_field(tmp_path: Path) -> None:
    document = _document()
    del document["events"][0]["title"]
    document["events"][1]["actors"] = "actor/sergei-lavrov"
    document["tracks"][0]["color"] = "red"
    with pytest.raises(FormatError) as caught:
        native.read(_write(tmp_path, document))
    message = str(caught.value)
    assert f"events[0] ({document['events'][0]['id']}): 'title' is a required property" in message
    assert f"events[1] ({document['events'][1]['id']}), field 'actors'" in message
    assert f"tracks[0] ({document['tracks'][0]['id']}), field 'color'" in message


def test_duplicate_ids_and_wrong_format_are_refused(tmp_path: Path) -> None:
    document = _document()
    document["actors"].append(dict(document["actors"][0]))
    with pytest.raises(FormatError, match="is used by 2 records"):
        native.read(_write(tmp_path, document))
    with pytest.raises(FormatError, match="field 'format'"):
        native.read(_write(tmp_path, {**_document(), "format": "timelinejs"}))


def test_text_that_is_not_utf8_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "latin1.json"
    path.write_bytes(json.dumps(_document(), ensure_ascii=False).encode("cp1251", errors="replace"))
    with pytest.raises(FormatError, match="not UTF-8"):
        native.read(path)


def test_deep_time_and_far_future_dates_survive(
    tmp_path: Path, empty_db: sqlite_utils.Database
) -> None:
    document = {
        "format": "backchannel",
        "version": 1,
        "actors": [],
        "tracks": [],
        "sources": [],
        "statements": [],
        "events": [
            {"id": "event/big-bang", "title": "Big Bang", "kind": "other", "start": "-13800000000"},
            {"id": "event/far", "title": "Far future", "kind": "other", "start": "123456-07-08"},
            {
                "id": "event/rome",
                "title": "Rome",
                "kind": "other",
                "start": "-0752~",
                "end": "0476",
            },
        ],
    }
    write_dataset(empty_db, native.read(_write(tmp_path, document)))
    events = read_selection(empty_db)[0].events
    assert [(e.id, e.when.iso()) for e in events] == [
        ("event/big-bang", "-13800000000"),
        ("event/rome", "-0752~/0476"),
        ("event/far", "123456-07-08"),
    ]


def _paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place in a document, as a path of keys and indexes."""
    found = [path]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _paths(item, (*path, index))
    return found


_SAMPLE = _document()
_PLACES = [p for p in _paths(_SAMPLE) if p]
_NEAR_MISSES = ["", "2025-10-24", "2025-1-1", "24 Oct 2025", "2025-10-24T14", "1975~",
                "-0300", "٢٠٢٥", "actor/sergei-lavrov", "meeting", "direct", "x" * 201,
                "#12345"]  # fmt: skip
_JSON_VALUES = st.sampled_from(_NEAR_MISSES) | st.recursive(
    st.none() | st.booleans() | st.integers(-5, 20) | st.floats(allow_nan=False)
    | st.text(max_size=5),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=4),
                                                                       children, max_size=3),
    max_leaves=4,
)  # fmt: skip


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    place=st.sampled_from(_PLACES),
    action=st.sampled_from(["set", "delete", "add"]),
    value=_JSON_VALUES,
)
def test_what_the_compiled_schema_lets_through_jsonschema_accepts(
    place: tuple[Any, ...], action: str, value: Any
) -> None:
    """A valid file is checked by fastjsonschema alone; this shows that it is never more
    lenient than jsonschema, which lists the problems of the files it refuses."""
    document = json.loads(json.dumps(_SAMPLE))
    parent = document
    for step in place[:-1]:
        parent = parent[step]
    last = place[-1]
    if action == "set":
        parent[last] = value
    elif action == "delete" and isinstance(parent, dict):
        del parent[last]
    elif action == "delete":
        parent.pop(last)
    elif isinstance(parent, dict):
        parent["zz_unknown"] = value
    else:
        parent.append(value)
    try:
        native._gate()(document)
    except fastjsonschema.JsonSchemaValueException:
        return
    assert list(native._validator().iter_errors(document)) == []


def test_a_valid_file_is_not_walked_by_jsonschema(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(native, "_validator", lambda: pytest.fail("jsonschema was asked"))
    assert len(native.read(_write(tmp_path, _document())).statements) == len(
        _document()["statements"]
    )


def test_a_problem_only_the_compiled_schema_sees_is_still_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Should the two ever differ the other way, the file is refused all the same."""

    class Lenient:
        def iter_errors(self, document: Any) -> list[Any]:
            return []

    monkeypatch.setattr(native, "_validator", Lenient)
    document = _document()
    document["events"][2]["kind"] = "picnic"
    with pytest.raises(FormatError) as caught:
        native.read(_write(tmp_path, document))
    assert f"events[2] ({document['events'][2]['id']}), field 'kind': must be one of" in str(
        caught.value
    )
