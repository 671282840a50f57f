"""The pacer repaints only the circle's box and the words: the screen must still end up exact."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
from PySide6.QtGui import QColor, QImage, QRegion
from pytestqt.qtbot import QtBot

from unwind.ui.player.pacer import PacerWidget


def pixels(image: QImage) -> npt.NDArray[np.int16]:
    data = np.frombuffer(image.constBits(), dtype=np.uint8)
    return data.reshape(image.height(), image.bytesPerLine()).astype(np.int16)


def full_render(pacer: PacerWidget) -> QImage:
    image = QImage(pacer.size(), QImage.Format.Format_ARGB32)
    image.fill(QColor("black"))
    pacer.render(image)
    return image


def test_partial_repaints_leave_no_stale_pixels(qtbot: QtBot) -> None:
    pacer = PacerWidget()
    qtbot.addWidget(pacer)
    pacer.resize(480, 420)
    screen = full_render(pacer)  # what the window shows, kept up to date by partial repaints
    painted = 0
    for step in range(240):
        level = (step % 120) / 119 if step < 120 else 1 - (step % 120) / 119
        word = "Breathe in" if step < 120 else "Breathe out"
        region = pacer.set_breath(level, word, str(4 - (step % 120) // 30))
        # render() places the region's top-left corner at the offset given
        pacer.render(screen, region.topLeft(), QRegion(region))
        painted += region.width() * region.height()
    difference = np.abs(pixels(screen) - pixels(full_render(pacer)))
    assert difference.max() <= 2  # gradient rounding may differ by a step; nothing stale
    # on average far less than the whole widget is touched per frame
    assert painted / 240 < 0.5 * 480 * 420


def test_nothing_changes_nothing_is_repainted(qtbot: QtBot) -> None:
    pacer = PacerWidget()
    qtbot.addWidget(pacer)
    pacer.resize(300, 300)
    pacer.set_breath(0.5, "Hold", "3")
    assert pacer.set_breath(0.5, "Hold", "3").isEmpty()
    assert not pacer.set_breath(0.5, "Hold", "2").isEmpty()
    assert pacer.set_breath(0.6, "Hold", "2").height() < 300
