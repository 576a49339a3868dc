"""Track colours as each theme draws them: visible on its background, otherwise their own."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtGui import QColor

from app.core.paths import sample_dataset
from app.drawing.theme import DARK, LIGHT, THEMES, TRACK_CONTRAST, contrast

_COLOURS = st.tuples(st.integers(0, 255), st.integers(0, 255), st.integers(0, 255)).map(
    lambda rgb: "#{:02x}{:02x}{:02x}".format(*rgb)
)


@given(colour=_COLOURS, theme=st.sampled_from(sorted(THEMES)))
def test_a_track_colour_always_stands_out_and_keeps_its_hue(colour: str, theme: str) -> None:
    t = THEMES[theme]
    original, drawn = QColor(colour), t.track_color(colour)
    assert contrast(drawn, QColor(t.background)) >= TRACK_CONTRAST
    if contrast(original, QColor(t.background)) >= TRACK_CONTRAST:
        assert drawn.name() == colour  # a colour that shows is left as it is
    elif original.hslSaturation() > 60 and 0.1 < drawn.lightnessF() < 0.9:
        # Only the lightness moves (the hue of a colour this saturated survives rounding).
        turn = abs(drawn.hslHue() - original.hslHue()) % 360
        assert min(turn, 360 - turn) <= 5


def test_the_sample_tracks_keep_their_own_colours_on_both_themes() -> None:
    document = json.loads(sample_dataset().read_text(encoding="utf-8"))
    for track in document["tracks"]:
        assert LIGHT.track_color(track["color"]).name() == track["color"]
        assert DARK.track_color(track["color"]).name() == track["color"]


def test_no_colour_or_an_unreadable_one_takes_the_themes_own() -> None:
    for theme in (LIGHT, DARK):
        assert theme.track_color(None).name() == theme.fallback_track
        assert theme.track_color("url(javascript:x)").name() == theme.fallback_track
