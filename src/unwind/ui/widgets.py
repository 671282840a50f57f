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
from typing import TypeVar

from PySide6.QtCore import QObject, QPoint, QPointF, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFontMetrics,
    QKeyEvent,
    QKeySequence,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QShortcut,
)
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QFrame,
    QPushButton,
    QScrollArea,
    QWidget,
)

W = TypeVar("W", bound=QWidget)

AskToEnd = Callable[[QWidget], bool]
"""Asks the person whether to end the session now; True to end it."""


def named(widget: W, name: str, description: str = "", *, tip: bool = True) -> W:
    """Gives a control the name a screen reader says and the description after it (and, by
    default, the same description as its tooltip). Every control without visible words of its
    own gets one."""
    widget.setAccessibleName(name)
    if description:
        widget.setAccessibleDescription(description)
        if tip:
            widget.setToolTip(description)
    return widget


BREAK = "\u200b"
"""A zero-width space: where a word without spaces, such as a path, may break."""


def breakable_path(text: str) -> str:
    """`text` with a place to break after each slash, so a long path wraps in a label
    instead of being cut at its edge."""
    return text.replace("/", "/" + BREAK).replace("\\", "\\" + BREAK)


def scroll_area(content: QWidget) -> QScrollArea:
    """A frameless, see-through area that scrolls `content` up and down, never sideways.

    It takes focus (and shows it), so that text alone in it can be scrolled with the keys.
    """
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


def page_scroller(content: QWidget) -> QScrollArea:
    """A whole page in a scroll area: on a small screen or with large text the page scrolls
    as one, its controls keep their size, and focus moving below the fold scrolls to them."""
    area = scroll_area(content)
    area.setObjectName("page")
    area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    return area


TITLE_BAR_ALLOWANCE = 40
"""Height a window manager's title bar may add above a window (resize sizes the inside)."""


def fit_to_screen(window: QWidget, width: int, height: int) -> None:
    """Sizes a window as asked, but never larger than its screen's free area less a title
    bar, nor a dialog larger than the window it belongs to: with a panel and a title bar it
    still fits, and its contents scroll instead."""
    parent = window.parentWidget()
    if parent is not None and parent.window().isVisible():  # a dialog within its window
        width = min(width, parent.window().width())
        height = min(height, parent.window().height())
    screen = window.screen()
    if screen is not None:
        free = screen.availableGeometry().size()
        width = min(width, free.width() - 8)
        height = min(height, free.height() - TITLE_BAR_ALLOWANCE)
    window.resize(max(200, width), max(160, height))


def paint_focus_ring(painter: QPainter, rect: QRectF, colour: QColor, radius: float) -> None:
    """The 2 px ring every painted control shows while it has focus."""
    painter.save()
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.setPen(QPen(colour, 2))
    painter.drawRoundedRect(rect.adjusted(1, 1, -1, -1), radius, radius)
    painter.restore()


