"""The side panel hands a source's address to the system only in a form that is safe."""

from __future__ import annotations

from PySide6.QtCore import QUrl
from pytestqt.qtbot import QtBot

from app.core.model import Source
from app.ui.detail_panel import DetailPanel


def test_open_gives_the_mail_program_the_address_but_no_attachment_or_copies(
    qtbot: QtBot,
) -> None:
    panel = DetailPanel()
    qtbot.addWidget(panel)
    opened: list[QUrl] = []
    panel.open_url = opened.append
    hostile = "mailto:x@example.com?attach=/etc/passwd&cc=y@evil.example&subject=Vote"
    assert panel.open_source(Source("source/mail", url=hostile))
    assert [u.toString() for u in opened] == ["mailto:x@example.com?subject=Vote"]
