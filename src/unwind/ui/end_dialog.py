"""Questions in Unwind's own look, with answers that say what they do: the one before a
session practised for over a minute ends, and the one before leaving unsaved changes. The
safe answer (Keep going, Keep editing) is the default, so Enter or Esc never loses anything."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QDialog, QLabel, QPushButton, QVBoxLayout, QWidget

from unwind.ui.layouts import FlowLayout
from unwind.ui.widgets import PrimaryButton, fit_to_screen


class Question(QDialog):
    """`answer` is the key of the button pressed, or the default's after Esc. The dialog is
    accepted for any answer other than the default."""

    def __init__(
        self,
        heading: str,
        words: str,
        answers: Sequence[tuple[str, str]],
        default: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(heading)
        self.setModal(True)
        self.default = self.answer = default
        title = QLabel(heading)
        title.setObjectName("detailTitle")
        title.setWordWrap(True)
        sentence = QLabel(words)
        sentence.setObjectName("muted")
        sentence.setWordWrap(True)
        self.buttons: dict[str, QPushButton] = {}
        row = FlowLayout(spacing=8)  # the answers wrap with large text
        row.add_stretch()
        for key, text in answers:
            button = PrimaryButton(text) if key == default else QPushButton(text)
            button.clicked.connect(lambda _checked=False, key=key: self._choose(key))
            self.buttons[key] = button
            row.addWidget(button)
        self.buttons[default].setDefault(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.setSpacing(10)
        layout.addWidget(title)
        layout.addWidget(sentence)
        layout.addSpacing(8)
        layout.addLayout(row)
        self.buttons[default].setFocus()
        fit_to_screen(self, 460, self.sizeHint().height())

    def _choose(self, key: str) -> None:
        self.answer = key
        self.done(
            QDialog.DialogCode.Rejected if key == self.default else QDialog.DialogCode.Accepted
        )


class EndSessionDialog(Question):
    """Accepted when the person chose to end the session."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            "End this session?",
            "What you have done so far is kept. The session is paused while you decide.",
            (("end", "End session"), ("keep", "Keep going")),
            "keep",
            parent,
        )
        self.end_button = self.buttons["end"]
        self.keep_button = self.buttons["keep"]


def ask_to_end(parent: QWidget) -> bool:
    """Asks whether to end the session now; True to end it."""
    dialog = EndSessionDialog(parent)
    try:
        return dialog.exec() == QDialog.DialogCode.Accepted
    finally:
        dialog.deleteLater()


def leave_question(parent: QWidget, can_save: bool) -> Question:
    """Before leaving a routine with changes that are not saved."""
    answers = [("discard", "Leave without saving"), ("stay", "Keep editing")]
    if can_save:
        answers.insert(0, ("save", "Save"))
    return Question(
        "Leave the editor?",
        "This routine has changes that are not saved."
        + ("" if can_save else " It cannot be saved until the problem shown is fixed."),
        answers,
        "stay",
        parent,
    )
