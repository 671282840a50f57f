"""The running Unwind's end of the hand-over: a Unix socket that takes one command a line.

A second `unwind` (see `desktop.instance`) connects, sends {"show": true} or
{"start": "routine-id"} and waits for {"ok": true}. A stale socket left by a crash is removed
first: the instance lock already says no other Unwind runs for this data folder. The socket
is a plain one watched by QSocketNotifier, so the bundle needs no QtNetwork; it is private to
the user (0600, in a folder of the user's own).
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import socket
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QSocketNotifier

from unwind.core.library import RoutineLibrary
from unwind.core.practice import Practice, Stage
from unwind.ui.main_window import MainWindow

log = logging.getLogger(__name__)

MAX_LINE = 4096
BACKLOG = 8


class InstanceServer(QObject):
    """Listens on `where`; `handle(command)` is called for each command received."""

    def __init__(self, where: Path, handle: Callable[[dict[str, Any]], None]) -> None:
        super().__init__()
        self.where = where
        self.handle = handle
        self.listener: socket.socket | None = None
        self.notifier: QSocketNotifier | None = None
        self.connections: dict[socket.socket, tuple[QSocketNotifier, bytearray]] = {}
        try:
            self.listener = self._listen()
        except OSError as error:
            log.warning("cannot listen on %s: %s", where, error)
            return
        self.notifier = QSocketNotifier(self.listener.fileno(), QSocketNotifier.Type.Read, self)
        self.notifier.activated.connect(self._arrived)
        log.info("taking commands on %s", where)

    @property
    def listening(self) -> bool:
        return self.listener is not None

    def _listen(self) -> socket.socket:
        self.where.unlink(missing_ok=True)  # a crash's socket: the lock says it is stale
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM | socket.SOCK_CLOEXEC)
        try:
            listener.bind(str(self.where))
            os.chmod(self.where, 0o600)
            listener.listen(BACKLOG)
            listener.setblocking(False)
        except OSError:
            listener.close()
            raise
        return listener

    def _arrived(self) -> None:
        while self.listener is not None:
            try:
                connection, _address = self.listener.accept()
            except (BlockingIOError, InterruptedError):
                return
            except OSError as error:
                log.info("a hand-over could not be taken: %s", error)
                return
            connection.setblocking(False)
            notifier = QSocketNotifier(connection.fileno(), QSocketNotifier.Type.Read, self)
            self.connections[connection] = (notifier, bytearray())
            notifier.activated.connect(lambda _socket=None, c=connection: self._read(c))
            self._read(connection)

    def _read(self, connection: socket.socket) -> None:
        entry = self.connections.get(connection)
        if entry is None:
            return
        _notifier, buffer = entry
        try:
            part = connection.recv(MAX_LINE)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            part = b""
        buffer += part
        if b"\n" not in buffer:
            if not part or len(buffer) > MAX_LINE:  # gone, or not a command
                self._drop(connection)
            return
        line = bytes(buffer.split(b"\n", 1)[0])
        try:
            command = json.loads(line)
            if not isinstance(command, dict):
                raise ValueError("not an object")
        except ValueError:
            log.info("ignored a malformed command on %s", self.where)
            self._drop(connection)
            return
        log.info("handed a command: %s", json.dumps(command, sort_keys=True))
        with contextlib.suppress(OSError):  # the other end may not wait for the answer
            connection.sendall(b'{"ok": true}\n')
        self._drop(connection)
        self.handle(command)

    def _drop(self, connection: socket.socket) -> None:
        entry = self.connections.pop(connection, None)
        if entry is not None:
            entry[0].setEnabled(False)
            entry[0].deleteLater()
        connection.close()

    def close(self) -> None:
        for connection in list(self.connections):
            self._drop(connection)
        if self.notifier is not None:
            self.notifier.setEnabled(False)
        if self.listener is not None:
            self.listener.close()
            self.listener = None
            with contextlib.suppress(OSError):
                self.where.unlink()


class WindowCommands:
    """What a second `unwind` asks: to bring the window forward, or to start a routine.

    A start that comes before the journal is open waits for `ready()`: a session begun
    earlier would not reach the journal."""

    def __init__(self, window: MainWindow, practice: Practice) -> None:
        self.window = window
        self.practice = practice
        self.routines: RoutineLibrary | None = None
        self.waiting: str | None = None

    def ready(self, routines: RoutineLibrary) -> None:
        self.routines = routines
        waiting, self.waiting = self.waiting, None
        if waiting is not None:
            self._start(waiting, routines)

    def __call__(self, command: dict[str, Any]) -> None:
        start = command.get("start")
        if command.get("show") or start:
            bring_forward(self.window)
        if isinstance(start, str):
            if self.routines is None:
                self.waiting = start
            else:
                self._start(start, self.routines)

    def _start(self, start: str, routines: RoutineLibrary) -> None:
        routine = routines.get(start)
        if routine is None:
            self.window.show_notice(f"There is no routine with the id '{start}'.")
        elif self.practice.stage in (Stage.BEFORE, Stage.PLAYING):
            self.window.show_notice(f"{routine.title} can start when this session ends.")
        else:
            self.window.library.select_routine(start)
            self.practice.start(routine)


def bring_forward(window: MainWindow) -> None:
    """Shows the window (from the tray, or minimised) and asks the desktop to raise it."""
    if window.isMinimized() or not window.isVisible():
        window.showNormal()
    window.raise_()
    window.activateWindow()
    log.info("window brought forward")
