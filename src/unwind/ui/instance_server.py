"""The running Unwind's end of the hand-over: a local socket that takes one command a line.

A second `unwind` (see `desktop.instance`) connects, sends {"show": true} or
{"start": "routine-id"} and waits for {"ok": true}. A stale socket left by a crash is removed
first: the instance lock already says no other Unwind runs for this data folder.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from unwind.core.library import RoutineLibrary
from unwind.core.practice import Practice, Stage
from unwind.ui.main_window import MainWindow

log = logging.getLogger(__name__)

MAX_LINE = 4096


class InstanceServer(QObject):
    """Listens on `where`; `handle(command)` is called for each command received."""

    def __init__(self, where: Path, handle: Callable[[dict[str, Any]], None]) -> None:
        super().__init__()
        self.where = where
        self.handle = handle
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self.server.newConnection.connect(self._arrived)
        QLocalServer.removeServer(str(where))
        self.listening = self.server.listen(str(where))
        if self.listening:
            log.info("taking commands on %s", where)
        else:
            log.warning("cannot listen on %s: %s", where, self.server.errorString())

    def _arrived(self) -> None:
        while self.server.hasPendingConnections():
            connection = self.server.nextPendingConnection()
            connection.readyRead.connect(lambda c=connection: self._read(c))
            connection.disconnected.connect(connection.deleteLater)
            self._read(connection)

    def _read(self, connection: QLocalSocket) -> None:
        if not connection.canReadLine():
            if connection.bytesAvailable() > MAX_LINE:
                connection.abort()
            return
        line = bytes(connection.readLine(MAX_LINE).data())
        try:
            command = json.loads(line)
            if not isinstance(command, dict):
                raise ValueError("not an object")
        except ValueError:
            log.info("ignored a malformed command on %s", self.where)
            connection.abort()
            return
        log.info("handed a command: %s", json.dumps(command, sort_keys=True))
        connection.write(b'{"ok": true}\n')
        connection.flush()
        connection.disconnectFromServer()
        self.handle(command)

    def close(self) -> None:
        self.server.close()


class WindowCommands:
    """What a second `unwind` asks: to bring the window forward, or to start a routine."""

    def __init__(self, window: MainWindow, practice: Practice) -> None:
        self.window = window
        self.practice = practice
        self.routines: RoutineLibrary | None = None
        """Set once the library is read; a start before then only shows the window."""

    def __call__(self, command: dict[str, Any]) -> None:
        start = command.get("start")
        if command.get("show") or start:
            bring_forward(self.window)
        if isinstance(start, str) and self.routines is not None:
            routine = self.routines.get(start)
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
