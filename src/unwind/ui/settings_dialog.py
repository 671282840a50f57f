"""The settings dialog, built from the declarative schema: one control per visible setting.

The controls are the same schema-bound controls the player uses (ui.setting_controls): a
change applies at once, everywhere. Each setting shows its label, its control and, below, its
description in quieter words; a switch carries its label itself. The form scrolls when the
screen is small or the text large.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from unwind.core.routine import Routine
from unwind.core.settings import SCHEMA, Settings
from unwind.ui.setting_controls import control_for
from unwind.ui.widgets import PrimaryButton, fit_to_screen, page_scroller


class SettingsDialog(QDialog):
    def __init__(
        self, settings: Settings, parent: QWidget | None = None, routines: Sequence[Routine] = ()
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Unwind settings")
        self.settings = settings
        self.controls: dict[str, QWidget] = {}
        self.hints: dict[str, QLabel] = {}
        content = QWidget()
        form = QFormLayout(content)
        form.setContentsMargins(0, 0, 8, 0)
        form.setVerticalSpacing(16)
        form.setHorizontalSpacing(18)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        section = ""
        for setting in SCHEMA:
            if not setting.label:
                continue
            if setting.section != section:
                section = setting.section
                heading = QLabel(section)
                heading.setObjectName("subheading")
                form.addRow(heading)
            control = control_for(settings, setting.name, routines)
            self.controls[setting.name] = control
            holder = QWidget()
            column = QVBoxLayout(holder)
            column.setContentsMargins(0, 0, 0, 0)
            column.setSpacing(4)
            column.addWidget(control)
            hint = QLabel(setting.description)
            hint.setObjectName("muted")
            hint.setWordWrap(True)
            self.hints[setting.name] = hint
            column.addWidget(hint)
            if isinstance(control, QCheckBox):
                form.addRow(holder)  # the switch carries its own label
            else:
                label = QLabel(setting.label)
                label.setBuddy(control)
                form.addRow(label, holder)
        self.close_button = PrimaryButton("Close")
        self.close_button.setDefault(True)
        self.close_button.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.setSpacing(12)
        layout.addWidget(page_scroller(content), 1)
        layout.addLayout(buttons)
        self.content = content
        fit_to_screen(self, 620, 620)  # the weekdays' row takes about 560
