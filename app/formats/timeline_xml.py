"""The `.timeline` files of the open-source Timeline desktop app (thetimelineproj), version 2.x.

Categories become tracks with their colours; events keep their start, end, description and
hyperlinks (as sources); a container ("[1]Talks") becomes a track that its members ("(1)Round
one") share, and an event spanning them; milestones are events at one moment; eras are
kept as events on an "Eras" track. The XML is parsed with defusedxml, so entity bombs and
external entities are refused, not expanded. Timelines in other time types (plain numbers,
fantasy calendars) and the app's legacy plain-text format are refused with a message.
`TIMELINE` declares the import format; it claims every XML file whose root is <timeline>.
"""

from __future__ import annotations

import re
from pathlib import Path
from xml.etree.ElementTree import Element, ParseError

import defusedxml.ElementTree as safe_xml
from defusedxml import DefusedXmlException

from app.core.dates import DateError, DateSpan, PartialDate
from app.core.model import Event
from app.core.progress import Cancelled, StagedProgress
from app.formats.builder import ERAS_TRACK, Builder, ImportFormat, Reading, ReadOptions, item_id
from app.formats.detect import is_json, is_legacy_timeline, is_xml, xml_root
from app.formats.html_text import safe_url
from app.formats.problems import FieldProblem, FormatError, Problem
from app.formats.text_in import Head, binary, check_size

MAX_BYTES = 64 * 1024 * 1024
GREGORIAN = "gregoriantime"
_WHEN = re.compile(
    r"^(?P<year>-?\d{1,12})-(?P<month>\d{1,2})-(?P<day>\d{1,2})"
    r"(?:[ T](?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?)?$"
)
_CONTAINER = re.compile(r"^\[(\d+)\](.*)$", re.DOTALL)
_MEMBER = re.compile(r"^\((\d+)\)(.*)$", re.DOTALL)
_TRUE = "true"
_COLOUR_PART = re.compile(r"^[0-9]{1,9}$")


def detect(head: Head) -> bool:
    """Timeline's XML, or its legacy text (which `read` refuses with a message)."""
    return is_legacy_timeline(head) or (is_xml(head) and xml_root(head) in (None, "timeline"))


def read(
    head: Head,
    options: ReadOptions,
    progress: StagedProgress | None = None,
    cancelled: Cancelled | None = None,
) -> Reading:
    path = head.path
    check_size(head, MAX_BYTES, "Timeline")
    if not is_legacy_timeline(head) and not is_xml(head):
        raise FormatError(
            str(path),
            [f"this is not a Timeline XML file (it looks like {_looks_like(head)}): a "
             ".timeline file starts with <?xml or <timeline>; leave --format out to let "
             "Backchannel tell the format"],
        )  # fmt: skip
    if is_legacy_timeline(head):
        raise FormatError(
            str(path),
            ["this is the plain-text format of Timeline before version 0.10, which Backchannel "
             "does not read: open the file in a current Timeline and save it again (as XML)"],
        )  # fmt: skip
    try:
        root = safe_xml.parse(str(path), forbid_dtd=False).getroot()
    except DefusedXmlException as error:
        raise FormatError(
            str(path),
            [f"the XML declares entities or external references ({type(error).__name__}); "
             "Backchannel does not expand them (an “entity bomb” would exhaust memory), "
             "and Timeline itself never writes them"],
        ) from None  # fmt: skip
    except ParseError as error:
        line, column = error.position
        raise FormatError(str(path), [f"broken XML at line {line}, column {column + 1}"]) from None
    except (LookupError, ValueError) as error:  # encoding="x-no-such", or one expat cannot use
        raise FormatError(
            str(path), [f"the XML declares an encoding Backchannel cannot read ({error})"]
        ) from None
    if root is None or root.tag != "timeline":
        tag = "nothing" if root is None else f"<{root.tag}>"
        raise FormatError(str(path), [f"the root element is {tag}, not <timeline>"])
    time_type = _text(root, "timetype") or GREGORIAN
    if time_type != GREGORIAN:
        raise FormatError(
            str(path),
            [f"this timeline counts time as “{time_type}”, not Gregorian dates; Backchannel "
             "imports only Gregorian timelines (Timeline’s default)"],
        )  # fmt: skip
    return _Reader(path).read(root)


def _looks_like(head: Head) -> str:
    if is_json(head):
        return "JSON"
    return "binary data" if binary(head) is not None else "CSV or other plain text"


TIMELINE = ImportFormat("timeline", "Timeline (.timeline XML)", ("timeline",), detect, read)


