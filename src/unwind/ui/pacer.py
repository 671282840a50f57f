"""The breathing pacer: a soft circle that grows on the inhale and shrinks on the exhale."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPaintEvent, QPen, QRadialGradient
from PySide6.QtWidgets import QSizePolicy, QWidget

MIN_FRACTION = 0.45
"""The circle's radius at empty lungs, as a share of the largest radius."""


class PacerWidget(QWidget):
    """Draws a breath level (0..1) with the phase word and a countdown in its centre."""

    def __init__(self, parent: QWidget | None = None, *, compact: bool = False) -> None:
        super().__init__(parent)
        self._compact = compact
        self._level = 0.0
        self._word = ""
        self._count = ""
        self._accent = QColor("#3f8b83")
        self._paused = False
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName("Breathing pacer")
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, False)

    def sizeHint(self) -> QSize:
        return QSize(360, 360)

    def minimumSizeHint(self) -> QSize:
        return QSize(160, 160)

    def set_accent(self, color: QColor) -> None:
        self._accent = QColor(color)
        self.update()

    @property
    def level(self) -> float:
        return self._level

    @property
    def word(self) -> str:
        return self._word

    def set_breath(self, level: float, word: str, count: str) -> None:
        """Repaints only when something visible changed."""
        level = min(1.0, max(0.0, level))
        if abs(level - self._level) < 1e-4 and word == self._word and count == self._count:
            return
        if word != self._word:
            self.setAccessibleDescription(word)
        self._level, self._word, self._count = level, word, count
        self.update()

    def set_paused(self, paused: bool) -> None:
        if paused != self._paused:
            self._paused = paused
            self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        side = min(self.width(), self.height())
        centre = QPointF(self.width() / 2, self.height() / 2)
        largest = side * 0.46
        radius = largest * (MIN_FRACTION + (1 - MIN_FRACTION) * self._level)

        ring = QColor(self._accent)
        ring.setAlphaF(0.35)
        painter.setPen(QPen(ring, 2, Qt.PenStyle.DashLine))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawEllipse(centre, largest, largest)

        inner = QColor(self._accent)
        inner.setAlphaF(0.18 if not self._paused else 0.08)
        outer = QColor(self._accent)
        outer.setAlphaF(0.55 if not self._paused else 0.25)
        gradient = QRadialGradient(centre, radius)
        gradient.setColorAt(0.0, inner)
        gradient.setColorAt(1.0, outer)
        painter.setPen(QPen(self._accent, 2.5))
        painter.setBrush(QBrush(gradient))
        painter.drawEllipse(centre, radius, radius)

        text_colour = self.palette().color(self.foregroundRole())
        painter.setPen(text_colour)
        if self._compact:
            # too small for the word: only the count, centred; the word is shown beside it
            count_font = QFont(self.font())
            count_font.setPointSizeF(max(9.0, side / 9))
            count_font.setWeight(QFont.Weight.DemiBold)
            painter.setFont(count_font)
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self._count)
            painter.end()
            return
        word_font = QFont(self.font())
        word_font.setPointSizeF(max(11.0, side / 20))
        word_font.setWeight(QFont.Weight.DemiBold)
        painter.setFont(word_font)
        box = QRectF(centre.x() - largest, centre.y() - side * 0.14, largest * 2, side * 0.12)
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, self._word)
        count_font = QFont(self.font())
        count_font.setPointSizeF(max(10.0, side / 22))
        painter.setFont(count_font)
        box = QRectF(centre.x() - largest, centre.y() + side * 0.01, largest * 2, side * 0.1)
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, self._count)
        painter.end()
