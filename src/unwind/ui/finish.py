"""The calm end of a session, with room for the journal's after-session check-in."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from unwind.core.routine import format_duration
from unwind.core.session import SessionOutcome


class FinishPage(QWidget):
    """Signals: library_requested(), again_requested().

    `checkin_area` is the layout where the after-session check-in is placed.
    """

    library_requested = Signal()
    again_requested = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.heading = QLabel()
        self.heading.setObjectName("heading")
        self.heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.summary = QLabel()
        self.summary.setObjectName("subheading")
        self.summary.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.summary.setWordWrap(True)
        self.advice = QLabel(
            "Take a moment before you get up. If pain keeps coming back, a licensed, qualified "
            "massage therapist can help: tell them what you need."
        )
        self.advice.setObjectName("muted")
        self.advice.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.advice.setWordWrap(True)

        self.checkin_frame = QFrame()
        self.checkin_area = QVBoxLayout(self.checkin_frame)
        self.checkin_area.setContentsMargins(0, 0, 0, 0)

        self.again_button = QPushButton("Do it again")
        self.again_button.clicked.connect(self.again_requested.emit)
        self.library_button = QPushButton("Back to routines")
        self.library_button.setObjectName("primary")
        self.library_button.clicked.connect(self.library_requested.emit)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.again_button)
        buttons.addWidget(self.library_button)
        buttons.addStretch(1)

        column = QVBoxLayout()
        column.setSpacing(16)
        column.addStretch(2)
        column.addWidget(self.heading)
        column.addWidget(self.summary)
        column.addWidget(self.checkin_frame)
        column.addLayout(buttons)
        column.addSpacing(12)
        column.addWidget(self.advice)
        column.addStretch(3)
        outer = QHBoxLayout(self)
        outer.setContentsMargins(28, 22, 28, 22)
        outer.addStretch(1)
        outer.addLayout(column, 4)
        outer.addStretch(1)

    def show_outcome(self, outcome: SessionOutcome) -> None:
        done = format_duration(outcome.seconds_completed)
        if outcome.completed:
            self.heading.setText("Well done")
            self.summary.setText(f"You finished {outcome.routine_title}: {done} for yourself.")
        else:
            self.heading.setText("Session ended")
            self.summary.setText(
                f"You spent {done} on {outcome.routine_title}. Every minute counts."
            )
        self.library_button.setFocus()
