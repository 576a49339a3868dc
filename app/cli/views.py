"""Saved views on the command line: `backchannel views` lists them, and `--view NAME` on
`search` and `export` starts from one (the options given besides narrow it further)."""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path

import sqlite_utils

from app.cli.usage import UsageError
from app.core.filter import Filter
from app.core.views import SavedView, narrowed
from app.services.query import QueryProblem
from app.services.views import ViewError, listed_views, recall, view_filter
from app.store import open_database

Commands = argparse._SubParsersAction  # argparse names no public type for it


def views_command(commands: Commands, parents: list[argparse.ArgumentParser]) -> None:
    commands.add_parser(
        "views",
        parents=parents,
        help="list the views saved in the window (Views → Save view…), for --view",
        description="List the saved views: each one's name and what it shows. "
        "`search --view NAME` and `export --view NAME` start from one.",
    )


def add_view_option(group: argparse._ArgumentGroup) -> None:
    group.add_argument(
        "--view",
        metavar="NAME",
        help="start from a view saved in the window (its filters and search; for images its "
        "lanes and time window too): the other options narrow it (see `backchannel views`)",
    )


def in_view(
    db: sqlite_utils.Database, name: str | None, scope: frozenset[str] | None, f: Filter
) -> Filter:
    """`f` (the command line's options and words) within the view `name`, if one is named.
    `scope` is `--in`, if given: it then says where the view's words are looked for too;
    otherwise the view's own places hold for the command line's words as well."""
    if name is None:
        return f
    view = _recalled(db, name, quiet=False)
    places = scope or view.filter.scope
    try:
        shown = view_filter(db, replace(view, filter=replace(view.filter, scope=places)))
    except QueryProblem as problem:
        raise QueryProblem(f"The search of the view “{name}”: {problem}") from None
    return narrowed(shown, replace(f, scope=places))


def image_defaults(path: Path, name: str | None) -> tuple[str | None, tuple[float, float] | None]:
    """The lanes and time window an image of the view `name` draws unless told otherwise."""
    if name is None:
        return None, None
    db = open_database(path)
    try:
        view = _recalled(db, name, quiet=True)
    finally:
        db.close()
    return view.grouping, view.time_window


def _recalled(db: sqlite_utils.Database, name: str, *, quiet: bool) -> SavedView:
    try:
        recalled = recall(db, name)
    except ViewError as error:
        raise UsageError(f"--view: {error}") from None
    if recalled.note and not quiet:
        print(f"backchannel: note: {recalled.note}", file=sys.stderr)
    return recalled.view


def _views(args: argparse.Namespace, path: Path) -> int:
    db = open_database(path)
    try:
        views = listed_views(db)
    finally:
        db.close()
    if not views:
        print("No saved views. Save one in the window: Views → Save view… (Ctrl+D).")
        return 0
    width = min(30, max(len(v.name) for v in views))
    for view in views:
        print(f"{view.name:<{width}}  {view.summary}")
    return 0


VIEWS_COMMANDS = {"views": _views}
