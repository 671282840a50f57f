"""Start-up probe: prints the wall-clock moment the first window is painted, then exits.

    python -m benchmarks.probe bare
    python -m benchmarks.probe app --data-dir DIR

It creates the QApplication itself and watches every event with an application-wide filter;
`app` then runs `unwind.cli.main`, which reuses that QApplication, and `bare` shows an empty
QWidget of the app's window size. On the first Paint of a widget in a top-level window it
notes time.time() and the process's CPU time, and when the event loop next turns (that frame
painted and flushed to the X server) the time again. For `app` it then waits for the first
Paint of a child widget of the main window, its content: the same frame when the window is
built before it is shown, a later one when an empty window is shown first and filled after.
It prints everything as one JSON line and leaves at once with os._exit: Qt teardown and the
audio thread's join are not part of start-up. A bare QWidget has no children: its first
paint is its content.

The filter costs about 2 microseconds of Python per event; the app sends about 3,000 events
before its first paint (bare: under 40), so the probe adds roughly 6 ms to the app's figure.
"""

from __future__ import annotations

import argparse
import sys
import time

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from benchmarks.probe_exit import give_up, report_and_exit
from benchmarks.sizes import WINDOW_SIZE

GIVE_UP_MS = 30_000
EXIT_NO_PAINT = 3


class FirstPaint(QObject):
    """An application-wide event filter that reports the first painted top-level window.

    It also waits for the first painted child widget of that window (its content), unless
    told the window has none: a window may go on screen empty and be filled a moment later.
    """

    def __init__(self, wait_for_content: bool) -> None:
        super().__init__()
        self.wait_for_content = wait_for_content
        self.first_paint: float | None = None
        self.first_cpu = 0.0
        self.frame_done: float | None = None
        self.painted = ""
        self.events = 0
        self.events_before = 0
        self.content_paint: float | None = None
        self.content_cpu = 0.0
        self.content_painted = ""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        self.events += 1
        if event.type() != QEvent.Type.Paint or not isinstance(watched, QWidget):
            return False
        window = watched.window()
        if window.windowType() != Qt.WindowType.Window:
            return False
        if self.first_paint is None:
            self.first_paint = time.time()
            self.first_cpu = time.process_time()
            self.painted = f"{type(watched).__name__} in {type(window).__name__}"
            self.events_before = self.events
            QTimer.singleShot(0, self.first_frame_done)
        if self.wait_for_content and self.content_paint is None and watched is not window:
            self.content_paint = time.time()
            self.content_cpu = time.process_time()
            self.content_painted = f"{type(watched).__name__} in {type(window).__name__}"
            QTimer.singleShot(0, self.report)
        return False

    def first_frame_done(self) -> None:
        self.frame_done = time.time()
        if not self.wait_for_content:
            self.report()

    def report(self) -> None:
        """Prints the figures and leaves; without content, the window itself is the content."""
        line = {
            "first_paint": self.first_paint,
            "frame_done": self.frame_done or time.time(),
            "cpu_seconds": self.first_cpu,
            "painted": self.painted,
            "events_before": self.events_before,
            "content_paint": self.content_paint or self.first_paint,
            "content_cpu_seconds": self.content_cpu or self.first_cpu,
            "content_painted": self.content_painted or self.painted,
            "content_done": time.time(),
        }
        report_and_exit(line)


def nothing_painted() -> None:
    give_up(f"probe: no window was painted within {GIVE_UP_MS} ms", EXIT_NO_PAINT)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.probe")
    parser.add_argument("kind", choices=("app", "bare"))
    parser.add_argument("--data-dir", default=None)
    args = parser.parse_args(argv)

    app = QApplication(sys.argv[:1])
    watcher = FirstPaint(wait_for_content=args.kind == "app")
    app.installEventFilter(watcher)
    QTimer.singleShot(GIVE_UP_MS, nothing_painted)

    if args.kind == "bare":
        window = QWidget()
        window.setWindowTitle("bare")
        window.resize(*WINDOW_SIZE)
        window.show()
        app.exec()
    else:
        if not args.data_dir:
            parser.error("app needs --data-dir DIR")
        from unwind.cli.main import main as unwind_main

        unwind_main(["--data-dir", args.data_dir])
    # Only reached when the event loop ended without a paint.
    sys.stderr.write("probe: the event loop ended before a window was painted\n")
    return EXIT_NO_PAINT


if __name__ == "__main__":
    sys.exit(main())
