"""The native JSON format: lossless, re-importable, described by db/backchannel.schema.json.

Read (`read`, and the import format `NATIVE`) and written (`dumps`, `pieces`) here; a file
is checked whole against the schema before anything is taken from it.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.core.dates import DateError, DateSpan, PartialDate, parse_partial
from app.core.model import Actor, Dataset, Event, Source, Statement, Tally, Track, unique_tags
from app.core.paths import native_schema
from app.core.progress import Cancelled, StagedProgress
from app.formats import json_in
from app.formats.builder import ImportFormat, Reading, ReadOptions
from app.formats.detect import is_json_object
from app.formats.problems import FormatError
from app.formats.text_in import Head, check_size

if TYPE_CHECKING:  # loaded with the first file read: the window starts without it
    import jsonschema

FORMAT = "backchannel"
VERSION = 1
LISTS = ("actors", "tracks", "sources", "events", "statements")
MAX_BYTES = 1024 * 1024 * 1024
MESSAGE_LENGTH = 300
"""Characters of a problem shown; the schema's messages quote the value in full."""
_parsed = lru_cache(maxsize=1 << 16)(parse_partial)
"""A large file holds each date many times; each is checked and read once."""
_MARK = re.compile(rb'"format"\s*:\s*"backchannel"')


@cache
def _schema() -> dict[str, Any]:
    return dict(json.loads(native_schema().read_text(encoding="utf-8")))


@cache
def _validator() -> jsonschema.protocols.Validator:
    import jsonschema

    schema = _schema()
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


@cache
def _gate() -> Callable[[Any], Any]:
    """The schema compiled into Python code by fastjsonschema. On a valid file it is about 35
    times faster than jsonschema (1.1 s instead of 39 s for 100,000 items here), but it stops
    at the first problem, so jsonschema lists them all when there is one."""
    import fastjsonschema

    return fastjsonschema.compile(_schema(), use_default=False)


def detect(head: Head) -> bool:
    return is_json_object(head) and _MARK.search(head.utf8) is not None


def read_file(
    head: Head,
    options: ReadOptions,
    progress: StagedProgress | None = None,
    cancelled: Cancelled | None = None,
) -> Reading:
    """An import of a native file: its ids are authoritative."""
    check_size(head, MAX_BYTES, "Backchannel JSON")
    return Reading(read(head.path), "native", native_ids=True)


NATIVE = ImportFormat("native", "Backchannel JSON", ("json",), detect, read_file)


def read(path: Path) -> Dataset:
    """Read and check a native file; every problem is listed, none is skipped."""
    return from_document(json_in.load(path), str(path))


def from_document(document: Any, source: str = "the document") -> Dataset:
    try:
        problems = _schema_problems(document)
    except RecursionError:  # the checks descend as deep as the document does
        problems = ["lists or objects are nested too deeply inside each other to check"]
    if problems:
        raise FormatError(source, problems)
    problems = list(_semantic_problems(document))
    if problems:
        raise FormatError(source, problems)
    return Dataset(
        title=document.get("title"),
        description=document.get("description"),
        actors=[_actor(r) for r in document["actors"]],
        tracks=[_track(r) for r in document["tracks"]],
        sources=[_source(r) for r in document["sources"]],
        events=[_event(r) for r in document["events"]],
        statements=[_statement(r) for r in document["statements"]],
    )


def _schema_problems(document: Any) -> list[str]:
    """Every place where the document breaks the schema, in document order."""
    import fastjsonschema

    try:
        _gate()(document)
    except fastjsonschema.JsonSchemaValueException as error:
        first = error
    else:
        return []
    problems = [
        _describe(document, cause)
        for e in sorted(_validator().iter_errors(document), key=lambda e: list(e.absolute_path))
        for cause in _causes(e)
    ]
    if problems:
        return problems
    # Only if the two ever differ: refused all the same, where the compiled schema stopped.
    path = [int(p) if p.isdigit() else p for p in first.path[1:]]
    message = first.message.removeprefix(first.name or "").strip()
    return [f"{_where(document, path)}: {message}"]


def _where(document: Any, path: list[Any]) -> str:
    """'statements[3] (statement/x), field "date"' for an error at that path."""
    if len(path) >= 2 and path[0] in LISTS and isinstance(path[1], int):
        record = document[path[0]][path[1]]
        ident = record.get("id") if isinstance(record, dict) else None
        head = f"{path[0]}[{path[1]}]" + (f" ({ident})" if isinstance(ident, str) else "")
        rest = path[2:]
        return head + (f", field {'.'.join(str(p) for p in rest)!r}" if rest else "")
    return "top level" + (f", field {'.'.join(str(p) for p in path)!r}" if path else "")


def _causes(error: jsonschema.ValidationError) -> list[jsonschema.ValidationError]:
    """What is wrong inside a value that fits no alternative (a tally or null): the problems
    of the alternative with fields, not "is not valid under any of the given schemas"."""
    inner = [e for e in error.context or () if e.relative_path]
    return [cause for e in inner for cause in _causes(e)] if inner else [error]


