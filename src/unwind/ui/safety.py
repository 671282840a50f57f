"""Safety guidance, shown before a massage routine's first run and whenever asked."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from unwind.core.routine import MASSAGE_SAFETY, Routine
from unwind.ui.widgets import scroll_area


class SafetyPage(QWidget):
    """Signals: accepted(Routine | None) to go on; dismissed() to go back."""

    accepted = Signal(object)
    dismissed = Signal()

    def __init__(self) -> None:
        super().__init__()
        self._routine: Routine | None = None
        self.heading = QLabel("Before you start")
        self.heading.setObjectName("heading")
        self.intro = QLabel()
        self.intro.setObjectName("subheading")
        self.intro.setWordWrap(True)
        self.notes = QLabel()
        self.notes.setWordWrap(True)
        self.notes.setTextFormat(Qt.TextFormat.RichText)
        self.notes.setObjectName("instruction")
        card = QFrame()
        card.setObjectName("card")
        inner = QVBoxLayout(card)
        inner.setContentsMargins(24, 18, 24, 18)
        inner.addWidget(self.notes)
        inner.addStretch(1)
        scroll = scroll_area(card)

        self.back_button = QPushButton("Back")
        self.back_button.clicked.connect(self.dismissed.emit)
        self.go_button = QPushButton()
        self.go_button.setObjectName("primary")
        self.go_button.clicked.connect(lambda: self.accepted.emit(self._routine))
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        buttons.addWidget(self.go_button)

        column = QVBoxLayout()
        column.setSpacing(14)
        column.addWidget(self.heading)
        column.addWidget(self.intro)
        column.addWidget(scroll, 1)
        column.addLayout(buttons)
        outer = QHBoxLayout(self)
        outer.setContentsMargins(28, 22, 28, 22)
        outer.addStretch(1)
        outer.addLayout(column, 8)
        outer.addStretch(1)

    def show_for(self, routine: Routine | None) -> None:
        """Shows the notes for a routine about to start, or the general guidance."""
        self._routine = routine
        notes = routine.safety_notes() if routine is not None else MASSAGE_SAFETY
        self.notes.setText(
            "<ul style='margin-left:-14px'>"
            + "".join(f"<li style='margin-bottom:10px'>{_escape(n)}</li>" for n in notes)
            + "</ul>"
        )
        if routine is None:
            self.heading.setText("Massage safety")
            self.intro.setText("Self-massage should feel comfortable. Please keep these in mind.")
            self.go_button.setText("Done")
            self.back_button.hide()
        else:
            self.heading.setText("Before you start")
            self.intro.setText(
                f"{routine.title} includes self-massage. Please read this once; "
                "the Safety button brings it back at any time."
            )
            self.go_button.setText("I understand, start")
            self.back_button.show()
        self.go_button.setFocus()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
