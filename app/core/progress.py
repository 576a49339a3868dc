"""How long work (an import, an export, a window's job) says how far it is and learns that the
user wants it stopped: the same callables everywhere, so a job runner drives any of them."""

from __future__ import annotations

from collections.abc import Callable

Progress = Callable[[int, int], None]
"""Called with (work done, work in all); 0 in all means "unknown"."""
StagedProgress = Callable[[str, int, int], None]
"""Called with (what is happening, work done, work in all), for work in several stages."""
Cancelled = Callable[[], bool]
"""Asked now and then; returning True stops the work, leaving every file as it was."""


class Stopped(Exception):
    """The user stopped the work; nothing was written. The message says so, for the user."""
