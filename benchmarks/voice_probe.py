"""Voice probe: the GUI thread's work per spoken cue, and rendering a custom routine's lines.

    SDL_AUDIODRIVER=dummy python -m benchmarks.voice_probe gui
    python -m benchmarks.voice_probe render --cache DIR

`gui` plays every built-in routine with full guidance, spoken breath phases and the countdown
through the real SessionVoice and the real mixer (SDL's dummy driver), on a fake clock that
jumps from cue to cue. Before each jump it waits (outside the timing) until the voice's worker
has decoded what it was asked to decode ahead, as it has in real time. It times each call of
the voice listener that handed a line to the mixer: the whole of the GUI thread's work for
that cue (choosing the lines, the mixer calls, asking for what comes next): the thread's CPU
time, and the wall time, which also holds what other processes took of the cores meanwhile.

`render` composes a 10-step custom routine, hands every line to VoiceLines as a session on its
way does, and notes when each line's recording is ready, against the moment it is spoken.
Each prints one JSON line.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from benchmarks.probe_exit import give_up, report_and_exit

CUSTOM_ROUTINE = """
id = "bench-voice"
title = "Evening neck and hands"
goals = ["tension"]

[[steps]]
kind = "prepare"
title = "Find a quiet corner"
duration = 45
instruction = "Sit on a firm chair, feet flat, and let your arms hang for a moment."

[[steps]]
kind = "massage"
title = "Palm circles"
area = "hands"
side = "each"
technique = "circles"
pressure = "light"
duration = 60
instruction = "With the thumb of the other hand, draw slow circles over the palm."

[[steps]]
kind = "massage"
title = "Forearm press"
area = "forearms"
side = "each"
technique = "press"
pressure = "medium"
duration = 60
instruction = "Press along the forearm from wrist to elbow, one thumb width at a time."

[[steps]]
kind = "breathe"
title = "Long out-breath"
inhale = 4
exhale = 7
cycles = 6
instruction = "Let each breath out take a little longer than the breath in."

[[steps]]
kind = "massage"
title = "Jaw release"
area = "jaw"
side = "both"
technique = "circles"
pressure = "light"
duration = 45
instruction = "Let your teeth part and circle the muscle in front of each ear."

[[steps]]
kind = "massage"
title = "Temple press"
area = "temples"
side = "both"
technique = "press"
pressure = "light"
duration = 40
instruction = "Press gently on both temples, hold, and let go."

[[steps]]
kind = "massage"
title = "Scalp glide"
area = "scalp"
side = "both"
technique = "glide"
pressure = "light"
duration = 40
instruction = "Glide your fingertips from your forehead back over the top of your head."

[[steps]]
kind = "massage"
title = "Feet under the desk"
area = "feet"
side = "each"
technique = "ball"
pressure = "medium"
duration = 60
instruction = "Roll a ball under the arch of one foot, then the other."

[[steps]]
kind = "breathe"
title = "Even breathing"
inhale = 5
exhale = 5
cycles = 6