class _Reader:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.builder = Builder()
        self.reading = Reading(self.builder.dataset(), "timeline")
        self.categories: dict[str, str] = {}
        self.containers: dict[str, tuple[str, Element]] = {}

    def read(self, root: Element) -> Reading:
        version = _text(root, "version")
        if version:
            self.reading.notes.append(f"written by Timeline {version}")
        for index, category in enumerate(root.iterfind("categories/category")):
            self._category(index, category)
        events = list(root.iterfind("events/event"))
        for event in events:  # containers first: members refer to them
            match = _CONTAINER.match(_text(event, "text"))
            if match:
                name = match[2].strip() or f"Container {match[1]}"
                self.containers[match[1]] = (self.builder.track(name), event)
        for index, event in enumerate(events):
            where = f"event {index + 1}"
            label = _text(event, "text")
            try:
                self._event(event)
            except FieldProblem as problem:
                where += f" (“{label[:40]}”)" if label else ""
                self.reading.problems.append(Problem(where, problem.reason, problem.field))
        for index, era in enumerate(root.iterfind("eras/era")):
            try:
                self._era(era)
            except FieldProblem as problem:
                name = _text(era, "name")
                where = f"era {index + 1}" + (f" (“{name[:40]}”)" if name else "")
                self.reading.problems.append(Problem(where, problem.reason, problem.field))
        self.reading.dataset = self.builder.dataset()
        return self.reading

    def _category(self, index: int, element: Element) -> None:
        name = _text(element, "name")
        if not name:
            self.reading.problems.append(Problem(f"category {index + 1}", "has no name", "name"))
            return
        parent = _text(element, "parent")
        self.categories[name] = self.builder.track(
            name, _colour(_text(element, "color")), f"Part of {parent}" if parent else None
        )

    def _event(self, element: Element) -> None:
        text = _text(element, "text")
        tracks: list[str] = []
        container = _CONTAINER.match(text)
        member = _MEMBER.match(text)
        if container:
            tracks.append(self.containers[container[1]][0])
            text = container[2].strip() or f"Container {container[1]}"
        elif member:
            if member[1] in self.containers:
                tracks.append(self.containers[member[1]][0])
            text = member[2].strip()
        if not text:
            raise FieldProblem("text", "an event needs a text (its title)")
        fuzzy = _flag(element, "fuzzy")
        milestone = _flag(element, "milestone")
        when = _span(
            _text(element, "start"),
            None if milestone else _text(element, "end"),
            fuzzy or _flag(element, "fuzzy_start"),
            fuzzy or _flag(element, "fuzzy_end"),
        )
        names = [_text(element, "category")]
        names += [(c.text or "").strip() for c in element.iterfind("categories/category")]
        for name in filter(None, names):
            if name not in self.categories:
                self.categories[name] = self.builder.track(name)
            tracks.append(self.categories[name])
        links = [u.strip() for u in _text(element, "hyperlink").split(";") if u.strip()]
        sources = []
        for link in links:
            url = safe_url(link)
            if url is None:
                raise FieldProblem("hyperlink", f"{link[:60]!r} is not a web address")
            sources.append(self.builder.source(url))
        description = _text(element, "description")
        event = Event(
            id=item_id("event", text, when.iso(), text),
            title=text,
            kind="other",
            when=when,
            summary=description or None,
            tracks=tuple(dict.fromkeys(tracks)),
            sources=tuple(dict.fromkeys(sources)),
        )
        if not self.builder.add(event):
            self.reading.notes.append(f"“{text[:40]}” on {when.display()} appears twice")

    def _era(self, element: Element) -> None:
        name = _text(element, "name") or "Era"
        when = _span(_text(element, "start"), _text(element, "end"), False, False)
        track = self.builder.track(
            ERAS_TRACK, _colour(_text(element, "color")), "Periods of the timeline"
        )
        self.builder.add(
            Event(
                id=item_id("event", name, when.iso(), name, "era"),
                title=name,
                kind="other",
                when=when,
                tracks=(track,),
            )
        )


def _text(element: Element, tag: str) -> str:
    found = element.find(tag)
    return (found.text or "").strip() if found is not None else ""


def _flag(element: Element, tag: str) -> bool:
    return _text(element, tag).lower() == _TRUE


def _colour(text: str) -> str | None:
    """'235,82,255' → '#eb52ff'."""
    parts = [p.strip() for p in text.split(",")]
    if len(parts) != 3 or not all(_COLOUR_PART.match(p) for p in parts):
        return None  # "²,0,0" or a 5,000-digit red, which int() refuses
    r, g, b = (min(255, int(p)) for p in parts)
    return f"#{r:02x}{g:02x}{b:02x}"


def _point(text: str, field: str, approximate: bool) -> tuple[PartialDate, bool]:
    """The moment, at second precision, and whether its time of day is midnight."""
    match = _WHEN.match(text)
    if not match:
        raise FieldProblem(field, f"{text!r} is not a date such as 2021-11-02 18:34:37")
    hour, minute, second = (int(match[k] or 0) for k in ("hour", "minute", "second"))
    try:
        date = PartialDate(
            int(match["year"]), int(match["month"]), int(match["day"]), hour, minute, second,
            approximate,
        )  # fmt: skip
    except DateError as error:
        raise FieldProblem(field, str(error)) from None
    return date, (hour, minute, second) == (0, 0, 0)


def _span(start_text: str, end_text: str | None, fuzzy_start: bool, fuzzy_end: bool) -> DateSpan:
    """Timeline writes every moment to the second; midnight at both ends means whole days
    (the app hides times unless asked), and an end equal to the start means a moment."""
    start, start_midnight = _point(start_text, "start", fuzzy_start)
    if not end_text:
        return DateSpan(_at_day(start) if start_midnight else _trimmed(start))
    end, end_midnight = _point(end_text, "end", fuzzy_end)
    if start_midnight and end_midnight:
        start, end = _at_day(start), _at_day(end)
    else:
        start, end = _trimmed(start), _trimmed(end)
    if end == start:
        return DateSpan(start)
    try:
        return DateSpan(start, end)
    except DateError as error:
        raise FieldProblem("end", str(error)) from None


def _at_day(date: PartialDate) -> PartialDate:
    return PartialDate(date.year, date.month, date.day, approximate=date.approximate)


def _trimmed(date: PartialDate) -> PartialDate:
    """Minute precision unless the seconds say otherwise."""
    if date.second:
        return date
    return PartialDate(
        date.year, date.month, date.day, date.hour, date.minute, approximate=date.approximate
    )
