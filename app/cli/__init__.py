"""`backchannel`: with no command it opens the window; commands run headless."""

from __future__ import annotations

import argparse
import io
import json
import os
import re
import shlex
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from app.cli.capture import CAPTURE_COMMANDS, capture_command
from app.cli.editing import EDIT_COMMANDS, edit_commands
from app.cli.usage import UsageError, stored_text
from app.cli.views import VIEWS_COMMANDS, add_view_option, image_defaults, in_view, views_command
from app.core.dates import DateError
from app.core.filter import DEFAULT_SCOPE, SCOPES, Filter, parse_scope
from app.core.model import EVENT_KINDS, STATEMENT
from app.core.timeline.lanes import GROUPINGS
from app.core.version import app_version
from app.drawing.image_formats import IMAGE_FORMATS
from app.formats.csv_in import FIELDS as CSV_FIELDS
from app.formats.csv_in import parse_map_options
from app.formats.export_types import (
    IMPRECISE_CHOICES,
    ExportCancelled,
    ExportError,
    ExportOptions,
    ExportRegistry,
)
from app.formats.exporting import TEXT_FORMATS
from app.formats.problems import FormatError
from app.formats.readers import FORMAT_CHOICES as IMPORT_FORMAT_CHOICES
from app.formats.readers import FORMATS as IMPORT_FORMATS
from app.services import desktop
from app.services.desktop import DesktopError
from app.services.empty_result import nothing_matches
from app.services.exporting import WriteError, export, gather, render
from app.services.importing import ImportCancelled, ImportOptions, ImportRefused, MappingError
from app.services.library import create_from_sample, import_file
from app.services.locations import user_database_path
from app.services.query import QueryProblem, apply_query
from app.store import DataError, QueryError, StoreError, counts, open_database, schema_version
from app.store.database import needs_upgrade
from app.store.errors import translated
from app.store.integrity import check, repair
from app.store.queries import HIT_END, HIT_START, ORDERS, search
from app.store.records import UnknownName, resolve

EXPORT_FORMATS = ExportRegistry.of(TEXT_FORMATS, IMAGE_FORMATS)
"""Every export format; images render with Qt, loaded only when one is asked for."""


MOST_RESULTS = 2**63 - 1
"""`--limit` beyond this (what SQLite's LIMIT takes) lists every result, as it does."""


def _parser() -> argparse.ArgumentParser:
    common = _common_options()
    filters = _filter_options()
    parser = argparse.ArgumentParser(
        prog="backchannel",
        parents=[common],
        description="Timeline and source browser for diplomacy. "
        "Without a command, opens the window; `backchannel FILE` opens that database in it.",
    )
    parser.add_argument("--version", action="version", version=f"backchannel {app_version()}")
    parser.add_argument(
        "--smoke-test",
        action="store_true",
        help="open the window offscreen on a copy of the sample, paint it and exit: "
        "checks that a build works",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.add_parser("info", parents=[common], help="where the database is and what it holds")
    _search_command(commands, [common, filters])
    _export_command(commands, [common, filters])
    _import_command(commands, [common])
    edit_commands(commands, [common])
    capture_command(commands, [common])
    views_command(commands, [common])
    _maintenance_commands(commands, [common])
    new = commands.add_parser("new", help="create an empty database")
    new.add_argument("path", type=Path)
    desktop = commands.add_parser(
        "install-desktop",
        help="add Backchannel and its .backchannel files to this user's Linux desktop",
    )
    desktop.add_argument("--uninstall", action="store_true", help="remove what it added")
    return parser


Commands = argparse._SubParsersAction  # argparse names no public type for it


def _common_options() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--db",
        type=Path,
        default=argparse.SUPPRESS,
        metavar="PATH",
        help="database file to use (default: your own, created from the sample on first start)",
    )
    return common


