"""The breathing pacer: a soft circle that grows on the inhale and shrinks on the exhale.

It repaints at the display's frame rate, so a frame costs about as much as drawing one plain
circle: only the circle's bounding box is repainted; the breath is two opaque discs (the edge,
then the fill, with no pen: Qt's stroker costs more than the fill), and so is the faint guide
ring, drawn only when the box reaches it; the words are a cached pixmap redrawn only when they
change. Nothing the size of the widget is cached: that would hold a megabyte for a ring.

With reduced motion the circle keeps one size: the phase is told by its word and count, and a
ring around the circle fills slowly through each phase.

The phase word is sized once per step so that the longest word of the step fits inside the
smallest circle: "Breathe out" at the end of an exhale stays inside, and the word does not
change size from phase to phase.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from PySide6.QtCore import QPointF, QRect, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPaintEvent,
    QPen,
    QPixmap,
    QResizeEvent,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from unwind.core.routine import PHASE_WORDS

MIN_FRACTION = 0.45
"""The circle's radius at empty lungs, as a share of the largest radius."""
STILL_FRACTION = 0.8
"""With reduced motion, the circle's one radius, as a share of the largest."""
EDGE = 2.5
"""The width of the circle's edge, in pixels."""
RING = 1.5
"""The width of the faint guide ring at the largest breath, in pixels."""
PROGRESS_RING = 7.0
"""With reduced motion, the width of the ring that fills through each phase."""
RING_ALPHA = 0.3
FILL_ALPHA = 0.28
PAUSED_FILL_ALPHA = 0.12
WORD_ROOM = 0.82
"""The share of the smallest circle's width the phase word may take."""
MIN_WORD_POINTS = 9.0


def _over(colour: QColor, alpha: float, background: QColor) -> QColor:
    """An opaque colour that looks like `colour` at `alpha` over `background`."""
    return QColor.fromRgbF(
        colour.redF() * alpha + background.redF() * (1 - alpha),
        colour.greenF() * alpha + background.greenF() * (1 - alpha),
        colour.blueF() * alpha + background.blueF() * (1 - alpha),
    )


