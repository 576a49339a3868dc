"""Render the PNG, ICO and ICNS icons from the SVG masters in resources/icons.

    python packaging/render_icons.py           # write them
    python packaging/render_icons.py --check   # exit 1 if a PNG no longer matches its SVG

The PNGs are committed so that neither a build nor `backchannel install-desktop` needs Qt's
SVG support; run this after changing an SVG.
"""

from __future__ import annotations

import argparse
import os
import struct
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ICONS = Path(__file__).resolve().parents[1] / "resources" / "icons"
NAMES = ("backchannel", "application-x-backchannel")
PNG_SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)
"""The hicolor theme's usual sizes, so no desktop has to scale a bitmap."""
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
ICNS_TYPES = (
    (b"ic07", 128), (b"ic08", 256), (b"ic09", 512), (b"ic10", 1024),
    (b"ic11", 32), (b"ic12", 64), (b"ic13", 256), (b"ic14", 512),
)  # fmt: skip
"""The PNG-carrying ICNS entries macOS 10.7+ reads; ic11–ic14 are the @2x variants."""
CHECK_TOLERANCE = 2.0
"""Mean difference per channel (0–255) allowed between a committed PNG and a fresh render:
room for a different Qt's antialiasing, not for a changed drawing."""


def render(svg: Path, size: int) -> QImage:
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"{svg} is not a valid SVG")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    return image


def png_path(name: str, size: int) -> Path:
    return ICONS / f"{name}-{size}.png"


def png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def ico(pngs: dict[int, bytes]) -> bytes:
    """A Windows icon holding PNG images (read by Windows Vista and later)."""
    header = struct.pack("<HHH", 0, 1, len(pngs))
    entries, blobs = b"", b""
    offset = len(header) + 16 * len(pngs)
    for size, blob in pngs.items():
        side = 0 if size >= 256 else size  # 0 means 256 in an ICO directory
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(blob), offset)
        blobs += blob
        offset += len(blob)
    return header + entries + blobs


def icns(svg: Path) -> bytes:
    body = b""
    for kind, size in ICNS_TYPES:
        blob = png_bytes(render(svg, size))
        body += kind + struct.pack(">I", 8 + len(blob)) + blob
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def difference(a: QImage, b: QImage) -> float:
    a = a.convertToFormat(QImage.Format.Format_RGBA8888)
    b = b.convertToFormat(QImage.Format.Format_RGBA8888)
    if a.size() != b.size():
        return 255.0
    left, right = bytes(a.constBits()), bytes(b.constBits())
    return sum(abs(x - y) for x, y in zip(left, right, strict=True)) / max(1, len(left))


def write() -> None:
    for name in NAMES:
        svg = ICONS / f"{name}.svg"
        for size in PNG_SIZES:
            render(svg, size).save(str(png_path(name, size)), "PNG")
        (ICONS / f"{name}.ico").write_bytes(
            ico({size: png_bytes(render(svg, size)) for size in ICO_SIZES})
        )
        (ICONS / f"{name}.icns").write_bytes(icns(svg))
        print(f"Rendered {name}: PNG {', '.join(map(str, PNG_SIZES))} px, ICO, ICNS")


def check() -> int:
    stale = []
    for name in NAMES:
        for size in PNG_SIZES:
            committed = QImage(str(png_path(name, size)))
            if committed.isNull():
                stale.append(f"{png_path(name, size).name} is missing")
                continue
            off = difference(committed, render(ICONS / f"{name}.svg", size))
            if off > CHECK_TOLERANCE:
                stale.append(f"{png_path(name, size).name} differs from its SVG ({off:.1f})")
    for problem in stale:
        print(problem, file=sys.stderr)
    if stale:
        print("Run: python packaging/render_icons.py", file=sys.stderr)
    return 1 if stale else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare instead of writing")
    args = parser.parse_args()
    QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    if args.check:
        return check()
    write()
    return 0


if __name__ == "__main__":
    sys.exit(main())
