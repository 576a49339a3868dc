"""CSV and TSV in, through a column mapping that guesses common headers.

Each row becomes an event or a statement. A row with a speaker and no title is a statement;
a row with a title is an event (its speaker, if any, also gets a statement that belongs to
it); the `kind` column can say "statement" outright. A statement row's title is kept as the
first line of its text (searched and shown with it), unless it is the title of an event of
the file, which the statement then belongs to. Columns are found by their header
(`date`, `event_date`, `Headline`, `url` …) or named by the user, by header or by number for
files without a header row. The head, read once to tell the format, gives the delimiter,
header and layout; the rest of the file is streamed. `CSV` and `TSV` declare the formats.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import replace
from operator import itemgetter
from pathlib import Path
from typing import NamedTuple

from app.core.dates import DateError, DateSpan, PartialDate, parse_partial, parse_span
from app.core.model import EVENT_KINDS, STATEMENT, Event, Statement, unique_tags
from app.core.progress import Cancelled, StagedProgress
from app.formats.builder import (
    Builder,
    ColumnRef,
    ImportFormat,
    Reading,
    ReadOptions,
    item_id,
    split_list,
)
from app.formats.detect import is_text
from app.formats.problems import FieldProblem, FormatError, MappingError, Problem
from app.formats.text_in import (
    Head,
    Layout,
    cell_text,
    delimiter_of,
    lines,
    normalise_header,
    refuse_binary,
)

FIELDS = (
    "id", "date", "end", "title", "text", "speaker", "actor", "track", "kind", "place",
    "source", "language", "tag", "note",
)  # fmt: skip
REPEATABLE = frozenset({"actor", "track", "source", "tag"})
_SINGLE_FIELDS = ("id", "date", "end", "title", "text", "speaker", "kind", "place", "language",
                  "note")  # fmt: skip
GUESSES: dict[str, tuple[str, ...]] = {
    "id": ("id", "uid", "uuid", "identifier", "event_id", "event_id_cnty", "globaleventid"),
    "date": ("date", "event_date", "start", "start_date", "when", "sqldate", "datetime"),
    "end": ("end", "end_date", "until", "to"),
    "title": ("title", "headline", "event", "name", "subject"),
    "text": ("text", "statement", "quote", "notes", "description", "body", "summary", "content"),
    "speaker": ("speaker", "said_by", "spokesperson"),
    "actor": ("actor", "actors", "actor1", "actor2", "assoc_actor_1", "assoc_actor_2",
              "participants", "people"),
    "track": ("track", "tracks", "group", "category", "event_type", "channel"),
    "kind": ("kind", "type"),
    "place": ("place", "location", "city", "venue", "where"),
    "source": ("source", "sources", "url", "link", "links", "source_url", "href"),
    "language": ("language", "lang"),
    "tag": ("tag", "tags"),
    "note": ("analyst_note", "analyst_notes"),
}  # fmt: skip
"""A column called "notes" is most often the words of the record (a monitor's notes), so only
a note named as the analyst's is taken for one (Backchannel's CSV export writes
`analyst_note`)."""
KNOWN_HEADERS = frozenset(h for names in GUESSES.values() for h in names)
TITLE_LENGTH = 100
_LONGEST_COLUMN_NUMBER = 9
_DATE_CACHE_SIZE = 50_000
_COMPACT_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})(?:(\d{2})(\d{2})(\d{2})?)?$")
_NUMERIC_DATE = re.compile(r"^(\d{1,2})([./])(\d{1,2})\2(\d{4})\b(.*)$")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s")
MISSING_MARKERS = ("NA", "N/A", "n/a", "na", "#N/A", "null", "NULL", "None", "none", "NaN",
                   "nan", "-", "--", "?")  # fmt: skip
"""Cells that spreadsheets, R and databases write for a missing value."""
_MISSING_SHARE = 0.1
"""A marker fills at least this share of a column's cells in the head (and two of them) to
be guessed as its missing value."""


def parse_map_options(pairs: Iterable[str]) -> dict[str, list[ColumnRef]]:
    """`["date=2", "actor=actor1", "actor=actor2", "title="]` as a mapping."""
    mapping: dict[str, list[ColumnRef]] = {}
    for pair in pairs:
        field, sep, column = pair.partition("=")
        field = field.strip().lower()
        if not sep or field not in FIELDS:
            raise MappingError(
                f"--map {pair!r}: write FIELD=COLUMN, where FIELD is one of {', '.join(FIELDS)}"
            )
        refs = mapping.setdefault(field, [])
        column = column.strip()
        if column:
            if refs and field not in REPEATABLE:
                raise MappingError(f"--map {field}= is given twice; only actor, track and "
                                   "source take several columns")  # fmt: skip
            refs.append(int(column) if _is_number(column) else column)
    return mapping


def _is_number(ref: str) -> bool:
    """'2' names a column by number; '²', '٢' and a 5,000-digit run (which int() refuses) name
    one by header, and no header is called that."""
    return ref.isascii() and ref.isdigit() and len(ref) <= _LONGEST_COLUMN_NUMBER


class UnmappedColumns(MappingError):
    """No column feeds a field every record needs. The message tells the command line how to
    name it; `lacking` and `layout` (the columns and what was guessed) let the window offer
    the choice instead."""

    def __init__(
        self, message: str, path: Path, lacking: str, found: dict[str, tuple[int, ...]]
    ) -> None:
        super().__init__(message)
        self.path = path
        self.lacking = lacking
        self.found = found
        self.layout: Layout | None = None


def layout(
    head: Head,
    mapping: Mapping[str, Sequence[ColumnRef]] | None = None,
    *,
    tsv: bool = False,
    missing: Sequence[str] = (),
) -> Layout:
    """Detect encoding, delimiter and header from the head, then apply the mapping to the
    guesses."""
    refuse_binary(head, "CSV text")
    text = head.text
    path = head.path
    delimiter = "\t" if tsv else delimiter_of(head)
    sample = list(csv.reader(text.splitlines(keepends=True), delimiter=delimiter))
    sample = [row for row in sample if any(cell.strip() for cell in row)]
    if not sample:
        raise FormatError(str(path), ["the file holds no rows"])
    first = sample[0]
    mapping = dict(mapping or {})
    by_name = any(isinstance(r, str) for refs in mapping.values() for r in refs)
    has_header = by_name or any(normalise_header(c) in KNOWN_HEADERS for c in first)
    header = tuple(first) if has_header else None
    width = len(first)
    rows = sample[1 if has_header else 0 :]

    def planned(columns: dict[str, tuple[int, ...]]) -> Layout:
        date_cells = [row[i] for row in rows for i in columns.get("date", ()) if i < len(row)]
        used = {i for indexes in columns.values() for i in indexes}
        return Layout(
            encoding=head.encoding,
            delimiter=delimiter,
            header=header,
            width=width,
            columns={field: columns.get(field, ()) for field in FIELDS},
            day_first=_day_first(date_cells),
            unused=tuple(i for i in range(width) if i not in used),
            missing=tuple(dict.fromkeys(m.strip() for m in missing if m.strip())),
            guessed_missing=_guess_missing(rows, sorted(used)),
        )

    try:
        return planned(_columns(path, header, width, mapping))
    except UnmappedColumns as unmapped:
        unmapped.layout = planned(unmapped.found)  # what the window offers to map by hand
        raise


def _guess_missing(rows: Sequence[Sequence[str]], columns: Iterable[int]) -> dict[int, str]:
    """Column → the common missing-value marker ("NA", "-" …) that many of its cells are
    exactly, for the columns read."""
    guessed: dict[int, str] = {}
    for index in columns:
        cells = [row[index].strip() for row in rows if index < len(row)]
        counts = Counter(cell for cell in cells if cell in MISSING_MARKERS)
        if counts:
            marker, times = counts.most_common(1)[0]
            if times >= 2 and times >= _MISSING_SHARE * len(cells):
                guessed[index] = marker
    return guessed


def _columns(
    path: Path,
    header: tuple[str, ...] | None,
    width: int,
    mapping: Mapping[str, Sequence[ColumnRef]],
) -> dict[str, tuple[int, ...]]:
    """Field → column indexes: as the mapping says, else guessed from the header; a
    MappingError if no column gives the date, or none a title, text or speaker."""
    names = [normalise_header(h) for h in header] if header else []
    listed = ", ".join(f"{i + 1} “{h}”" for i, h in enumerate(header)) if header else ""
    columns: dict[str, tuple[int, ...]] = {}
    for field, refs in mapping.items():
        if field not in FIELDS:
            raise MappingError(f"there is no field {field!r}; the fields are {', '.join(FIELDS)}")
        columns[field] = tuple(_index(field, ref, names, width, listed) for ref in refs)
    if names:
        _guess(columns, names)
    if not columns.get("date"):
        hint = (
            f"the columns are {listed}" if header
            else "the first row is not a header I recognise, so name the columns by number, "
            "e.g. --map date=1 --map title=2 --map text=3"
        )  # fmt: skip
        raise UnmappedColumns(f"{path}: no column holds the date: name it with --map "
                              f"date=COLUMN; {hint}", path, "the date", columns)  # fmt: skip
    if not any(columns.get(f) for f in ("title", "text", "speaker")):
        raise UnmappedColumns(
            f"{path}: no column gives a title, a text or a speaker; name one with --map "
            "title=COLUMN or --map text=COLUMN" + (f"; the columns are {listed}" if header else ""),
            path, "a title, a text or a speaker", columns,
        )  # fmt: skip
    return {field: columns.get(field, ()) for field in FIELDS}


def _index(field: str, ref: ColumnRef, names: list[str], width: int, listed: str) -> int:
    """The index (from 0) of the column a mapping names, by number from 1 or by header."""
    if isinstance(ref, int) or _is_number(ref):
        number = int(ref)
        if not 1 <= number <= width:
            raise MappingError(f"{field}={ref}: the file has {width} columns (numbered from 1)")
        return number - 1
    if normalise_header(ref) in names:
        return names.index(normalise_header(ref))
    shown = ref if len(ref) <= 60 else ref[:59] + "…"
    raise MappingError(
        f"{field}={shown}: no column is called {shown!r}; "
        + (f"the columns are {listed}" if listed else "the file has no header row")
    )


def _guess(columns: dict[str, tuple[int, ...]], names: list[str]) -> None:
    """Fill the fields the mapping leaves out from the headers, each column used once."""
    taken = {i for indexes in columns.values() for i in indexes}
    for field in FIELDS:
        if field in columns:
            continue
        found: list[int] = []
        for guess in GUESSES[field]:
            for index, name in enumerate(names):
                if name == guess and index not in taken and index not in found:
                    found.append(index)
            if found and field not in REPEATABLE:
                break
        columns[field] = tuple(found[:1] if field not in REPEATABLE else found)
        taken.update(columns[field])


def _day_first(cells: Iterable[str]) -> bool:
    """Whether numeric dates such as 03/04/2024 put the day first: yes if any first number is
    above 12, no if any second number is; dotted dates (24.10.2025) are day first."""
    day_first: bool | None = None
    for cell in cells:
        match = _NUMERIC_DATE.match(cell.strip())
        if match:
            first, sep, second = int(match[1]), match[2], int(match[3])
            if first > 12 or sep == ".":
                return True
            if second > 12:
                day_first = False
    return bool(day_first)


class _DateReader:
    """Date cells to DateSpans and their ISO text, remembering recent answers (large files
    repeat dates)."""

    def __init__(self, day_first: bool) -> None:
        self.day_first = day_first
        self.cache: dict[str, tuple[DateSpan, str] | DateError] = {}

    def span(self, text: str) -> tuple[DateSpan, str]:
        found = self.cache.get(text)
        if found is None:
            try:
                span = parse_span(self._normal(text))
                found = (span, span.iso())
            except DateError as error:
                found = error
            if len(self.cache) > _DATE_CACHE_SIZE:
                self.cache.clear()
            self.cache[text] = found
        if isinstance(found, DateError):
            raise found
        return found

    def point(self, text: str) -> PartialDate:
        return parse_partial(self._normal(text))

    def _normal(self, text: str) -> str:
        compact = _COMPACT_DATE.match(text)
        if compact:  # GDELT's 20250101 and 20250101143000, which would read as years
            y, m, d, hh, mm, ss = compact.groups()
            time = f"T{hh}:{mm}" + (f":{ss}" if ss else "") if hh else ""
            return f"{y}-{m}-{d}{time}"
        numeric = _NUMERIC_DATE.match(text)
        if numeric:
            a, _, b, year, rest = numeric.groups()
            day, month = (a, b) if self.day_first else (b, a)
            return f"{year}-{int(month):02d}-{int(day):02d}{rest}"
        return text


def detect(head: Head) -> bool:
    """Any text that is not XML or JSON: CSV is tried last."""
    return is_text(head)


def read(
    head: Head,
    options: ReadOptions,
    progress: StagedProgress | None = None,
    cancelled: Cancelled | None = None,
) -> Reading:
    """Every row of the file as records; rows that cannot be read become problems."""
    return _read(head, options, progress, cancelled, tsv=False)


def read_tsv(
    head: Head,
    options: ReadOptions,
    progress: StagedProgress | None = None,
    cancelled: Cancelled | None = None,
) -> Reading:
    """`read`, with tabs between the fields whatever the head suggests."""
    return _read(head, options, progress, cancelled, tsv=True)


CSV = ImportFormat(
    "csv", "CSV or TSV with a column mapping", ("csv", "tsv", "txt"), detect, read, table=True
)
TSV = ImportFormat("tsv", "TSV: CSV with tabs", ("tsv", "tab", "txt"), None, read_tsv, table=True)


def _read(
    head: Head,
    options: ReadOptions,
    progress: StagedProgress | None,
    cancelled: Cancelled | None,
    *,
    tsv: bool,
) -> Reading:
    plan = layout(head, options.mapping, tsv=tsv, missing=options.missing)
    builder = Builder()
    reading = Reading(builder.dataset(), "csv", layout=plan)
    rows = _RowReader(plan, builder, _DateReader(plan.day_first))
    taken, limit = 0, options.limit
    for line, cells in _records(head, plan, progress, cancelled):
        try:
            repeated = rows.add(cells)
        except FieldProblem as problem:
            field = _field_name(plan, problem.field)
            reading.problems.append(Problem(f"line {line}", problem.reason, field))
            continue
        if repeated:
            reading.notes.append(f"line {line} repeats an earlier row and was left out")
        taken += 1
        if limit is not None and taken >= limit:
            break
    missing = plan.describe_missing()
    if missing:
        reading.notes.append(f"read as missing values (empty cells): {missing}")
    if rows.short:
        reading.notes.append(
            f"{rows.short:,} row(s) have fewer columns than the first row ({plan.width}); "
            "their missing last cells were read as empty"
        )
    if plan.unused and plan.header is not None:
        names = [plan.column_name(i) for i in plan.unused]
        shown = ", ".join(names[:12]) + (f" and {len(names) - 12} more" if len(names) > 12 else "")
        reading.notes.append(f"not imported (no field is mapped to them): {shown}")
    rows.headed_statements()
    reading.dataset = builder.dataset()
    return reading


def _field_name(plan: Layout, field: str | None) -> str | None:
    if field is None or field not in plan.columns or not plan.columns[field]:
        return field
    return f"{field} ({plan.column_name(plan.columns[field][0])})"


def _records(
    head: Head, plan: Layout, progress: StagedProgress | None, cancelled: Cancelled | None
) -> Iterator[tuple[int, list[str]]]:
    """(first line number, cells) for each non-empty record after the header."""
    path = head.path
    with lines(head, progress, cancelled) as text:
        reader = csv.reader(text, delimiter=plan.delimiter, strict=True)
        line = 1
        skip_header = plan.header is not None
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as error:
                raise FormatError(str(path), [f"line {line}: {_csv_message(error)}"]) from None
            start, line = line, reader.line_num + 1
            if skip_header:
                skip_header = False
                continue
            if not "".join(cells).strip():
                continue
            if len(cells) > plan.width and not any(c.strip() for c in cells[plan.width :]):
                cells = cells[: plan.width]  # trailing empty cells some spreadsheets add
            yield start, cells


def _csv_message(error: csv.Error) -> str:
    text = str(error)
    if "field larger than field limit" in text:
        return (
            f"a field is longer than {csv.field_size_limit():,} characters: "
            'probably a quote (") that never closes'
        )
    if "expected after" in text:
        return (
            'a quote (") stands inside a cell or right after a quoted cell: a cell that holds '
            'quotes must be quoted as a whole, its quotes doubled ("")'
        )
    if "unexpected end of data" in text:
        return 'the file ends inside a quoted field: a quote (") never closes'
    return text


_LIST_CACHE_SIZE = 50_000


class _Said(NamedTuple):
    """What a row's statement takes from the row (and shares with its event, if any)."""

    when: DateSpan
    when_iso: str
    speaker: str
    text: str
    language: str
    tracks: tuple[str, ...]
    sources: tuple[str, ...]
    tags: tuple[str, ...]
    note: str


