"""Start-up probe: prints the wall-clock moment the first window is painted, then exits.

    python -m benchmarks.probe bare
    python -m benchmarks.probe app --data-dir DIR

It creates the QApplication itself and watches every event with an application-wide filter;
`app` then runs `unwind.cli.main`, which reuses that QApplication, and `bare` shows an empty
QWidget of the app's window size. On the first Paint of a widget in a top-level window it
notes time.time() and the process's CPU time; when the event loop next turns (the whole first
frame painted and flushed to the X server) it notes the time again, prints all as one JSON
line and leaves at once with os._exit: Qt teardown and the audio thread's join are not part
of start-up.

The filter costs about 2 microseconds of Python per event; the app sends about 3,000 events
before its first paint (bare: under 40), so the probe adds roughly 6 ms to the app's figure.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from benchmarks.sizes import WINDOW_SIZE

GIVE_UP_MS = 30_000
EXIT_NO_PAINT = 3


class FirstPaint(QObject):
    """An application-wide event filter that reports the first painted top-level window."""

    def __init__(self) -> None:
        super().__init__()
        self.first_paint: float | None = None
        self.cpu_seconds = 0.0
        self.painted = ""
        self.events = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        self.events += 1
        if (
            self.first_paint is None
            and event.type() == QEvent.Type.Paint
            and isinstance(watched, QWidget)
            and watched.window().windowType() == Qt.WindowType.Window
        ):
            self.first_paint = time.time()
            self.cpu_seconds = time.process_time()
            self.painted = f"{type(watched).__name__} in {type(watched.window()).__name__}"
            QTimer.singleShot(0, self.report)
        return False

    def report(self) -> None:
        frame_done = time.time()
        line = {
            "first_paint": self.first_paint,
            "frame_done": frame_done,
            "cpu_seconds": self.cpu_seconds,
            "painted": self.painted,
            "events_before": self.events,
        }
        sys.stdout.write(json.dumps(line) + "\n")
        sys.stdout.flush()
        os._exit(0)


def give_up() -> None:
    sys.stderr.write(f"probe: no window was painted within {GIVE_UP_MS} ms\n")
    sys.stderr.flush()
    os._exit(EXIT_NO_PAINT)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.probe")
    parser.add_argument("kind", choices=("app", "bare"))
    parser.add_argument("--data-dir", default=None)
    args = parser.parse_args(argv)

    app = QApplication(sys.argv[:1])
    watcher = FirstPaint()
    app.installEventFilter(watcher)
    QTimer.singleShot(GIVE_UP_MS, give_up)

    if args.kind == "bare":
        window = QWidget()
        window.setWindowTitle("bare")
        window.resize(*WINDOW_SIZE)
        window.show()
        app.exec()
    else:
        if not args.data_dir:
            parser.error("app needs --data-dir DIR")
        from unwind.cli import main as unwind_main

        unwind_main(["--data-dir", args.data_dir])
    # Only reached when the event loop ended without a paint.
    sys.stderr.write("probe: the event loop ended before a window was painted\n")
    return EXIT_NO_PAINT


if __name__ == "__main__":
    sys.exit(main())
