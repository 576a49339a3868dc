"""`backchannel capture FILE`: an article's drafts written like an import, shown with
`--dry-run`, or printed as JSON with `--json` (which writes nothing)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from app.cli.usage import UsageError, stored_text
from app.core.dates import DateError, parse_partial
from app.formats.article import read_article
from app.services.capture.accepting import accept_edit, capture
from app.services.capture.drafts import Drafts
from app.services.editing import FieldError, apply
from app.store import open_database
from app.store.changes import Conflict

Commands = argparse._SubParsersAction  # argparse names no public type for it


def capture_command(commands: Commands, parents: list[argparse.ArgumentParser]) -> None:
    take = commands.add_parser(
        "capture",
        parents=parents,
        help="draft the statements, events and sources of an article (text, Markdown, HTML)",
        description="Find the quoted and reported statements of an article, with their "
        "speakers, dates and sources, and the dated events it reports; write them as one "
        "undoable step (or only show them). Nothing is fetched from the network.",
    )
    take.add_argument("file", type=Path, help="a .txt, .md or saved .html article")
    take.add_argument(
        "--dry-run", action="store_true", help="show what would be added; write nothing"
    )
    take.add_argument(
        "--json", action="store_true", help="print the drafts as one JSON object; write nothing"
    )
    take.add_argument(
        "--date", metavar="DATE", help="the article's date, when it does not give its own"
    )
    take.add_argument("--track", metavar="NAME", help="also put every captured item on this track")


def _capture(args: argparse.Namespace, path: Path) -> int:
    stored_text("--date", args.date)
    stored_text("--track", args.track)
    try:
        date = parse_partial(args.date) if args.date else None
    except DateError as error:
        raise UsageError(f"--date: {error}") from None
    article = read_article(args.file)
    db = open_database(path)
    try:
        drafts = capture(db, article, date)
        if args.json:
            json.dump(drafts.as_json(), sys.stdout, ensure_ascii=False, indent=2)
            print()
            return 0
        try:
            edit = accept_edit(db, drafts, track=args.track)
            if not args.dry_run and (drafts.statements or drafts.events):
                apply(db, edit)
        except FieldError as error:
            option = {"Date": "--date", "Track": "--track"}.get(error.field, error.field)
            raise UsageError(f"{args.file}: {option}: {error}") from None
        except Conflict as error:
            raise UsageError(str(error)) from None
    finally:
        db.close()
    print("\n".join(report(drafts, args.file, dry_run=args.dry_run)))
    return 0


def report(drafts: Drafts, file: Path, *, dry_run: bool) -> list[str]:
    """What a capture added (or would add), in an import's words."""
    verb = "Would add" if dry_run else "Added"
    n, m = len(drafts.statements), len(drafts.events)
    sources = 1 + len(drafts.references)
    if n or m:
        written = " (nothing was written)" if dry_run else ""
        lines = [f"{file}: {verb} {n} statement(s), {m} event(s), {sources} source(s){written}"]
    else:
        lines = [f"{file}: nothing new to add"]
    new = drafts.new_speakers()
    if new:
        lines.append(f"New actors proposed: {', '.join(new)}")
    if drafts.already_captured:
        lines.append(
            f"{drafts.already_captured} statement(s) were captured from this article before "
            "and are left out"
        )
    if not n and not m and not drafts.already_captured:
        lines.append("No quoted or reported statement and no dated event were found.")
    return lines


CAPTURE_COMMANDS = {"capture": _capture}
