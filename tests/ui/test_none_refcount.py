"""Guards the PySide6 6.12.0 trap: void Qt calls must not drop references to None."""

from __future__ import annotations

import sys

from PySide6.QtCore import QPointF
from PySide6.QtGui import QColor, QImage, QPainter, QPen
from pytestqt.qtbot import QtBot

from unwind.ui.player.pacer import PacerWidget


def test_void_qt_calls_keep_none_alive(qtbot: QtBot) -> None:
    image = QImage(64, 64, QImage.Format.Format_ARGB32)
    pacer = PacerWidget()
    qtbot.addWidget(pacer)
    before = sys.getrefcount(None)
    painter = QPainter(image)
    pen = QPen(QColor("#3f8b83"))
    for i in range(20_000):
        painter.setPen(pen)
        painter.drawEllipse(QPointF(32, 32), 10, 10)
        pacer.update()
        pacer.set_breath((i % 100) / 100, "Breathe in", "3")
    painter.end()
    after = sys.getrefcount(None)
    # a leaky binding loses one reference per call: 60,000 here, more than None started with
    assert after >= before - 100
