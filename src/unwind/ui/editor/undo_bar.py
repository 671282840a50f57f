"""The library's line for what was just done, with the button that takes it back."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton


class UndoBar(QFrame):
    """A line saying what was just done, with the button that takes it back."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("notice")
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.undo_button = QPushButton("Undo")
        self.undo_button.setToolTip("Take it back (Ctrl+Z)")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(14, 6, 8, 6)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.undo_button)
        self.hide()

    def say(self, text: str) -> None:
        self.label.setText(text)
        self.show()
