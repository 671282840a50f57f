"""Plays a short routine with the voice in real time through the real engine; a subprocess.

The parent test sets SDL_AUDIODRIVER=disk and SDL_DISKAUDIOFILE; this plays the practice
with SessionSound and SessionVoice as the app wires them (key cues: every line is a built-in
recording), the chimes silent and a steady 40 Hz tone as the ambient sound, so the capture
holds the voice and the ambient alone. What was spoken, and when it was handed to the
mixer, goes to voice.json.

Usage: python capture_voice.py OUT_DIR SOUNDS_DIR
"""

from __future__ import annotations

import json
import os
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

from unwind.audio.engine import PygameAudio
from unwind.audio.session_sound import SessionSound
from unwind.audio.session_voice import SessionVoice
from unwind.audio.voice_lines import VoiceLines
from unwind.core.guidance import Line, Moment
from unwind.core.practice import Practice
from unwind.core.routine_file import parse_routine
from unwind.core.settings import Settings

ROUTINE = """
id = "voice-timing"
title = "Voice timing"
goals = ["tension"]

[[steps]]
kind = "prepare"
title = "Settle in"
duration = 4

[[steps]]
kind = "massage"
title = "Knead the shoulder"
area = "shoulders"
side = "each"
technique = "knead"
pressure = "medium"
duration = 8

[[steps]]
kind = "rest"
title = "Rest"
duration = 3
"""

TAIL_SECONDS = 1.0


class RecordingClock:
    """time.monotonic, remembering its first reading since `first` was cleared: the moment
    the session started."""

    def __init__(self) -> None:
        self.first: float | None = None

    def restart(self) -> None:
        self.first = None

    def monotonic(self) -> float:
        now = time.monotonic()
        if self.first is None:
            self.first = now
        return now

    def now(self) -> datetime:
        return datetime.now(UTC)


def main(out_dir: Path, sounds_dir: Path) -> int:
    settings = Settings(out_dir / "settings.json")
    for name, value in (
        ("voice", "key"),
        ("voice_volume", 1.0),
        ("cue_volume", 0.0),
        ("ambient_volume", 1.0),
        ("soundscape", "brown_noise"),
        ("safety_seen", ["voice-timing"]),
    ):
        settings.set(name, value)
    audio = PygameAudio(sounds_dir=sounds_dir)
    audio.start()
    opened = time.monotonic()
    if not audio.available:
        print(audio.notice, file=sys.stderr)
        return 2
    clock = RecordingClock()
    practice = Practice(settings, clock)
    records: list[dict[str, object]] = []

    def spoken(moment: Moment, lines: tuple[Line, ...], handed: float | None) -> None:
        records.append(
            {
                "time": moment.time,
                "cue": moment.cue.value,
                "texts": [line.text for line in lines],
                "side": next((line.side for line in lines if line.side), None),
                "handed": handed,
            }
        )

    def position() -> float | None:
        state = practice.state()
        return state.elapsed if state is not None and practice.playing else None

    lines = VoiceLines(out_dir / "cache")
    practice.subscribe(SessionSound(audio, settings))
    practice.subscribe(SessionVoice(audio.voice, lines, settings, position, on_spoken=spoken))
    routine = parse_routine(ROUTINE)
    practice.start(routine)  # the check-in is open: the first lines are decoded meanwhile
    first = lines.clip("Settle in.")
    assert first is not None
    deadline = time.monotonic() + 5
    wake = threading.Event()  # never set: its wait() is a sleep that can be cut short
    while not audio.voice.ready(first) and time.monotonic() < deadline:
        wake.wait(0.01)
    clock.restart()  # the practice reads the clock as it is made: the start is the next
    practice.play()
    assert clock.first is not None
    started = clock.first
    while practice.playing:
        practice.tick()
        wait = practice.seconds_to_next_cue()
        if wait is None:
            break
        wake.wait(wait)
    # the disk driver writes in real time but falls behind on a busy machine: wait until the
    # file holds the whole session and its tail before the mixer closes
    output = audio.output_format
    assert output is not None
    per_second = output[0] * abs(output[1]) // 8 * output[2]
    wanted = (time.monotonic() - opened + TAIL_SECONDS) * per_second
    deadline = time.monotonic() + 30
    out_file = os.environ["SDL_DISKAUDIOFILE"]
    while os.path.getsize(out_file) < wanted and time.monotonic() < deadline:
        wake.wait(0.05)
    audio.close()
    for record in records:
        if record["handed"] is not None:
            record["handed"] = float(record["handed"]) - started  # type: ignore[arg-type]
    summary = {"started": started, "records": records}
    (out_dir / "voice.json").write_text(json.dumps(summary, indent=1), "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(Path(sys.argv[1]), Path(sys.argv[2])))