def _describe(document: Any, error: jsonschema.ValidationError) -> str:
    message = error.message
    if len(message) > MESSAGE_LENGTH:  # it quotes the value: a whole list put in a name
        message = message[: MESSAGE_LENGTH - 1] + "…"
    return f"{_where(document, list(error.absolute_path))}: {message}"


def _semantic_problems(document: dict[str, Any]) -> Iterator[str]:
    """What the schema cannot say: unique ids and real dates. References may point into the
    database a file is merged into, so the store checks those."""
    ids = Counter(r["id"] for name in LISTS for r in document[name])
    for id_, n in ids.items():
        if n > 1:
            yield f"id {id_!r} is used by {n} records; ids must be unique"
    for index, record in enumerate(document["events"]):
        where = f"events[{index}] ({record['id']})"
        problems = [
            p for field in ("start", "end") for p in _date_problem(record.get(field), where, field)
        ]
        yield from problems
        if not problems and record.get("end"):
            try:
                DateSpan(_parsed(record["start"]), _parsed(record["end"]))
            except DateError as error:
                yield f"{where}, field 'end': {error}"
    for index, record in enumerate(document["statements"]):
        yield from _date_problem(record["date"], f"statements[{index}] ({record['id']})", "date")
    for index, record in enumerate(document["sources"]):
        for field in ("published", "accessed"):
            yield from _date_problem(record.get(field), f"sources[{index}] ({record['id']})", field)


def _date_problem(text: str | None, where: str, field: str) -> Iterator[str]:
    if text is None:
        return
    try:
        _parsed(text)
    except DateError as error:
        yield f"{where}, field {field!r}: {error}"


def _actor(r: dict[str, Any]) -> Actor:
    return Actor(
        r["id"],
        r["name"],
        tuple(r.get("aliases") or ()),
        r.get("kind") or "person",
        r.get("role"),
        r.get("affiliation"),
        r.get("country"),
    )


def _track(r: dict[str, Any]) -> Track:
    return Track(r["id"], r["name"], r.get("description"), r.get("color"))


def _date(text: str | None) -> PartialDate | None:
    return _parsed(text) if text else None


def _source(r: dict[str, Any]) -> Source:
    return Source(
        r["id"],
        r.get("url"),
        r.get("title"),
        r.get("publisher"),
        r.get("author"),
        _date(r.get("published")),
        _date(r.get("accessed")),
        r.get("archived_text"),
    )


def _event(r: dict[str, Any]) -> Event:
    tally = r.get("tally")
    return Event(
        id=r["id"],
        title=r["title"],
        kind=r["kind"],
        when=DateSpan(_parsed(r["start"]), _date(r.get("end"))),
        place=r.get("place"),
        summary=r.get("summary"),
        actors=tuple(r.get("actors") or ()),
        tracks=tuple(r.get("tracks") or ()),
        sources=tuple(r.get("sources") or ()),
        tally=Tally(tally["in_favour"], tally["against"], tally["abstaining"]) if tally else None,
        note=r.get("note"),
        tags=unique_tags(r.get("tags") or ()),
    )


def _statement(r: dict[str, Any]) -> Statement:
    return Statement(
        id=r["id"],
        speaker=r["speaker"],
        date=_parsed(r["date"]),
        text=r["text"],
        event=r.get("event"),
        attribution=r.get("attribution") or "direct",
        language=r.get("language"),
        tracks=tuple(r.get("tracks") or ()),
        sources=tuple(r.get("sources") or ()),
        note=r.get("note"),
        tags=unique_tags(r.get("tags") or ()),
    )


def to_document(data: Dataset) -> dict[str, Any]:
    """The document for a Dataset, keys in a fixed order so files diff well."""
    return {
        **_head(data),
        **{name: [entry(r) for r in records] for name, records, entry in _lists(data)},
    }


def _head(data: Dataset) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "version": VERSION,
        "title": data.title,
        "description": data.description,
    }


def _lists(data: Dataset) -> list[tuple[str, Sequence[Any], Callable[[Any], dict[str, Any]]]]:
    """Each list of the document: its name, its records, and what makes a record's entry."""
    return [
        ("actors", data.actors, _actor_entry),
        ("tracks", data.tracks, _track_entry),
        ("sources", data.sources, _source_entry),
        ("events", data.events, _event_entry),
        ("statements", data.statements, _statement_entry),
    ]


def _actor_entry(a: Actor) -> dict[str, Any]:
    return {
        "id": a.id,
        "name": a.name,
        "aliases": list(a.aliases),
        "kind": a.kind,
        "role": a.role,
        "affiliation": a.affiliation,
        "country": a.country,
    }


def _track_entry(t: Track) -> dict[str, Any]:
    return {"id": t.id, "name": t.name, "description": t.description, "color": t.color}


def _source_entry(s: Source) -> dict[str, Any]:
    return {
        "id": s.id,
        "url": s.url,
        "title": s.title,
        "publisher": s.publisher,
        "author": s.author,
        "published": s.published.iso() if s.published else None,
        "accessed": s.accessed.iso() if s.accessed else None,
        "archived_text": s.archived_text,
    }


