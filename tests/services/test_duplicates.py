"""Likely duplicates: alike across scripts and spellings, suggested, never merged."""

from __future__ import annotations

import sqlite_utils

from app.core.dates import parse_partial
from app.core.model import Actor, Statement
from app.services.duplicates import likely_duplicates, romanised
from app.store.changes import make_change


def test_the_sample_has_no_false_alarm(sample_db: sqlite_utils.Database) -> None:
    # The Permanent Missions of China and of Russia to the UN have alike names, not one.
    assert likely_duplicates(sample_db) == []


def test_a_name_in_cyrillic_is_compared_in_latin_letters() -> None:
    assert romanised("Мединский") == "medinskiy"
    assert romanised("  Jana   MÜLLER ") == "jana muller"


def test_a_spelling_in_another_script_is_suggested_and_nothing_merged(
    sample_db: sqlite_utils.Database,
) -> None:
    make_change(
        sample_db,
        "New actor",
        {
            ("actor", "actor/medinskii"): Actor("actor/medinskii", "Владимир Мединский В."),
            ("actor", "actor/russia-2"): Actor("actor/russia-2", "Rusia", kind="state"),
        },
    )
    before = sample_db.execute("SELECT count(*) FROM actors").fetchone()[0]

    pairs = {(p.kind, p.first, p.second) for p in likely_duplicates(sample_db)}

    assert ("actor", "actor/vladimir-medinsky", "actor/medinskii") in pairs
    medinsky = next(p for p in likely_duplicates(sample_db) if p.second == "actor/medinskii")
    assert medinsky.labels == ("Vladimir Medinsky", "Владимир Мединский В.")
    assert any({"actor/russia-2", "actor/russia"} == {p[1], p[2]} for p in pairs)
    assert sample_db.execute("SELECT count(*) FROM actors").fetchone()[0] == before


def test_the_same_quote_twice_on_one_day_is_suggested_and_a_different_one_is_not(
    sample_db: sqlite_utils.Database,
) -> None:
    said = "The channel with Witkoff works, and we value it."
    day = parse_partial("2025-11-03")
    records = {
        ("item", "statement/a"): Statement("statement/a", "actor/dmitry-peskov", day, said),
        ("item", "statement/b"): Statement(
            "statement/b", "actor/dmitry-peskov", day, said.replace("works", "is working")
        ),
        ("item", "statement/c"): Statement(
            "statement/c", "actor/dmitry-peskov", day, "No comment on the summit's date."
        ),
    }
    make_change(sample_db, "New statements", records)

    pairs = [p for p in likely_duplicates(sample_db) if p.kind == "statement"]

    assert [(p.first, p.second) for p in pairs] == [("statement/a", "statement/b")]
    assert "same date" in pairs[0].why
    assert pairs[0].labels[0] == f"3 Nov 2025 — {said}"
