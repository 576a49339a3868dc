"""The timeline as a picture: PNG, and SVG and PDF as vector drawings.

This is the one export that needs Qt: the timeline itself is drawn by the canvas's own
painter (`app.drawing.painter.paint`), and this module adds what a picture on its own
needs around it: a title with the filter and the export date above, and a legend of the
lanes' colours and of the mark shapes below. Its lanes are laid out by the same rule as the
window's (`app.core.timeline.lanes`), from the export's items rather than the database (a
selection of items is no Filter). `app.drawing.image_formats` declares the PNG, SVG and PDF
formats and imports this module only when an image is rendered, so nothing else loads Qt.

Sizes are logical pixels at 96 per inch; a PDF page is that size (1600 px = 42 cm wide).
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np
from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QIODevice,
    QMarginsF,
    QPointF,
    QRectF,
    QSize,
    QSizeF,
    Qt,
)
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QGuiApplication,
    QImage,
    QImageWriter,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPaintDevice,
    QPainter,
    QPdfWriter,
    QPen,
)
from PySide6.QtSvg import QSvgGenerator

from app.core.dates import DateError, DateSpan
from app.core.timeline.actor_lanes import actor_group, actor_order
from app.core.timeline.framing import bulk_window
from app.core.timeline.lanes import ALL_ITEMS, NO_LANE, kind_lane_name, lane_members
from app.core.timeline.scale import TimeScale
from app.drawing.glyphs import draw_band
from app.drawing.painter import LABEL_MAX_PX, Scene, paint
from app.drawing.theme import LIGHT, METRICS, Theme
from app.formats.export_types import ExportError, ExportOptions, Rendered, Steps
from app.formats.items import ExportItem, Selection, export_items
from app.store.columns import Lane, TimelineColumns, coloured

DPI = 96
POINTS_PER_INCH = 72
MARGIN = 24.0
TITLE_PX = 20
TEXT_PX = 12
LINE_GAP = 6.0
LEGEND_SWATCH = 10.0
LEGEND_GAP = 18.0
MIN_TIMELINE_PX = 120.0
DATA_MARGIN = 0.05
EMPTY_WINDOW_SECONDS = 365 * 86_400
MEASURE_HEIGHT = 1_000_000.0
NO_LANE_LEGEND = "no track"
"""The legend's name for the lane of items without a track (or actor)."""
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
"""What XML 1.0 cannot hold even as a character reference, so an SVG holding it is no XML."""
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def drawable(text: str) -> str:
    """The text as it may be drawn into any image, SVG among them: the control characters
    XML forbids (ESC, BEL, NUL and the other C0 but tab and line breaks) left out, and a lone
    surrogate, half of a character, shown as U+FFFD."""
    if text.isprintable():
        return text
    return _LONE_SURROGATE.sub("\ufffd", _NOT_XML.sub("", text))


@dataclass(frozen=True, slots=True)
class _Labels:
    """The painter's words for each mark, from the export's items (keys are indexes)."""

    items: Sequence[ExportItem]

    def labels(self, keys: Sequence[int]) -> dict[int, str]:
        return {k: drawable(self.items[k].title) for k in keys}

    def tooltip(self, key: int) -> str:
        return drawable(self.items[key].title)

    def item_id(self, key: int) -> str:
        return self.items[key].id


def timeline_columns(items: Sequence[ExportItem], grouping: str) -> TimelineColumns:
    """The painter's columns for `items` (in time order), on lanes as the window lays them
    out (`app.core.timeline.lanes`): by track or kind in alphabetical order, by actor as the
    filter panel groups them and in their groups' colours (`app.core.timeline.actor_lanes`),
    then the items on none; or one lane for all. Keys are indexes into `items`."""
    lanes: dict[str, Lane] = {}
    members: dict[str, list[int]] = {}
    for index, item in enumerate(items):
        for lane in _lanes_of(item, grouping):
            lanes.setdefault(lane.id, lane)
            members.setdefault(lane.id, []).append(index)
    order = sorted(lanes.values(), key=_lane_order)
    if grouping == "actor":
        order = list(coloured(tuple(order)))
    groups = [np.array(members[lane.id], dtype=np.int64) for lane in order]
    member_item, member_lane, lonely = lane_members(groups, len(items))
    if lonely:
        order.append(Lane("", NO_LANE, None))
    count = len(items)
    return TimelineColumns(
        keys=np.arange(count, dtype=np.int64),
        start=np.fromiter((i.when.first_second for i in items), np.float64, count),
        end=np.fromiter((i.when.last_second for i in items), np.float64, count),
        is_statement=np.fromiter((i.is_statement for i in items), np.bool_, count),
        is_range=np.fromiter((i.when.end is not None for i in items), np.bool_, count),
        lanes=tuple(order),
        member_item=member_item,
        member_lane=member_lane,
    )


