"""A field's mark for a problem: a red frame and the reason in its tooltip, the same on the
filter panel's dates and the search box, readable on light and dark."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

PROBLEM_COLOUR = "#e0443e"
"""Red enough on white and on the dark theme's ground alike."""


def mark_problem(field: QWidget, problem: str) -> None:
    """Frame `field` in red and say `problem` in its tooltip; an empty problem clears both."""
    field.setStyleSheet(f"border: 1px solid {PROBLEM_COLOUR};" if problem else "")
    field.setToolTip(problem)
    field.setProperty("problem", problem or None)
