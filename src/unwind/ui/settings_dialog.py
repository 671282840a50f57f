"""The settings dialog, built from the declarative schema: one control per visible setting.

The controls are the same schema-bound controls the player uses (ui.setting_controls): a
change applies at once, everywhere.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from unwind.core.settings import SCHEMA, Settings
from unwind.ui.setting_controls import control_for


class SettingsDialog(QDialog):
    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Unwind settings")
        self.settings = settings
        self.controls: dict[str, QWidget] = {}
        form = QFormLayout()
        form.setSpacing(12)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for setting in SCHEMA:
            if not setting.label:
                continue
            control = control_for(settings, setting.name)
            self.controls[setting.name] = control
            holder = QWidget()
            column = QVBoxLayout(holder)
            column.setContentsMargins(0, 0, 0, 0)
            column.setSpacing(2)
            column.addWidget(control)
            hint = QLabel(setting.description)
            hint.setObjectName("muted")
            hint.setWordWrap(True)
            column.addWidget(hint)
            if isinstance(control, QCheckBox):
                form.addRow("", holder)  # the check box carries its own label
            else:
                form.addRow(setting.label, holder)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)
