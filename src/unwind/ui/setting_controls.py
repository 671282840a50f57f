"""Controls made from the settings schema, each bound to its setting both ways.

A control writes the setting when the person changes it, and follows the setting when it
changes anywhere else (the settings dialog, the M key, the player's own controls), so the
settings dialog and the player's sound controls are the same controls and never disagree.
Each is named for screen readers from the schema (its label, and its description after it)
and shows focus through the style sheet; a yes/no setting is a `Switch` with its label.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QRegularExpression, Qt, QTime
from PySide6.QtGui import QFontMetrics, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSlider,
    QSpinBox,
    QTimeEdit,
    QWidget,
)

from unwind.core.guidance import eyes_closed, set_eyes_closed
from unwind.core.routine import Routine, format_duration
from unwind.core.settings import WEEKDAY_NAMES, WEEKDAYS, Setting, Settings, setting_named
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
    labels = setting.choice_labels or {}
    return _combo(settings, setting, [(labels.get(c, c), c) for c in setting.choices])


def _combo(settings: Settings, setting: Setting, items: Sequence[tuple[str, str]]) -> QComboBox:
    """A drop-down of (words, value) for a text setting, bound to it both ways."""
    name = setting.name
    combo = QComboBox()
    for words, value in items:
        combo.addItem(words, value)

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


def time_edit(settings: Settings, name: str) -> QTimeEdit:
    """A time of day (HH:MM), written as the person changes it."""
    setting = setting_named(name)
    control = QTimeEdit()
    control.setDisplayFormat("HH:mm")

    def show(value: Any) -> None:
        control.setTime(QTime.fromString(str(value), "HH:mm"))

    show(settings.text(name))
    control.timeChanged.connect(lambda moment: settings.set(name, moment.toString("HH:mm")))
    _follow(control, settings, name, show)
    _describe(control, setting)
    return control


TIMES_PATTERN = r"^\s*(([01]?[0-9]|2[0-3]):[0-5][0-9]\s*(,\s*|$))*$"


def times_edit(settings: Settings, name: str) -> QLineEdit:
    """Times of day as "12:30, 15:00"; written when the person leaves the field or presses
    Enter, and only what reads as times is accepted while typing."""
    setting = setting_named(name)
    control = QLineEdit()
    control.setValidator(QRegularExpressionValidator(QRegularExpression(TIMES_PATTERN), control))
    control.setPlaceholderText("none; for example 12:30, 15:00")

    def show(value: Any) -> None:
        control.setText(", ".join(value))

    def write() -> None:
        parts = [part.strip() for part in control.text().split(",") if part.strip()]
        times = [f"{int(h):02d}:{m}" for h, m in (part.split(":") for part in parts)]
        settings.set(name, times)
        show(settings.names(name))

    show(settings.names(name))
    control.editingFinished.connect(write)
    _follow(control, settings, name, show)
    _describe(control, setting)
    return control


def weekdays(settings: Settings, name: str) -> QWidget:
    """Seven toggle buttons, Monday first, for a list of weekdays."""
    setting = setting_named(name)
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(4)
    buttons: list[QPushButton] = []
    for day, full in zip(WEEKDAYS, WEEKDAY_NAMES, strict=True):
        button = QPushButton(full[:3])
        button.setCheckable(True)
        button.ensurePolished()  # the style's padding counts in the width it needs
        fits = QFontMetrics(button.font()).horizontalAdvance("Wed") + 24
        button.setMinimumWidth(max(button.sizeHint().width(), fits))
        button.setObjectName(f"day-{day}")
        button.setAccessibleName(f"{setting.label or setting.name}: {full}")
        button.setToolTip(full)
        buttons.append(button)
        layout.addWidget(button)
    layout.addStretch(1)

    def show(value: Any) -> None:
        for day, button in zip(WEEKDAYS, buttons, strict=True):
            blocked = button.blockSignals(True)
            button.setChecked(day in value)
            button.blockSignals(blocked)

    def write() -> None:
        settings.set(name, [d for d, b in zip(WEEKDAYS, buttons, strict=True) if b.isChecked()])

    show(settings.names(name))
    for button in buttons:
        button.toggled.connect(write)
    unsubscribe = settings.subscribe(name, show)
    row.destroyed.connect(lambda _object=None: unsubscribe())
    row.setAccessibleDescription(setting.description)
    return row


def minutes_box(settings: Settings, name: str) -> QSpinBox:
    """A number of minutes; the lowest value reads "Off"."""
    setting = setting_named(name)
    control = QSpinBox()
    control.setRange(int(setting.minimum or 0), int(setting.maximum or 999))
    control.setSingleStep(5)
    control.setSuffix(" min of use")
    control.setSpecialValueText("Off")
    control.setValue(round(settings.number(name)))
    control.valueChanged.connect(lambda value: settings.set(name, float(value)))
    _follow(control, settings, name, lambda value: control.setValue(round(float(value))))
    _describe(control, setting)
    return control


SUITED_TO_THE_HOUR = "One suited to the time of day"


def routine_box(settings: Settings, name: str, routines: Sequence[Routine]) -> QComboBox:
    """The routines by title, after "one suited to the time of day" (an empty id)."""
    ordered = sorted(routines, key=lambda r: r.title.casefold())
    items = [(f"{r.title} · {format_duration(r.duration)}", r.id) for r in ordered]
    combo = _combo(settings, setting_named(name), [(SUITED_TO_THE_HOUR, ""), *items])
    # room for the default's words at any text size, whatever the longest title
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(len(SUITED_TO_THE_HOUR))
    return combo


def control_for(settings: Settings, name: str, routines: Sequence[Routine] = ()) -> QWidget:
    """The usual control for a setting of the schema."""
    setting = setting_named(name)
    if setting.type is bool:
        return check_box(settings, name)
    if setting.type is float:
        return minutes_box(settings, name) if setting.kind == "minutes" else slider(settings, name)
    if setting.type is str and setting.choices is not None:
        return choice_box(settings, name)
    if setting.kind == "time":
        return time_edit(settings, name)
    if setting.kind == "times":
        return times_edit(settings, name)
    if setting.kind == "weekdays":
        return weekdays(settings, name)
    if setting.kind == "routine":
        return routine_box(settings, name, routines)
    raise TypeError(f"no control for setting {name}")
