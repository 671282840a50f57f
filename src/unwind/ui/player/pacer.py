"""The breathing pacer: a soft circle that grows on the inhale and shrinks on the exhale.

It repaints at the display's frame rate, so a frame costs about as much as drawing one plain
circle: only the circle's bounding box is repainted; the breath is two opaque discs (the edge,
then the fill, with no pen: Qt's stroker costs more than the fill), and so is the faint guide
ring, drawn only when the box reaches it; the words are a cached pixmap redrawn only when they
change. Nothing the size of the widget is cached: that would hold a megabyte for a ring.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRect, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QPainter,
    QPaintEvent,
    QPixmap,
    QResizeEvent,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

MIN_FRACTION = 0.45
"""The circle's radius at empty lungs, as a share of the largest radius."""
EDGE = 2.5
"""The width of the circle's edge, in pixels."""
RING = 1.5
"""The width of the faint guide ring at the largest breath, in pixels."""
RING_ALPHA = 0.3
FILL_ALPHA = 0.28
PAUSED_FILL_ALPHA = 0.12


def _over(colour: QColor, alpha: float, background: QColor) -> QColor:
    """An opaque colour that looks like `colour` at `alpha` over `background`."""
    return QColor.fromRgbF(
        colour.redF() * alpha + background.redF() * (1 - alpha),
        colour.greenF() * alpha + background.greenF() * (1 - alpha),
        colour.blueF() * alpha + background.blueF() * (1 - alpha),
    )


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
        self._words: QPixmap | None = None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName("Breathing pacer")
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, True)

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

    # --- geometry -------------------------------------------------------------------------

    def _centre(self) -> QPointF:
        return QPointF(self.width() / 2, self.height() / 2)

    def _largest(self) -> float:
        return min(self.width(), self.height()) * 0.46

    def _radius(self, level: float) -> float:
        return self._largest() * (MIN_FRACTION + (1 - MIN_FRACTION) * level)

    def _circle_rect(self, radius: float) -> QRect:
        centre = self._centre()
        reach = radius + EDGE + 2
        return QRectF(centre.x() - reach, centre.y() - reach, reach * 2, reach * 2).toAlignedRect()

    def _text_rect(self) -> QRect:
        side = min(self.width(), self.height())
        centre = self._centre()
        largest = self._largest()
        return QRectF(
            centre.x() - largest, centre.y() - side * 0.15, largest * 2, side * 0.27
        ).toAlignedRect()

    # --- state ----------------------------------------------------------------------------

    def set_breath(self, level: float, word: str, count: str) -> QRect:
        """Repaints only what changed, and returns that rectangle (empty when nothing did)."""
        level = min(1.0, max(0.0, level))
        dirty = QRect()
        if level != self._level:  # even a tiny move: the frames keep their cadence at a turn
            dirty = self._circle_rect(max(self._radius(level), self._radius(self._level)))
        if word != self._word or count != self._count:
            dirty = dirty.united(self._text_rect())
            self._words = None
            if word != self._word:
                self.setAccessibleDescription(word)
        if dirty.isEmpty():
            return dirty
        self._level, self._word, self._count = level, word, count
        self.update(dirty)
        return dirty

    def set_paused(self, paused: bool) -> None:
        if paused != self._paused:
            self._paused = paused
            self.update()

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._words = None
        self.update()
        super().resizeEvent(event)

    # --- painting -------------------------------------------------------------------------

    def _paint_words(self) -> QPixmap:
        ratio = self.devicePixelRatioF()
        rect = self._text_rect()
        pixmap = QPixmap(rect.size() * ratio)
        pixmap.setDevicePixelRatio(ratio)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        painter.setPen(self.palette().color(self.foregroundRole()))
        side = min(self.width(), self.height())
        local = QRectF(0, 0, rect.width(), rect.height())
        if self._compact:
            # too small for the word: only the count; the word is shown beside it
            font = QFont(self.font())
            font.setPointSizeF(max(9.0, side / 9))
            font.setWeight(QFont.Weight.DemiBold)
            painter.setFont(font)
            painter.drawText(local, Qt.AlignmentFlag.AlignCenter, self._count)
        else:
            font = QFont(self.font())
            font.setPointSizeF(max(11.0, side / 20))
            font.setWeight(QFont.Weight.DemiBold)
            painter.setFont(font)
            top = rect.height() * 0.04
            painter.drawText(
                QRectF(0, top, rect.width(), side * 0.12), Qt.AlignmentFlag.AlignCenter, self._word
            )
            font = QFont(self.font())
            font.setPointSizeF(max(10.0, side / 22))
            painter.setFont(font)
            painter.drawText(
                QRectF(0, top + side * 0.15, rect.width(), side * 0.1),
                Qt.AlignmentFlag.AlignCenter,
                self._count,
            )
        painter.end()
        return pixmap

    def _reaches_ring(self, rect: QRect) -> bool:
        """Whether any corner of `rect` lies outside the guide ring's inner edge."""
        centre = self._centre()
        inner = self._largest() - RING / 2
        return any(
            math.hypot(x - centre.x(), y - centre.y()) >= inner
            for x in (rect.left(), rect.right() + 1)
            for y in (rect.top(), rect.bottom() + 1)
        )

    def paintEvent(self, event: QPaintEvent) -> None:
        if self._words is None:
            self._words = self._paint_words()
        painter = QPainter(self)
        background = self.palette().window().color()
        painter.fillRect(event.rect(), background)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        centre = self._centre()
        if self._reaches_ring(event.rect()):
            # the guide ring as two opaque discs: cheaper than a stroke, and no cached
            # background the size of the widget (a megabyte) to keep
            largest = self._largest()
            painter.setBrush(_over(self._accent, RING_ALPHA, background))
            painter.drawEllipse(centre, largest + RING / 2, largest + RING / 2)
            painter.setBrush(background)
            painter.drawEllipse(centre, largest - RING / 2, largest - RING / 2)
        radius = self._radius(self._level)
        painter.setBrush(self._accent if not self._paused else _over(self._accent, 0.5, background))
        painter.drawEllipse(centre, radius + EDGE / 2, radius + EDGE / 2)
        alpha = PAUSED_FILL_ALPHA if self._paused else FILL_ALPHA
        painter.setBrush(_over(self._accent, alpha, background))
        painter.drawEllipse(centre, radius - EDGE / 2, radius - EDGE / 2)
        text_rect = self._text_rect()
        if event.rect().intersects(text_rect):
            painter.drawPixmap(text_rect.topLeft(), self._words)
        painter.end()
