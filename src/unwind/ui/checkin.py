"""The check-in: stress 0-10 and an affect-grid tap before, the same plus tension areas, a note
and tags after. Every answer is handed on the moment it is given; nothing unanswered is filled
in with a default.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, QTimer, Signal
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
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from unwind.journal.models import (
    GRID_MAX,
    GRID_MIN,
    STRESS_ANCHORS,
    STRESS_MAX,
    STRESS_MIN,
    TENSION_AREAS,
    CheckIn,
    Moment,
)
from unwind.ui.theme import Theme

NOTE_SAVE_DELAY_MS = 500
"""A draft of the note is saved this long after the last key: a crash loses under a second."""


class _FocusRingWidget(QWidget):
    """A painted control that draws its own focus ring, so it repaints when focus moves."""

    def focusInEvent(self, event: QFocusEvent) -> None:
        self.update()
        super().focusInEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self.update()
        super().focusOutEvent(event)


class StressScale(_FocusRingWidget):
    """Eleven cells, 0 to 10. Click, or use the digit keys (0-9, '+' for 10) and arrows.

    Signals: changed(int).
    """

    changed = Signal(int)

    def __init__(self, theme: Theme) -> None:
        super().__init__()
        self.theme = theme
        self._value: int | None = None
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName("Stress from 0, completely relaxed, to 10, the most stressed")
        self.setMinimumHeight(46)

    def sizeHint(self) -> QSize:
        return QSize(440, 46)

    def value(self) -> int | None:
        return self._value

    def set_value(self, value: int | None, *, notify: bool = True) -> None:
        if value is not None:
            value = min(STRESS_MAX, max(STRESS_MIN, value))
        if value == self._value:
            return
        self._value = value
        self.setAccessibleDescription("not answered" if value is None else str(value))
        self.update()
        if notify and value is not None:
            self.changed.emit(value)

    def _cell(self, index: int) -> QRectF:
        count = STRESS_MAX - STRESS_MIN + 1
        gap = 6.0
        width = (self.width() - gap * (count - 1)) / count
        return QRectF(index * (width + gap), 2, width, self.height() - 4)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        for index in range(STRESS_MAX - STRESS_MIN + 1):
            if self._cell(index).contains(event.position()):
                self.set_value(STRESS_MIN + index)
                return
        super().mousePressEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        current = self._value
        if Qt.Key.Key_0 <= key <= Qt.Key.Key_9:
            self.set_value(key - Qt.Key.Key_0)
        elif key == Qt.Key.Key_Plus:
            self.set_value(STRESS_MAX)
        elif key in (Qt.Key.Key_Right, Qt.Key.Key_Up):
            self.set_value(5 if current is None else current + 1)
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Down):
            self.set_value(5 if current is None else current - 1)
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
            # a gentle ramp from calm to tense, so the scale reads without words
            base = QColor(t.accent_soft) if value < 7 else QColor(t.surface_alt)
            painter.setBrush(QColor(t.accent) if chosen else base)
            border = QColor(t.accent) if chosen else QColor(t.border)
            painter.setPen(QPen(border, 1))
            painter.drawRoundedRect(rect, 8, 8)
            painter.setPen(QColor(t.accent_text) if chosen else QColor(t.text))
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, str(value))
        if self.hasFocus():
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(QPen(QColor(t.accent), 2, Qt.PenStyle.DashLine))
            painter.drawRoundedRect(QRectF(self.rect()).adjusted(1, 1, -1, -1), 9, 9)
        painter.end()


class AffectGrid(_FocusRingWidget):
    """Russell's 9 x 9 affect grid: pleasure left to right, energy bottom to top.

    Click a cell, or move with the arrow keys (the first press lands in the middle).
    Signals: changed(int, int) with (valence, arousal), each 1..9.
    """

    changed = Signal(int, int)

    CORNERS = ("Stressed", "Excited", "Depressed", "Relaxed")

    def __init__(self, theme: Theme) -> None:
        super().__init__()
        self.theme = theme
        self._value: tuple[int, int] | None = None
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self.setAccessibleName("Affect grid: pleasure left to right, energy bottom to top")
        self.setMinimumSize(150, 150)

    def sizeHint(self) -> QSize:
        return QSize(260, 260)

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
        description = "not answered" if value is None else f"pleasure {value[0]}, energy {value[1]}"
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
            Qt.Key.Key_Left: (-1, 0),
            Qt.Key.Key_Right: (1, 0),
            Qt.Key.Key_Up: (0, 1),
            Qt.Key.Key_Down: (0, -1),
        }
        move = moves.get(Qt.Key(event.key()))
        if move is None:
            super().keyPressEvent(event)
            return
        if self._value is None:
            self.set_value((5, 5))
        else:
            self.set_value((self._value[0] + move[0], self._value[1] + move[1]))

    def paintEvent(self, event: QPaintEvent) -> None:
        t = self.theme
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        square = self._square()
        cell = square.width() / 9
        painter.setPen(QPen(QColor(t.border), 1))
        painter.setBrush(QColor(t.surface))
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
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(QPen(QColor(t.accent), 2, Qt.PenStyle.DashLine))
            painter.drawRoundedRect(square.adjusted(1, 1, -1, -1), 10, 10)
        painter.end()


class CheckInForm(QWidget):
    """The questions of one check-in. Every change is emitted at once.

    Signals: answered(CheckIn) on every answer; note_changed(str) shortly after typing stops.
    """

    answered = Signal(object)
    note_changed = Signal(str)

    def __init__(self, theme: Theme, moment: Moment) -> None:
        super().__init__()
        self.moment = moment
        self.stress = StressScale(theme)
        self.grid = AffectGrid(theme)
        self.area_buttons: dict[str, QPushButton] = {}
        self.note = QPlainTextEdit()
        self.tags = QLineEdit()
        self._note_timer = QTimer(self)
        self._note_timer.setSingleShot(True)
        self._note_timer.setInterval(NOTE_SAVE_DELAY_MS)
        self._note_timer.timeout.connect(self.flush_note)

        stress_label = QLabel("How stressed or tense do you feel right now?")
        stress_label.setObjectName("formLabel")
        stress_label.setBuddy(self.stress)
        anchors = QHBoxLayout()
        low = QLabel(f"0 · {STRESS_ANCHORS[0]}")
        high = QLabel(f"{STRESS_ANCHORS[10]} · 10")
        for label in (low, high):
            label.setObjectName("muted")
        anchors.addWidget(low)
        anchors.addStretch(1)
        anchors.addWidget(high)
        grid_label = QLabel("Tap how you feel: pleasant to the right, more energy higher up.")
        grid_label.setObjectName("formLabel")
        grid_label.setWordWrap(True)

        left = QVBoxLayout()
        left.setSpacing(8)
        left.addWidget(stress_label)
        left.addWidget(self.stress)
        left.addLayout(anchors)
        left.addSpacing(10)
        left.addWidget(grid_label)
        left.addWidget(self.grid, 1)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(28)
        layout.addLayout(left, 5)

        if moment is Moment.AFTER:
            right = QVBoxLayout()
            right.setSpacing(8)
            areas_label = QLabel("Where is any tension left? (optional)")
            areas_label.setObjectName("formLabel")
            right.addWidget(areas_label)
            chips = QGridLayout()
            chips.setSpacing(6)
            for i, (key, name) in enumerate(TENSION_AREAS.items()):
                button = QPushButton(name)
                button.setObjectName("chip")
                button.setCheckable(True)
                button.toggled.connect(self._emit)
                self.area_buttons[key] = button
                chips.addWidget(button, i // 3, i % 3)
            right.addLayout(chips)
            right.addSpacing(8)
            note_label = QLabel("A note for yourself (optional)")
            note_label.setObjectName("formLabel")
            note_label.setBuddy(self.note)
            self.note.setPlaceholderText("What did you notice?")
            self.note.setTabChangesFocus(True)
            self.note.textChanged.connect(self._note_timer.start)
            right.addWidget(note_label)
            right.addWidget(self.note, 1)
            tags_label = QLabel("Tags, separated by commas (optional)")
            tags_label.setObjectName("formLabel")
            tags_label.setBuddy(self.tags)
            self.tags.setPlaceholderText("evening, after work")
            self.tags.editingFinished.connect(self._emit)
            right.addWidget(tags_label)
            right.addWidget(self.tags)
            layout.addLayout(right, 4)
        else:
            self.note.hide()
            self.tags.hide()

        self.stress.changed.connect(self._emit)
        self.grid.changed.connect(self._emit)

    def checkin(self) -> CheckIn:
        grid = self.grid.value()
        tags = tuple(t.strip() for t in self.tags.text().split(",") if t.strip())
        return CheckIn(
            stress=self.stress.value(),
            valence=grid[0] if grid else None,
            arousal=grid[1] if grid else None,
            tension_areas=tuple(k for k, b in self.area_buttons.items() if b.isChecked()),
            tags=tags,
        )

    def _emit(self, *_args: object) -> None:
        self.answered.emit(self.checkin())

    def flush_note(self) -> None:
        """Hands on the note now (also called when the form is left)."""
        self._note_timer.stop()
        if self.moment is Moment.AFTER:
            self.note_changed.emit(self.note.toPlainText())

    def clear(self) -> None:
        self._note_timer.stop()
        self.stress.set_value(None, notify=False)
        self.grid.set_value(None, notify=False)
        for button in self.area_buttons.values():
            button.blockSignals(True)
            button.setChecked(False)
            button.blockSignals(False)
        self.note.blockSignals(True)
        self.note.clear()
        self.note.blockSignals(False)
        self.tags.clear()
        self.stress.setFocus()


class CheckInPage(QWidget):
    """The check-in before a session. Signals: done(), skipped(), back_requested()."""

    done = Signal()
    skipped = Signal()
    back_requested = Signal()

    def __init__(self, theme: Theme) -> None:
        super().__init__()
        self.heading = QLabel("Before you begin")
        self.heading.setObjectName("heading")
        self.intro = QLabel()
        self.intro.setObjectName("subheading")
        self.intro.setWordWrap(True)
        self.form = CheckInForm(theme, Moment.BEFORE)
        self.back_button = QPushButton("Back")
        self.back_button.clicked.connect(self.back_requested.emit)
        self.skip_button = QPushButton("Skip  (Esc)")
        self.skip_button.clicked.connect(self.skipped.emit)
        self.start_button = QPushButton("Start  (Enter)")
        self.start_button.setObjectName("primary")
        self.start_button.clicked.connect(self.done.emit)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        buttons.addWidget(self.skip_button)
        buttons.addWidget(self.start_button)

        column = QVBoxLayout()
        column.setSpacing(12)
        column.addWidget(self.heading)
        column.addWidget(self.intro)
        column.addSpacing(6)
        column.addWidget(self.form, 1)
        column.addLayout(buttons)
        outer = QHBoxLayout(self)
        outer.setContentsMargins(28, 22, 28, 22)
        outer.addStretch(1)
        outer.addLayout(column, 3)
        outer.addStretch(1)

    def open_for(self, title: str) -> None:
        self.form.clear()
        self.intro.setText(
            f"A quick check-in before {title}: two taps, or skip it. "
            "Unanswered questions stay blank."
        )

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.skipped.emit()
        elif event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.done.emit()
        else:
            super().keyPressEvent(event)