class PacerWidget(QWidget):
    """Draws a breath level (0..1) with the phase word and its count in its centre."""

    def __init__(self, parent: QWidget | None = None, *, compact: bool = False) -> None:
        super().__init__(parent)
        self._compact = compact
        self._level = 0.0
        self._progress = 0.0
        self._word = ""
        self._count = ""
        self._accent = QColor("#2e7a72")
        self._track = QColor("#857e71")
        self._paused = False
        self._reduced = False
        self._longest: tuple[str, ...] = tuple(PHASE_WORDS.values())
        self._words: QPixmap | None = None
        self._word_font: QFont | None = None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName("Breathing guide")
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, True)

    def sizeHint(self) -> QSize:
        # modest: it grows into the room there is, and a page scrolls only when it must
        return QSize(240, 240) if not self._compact else QSize(110, 110)

    def minimumSizeHint(self) -> QSize:
        return QSize(180, 180) if not self._compact else QSize(80, 80)

    def set_accent(self, color: QColor, track: QColor | None = None) -> None:
        """The circle's colour, and the colour of the empty part of the reduced-motion ring."""
        self._accent = QColor(color)
        if track is not None:
            self._track = QColor(track)
        self._words = None
        self.update()

    def accent(self) -> QColor:
        return QColor(self._accent)

    def set_phase_words(self, words: Iterable[str]) -> None:
        """The words the coming step uses: the word size is fitted to the longest of them."""
        chosen = tuple(w for w in words if w) or tuple(PHASE_WORDS.values())
        if chosen != self._longest:
            self._longest = chosen
            self._word_font = None
            self._words = None
            self.update()

    def set_reduced(self, reduced: bool) -> None:
        if reduced != self._reduced:
            self._reduced = reduced
            self._words = None
            self._word_font = None
            self.update()

    @property
    def reduced(self) -> bool:
        return self._reduced

    @property
    def level(self) -> float:
        return self._level

    @property
    def word(self) -> str:
        return self._word

    @property
    def count(self) -> str:
        return self._count

    @property
    def progress(self) -> float:
        return self._progress

    # --- geometry -------------------------------------------------------------------------

    def _centre(self) -> QPointF:
        return QPointF(self.width() / 2, self.height() / 2)

    def _largest(self) -> float:
        return min(self.width(), self.height()) * 0.46

    def _radius(self, level: float) -> float:
        if self._reduced:
            return self._largest() * STILL_FRACTION
        return self._largest() * (MIN_FRACTION + (1 - MIN_FRACTION) * level)

    def smallest_radius(self) -> float:
        return self._radius(0.0)

    def _circle_rect(self, radius: float) -> QRect:
        centre = self._centre()
        reach = radius + EDGE + 2 + (PROGRESS_RING + 4 if self._reduced else 0)
        return QRectF(centre.x() - reach, centre.y() - reach, reach * 2, reach * 2).toAlignedRect()

    def _text_rect(self) -> QRect:
        """The words' box: inside the smallest circle, so they never leave it."""
        centre = self._centre()
        inner = self.smallest_radius() * 0.95
        return QRectF(centre.x() - inner, centre.y() - inner, inner * 2, inner * 2).toAlignedRect()

    def word_font(self) -> QFont:
        """The phase word's font: as large as lets the step's longest word fit inside the
        smallest circle, on one line or, in a small circle, on two."""
        if self._word_font is None:
            font = QFont(self.font())
            font.setWeight(QFont.Weight.DemiBold)
            size = max(MIN_WORD_POINTS, min(self.smallest_radius() / 3.2, 40.0))
            font.setPointSizeF(size)
            while size > MIN_WORD_POINTS and not self._words_fit(font):
                size -= 0.5
                font.setPointSizeF(size)
            self._word_font = font
        return self._word_font

    def _word_box(self, word: str, font: QFont) -> QRectF:
        room = 2 * self.smallest_radius() * WORD_ROOM
        flags = int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap)
        return QFontMetricsF(font).boundingRect(QRectF(0, 0, room, 1000), flags, word)

    def _words_fit(self, font: QFont) -> bool:
        room = 2 * self.smallest_radius() * WORD_ROOM
        line = QFontMetricsF(font).height()
        return all(
            box.width() <= room and box.height() <= line * 2.2
            for box in (self._word_box(word, font) for word in self._longest)
        )

    def word_width(self, word: str) -> float:
        """How wide the word is drawn (on the wider of its lines, when it takes two)."""
        return self._word_box(word, self.word_font()).width()

    # --- state ----------------------------------------------------------------------------

    def set_breath(self, level: float, word: str, count: str, progress: float = 0.0) -> QRect:
        """Repaints only what changed, and returns that rectangle (empty when nothing did).

        `progress` is how far the phase has come, 0..1: the reduced-motion ring shows it.
        """
        level = min(1.0, max(0.0, level))
        progress = min(1.0, max(0.0, progress))
        dirty = QRect()
        if self._reduced:
            if abs(progress - self._progress) * 360 >= 0.5:
                dirty = self._circle_rect(self._radius(0))
        elif level != self._level:  # even a tiny move: the frames keep their cadence at a turn
            dirty = self._circle_rect(max(self._radius(level), self._radius(self._level)))
        if word != self._word or count != self._count:
            dirty = dirty.united(self._text_rect())
            self._words = None
        if dirty.isEmpty():
            return dirty
        self._level, self._word, self._count, self._progress = level, word, count, progress
        self.update(dirty)
        return dirty

    def set_paused(self, paused: bool) -> None:
        if paused != self._paused:
            self._paused = paused
            self._words = None
            self.update()

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._words = None
        self._word_font = None
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
        local = QRectF(0, 0, rect.width(), rect.height())
        if self._compact:
            # too small for the word: only the count; the word is shown beside it
            font = QFont(self.font())
            font.setPointSizeF(max(9.0, self.smallest_radius() / 2.2))
            font.setWeight(QFont.Weight.DemiBold)
            painter.setFont(font)
            painter.drawText(local, Qt.AlignmentFlag.AlignCenter, self._count)
        else:
            font = self.word_font()
            word_box = self._word_box(self._word, font)
            count_font = QFont(font)
            count_font.setPointSizeF(font.pointSizeF() * 1.5)
            counts = QFontMetricsF(count_font)
            height = word_box.height() + (counts.height() if self._count else 0)
            top = (local.height() - height) / 2
            painter.setFont(font)
            painter.drawText(
                QRectF(0, top, local.width(), word_box.height()),
                int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap),
                self._word,
            )
            if self._count:
                painter.setFont(count_font)
                painter.drawText(
                    QRectF(0, top + word_box.height(), local.width(), counts.height()),
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
        if not self._reduced and self._reaches_ring(event.rect()):
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
        if self._reduced:
            self._paint_progress(painter, centre, radius)
        text_rect = self._text_rect()
        if event.rect().intersects(text_rect):
            painter.drawPixmap(text_rect.topLeft(), self._words)
        painter.end()

    def _paint_progress(self, painter: QPainter, centre: QPointF, radius: float) -> None:
        """The ring outside the still circle: its empty track, and the part of the phase done,
        from twelve o'clock clockwise."""
        reach = radius + EDGE + 3 + PROGRESS_RING / 2
        box = QRectF(centre.x() - reach, centre.y() - reach, reach * 2, reach * 2)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        track = QPen(self._track, 1.5)
        painter.setPen(track)
        painter.drawEllipse(box)
        if self._progress > 0:
            pen = QPen(self._accent, PROGRESS_RING)
            pen.setCapStyle(Qt.PenCapStyle.FlatCap)
            painter.setPen(pen)
            painter.drawArc(box, 90 * 16, -round(self._progress * 360 * 16))
        painter.setPen(Qt.PenStyle.NoPen)
