"""Quitting from outside the window: a signal from the terminal or the system, or logout.

Each is an ending like closing the window, without the question: the session is recorded
as quit with the seconds done up to that moment, the note draft is saved to its session, and
the sound fades. Signals reach Qt's event loop through a socket (Python's wakeup fd), so the
app wakes for them at once and never polls.
"""

from __future__ import annotations

import contextlib
import logging
import signal
import socket
from collections.abc import Callable

from PySide6.QtCore import QObject, QSocketNotifier
from PySide6.QtGui import QGuiApplication, QSessionManager

log = logging.getLogger(__name__)

QUIT_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGTERM", "SIGINT", "SIGHUP") if hasattr(signal, name)
)
INTERRUPTED = 130
"""The exit status after Ctrl+C, as shells expect; SIGTERM and SIGHUP end with 0."""


class QuitWatcher(QObject):
    """Calls `end()` and quits the app on SIGTERM, SIGINT or SIGHUP; calls `end()` when the
    desktop asks for the session's data at logout and when the app is about to quit."""

    def __init__(
        self,
        app: QGuiApplication,
        end: Callable[[], None],
        quit_app: Callable[[], None] | None = None,
    ) -> None:
        super().__init__()
        self.app = app
        self.end = end
        self.quit_app = quit_app or app.quit
        self.signalled: int | None = None
        self._reader, self._writer = socket.socketpair()
        for end_point in (self._reader, self._writer):
            end_point.setblocking(False)
        self._notifier = QSocketNotifier(self._reader.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._signal_arrived)
        self._previous = {sig: signal.signal(sig, _noted) for sig in QUIT_SIGNALS}
        self._previous_fd = signal.set_wakeup_fd(self._writer.fileno(), warn_on_full_buffer=False)
        app.commitDataRequest.connect(self._logout)
        app.aboutToQuit.connect(self.end)

    @property
    def exit_code(self) -> int:
        return INTERRUPTED if self.signalled == signal.SIGINT else 0

    def _signal_arrived(self) -> None:
        try:
            data = self._reader.recv(64)
        except OSError:
            return
        numbers = [number for number in data if number in QUIT_SIGNALS]
        if not numbers or self.signalled is not None:
            return
        self.signalled = numbers[0]
        log.info("quitting on %s", signal.Signals(numbers[0]).name)
        self.end()
        self.quit_app()

    def _logout(self, manager: QSessionManager) -> None:
        log.info("the desktop session is ending")
        self.end()

    def close(self) -> None:
        """Puts the signal handling back as it was."""
        with contextlib.suppress(ValueError):  # not the main thread, or already restored
            signal.set_wakeup_fd(self._previous_fd)
        for sig, handler in self._previous.items():
            with contextlib.suppress(ValueError, TypeError):
                signal.signal(sig, handler)
        self._notifier.setEnabled(False)
        self._reader.close()
        self._writer.close()


def _noted(_signum: int, _frame: object) -> None:
    """The Python-level handler: the wakeup fd has already told the event loop."""
