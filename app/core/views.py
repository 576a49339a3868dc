"""A view: what the window shows, as the user set it up. The filter panel's choices, the search
box as typed and where it looks, the lane grouping and the visible time window. The window
remembers one between runs; the database keeps named ones as JSON (`view_spec`), which the
window recalls and the command line's `--view` applies.

A view holds the search as typed (`speaker:Peskov Witkoff`), not what its fields chose: it is
read again when the view is recalled, so it names records by name, as the user did."""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from app.core.dates import DateError, DateSpan, Precision, from_seconds_at, parse_span
from app.core.filter import DEFAULT_SCOPE, SCOPES, Filter
from app.core.model import EVENT_KINDS, STATEMENT, unique_tags
from app.core.timeline.lanes import GROUPING_LABELS, GROUPINGS

SPEC_VERSION = 1


class ViewSpecError(ValueError):
    """A stored view that cannot be read (written by hand, or by a newer Backchannel)."""


@dataclass(frozen=True, slots=True)
class SavedView:
    filter: Filter
    """The filter panel's choices, and in `text` the search box as typed (with `advanced`
    and `scope`); its `fields` are not kept."""
    grouping: str
    typed_dates: tuple[str, str]
    time_window: tuple[float, float] | None = None
    """The visible start and end, in seconds; None to frame what the filter selects."""


def date_bound(typed: str, *, last: bool) -> int | None:
    """The first (or last) second of a typed date, or None if it is empty or does not read."""
    if not typed.strip():
        return None
    try:
        span = parse_span(typed)
    except DateError:
        return None
    return span.last_second if last else span.first_second


def view_spec(view: SavedView, names: Mapping[str, str]) -> str:
    """The view as JSON, with the names of its actors and tracks as they are now: a recall
    after one is deleted can still say which."""
    f = view.filter
    chosen = sorted(f.actors | f.tracks)
    spec = {
        "version": SPEC_VERSION,
        "search": f.text,
        "advanced": f.advanced,
        "in": [place for place in SCOPES if place in f.scope],
        "actors": sorted(f.actors),
        "tracks": sorted(f.tracks),
        "kinds": sorted(f.kinds),
        "tags": sorted(f.tags),
        "from": view.typed_dates[0],
        "to": view.typed_dates[1],
        "lanes": view.grouping,
        "window": list(view.time_window) if view.time_window is not None else None,
        "names": {i: names[i] for i in chosen if i in names},
    }
    return json.dumps(spec, ensure_ascii=False, sort_keys=True)


def read_spec(text: str) -> tuple[SavedView, dict[str, str]]:
    """The view a spec describes, and the names its actors and tracks had when it was saved.
    Kinds and places it does not know are left out; raises `ViewSpecError` if it is not a
    view at all."""
    try:
        spec = json.loads(text)
    except ValueError as error:
        raise ViewSpecError(f"it is not JSON ({error})") from None
    if not isinstance(spec, dict):
        raise ViewSpecError("it is not a JSON object")
    if int(_value(spec, "version", int, SPEC_VERSION)) > SPEC_VERSION:
        raise ViewSpecError("it was saved by a newer Backchannel")
    dates = (_value(spec, "from", str, ""), _value(spec, "to", str, ""))
    scope = frozenset(p for p in _strings(spec, "in") if p in SCOPES)
    f = Filter(
        actors=frozenset(_strings(spec, "actors")),
        tracks=frozenset(_strings(spec, "tracks")),
        kinds=frozenset(_strings(spec, "kinds")) & {*EVENT_KINDS, STATEMENT},
        tags=frozenset(unique_tags(_strings(spec, "tags"))),
        start=date_bound(dates[0], last=False),
        end=date_bound(dates[1], last=True),
        text=_value(spec, "search", str, "").strip(),
        advanced=_value(spec, "advanced", bool, False),
        scope=scope or DEFAULT_SCOPE,
    )
    grouping = _value(spec, "lanes", str, "track")
    names = _value(spec, "names", dict, {})
    view = SavedView(
        f,
        grouping if grouping in GROUPINGS else "track",
        dates,
        _window(spec.get("window")),
    )
    return view, {str(k): str(v) for k, v in names.items()}


