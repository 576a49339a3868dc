"""The search box's fields made a Filter against the sample: each field selects what a reader
expects, with the words around it, and one that names nothing says so."""

from __future__ import annotations

from dataclasses import replace

import pytest
import sqlite_utils
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from app.core.dates import parse_span
from app.core.filter import Filter
from app.services.editing import StatementForm, apply, statement_edit, tags_edit
from app.services.query import QueryProblem, apply_query, window_filter
from app.store import QueryError
from app.store.item_index import text_keys
from app.store.queries import count, names, page

PESKOV = "actor/dmitry-peskov"


def found(db: sqlite_utils.Database, typed: str, base: Filter | None = None) -> list[str]:
    f = apply_query(db, typed, base=base)
    ids = [item.id for item in page(db, f, limit=1000)]
    assert count(db, f) == len(ids)
    return ids


def where(db: sqlite_utils.Database, condition: str, *params: object) -> list[str]:
    """What a reader would list by hand, in time order."""
    rows = db.execute(f"SELECT id FROM items WHERE {condition} ORDER BY key", params)
    return [r[0] for r in rows]


def test_speaker_gives_exactly_his_statements_in_any_script(
    sample_db: sqlite_utils.Database,
) -> None:
    his = where(sample_db, "speaker = ?", PESKOV)
    assert len(his) == 2
    assert found(sample_db, "speaker:Peskov") == his
    assert found(sample_db, "speaker:Песков") == his
    assert found(sample_db, 'speaker:"dmitri peskov"') == his  # an alias, case aside
    assert found(sample_db, "speaker:eskov") == his  # a part of a name


def test_actor_names_any_item_naming_the_actor(sample_db: sqlite_utils.Database) -> None:
    named = where(
        sample_db,
        "key IN (SELECT item FROM item_actors JOIN actors ON actors.key = actor WHERE id = ?)",
        "actor/fu-cong",
    )
    assert found(sample_db, 'actor:"Fu Cong"') == named
    assert len(named) == 2  # his statement and the event it belongs to
    assert found(sample_db, "actor:Medinsky") == found(sample_db, 'actor:"Vadim Medinsky"')


def test_track_by_any_part_of_its_name(sample_db: sqlite_utils.Database) -> None:
    on = where(
        sample_db,
        "key IN (SELECT item FROM item_tracks JOIN tracks ON tracks.key = track WHERE id = ?)",
        "track/unsc",
    )
    assert found(sample_db, 'track:"Security Council"') == on
    assert 0 < len(on) < 46


def test_kind_and_plain_words_together(sample_db: sqlite_utils.Database) -> None:
    votes = where(sample_db, "kind = 'vote'")
    assert found(sample_db, "kind:vote") == votes
    assert found(sample_db, "kind:vote Gaza") == [i for i in votes if i in found(sample_db, "Gaza")]
    assert found(sample_db, "kind:statement") == where(sample_db, "kind = 'statement'")


def test_source_by_words_of_its_title_publisher_author_or_address(
    sample_db: sqlite_utils.Database,
) -> None:
    citing = where(
        sample_db,
        "key IN (SELECT item FROM item_sources JOIN sources ON sources.key = source "
        "WHERE sources.id = 'source/interfax-1029172')",
    )
    assert found(sample_db, "source:Interfax") == citing
    assert len(found(sample_db, "source:Helmer")) == 46  # every item cites the article


def test_dates_as_people_write_them_and_the_words_around(
    sample_db: sqlite_utils.Database,
) -> None:
    first = parse_span("2025-10").first_second
    last = parse_span("2025-11").last_second
    within = where(sample_db, '"end" >= ? AND start <= ?', first, last)
    assert found(sample_db, "from:2025-10 to:2025-11") == within
    assert found(sample_db, 'to:"Nov 2025" from:"Oct 2025"') == within
    mixed = found(sample_db, "Witkoff from:2025-10 speaker:Dmitriev")
    assert mixed
    assert all(i in within for i in mixed)
    assert all(i.startswith("statement/") for i in mixed)


def test_tag_and_language_after_an_analyst_adds_them(sample_db: sqlite_utils.Database) -> None:
    first = where(sample_db, "1")[0]
    apply(sample_db, tags_edit(sample_db, [first], "Brief", add=True))
    assert found(sample_db, "tag:brief") == [first]
    assert found(sample_db, "tag:BRIEF") == [first]
    said = statement_edit(
        sample_db, StatementForm("Песков", "24 Oct 2025", "Без комментариев.", language="ru")
    )
    apply(sample_db, said)
    assert found(sample_db, "lang:ru") == [said.item]
    assert found(sample_db, "lang:RU speaker:Peskov") == [said.item]


