"""The window on the sample, as a reader of its article would look at it: the whole story,
one track, two months, a week, a day; light and dark; small, medium and large windows.

    xvfb-run -s "-screen 0 2560x1440x24" python packaging/screenshots/story.py OUT

Runs on whatever display Qt is given (a real X server under xvfb-run, or offscreen), with
settings emptied before each picture, so no picture depends on what another window
remembered: each is a first run at its size. Writes OUT/<view>-<theme>-<width>.png; the
README's picture is `whole-light-1600.png` with a Peskov statement selected (`readme.png`).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

SIZES = ((900, 600), (1600, 1000), (2560, 1440))
THEMES = ("light", "dark")
VIEWS = ("whole", "unsc", "oct-nov", "week", "day")
README_ITEM = "statement/2025-11-dmitry-peskov-no-new-initiatives"


def _settle(app: object, window: object, seconds: float = 10.0) -> None:
    """Until the timeline has read its items, then a few more turns of the event loop."""
    deadline = time.monotonic() + seconds
    while window.timeline_pane.loading and time.monotonic() < deadline:  # type: ignore[attr-defined]
        app.processEvents()  # type: ignore[attr-defined]
        time.sleep(0.01)
    for _ in range(150):  # the list and the counts follow the timeline
        app.processEvents()  # type: ignore[attr-defined]
        time.sleep(0.002)


def _show_view(app: object, window: object, view: str) -> None:
    from app.core.calendar import to_seconds
    from app.core.filter import Filter
    from app.store.records import resolve

    canvas = window.timeline  # type: ignore[attr-defined]
    if view == "unsc":
        track = resolve(window.session.db, "tracks", "UN Security Council")  # type: ignore[attr-defined]
        window.apply_filter(Filter(tracks=frozenset({track})))  # type: ignore[attr-defined]
    elif view == "oct-nov":
        canvas.set_window(to_seconds(2025, 10, 1), to_seconds(2025, 12, 1))
    elif view == "week":
        canvas.set_window(to_seconds(2025, 11, 13), to_seconds(2025, 11, 20))
    elif view == "day":
        canvas.set_window(to_seconds(2025, 11, 17), to_seconds(2025, 11, 18))
    _settle(app, window)


def take(out: Path, views: tuple[str, ...] = VIEWS) -> list[Path]:
    from app.services.library import create_from_sample
    from app.ui import settings as s
    from app.ui.application import build_main_window, ensure_application

    app = ensure_application()
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for width, height in SIZES:
        for theme in THEMES:
            for view in views:
                folder = Path(tempfile.mkdtemp(prefix="backchannel-story-"))
                os.environ["XDG_CONFIG_HOME"] = str(folder / "config")
                db = folder / "sample.backchannel"
                create_from_sample(db)
                s.settings().clear()  # Qt keeps the first settings folder for the process
                s.settings().sync()
                window = build_main_window(db)
                window.resize(width, height)
                window.show()
                _settle(app, window)
                window.set_theme_choice(theme)
                _show_view(app, window, view)
                written.append(out / f"{view}-{theme}-{width}.png")
                window.grab().save(str(written[-1]))
                if (view, theme, width) == ("whole", "light", 1600):
                    window.show_item(README_ITEM)
                    _settle(app, window)
                    written.append(out / "readme.png")
                    window.grab().save(str(written[-1]))
                window.close()
    return written


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--view", action="append", choices=VIEWS, help="only these views")
    args = parser.parse_args()
    for path in take(args.out, tuple(args.view or VIEWS)):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
