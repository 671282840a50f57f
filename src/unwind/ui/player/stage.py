"""The player's stage: the picture beside the words, and the veil that says "Paused".

While paused the stage dims under a veil with one large Resume button, so a paused session is
never mistaken for one that runs; the veil takes no time while the session plays (it is
hidden).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette, QResizeEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from unwind.ui.layouts import Columns, FlowLayout
from unwind.ui.player.pacer import PacerWidget
from unwind.ui.widgets import PrimaryButton, named

VEIL_ALPHA = 0.85
"""How much of the page colour lies over the stage while paused."""


class PausedVeil(QWidget):
    """The page colour over the stage, "Paused", and a large Resume button.

    Signals: resume_requested().
    """

    resume_requested = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.word = QLabel("Paused")
        self.word.setObjectName("pausedWord")
        self.word.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.word.setWordWrap(True)  # "Paused while your computer slept" on a narrow stage
        self.hint = QLabel("Space goes on where you left off.")
        self.hint.setObjectName("muted")
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.resume_button = PrimaryButton("Resume")
        self.resume_button.setProperty("emphasis", "large")
        self.resume_button.setToolTip("Go on with the session (Space)")
        self.resume_button.clicked.connect(self.resume_requested.emit)
        card = QFrame()
        card.setObjectName("card")
        inside = QVBoxLayout(card)
        inside.setContentsMargins(28, 18, 28, 18)
        inside.setSpacing(10)
        inside.addWidget(self.word)
        inside.addWidget(self.resume_button, 0, Qt.AlignmentFlag.AlignHCenter)
        inside.addWidget(self.hint)
        card.setMaximumWidth(420)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(card, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)
        self.hide()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        colour = QColor(self.palette().color(QPalette.ColorRole.Window))
        colour.setAlphaF(VEIL_ALPHA)
        painter.fillRect(event.rect(), colour)
        painter.end()


class StepWords(QWidget):
    """The step's words: its number and title, where and how (for massage), the instruction,
    the small pacer with its word for breathing while working, and the time left."""

    def __init__(self) -> None:
        super().__init__()
        self.step_number = QLabel()
        self.step_number.setObjectName("muted")
        self.step_title = QLabel()
        self.step_title.setObjectName("stepTitle")
        self.step_title.setWordWrap(True)
        self.where_pill = QLabel()
        self.how_pill = QLabel()
        self.pressure_pill = QLabel()
        pills = FlowLayout(spacing=6)
        for pill in (self.where_pill, self.how_pill, self.pressure_pill):
            pill.setObjectName("pill")
            pills.addWidget(pill)
        self.instruction = QLabel()
        self.instruction.setObjectName("instruction")
        self.instruction.setWordWrap(True)
        self.instruction.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.pacer = PacerWidget(compact=True)
        self.pacer.setFixedSize(110, 110)
        self.word = QLabel()
        self.word.setObjectName("sideWord")
        self.word.setWordWrap(True)
        self.side_row = QWidget()
        side_layout = QHBoxLayout(self.side_row)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.setSpacing(14)
        side_layout.addWidget(self.pacer)
        side_layout.addWidget(self.word, 1)
        self.breath_info = QLabel()
        self.breath_info.setObjectName("muted")
        self.breath_info.setWordWrap(True)
        self.countdown = QLabel()
        self.countdown.setObjectName("countdown")
        named(self.countdown, "Time left in this step", tip=False)
        words = QVBoxLayout(self)
        words.setContentsMargins(0, 0, 0, 0)
        words.setSpacing(10)
        words.addStretch(1)
        words.addWidget(self.step_number)
        words.addWidget(self.step_title)
        words.addLayout(pills)
        for part in (self.instruction, self.side_row, self.countdown, self.breath_info):
            words.addWidget(part)
        words.addStretch(2)


class Stage(QWidget):
    """The picture (pacer or body map) and the step's words side by side, or the picture
    above the words when narrow; the veil covers both while paused."""

    def __init__(self, picture: QWidget, words: QWidget, side_by_side_from: int) -> None:
        super().__init__()
        self.columns = Columns(side_by_side_from, spacing=30)
        self.columns.add(picture, 5, stacked_height=220)
        self.columns.add(words, 5)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.columns)
        self.veil = PausedVeil(self)

    def set_paused(self, paused: bool) -> None:
        # tall enough for the veil's card, so Resume is never squeezed
        self.setMinimumHeight(self.veil.minimumSizeHint().height() if paused else 0)
        self.veil.setGeometry(self.rect())
        self.veil.setVisible(paused)
        if paused:
            self.veil.raise_()

    def resizeEvent(self, event: QResizeEvent) -> None:
        self.veil.setGeometry(self.rect())
        super().resizeEvent(event)
