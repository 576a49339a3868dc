"""Pictures of the window on the bundled sample, to look at and to compare across a change.

    python packaging/screenshots/take.py OUT            # light and dark, large and small, a search,
                                                        # and the PNG export
    python packaging/screenshots/take.py OUT --compare BEFORE   # and count the pixels that differ

Runs offscreen, with settings in a temporary folder, so the pictures do not depend on what a
window remembered. A change meant to keep every screen as it was should report 0 everywhere.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
SIZES = ((1400, 900), (900, 600), (2560, 1440))
SEARCH = "Witkoff"


def _settle(app: object, window: object, seconds: float = 10.0) -> None:
    """Until the timeline has read its items, then a few more turns of the event loop."""
    deadline = time.monotonic() + seconds
    while window.timeline_pane.loading and time.monotonic() < deadline:  # type: ignore[attr-defined]
        app.processEvents()  # type: ignore[attr-defined]
        time.sleep(0.01)
    for _ in range(50):
        app.processEvents()  # type: ignore[attr-defined]


def take(out: Path) -> list[str]:
    """The pictures' file names, written into `out`."""
    folder = Path(tempfile.mkdtemp(prefix="backchannel-shots-"))
    os.environ["XDG_CONFIG_HOME"] = str(folder / "config")
    from app.services.library import create_from_sample
    from app.ui.application import build_main_window, ensure_application

    app = ensure_application()
    db = folder / "sample.backchannel"
    create_from_sample(db)
    out.mkdir(parents=True, exist_ok=True)
    names = []
    for theme in ("light", "dark"):
        for width, height in SIZES:
            window = build_main_window(db)
            window.resize(width, height)
            window.show()
            _settle(app, window)
            window.set_theme_choice(theme)
            _settle(app, window)
            names.append(f"{theme}-{width}.png")
            window.grab().save(str(out / names[-1]))
            window.close()
    window = build_main_window(db)
    window.resize(*SIZES[0])
    window.show()
    _settle(app, window)
    window.search_box.setText(SEARCH)
    window.filter_panel.flush()
    _settle(app, window)
    names.append("search.png")
    window.grab().save(str(out / names[-1]))
    window.close()
    from app.cli import main

    if main(["export", "--db", str(db), "--format", "png", "-o", str(out / "export.png")]):
        raise SystemExit("the PNG export failed")
    return [*names, "export.png"]


def differing_pixels(a: Path, b: Path) -> int | None:
    """How many pixels differ between two pictures; None if their sizes differ."""
    from PySide6.QtGui import QImage

    first, second = QImage(str(a)), QImage(str(b))
    if first.size() != second.size():
        return None
    return sum(
        first.pixel(x, y) != second.pixel(x, y)
        for y in range(first.height())
        for x in range(first.width())
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--compare", type=Path, metavar="BEFORE", help="folder of earlier shots")
    args = parser.parse_args()
    names = take(args.out)
    if args.compare is None:
        return 0
    changed = 0
    for name in names:
        count = differing_pixels(args.compare / name, args.out / name)
        print(f"{name}: {'a different size' if count is None else f'{count} pixels differ'}")
        changed += count != 0
    return 1 if changed else 0


if __name__ == "__main__":
    sys.exit(main())
