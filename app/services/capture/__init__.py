"""Capture: an article becomes draft statements, events and sources for review; only the
drafts the user accepts are written, as one undoable edit."""
