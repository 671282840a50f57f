"""The CPU baseline: the plainest 60 fps breathing circle Qt can draw.

    python -m benchmarks.bare_circle

A QWidget of the app's window size; a 16 ms PreciseTimer moves the radius along the same
4 s in, 6 s out breath as the benchmark routine and asks for a repaint of the whole widget;
paintEvent draws one antialiased ellipse (about 400 px across at its largest) with QPainter.
"""

from __future__ import annotations

import math
import sys
import time

from PySide6.QtCore import QPointF, Qt, QTimer
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QApplication, QWidget

from benchmarks.sizes import WINDOW_SIZE

TITLE = "bare circle"
FRAME_MS = 16
INHALE_S = 4.0
EXHALE_S = 6.0
LARGEST_RADIUS = 200.0
SMALLEST_RADIUS = LARGEST_RADIUS * 0.38


def breath_level(elapsed: float) -> float:
    """0..1 on an eased 4 s in, 6 s out cycle, like a pacer."""
    into = elapsed % (INHALE_S + EXHALE_S)
    share = into / INHALE_S if into < INHALE_S else 1.0 - (into - INHALE_S) / EXHALE_S
    return (1 - math.cos(math.pi * share)) / 2


class Circle(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.setWindowTitle(TITLE)
        self.resize(*WINDOW_SIZE)
        self.radius = SMALLEST_RADIUS
        self.began = time.monotonic()
        self.timer = QTimer(self)
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.timeout.connect(self.tick)
        self.timer.start(FRAME_MS)

    def tick(self) -> None:
        level = breath_level(time.monotonic() - self.began)
        self.radius = SMALLEST_RADIUS + (LARGEST_RADIUS - SMALLEST_RADIUS) * level
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(QColor("#3f8b83"), 2.5))
        painter.setBrush(QColor(63, 139, 131, 90))
        centre = QPointF(self.width() / 2, self.height() / 2)
        painter.drawEllipse(centre, self.radius, self.radius)
        painter.end()


def main() -> int:
    app = QApplication(sys.argv[:1])
    circle = Circle()
    circle.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
