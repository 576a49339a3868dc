"""The widgets' side of the theme: the palette and style that make lists, fields and panels
match the timeline's colours (`app.drawing.theme`), the platform's own choice of theme, and
`AppStyle`, which restyles the application for a choice and remembers the platform's style."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor, QGuiApplication, QPainter, QPalette, QPen
from PySide6.QtWidgets import QApplication, QProxyStyle, QStyle, QStyleOption, QWidget

from app.drawing.theme import DARK, LIGHT, THEMES, Theme


def system_theme() -> Theme:
    """Dark when the platform's window colour is dark."""
    app = QGuiApplication.instance()
    if app is None:
        return LIGHT
    window = QGuiApplication.palette().color(QPalette.ColorRole.Window)
    return DARK if window.lightness() < 128 else LIGHT


def palette(theme: Theme) -> QPalette:
    """The widgets' colours for a theme, so lists, fields and panels match the timeline."""
    p = QPalette()
    dark = theme.name == "dark"
    base = QColor(theme.background)
    window = QColor(theme.lane_label_background)
    text = QColor(theme.text)
    roles = {
        QPalette.ColorRole.Window: window,
        QPalette.ColorRole.WindowText: text,
        QPalette.ColorRole.Base: base,
        QPalette.ColorRole.AlternateBase: QColor(theme.lane_alternate),
        QPalette.ColorRole.Text: text,
        QPalette.ColorRole.Button: window,
        QPalette.ColorRole.ButtonText: text,
        QPalette.ColorRole.ToolTipBase: QColor(theme.axis_background),
        QPalette.ColorRole.ToolTipText: text,
        QPalette.ColorRole.PlaceholderText: QColor(theme.muted_text),
        QPalette.ColorRole.Highlight: QColor("#1565c0" if not dark else "#2f6db3"),
        QPalette.ColorRole.HighlightedText: QColor("#ffffff"),
        QPalette.ColorRole.Link: QColor(theme.overview_window),
        QPalette.ColorRole.Mid: QColor(theme.grid),
        QPalette.ColorRole.Midlight: QColor(theme.grid),
        QPalette.ColorRole.Light: QColor(theme.axis_background),
        QPalette.ColorRole.Dark: QColor(theme.grid).darker(130),
        QPalette.ColorRole.Shadow: QColor("#000000"),
    }
    for role, color in roles.items():
        p.setColor(role, color)
    disabled = QColor(theme.muted_text)
    for role in (
        QPalette.ColorRole.Text,
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.ButtonText,
    ):
        p.setColor(QPalette.ColorGroup.Disabled, role, disabled)
    return p


class CheckStyle(QProxyStyle):
    """Fusion with check boxes drawn in the theme's own colours: Fusion outlines them with a
    darker shade of the window colour, which all but vanishes on a dark window."""

    def __init__(self, theme: Theme) -> None:
        super().__init__("Fusion")
        self._theme = theme

    def drawPrimitive(
        self,
        element: QStyle.PrimitiveElement,
        option: QStyleOption,
        painter: QPainter,
        widget: QWidget | None = None,
    ) -> None:
        if element not in (
            QStyle.PrimitiveElement.PE_IndicatorItemViewItemCheck,
            QStyle.PrimitiveElement.PE_IndicatorCheckBox,
        ):
            super().drawPrimitive(element, option, painter, widget)
            return
        rect = QRectF(option.rect).adjusted(1.5, 1.5, -1.5, -1.5)
        side = min(rect.width(), rect.height())
        box = QRectF(rect.left(), rect.center().y() - side / 2, side, side)
        state = option.state
        on = bool(state & QStyle.StateFlag.State_On)
        half = bool(state & QStyle.StateFlag.State_NoChange)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        accent = QColor(self._theme.overview_window)
        painter.setPen(QPen(accent if on or half else QColor(self._theme.muted_text), 1.2))
        painter.setBrush(accent if on else QColor(self._theme.background))
        painter.drawRoundedRect(box, 2.5, 2.5)
        if half:  # chosen elsewhere (the typed search): a bar in the tick's colour
            painter.setPen(QPen(accent, 2.0))
            middle = box.center().y()
            painter.drawLine(
                QPointF(box.left() + side * 0.25, middle),
                QPointF(box.right() - side * 0.25, middle),
            )
        if on:
            painter.setPen(QPen(QColor(self._theme.background), 1.8))
            painter.drawPolyline(
                [
                    QPointF(box.left() + side * 0.22, box.top() + side * 0.52),
                    QPointF(box.left() + side * 0.42, box.top() + side * 0.72),
                    QPointF(box.left() + side * 0.78, box.top() + side * 0.30),
                ]
            )
        painter.restore()


class AppStyle:
    """The application's style and palette for a theme choice. Built once at start-up, before
    any window restyles the application, so it knows the platform's own style to return to
    when the theme follows the system."""

    def __init__(self, app: QApplication) -> None:
        self._app = app
        self.platform = app.style().name()

    def apply(self, choice: str, theme: Theme) -> None:
        """Light or dark chosen: the whole application follows (Fusion draws any palette
        faithfully); following the system: its own style and colours."""
        app = self._app
        if choice in THEMES:
            app.setStyle(CheckStyle(theme))
            app.setPalette(palette(theme))
        elif app.style().name() != self.platform or isinstance(app.style(), CheckStyle):
            app.setStyle(self.platform)
            app.setPalette(app.style().standardPalette())


@dataclass(frozen=True, slots=True)
class CaptureMarks:
    """How a capture's review marks the drafts' words in the article: statements and events
    in two hues, the chosen draft's stronger, each readable under the theme's text colour."""

    statement: str
    statement_chosen: str
    event: str
    event_chosen: str


CAPTURE_MARKS = {
    "light": CaptureMarks("#ffe98a", "#ffbf2e", "#cfe4ff", "#86bdff"),
    "dark": CaptureMarks("#4a3f12", "#735800", "#1d3852", "#2a5a8c"),
}


def capture_marks(palette: QPalette) -> CaptureMarks:
    """The marks for the palette in use: dark marks on a dark ground."""
    dark = palette.color(QPalette.ColorRole.Base).lightness() < 128
    return CAPTURE_MARKS["dark" if dark else "light"]
