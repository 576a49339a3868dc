"""Named views, kept in the database: saved from the window, recalled there and applied by the
command line's `--view`. Both read a view into a Filter here, through `query.apply_query`, so
a view shows in the window what `backchannel export --view` writes.

A view names actors and tracks by id. One merged away since is read as the one it was merged
into; one deleted since is left out, and the recall says so by the name it had."""

from __future__ import annotations

from dataclasses import dataclass, replace

import sqlite_utils

from app.core.filter import Filter
from app.core.views import SavedView, ViewSpecError, read_spec, summary, view_spec
from app.services.query import apply_query, window_filter
from app.store.queries import names
from app.store.references import merged_into
from app.store.views import StoredView, delete_view, rename_view, stored_view, stored_views
from app.store.views import write_view as store_view

MAX_NAME = 100


class ViewError(ValueError):
    """No view of that name, a name that cannot be one, or a view that cannot be read; the
    message is one line for the user."""


@dataclass(frozen=True, slots=True)
class Recalled:
    name: str
    """As it was saved."""
    view: SavedView
    """Its actors and tracks as they are now: merged ones as the kept record, deleted ones
    left out."""
    missing: tuple[str, ...] = ()
    """What it named that is no longer there: `actor “Dmitry Peskov”`."""

    @property
    def note(self) -> str:
        """What the recall could not find, in a sentence; empty if it found everything."""
        if not self.missing:
            return ""
        return (
            f"The view “{self.name}” names what is no longer in the database: "
            f"{', '.join(self.missing)}. It shows the rest without them."
        )


@dataclass(frozen=True, slots=True)
class Listed:
    name: str
    summary: str
    saved: str


def view_names(db: sqlite_utils.Database) -> list[str]:
    """The names of the saved views, in alphabetical order whatever their case."""
    return [v.name for v in stored_views(db)]


def listed_views(db: sqlite_utils.Database) -> list[Listed]:
    """Every saved view with a line saying what it shows (unreadable ones say so)."""
    known = names(db)
    out = []
    for stored in stored_views(db):
        try:
            view, saved_names = read_spec(stored.spec)
            said = summary(view, {**saved_names, **known})
        except ViewSpecError as error:
            said = f"cannot be read: {error}"
        out.append(Listed(stored.name, said, stored.saved))
    return out


def valid_name(name: str) -> str:
    """The name as it is kept (spaces around it left out); raises `ViewError` if it cannot
    be one."""
    name = " ".join(name.split())
    if not name:
        raise ViewError("A view needs a name.")
    if len(name) > MAX_NAME:
        raise ViewError(f"A view's name takes at most {MAX_NAME} characters.")
    if any(not c.isprintable() for c in name):
        raise ViewError("A view's name takes no control characters.")
    return name


def existing(db: sqlite_utils.Database, name: str) -> str | None:
    """The name of the saved view `name` is (in any case), if there is one."""
    found = stored_view(db, " ".join(name.split()))
    return None if found is None else found.name


def save_view(db: sqlite_utils.Database, name: str, view: SavedView) -> str:
    """Keep `view` as `name`, in place of a view of that name in any case; returns the name
    as kept. Raises `ViewError` for a name that cannot be one, `StoreError` for a file that
    cannot be written."""
    name = valid_name(name)
    store_view(db, name, view_spec(view, names(db)))
    return name


def rename(db: sqlite_utils.Database, old: str, new: str) -> str:
    """Rename a view; raises `ViewError` if the new name is taken or cannot be one."""
    new = valid_name(new)
    if not rename_view(db, old, new):
        if stored_view(db, old) is None:
            raise _not_found(db, old)
        raise ViewError(f"Another view is called “{existing(db, new)}”.")
    return new


def delete(db: sqlite_utils.Database, name: str) -> None:
    if not delete_view(db, name):
        raise _not_found(db, name)


def recall(db: sqlite_utils.Database, name: str) -> Recalled:
    """The view saved as `name` (in any case), its actors and tracks as they are now.
    Raises `ViewError` if there is none, or it cannot be read."""
    stored = stored_view(db, " ".join(name.split()))
    if stored is None:
        raise _not_found(db, name)
    return _recalled(db, stored)


def view_filter(db: sqlite_utils.Database, view: SavedView) -> Filter:
    """The Filter the view shows: its choices, narrowed by its search read as the search box
    reads it. Raises `query.QueryProblem` if the search cannot run (a field that names
    nothing now)."""
    base = replace(view.filter, text="", advanced=False)
    return apply_query(db, view.filter.text, advanced=view.filter.advanced, base=base)


def window_view_filter(db: sqlite_utils.Database, view: SavedView) -> Filter:
    """`view_filter` for the window: a search that cannot run selects nothing and says why,
    as the search box does when one is typed."""
    base = replace(view.filter, text="", advanced=False)
    return window_filter(db, view.filter.text, view.filter.advanced, base)


def _recalled(db: sqlite_utils.Database, stored: StoredView) -> Recalled:
    try:
        view, saved_names = read_spec(stored.spec)
    except ViewSpecError as error:
        raise ViewError(f"The view “{stored.name}” cannot be read: {error}.") from None
    now = names(db)
    merged = merged_into(db, "actor", sorted(view.filter.actors))
    actors = {merged.get(a, a) for a in view.filter.actors}

    def named(record: str) -> str:
        return saved_names.get(record, record)

    missing = [
        f"{kind} “{named(record)}”"
        for kind, ids in (("actor", actors), ("track", view.filter.tracks))
        for record in sorted(ids, key=lambda r: named(r).casefold())
        if record not in now
    ]
    kept = replace(
        view.filter,
        actors=frozenset(a for a in actors if a in now),
        tracks=frozenset(t for t in view.filter.tracks if t in now),
    )
    return Recalled(stored.name, replace(view, filter=kept), tuple(missing))


def _not_found(db: sqlite_utils.Database, name: str) -> ViewError:
    saved = view_names(db)
    listed = f"Saved views: {', '.join(saved)}." if saved else "There are no saved views."
    return ViewError(f"No view is called “{name}”. {listed}")
