"""A search through a huge statement answers as a short one does: its snippet is made from
bounded slices of its text (FTS5's `snippet()` costs the square of an item's length), with
the hits marked by the same rules."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlite_utils
from hypothesis import given
from hypothesis import strategies as st

from app.core.dates import parse_partial
from app.core.filter import Filter
from app.core.model import Actor, Dataset, Statement
from app.store import long_snippets, open_database, write_dataset
from app.store.details import snippets
from app.store.long_snippets import BATCH, LONG_TEXT, SLICE, slices
from app.store.queries import HIT_END, HIT_START, count, page

FILLER = "the delegations met again and talked about procedure "
MEGABYTE = 1024 * 1024


def _statement(id_: str, text: str, speaker: str = "actor/kid") -> Statement:
    return Statement(id_, speaker, parse_partial("2025-10-01"), text)


@pytest.fixture
def db(tmp_path: Path) -> Iterator[sqlite_utils.Database]:
    path = tmp_path / "long.backchannel"
    database = open_database(path, create=True)
    yield database
    database.close()


@pytest.fixture
def given_to_snippet(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The length of every slice the scratch index was given, in order."""
    lengths: list[int] = []
    look_up = long_snippets._look_up

    def spy(scratch: Any, column: int, batch: list[tuple[int, str]], *rest: Any) -> Any:
        lengths.extend(len(piece) for _, piece in batch)
        return look_up(scratch, column, batch, *rest)

    monkeypatch.setattr(long_snippets, "_look_up", spy)
    return lengths


def _add(db: sqlite_utils.Database, *statements: Statement) -> None:
    write_dataset(db, Dataset(actors=[Actor("actor/kid", "Zebra Kid")], statements=[*statements]))


def test_a_huge_statement_is_searched_a_bounded_slice_at_a_time(
    db: sqlite_utils.Database, given_to_snippet: list[int]
) -> None:
    # Every sentence a hit: the case that took FTS5 the square of the length.
    huge = "Zürich talks, " + "Zurich again: " * (MEGABYTE // 14)
    _add(db, _statement("statement/huge", huge), _statement("statement/short", "Zurich, briefly."))
    f = Filter(text="zurich")
    assert count(db, f) == 2
    found = {item.id: item.snippet for item in page(db, f)}
    assert found["statement/huge"].startswith(f"{HIT_START}Zürich{HIT_END} talks, ")
    assert found["statement/huge"].endswith("…")
    assert found["statement/short"] == f"{HIT_START}Zurich{HIT_END}, briefly."
    # Only the first slices were read (the hit is at the start), none longer than SLICE.
    assert 0 < len(given_to_snippet) <= BATCH
    assert max(given_to_snippet) <= SLICE


def test_work_grows_with_the_text_read_never_past_a_slice_at_a_time(
    db: sqlite_utils.Database, given_to_snippet: list[int]
) -> None:
    text = FILLER * (MEGABYTE // len(FILLER)) + "and then Lavrov's offer, ignored. " + FILLER * 20
    _add(db, _statement("statement/late", text))
    (item,) = page(db, Filter(text="Lavrov's"))
    assert item.snippet is not None
    assert f"{HIT_START}Lavrov's{HIT_END} offer" in item.snippet
    assert item.snippet.startswith("…")
    assert item.snippet.endswith("…")
    # Each slice once up to the hit, every one bounded: linear in the text, whatever its length.
    assert text.index("Lavrov's") < sum(given_to_snippet) <= len(text)
    assert max(given_to_snippet) <= SLICE
    assert len(given_to_snippet) <= 2 * len(text) // SLICE + 1


def test_a_long_item_found_by_its_speaker_alone_names_him_and_words_split_over_places(
    db: sqlite_utils.Database,
) -> None:
    _add(db, _statement("statement/long", FILLER * (LONG_TEXT // len(FILLER) + 1)))
    (item,) = page(db, Filter(text="zebra"))
    assert item.snippet == "matched in: actor Zebra Kid"
    # One word in the text, the other in the speaker's name: the text's word is shown.
    (item,) = page(db, Filter(text="procedure kid"))
    assert item.snippet is not None
    assert f"{HIT_START}procedure{HIT_END}" in item.snippet


def test_the_window_asks_snippets_of_long_items_the_same_way(
    db: sqlite_utils.Database, given_to_snippet: list[int]
) -> None:
    _add(db, _statement("statement/long", FILLER * 1000 + "ceasefire"))
    f = Filter(text="ceasefire")
    (item,) = page(db, f, 1)
    assert snippets(db, f, [item.key]) == {item.key: item.snippet}
    assert item.snippet is not None
    assert item.snippet.endswith(f"{HIT_START}ceasefire{HIT_END}")
    assert max(given_to_snippet) <= SLICE


def test_advanced_searches_mark_long_items_too(db: sqlite_utils.Database) -> None:
    _add(db, _statement("statement/long", FILLER * 1000 + "a ceasefire in Gaza"))
    (item,) = page(db, Filter(text="NEAR(ceasefire gaza, 3)", advanced=True))
    assert item.snippet is not None
    assert f"{HIT_START}ceasefire{HIT_END}" in item.snippet
    (item,) = page(db, Filter(text="body: gaza", advanced=True))
    assert item.snippet is not None
    assert f"{HIT_START}Gaza{HIT_END}" in item.snippet


@given(st.text(max_size=600), st.integers(2, 50))
def test_slices_give_back_the_whole_text_in_bounded_pieces(text: str, size: int) -> None:
    pieces = list(slices(text, size))
    assert "".join(piece for _, piece in pieces) == text
    assert all(0 < len(piece) <= size for _, piece in pieces)
    assert [offset for offset, _ in pieces] == [
        sum(len(p) for _, p in pieces[:i]) for i in range(len(pieces))
    ]
