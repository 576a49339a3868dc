"""A label too long for its room is cut after its last character that fits with "…": never
wider than the room, in any script, and about as long as Qt's own eliding makes it."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetricsF
from PySide6.QtWidgets import QApplication

from app.drawing.glyphs import ELLIPSIS, cut_to

SCRIPTS = st.sampled_from(
    [
        "Dmitry Peskov: there are no plans",
        "Дмитрий Песков: никаких планов нет",
        "فو تسونغ يشرح امتناع الصين عن التصويت",
        "傅聪解释中国弃权 — 安理会第2803号决议",
        "Zelenskyy 🇺🇦 and Witkoff ✈️ in Miami",
        "e\u0301te\u0301 a\u0300 Gene\u0300ve",  # combining accents
        "Wolfgang AVAVAV To Ty Te",  # pairs a font kerns
    ]
)


def _metrics() -> QFontMetricsF:
    app = QApplication.instance()
    assert app is not None
    return QFontMetricsF(QFont(app.font()))


@settings(max_examples=300)
@given(SCRIPTS, st.text(max_size=40), st.integers(0, 400))
def test_a_cut_label_is_never_wider_than_its_room(
    qapp: QApplication, script: str, more: str, room: int
) -> None:
    metrics = _metrics()
    text = script + more
    cut, width = cut_to(metrics, {}, text, room)
    if cut:
        assert cut.endswith(ELLIPSIS)
        assert text.startswith(cut[: -len(ELLIPSIS)])
        assert width == metrics.horizontalAdvance(cut) <= room
    else:
        assert metrics.horizontalAdvance(ELLIPSIS) > room


def test_a_cut_keeps_about_as_much_as_qt_would(qapp: QApplication) -> None:
    metrics = _metrics()
    advances: dict[str, float] = {}
    for text in ("Kirill Dmitriev: we feel the Russian position is really being heard",
                 "Мединский: переговоры в Стамбуле продолжатся"):  # fmt: skip
        for room in range(40, int(metrics.horizontalAdvance(text)), 7):
            cut, _ = cut_to(metrics, advances, text, room)
            qt = metrics.elidedText(text, Qt.TextElideMode.ElideRight, room)
            assert abs(len(cut) - len(qt)) <= 2, (room, cut, qt)


def test_a_cut_measured_wider_than_its_characters_said_is_cut_shorter(qapp: QApplication) -> None:
    # Shaping or kerning can make a text wider than its characters' advances add up to:
    # here the advances kept say every character is half a pixel wide.
    metrics = _metrics()
    text = "Дмитрий Песков: никаких планов нет"
    small = dict.fromkeys(text, 0.5)
    for room in (60, 100, 150):
        cut, width = cut_to(metrics, small, text, room)
        assert cut.endswith(ELLIPSIS)
        assert width == metrics.horizontalAdvance(cut) <= room
        assert len(cut) > 3


class _Counted:
    """Metrics that count how often a text is measured."""

    def __init__(self, metrics: QFontMetricsF) -> None:
        self.metrics, self.measured = metrics, 0

    def horizontalAdvance(self, text: str) -> float:
        self.measured += len(text) > 1
        return self.metrics.horizontalAdvance(text)


def test_a_zoom_measures_each_cut_once_and_cuts_as_without_the_widths_kept(
    qapp: QApplication,
) -> None:
    """As the room grows a pixel at a time, the cut stays the same for several rooms: it is
    measured once, and every room gets the cut and width measuring afresh gives."""
    metrics = _Counted(_metrics())
    advances: dict[str, float] = {}
    kept: dict[str, float] = {}
    text = "Дмитрий Песков: никаких планов нет — Kirill Dmitriev in Miami"
    cuts = set()
    for room in range(20, 300):
        cut = cut_to(metrics, advances, text, room, kept)  # type: ignore[arg-type]
        assert cut == cut_to(metrics.metrics, {}, text, room)
        cuts.add(cut[0])
    metrics.measured = 0
    for room in range(20, 300):
        cut_to(metrics, advances, text, room, kept)  # type: ignore[arg-type]
    assert metrics.measured == 0
    assert len(kept) >= len(cuts - {"", ELLIPSIS}) > 20
