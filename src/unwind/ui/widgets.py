"""Small building blocks shared by the pages, shaped to keep PySide6's memory down.

PySide6 creates the Python type of a Qt class (with all its enums) the first time it is
needed. When Qt hands Python an object that Python did not make (the viewport Qt made for a
scroll area, an event passing through a Python event filter), PySide6 works out its exact type
by creating the types of every subclass it might be: all of QtWidgets' ~150 widget classes for
a widget, ~60 event classes for an event. Those stay for the life of the process (about 1 MB
and 0.5 MB here), so these helpers only ever hand Qt objects that Python made.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QFrame, QScrollArea, QWidget

AskToEnd = Callable[[QWidget], bool]
"""Asks the person whether to end the session now; True to end it."""


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


KEY_GUARD_SECONDS = 0.6
"""A key pressed again this soon after the page before used it was meant for that page."""


class KeyGuard:
    """Keeps a key meant for one view from answering a question in the next.

    The views that act on a key (the library's Enter and Space, the player's arrows, Space
    and Esc) tell the guard with `used(key)`. A question then ignores auto-repeat, and the
    same key pressed again within KEY_GUARD_SECONDS: "one Right too many" after the last
    step, or a second Enter after Start. A different key, such as a digit, always answers.
    """

    def __init__(self, clock: Callable[[], float] | None = None) -> None:
        self._clock = clock or time.monotonic
        self._last: tuple[int, float] | None = None

    def used(self, key: int) -> None:
        self._last = (int(key), self._clock())

    def allows(self, event: QKeyEvent) -> bool:
        if event.isAutoRepeat():
            return False
        last = self._last
        if last is None or last[0] != int(event.key()):
            return True
        return self._clock() - last[1] >= KEY_GUARD_SECONDS


class GuiThread(QObject):
    """Runs a function on the GUI thread, whichever thread asks (`later(function)`)."""

    _call = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self._call.connect(self._run, Qt.ConnectionType.QueuedConnection)

    def later(self, function: Callable[[], None]) -> None:
        self._call.emit(function)

    @staticmethod
    def _run(function: Callable[[], None]) -> None:
        function()
