"""The image export formats (PNG, SVG, PDF), declared without loading Qt: each renderer
imports `app.drawing.image_export`, which draws with Qt, only when it is called. So a
registry that lists them (`ExportRegistry.of(TEXT_FORMATS, IMAGE_FORMATS)`) costs nothing
to a command line that writes CSV."""

from __future__ import annotations

from app.formats.export_types import ExportFormat, ExportOptions, Rendered, Steps
from app.formats.items import Selection


def _png(selection: Selection, options: ExportOptions, steps: Steps) -> Rendered:
    from app.drawing import image_export

    return image_export.render_png(selection, options, steps)


def _svg(selection: Selection, options: ExportOptions, steps: Steps) -> Rendered:
    from app.drawing import image_export

    return image_export.render_svg(selection, options, steps)


def _pdf(selection: Selection, options: ExportOptions, steps: Steps) -> Rendered:
    from app.drawing import image_export

    return image_export.render_pdf(selection, options, steps)


IMAGE_FORMATS = (
    ExportFormat("png", "PNG image of the timeline", "png", True, True, _png),
    ExportFormat("svg", "SVG drawing of the timeline", "svg", False, True, _svg),
    ExportFormat("pdf", "PDF of the timeline", "pdf", True, True, _pdf),
)
"""In the order the dialog lists them, after the text formats."""
