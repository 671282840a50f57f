"""The settings dialog, built from the declarative schema: one control per visible setting."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from unwind.core.settings import SCHEMA, Setting, Settings

SLIDER_STEPS = 100


class SettingsDialog(QDialog):
    """Signals: changed(str) with the name of a setting the person just changed."""

    changed = Signal(str)

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
            control = self._control_for(setting)
            control.setToolTip(setting.description)
            control.setAccessibleName(setting.label)
            control.setAccessibleDescription(setting.description)
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
            form.addRow(setting.label, holder)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)

    def _control_for(self, setting: Setting) -> QWidget:
        value: Any = self.settings.get(setting.name)
        if setting.type is bool:
            box = QCheckBox("On")
            box.setChecked(bool(value))
            box.toggled.connect(lambda on, n=setting.name: self._set(n, on))
            return box
        if setting.type is float:
            low = setting.minimum or 0.0
            high = setting.maximum if setting.maximum is not None else 1.0
            slider = QSlider(Qt.Orientation.Horizontal)
            slider.setRange(0, SLIDER_STEPS)
            slider.setValue(round((float(value) - low) / (high - low) * SLIDER_STEPS))
            slider.valueChanged.connect(
                lambda v, n=setting.name, lo=low, hi=high: self._set(
                    n, lo + (hi - lo) * v / SLIDER_STEPS
                )
            )
            return slider
        if setting.type is str and setting.choices is not None:
            combo = QComboBox()
            labels = setting.choice_labels or {}
            for choice in setting.choices:
                combo.addItem(labels.get(choice, choice), choice)
            combo.setCurrentIndex(max(0, combo.findData(value)))
            combo.currentIndexChanged.connect(
                lambda i, n=setting.name, c=combo: self._set(n, c.itemData(i))
            )
            return combo
        raise TypeError(f"no control for setting {setting.name}")

    def _set(self, name: str, value: object) -> None:
        self.settings.set(name, value)
        self.changed.emit(name)
