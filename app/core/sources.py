"""What the app says about a source, everywhere the same: whether its address may be opened
or made a link, a report's reference to it, and a citation to copy.

Two citations, on purpose: a report lists each source once as a numbered reference with its
address apart (a link beside it), "Title. Publisher, Author, 24 Oct 2025."; a copied citation
stands alone, so it carries the address and the date it was read: 'Publisher, “Title”,
Author, 24 Oct 2025, https://… (accessed 25 Oct 2025)'.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, quote, unquote, urlsplit

from app.core.dates import DateSpan
from app.core.model import Source

WEB_SCHEMES = frozenset({"http", "https"})
MAX_ADDRESS_CHARS = 4096
MAIL_FIELDS = ("subject", "body")
"""What a mailto: address may ask the mail program to fill in besides the address: never
attachments (`attach=/etc/passwd`), copies to others (`cc`, `bcc`) or other headers."""


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


def mail_address(url: str | None) -> str | None:
    """A mailto: address reduced to what is safe to hand to the mail program: the address
    and its subject and body, nothing else (`mailto:x@example.com?attach=/etc/passwd` →
    `mailto:x@example.com`); None when it is no mail address (see `web_address`)."""
    url = web_address(url, mail=True)
    if url is None or url[:7].lower() != "mailto:":
        return None
    address, _, query = url[7:].partition("?")
    address = address.partition("#")[0]
    if not address or any(c in "?&#" or not c.isprintable() for c in unquote(address)):
        return None  # "x%3Fattach=…" would become a header once the mail program decodes it
    fields = {}
    for name, value in parse_qsl(query.partition("#")[0], keep_blank_values=True):
        name = name.lower()
        if name in MAIL_FIELDS and name not in fields:
            fields[name] = value
    kept = "&".join(f"{n}={quote(fields[n], safe='')}" for n in MAIL_FIELDS if n in fields)
    return f"mailto:{address}?{kept}" if kept else f"mailto:{address}"


def openable_address(url: str | None) -> str | None:
    """What the side panel's Open may hand to the system: a web address as it is, a mail
    address reduced by `mail_address`; None for anything else."""
    return web_address(url) or mail_address(url)


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