def summary(view: SavedView, names: Mapping[str, str]) -> str:
    """One line saying what a view shows: "Items matching “veto” on UN Security Council;
    lanes by actor"."""
    lanes = dict(GROUPING_LABELS)[view.grouping].lower()
    dated = replace(view.filter, start=None, end=None)
    said = dated.describe(names)
    if any(view.typed_dates):
        said += (", " if said != "All items" else " ") + _typed_range(*view.typed_dates)
    said += f"; {'no lanes' if view.grouping == 'none' else f'lanes by {lanes}'}"
    if view.time_window is not None:
        said += f"; showing {_window_text(*view.time_window)}"
    return said


def narrowed(f: Filter, by: Filter) -> Filter:
    """The items both Filters select. Their words are all looked for, in `f`'s places; a part
    both choose (actors Lavrov, then actors Peskov) must hold both ways, so the second goes
    into the inner `fields`."""
    if f.problem or by.problem:
        return replace(f, problem=f.problem or by.problem)
    text, advanced = _both_words(f, by)
    typed = " ".join(t for t in (f.search_text, by.search_text) if t)
    parts = _both(_without_words(f), _without_words(by)) or Filter()
    spelt = {} if advanced else {**dict(f.spellings), **dict(by.spellings)}
    return replace(
        parts,
        text=text,
        advanced=advanced,
        typed=typed,
        scope=f.scope,
        spellings=tuple(sorted(spelt.items())),
    )


_SETS = ("actors", "tracks", "kinds", "tags", "speakers", "sources", "languages")
"""The parts of a Filter that list values, any of which matches."""


def _both(a: Filter | None, b: Filter | None) -> Filter | None:
    """Two Filters without words as one that selects what both do."""
    if a is None or a.is_empty:
        return b
    if b is None or b.is_empty:
        return a
    merged: dict[str, Any] = {}
    clashing: dict[str, Any] = {}
    for name in _SETS:
        mine, theirs = getattr(a, name), getattr(b, name)
        merged[name] = mine or theirs
        if mine and theirs and mine != theirs:
            clashing[name] = theirs
    starts = [s for s in (a.start, b.start) if s is not None]
    ends = [e for e in (a.end, b.end) if e is not None]
    inner = _both(_both(a.fields, b.fields), replace(Filter(), **clashing) if clashing else None)
    return replace(
        Filter(),
        **merged,
        start=max(starts) if starts else None,
        end=min(ends) if ends else None,
        fields=inner,
    )


def _without_words(f: Filter) -> Filter:
    return replace(f, text="", advanced=False, typed="", scope=DEFAULT_SCOPE, spellings=())


def _both_words(f: Filter, by: Filter) -> tuple[str, bool]:
    """Plain words are all looked for already; with query syntax on either side, both
    expressions must match (plain words quoted, as a plain search reads them)."""
    if not (f.text and by.text):
        return (f.text or by.text), (f.advanced if f.text else by.advanced)
    if not (f.advanced or by.advanced):
        return f"{f.text} {by.text}", False

    def expression(g: Filter) -> str:
        if g.advanced:
            return g.text
        return " ".join('"' + word.replace('"', '""') + '"' for word in g.text.split())

    return f"({expression(f)}) AND ({expression(by)})", True


_DAY = 86_400


def _window_text(start: float, end: float) -> str:
    """The visible time window, to the precision its width makes sensible."""
    width = end - start
    precision = (
        Precision.YEAR if width > 3 * 365 * _DAY
        else Precision.MONTH if width > 60 * _DAY
        else Precision.DAY if width > 2 * _DAY
        else Precision.MINUTE
    )  # fmt: skip
    first, last = (DateSpan(from_seconds_at(int(t), precision)).display() for t in (start, end))
    return first if first == last else f"{first} – {last}"


def _typed_range(date_from: str, date_to: str) -> str:
    if date_from and date_to:
        return f"from {date_from} to {date_to}"
    return f"from {date_from}" if date_from else f"until {date_to}"


def _value(spec: dict[str, Any], key: str, kind: type, default: Any) -> Any:
    value = spec.get(key, default)
    if value is None:
        return default
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise ViewSpecError(f"its “{key}” is not a {kind.__name__}")
    return value


def _strings(spec: dict[str, Any], key: str) -> list[str]:
    values = _value(spec, key, list, [])
    if not all(isinstance(v, str) for v in values):
        raise ViewSpecError(f"its “{key}” is not a list of text")
    return list(values)


def _window(value: object) -> tuple[float, float] | None:
    if not isinstance(value, list) or len(value) != 2:
        return None
    if not all(isinstance(v, int | float) and not isinstance(v, bool) for v in value):
        return None
    start, end = float(value[0]), float(value[1])
    return (start, end) if math.isfinite(start) and math.isfinite(end) and end > start else None