def _filter_options() -> argparse.ArgumentParser:
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
        choices=(*EVENT_KINDS, STATEMENT),  # a kind no item can have is a message, not 0 items
        metavar="KIND",
        help="event kind (meeting, call, vote, …) or 'statement' (repeatable)",
    )
    group.add_argument(
        "--tag",
        action="append",
        default=[],
        metavar="TAG",
        help="items with this tag, whatever its case (repeatable: any of them)",
    )
    group.add_argument("--from", dest="date_from", metavar="DATE", help="e.g. 2025, 'Oct 2025'")
    group.add_argument(
        "--to", dest="date_to", metavar="DATE", help="inclusive: 'Oct 2025' ends on 31 Oct"
    )
    group.add_argument(
        "--in",
        dest="scope",
        type=_scope,
        metavar="PLACES",
        help=f"where words are looked for, of {','.join(SCOPES)} (default text,actors: "
        "what was said or done, and actors' names; with --view, the view's)",
    )
    add_view_option(group)
    return filters


def _scope(text: str) -> frozenset[str]:
    try:
        return parse_scope(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _search_command(commands: Commands, parents: list[argparse.ArgumentParser]) -> None:
    find = commands.add_parser("search", parents=parents, help="full-text search")
    find.add_argument(
        "query",
        nargs="?",
        default="",
        help='words to find: "a phrase", either OR other, -left out, prefix*, '
        "and fields (speaker:Peskov)",
    )
    find.add_argument(
        "--advanced", action="store_true", help='FTS5 syntax: "phrases", prefix*, AND/OR/NOT'
    )
    find.add_argument("--limit", type=int, default=20, help="how many results to list (default 20)")
    find.add_argument(
        "--order", choices=ORDERS, default="time", help="list by time (default) or by relevance"
    )
    find.add_argument("--json", action="store_true", help="machine-readable output")


def _export_command(commands: Commands, parents: list[argparse.ArgumentParser]) -> None:
    out = commands.add_parser(
        "export",
        parents=parents,
        help="write what the filters select",
        description="Write what the filters select. Formats: "
        + "; ".join(f"{f.name} ({f.label})" for f in EXPORT_FORMATS)
        + ". Image formats draw the time from --from to --to (default: all of it).",
    )
    out.add_argument("--format", required=True, choices=EXPORT_FORMATS.names())
    out.add_argument("--text", default="", help="only items matching these words")
    out.add_argument(
        "--advanced", action="store_true", help='--text in FTS5 syntax: "phrases", prefix*, OR'
    )
    out.add_argument(
        "-o",
        "--output",
        type=Path,
        help="file to write; - or none for standard output (images only down a pipe with -o -)",
    )
    out.add_argument(
        "--bom", action="store_true", help="CSV: start with a byte-order mark for spreadsheets"
    )
    out.add_argument(
        "--imprecise",
        choices=IMPRECISE_CHOICES,
        default="span",
        help="ICS: dates known only to the month or year span it whole (default) or are skipped",
    )
    out.add_argument("--width", type=int, default=1600, help="images: pixels (default 1600)")
    out.add_argument("--height", type=int, help="images: pixels (default: tall enough for all)")
    out.add_argument(
        "--lanes", choices=GROUPINGS, help="images: one lane per … (default track, or the view's)"
    )


def _import_command(commands: Commands, parents: list[argparse.ArgumentParser]) -> None:
    take = commands.add_parser(
        "import",
        parents=parents,
        help="merge a file: Backchannel JSON, CSV/TSV, TimelineJS (JSON or sheet), .timeline",
        description="Merge a file into the database, all of it or nothing. Records already "
        "there (same id, same source address, same title and date) are updated, not doubled.",
    )
    take.add_argument("file", type=Path)
    take.add_argument(
        "--format",
        default="auto",
        choices=IMPORT_FORMAT_CHOICES,
        help="what the file is (default: detected from its content and extension): "
        + "; ".join(f"{name}: {fmt.label}" for name, fmt in IMPORT_FORMATS.items()),
    )
    take.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="FIELD=COLUMN",
        help="CSV: which column feeds a field, by header or number from 1 (repeatable; "
        f"fields: {', '.join(CSV_FIELDS)}; actor, track and source take several columns)",
    )
    take.add_argument(
        "--na",
        action="append",
        default=[],
        metavar="MARKER",
        help="CSV: a cell that says a value is missing, such as NA or -, read as empty "
        "(repeatable; markers that fill many cells of a column are also guessed)",
    )
    take.add_argument("--track", metavar="NAME", help="also put every imported item on this track")
    take.add_argument(
        "--skip-bad",
        action="store_true",
        help="import the records that can be imported and list the others "
        "(default: import nothing if any record is bad)",
    )
    take.add_argument(
        "--dry-run", action="store_true", help="show what would be added and updated; write nothing"
    )


