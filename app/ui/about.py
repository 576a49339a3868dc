"""The Help menu's two boxes: the keyboard shortcuts, and what this Backchannel and database are."""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import QMessageBox, QWidget

from app.core.version import app_version
from app.store import schema_version
from app.ui.session import Session

SHORTCUTS = (
    ("Ctrl+N", "New statement"),
    ("Ctrl+Shift+N", "New event"),
    ("F2 / double-click an item", "Edit the selected item"),
    ("Shift/Ctrl+click, Shift+↑/↓, Ctrl+A (list)", "Select several items"),
    ("Ctrl+T", "Tag or untag the selected items"),
    ("Ctrl+Shift+T / Ctrl+Shift+R", "Add the selected items to a track / take them off one"),
    ("Ctrl+Shift+K", "Set the kind of the selected events"),
    ("Delete", "Delete the selected items (Ctrl+Z brings them back)"),
    ("Ctrl+Z / Ctrl+Shift+Z", "Undo / redo"),
    ("Ctrl+H", "This session's steps"),
    ("Ctrl+Shift+A", "Actors, tracks and sources: find, add, change, merge"),
    ("Ctrl+Shift+D", "Find likely duplicates"),
    ("Ctrl+Enter in a form", "Save it"),
    ("Ctrl+F", "Search"),
    ("Enter / ↓ / ↑ in the search box", "Next / previous result"),
    ("Ctrl+O", "Open a database"),
    ("Ctrl+Alt+N", "New database"),
    ("Ctrl+E", "Export"),
    ("Ctrl+I", "Import"),
    ("Ctrl+Shift+O", "Capture an article: its statements and events, reviewed"),
    ("Ctrl+Q", "Quit"),
    ("+ / - (timeline)", "Zoom in / out"),
    ("← / → (timeline)", "Pan, or step the selection"),
    ("Home / End", "Start / end of the data"),
    ("F", "Fit the filtered data"),
    ("PgUp / PgDn", "Scroll lanes"),
    ("Double-click the timeline", "Zoom in (on an item: edit it)"),
    ("Click a lane name", "Fold or unfold the lane"),
    ("Ctrl+Shift+L", "Clear filters"),
    ("Ctrl+D", "Save what is shown as a view"),
    ("Ctrl+1 … Ctrl+9", "Recall the first nine saved views"),
    ("Alt+←", "Back to what was shown before a view was recalled (again: forward)"),
)


def show_shortcuts(parent: QWidget) -> None:
    rows = "".join(f"<tr><td><b>{k}</b>&nbsp;&nbsp;</td><td>{v}</td></tr>" for k, v in SHORTCUTS)
    QMessageBox.information(parent, "Keyboard shortcuts", f"<table>{rows}</table>")


def show_about(parent: QWidget, session: Session) -> None:
    n = session.counts()
    QMessageBox.about(
        parent,
        "About Backchannel",
        f"<h3>Backchannel {app_version()}</h3>"
        "<p>Who said what, when, on which diplomatic track, and where is the source.</p>"
        f"<p>Database: {escape(str(session.path))}<br>"
        f"Schema version {schema_version(session.db)}<br>"
        f"{n.events:,} events · {n.statements:,} statements · {n.actors:,} actors · "
        f"{n.tracks:,} tracks · {n.sources:,} sources</p>",
    )
