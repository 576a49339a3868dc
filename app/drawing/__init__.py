"""Drawing the timeline with Qt but without widgets: its theme colours, the painter that draws
the window's canvas, and the image export (PNG, SVG, PDF) that draws the same picture.

Importing the package loads no Qt: `image_formats` declares the image export formats and
loads `image_export` (and Qt) only when an image is rendered."""