def _event_entry(e: Event) -> dict[str, Any]:
    return _annotated(
        e,
        {
            "id": e.id,
            "title": e.title,
            "kind": e.kind,
            "start": e.when.start.iso(),
            "end": e.when.end.iso() if e.when.end else None,
            "place": e.place,
            "summary": e.summary,
            "actors": list(e.actors),
            "tracks": list(e.tracks),
            "sources": list(e.sources),
            "tally": {
                "in_favour": e.tally.in_favour,
                "against": e.tally.against,
                "abstaining": e.tally.abstaining,
            }
            if e.tally
            else None,
        },
    )


def _statement_entry(s: Statement) -> dict[str, Any]:
    return _annotated(
        s,
        {
            "id": s.id,
            "speaker": s.speaker,
            "date": s.date.iso(),
            "text": s.text,
            "event": s.event,
            "attribution": s.attribution,
            "language": s.language,
            "tracks": list(s.tracks),
            "sources": list(s.sources),
        },
    )


def _annotated(item: Event | Statement, entry: dict[str, Any]) -> dict[str, Any]:
    """The entry with the analyst's note and tags, each only when there is one: a file of
    items without them is as it was before they existed."""
    if item.note is not None:
        entry["note"] = item.note
    if item.tags:
        entry["tags"] = list(item.tags)
    return entry


BATCH = 10_000
"""Records made into text at a time by `pieces`."""


def dumps(data: Dataset) -> str:
    """`json.dumps(to_document(data), ensure_ascii=False, indent=2)` and a newline.

    The standard library encodes in C only without `indent`; its indenting encoder is pure
    Python and took 6 s for 100,000 items. This writes the same text, escaping strings with
    the same C function, in a fifth of the time."""
    return "".join(pieces(data))


def pieces(
    data: Dataset, batch: int | None = None, written: Callable[[int], None] | None = None
) -> Iterator[str]:
    """The text of `dumps` in pieces of `batch` records, so a million items never stand in
    memory as one document (their export peaked at 4.7 GB that way, at 2.5 GB this way).
    `written` is told how many records are done after each piece."""
    head = "".join(f"  {_string(k)}: {_indented(v, '  ')},\n" for k, v in _head(data).items())
    yield "{\n" + head
    lists, batch, done = _lists(data), batch or BATCH, 0
    for number, (name, records, entry) in enumerate(lists):
        after = ",\n" if number < len(lists) - 1 else "\n"
        if not records:
            yield f"  {_string(name)}: []{after}"
            continue
        yield f"  {_string(name)}: [\n    "
        for start in range(0, len(records), batch):
            part = _records([entry(r) for r in records[start : start + batch]], "    ")
            yield (",\n    " if start else "") + ",\n    ".join(part)
            done += len(part)
            if written is not None:
                written(done)
        yield f"\n  ]{after}"
    yield "}\n"


_string = json.encoder.encode_basestring
"""What json.dumps escapes strings with when ensure_ascii is off (its C version if built)."""


def _indented(value: Any, indent: str) -> str:
    """`value` as json.dumps(value, ensure_ascii=False, indent=2) writes it at `indent`."""
    kind = value.__class__
    if kind is str:
        return _string(value)
    if value is None:
        return "null"
    if kind is int:
        return int.__repr__(value)
    inner = indent + "  "
    if kind is list:
        if not value:
            return "[]"
        if value[0].__class__ is dict:
            items = _records(value, inner)
        else:
            items = [_string(v) if v.__class__ is str else _indented(v, inner) for v in value]
        return f"[\n{inner}" + f",\n{inner}".join(items) + f"\n{indent}]"
    if kind is dict and all(k.__class__ is str for k in value):
        if not value:
            return "{}"
        fields = [f"{_string(k)}: {_indented(v, inner)}" for k, v in value.items()]
        return f"{{\n{inner}" + f",\n{inner}".join(fields) + f"\n{indent}}}"
    text = json.dumps(value, ensure_ascii=False, indent=2)  # anything else, as json writes it
    return text.replace("\n", "\n" + indent)


def _records(records: list[Any], indent: str) -> list[str]:
    """The dicts of a list at `indent`. Records of one kind share their keys, so those are
    written once into a template that each record fills with its values."""
    keys = tuple(records[0])
    if not keys or any(k.__class__ is not str for k in keys):
        return [_indented(r, indent) for r in records]
    inner = indent + "  "
    lines = [inner + _string(k).replace("%", "%%") + ": %s" for k in keys]
    template = "{\n" + ",\n".join(lines) + f"\n{indent}}}"
    opening, separator, closing = f"[\n{inner}  ", f",\n{inner}  ", f"\n{inner}]"

    def listed(values: list[Any]) -> str:
        """A record's list, most often of ids."""
        if not values:
            return "[]"
        try:
            return opening + separator.join(map(_string, values)) + closing
        except TypeError:  # not all strings
            return _indented(values, inner)

    return [
        template
        % tuple(
            [
                _string(v)
                if v.__class__ is str
                else "null"
                if v is None
                else listed(v)
                if v.__class__ is list
                else _indented(v, inner)
                for v in r.values()
            ]
        )
        if r.__class__ is dict and tuple(r) == keys
        else _indented(r, indent)
        for r in records
    ]
