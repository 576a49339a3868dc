"""What the app says about a source, everywhere the same: whether its address may be opened
or made a link, a report's reference to it, and a citation to copy.

Two citations, on purpose: a report lists each source once as a numbered reference with its
address apart (a link beside it), "Title. Publisher, Author, 24 Oct 2025."; a copied citation
stands alone, so it carries the address and the date it was read: 'Publisher, “Title”,
Author, 24 Oct 2025, https://… (accessed 25 Oct 2025)'.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from app.core.dates import DateSpan
from app.core.model import Source

WEB_SCHEMES = frozenset({"http", "https"})
MAX_ADDRESS_CHARS = 4096


def web_address(url: str | None, *, mail: bool = False) -> str | None:
    """The address, trimmed, when a browser may open it: http or https with a host (and,
    with `mail`, a mailto: address); None for javascript:, data:, file: and the like, for an
    address with spaces or control characters in it, and for one too long to be real."""
    if not url:
        return None
    url = url.strip()
    if len(url) >= MAX_ADDRESS_CHARS or not url.isprintable() or any(c.isspace() for c in url):
        return None
    scheme, _, rest = url.partition(":")
    scheme = scheme.lower()
    if mail and scheme == "mailto":
        return url if rest else None
    if scheme not in WEB_SCHEMES or not rest.startswith("//"):
        return None
    try:
        host = urlsplit(url).hostname
    except ValueError:  # a broken [IPv6] host or port
        return None
    return url if host else None


def reference(source: Source) -> str:
    """A report's one-line reference: 'Title. Publisher, Author, 24 Oct 2025.' (the address
    apart, as a link)."""
    head = source.title or source.url or source.id
    tail = ", ".join(
        x
        for x in (
            source.publisher,
            source.author,
            source.published.display() if source.published else None,
        )
        if x
    )
    return f"{head}. {tail}." if tail else f"{head}."


def citation(source: Source) -> str:
    """A citation to copy, on one line: publisher, “title”, author, date, address, accessed."""
    parts = [
        p
        for p in (source.publisher, f"“{source.title}”" if source.title else None, source.author)
        if p
    ]
    if source.published:
        parts.append(DateSpan(source.published).display())
    if source.url:
        parts.append(source.url)
    text = ", ".join(parts) or source.id
    if source.accessed:
        text += f" (accessed {DateSpan(source.accessed).display()})"
    return text
