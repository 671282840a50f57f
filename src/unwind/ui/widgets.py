"""Small building blocks shared by the pages, shaped to keep PySide6's memory down.

PySide6 creates the Python type of a Qt class (with all its enums) the first time it is
needed. When Qt hands Python an object that Python did not make (the viewport Qt made for a
scroll area, an event passing through a Python event filter), PySide6 works out its exact type
by creating the types of every subclass it might be: all of QtWidgets' ~150 widget classes for
a widget, ~60 event classes for an event. Those stay for the life of the process (about 1 MB
and 0.5 MB here), so these helpers only ever hand Qt objects that Python made.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QScrollArea, QWidget


def scroll_area(content: QWidget) -> QScrollArea:
    """A frameless, see-through area that scrolls `content` up and down, never sideways."""
    area = QScrollArea()
    viewport = QWidget()
    # set before the content: replacing the viewport deletes the old one and its children
    area.setViewport(viewport)
    viewport.setAutoFillBackground(False)
    area.setWidget(content)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    return area


class FirstPaint:
    """Tells, once, that a widget has painted for the first time.

    The widget calls `painted()` at the end of its paintEvent; `then(action)` runs the action
    then, or at once if that has already happened. (An event filter would need no help from
    the widget, but see the module's docstring for what it costs.)
    """

    def __init__(self) -> None:
        self.done = False
        self._waiting: list[Callable[[], None]] = []

    def then(self, action: Callable[[], None]) -> None:
        if self.done:
            action()
        else:
            self._waiting.append(action)

    def painted(self) -> None:
        if self.done:
            return
        self.done = True
        waiting, self._waiting = self._waiting, []
        for action in waiting:
            action()
