"""Drawing the timeline with Qt but without widgets: its theme colours, the painter that draws
the window's canvas, and the image export (PNG, SVG, PDF) that draws the same picture."""
