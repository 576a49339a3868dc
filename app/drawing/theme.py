"""Colours and spacing, light and dark, in one place: paint code names roles, not colours.
The window, its panels and exported images all draw with these."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from PySide6.QtGui import QColor


@dataclass(frozen=True, slots=True)
class Theme:
    name: str
    background: str
    lane_alternate: str
    lane_label_background: str
    text: str
    muted_text: str
    grid: str
    axis_background: str
    selection: str
    cluster: str
    density: str
    statement: str
    fallback_track: str
    overview_window: str

    def color(self, role: str) -> QColor:
        return QColor(getattr(self, role))

    def track_color(self, value: str | None) -> QColor:
        """A track's colour as this theme draws it: the data's own (the theme's for none or
        an unreadable one), made only as much lighter or darker as it takes to stand out
        from the background, so a deep purple still shows on dark and a pale yellow on
        light; hue and saturation stay."""
        readable = value and QColor.isValidColorName(value)
        return QColor(_standing_out(value if readable else self.fallback_track, self.background))


LIGHT = Theme(
    name="light",
    background="#ffffff",
    lane_alternate="#f4f6f8",
    lane_label_background="#eef1f4",
    text="#1d2329",
    muted_text="#5c6670",
    grid="#dde2e7",
    axis_background="#f7f8fa",
    selection="#ff9f1c",
    cluster="#455a64",
    density="#546e7a",
    statement="#37474f",
    fallback_track="#78909c",
    overview_window="#1e88e5",
)
DARK = Theme(
    name="dark",
    background="#16191d",
    lane_alternate="#1c2025",
    lane_label_background="#22272d",
    text="#e6e9ec",
    muted_text="#9aa4ae",
    grid="#2c333a",
    axis_background="#1b1f24",
    selection="#ffb347",
    cluster="#b0bec5",
    density="#90a4ae",
    statement="#cfd8dc",
    fallback_track="#90a4ae",
    overview_window="#64b5f6",
)
THEMES = {"light": LIGHT, "dark": DARK}
TRACK_CONTRAST = 2.0
"""The least contrast of a track's colour with the background. WCAG asks 3:1 of graphics,
which would darken most pastel colours on light; at 2:1 a colour that would all but vanish
shows, and the sample's tracks keep their own colours on both themes."""


def _luminance(color: QColor) -> float:
    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * linear(color.redF()) + 0.7152 * linear(color.greenF())
        + 0.0722 * linear(color.blueF())
    )  # fmt: skip


def contrast(a: QColor, b: QColor) -> float:
    """WCAG's contrast ratio of two colours, from 1 (the same) to 21 (black on white)."""
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@cache
def _standing_out(value: str, background: str) -> str:
    """`value`, a colour's name, with its lightness moved just far enough from `background`'s
    to reach TRACK_CONTRAST, as #rrggbb."""
    color, back = QColor(value), QColor(background)
    if contrast(color, back) >= TRACK_CONTRAST:
        return color.name()
    hue = max(color.hslHueF(), 0.0)  # -1 for a grey, whose hue does not matter
    saturation, lightness = color.hslSaturationF(), color.lightnessF()
    near, far = lightness, (1.0 if back.lightnessF() < 0.5 else 0.0)
    for _ in range(16):  # the least move that is enough, to 1/65536 of the way
        middle = (near + far) / 2
        if contrast(_rgb(hue, saturation, middle), back) >= TRACK_CONTRAST:
            far = middle
        else:
            near = middle
    return _rgb(hue, saturation, far).name()


def _rgb(hue: float, saturation: float, lightness: float) -> QColor:
    """The colour as #rrggbb will give it, so the contrast is that of what is drawn."""
    return QColor(QColor.fromHslF(hue, saturation, lightness).name())


@dataclass(frozen=True, slots=True)
class Metrics:
    """Spacing of the timeline, in device-independent pixels."""

    lane_label_width: int = 190
    axis_height: int = 44
    row_height: int = 22
    lane_padding: int = 6
    mark_radius: float = 4.5
    bar_height: int = 10
    label_gap: int = 6
    min_tick_label_px: int = 56
    overview_height: int = 56


METRICS = Metrics()
