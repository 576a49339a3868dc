"""What a file's first bytes say, for the readers' detection functions and the registry: a
legacy Timeline file, XML (and its root element), JSON or other text; and, when no reader
takes a file, why not. The XML/JSON/text split is made here once, so no two readers claim
the same file for different reasons."""

from __future__ import annotations

import re

from app.formats.text_in import Head, binary

LEGACY_TIMELINE = "# Written by Timeline"
_JSON_START = re.compile(rb'^\s*\{\s*"')
_XML_ROOT = re.compile(r"<([A-Za-z_][\w.-]*)[\s>/]")


def is_legacy_timeline(head: Head) -> bool:
    """The plain-text Timeline format (its reader refuses it with its own message)."""
    start = head.start
    return start.startswith(LEGACY_TIMELINE) or (
        head.suffix == ".timeline" and not start.startswith("<")
    )


def is_xml(head: Head) -> bool:
    return head.start.startswith("<")


def xml_root(head: Head) -> str | None:
    """The root element's name; None if the head holds only a prolog, comments or a DOCTYPE."""
    for match in _XML_ROOT.finditer(head.start):
        root = match.group(1)
        if not root.startswith(("?", "!")):
            return root
    return None


def is_json(head: Head) -> bool:
    """JSON by its first character or its extension (and neither Timeline's nor XML)."""
    start = head.start
    return (
        not is_legacy_timeline(head)
        and not is_xml(head)
        and (start.startswith(("{", "[")) or head.suffix == ".json")
    )


def is_json_object(head: Head) -> bool:
    return is_json(head) and head.start.startswith("{")


def is_text(head: Head) -> bool:
    """Text that is neither Timeline's, XML nor JSON, and not a binary file: a table."""
    return not (is_legacy_timeline(head) or is_xml(head) or is_json(head)) and binary(head) is None


def unrecognised(head: Head) -> str:
    """Why no reader takes this file, as the problem to show."""
    if is_xml(head):
        return (
            f"an XML file whose root element is <{xml_root(head)}>; the only XML Backchannel "
            "reads is the .timeline file of the Timeline desktop app (root <timeline>)"
        )
    if is_json(head):
        if not head.start.startswith("{"):
            return "JSON that is not an object: Backchannel reads its own JSON and TimelineJS JSON"
        if _JSON_START.match(head.utf8):
            return (
                'JSON that is neither Backchannel JSON ("format": "backchannel") nor TimelineJS '
                'JSON ("events" with "start_date"); name the format with --format if it is one'
            )
        return "this does not look like JSON"
    return binary(head, "CSV text") or "no reader takes this file"
