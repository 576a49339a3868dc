"""Editing in the window: the statement and event forms, the conflict between two versions of
a record, the undo stack of the session's changes and each item's change log. The forms call
the editing services (`app.services.editing`); the store writes, and the window reads again."""
