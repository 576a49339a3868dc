"""Everything with widgets: the main window, the timeline canvas, panels, dialogs.

Importing this package loads nothing: each module is imported by what uses it, so a command
that draws an image or reads the database never loads the window."""
