"""The spelling key: the spellings of a name across scripts and romanisations agree, and
words that are different words do not."""

from __future__ import annotations

import sqlite3
from contextlib import closing

import pytest

from app.core.spelling import index_terms, spelling_key, spelling_keys
from app.store.schema import FTS_TOKENIZER

SAME_NAME = [
    ("Песков", "Peskov"),
    ("Мединский", "Medinsky", "Medinskiy", "Medinskii", "Medinskij"),
    ("Захарова", "Zakharova", "Zaharova"),
    ("Небензя", "Nebenzia", "Nebenzya"),
    ("Юрий", "Yuriy", "Iurii", "Yury", "Yuri"),
    ("Фёдор", "Fyodor", "Fedor"),
    ("Евгений", "Yevgeny", "Evgeniy", "Evgenii"),
    ("Дмитриев", "Dmitriev", "Dmitriyev"),
    ("Соловьёв", "Solovyov", "Solovyev", "Soloviev"),
    ("Зеленський", "Зеленский", "Zelensky", "Zelenskyy", "Zelenskiy"),
    ("Алексей", "Aleksey", "Alexei", "Alexey", "Aleksei"),
    ("Мария", "Maria", "Mariya"),
    ("Щербаков", "Shcherbakov"),
    ("Müller", "Muller", "MÜLLER"),
]
DIFFERENT = [
    ("Lavrov", "Lavrova"),
    ("Peskov", "Peskova"),
    ("diner", "dinner"),
    ("yes", "es"),
    ("Trump", "Tramp"),
    ("Ushakov", "Ryabkov"),
    ("2803", "2804"),
]


@pytest.mark.parametrize("spellings", SAME_NAME, ids=lambda s: s[0])
def test_the_spellings_of_a_name_share_one_key(spellings: tuple[str, ...]) -> None:
    assert len({spelling_key(s) for s in spellings}) == 1, [spelling_key(s) for s in spellings]


@pytest.mark.parametrize("pair", DIFFERENT, ids=lambda p: "-".join(p))
def test_different_words_keep_different_keys(pair: tuple[str, str]) -> None:
    assert spelling_key(pair[0]) != spelling_key(pair[1])


def test_words_with_nothing_latin_to_say_have_no_key() -> None:
    assert spelling_key("—") == ""
    assert spelling_key("") == ""
    assert spelling_keys("Dmitry  Peskov!") == spelling_keys("Дмитрий Песков") == "dmitri peskov"


def test_the_index_terms_are_cut_and_folded_as_fts5_cuts_them() -> None:
    """Compared with what SQLite's own tokenizer, as the schema sets it, makes of a text."""
    text = "Dmitriev–Witkoff, «Песко\u0301в» said_it 2803 ÉLYSÉE naïve Straße"
    with closing(sqlite3.connect(":memory:")) as db:
        db.execute(f"CREATE VIRTUAL TABLE t USING fts5 (x, tokenize='{FTS_TOKENIZER}')")
        db.execute("CREATE VIRTUAL TABLE v USING fts5vocab(t, instance)")
        db.execute("INSERT INTO t (x) VALUES (?)", [text])
        cut = [row[0] for row in db.execute("SELECT term FROM v ORDER BY offset")]
    assert index_terms(text) == cut
    assert "песков" in cut
