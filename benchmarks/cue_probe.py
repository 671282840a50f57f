"""Cue-timing probe: plays a routine in the real app and records every cue it hands over.

    python -m benchmarks.cue_probe --data-dir DIR --start ROUTINE_ID --out FILE \
        --pause-at 58 --pause-for 2.5

Run with SDL_AUDIODRIVER=disk and SDL_DISKAUDIOFILE=... so the mix lands in a file. It runs
`unwind.cli.main` in this process, with hooks set before: the session's sound listener hands
every cue with the moment it reached the mixer (`SessionSound.on_cue`), Practice.play tells when
the session started, and PygameAudio.start notes when the mixer is ready. A QTimer pauses the
session `--pause-at` seconds after it began and resumes it `--pause-for` seconds later
(practice.toggle_pause(), as Space does). After
each toggle it reads where the session's clock stands (its banked offset and the monotonic
moment the current run began), so every cue's scheduled monotonic time is exact. When the
finish cue has sounded it waits a moment, closes the mixer (which flushes the disk driver's
file), writes a JSON file and leaves with os._exit.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer

from benchmarks.probe_exit import give_up, leave
from unwind.audio.engine import PygameAudio
from unwind.audio.session_sound import SessionSound
from unwind.core.practice import Practice
from unwind.core.timeline import Cue, CueKind

TAIL_MS = 800
"""How long the device runs after the finish cue, so its onset reaches the file."""
GIVE_UP_S = 600.0


class Recorder:
    def __init__(self, out: Path, pause_at: float, pause_for: float) -> None:
        self.out = out
        self.pause_at = pause_at
        self.pause_for = pause_for
        self.audio: PygameAudio | None = None
        self.practice: Practice | None = None
        self.mixer_ready: float | None = None
        self.mixer_started: float | None = None
        self.segments: list[dict[str, float]] = []
        """(run began monotonic, session offset then) at the start and after each resume."""
        self.pauses: list[dict[str, float]] = []
        self.cues: list[dict[str, Any]] = []
        self.timers: list[QTimer] = []

    def later(self, ms: int, action: Any) -> None:
        timer = QTimer()
        timer.setSingleShot(True)
        timer.setTimerType(Qt.TimerType.PreciseTimer)
        timer.timeout.connect(action)
        timer.start(ms)
        self.timers.append(timer)

    def segment(self) -> None:
        assert self.practice is not None and self.practice.session is not None
        session = self.practice.session
        began = session._run_started
        assert began is not None
        self.segments.append({"run_started": began, "offset": session._offset})

    def played(self, practice: Practice) -> None:
        """Called right after Practice.play: the session has started."""
        self.practice = practice
        self.segment()
        self.later(int(self.pause_at * 1000), self.pause)

    def pause(self) -> None:
        assert self.practice is not None
        began = time.monotonic()
        self.practice.toggle_pause()
        self.pauses.append({"paused_at": began})
        self.later(int(self.pause_for * 1000), self.resume)

    def resume(self) -> None:
        assert self.practice is not None
        self.pauses[-1]["resumed_at"] = time.monotonic()
        self.practice.toggle_pause()
        self.segment()

    def fired(self, cue: Cue, handed: float | None) -> None:
        self.cues.append(
            {
                "time": cue.time,
                "kind": cue.kind.value,
                "phase": cue.phase.value if cue.phase else None,
                "step": cue.step_index,
                "handed": handed,
                "emitted": time.monotonic(),
            }
        )
        if cue.kind is CueKind.FINISHED:
            self.later(TAIL_MS, self.finish)

    def finish(self) -> None:
        output = self.audio.output_format if self.audio is not None else None
        if self.audio is not None:
            self.audio.close()
        report = {
            "output": output,
            "mixer_started": self.mixer_started,
            "mixer_ready": self.mixer_ready,
            "segments": self.segments,
            "pauses": self.pauses,
            "cues": self.cues,
        }
        self.out.write_text(json.dumps(report, indent=1), "utf-8")
        leave("done\n", 0)


def install_hooks(recorder: Recorder) -> None:
    original_init = PygameAudio.__init__
    original_start = PygameAudio.start
    original_sound = SessionSound.__init__
    original_play = Practice.play

    def init(self: PygameAudio, *args: Any, **kwargs: Any) -> None:
        original_init(self, *args, **kwargs)
        recorder.audio = self

    def start(self: PygameAudio) -> None:
        recorder.mixer_started = time.monotonic()
        original_start(self)
        recorder.mixer_ready = time.monotonic()

    def sound(self: SessionSound, *args: Any, **kwargs: Any) -> None:
        original_sound(self, *args, **kwargs)
        self.on_cue = recorder.fired

    def play(self: Practice) -> None:
        # the session starts inside play(), and its opening cues sound there too
        recorder.practice = self
        original_play(self)
        if recorder.segments == [] and self.session is not None:
            recorder.played(self)

    PygameAudio.__init__ = init  # type: ignore[method-assign]
    PygameAudio.start = start  # type: ignore[method-assign]
    SessionSound.__init__ = sound  # type: ignore[method-assign]
    Practice.play = play  # type: ignore[method-assign]


def too_slow() -> None:
    give_up(f"cue_probe: the routine did not finish within {GIVE_UP_S:g} s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.cue_probe")
    parser.add_argument("--data-dir", required=True)
    parser.add_argument("--start", required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--pause-at", type=float, required=True)
    parser.add_argument("--pause-for", type=float, required=True)
    args = parser.parse_args(argv)

    recorder = Recorder(args.out, args.pause_at, args.pause_for)
    install_hooks(recorder)
    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv[:1])
    guard = QTimer(app)
    guard.setSingleShot(True)
    guard.timeout.connect(too_slow)
    guard.start(int(GIVE_UP_S * 1000))
    from unwind.cli.main import main as unwind_main

    unwind_main(["--data-dir", args.data_dir, "--start", args.start])
    sys.stderr.write("cue_probe: the event loop ended before the routine finished\n")
    return 3


if __name__ == "__main__":
    sys.exit(main())