[[steps]]
kind = "rest"
title = "Sit still"
duration = 30
instruction = "Rest your hands in your lap and notice how they feel."
"""


class FakeClock:
    def __init__(self) -> None:
        self.seconds = 1000.0

    def monotonic(self) -> float:
        return self.seconds

    def now(self) -> datetime:
        return datetime.now(UTC)


def wait_decoded(voice: Any, clips: list[Any], timeout: float = 2.0) -> None:
    deadline = time.monotonic() + timeout
    pause = threading.Event()
    while not all(voice.ready(clip) for clip in clips) and time.monotonic() < deadline:
        pause.wait(0.002)


def gui() -> dict[str, Any]:
    from unwind.audio.engine import PygameAudio
    from unwind.audio.session_voice import SessionVoice
    from unwind.audio.voice_lines import VoiceLines
    from unwind.core.library import RoutineLibrary
    from unwind.core.practice import CueFired, Event, Practice
    from unwind.core.settings import Settings

    audio = PygameAudio()
    audio.start()
    if not audio.available:
        give_up(f"voice_probe: no mixer: {audio.notice}")
    wall_ms: list[float] = []
    cpu_ms: list[float] = []
    cues = 0
    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(Path(folder) / "settings.json")
        for name, value in (("voice", "full"), ("voice_breath", True), ("voice_countdown", True)):
            settings.set(name, value)
        settings.set("checkins", False)
        lines = VoiceLines(Path(folder) / "cache")
        library = RoutineLibrary.load(None)
        settings.set("safety_seen", [r.id for r in library.routines])
        for routine in library.routines:
            clock = FakeClock()
            practice = Practice(settings, clock)
            handed: list[float | None] = []

            def position(practice: Practice = practice) -> float | None:
                state = practice.state()
                return state.elapsed if state is not None and practice.playing else None

            def spoken(_moment: Any, _lines: Any, at: float | None, handed: Any = handed) -> None:
                handed.append(at)

            voice = SessionVoice(audio.voice, lines, settings, position, on_spoken=spoken)

            def timed(
                event: Event, voice: SessionVoice = voice, handed: list[Any] = handed
            ) -> None:
                nonlocal cues
                if not isinstance(event, CueFired):
                    voice(event)
                    return
                before = len(handed)
                began, began_cpu = time.perf_counter(), time.thread_time()
                voice(event)
                took, took_cpu = time.perf_counter() - began, time.thread_time() - began_cpu
                if len(handed) > before and handed[-1] is not None:
                    wall_ms.append(took * 1000)
                    cpu_ms.append(took_cpu * 1000)
                cues += 1

            practice.subscribe(timed)
            practice.start(routine)
            while practice.playing:
                # what the voice asked to have decoded ahead: ready, as in real time it is
                wait_decoded(audio.voice, list(audio.voice._wanted))
                to_next = practice.seconds_to_next_cue()
                if to_next is None:
                    break
                clock.seconds += to_next
                practice.tick()
            audio.voice.hush(0)
    audio.close()

    def p99(values: list[float]) -> float:
        ordered = sorted(values)
        return ordered[min(len(ordered) - 1, round(0.99 * len(ordered)))]

    return {
        "spoken": len(wall_ms),
        "cues": cues,
        "wall_ms": wall_ms,
        "cpu_ms": cpu_ms,
        "cpu_median_ms": statistics.median(cpu_ms),
        "cpu_p99_ms": p99(cpu_ms),
        "cpu_max_ms": max(cpu_ms),
        "wall_median_ms": statistics.median(wall_ms),
        "wall_p99_ms": p99(wall_ms),
        "wall_max_ms": max(wall_ms),
    }


def status_kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def render(cache: Path) -> dict[str, Any]:
    from unwind.audio.voice_lines import VoiceLines
    from unwind.core.guidance import Detail, VoiceOptions, compose
    from unwind.core.routine_file import parse_routine

    routine = parse_routine(CUSTOM_ROUTINE)
    script = compose(routine, VoiceOptions(Detail.FULL))
    texts = script.texts()
    first_use: dict[str, float] = {}
    for moment in script.moments:
        for line in moment.lines:
            first_use.setdefault(line.text, moment.time)
    ready_at: dict[str, float] = {}
    lines = VoiceLines(cache)
    lines.clip(texts[0])  # the built-in manifest, read before measuring
    before = status_kb("VmRSS")
    began = time.monotonic()
    to_render = lines.prepare(texts)
    pause = threading.Event()
    while lines.pending and time.monotonic() - began < 600:
        for text in texts:
            if text not in ready_at and lines.clip(text) is not None:
                ready_at[text] = time.monotonic() - began
        pause.wait(0.02)
    for text in texts:
        if text not in ready_at and lines.clip(text) is not None:
            ready_at[text] = time.monotonic() - began
    total = time.monotonic() - began
    late = [t for t in texts if ready_at.get(t, float("inf")) > first_use[t]]
    first_moment = [line.text for line in script.moments[0].lines]
    peak = status_kb("VmHWM")
    lines.wait_until_idle(10)
    pause.wait(0.5)  # the worker lets go of the engine once the queue is empty
    after = status_kb("VmRSS")
    return {
        "lines": len(texts),
        "rendered": to_render,
        "seconds_all": total,
        "seconds_first_moment": max(ready_at.get(t, float("inf")) for t in first_moment),
        "first_step_seconds": routine.steps[0].duration,
        "late_without_checkin": late,
        "audio_seconds": sum(c.seconds for t in texts if (c := lines.clip(t)) is not None),
        "peak_rss_mb": peak / 1024,
        "rss_after_mb": after / 1024,
        "rss_before_mb": before / 1024,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.voice_probe")
    parser.add_argument("mode", choices=("gui", "render"))
    parser.add_argument("--cache", type=Path)
    args = parser.parse_args(argv)
    if args.mode == "gui":
        report_and_exit(gui())
    if args.cache is None:
        give_up("voice_probe: render needs --cache DIR")
    report_and_exit(render(args.cache))


if __name__ == "__main__":
    sys.exit(main())
