"""The calm end of a session, with the after-session check-in."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QFrame, QLabel, QPushButton, QVBoxLayout, QWidget

from unwind.core.checkin import Moment
from unwind.core.practice import How, SessionOutcome
from unwind.core.routine import format_duration
from unwind.ui.checkin import CheckInForm
from unwind.ui.layouts import FlowLayout, centred
from unwind.ui.theme import Theme
from unwind.ui.widgets import KeyGuard, PrimaryButton, page_scroller, press_for_enter

THERAPIST_ADVICE = (
    "Take a moment before you get up. If pain keeps coming back, a licensed, qualified "
    "massage therapist can help: tell them what you need."
)
REST_ADVICE = "Take a moment before you get up."


def outcome_words(outcome: SessionOutcome) -> tuple[str, str]:
    """(heading, lead) for what really happened, told with the time practised."""
    done = format_duration(outcome.practised_seconds)
    title = outcome.routine_title
    if outcome.how is How.FINISHED:
        return "Well done", f"You finished {title}: {done} for yourself."
    if outcome.how is How.SKIPPED:
        return "Session ended", f"You skipped through {title}, practising {done} of it."
    if outcome.practised_seconds < 60:
        return "Session ended", f"You stopped {title} after {done}."
    return "Session ended", f"You spent {done} on {title}. Every minute counts."


class FinishPage(QWidget):
    """Signals: library_requested(), again_requested(); `form` holds the after check-in."""

    library_requested = Signal()
    again_requested = Signal()

    def __init__(self, theme: Theme, guard: KeyGuard | None = None) -> None:
        super().__init__()
        self.guard = guard or KeyGuard()
        self.heading = QLabel()
        self.heading.setObjectName("heading")
        self.heading.setWordWrap(True)
        self.summary = QLabel()
        self.summary.setObjectName("subheading")
        self.summary.setWordWrap(True)
        self.advice = QLabel(THERAPIST_ADVICE)
        self.advice.setObjectName("muted")
        self.advice.setWordWrap(True)

        self.form = CheckInForm(theme, Moment.AFTER, self.guard)
        self.checkin_frame = QFrame()
        self.checkin_area = QVBoxLayout(self.checkin_frame)
        self.checkin_area.setContentsMargins(0, 6, 0, 6)
        self.checkin_area.addWidget(self.form)

        self.again_button = QPushButton("Do it again")
        self.again_button.setToolTip("The same routine once more, from its check-in")
        self.again_button.clicked.connect(self.again_requested.emit)
        self.library_button = PrimaryButton("Done")
        self.library_button.setToolTip("Back to the routines (Ctrl+Enter); Esc skips the check-in")
        self.library_button.clicked.connect(self.library_requested.emit)
        buttons = FlowLayout(spacing=8)
        buttons.add_stretch()
        buttons.addWidget(self.again_button)
        buttons.addWidget(self.library_button)

        content = QWidget()
        column = QVBoxLayout(content)
        column.setContentsMargins(28, 18, 28, 18)
        column.setSpacing(10)
        column.addWidget(self.heading)
        column.addWidget(self.summary)
        column.addWidget(self.checkin_frame, 8)
        column.addWidget(self.advice)
        column.addLayout(buttons)
        column.addStretch(1)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(page_scroller(centred(content, 1100)))

    def set_theme(self, theme: Theme) -> None:
        self.form.set_theme(theme)

    def show_outcome(self, outcome: SessionOutcome, *, ask: bool) -> None:
        heading, lead = outcome_words(outcome)
        self.heading.setText(heading)
        self.advice.setText(THERAPIST_ADVICE if outcome.routine.has_massage else REST_ADVICE)
        self.form.open(outcome.uid)
        self.checkin_frame.setVisible(ask)
        if ask:
            lead += " How do you feel now? Answer what you like, or press Esc to skip."
        self.summary.setText(lead)
        if ask:
            self.form.stress.setFocus()
        else:
            self.library_button.setFocus()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter and Esc go back to the routines; in the note, Enter is a new line and
        Ctrl+Enter goes back. A focused button takes Enter itself."""
        key = event.key()
        ctrl = bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
        if key == Qt.Key.Key_Escape:
            if self.guard.allows(event):
                self.library_requested.emit()
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and (ctrl or not self.form.note.hasFocus()):
            press_for_enter(self, event, self.library_button, self.guard)
            return
        super().keyPressEvent(event)
