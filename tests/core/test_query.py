"""Reading what people type in the search box: plain words and `field:value` terms."""

from __future__ import annotations

import pytest

from app.core.query import (
    FIELDS,
    ParsedQuery,
    PlainWords,
    QuerySyntaxError,
    Term,
    parse_query,
    read_words,
)


def test_fields_in_any_order_mixed_with_words() -> None:
    parsed = parse_query('Witkoff speaker:Peskov actor:"Fu Cong" talks from:2025-10 to:2025-11')
    assert parsed == ParsedQuery(
        "Witkoff talks",
        (
            Term("speaker", "Peskov"),
            Term("actor", "Fu Cong"),
            Term("from", "2025-10"),
            Term("to", "2025-11"),
        ),
    )
    assert parsed.values("actor") == ("Fu Cong",)


def test_field_names_ignore_case_and_values_keep_their_script() -> None:
    parsed = parse_query("Speaker:Песков TRACK:«Совет Безопасности»")
    assert parsed.terms == (Term("speaker", "Песков"), Term("track", "Совет Безопасности"))
    assert parsed.words == ""


def test_words_that_only_look_like_fields_stay_words() -> None:
    assert parse_query("he said: no").words == "he said: no"
    assert parse_query("https://tass.com/politics 10:30").words == "https://tass.com/politics 10:30"
    assert parse_query('"speaker:Peskov said" veto').words == '"speaker:Peskov said" veto'
    # Plain words never fail, an unbalanced quote included.
    assert parse_query('tax " OR').words == 'tax " OR'


def test_advanced_syntax_keeps_its_own_column_filters() -> None:
    parsed = parse_query("title:veto OR summit kind:vote", advanced=True)
    assert parsed.words == "title:veto OR summit"
    assert parsed.terms == (Term("kind", "vote"),)


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ('actor:"Fu Cong', "The quote after “actor:” is not closed"),
        ("speaker:", "“speaker:” needs a value, as in speaker:Peskov"),
        ('track:"" veto', "“track:” needs a value"),
        ("author:Helmer", "“author:” is not a search field. Fields: speaker:, actor:,"),
        ("from:2025 from:2024", "“from:” is given 2 times (2025, 2024): give it once"),
    ],
)
def test_what_cannot_be_read_is_said_plainly(typed: str, says: str) -> None:
    with pytest.raises(QuerySyntaxError) as raised:
        parse_query(typed)
    assert says in str(raised.value)


def test_every_field_is_named_in_the_unknown_field_message() -> None:
    with pytest.raises(QuerySyntaxError) as raised:
        parse_query("who:Lavrov")
    assert all(f"{name}:" in str(raised.value) for name in FIELDS)


@pytest.mark.parametrize(
    ("typed", "groups", "left_out"),
    [
        ("Peskov OR Zakharova", [["Peskov", "Zakharova"]], []),
        ("Witkoff -Dmitriev", [["Witkoff"]], ["Dmitriev"]),
        ('Gaza -"peace plan" ceasefire', [["Gaza"], ["ceasefire"]], ['"peace plan"']),
        ("a OR b OR c d", [["a", "b", "c"], ["d"]], []),
        ('"Fu Cong" OR Nebenzia', [['"Fu Cong"', "Nebenzia"]], []),
        # A minus inside a word is the word's, as is one standing alone.
        ("Dmitriev-Witkoff - talks", [["Dmitriev-Witkoff"], ["-"], ["talks"]], []),
        # Only OR in capitals between two words joins them; anywhere else it is a word.
        ("Peskov or Zakharova", [["Peskov"], ["or"], ["Zakharova"]], []),
        ("OR Peskov", [["OR"], ["Peskov"]], []),
        ("Peskov OR", [["Peskov"], ["OR"]], []),
        ("Peskov OR -Zakharova", [["Peskov"], ["OR"]], ["Zakharova"]),
        ('Gaza -"truce" OR veto', [["Gaza"], ["OR"], ["veto"]], ['"truce"']),
        ("-Dmitriev", [], ["Dmitriev"]),
        ('-"unclosed phrase', [], ['"unclosed phrase']),
        ('"peace pl"* Gaza -"Gaza tru"*', [['"peace pl"*'], ["Gaza"]], ['"Gaza tru"*']),
        ("negotiat* OR talk*", [["negotiat*", "talk*"]], []),
    ],
)
def test_plain_words_read_as_other_search_boxes_read_them(
    typed: str, groups: list[list[str]], left_out: list[str]
) -> None:
    read = read_words(typed)
    assert read == PlainWords(tuple(map(tuple, groups)), tuple(left_out))
    assert read.wanted == " ".join(" OR ".join(g) for g in groups)
