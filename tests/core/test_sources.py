"""One check decides whether a source's address may be opened or made a link, everywhere;
reports and the panel each cite a source in their own words."""

from __future__ import annotations

import pytest

from app.core.dates import parse_partial
from app.core.model import Source
from app.core.sources import citation, mail_address, openable_address, reference, web_address


@pytest.mark.parametrize(
    "hostile",
    [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        " javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "file:///etc/passwd",
        "vbscript:msgbox",
        "http://",
        "https:///path-without-host",
        "http:example.com",
        "http://exa mple.com",
        "http://example.com/\x00",
        "http://[::1",
        "https://example.com/" + "a" * 5000,
        "",
        None,
    ],
)
def test_hostile_or_broken_addresses_are_never_links(hostile: str | None) -> None:
    assert web_address(hostile) is None
    assert web_address(hostile, mail=True) is None


def test_web_and_mail_addresses_are_kept_trimmed() -> None:
    assert web_address(" https://docs.un.org/en/s/res/2803(2025) ") == (
        "https://docs.un.org/en/s/res/2803(2025)"
    )
    assert web_address("HTTP://Example.com/x") == "HTTP://Example.com/x"
    assert web_address("mailto:press@example.org") is None
    assert web_address("mailto:press@example.org", mail=True) == "mailto:press@example.org"
    assert web_address("mailto:", mail=True) is None


def test_a_report_reference_and_a_copied_citation() -> None:
    source = Source(
        "source/x",
        url="https://example.org/a",
        title="Talks resume",
        publisher="Interfax",
        author="A. Writer",
        published=parse_partial("2025-10-24"),
        accessed=parse_partial("2025-10-25"),
    )
    assert reference(source) == "Talks resume. Interfax, A. Writer, 24 Oct 2025."
    assert citation(source) == (
        "Interfax, “Talks resume”, A. Writer, 24 Oct 2025, https://example.org/a"
        " (accessed 25 Oct 2025)"
    )
    assert reference(Source("source/bare")) == "source/bare."
    assert citation(Source("source/bare")) == "source/bare"


@pytest.mark.parametrize(
    ("given", "opened"),
    [
        ("mailto:x@example.com?attach=/etc/passwd", "mailto:x@example.com"),
        (
            "MAILTO:x@example.com?Attachment=%2Fetc%2Fpasswd&cc=y@evil.example",
            "mailto:x@example.com",
        ),
        (
            "mailto:x@example.com?bcc=y@evil.example&subject=Talks%20resume&body=Hello&attach=~",
            "mailto:x@example.com?subject=Talks%20resume&body=Hello",
        ),
        (
            "mailto:x@example.com?body=a%26attach%3D%2Fetc%2Fpasswd",
            "mailto:x@example.com?body=a%26attach%3D%2Fetc%2Fpasswd",
        ),
        ("mailto:press@example.org", "mailto:press@example.org"),
        ("mailto:x@example.com%3Fattach=/etc/passwd", None),
        ("mailto:?to=x@example.com&attach=/etc/passwd", None),
        ("javascript:alert(1)", None),
        ("https://example.org/a?attach=1", None),
    ],
)
def test_a_mail_address_keeps_only_the_address_subject_and_body(
    given: str, opened: str | None
) -> None:
    assert mail_address(given) == opened


def test_open_hands_over_web_addresses_whole_and_mail_addresses_reduced() -> None:
    assert openable_address(" https://example.org/a?b=c ") == "https://example.org/a?b=c"
    assert openable_address("mailto:x@example.com?attach=/etc/passwd") == "mailto:x@example.com"
    assert openable_address("file:///etc/passwd") is None