class PrimaryButton(QPushButton):
    """The one main action of a view, in the accent colour. Its focus ring is drawn outside
    its edge, in the text colour, with a gap of the page's colour between: a ring on the
    accent itself would be lost. Enter presses it wherever focus is on its page (`setDefault`
    is set by the page that owns it)."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setObjectName("primary")

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self.hasFocus():
            painter = QPainter(self)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            colour = self.palette().color(QPalette.ColorRole.WindowText)
            paint_focus_ring(painter, QRectF(self.rect()), colour, 11)
            painter.end()


def steady_width(button: QPushButton, *labels: str) -> None:
    """Keeps a button as wide as the widest of the labels it takes (Pause and Resume, Mute
    and Unmute), so that nothing beside it moves when its words change."""
    button.ensurePolished()
    current = button.text()
    widest = 0
    for label in (*labels, current):
        button.setText(label)
        widest = max(widest, button.sizeHint().width())
    button.setText(current)
    button.setMinimumWidth(widest)


class Switch(QCheckBox):
    """A yes/no control drawn as a sliding switch with its label beside it: plainer than a
    small box, and the same to a screen reader (a check box with its label as name)."""

    TRACK = QSize(38, 22)
    SPACING = 10

    def sizeHint(self) -> QSize:
        metrics = QFontMetrics(self.font())
        width = self.TRACK.width() + 4 + (self.SPACING + metrics.horizontalAdvance(self.text()))
        return QSize(width + 2, max(self.TRACK.height() + 6, metrics.height() + 6))

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def hitButton(self, pos: QPoint) -> bool:
        return self.rect().contains(pos)

    def paintEvent(self, event: QPaintEvent) -> None:
        palette = self.palette()
        role = QPalette.ColorRole
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        track = QRectF(3, (self.height() - self.TRACK.height()) / 2, *self.TRACK.toTuple())
        on = self.isChecked()
        enabled = self.isEnabled()
        edge = palette.color(role.Mid)
        painter.setPen(QPen(palette.color(role.Accent) if on else edge, 1.5))
        painter.setBrush(palette.color(role.Accent) if on else palette.color(role.AlternateBase))
        radius = track.height() / 2
        painter.drawRoundedRect(track, radius, radius)
        knob = radius - 4
        x = track.right() - radius if on else track.left() + radius
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(palette.color(role.HighlightedText) if on else edge)
        painter.drawEllipse(QPointF(x, track.center().y()), knob, knob)
        if self.hasFocus():
            paint_focus_ring(
                painter, track.adjusted(-3, -3, 3, 3), palette.color(role.Highlight), radius + 3
            )
        group = QPalette.ColorGroup.Active if enabled else QPalette.ColorGroup.Disabled
        painter.setPen(palette.color(group, role.WindowText))
        text_rect = QRect(
            int(track.right()) + self.SPACING, 0, self.width() - int(track.right()), self.height()
        )
        painter.drawText(
            text_rect, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), self.text()
        )
        painter.end()


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


def letter_key(
    key: Qt.Key, parent: QWidget, slot: Callable[[], object], context: Qt.ShortcutContext
) -> QShortcut:
    """A shortcut on a letter alone (M mute, J journal) that leaves the letter to a drop-down
    list with focus, where it picks the first entry starting with it, as the list promises.
    (Text fields take their letters before any shortcut; a drop-down list does not.)"""
    shortcut = QShortcut(QKeySequence(key), parent)
    shortcut.setContext(context)

    def pressed() -> None:
        focus = QApplication.focusWidget()
        if not isinstance(focus, QComboBox):
            slot()
            return
        text = QKeySequence(key).toString().lower()
        shortcut.setEnabled(False)  # the letter again, to the list this time
        try:
            for kind in (QKeyEvent.Type.KeyPress, QKeyEvent.Type.KeyRelease):
                event = QKeyEvent(kind, int(key), Qt.KeyboardModifier.NoModifier, text)
                QApplication.sendEvent(focus, event)
        finally:
            shortcut.setEnabled(True)

    shortcut.activated.connect(pressed)
    return shortcut


ENTER_KEYS = (int(Qt.Key.Key_Return), int(Qt.Key.Key_Enter))


def press_for_enter(
    page: QWidget, event: QKeyEvent, default: QPushButton | None, guard: KeyGuard
) -> bool:
    """Enter on a page: presses the button that has focus, else the page's default button.

    Qt gives buttons the Enter key only in dialogs; pages call this from keyPressEvent, so a
    focused button takes Enter as it takes Space. An Enter meant for the page before (see
    KeyGuard) is eaten. True when the key was Enter (used or eaten).
    """
    if event.key() not in ENTER_KEYS:
        return False
    if not guard.allows(event):
        return True
    focus = page.focusWidget()
    target = focus if isinstance(focus, QPushButton) and page.isAncestorOf(focus) else default
    if target is not None and target.isVisible() and target.isEnabled():
        target.click()
    return True


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