def _maintenance_commands(commands: Commands, parents: list[argparse.ArgumentParser]) -> None:
    look = commands.add_parser(
        "check",
        parents=parents,
        help="look for damage in the database; prints OK or what is wrong (exit 0 or 1)",
    )
    look.add_argument(
        "--quick",
        action="store_true",
        help="faster: skip comparing indexes with their tables and the full-text index "
        "with the items",
    )
    commands.add_parser(
        "repair",
        parents=parents,
        help="back the database up beside itself, then rebuild its indexes, or copy what "
        "can be read of a damaged one into a new file in its place",
    )


_LEFT_OUT = re.compile(r"-[^-\s].*", re.DOTALL)
"""A search's word typed with a minus before it: no option of `search` looks so."""


def _words_left_out(
    parser: argparse.ArgumentParser, args: argparse.Namespace, unknown: list[str]
) -> None:
    """`search Witkoff -Dmitriev`: the words with a minus, which argparse takes for options it
    does not know, joined to the search's words; any other unknown argument is an error."""
    if getattr(args, "command", None) != "search" or not all(
        _LEFT_OUT.fullmatch(a) for a in unknown
    ):
        parser.error(f"unrecognized arguments: {' '.join(unknown)}")
    args.query = " ".join(part for part in (args.query, *unknown) if part)


def main(argv: Sequence[str] | None = None) -> int:
    _escape_undecodable_output()
    parser = _parser()
    document, rest = _document_argument(parser, sys.argv[1:] if argv is None else argv)
    args, unknown = parser.parse_known_args(rest)
    if unknown:
        _words_left_out(parser, args, unknown)
    try:
        if document is not None and (args.command is not None or "db" in args):
            raise UsageError(
                "Name one database: open a file by itself (backchannel FILE), "
                "or give a command --db FILE."
            )
        if args.smoke_test:
            return _smoke_test(document or getattr(args, "db", None))
        if args.command is None:
            _require_display()
            return _open_window(document or _database(args))
        if args.command == "new":
            open_database(args.path, create=True).close()
            print(f"Created an empty database at {args.path}")
            return 0
        if args.command == "install-desktop":
            return _install_desktop(uninstall=args.uninstall)
        path = _database(args)
        if needs_upgrade(path):  # opening it updates it: say why it takes a while
            print(
                f"Updating {Path(path).name} for this version of Backchannel (a large file "
                "takes a while, a minute or more when its search index is built again); a copy "
                "of the file as it was is kept beside it.",
                file=sys.stderr,
            )
        with translated(path):  # a damaged file met by a query: a message, not a traceback
            return _COMMANDS[args.command](args, path)
    except (
        StoreError,
        FormatError,
        DataError,
        QueryError,
        DateError,
        UnknownName,
        UsageError,
        DesktopError,
        WriteError,
        QueryProblem,
    ) as error:
        print(f"backchannel: {error}", file=sys.stderr)
        # A search that cannot run is a usage error, as argparse's own are.
        return 2 if isinstance(error, QueryProblem) else 1
    except BrokenPipeError:
        return 0
    except OSError as error:  # a file the user named cannot be read or written
        print(f"backchannel: {error.filename or ''}: {error.strerror or error}", file=sys.stderr)
        return 1


