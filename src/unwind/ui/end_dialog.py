"""The question before a session practised for over a minute ends: in Unwind's own look, with
answers that say what they do. Keep going is the default, so Enter or Esc never ends a session
by accident."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from unwind.ui.widgets import PrimaryButton, fit_to_screen


class EndSessionDialog(QDialog):
    """Accepted when the person chose to end the session."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("End this session?")
        self.setModal(True)
        heading = QLabel("End this session?")
        heading.setObjectName("detailTitle")
        heading.setWordWrap(True)
        words = QLabel("What you have done so far is kept. The session is paused while you decide.")
        words.setObjectName("muted")
        words.setWordWrap(True)
        self.end_button = QPushButton("End session")
        self.end_button.clicked.connect(self.accept)
        self.keep_button = PrimaryButton("Keep going")
        self.keep_button.setDefault(True)
        self.keep_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.setSpacing(8)
        buttons.addStretch(1)
        buttons.addWidget(self.end_button)
        buttons.addWidget(self.keep_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.setSpacing(10)
        layout.addWidget(heading)
        layout.addWidget(words)
        layout.addSpacing(8)
        layout.addLayout(buttons)
        self.keep_button.setFocus()
        fit_to_screen(self, 440, self.sizeHint().height())


def ask_to_end(parent: QWidget) -> bool:
    """Asks whether to end the session now; True to end it."""
    dialog = EndSessionDialog(parent)
    try:
        return dialog.exec() == QDialog.DialogCode.Accepted
    finally:
        dialog.deleteLater()