def test_fields_narrow_the_other_choices_instead_of_adding_to_them(
    sample_db: sqlite_utils.Database,
) -> None:
    lavrov = Filter(actors=frozenset({"actor/sergey-lavrov"}))
    assert found(sample_db, "speaker:Peskov", base=lavrov) == [
        i for i in found(sample_db, "speaker:Peskov") if i in found(sample_db, "actor:Lavrov")
    ]


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("speaker:Peskpv", "speaker: No actor is called “Peskpv”."),
        ('track:"Black Sea"', "track: No track is called “Black Sea”."),
        ("kind:parade", "kind: No kind is called “parade”. Kinds: meeting, call,"),
        ("source:Pravda", "source: No source has “Pravda” in its title"),
        ("tag:urgent", "tag: No item is tagged “urgent”."),
        ("lang:fr", "lang: No statement is in the language “fr”."),
        ("from:2025-13", "from: “2025-13” is not a date"),
        ('actor:"Fu Cong', "The quote after “actor:” is not closed"),
        ("who:Lavrov", "“who:” is not a search field"),
    ],
)
def test_a_field_that_names_nothing_says_so(
    sample_db: sqlite_utils.Database, typed: str, message: str
) -> None:
    with pytest.raises(QueryProblem) as raised:
        apply_query(sample_db, f"Gaza {typed}")
    assert message in str(raised.value)
    # The window gets the same words as a Filter that selects nothing and says why.
    shown = window_filter(sample_db, f"Gaza {typed}", False, Filter())
    assert message in shown.describe()
    assert shown.search_text == f"Gaza {typed}"
    assert count(sample_db, shown) == 0
    assert page(sample_db, shown) == []


def test_the_status_line_names_the_fields_readably(sample_db: sqlite_utils.Database) -> None:
    f = apply_query(sample_db, "Witkoff speaker:Peskov source:Interfax kind:vote from:2025")
    described = f.describe(names(sample_db))
    assert described.startswith("Items matching “Witkoff”, said by Dmitry Peskov, of kind vote")
    assert "citing Interfax item cited for Russia" in described
    assert "from 1 Jan 2025 to" not in described
    assert "from 1 Jan 2025" in described


def test_plain_words_make_the_same_filter_as_before(sample_db: sqlite_utils.Database) -> None:
    f = apply_query(sample_db, "  Lavrov  ceasefire ")
    assert replace(f, spellings=()) == Filter(text="Lavrov ceasefire")
    assert f.spellings == (("lavrov", ("лавров",)),)  # his Russian alias, as an actor's name


def test_or_between_words_finds_either(sample_db: sqlite_utils.Database) -> None:
    peskov, zakharova = found(sample_db, "Peskov"), found(sample_db, "Zakharova")
    assert peskov
    assert zakharova
    assert set(peskov) != set(zakharova)
    either = found(sample_db, "Peskov OR Zakharova")
    assert set(either) == set(peskov) | set(zakharova)
    # In another script, and with other words and fields, which must all hold as before.
    assert set(found(sample_db, "Песков OR Захарова")) == set(either)
    said = found(sample_db, "speaker:Peskov plans OR initiatives")
    assert set(said) == set(found(sample_db, "speaker:Peskov plans")) | set(
        found(sample_db, "speaker:Peskov initiatives")
    )
    assert len(said) == 2
    # A lower-case "or" is a word, as in other search boxes.
    assert found(sample_db, "Peskov or Zakharova") == []


def test_a_minus_leaves_out_the_items_holding_the_word(sample_db: sqlite_utils.Database) -> None:
    witkoff, dmitriev = found(sample_db, "Witkoff"), found(sample_db, "Dmitriev")
    left = found(sample_db, "Witkoff -Dmitriev")
    assert left == [i for i in witkoff if i not in dmitriev]
    assert 0 < len(left) < len(witkoff)
    # The word's other spellings are left out with it; a phrase is left out as a phrase.
    assert found(sample_db, "Witkoff -Дмитриев") == left
    gaza, plan = found(sample_db, "Gaza"), found(sample_db, '"peace plan"')
    assert found(sample_db, 'Gaza -"peace plan"') == [i for i in gaza if i not in plan]
    # A minus inside a word is part of it: the track's name, not "Dmitriev" left out.
    assert set(found(sample_db, "Dmitriev-Witkoff")) <= set(dmitriev)
    assert found(sample_db, "Dmitriev-Witkoff")


