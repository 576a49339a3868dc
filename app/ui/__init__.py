"""Everything PySide6. The rest of the app never imports Qt."""

from app.ui.application import build_main_window

__all__ = ["build_main_window"]