def _lanes_of(item: ExportItem, grouping: str) -> list[Lane]:
    """The lanes of one item (none: it goes to the no-lane lane)."""
    if grouping == "track":
        return [Lane(t.id, drawable(t.name), t.color) for t in item.tracks]
    if grouping == "actor":
        return [
            Lane(a.id, drawable(a.name), None, actor_group(a.kind, a.affiliation))
            for a in item.actors
        ]
    if grouping == "kind":
        return [Lane(item.kind, drawable(kind_lane_name(item.kind)), None)]
    return [Lane("", ALL_ITEMS, None)]


def _lane_order(lane: Lane) -> tuple[object, ...]:
    if lane.group:
        return (*actor_order(lane.group, lane.name), lane.id)
    return (lane.name,)


def time_window(columns: TimelineColumns, options: ExportOptions, plot_width: float) -> TimeScale:
    """The window asked for; where it leaves an end open, the selection's own, with room on
    the right for the last labels: the bulk of its items, as the window's "fit" shows it, the
    far outliers told of by the marks at the edges ("◀ 1 earlier item")."""
    start, end = options.window or (None, None)
    if start is not None and end is not None:
        return TimeScale(float(start), float(end), plot_width)
    if len(columns) == 0:
        now = options.exported_at.timestamp()
        fitted = TimeScale(now - EMPTY_WINDOW_SECONDS, now, plot_width)
    else:
        framing = bulk_window(columns.start, columns.end)
        assert framing is not None
        inner = TimeScale(0.0, 1.0, max(1.0, plot_width - LABEL_MAX_PX)).fitted(
            framing.start, framing.end, DATA_MARGIN
        )
        fitted = TimeScale(
            inner.start, inner.start + inner.seconds_per_pixel * plot_width, plot_width
        )
    first = fitted.start if start is None else float(start)
    last = fitted.end if end is None else float(end)
    if last <= first:  # an open end on the wrong side of the data: show a year from the end given
        first, last = (
            (last - EMPTY_WINDOW_SECONDS, last)
            if start is None
            else (first, first + EMPTY_WINDOW_SECONDS)
        )
    return TimeScale(first, last, plot_width)


def _gui() -> QGuiApplication:
    """Text needs a GUI application: the window's own, or else one made here."""
    existing = QGuiApplication.instance()
    if isinstance(existing, QGuiApplication):
        return existing
    if existing is not None:
        raise ExportError("Images can only be made where Qt runs as a GUI application.")
    return _headless_application()


