"""Memory over a 60-minute routine played in a few seconds with a fake clock (offscreen).

    QT_QPA_PLATFORM=offscreen SDL_AUDIODRIVER=dummy python -m benchmarks.memory_soak \
        --data-dir DIR --minutes 60 [--tracemalloc]

Builds MainWindow as tests/ui/conftest.py does (a library from DIR's routines, settings with
check-ins off, the light theme, a clock that moves only when told) with the real PygameAudio
on SDL's dummy driver, begins the routine `bench-soak` and then, for every 1/60 s of
simulated time, advances the clock and calls window.player.refresh(); events are processed
every 1,000 frames (so paints, deferred deletes and queued signals happen). VmRSS is read
from /proc/self/status at every simulated minute. Prints one JSON line.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import tracemalloc
from datetime import UTC, datetime
from pathlib import Path

FPS = 60
EVENTS_EVERY = 1000


class FakeClock:
    """A monotonic clock moved by the soak's frame loop; the wall clock is the real one."""

    def __init__(self, start: float = 1000.0) -> None:
        self.seconds = start

    def monotonic(self) -> float:
        return self.seconds

    def now(self) -> datetime:
        return datetime.now(UTC)


def status_kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def routine_text(minutes: int) -> str:
    """Blocks of 5 minutes: 2.5 of breathing (4 in, 6 out), 2.5 of massage on each side.

    One block more than the run plays, so the session never ends (and builds no finish page)
    while memory is sampled.
    """
    blocks = []
    for index in range(max(1, minutes // 5 + 1)):
        blocks.append(f"""
[[steps]]
kind = "breathe"
title = "Breathe {index + 1}"
instruction = "Breathe in for 4, out for 6."
inhale = 4
exhale = 6
cycles = 15

[[steps]]
kind = "massage"
title = "Knead {index + 1}"
area = "shoulders"
side = "each"
technique = "knead"
pressure = "medium"
duration = 150
instruction = "Knead the top of one shoulder, then the other."
""")
    return (
        'id = "bench-soak"\ntitle = "Benchmark soak"\nsummary = "A long routine."\n'
        'goals = ["stress"]\n' + "".join(blocks)
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.memory_soak")
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--minutes", type=int, default=60)
    parser.add_argument("--tracemalloc", action="store_true")
    args = parser.parse_args(argv)

    from PySide6.QtWidgets import QApplication

    from unwind.audio.engine import PygameAudio
    from unwind.audio.session_sound import SessionSound
    from unwind.core.library import RoutineLibrary
    from unwind.core.paths import AppPaths
    from unwind.core.practice import Practice
    from unwind.core.settings import Settings
    from unwind.ui.main_window import MainWindow
    from unwind.ui.theme import LIGHT, apply_theme

    app = QApplication(sys.argv[:1])
    paths = AppPaths.resolve(args.data_dir)
    paths.routines.mkdir(parents=True, exist_ok=True)
    (paths.routines / "soak.toml").write_text(routine_text(args.minutes), "utf-8")
    apply_theme(app, LIGHT)
    settings = Settings(paths.settings_file)
    settings.set("checkins", False)
    settings.set("safety_seen", ["bench-soak"])
    library = RoutineLibrary.load(paths.routines)
    routine = library.get("bench-soak")
    assert routine is not None, library.broken
    clock = FakeClock()
    audio = PygameAudio()
    audio.start()
    practice = Practice(settings, clock)
    practice.subscribe(SessionSound(audio, settings))
    window = MainWindow(library, practice, settings, paths, LIGHT)
    practice.subscribe(window)
    window.show()
    app.processEvents()
    practice.start(routine)
    app.processEvents()

    frames = args.minutes * 60 * FPS
    samples: list[dict[str, float]] = []
    traced: list[float] = []
    snapshot_from: tracemalloc.Snapshot | None = None
    traced_from = max(1, args.minutes - 10)
    began = time.monotonic()
    for frame in range(1, frames + 1):
        clock.seconds += 1 / FPS
        window.player.refresh()
        if frame % EVENTS_EVERY == 0:
            app.processEvents()
        if frame % (60 * FPS) == 0:
            app.processEvents()
            minute = frame // (60 * FPS)
            samples.append(
                {"minute": minute, "rss_kb": status_kb("VmRSS"), "hwm_kb": status_kb("VmHWM")}
            )
            if args.tracemalloc:
                # tracemalloc triples the cost of a frame: it watches the last ten minutes only
                if minute == traced_from - 1:
                    tracemalloc.start(8)
                if tracemalloc.is_tracing():
                    traced.append(tracemalloc.get_traced_memory()[0] / 1024)
                    if minute == traced_from:
                        snapshot_from = tracemalloc.take_snapshot()
    growth_top: list[str] = []
    if snapshot_from is not None:
        final = tracemalloc.take_snapshot()
        for stat in final.compare_to(snapshot_from, "traceback")[:5]:
            frame_info = stat.traceback[-1]
            growth_top.append(
                f"{stat.size_diff / 1024:+.1f} KiB {stat.count_diff:+d} blocks at"
                f" {frame_info.filename}:{frame_info.lineno}"
            )
    line = {
        "frames": frames,
        "seconds": time.monotonic() - began,
        "finished": practice.outcome is not None and practice.outcome.completed,
        "audio": audio.available,
        "samples": samples,
        "traced_kb": traced,
        "traced_from_minute": traced_from,
        "tracemalloc_growth_top": growth_top,
    }
    window.player.stop_timers()
    sys.stdout.write(json.dumps(line) + "\n")
    sys.stdout.flush()
    audio.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
