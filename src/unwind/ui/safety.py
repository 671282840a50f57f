"""Safety guidance, shown before a massage routine's first run and whenever asked."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QFrame, QLabel, QPushButton, QVBoxLayout, QWidget

from unwind.core.routine import MASSAGE_SAFETY, Routine
from unwind.ui.layouts import FlowLayout, centred
from unwind.ui.widgets import (
    KeyGuard,
    PrimaryButton,
    named,
    page_scroller,
    press_for_enter,
    scroll_area,
)


class SafetyPage(QWidget):
    """Signals: accepted(Routine | None) to go on; dismissed() to go back.

    Enter goes on (unless it is the Enter that opened the page, pressed once too often).
    """

    accepted = Signal(object)
    dismissed = Signal()

    def __init__(self, guard: KeyGuard | None = None) -> None:
        super().__init__()
        self.guard = guard or KeyGuard()
        self._routine: Routine | None = None
        self.heading = QLabel("Before you start")
        self.heading.setObjectName("heading")
        self.heading.setWordWrap(True)
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
        self.text_area = scroll_area(card)
        named(self.text_area, "Safety guidance", "The arrow and Page keys scroll it", tip=False)
        self.text_area.setMinimumHeight(140)

        self.back_button = QPushButton("Back")
        self.back_button.setToolTip("Back to the routines (Esc)")
        self.back_button.clicked.connect(self.dismissed.emit)
        self.go_button = PrimaryButton()
        self.go_button.clicked.connect(lambda: self.accepted.emit(self._routine))
        buttons = FlowLayout(spacing=8)
        buttons.addWidget(self.back_button)
        buttons.add_stretch()
        buttons.addWidget(self.go_button)

        content = QWidget()
        column = QVBoxLayout(content)
        column.setContentsMargins(28, 22, 28, 22)
        column.setSpacing(14)
        column.addWidget(self.heading)
        column.addWidget(self.intro)
        column.addWidget(self.text_area, 1)
        column.addLayout(buttons)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(page_scroller(centred(content, 980)))

    def show_for(self, routine: Routine | None) -> None:
        """Shows the notes for a routine about to start, or the general guidance."""
        self._routine = routine
        notes = routine.safety_notes() if routine is not None else MASSAGE_SAFETY
        self.notes.setText(
            "<ul style='margin-left:0px; -qt-list-indent:1'>"
            + "".join(f"<li style='margin-bottom:10px'>{_escape(n)}</li>" for n in notes)
            + "</ul>"
        )
        if routine is None:
            self.heading.setText("Massage safety")
            self.intro.setText("Self-massage should feel comfortable. Please keep these in mind.")
            self.go_button.setText("Done")
            self.go_button.setToolTip("Back to the routines (Enter)")
            self.back_button.hide()
        else:
            self.heading.setText("Before you start")
            self.intro.setText(
                f"{routine.title} includes self-massage. Please read this once; "
                "the Safety button brings it back at any time."
            )
            self.go_button.setText("I understand, start")
            self.go_button.setToolTip("Start the routine (Enter)")
            self.back_button.show()
        self.go_button.setFocus()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not press_for_enter(self, event, self.go_button, self.guard):
            super().keyPressEvent(event)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