def _escape_undecodable_output() -> None:
    """A file name that is not UTF-8 reaches Python as lone surrogates ("\\udcff"): print it
    escaped, as Python's own standard error does, not as a traceback after the work is done."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="backslashreplace")


def _document_argument(
    parser: argparse.ArgumentParser, argv: Sequence[str]
) -> tuple[Path | None, list[str]]:
    """A database named by itself, as a file manager passes a double-clicked file
    (`backchannel FILE`): the first word that is no option, option value or command."""
    commands = next(
        action.choices
        for action in parser._actions
        if isinstance(action, argparse._SubParsersAction)
    )
    # macOS Finder may add a process serial number (-psn_0_12345) that means nothing here.
    words = [word for word in argv if not word.startswith("-psn_")]
    after_db = False
    for index, word in enumerate(words):
        if after_db:
            after_db = False
        elif word == "--" and index + 1 < len(words):
            return Path(words[index + 1]), words[:index] + words[index + 2 :]
        elif word.startswith("-"):
            after_db = word == "--db"
        elif word in commands:
            break
        else:
            return Path(word), words[:index] + words[index + 1 :]
    return None, words


def _database(args: argparse.Namespace) -> Path:
    if "db" in args:
        path: Path = args.db
        if not path.exists():
            raise UsageError(
                f"There is no database at {path}. Create one with: backchannel new {path}"
            )
        return path
    path = user_database_path()
    if not path.exists():
        create_from_sample(path)
    return path


NO_DISPLAY = (
    "no display to open the window on: run it in a desktop session, or use a command such "
    "as `backchannel info`; QT_QPA_PLATFORM=offscreen opens it off screen"
)


def _require_display() -> None:
    """On Linux with no X11 or Wayland display and no Qt platform named (a console, ssh),
    Qt would abort the process with its own message about platform plugins: say what to do
    instead, before anything is opened or created."""
    names = ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    if sys.platform.startswith("linux") and not any(os.environ.get(n, "").strip() for n in names):
        raise UsageError(NO_DISPLAY)


def _open_window(path: Path) -> int:
    from app.ui import first_read  # without the widgets: the read begins while they load

    first_read.start(path)
    from app.ui.application import run

    return run(path)


def _smoke_test(path: Path | None) -> int:
    from app.ui.application import smoke_test

    return smoke_test(path)


def _install_desktop(*, uninstall: bool) -> int:
    report = desktop.uninstall() if uninstall else desktop.install()
    home = desktop.data_home()
    if uninstall:
        print(f"Removed Backchannel's menu entry, file type and icons from {home}")
    else:
        print(f"Installed Backchannel for this user in {home}:")
        print(f"  menu entry  applications/{desktop.APP_ID}.desktop")
        print(f"  starting    {shlex.join(report.command)}")
        print(f"  file type   {desktop.MIME_TYPE} (*.backchannel), icons in icons/hicolor")
    for problem in report.problems:
        print(f"backchannel: note: {problem}", file=sys.stderr)
    if not uninstall:
        print("It is in your applications menu; double-click a .backchannel file to open it.")
    return 0


def _filter(
    args: argparse.Namespace, db_path: Path, text: str = "", advanced: bool = False
) -> Filter:
    db = open_database(db_path)
    try:
        chosen = Filter.build(
            actors=[resolve(db, "actors", n) for n in args.actor],
            tracks=[resolve(db, "tracks", n) for n in args.track],
            kinds=args.kind,
            tags=[stored_text("--tag", t) or "" for t in args.tag],
            date_from=args.date_from,
            date_to=args.date_to,
        )
        # The window's search box reads its text the same way: the same words, the same items.
        scope = args.scope or DEFAULT_SCOPE
        f = apply_query(db, text, advanced=advanced, base=replace(chosen, scope=scope))
        return in_view(db, args.view, args.scope, f)
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
        result = search(
            db, f, limit=min(max(0, args.limit), MOST_RESULTS), order=args.order,
            through_sources=True,
        )  # fmt: skip
        # Which part of the search leaves nothing, as the window says it.
        empty = nothing_matches(db, f) if result.total == 0 and not f.is_empty else ""
    finally:
        db.close()
    if args.json:
        print(
            json.dumps(
                {
                    "total": result.total,
                    "only_through_sources": result.only_through_sources,
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
    if empty:
        print(empty)
    if result.only_through_sources:
        wider = ",".join(p for p in SCOPES if p in f.scope | {"sources"})
        print(
            f"and {result.only_through_sources} more match only through their sources "
            f"(--in {wider} lists them)"
        )
    return 0


def _plain(snippet: str | None, start: str = "", end: str = "") -> str | None:
    if snippet is None:
        return None
    return " ".join(snippet.replace(HIT_START, start).replace(HIT_END, end).split())


def _export(args: argparse.Namespace, path: Path) -> int:
    fmt = EXPORT_FORMATS[args.format]
    to_stdout = args.output is None or str(args.output) == "-"
    # `-o -` sends an image down a pipe; with no -o, or to a terminal, it needs a file name.
    if to_stdout and fmt.binary and (args.output is None or sys.stdout.isatty()):
        example = f"timeline.{fmt.extension}"
        raise UsageError(f"A {fmt.label} cannot go to the terminal: name a file, e.g. -o {example}")
    f = _filter(args, path, args.text, args.advanced)
    db = open_database(path)
    try:
        selection = gather(db, f)
    finally:
        db.close()
    lanes, shown = image_defaults(path, args.view)  # a view's, unless told otherwise
    window = (f.start, f.end) if f.start is not None or f.end is not None else None
    options = ExportOptions(
        bom=args.bom,
        imprecise=args.imprecise,
        width=args.width,
        height=args.height,
        window=shown if shown and not (args.date_from or args.date_to) else window,
        grouping=args.lanes or lanes or "track",
    )
    try:
        if to_stdout:
            rendered = render(fmt, selection, options)
            if fmt.binary:
                sys.stdout.flush()
                sys.stdout.buffer.write(rendered.content)
                sys.stdout.buffer.flush()
            else:
                sys.stdout.write(rendered.content.decode("utf-8"))
                sys.stdout.flush()
            for note in rendered.notes:
                print(note, file=sys.stderr)
        else:
            print(export(fmt, selection, options, args.output).message(), file=sys.stderr)
    except (ExportError, ExportCancelled) as error:
        raise UsageError(str(error)) from None
    return 0


def _import(args: argparse.Namespace, path: Path) -> int:
    try:
        options = ImportOptions(
            format=args.format,
            mapping=parse_map_options(args.map),
            track=stored_text("--track", args.track),
            missing=tuple(args.na),
            skip_bad=args.skip_bad,
            dry_run=args.dry_run,
        )
        report = import_file(path, args.file, options)
    except MappingError as error:
        raise UsageError(str(error)) from None
    except DataError as error:  # references the database cannot resolve: name the file
        raise UsageError(f"{args.file}: {error}") from None
    except ImportRefused as refused:
        print(f"backchannel: {refused}", file=sys.stderr)
        if refused.importable:
            print(
                f"Fix the file, or run again with --skip-bad to import the other "
                f"{refused.importable} item(s) and leave these out.",
                file=sys.stderr,
            )
        return 1
    except ImportCancelled as cancelled:
        print(f"backchannel: {cancelled}", file=sys.stderr)
        return 1
    print("\n".join(report.lines()))
    return 0


def _check(args: argparse.Namespace, path: Path) -> int:
    findings = check(path, quick=args.quick)
    print("\n".join(findings.lines()))
    if findings.ok:
        return 0
    if "file" not in findings.kinds():
        print(f"Mend it with: backchannel repair --db {shlex.quote(str(path))}")
    return 1


def _repair(args: argparse.Namespace, path: Path) -> int:
    report = repair(path)
    print("\n".join(report.lines()))
    return 0 if report.after.ok else 1


_COMMANDS = {
    "info": _info,
    "search": _search,
    "export": _export,
    "import": _import,
    "check": _check,
    "repair": _repair,
    **EDIT_COMMANDS,
    **CAPTURE_COMMANDS,
    **VIEWS_COMMANDS,
}


if __name__ == "__main__":
    sys.exit(main())
