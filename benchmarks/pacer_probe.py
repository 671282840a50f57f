"""Pacer-smoothness probe: the intervals between the breathing pacer's real paints.

    python -m benchmarks.pacer_probe app --data-dir DIR --seconds 30
    python -m benchmarks.pacer_probe bare --seconds 30

An application-wide event filter notes time.monotonic() at every Paint event delivered to a
`unwind.ui.player.pacer.PacerWidget` (`app`: `unwind.cli.main` runs in this process with the data
folder's breathing routine started at once) or to the bare 60 fps circle of
benchmarks/bare_circle.py (`bare`, the baseline). Paints in the first WARMUP_S seconds after
the first one are ignored; after `--seconds` more it prints one JSON line with the interval
distribution and leaves at once with os._exit (no teardown, no audio join).
"""

from __future__ import annotations

import argparse
import itertools
import sys
import time

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication

from benchmarks.probe_exit import give_up, report_and_exit

WARMUP_S = 2.0
GIVE_UP_MS = 30_000
EXIT_NO_PAINT = 3


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile (share 0..1) of a non-empty list."""
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(share * len(ordered) + 0.5) - 1))
    return ordered[rank]


def summary(stamps: list[float], origin: float) -> dict[str, object]:
    intervals = [(b - a) * 1000 for a, b in itertools.pairwise(stamps)]
    if not intervals:
        return {"count": 0}
    buckets = {"<=17": 0, "17-20": 0, "20-33": 0, "33-50": 0, ">50": 0}
    for value in intervals:
        if value <= 17.5:
            buckets["<=17"] += 1
        elif value <= 20:
            buckets["17-20"] += 1
        elif value <= 33.4:
            buckets["20-33"] += 1
        elif value <= 50:
            buckets["33-50"] += 1
        else:
            buckets[">50"] += 1
    return {
        "count": len(intervals),
        "seconds": stamps[-1] - stamps[0],
        "p50": percentile(intervals, 0.50),
        "p90": percentile(intervals, 0.90),
        "p99": percentile(intervals, 0.99),
        "max": max(intervals),
        "min": min(intervals),
        "over_20": sum(value > 20 for value in intervals),
        "over_50": sum(value > 50 for value in intervals),
        "buckets_ms": buckets,
        "worst": sorted(intervals)[-5:],
        "worst_at_s": [
            round(stamps[index + 1] - origin, 3)
            for index in sorted(range(len(intervals)), key=intervals.__getitem__)[-5:]
        ],
    }


class PaintClock(QObject):
    """Notes the moment of each Paint of a watched kind of widget; reports after `seconds`."""

    def __init__(self, kind: type[QObject], seconds: float) -> None:
        super().__init__()
        self.kind = kind
        self.seconds = seconds
        self.first: float | None = None
        self.stamps: list[float] = []
        self.names: set[str] = set()
        self.done = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.Paint or not isinstance(watched, self.kind):
            return False
        now = time.monotonic()
        if self.first is None:
            self.first = now
            QTimer.singleShot(int((WARMUP_S + self.seconds) * 1000), self.report)
        if now - self.first >= WARMUP_S and not self.done:
            self.stamps.append(now)
            self.names.add(type(watched).__name__)
        return False

    def report(self) -> None:
        self.done = True
        assert self.first is not None
        line = {
            **summary(self.stamps, self.first),
            "warmup_s": WARMUP_S,
            "painted": sorted(self.names),
        }
        report_and_exit(line)


def nothing_painted() -> None:
    give_up(f"pacer_probe: nothing watched was painted within {GIVE_UP_MS} ms", EXIT_NO_PAINT)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.pacer_probe")
    parser.add_argument("kind", choices=("app", "bare"))
    parser.add_argument("--data-dir", default=None)
    parser.add_argument("--start", default=None, help="the routine id to start (app)")
    parser.add_argument("--seconds", type=float, default=30.0)
    args = parser.parse_args(argv)

    app = QApplication(sys.argv[:1])
    watched: type[QObject]
    if args.kind == "bare":
        from benchmarks.bare_circle import Circle

        watched = Circle
    else:
        from unwind.ui.player.pacer import PacerWidget

        watched = PacerWidget
    clock = PaintClock(watched, args.seconds)
    app.installEventFilter(clock)
    give_up_timer = QTimer()
    give_up_timer.setSingleShot(True)
    give_up_timer.timeout.connect(lambda: None if clock.first is not None else nothing_painted())
    give_up_timer.start(GIVE_UP_MS)

    if args.kind == "bare":
        circle = Circle()
        circle.show()
        app.exec()
    else:
        if not args.data_dir or not args.start:
            parser.error("app needs --data-dir DIR and --start ROUTINE_ID")
        from unwind.cli.main import main as unwind_main

        unwind_main(["--data-dir", args.data_dir, "--start", args.start])
    sys.stderr.write("pacer_probe: the event loop ended before the report\n")
    return EXIT_NO_PAINT


if __name__ == "__main__":
    sys.exit(main())
