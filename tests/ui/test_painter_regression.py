"""PySide6 6.12.0 on Python 3.11 corrupts the reference count of None in QPainter calls that
return nothing, and the process dies ("Fatal Python error: none_dealloc") after a few
thousand of them. The pin in pyproject.toml avoids it; this test fails if it comes back."""

from __future__ import annotations

import subprocess
import sys

PAINT_200K_RECTS = """
import sys
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter
app = QGuiApplication([])
image = QImage(256, 256, QImage.Format.Format_ARGB32)
image.fill(QColor("white"))
painter = QPainter(image)
before = sys.getrefcount(None)
colour = QColor("#336699")
painter.setPen(Qt.PenStyle.NoPen)
painter.setBrush(colour)
for i in range(100_000):
    painter.drawRect(i % 200, i % 180, 20, 10)
    painter.fillRect(QRect(i % 190, i % 170, 8, 8), colour)
painter.end()
print("ok", image.pixelColor(5, 5).name(), sys.getrefcount(None) >= before - 10)
"""


def test_two_hundred_thousand_paint_calls_do_not_kill_the_process() -> None:
    result = subprocess.run(
        [sys.executable, "-c", PAINT_200K_RECTS],
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"},
    )
    assert "none_dealloc" not in result.stderr
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["ok", "#336699", "True"]