def test_words_only_left_out_leave_their_items_out_of_the_rest(
    sample_db: sqlite_utils.Database,
) -> None:
    everything = where(sample_db, "1")
    dmitriev = found(sample_db, "Dmitriev")
    assert found(sample_db, "-Dmitriev") == [i for i in everything if i not in dmitriev]
    his, plans = found(sample_db, "speaker:Peskov"), found(sample_db, "plans")
    assert found(sample_db, "speaker:Peskov -plans") == [i for i in his if i not in plans]
    assert 0 < len(found(sample_db, "speaker:Peskov -plans")) < len(his)
    # Beside the filter panel's choices too, and in the places the search looks only.
    panel = Filter(kinds=frozenset({"vote"}))
    votes = found(sample_db, "", base=panel)
    assert found(sample_db, "-2803", base=panel) == [
        i for i in votes if i not in found(sample_db, "2803")
    ]
    assert found(sample_db, "-Helmer") == everything  # Helmer is only in a source's title
    # What cannot be a word leaves nothing out, and finds nothing, as before.
    assert found(sample_db, "-") == []


def test_a_star_ends_a_plain_word_as_a_prefix(sample_db: sqlite_utils.Database) -> None:
    forms = ("negotiated", "negotiations", "negotiator", "negotiators")  # the sample's
    each = {i for form in forms for i in found(sample_db, form)}
    assert found(sample_db, "negotiat") == []
    assert set(found(sample_db, "negotiat*")) == each
    assert len({form for form in forms if found(sample_db, form)}) >= 2  # more than one form
    # In another script, beside other words, and left out.
    assert found(sample_db, "Песк*") == found(sample_db, "Песков")
    assert set(found(sample_db, "Gaza negotiat*")) == set(found(sample_db, "Gaza")) & each
    assert set(found(sample_db, "-negotiat*")).isdisjoint(each)
    # A phrase's last word likewise.
    assert found(sample_db, '"peace pl"*') == found(sample_db, '"peace plan"')
    # One letter before the star would read most of the index: it stays a word.
    assert found(sample_db, "a*") == found(sample_db, "a")
    # A star after what holds no word the index keeps finds what the same without it does.
    for typed in ("_*", '"_"*', "__**"):
        assert found(sample_db, typed) == found(sample_db, typed.rstrip("*")), typed
    assert found(sample_db, '"peace _"*') == found(sample_db, "peace*")  # its last word


TYPED_BITS = ['"', "*", "-", ":", "(", ")", "_", " ", "OR", "NEAR", "AND", "NOT", "^", "+",
              "Gaza", "peace", "Песков", "a", "2803", "speaker:", "lang:", "kind:", "from:",
              "to:", "Peskov", "é", "\t"]  # fmt: skip


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(typed=st.lists(st.sampled_from(TYPED_BITS), max_size=8).map("".join), advanced=st.booleans())
@example(typed="_*", advanced=False)  # a star after no word the index keeps raised IndexError
@example(typed='Gaza "_"* -', advanced=False)
@example(typed='"peace pl"* OR -*', advanced=False)
@example(typed="--_", advanced=False)  # counted 0 and listed all 46: `-_` read as a minus again
@example(typed="--Gaza -OR -negotiat*", advanced=False)
def test_whatever_is_typed_finds_items_or_says_what_is_wrong(
    sample_db: sqlite_utils.Database, typed: str, advanced: bool
) -> None:
    """Quotes, stars, minus signs, brackets and fields in any order: a search that can be
    read gives a first page and a total that agree; one that cannot says so, never a
    traceback; and only the advanced syntax can hand the index what it cannot read."""
    said, total, shown = _outcome(sample_db, typed, advanced)
    if said is not None:
        assert said.strip(), typed  # a message a person can read
        assert not said.startswith("(plain search refused)"), (typed, said)
        return
    assert shown == min(total, 50), typed


def _outcome(db: sqlite_utils.Database, typed: str, advanced: bool) -> tuple[str | None, int, int]:
    """What a search says is wrong (None if nothing), its total and the size of its first
    page. The index refusing what it was handed is a problem only advanced syntax may
    cause; a plain search is always read into something the index reads."""
    try:
        f = apply_query(db, typed, advanced=advanced)
    except QueryProblem as problem:
        return str(problem), 0, 0
    try:
        total = count(db, f)
        first = page(db, f, 50)
        # What the timeline draws: the same items, when words are all there is to it.
        drawn = len(text_keys(db, f)) if f.text and f.fields is None else total
    except QueryError as error:
        return (str(error) if advanced else f"(plain search refused) {error}"), 0, 0
    assert drawn == total, (typed, drawn, total)
    return None, total, len(first)
