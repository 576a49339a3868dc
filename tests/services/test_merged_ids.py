"""An id merged away still names the kept record: an old export imported again merges into
it instead of bringing the duplicate back; undoing the merge forgets that."""

from __future__ import annotations

import json
from pathlib import Path

import sqlite_utils

from app.core.dates import parse_partial
from app.core.model import Actor, Statement
from app.formats import native
from app.services.editing import apply, merge_actors_edit
from app.services.importing import ImportOptions, import_file
from app.services.merging import merge_items_edit
from app.store import open_database
from app.store.changes import make_change, read_state, undo
from app.store.records import read_selection

VADIM = Actor("actor/vadim-medinsky", "V. Medinskiy")
SAID = Statement(
    "statement/vadim", VADIM.id, parse_partial("2025-05-16"), "The Istanbul format stays."
)
KEPT = "actor/vladimir-medinsky"


def _old_export(db: sqlite_utils.Database, folder: Path) -> Path:
    """A colleague's export, made while Vadim was an actor of his own."""
    make_change(db, "setup", {("actor", VADIM.id): VADIM, ("item", SAID.id): SAID})
    path = folder / "old.json"
    path.write_text(json.dumps(native.to_document(read_selection(db)[0]), ensure_ascii=False))
    return path


def _actors(db: sqlite_utils.Database) -> set[str]:
    return {r[0] for r in db.execute("SELECT id FROM actors")}


def test_an_old_export_imported_after_a_merge_brings_no_duplicate_back(
    sample_path: Path, sample_db: sqlite_utils.Database, tmp_path: Path
) -> None:
    old = _old_export(sample_db, tmp_path)
    apply(sample_db, merge_actors_edit(sample_db, KEPT, VADIM.id))
    sample_db.close()

    report = import_file(sample_path, old, ImportOptions())

    db = open_database(sample_path)
    assert VADIM.id not in _actors(db)
    said = read_state(db, [("item", SAID.id)]).record("item", SAID.id)
    assert isinstance(said, Statement)
    assert said.speaker == KEPT
    assert (report.added, report.updated, report.new_actors) == ([], [], 0)


def test_an_old_export_holding_both_duplicates_adds_neither_back(
    sample_path: Path, sample_db: sqlite_utils.Database, tmp_path: Path
) -> None:
    day = parse_partial("2025-05-16")
    a = Statement("statement/a", KEPT, day, "The Istanbul format stays.")
    b = Statement("statement/b", KEPT, day, "The Istanbul format stays, he said.")
    make_change(sample_db, "setup", {("item", a.id): a, ("item", b.id): b})
    old = tmp_path / "old.json"
    old.write_text(json.dumps(native.to_document(read_selection(sample_db)[0])))
    apply(sample_db, merge_items_edit(sample_db, a.id, b.id))
    sample_db.close()

    import_file(sample_path, old, ImportOptions())

    db = open_database(sample_path)
    state = read_state(db, [("item", a.id), ("item", b.id)])
    assert state.record("item", b.id) is None
    assert state.record("item", a.id) == a  # the kept one's own words


def test_undoing_a_merge_forgets_the_merged_id(
    sample_db: sqlite_utils.Database, tmp_path: Path
) -> None:
    _old_export(sample_db, tmp_path)
    change = apply(sample_db, merge_actors_edit(sample_db, KEPT, VADIM.id))
    assert sample_db.execute("SELECT kept FROM merged_ids").fetchall() == [(KEPT,)]
    undo(sample_db, change)
    assert sample_db.execute("SELECT count(*) FROM merged_ids").fetchone() == (0,)


def test_merges_in_a_row_lead_to_the_last_kept_item(sample_db: sqlite_utils.Database) -> None:
    from app.store.references import merged_into

    day = parse_partial("2025-05-16")
    a, b, c = (Statement(f"statement/{n}", KEPT, day, f"Words {n}") for n in "abc")
    make_change(sample_db, "setup", {("item", s.id): s for s in (a, b, c)})
    apply(sample_db, merge_items_edit(sample_db, b.id, a.id))
    apply(sample_db, merge_items_edit(sample_db, c.id, b.id))

    assert merged_into(sample_db, "item", [a.id, b.id, "statement/none"]) == {
        a.id: c.id,
        b.id: c.id,
    }
