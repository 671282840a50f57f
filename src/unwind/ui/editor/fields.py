"""Small form pieces of the editor: labelled rows, number boxes, and marking a field at fault.

Number boxes take a wider range than a routine may have, on purpose: the routine reader
decides what is allowed, and its words say why, so the editor holds no second set of rules.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

PROBLEM = "problem"
"""The dynamic property that marks the field at fault (the style sheet draws it)."""


SpinBox = TypeVar("SpinBox", QSpinBox, QDoubleSpinBox)


def seconds_box(name: str, maximum: float = 24 * 60 * 60, step: float = 0.5) -> QDoubleSpinBox:
    box = QDoubleSpinBox()
    box.setRange(0.0, maximum)
    box.setDecimals(1)
    box.setSingleStep(step)
    box.setSuffix(" s")
    box.setAccessibleName(name)
    box.setKeyboardTracking(True)
    box.setCorrectionMode(QAbstractSpinBox.CorrectionMode.CorrectToNearestValue)
    return _indented(box)


def count_box(name: str, maximum: int = 100_000) -> QSpinBox:
    box = QSpinBox()
    box.setRange(0, maximum)
    box.setAccessibleName(name)
    return _indented(box)


def _indented(box: SpinBox) -> SpinBox:
    """The number starts where the words of a text field do (a style sheet's padding does
    not move a spin box's text)."""
    box.lineEdit().setTextMargins(6, 0, 6, 0)
    return box


def line(name: str, placeholder: str = "") -> QLineEdit:
    edit = QLineEdit()
    edit.setAccessibleName(name)
    edit.setPlaceholderText(placeholder)
    return edit


def text_box(name: str, placeholder: str = "", lines: int = 3) -> QPlainTextEdit:
    """Several lines of text; Tab moves on to the next field, as in every other field."""
    edit = QPlainTextEdit()
    edit.setAccessibleName(name)
    edit.setPlaceholderText(placeholder)
    edit.setTabChangesFocus(True)
    height = edit.fontMetrics().lineSpacing() * lines + 18
    edit.setMinimumHeight(height)
    edit.setMaximumHeight(height + edit.fontMetrics().lineSpacing() * 2)
    return edit


def choices(name: str, options: dict[str, str]) -> QComboBox:
    box = QComboBox()
    box.setAccessibleName(name)
    # as narrow as a short choice: with large text the form still fits a small window
    box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    box.setMinimumContentsLength(8)
    for key, label in options.items():
        box.addItem(label, key)
    return box


def select(box: QComboBox, key: object) -> None:
    index = box.findData(key)
    if index >= 0:
        box.setCurrentIndex(index)


def add_row(form: QFormLayout, label: str, field: QWidget, hint: str = "") -> QLabel:
    """A row with a label that names the field and, on Alt and its letter, focuses it."""
    caption = QLabel(label)
    caption.setBuddy(field)
    form.addRow(caption, field)
    if hint:
        field.setToolTip(hint)
        field.setAccessibleDescription(hint)
    return caption


def mark(widget: QWidget, problem: bool) -> None:
    if bool(widget.property(PROBLEM)) == problem:
        return
    widget.setProperty(PROBLEM, problem)
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)
    widget.update()


def quietly(widget: QWidget, show: Callable[[Any], object], value: Any) -> None:
    """Shows a value on a field (`show(value)`) without it telling anyone it changed."""
    blocked = widget.blockSignals(True)
    try:
        show(value)
    finally:
        widget.blockSignals(blocked)


def form_layout() -> QFormLayout:
    form = QFormLayout()
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
    form.setVerticalSpacing(8)
    form.setHorizontalSpacing(12)
    return form


def show_number(box: QSpinBox | QDoubleSpinBox, value: float) -> None:
    """Shows a number unless the box holds it already: setting a box rewrites its text, which
    would undo what is being typed there ("2." becoming "2.0 s")."""
    if abs(box.value() - value) > 1e-9:
        quietly(box, box.setValue, value)