@cache
def _headless_application() -> QGuiApplication:
    """For the command line: one application for the process, on the offscreen platform
    unless the user chose another."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    return QGuiApplication([])


def _font(pixels: int, bold: bool = False) -> QFont:
    font = QFont()
    font.setPixelSize(pixels)
    font.setBold(bold)
    return font


@dataclass(slots=True)
class _Picture:
    """Everything one drawing needs, measured before drawing."""

    title: str
    subtitle: str
    scene: Scene
    legend: list[tuple[str, QColor]]
    width: float
    height: float
    timeline_height: float
    shown_items: int
    cut_off: bool


def _header_height() -> float:
    return TITLE_PX * 1.4 + LINE_GAP + TEXT_PX * 1.4 + MARGIN


def _legend_rows(entries: Sequence[tuple[str, QColor]], width: float) -> list[list[int]]:
    """Entries flowed into rows across the width; the first row starts with the mark key."""
    metrics = QFontMetricsF(_font(TEXT_PX))
    rows: list[list[int]] = [[]]
    x = MARGIN + _key_width(metrics) + LEGEND_GAP
    for index, (name, _) in enumerate(entries):
        step = LEGEND_SWATCH + 6 + metrics.horizontalAdvance(name) + LEGEND_GAP
        if x + step > width - MARGIN and rows[-1]:
            rows.append([])
            x = MARGIN
        rows[-1].append(index)
        x += step
    return rows


_KEY = (("event", "dot"), ("statement", "square"), ("range", "bar"), ("month or year", "faded"))


def _key_width(metrics: QFontMetricsF) -> float:
    return sum(LEGEND_SWATCH * 2 + 6 + metrics.horizontalAdvance(t) + 12 for t, _ in _KEY)


def _legend_height(entries: Sequence[tuple[str, QColor]], width: float) -> float:
    return len(_legend_rows(entries, width)) * (TEXT_PX * 1.6) + MARGIN


def plan(selection: Selection, options: ExportOptions, steps: Steps) -> _Picture:
    _gui()
    items = export_items(selection)
    steps.report(0, len(items))
    columns = timeline_columns(items, options.grouping)
    width = float(options.width)
    area_width = width - 2 * MARGIN
    scale = time_window(columns, options, area_width - METRICS.lane_label_width)
    scene = Scene(columns, scale, LIGHT, _Labels(items))
    legend = [
        (
            NO_LANE_LEGEND if lane.name == NO_LANE else lane.name,
            LIGHT.track_color(lane.color),
        )
        for lane in columns.lanes
    ]
    measure = QImage(1, 1, QImage.Format.Format_ARGB32_Premultiplied)
    _set_dpi(measure)
    painter = QPainter(measure)
    painter.setFont(_font(TEXT_PX))
    frame = paint(painter, QRectF(0, 0, area_width, MEASURE_HEIGHT), scene)
    painter.end()
    needed = METRICS.axis_height + frame.content_height + 1
    chrome = _header_height() + _legend_height(legend, width) + MARGIN
    if options.height is None:
        timeline_height = max(MIN_TIMELINE_PX, needed)
        height = chrome + timeline_height
    else:
        height = float(options.height)
        timeline_height = max(MIN_TIMELINE_PX, height - chrome)
    shown = int(np.count_nonzero((columns.end >= scale.start) & (columns.start <= scale.end)))
    noun = "item" if shown == 1 else "items"
    subtitle = " · ".join(
        part
        for part in (
            drawable(selection.description),
            f"{shown} {noun}",
            None if options.window and None not in options.window else _extent(items),
            f"exported {options.exported_at:%d %b %Y}",
        )
        if part
    )
    return _Picture(
        drawable(selection.title),
        subtitle,
        scene,
        legend,
        width,
        height,
        timeline_height,
        shown,
        needed > timeline_height + 0.5,
    )


def _extent(items: Sequence[ExportItem]) -> str:
    """'Dec 2005 – 18 Nov 2025': from the first item to the last, at their precision."""
    if not items:
        return ""
    first = items[0].when.start
    last = max(items, key=lambda i: i.when.last_second).when
    end = last.end or last.start
    if first.first_second == end.first_second and first.precision == end.precision:
        return first.display()
    try:
        return DateSpan(first, end).display()
    except DateError:
        return ""


def _set_dpi(image: QImage) -> None:
    dots_per_metre = round(DPI / 0.0254)
    image.setDotsPerMeterX(dots_per_metre)
    image.setDotsPerMeterY(dots_per_metre)


def draw(painter: QPainter, picture: _Picture, theme: Theme = LIGHT) -> None:
    """Title, timeline and legend, top to bottom, in logical pixels."""
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.fillRect(QRectF(0, 0, picture.width, picture.height), theme.color("background"))
    inner = picture.width - 2 * MARGIN
    y = MARGIN
    painter.setPen(theme.color("text"))
    painter.setFont(_font(TITLE_PX, bold=True))
    title_metrics = QFontMetricsF(painter.font())
    painter.drawText(
        QPointF(MARGIN, y + title_metrics.ascent()),
        title_metrics.elidedText(picture.title, Qt.TextElideMode.ElideRight, inner),
    )
    y += TITLE_PX * 1.4 + LINE_GAP
    painter.setFont(_font(TEXT_PX))
    metrics = QFontMetricsF(painter.font())
    painter.setPen(theme.color("muted_text"))
    painter.drawText(
        QPointF(MARGIN, y + metrics.ascent()),
        metrics.elidedText(picture.subtitle, Qt.TextElideMode.ElideRight, inner),
    )
    top = _header_height()
    area = QRectF(MARGIN, top, inner, picture.timeline_height)
    painter.save()
    painter.setClipRect(area)
    paint(painter, area, picture.scene)
    painter.restore()
    painter.setPen(QPen(theme.color("grid"), 1))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawRect(area)
    if picture.cut_off:
        painter.setPen(theme.color("muted_text"))
        painter.drawText(
            QPointF(
                area.right() - metrics.horizontalAdvance(_CUT_OFF), area.bottom() + TEXT_PX + 2
            ),
            _CUT_OFF,
        )
    _legend(painter, picture, area.bottom() + MARGIN, theme)


_CUT_OFF = "Not every lane fits: leave out the height to see them all."


def _legend(painter: QPainter, picture: _Picture, top: float, theme: Theme) -> None:
    painter.setFont(_font(TEXT_PX))
    metrics = QFontMetricsF(painter.font())
    line = TEXT_PX * 1.6
    mid = top + line / 2
    x = MARGIN
    key_colour = theme.color("statement")
    for text, shape in _KEY:
        swatch = QRectF(x, mid - LEGEND_SWATCH / 2, LEGEND_SWATCH * 2, LEGEND_SWATCH)
        _key_shape(painter, swatch, shape, key_colour, theme)
        painter.setPen(theme.color("muted_text"))
        painter.drawText(QPointF(swatch.right() + 6, mid + metrics.ascent() / 2 - 1), text)
        x = swatch.right() + 6 + metrics.horizontalAdvance(text) + 12
    x += LEGEND_GAP
    for row_number, row in enumerate(_legend_rows(picture.legend, picture.width)):
        if row_number:
            x = MARGIN
        mid = top + row_number * line + line / 2
        for index in row:
            name, colour = picture.legend[index]
            painter.fillRect(
                QRectF(x, mid - LEGEND_SWATCH / 2, LEGEND_SWATCH, LEGEND_SWATCH), colour
            )
            painter.setPen(theme.color("text"))
            painter.drawText(QPointF(x + LEGEND_SWATCH + 6, mid + metrics.ascent() / 2 - 1), name)
            x += LEGEND_SWATCH + 6 + metrics.horizontalAdvance(name) + LEGEND_GAP


def _key_shape(painter: QPainter, box: QRectF, shape: str, colour: QColor, theme: Theme) -> None:
    r = METRICS.mark_radius
    centre = box.center()
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(colour)
    if shape == "dot":
        painter.drawEllipse(centre, r, r)
    elif shape == "square":
        painter.drawRect(QRectF(centre.x() - r, centre.y() - r, 2 * r, 2 * r))
    else:  # a band, as the timeline draws a range (solid) or a month or year (dashed)
        draw_band(painter, box, colour, is_range=shape == "bar")


def _paint_on(device: QPaintDevice, picture: _Picture) -> None:
    painter = QPainter(device)
    if isinstance(device, QPagedPaintDevice):
        # QPdfWriter's painter works in device units at its resolution: 96 per inch.
        painter.scale(device.logicalDpiX() / DPI, device.logicalDpiY() / DPI)
    try:
        draw(painter, picture)
    finally:
        painter.end()


def _result(content: QByteArray, picture: _Picture) -> Rendered:
    notes = ("Not every lane fitted in the height asked for.",) if picture.cut_off else ()
    return Rendered(bytes(content.data()), picture.shown_items, notes)


def render_png(selection: Selection, options: ExportOptions, steps: Steps) -> Rendered:
    picture = plan(selection, options, steps)
    image = QImage(
        round(picture.width), round(picture.height), QImage.Format.Format_ARGB32_Premultiplied
    )
    _set_dpi(image)
    image.fill(LIGHT.color("background"))
    _paint_on(image, picture)
    steps.check()
    content = QByteArray()
    buffer = QBuffer(content)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not QImageWriter(buffer, QByteArray(b"png")).write(image):
        raise ExportError("The PNG image could not be made (too large for memory?).")
    buffer.close()
    steps.report(picture.shown_items, picture.shown_items)
    return _result(content, picture)


def render_svg(selection: Selection, options: ExportOptions, steps: Steps) -> Rendered:
    picture = plan(selection, options, steps)
    content = QByteArray()
    buffer = QBuffer(content)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    generator = QSvgGenerator()
    generator.setOutputDevice(buffer)
    size = QSize(round(picture.width), round(picture.height))
    generator.setSize(size)
    generator.setViewBox(QRectF(0, 0, picture.width, picture.height))
    generator.setResolution(DPI)
    generator.setTitle(picture.title)
    generator.setDescription(picture.subtitle)
    _paint_on(generator, picture)
    buffer.close()
    steps.report(picture.shown_items, picture.shown_items)
    return _result(content, picture)


def render_pdf(selection: Selection, options: ExportOptions, steps: Steps) -> Rendered:
    picture = plan(selection, options, steps)
    content = QByteArray()
    buffer = QBuffer(content)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    points = QSizeF(picture.width, picture.height) * (POINTS_PER_INCH / DPI)
    writer.setPageLayout(
        QPageLayout(
            QPageSize(points, QPageSize.Unit.Point, "Timeline"),
            QPageLayout.Orientation.Portrait,
            QMarginsF(0, 0, 0, 0),
        )
    )
    writer.setResolution(DPI)
    writer.setTitle(picture.title)
    writer.setCreator("Backchannel")
    _paint_on(writer, picture)
    buffer.close()
    steps.report(picture.shown_items, picture.shown_items)
    return _result(content, picture)
