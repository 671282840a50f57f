"""Tours every page of a real window while atspi_reader.py reads it over AT-SPI.

    dbus-run-session -- python tests/ui/atspi_app.py READER_PYTHON

Run by test_screen_reader.py under Xvfb on a private session bus, with Qt's accessibility
bridge always on. For each page it asks the reader for the tree as a screen reader sees it;
in the player it also asks what was announced. Prints one JSON object: {"pages": {name:
[nodes]}, "heard": [...]}. The reader answers over a pipe while Qt's event loop runs, since
the reader's questions reach the app through that same loop.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEventLoop, QProcess, QTimer
from PySide6.QtWidgets import QApplication

from support.tour import build_window, tour
from unwind.ui.accessibility import install_roles
from unwind.ui.theme import LIGHT

HERE = Path(__file__).resolve().parent
ANSWER_MS = 20_000


class Reader:
    """The AT-SPI reader in its own interpreter, asked one line at a time."""

    def __init__(self, python: str) -> None:
        self.process = QProcess()
        self.process.setProcessChannelMode(QProcess.ProcessChannelMode.ForwardedErrorChannel)
        self.process.start(python, [str(HERE / "atspi_reader.py")])
        self._buffer = b""
        self.ask(None)  # its "ready"

    def ask(self, command: str | None) -> Any:
        if command is not None:
            self.process.write(f"{command}\n".encode())
        loop = QEventLoop()
        timer = QTimer()
        timer.setSingleShot(True)
        timer.timeout.connect(loop.quit)
        self.process.readyReadStandardOutput.connect(loop.quit)
        self.process.finished.connect(loop.quit)
        timer.start(ANSWER_MS)
        while b"\n" not in self._buffer and timer.isActive():
            self._buffer += bytes(self.process.readAllStandardOutput().data())
            if b"\n" in self._buffer or self.process.state() == QProcess.ProcessState.NotRunning:
                break
            loop.exec()
        self.process.readyReadStandardOutput.disconnect(loop.quit)
        self.process.finished.disconnect(loop.quit)
        line, _, self._buffer = self._buffer.partition(b"\n")
        if not line:
            raise RuntimeError(f"the AT-SPI reader did not answer {command!r}")
        return json.loads(line)

    def close(self) -> None:
        self.process.closeWriteChannel()
        self.process.waitForFinished(5000)


def settle(ms: int = 150) -> None:
    """Lets the bridge send what changed before the reader reads it."""
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def main() -> int:
    app = QApplication(sys.argv[:1])
    app.setApplicationName("Unwind")
    install_roles()  # as run_gui does
    reader = Reader(sys.argv[1])
    pages: dict[str, Any] = {}
    heard: list[str] = []
    with tempfile.TemporaryDirectory() as folder:
        rig = build_window(Path(folder), LIGHT)
        rig.window.resize(1280, 720)
        rig.window.show()
        settle(500)
        for name, _page in tour(rig):
            settle()
            pages[name] = reader.ask("tree")["tree"]
            if name == "player, massage":
                reader.ask("heard")
                rig.practice.skip()  # a step change, announced
                settle(300)
                heard = reader.ask("heard")["heard"]
        rig.close()
    reader.close()
    print(json.dumps({"pages": pages, "heard": heard}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
