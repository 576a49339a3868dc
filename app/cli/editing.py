"""`backchannel add`, `tag` and `history`: the window's edits for scripts, through the same
services, so the same input is accepted or refused with the same words; a refusal names the
option at fault ("--speaker: No actor is called …") and writes nothing."""

from __future__ import annotations

import argparse
import sys
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlite_utils

from app.cli.usage import UsageError, stored_text
from app.core.model import ATTRIBUTIONS, EVENT_KINDS, Actor
from app.services.editing import (
    Edit,
    EventForm,
    FieldError,
    StatementForm,
    apply,
    event_edit,
    statement_edit,
    tags_edit,
)
from app.store import open_database
from app.store.changes import Conflict, Kind, LogEntry, history, read_state

OPTIONS = {
    "Speaker": "--speaker", "Date": "--date", "Text": "--text", "Attribution": "--attribution",
    "Language": "--language", "Event": "--event", "Tracks": "--track", "Sources": "--source",
    "Title": "--title", "Kind": "--kind", "Place": "--place", "Summary": "--summary",
    "Actors": "--actor", "Actor": "--actor", "Note": "--note", "Tags": "--tag", "Items": "ID",
}  # fmt: skip
"""The option that fills each field of the window's forms, for naming it in a message."""
SHOWN_VALUE = 100
"""Characters of an old or new value that `history` shows on its line."""
HISTORY_KINDS: tuple[Kind, ...] = ("item", "actor", "track", "source")

Commands = argparse._SubParsersAction  # argparse names no public type for it
Command = Callable[[argparse.Namespace, Path], int]


def edit_commands(commands: Commands, parents: list[argparse.ArgumentParser]) -> None:
    add = commands.add_parser(
        "add",
        parents=parents,
        help="add a statement or an event; prints its id",
        description="Add a statement or an event, checked as the window checks it; "
        "prints the new item's id.",
    )
    records = add.add_subparsers(dest="record", metavar="RECORD", required=True)
    _statement_options(records.add_parser("statement", parents=parents, help="words said"))
    _event_options(records.add_parser("event", parents=parents, help="something that happened"))
    tag = commands.add_parser(
        "tag",
        parents=parents,
        help="tag items or untag them, in one step",
        description="Add a tag to items, or take it from them; a tag matches whatever its "
        "case (untagging “brief” takes “Brief” away).",
    )
    tag.add_argument("ids", nargs="+", metavar="ID", help="items by id (see `search --json`)")
    verb = tag.add_mutually_exclusive_group(required=True)
    verb.add_argument("--add", metavar="TAG", help="the tag to add")
    verb.add_argument("--remove", metavar="TAG", help="the tag to take away")
    shown = commands.add_parser(
        "history",
        parents=parents,
        help="what was changed in a record and when, old → new",
        description="Every change recorded for an item (or actor, track or source), oldest "
        "first, including those made in earlier sessions and in the window.",
    )
    shown.add_argument("id", metavar="ID")


def _statement_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--speaker", required=True, metavar="NAME", help="an actor by name, alias or id"
    )
    parser.add_argument(
        "--date", required=True, help="as people write it: '24 Oct 2025', 'Oct 2025', 'c. 2024'"
    )
    parser.add_argument("--text", required=True, help="the words said")
    parser.add_argument(
        "--attribution",
        default="direct",
        metavar="|".join(ATTRIBUTIONS),
        help="a direct quote (default), a paraphrase or an anonymous source",
    )
    parser.add_argument("--language", default="", metavar="CODE", help="e.g. en, ru, zh-Hans")
    parser.add_argument("--event", metavar="ID", help="the event it was said at, by id")
    parser.add_argument(
        "--new-speaker",
        action="store_true",
        help="add the speaker as a new actor when no actor has that name",
    )
    _shared_options(parser)


def _event_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--title", required=True)
    parser.add_argument("--kind", required=True, metavar="|".join(EVENT_KINDS))
    parser.add_argument("--date", required=True, help="a day, a month, a range: '24–26 Oct 2025'")
    parser.add_argument("--place", default="")
    parser.add_argument("--summary", default="")
    parser.add_argument(
        "--actor",
        action="append",
        default=[],
        metavar="NAME",
        help="an actor by name, alias or id (repeatable)",
    )
    _shared_options(parser)


def _shared_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--track", action="append", default=[], metavar="NAME", help="a track (repeatable)"
    )
    parser.add_argument(
        "--source",
        action="append",
        default=[],
        metavar="URL_OR_ID",
        help="a stored source by id, or a web address (a new one becomes a source; repeatable)",
    )
    parser.add_argument("--tag", action="append", default=[], metavar="TAG", help="(repeatable)")
    parser.add_argument(
        "--note", metavar="TEXT", help="your own note, kept apart from the item's words"
    )


