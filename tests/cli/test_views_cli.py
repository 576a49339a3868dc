"""`backchannel views`, and `--view NAME` on `search` and `export`: a view saved in the window
selects the same items on the command line, and the options given besides narrow it."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from app.cli import main
from app.core.filter import Filter
from app.core.model import Actor
from app.core.views import SavedView
from app.services.catalogue import remove_record_edit
from app.services.editing import apply
from app.services.views import save_view
from app.store import open_database
from app.store.changes import make_change

NOVEMBER = (1_761_955_200.0, 1_764_547_200.0)
"""1 Nov 2025 to 1 Dec 2025, as the window's visible start and end."""


def run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def _save(path: Path, name: str, view: SavedView) -> None:
    db = open_database(path)
    try:
        save_view(db, name, view)
    finally:
        db.close()


def _found(capsys: pytest.CaptureFixture[str], *args: str | Path) -> list[str]:
    code, out, err = run(capsys, "search", "--json", "--limit", "1000", *args)
    assert (code, err) == (0, ""), err
    return [item["id"] for item in json.loads(out)["items"]]


@pytest.fixture
def unsc(sample_path: Path) -> Path:
    """The sample with a view of the Security Council's items that name Gaza, from Nov 2025."""
    chosen = Filter.build(tracks=["track/unsc"], date_from="Nov 2025", text="Gaza")
    _save(sample_path, "UNSC Gaza", SavedView(chosen, "kind", ("Nov 2025", ""), NOVEMBER))
    return sample_path


def test_views_lists_each_view_with_what_it_shows(
    capsys: pytest.CaptureFixture[str], sample_path: Path
) -> None:
    code, out, _ = run(capsys, "views", "--db", sample_path)
    assert (code, out) == (
        0,
        "No saved views. Save one in the window: Views → Save view… (Ctrl+D).\n",
    )
    _save(
        sample_path, "UNSC Gaza", SavedView(Filter.build(tracks=["track/unsc"]), "kind", ("", ""))
    )
    _save(
        sample_path, "peskov", SavedView(Filter(text="speaker:Peskov"), "actor", ("", ""), NOVEMBER)
    )

    code, out, _ = run(capsys, "views", "--db", sample_path)

    assert code == 0
    assert out.splitlines() == [
        "peskov     Items matching “speaker:Peskov”; lanes by actor; "
        "showing 1 Nov 2025 – 1 Dec 2025",
        "UNSC Gaza  Items on UN Security Council; lanes by kind",
    ]


def test_a_view_searches_as_its_filters_and_words_given_on_the_command_line(
    capsys: pytest.CaptureFixture[str], unsc: Path
) -> None:
    by_hand = _found(capsys, "--db", unsc, "Gaza", "--track", "UN Security Council", "--from",
                     "Nov 2025")  # fmt: skip
    assert len(by_hand) > 3

    assert _found(capsys, "--db", unsc, "--view", "unsc gaza") == by_hand


def test_options_and_words_given_besides_a_view_narrow_it(
    capsys: pytest.CaptureFixture[str], unsc: Path
) -> None:
    in_view = set(_found(capsys, "--db", unsc, "--view", "UNSC Gaza"))
    russia = set(_found(capsys, "--db", unsc, "--actor", "Russia"))
    statements = set(_found(capsys, "--db", unsc, "--kind", "statement"))
    assert in_view & russia
    assert in_view - russia

    assert set(_found(capsys, "--db", unsc, "--view", "UNSC Gaza", "--actor", "Russia")) == (
        in_view & russia
    )
    assert set(_found(capsys, "--db", unsc, "--view", "UNSC Gaza", "kind:statement")) == (
        in_view & statements
    )
    resolution = set(_found(capsys, "--db", unsc, "--view", "UNSC Gaza", "Resolution"))
    assert resolution == in_view & set(_found(capsys, "--db", unsc, "Resolution"))
    # A track the view chose too must hold as well as the view's, not instead of it.
    ministry = set(_found(capsys, "--db", unsc, "--track", "Lavrov / Foreign"))
    narrowed = _found(capsys, "--db", unsc, "--view", "UNSC Gaza", "--track", "Lavrov / Foreign")
    assert 0 < len(narrowed) < len(in_view)
    assert set(narrowed) == in_view & ministry


def test_an_unknown_view_names_the_saved_ones_and_fails(
    capsys: pytest.CaptureFixture[str], unsc: Path
) -> None:
    _save(unsc, "alaska", SavedView(Filter(text="Alaska"), "track", ("", "")))
    for command in (["search"], ["export", "--format", "csv"]):
        code, out, err = run(capsys, *command, "--db", unsc, "--view", "Peskov")
        assert (code, out) == (1, "")
        assert err == (
            "backchannel: --view: No view is called “Peskov”. Saved views: alaska, UNSC Gaza.\n"
        )


def test_a_view_naming_a_deleted_actor_still_searches_and_says_so(
    capsys: pytest.CaptureFixture[str], sample_path: Path
) -> None:
    db = open_database(sample_path)
    envoy = Actor("actor/envoy", "Special Envoy")
    make_change(db, "setup", {("actor", envoy.id): envoy})
    save_view(db, "envoy", SavedView(Filter(actors=frozenset({envoy.id}), text="veto"), "track",
                                     ("", "")))  # fmt: skip
    apply(db, remove_record_edit(db, "actor", envoy.id))
    db.close()

    code, out, err = run(capsys, "search", "--db", sample_path, "--view", "envoy")

    assert code == 0
    assert err == (
        "backchannel: note: The view “envoy” names what is no longer in the database: "
        "actor “Special Envoy”. It shows the rest without them.\n"
    )
    assert out.splitlines()[-1].startswith(f"{len(_found(capsys, '--db', sample_path, 'veto'))} ")


def test_export_writes_what_the_view_selects(
    capsys: pytest.CaptureFixture[str], unsc: Path, tmp_path: Path
) -> None:
    target = tmp_path / "view.csv"
    code, _, err = run(capsys, "export", "--db", unsc, "--view", "UNSC Gaza", "--format", "csv",
                       "-o", target)  # fmt: skip
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"))))
    assert {row["id"] for row in rows} == set(_found(capsys, "--db", unsc, "--view", "UNSC Gaza"))


def test_an_image_of_a_view_draws_its_lanes_and_time_window_unless_told_otherwise(
    capsys: pytest.CaptureFixture[str], unsc: Path, tmp_path: Path
) -> None:
    def drawn(*options: str) -> str:
        target = tmp_path / "view.svg"
        code, _, err = run(capsys, "export", "--db", unsc, "--format", "svg", "-o", target,
                           "--view", "UNSC Gaza", *options)  # fmt: skip
        assert code == 0, err
        return target.read_text(encoding="utf-8")

    view = drawn()
    assert ">Vote<" in view  # lanes by kind
    assert ">UN Security Council<" not in view
    assert ">Nov 2025<" in view
    assert ">Dec 2025<" not in view  # November alone, as the window showed it
    told = drawn("--lanes", "track", "--from", "Oct 2025")
    assert ">UN Security Council<" in told
    assert ">Dec 2025<" in told  # from the first day chosen to the last item
