"""Controls made from the settings schema, each bound to its setting both ways.

A control writes the setting when the person changes it, and follows the setting when it
changes anywhere else (the settings dialog, the M key, the player's own controls), so the
settings dialog and the player's sound controls are the same controls and never disagree.
Each is named for screen readers from the schema (its label, and its description after it)
and shows focus through the style sheet; a yes/no setting is a `Switch` with its label.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QPushButton, QSlider, QWidget

from unwind.core.guidance import eyes_closed, set_eyes_closed
from unwind.core.settings import Setting, Settings, setting_named
from unwind.ui.widgets import Switch, named, steady_width

SLIDER_STEPS = 100


def _follow(widget: QWidget, settings: Settings, name: str, show: Callable[[Any], None]) -> None:
    """Shows every later change of the setting on the widget, for as long as it lives."""

    def changed(value: Any) -> None:
        blocked = widget.blockSignals(True)
        try:
            show(value)
        finally:
            widget.blockSignals(blocked)

    unsubscribe = settings.subscribe(name, changed)
    widget.destroyed.connect(lambda _object=None: unsubscribe())


def _describe(widget: QWidget, setting: Setting, name: str | None = None) -> None:
    named(widget, name or setting.label or setting.name, setting.description)


def check_box(settings: Settings, name: str) -> QCheckBox:
    """A switch, labelled with the setting's label, for a yes/no setting."""
    setting = setting_named(name)
    box = Switch(setting.label)
    box.setChecked(settings.flag(name))
    box.toggled.connect(lambda on: settings.set(name, bool(on)))
    _follow(box, settings, name, lambda value: box.setChecked(bool(value)))
    _describe(box, setting)
    return box


def toggle_button(settings: Settings, name: str, on_text: str, off_text: str) -> QPushButton:
    """A checkable button for a yes/no setting whose label says what pressing it does; it
    keeps one width whichever label it shows, so nothing beside it moves."""
    setting = setting_named(name)
    button = QPushButton()
    button.setCheckable(True)

    def show(value: Any) -> None:
        button.setChecked(bool(value))
        button.setText(on_text if value else off_text)

    show(settings.flag(name))
    button.toggled.connect(lambda on: settings.set(name, bool(on)))
    button.toggled.connect(lambda on: button.setText(on_text if on else off_text))
    _follow(button, settings, name, show)
    steady_width(button, on_text, off_text)
    _describe(button, setting)
    return button


def slider(settings: Settings, name: str) -> QSlider:
    """A horizontal slider over a number setting's range."""
    setting = setting_named(name)
    low = setting.minimum if setting.minimum is not None else 0.0
    high = setting.maximum if setting.maximum is not None else 1.0

    def position(value: Any) -> int:
        return round((float(value) - low) / (high - low) * SLIDER_STEPS)

    control = QSlider(Qt.Orientation.Horizontal)
    control.setRange(0, SLIDER_STEPS)
    control.setPageStep(10)
    control.setValue(position(settings.number(name)))
    control.valueChanged.connect(
        lambda steps: settings.set(name, low + (high - low) * steps / SLIDER_STEPS)
    )
    _follow(control, settings, name, lambda value: control.setValue(position(value)))
    _describe(control, setting)
    return control


def choice_box(settings: Settings, name: str) -> QComboBox:
    """A drop-down of a text setting's choices, by their names."""
    setting = setting_named(name)
    if setting.choices is None:
        raise TypeError(f"setting {name} has no choices")
    combo = QComboBox()
    labels = setting.choice_labels or {}
    for choice in setting.choices:
        combo.addItem(labels.get(choice, choice), choice)

    def show(value: Any) -> None:
        combo.setCurrentIndex(max(0, combo.findData(value)))

    show(settings.text(name))
    combo.currentIndexChanged.connect(lambda index: settings.set(name, combo.itemData(index)))
    _follow(combo, settings, name, show)
    _describe(combo, setting)
    return combo


EYES_CLOSED_HELP = "Spoken guidance and breath tones together, to follow with your eyes closed (E)"


def eyes_closed_box(settings: Settings) -> QCheckBox:
    """One switch for the voice and the breath tones: on when both are, and it turns both on
    or off (core/guidance.py:set_eyes_closed)."""
    box = QCheckBox("Eyes closed")
    box.setChecked(eyes_closed(settings))
    box.toggled.connect(lambda on: set_eyes_closed(settings, bool(on)))
    for name in ("voice", "breath_tones"):
        _follow(box, settings, name, lambda _value: box.setChecked(eyes_closed(settings)))
    box.setAccessibleName("Eyes closed")
    box.setAccessibleDescription(EYES_CLOSED_HELP)
    box.setToolTip(EYES_CLOSED_HELP)
    return box


def control_for(settings: Settings, name: str) -> QWidget:
    """The usual control for a setting of the schema."""
    setting = setting_named(name)
    if setting.type is bool:
        return check_box(settings, name)
    if setting.type is float:
        return slider(settings, name)
    if setting.type is str and setting.choices is not None:
        return choice_box(settings, name)
    raise TypeError(f"no control for setting {name}")