class _RowReader:
    """One row of cells to records in the Builder.

    This runs once a row, a million times for a large file, so it reads all single-valued
    fields with one `itemgetter` and remembers the record ids that recent list cells (actors,
    tracks, sources) came to: large files repeat the same few names and addresses."""

    def __init__(self, plan: Layout, builder: Builder, dates: _DateReader) -> None:
        self.plan = plan
        self.builder = builder
        self.dates = dates
        self.short = 0
        self.blanks = plan.blanks()
        """Rows that lacked trailing cells (read as empty)."""
        # An unmapped field reads the empty cell `add` appends after the row's last one.
        single = {f: (ix[0] if ix else plan.width) for f, ix in plan.columns.items()}
        self.single = single
        self.singles = itemgetter(*(single[f] for f in _SINGLE_FIELDS))
        self.many = {f: plan.columns[f] for f in REPEATABLE}
        self.known: dict[str, dict[object, tuple[str, ...]]] = {f: {} for f in REPEATABLE}
        self.makers: dict[str, Callable[[str], str]] = {
            "actor": builder.actor, "track": builder.track, "source": builder.source
        }  # fmt: skip
        self.headed: list[tuple[int, str, str]] = []
        """(position in the builder's statements, title, words) of statements with a title."""

    def headed_statements(self) -> None:
        """Once every row is read: a statement's title that is an event's title in the file
        (Backchannel's own CSV export writes a statement's event there) links the statement
        to that event instead of standing before its words."""
        events: dict[str, str | None] = {}
        for event in self.builder.events:
            events[event.title] = None if event.title in events else event.id
        statements = self.builder.statements
        for position, title, words in self.headed:
            if title in events:
                record = statements[position]
                statements[position] = replace(
                    record, text=words, event=record.event or events[title]
                )

    def add(self, cells: list[str]) -> bool:
        """Add the row's records; True if the row repeats an earlier one exactly."""
        width = self.plan.width
        if len(cells) < width and self.plan.header is None:
            # A file without a header that changed layout over the years: its older rows lack
            # the trailing columns added later, and their cells are empty.
            cells.extend([""] * (width - len(cells)))
            self.short += 1
        elif len(cells) != width:
            why = (
                "a column is missing" if len(cells) < width
                else f"is there an unquoted {self.plan.delimiter!r} inside a cell?"
            )  # fmt: skip
            raise FieldProblem(None, f"has {len(cells)} fields where the first row has {width}: "
                               f"{why}")  # fmt: skip
        for index, markers in self.blanks:
            if cells[index].strip() in markers:
                cells[index] = ""
        cells.append("")
        # Most rows hold no CR and no apostrophe, and then a cell's text is the cell trimmed.
        plain = "\r" not in (joined := "".join(cells)) and "'" not in joined
        explicit, start_text, end_text, title, text, speaker, kind, place, language, note = map(
            str.strip if plain else cell_text, self.singles(cells)
        )
        when, when_iso = self._when(start_text, end_text)
        kind = kind.lower()
        if kind and kind != STATEMENT and kind not in EVENT_KINDS:
            raise FieldProblem("kind", f"{kind!r} is not a kind: use one of "
                               f"{', '.join(EVENT_KINDS)} or statement")  # fmt: skip
        tracks = self._ids(cells, "track")
        sources = self._ids(cells, "source")
        tags = self._tags(cells)
        said = _Said(when, when_iso, speaker, text, language, tracks, sources, tags, note)
        if kind == STATEMENT or (speaker and not title):
            return self._statement(said, explicit, None, title)
        actors = list(self._ids(cells, "actor"))
        if speaker:
            actors.insert(0, self.builder.actor(speaker))
        if not title:
            title = _title_from(text) or place
        if not title:
            raise FieldProblem("title", "an event needs a title (or a text to take one from)")
        event = Event(
            id=explicit or item_id("event", title, when_iso, title),
            title=title,
            kind=kind or "other",
            when=when,
            place=place or None,
            summary=None if speaker else (text or None),
            actors=tuple(dict.fromkeys(actors)),
            tracks=tracks,
            sources=sources,
            note=note or None,
            tags=tags,
        )
        repeated = not self._keep(event, bool(explicit))
        if speaker and text:
            self._statement(said, explicit + "/statement" if explicit else None, event.id)
        return repeated

    def _statement(
        self, said: _Said, explicit: str | None, event: str | None, title: str = ""
    ) -> bool:
        """Add the row's statement. A `title` the row gives it is kept as the first line of
        its text (see `headed_statements`); its id comes from the words said, as before."""
        when, when_iso, speaker, text, language, tracks, sources, tags, note = said
        if not speaker:
            raise FieldProblem("speaker", "a statement needs a speaker")
        if not text and not title:
            raise FieldProblem("text", "a statement needs its text")
        said_text = text or title
        if when.end is not None:
            raise FieldProblem("date", f"a statement is said at one time, not over "
                               f"{when.display()}")  # fmt: skip
        speaker_id = self.builder.actor(speaker)
        statement = Statement(
            id=explicit or item_id("statement", f"{speaker} {said_text[:40]}", when_iso,
                                   speaker_id, said_text),
            speaker=speaker_id,
            date=when.start,
            text=f"{title}\n{text}" if title and text else said_text,
            event=event,
            language=language or None,
            tracks=tracks,
            sources=sources,
            note=note or None,
            tags=tags,
        )  # fmt: skip
        kept = self._keep(statement, bool(explicit))
        if kept and title and text:
            self.headed.append((len(self.builder.statements) - 1, title, text))
        return not kept

    def _keep(self, record: Event | Statement, explicit: bool) -> bool:
        try:
            return self.builder.add(record, explicit_id=explicit)
        except ValueError as error:
            raise FieldProblem("id", str(error)) from None

    def _ids(self, cells: list[str], field: str) -> tuple[str, ...]:
        """The ids of the actors, tracks or sources the row's cells for `field` name."""
        indexes = self.many[field]
        raw: object = cells[indexes[0]] if len(indexes) == 1 else tuple(cells[i] for i in indexes)
        known = self.known[field]
        found = known.get(raw)
        if found is None:
            make = self.makers[field]
            found = tuple(make(name) for i in indexes for name in split_list(cell_text(cells[i])))
            if len(known) > _LIST_CACHE_SIZE:
                known.clear()
            known[raw] = found
        return found

    def _tags(self, cells: list[str]) -> tuple[str, ...]:
        indexes = self.many["tag"]
        if not indexes:
            return ()
        return unique_tags(name for i in indexes for name in split_list(cell_text(cells[i])))

    def _when(self, start_text: str, end_text: str) -> tuple[DateSpan, str]:
        if not start_text:
            raise FieldProblem("date", "no date")
        try:
            when, iso = self.dates.span(start_text)
        except DateError as error:
            raise FieldProblem("date", str(error)) from None
        if not end_text:
            return when, iso
        if when.end is not None:
            raise FieldProblem("end", f"the date {start_text!r} is already a range")
        try:
            span = DateSpan(when.start, self.dates.point(end_text))
        except DateError as error:
            raise FieldProblem("end", str(error)) from None
        return span, span.iso()


def _title_from(text: str) -> str:
    """A title for an event that has none: its text's first sentence, cut at a word."""
    first = _SENTENCE_END.split(text.strip(), maxsplit=1)[0] if text else ""
    first = " ".join(first.split())
    if len(first) <= TITLE_LENGTH:
        return first
    cut = first[:TITLE_LENGTH].rsplit(" ", 1)[0]
    return cut + "…"
