"""Roles for the controls Unwind paints itself, so a screen reader says what each one is.

Qt knows its own widgets; a painted widget would be an anonymous "filler". `install_roles`
gives the stress scale the role of a slider, the affect grid that of a canvas, the pacer an
animation, the body map an image and the charts a chart; their names and descriptions (in
words, kept up to date by each widget) do the rest. Qt asks the factory only while an
assistive technology is listening.
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QAccessible, QAccessibleInterface
from PySide6.QtWidgets import QAccessibleWidget, QWidget

Role = QAccessible.Role

ROLES: dict[str, QAccessible.Role] = {
    "StressScale": Role.Slider,
    "AffectGrid": Role.Canvas,
    "PacerWidget": Role.Animation,
    "BodyMapWidget": Role.Graphic,
    "StressChart": Role.Chart,
    "ChangeStrip": Role.Chart,
}
"""By class name, as Qt's factory is asked."""


def _interface(key: str, target: QObject) -> QAccessibleInterface | None:
    role = ROLES.get(key)
    if role is None or not isinstance(target, QWidget):
        return None
    return QAccessibleWidget(target, role)


def install_roles() -> None:
    """Once per process, before the first window is read."""
    QAccessible.installFactory(_interface)
