"""The edit dialog: a session's stress before and after, and its note."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from unwind.journal.models import STRESS_ANCHORS, STRESS_MAX, STRESS_MIN, CheckIn, SessionRecord
from unwind.ui.journal.words import MINUS, NOT_ANSWERED, date_text, stress_of
from unwind.ui.note_limit import limit_note
from unwind.ui.widgets import PrimaryButton, fit_to_screen, page_scroller


def with_stress(checkin: CheckIn | None, stress: int | None) -> CheckIn | None:
    """A check-in with its stress changed and everything else kept; None if nothing is left."""
    if checkin is None:
        return None if stress is None else CheckIn(stress=stress)
    changed = replace(checkin, stress=stress)
    return None if changed.is_empty else changed


class StressSpin(QSpinBox):
    """0..10, with one more step below 0 that means "not answered" (None, never a default)."""

    def __init__(self, value: int | None) -> None:
        super().__init__()
        self.setRange(STRESS_MIN - 1, STRESS_MAX)
        self.setSpecialValueText(NOT_ANSWERED)
        self.setMinimumWidth(130)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        # The style sheet gives it zero-width arrows, not NoButtons: with a style sheet,
        # NoButtons squeezes the text to one pixel (Qt 6.11). The round buttons of
        # with_steppers take their place.
        self.set_stress(value)

    def stress(self) -> int | None:
        value = self.value()
        return None if value < STRESS_MIN else value

    def set_stress(self, value: int | None) -> None:
        self.setValue(STRESS_MIN - 1 if value is None else value)

    def with_steppers(self) -> QHBoxLayout:
        """The box between round minus and plus buttons, clearer than a style's tiny arrows. The
        buttons take no focus: the arrow keys and Page keys step the box itself."""
        row = QHBoxLayout()
        row.setSpacing(6)
        for text, step, name in ((MINUS, self.stepDown, "Lower"), ("+", self.stepUp, "Higher")):
            button = QPushButton(text)
            button.setObjectName("stepper")
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setAccessibleName(f"{name} {self.accessibleName().lower()}")
            button.setAutoRepeat(True)
            button.setFixedWidth(40)
            button.clicked.connect(step)
            if text == "+":
                row.addWidget(self)
            row.addWidget(button)
        row.addStretch(1)
        return row


class EditSessionDialog(QDialog):
    """Changes a session's stress before and after, and its note. Save accepts."""

    def __init__(self, record: SessionRecord, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.record = record
        self.setWindowTitle("Edit session")
        self.setModal(True)
        title = QLabel(record.routine_title)
        title.setObjectName("detailTitle")
        title.setWordWrap(True)
        when = QLabel(date_text(record.started_at))
        when.setObjectName("muted")

        self.before = StressSpin(stress_of(record.before))
        self.before.setAccessibleName("Stress before")
        self.after = StressSpin(stress_of(record.after))
        self.after.setAccessibleName("Stress after")
        scale = QLabel(
            f"0 = {STRESS_ANCHORS[0].lower()}, 10 = {STRESS_ANCHORS[10].lower()}. "
            f"One step below 0 is “{NOT_ANSWERED}”."
        )
        scale.setObjectName("muted")
        scale.setWordWrap(True)
        self.note = QPlainTextEdit(record.note)
        self.note.setAccessibleName("Note")
        self.note.setTabChangesFocus(True)
        self.note.setPlaceholderText("Anything you want to remember about this session")
        self.note.setFixedHeight(110)
        self.note_full = limit_note(self.note)

        form = QGridLayout()
        form.setHorizontalSpacing(14)
        form.setVerticalSpacing(10)
        before_label = QLabel("Stress &before")
        before_label.setBuddy(self.before)
        after_label = QLabel("Stress &after")
        after_label.setBuddy(self.after)
        note_label = QLabel("&Note")
        note_label.setBuddy(self.note)
        form.addWidget(before_label, 0, 0)
        form.addLayout(self.before.with_steppers(), 0, 1, 1, 2)
        form.addWidget(after_label, 1, 0)
        form.addLayout(self.after.with_steppers(), 1, 1, 1, 2)
        form.addWidget(scale, 2, 0, 1, 3)
        form.addWidget(note_label, 3, 0, Qt.AlignmentFlag.AlignTop)
        form.addWidget(self.note, 3, 1, 1, 2)
        form.addWidget(self.note_full, 4, 1, 1, 2)
        form.setColumnStretch(2, 1)

        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.clicked.connect(self.reject)
        self.save_button = PrimaryButton("Save")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.save_button)

        content = QWidget()
        fields = QVBoxLayout(content)
        fields.setContentsMargins(0, 0, 0, 0)
        fields.setSpacing(12)
        fields.addWidget(title)
        fields.addWidget(when)
        fields.addSpacing(4)
        fields.addLayout(form)
        fields.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 18)
        layout.setSpacing(12)
        layout.addWidget(page_scroller(content), 1)  # with large text on a small screen
        layout.addLayout(buttons)
        fit_to_screen(self, 520, self.sizeHint().height())
        self.before.setFocus()

    def values(self) -> tuple[CheckIn | None, CheckIn | None, str]:
        """The check-ins and note as they would be saved, other answers kept as they were."""
        return (
            with_stress(self.record.before, self.before.stress()),
            with_stress(self.record.after, self.after.stress()),
            self.note.toPlainText().strip(),
        )
