"""The running Unwind's end of the hand-over: a private Unix socket on Qt's event loop."""

from __future__ import annotations

import socket
import stat
import threading
from pathlib import Path
from typing import Any

from pytestqt.qtbot import QtBot

from unwind.core.practice import Practice, Stage
from unwind.core.settings import Settings
from unwind.desktop import instance
from unwind.ui.instance_server import InstanceServer, WindowCommands
from unwind.ui.main_window import MainWindow


def test_a_command_is_taken_answered_and_a_stale_socket_replaced(
    qtbot: QtBot, tmp_path: Path
) -> None:
    where = tmp_path / "instance.socket"
    where.write_text("left by a crash", "utf-8")
    taken: list[dict[str, Any]] = []
    server = InstanceServer(where, taken.append)
    try:
        assert server.listening
        assert stat.S_ISSOCK(where.stat().st_mode)
        assert stat.S_IMODE(where.stat().st_mode) == 0o600, "private to the user"
        answers: list[dict[str, Any]] = []
        second = threading.Thread(
            target=lambda: answers.append(instance.hand_over(where, {"start": "box"}))
        )
        second.start()
        qtbot.waitUntil(lambda: bool(taken and answers), timeout=5000)
        second.join(timeout=5)
        assert taken == [{"start": "box"}] and answers == [{"ok": True}]
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as stranger:
            stranger.connect(str(where))
            stranger.sendall(b"[1, 2]\n")
            stranger.setblocking(False)
            heard: list[bytes] = []

            def closed() -> bool:
                try:
                    heard.append(stranger.recv(64))
                except BlockingIOError:
                    return False
                return heard[-1] == b""

            qtbot.waitUntil(closed, timeout=5000)
            assert heard == [b""], "a malformed command is closed unanswered"
        assert taken == [{"start": "box"}]
    finally:
        server.close()
    assert not where.exists(), "a clean exit leaves no socket"


def test_a_start_handed_over_before_the_journal_is_open_waits_for_it(
    window: MainWindow, practice: Practice, settings: Settings
) -> None:
    settings.set("safety_seen", ["short-test"])
    commands = WindowCommands(window, practice)
    window.hide()
    commands({"start": "short-test"})
    assert window.isVisible(), "the window comes forward at once"
    assert practice.stage.name == "LIBRARY", "no session the journal would not hear of"
    commands.ready(window.library.library)
    assert practice.stage is Stage.PLAYING
    routine = practice.routine
    assert routine is not None and routine.id == "short-test"
