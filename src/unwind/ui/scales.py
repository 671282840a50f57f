"""The two check-in questions as painted controls: the 0-10 stress scale and the affect grid.

Each is answered by a click or by keys, and neither is ever answered for the person: an
arrow key moves an answer that was given, it never gives one.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFocusEvent,
    QFont,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from unwind.core.checkin import GRID_MAX, GRID_MIN, STRESS_MAX, STRESS_MIN
from unwind.ui.theme import Theme
from unwind.ui.widgets import KeyGuard, paint_focus_ring

ARROW_STEPS = {
    int(Qt.Key.Key_Right): 1,
    int(Qt.Key.Key_Up): 1,
    int(Qt.Key.Key_Left): -1,
    int(Qt.Key.Key_Down): -1,
}


class _FocusRingWidget(QWidget):
    """A painted control that draws its own focus ring, so it repaints when focus moves."""

    theme: Theme

    def set_theme(self, theme: Theme) -> None:
        self.theme = theme
        self.update()

    def focusInEvent(self, event: QFocusEvent) -> None:
        self.update()
        super().focusInEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self.update()
        super().focusOutEvent(event)


class StressScale(_FocusRingWidget):
    """Eleven cells, 0 to 10. Click, or use the digit keys (0-9, '+' for 10); once answered,
    the arrows move the answer. An arrow never answers an unanswered scale: a key meant for
    the page before must not become a rating nobody gave.

    Signals: changed(int).
    """

    changed = Signal(int)

    def __init__(self, theme: Theme, guard: KeyGuard | None = None) -> None:
        super().__init__()
        self.theme = theme
        self.guard = guard or KeyGuard()
        self._value: int | None = None
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName("Stress from 0, completely relaxed, to 10, the most stressed")
        self.setAccessibleDescription("not answered; type a digit from 0 to 9, or + for 10")
        self.setMinimumSize(11 * 26 + 60 + 6, 52)

    def sizeHint(self) -> QSize:
        return QSize(460, 52)

    def value(self) -> int | None:
        return self._value

    def set_value(self, value: int | None, *, notify: bool = True) -> None:
        if value is not None:
            value = min(STRESS_MAX, max(STRESS_MIN, value))
        if value == self._value:
            return
        self._value = value
        self.setAccessibleDescription(
            "not answered; type a digit from 0 to 9, or + for 10"
            if value is None
            else f"{value}; the arrow keys move it"
        )
        self.update()
        if notify and value is not None:
            self.changed.emit(value)

    def _cell(self, index: int) -> QRectF:
        count = STRESS_MAX - STRESS_MIN + 1
        gap = 6.0
        width = (self.width() - 6 - gap * (count - 1)) / count
        return QRectF(3 + index * (width + gap), 4, width, self.height() - 8)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        for index in range(STRESS_MAX - STRESS_MIN + 1):
            if self._cell(index).contains(event.position()):
                self.set_value(STRESS_MIN + index)
                return
        super().mousePressEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        current = self._value
        step = ARROW_STEPS.get(key)
        answers = Qt.Key.Key_0 <= key <= Qt.Key.Key_9 or key == Qt.Key.Key_Plus
        if (answers or step is not None) and not self.guard.allows(event):
            return
        if Qt.Key.Key_0 <= key <= Qt.Key.Key_9:
            self.set_value(key - Qt.Key.Key_0)
        elif key == Qt.Key.Key_Plus:
            self.set_value(STRESS_MAX)
        elif step is not None:
            if current is not None:
                self.set_value(current + step)
        else:
            super().keyPressEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        t = self.theme
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        bold = QFont(self.font())
        bold.setWeight(QFont.Weight.DemiBold)
        painter.setFont(bold)
        for index in range(STRESS_MAX - STRESS_MIN + 1):
            value = STRESS_MIN + index
            rect = self._cell(index)
            chosen = value == self._value
            # every cell alike until one is chosen: no number looks answered, none looks bad
            painter.setBrush(t.color("accent") if chosen else t.color("surface"))
            painter.setPen(QPen(t.color("accent") if chosen else t.color("control"), 1))
            painter.drawRoundedRect(rect, 8, 8)
            painter.setPen(t.color("accent_text") if chosen else t.color("text"))
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, str(value))
        if self.hasFocus():
            paint_focus_ring(painter, QRectF(self.rect()), t.color("focus"), 10)
        painter.end()


class AffectGrid(_FocusRingWidget):
    """Russell's 9 x 9 affect grid: pleasure left to right, energy bottom to top.

    Click a cell, or press Space to place the dot in the middle and move it with the arrow
    keys. Arrows never answer an unanswered grid. Signals: changed(int, int) with
    (valence, arousal), each 1..9.
    """

    changed = Signal(int, int)

    CORNERS = ("Stressed", "Excited", "Depressed", "Relaxed")

    def __init__(self, theme: Theme, guard: KeyGuard | None = None) -> None:
        super().__init__()
        self.theme = theme
        self.guard = guard or KeyGuard()
        self._value: tuple[int, int] | None = None
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self.setAccessibleName("Affect grid: pleasure left to right, energy bottom to top")
        self.setAccessibleDescription("not answered; Space places the dot in the middle")
        self.setMinimumSize(180, 180)
        self.setMaximumSize(340, 340)

    def sizeHint(self) -> QSize:
        return QSize(280, 280)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return width

    def value(self) -> tuple[int, int] | None:
        return self._value

    def set_value(self, value: tuple[int, int] | None, *, notify: bool = True) -> None:
        if value is not None:
            value = (
                min(GRID_MAX, max(GRID_MIN, value[0])),
                min(GRID_MAX, max(GRID_MIN, value[1])),
            )
        if value == self._value:
            return
        self._value = value
        description = (
            "not answered; Space places the dot in the middle"
            if value is None
            else f"pleasure {value[0]} of 9, energy {value[1]} of 9; the arrow keys move it"
        )
        self.setAccessibleDescription(description)
        self.update()
        if notify and value is not None:
            self.changed.emit(*value)

    def _square(self) -> QRectF:
        side = min(self.width(), self.height()) - 2
        return QRectF((self.width() - side) / 2, (self.height() - side) / 2, side, side)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        square = self._square()
        point = event.position()
        if square.contains(point):
            cell = square.width() / 9
            valence = int((point.x() - square.left()) // cell) + 1
            arousal = 9 - int((point.y() - square.top()) // cell)
            self.set_value((valence, arousal))
            return
        super().mousePressEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        moves = {
            int(Qt.Key.Key_Left): (-1, 0),
            int(Qt.Key.Key_Right): (1, 0),
            int(Qt.Key.Key_Up): (0, 1),
            int(Qt.Key.Key_Down): (0, -1),
        }
        key = event.key()
        move = moves.get(key)
        if move is None and key != Qt.Key.Key_Space:
            super().keyPressEvent(event)
            return
        if not self.guard.allows(event):
            return
        if key == Qt.Key.Key_Space:
            if self._value is None:
                self.set_value((5, 5))
        elif move is not None and self._value is not None:
            self.set_value((self._value[0] + move[0], self._value[1] + move[1]))

    def paintEvent(self, event: QPaintEvent) -> None:
        t = self.theme
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        square = self._square()
        cell = square.width() / 9
        painter.setPen(QPen(t.color("control"), 1))
        painter.setBrush(t.color("surface"))
        painter.drawRoundedRect(square, 10, 10)
        grid = QColor(t.border)
        grid.setAlphaF(0.6)
        painter.setPen(QPen(grid, 1))
        for i in range(1, 9):
            x = square.left() + i * cell
            y = square.top() + i * cell
            painter.drawLine(QPointF(x, square.top()), QPointF(x, square.bottom()))
            painter.drawLine(QPointF(square.left(), y), QPointF(square.right(), y))
        centre = QPen(QColor(t.muted), 1.5)
        painter.setPen(centre)
        mid = square.center()
        painter.drawLine(QPointF(mid.x(), square.top()), QPointF(mid.x(), square.bottom()))
        painter.drawLine(QPointF(square.left(), mid.y()), QPointF(square.right(), mid.y()))

        small = QFont(self.font())
        small.setPointSizeF(max(7.0, self.font().pointSizeF() * 0.85))
        painter.setFont(small)
        painter.setPen(QColor(t.muted))
        pad = 6.0
        boxes = (
            (
                QRectF(square.left() + pad, square.top() + pad, square.width() / 2, 20),
                Qt.AlignmentFlag.AlignLeft,
            ),
            (
                QRectF(mid.x(), square.top() + pad, square.width() / 2 - pad, 20),
                Qt.AlignmentFlag.AlignRight,
            ),
            (
                QRectF(square.left() + pad, square.bottom() - 20 - pad, square.width() / 2, 20),
                Qt.AlignmentFlag.AlignLeft,
            ),
            (
                QRectF(mid.x(), square.bottom() - 20 - pad, square.width() / 2 - pad, 20),
                Qt.AlignmentFlag.AlignRight,
            ),
        )
        for (box, align), word in zip(boxes, self.CORNERS, strict=True):
            painter.drawText(box, int(align | Qt.AlignmentFlag.AlignVCenter), word)

        if self._value is not None:
            valence, arousal = self._value
            spot = QRectF(
                square.left() + (valence - 1) * cell,
                square.top() + (9 - arousal) * cell,
                cell,
                cell,
            )
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(t.accent))
            painter.drawEllipse(spot.center(), cell * 0.38, cell * 0.38)
        if self.hasFocus():
            paint_focus_ring(painter, square, t.color("focus"), 10)
        painter.end()