@contextmanager
def _editing(path: Path) -> Iterator[sqlite_utils.Database]:
    """The database, with a refused field turned into a message naming its option."""
    db = open_database(path)
    try:
        yield db
    except FieldError as error:
        option = OPTIONS.get(error.field, error.field)
        raise UsageError(f"{option}: {_visible(str(error))}") from None
    except Conflict as error:
        raise UsageError(str(error)) from None
    finally:
        db.close()


def _checked(args: argparse.Namespace, *names: str) -> None:
    """Refuse a value that is no text (bytes that are not UTF-8) before SQLite meets it."""
    for name in names:
        value = getattr(args, name, None)
        option = "--" + name.replace("_", "-")
        for each in value if isinstance(value, list) else [value]:
            stored_text(option, each)


def _add(args: argparse.Namespace, path: Path) -> int:
    _checked(args, "speaker", "date", "text", "attribution", "language", "event", "title",
             "kind", "place", "summary", "actor", "track", "source", "tag", "note")  # fmt: skip
    with _editing(path) as db:
        edit = statement_edit(db, _statement_form(args)) if args.record == "statement" else None
        edit = edit or event_edit(db, _event_form(args))
        apply(db, edit)
    for record in edit.after.values():
        if isinstance(record, Actor):
            print(f"New actor: {record.name} ({record.id})", file=sys.stderr)
    print(edit.item)
    return 0


def _statement_form(args: argparse.Namespace) -> StatementForm:
    return StatementForm(
        speaker=args.speaker,
        date=args.date,
        text=args.text,
        attribution=args.attribution,
        language=args.language,
        event=args.event,
        tracks=tuple(args.track),
        sources=tuple(args.source),
        new_speaker=args.new_speaker,
        note=args.note,
        tags=tuple(args.tag),
    )


def _event_form(args: argparse.Namespace) -> EventForm:
    return EventForm(
        title=args.title,
        kind=args.kind,
        date=args.date,
        place=args.place,
        summary=args.summary,
        actors=tuple(args.actor),
        tracks=tuple(args.track),
        sources=tuple(args.source),
        note=args.note,
        tags=tuple(args.tag),
    )


def _tag(args: argparse.Namespace, path: Path) -> int:
    _checked(args, "ids", "add", "remove")
    adding = args.add is not None
    with _editing(path) as db:
        edit = tags_edit(db, args.ids, args.add if adding else args.remove, adding)
        if edit.after:
            apply(db, edit)
    print(_tag_report(edit, len(dict.fromkeys(args.ids)), adding))
    return 0


def _tag_report(edit: Edit, asked: int, adding: bool) -> str:
    """'Tagged 3 items “brief”.', and how many were as asked already."""
    done, rest = len(edit.after), asked - len(edit.after)
    tag = edit.label[edit.label.index("“") :]
    state = "already had" if adding else "did not have"
    if not done:
        which = "the item" if rest == 1 else f"the {rest} items"
        return f"Nothing to change: {which} {state} {tag}."
    said = f"{'Tagged' if adding else 'Untagged'} {_items(done)} {tag}."
    return said + (f" {_items(rest).capitalize()} {state} the tag." if rest else "")


def _items(n: int) -> str:
    return f"{n} item{'s' if n != 1 else ''}"


def _history(args: argparse.Namespace, path: Path) -> int:
    _checked(args, "id")
    db = open_database(path)
    try:
        found = [(kind, history(db, kind, args.id)) for kind in HISTORY_KINDS]
        known = read_state(db, [(kind, args.id) for kind in HISTORY_KINDS]).records
    finally:
        db.close()
    found = [(kind, entries) for kind, entries in found if entries]
    shown = _visible(args.id)
    if not found and not any(known.values()):
        raise UsageError(f"ID: there is no item, actor, track or source “{shown}”.")
    if not found:
        print(f"No change to “{shown}” is recorded: it is as it was imported.")
    for kind, entries in found:
        if len(found) > 1:
            print(f"{kind} {shown}:")
        print("\n".join(_history_lines(entries)))
    return 0


def _history_lines(entries: list[LogEntry]) -> Iterator[str]:
    """A change's time and name on one line, then a line per field it changed."""
    last: tuple[str, str] | None = None
    for entry in entries:
        if (entry.at, entry.action) != last:
            last = entry.at, entry.action
            when = entry.at.replace("T", " ").replace("+00:00", " UTC")
            yield f"{when}  {_visible(entry.action)}"
        yield f"    {entry.field}: {_value(entry.old)} → {_value(entry.new)}"


def _value(text: str | None) -> str:
    if text is None:
        return "(none)"
    line = _visible(" ".join(text.split()))
    return line if len(line) <= SHOWN_VALUE else line[: SHOWN_VALUE - 1] + "…"


def _visible(text: str) -> str:
    """Control characters as escapes: stored text never drives the terminal."""
    return "".join(repr(c)[1:-1] if unicodedata.category(c) == "Cc" else c for c in text)


EDIT_COMMANDS: dict[str, Command] = {"add": _add, "tag": _tag, "history": _history}
