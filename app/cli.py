"""`backchannel`: with no command it opens the window; commands run headless."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from app.core.dates import DateError
from app.core.filter import Filter
from app.formats import csv_out, native
from app.formats.native import FormatError
from app.library import create_from_sample, import_file, write_atomically
from app.store import DataError, QueryError, StoreError, counts, open_database, schema_version
from app.store.queries import HIT_END, HIT_START, search
from app.store.records import UnknownName, ids_of, read_dataset, resolve, selected_keys

EXPORT_FORMATS = ("json", "csv")


class UsageError(Exception):
    """Something the user asked for that cannot be done; the message says what."""


def app_version() -> str:
    try:
        return version("backchannel")
    except PackageNotFoundError:
        return "0+unknown"


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--db",
        type=Path,
        default=argparse.SUPPRESS,
        metavar="PATH",
        help="database file to use (default: your own, created from the sample on first start)",
    )
    filters = argparse.ArgumentParser(add_help=False)
    group = filters.add_argument_group("filters")
    group.add_argument(
        "--actor",
        action="append",
        default=[],
        metavar="NAME",
        help="an actor by name, alias or a unique part of it (repeatable)",
    )
    group.add_argument(
        "--track",
        action="append",
        default=[],
        metavar="NAME",
        help="a track by name or a unique part of it (repeatable)",
    )
    group.add_argument(
        "--kind",
        action="append",
        default=[],
        metavar="KIND",
        help="event kind (meeting, call, vote, …) or 'statement' (repeatable)",
    )
    group.add_argument("--from", dest="date_from", metavar="DATE", help="e.g. 2025, 'Oct 2025'")
    group.add_argument(
        "--to", dest="date_to", metavar="DATE", help="inclusive: 'Oct 2025' ends on 31 Oct"
    )

    parser = argparse.ArgumentParser(
        prog="backchannel",
        parents=[common],
        description="Timeline and source browser for diplomacy. "
        "Without a command, opens the window.",
    )
    parser.add_argument("--version", action="version", version=f"backchannel {app_version()}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.add_parser("info", parents=[common], help="where the database is and what it holds")
    find = commands.add_parser("search", parents=[common, filters], help="full-text search")
    find.add_argument(
        "query", nargs="?", default="", help="words to find (plain words unless --advanced)"
    )
    find.add_argument(
        "--advanced", action="store_true", help='FTS5 syntax: "phrases", prefix*, AND/OR/NOT'
    )
    find.add_argument("--limit", type=int, default=20, help="how many results to list (default 20)")
    find.add_argument("--json", action="store_true", help="machine-readable output")
    out = commands.add_parser(
        "export", parents=[common, filters], help="write what the filters select"
    )
    out.add_argument("--format", required=True, choices=EXPORT_FORMATS)
    out.add_argument("--text", default="", help="only items matching these words")
    out.add_argument("-o", "--output", type=Path, help="file to write (default: standard output)")
    out.add_argument(
        "--bom", action="store_true", help="CSV: start with a byte-order mark for spreadsheets"
    )
    take = commands.add_parser("import", parents=[common], help="merge a native JSON file")
    take.add_argument("file", type=Path)
    new = commands.add_parser("new", help="create an empty database")
    new.add_argument("path", type=Path)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command is None:
            return _open_window(_database(args))
        if args.command == "new":
            open_database(args.path, create=True).close()
            print(f"Created an empty database at {args.path}")
            return 0
        return _COMMANDS[args.command](args, _database(args))
    except (
        StoreError,
        FormatError,
        DataError,
        QueryError,
        DateError,
        UnknownName,
        UsageError,
    ) as error:
        print(f"backchannel: {error}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        return 0
    except OSError as error:  # a file the user named cannot be read or written
        print(f"backchannel: {error.filename or ''}: {error.strerror or error}", file=sys.stderr)
        return 1


def _database(args: argparse.Namespace) -> Path:
    if "db" in args:
        path: Path = args.db
        if not path.exists():
            raise UsageError(
                f"There is no database at {path}. Create one with: backchannel new {path}"
            )
        return path
    from app.ui.locations import user_database_path

    path = user_database_path()
    if not path.exists():
        create_from_sample(path)
    return path


def _open_window(path: Path) -> int:
    from app.ui.application import run

    return run(path)


def _filter(
    args: argparse.Namespace, db_path: Path, text: str = "", advanced: bool = False
) -> Filter:
    db = open_database(db_path)
    try:
        return Filter.build(
            actors=[resolve(db, "actors", n) for n in args.actor],
            tracks=[resolve(db, "tracks", n) for n in args.track],
            kinds=args.kind,
            date_from=args.date_from,
            date_to=args.date_to,
            text=text,
            advanced=advanced,
        )
    finally:
        db.close()


def _info(args: argparse.Namespace, path: Path) -> int:
    db = open_database(path)
    try:
        n = counts(db)
        print(f"Database:   {path}")
        print(f"Schema:     version {schema_version(db)}")
        print(f"Events:     {n.events}")
        print(f"Statements: {n.statements}")
        print(f"Actors:     {n.actors}")
        print(f"Tracks:     {n.tracks}")
        print(f"Sources:    {n.sources}")
    finally:
        db.close()
    return 0


def _search(args: argparse.Namespace, path: Path) -> int:
    f = _filter(args, path, args.query, args.advanced)
    db = open_database(path)
    try:
        result = search(db, f, limit=max(0, args.limit))
    finally:
        db.close()
    if args.json:
        print(
            json.dumps(
                {
                    "total": result.total,
                    "items": [
                        {
                            "id": i.id,
                            "kind": i.kind,
                            "date": i.when.iso(),
                            "display_date": i.when.display(),
                            "title": i.title,
                            "speaker": i.speaker,
                            "tracks": list(i.tracks),
                            "sources": i.source_count,
                            "snippet": _plain(i.snippet),
                        }
                        for i in result.items
                    ],
                },
                ensure_ascii=False,
                indent=2,
            )
        )
        return 0
    for item in result.items:
        line = f"{item.when.display():<22} {item.kind:<10} {item.title}"
        print(line)
        if item.snippet:
            print(f"{'':<33} {_plain(item.snippet, '[', ']')}")
    shown = len(result.items)
    print(
        f"{shown} of {result.total} item(s)" if shown < result.total else f"{result.total} item(s)"
    )
    return 0


def _plain(snippet: str | None, start: str = "", end: str = "") -> str | None:
    if snippet is None:
        return None
    return " ".join(snippet.replace(HIT_START, start).replace(HIT_END, end).split())


def _export(args: argparse.Namespace, path: Path) -> int:
    f = _filter(args, path, args.text)
    db = open_database(path)
    try:
        data = read_dataset(db, f)
        selected = ids_of(db, selected_keys(db, f))
    finally:
        db.close()
    if args.format == "json":
        text = native.dumps(data)
    else:
        text = csv_out.dumps(data, selected=selected, bom=args.bom)
    if args.output is None:
        sys.stdout.write(text)
        sys.stdout.flush()
    else:
        write_atomically(args.output, text)
        print(f"Wrote {len(selected)} item(s) to {args.output}", file=sys.stderr)
    return 0


def _import(args: argparse.Namespace, path: Path) -> int:
    summary = import_file(path, args.file)
    print(f"Imported {args.file}: {summary.added} new item(s), {summary.replaced} replaced")
    return 0


_COMMANDS = {"info": _info, "search": _search, "export": _export, "import": _import}


if __name__ == "__main__":
    sys.exit(main())
