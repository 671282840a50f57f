"""The disk driver's clock, read from outside: when its capture file grew, and by how much.

    python -m benchmarks.capture_clock CAPTURE_FILE OUT_JSON

SDL's disk driver writes each mixed buffer through stdio, so the file grows in stdio-sized
chunks (4 KiB here: 2048 mono frames, four 512-frame buffers, 46 ms of audio). This process
polls the file's size every 0.3 ms and notes time.monotonic() at each change, until it
receives SIGTERM; then it writes {"records": [[monotonic, size], ...]} to OUT_JSON. It runs
apart from the probe so that the probe's GIL never delays a reading.

glibc flushes a full stdio buffer in the fwrite of the *next* buffer, which the driver calls
right after mixing it: so when the file reaches size S, the frame at byte S has just been mixed.
`mixing_clock` turns the records into that mapping, frame -> monotonic time, interpolating
between flushes (the driver's rate wanders with load, so no single line fits two minutes).
"""

from __future__ import annotations

import json
import os
import signal
import sys
import time
from pathlib import Path
from types import FrameType
from typing import Any

POLL_S = 0.0003


def watch(capture: Path, out: Path) -> int:
    stopping = False

    def stop(signum: int, frame: FrameType | None) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    records: list[tuple[float, int]] = []
    last = -1
    while not stopping:
        try:
            size = os.stat(capture).st_size
        except FileNotFoundError:
            size = -1
        if size != last:
            records.append((time.monotonic(), size))
            last = size
        time.sleep(POLL_S)
    out.write_text(json.dumps({"records": records}), "utf-8")
    return 0


def mixing_clock(records: list[list[float]], bytes_per_frame: int) -> Any:
    """A function: frame index (float array) -> the monotonic moment it was mixed.

    Uses the moments the file grew; before the first growth and after the last it extends the
    nearest stretch's rate.
    """
    import numpy as np

    grown = [(t, size) for t, size in records if size > 0]
    if len(grown) < 3:
        raise ValueError("the capture file grew fewer than three times")
    times = np.array([t for t, _ in grown], dtype=np.float64)
    frames = np.array([size / bytes_per_frame for _, size in grown], dtype=np.float64)

    def clock(frame: Any) -> Any:
        frame = np.asarray(frame, dtype=np.float64)
        inside = np.interp(frame, frames, times)
        first_rate = (times[1] - times[0]) / (frames[1] - frames[0])
        last_rate = (times[-1] - times[-2]) / (frames[-1] - frames[-2])
        before = times[0] + (frame - frames[0]) * first_rate
        after = times[-1] + (frame - frames[-1]) * last_rate
        return np.where(frame < frames[0], before, np.where(frame > frames[-1], after, inside))

    return clock


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2:
        sys.stderr.write("usage: python -m benchmarks.capture_clock CAPTURE_FILE OUT_JSON\n")
        return 2
    return watch(Path(args[0]), Path(args[1]))


if __name__ == "__main__":
    sys.exit(main())
