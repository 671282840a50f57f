"""Plays a short routine's cues in real time through PygameAudio; run as a subprocess.

The parent test sets SDL_AUDIODRIVER=disk and SDL_DISKAUDIOFILE so the mix lands in a file,
then compares the onsets it finds there with the schedule written to `cues.json`. A fresh
process gives a fresh SDL and mixer, free of anything an earlier test left behind.

Usage: python capture_session.py OUT_DIR
"""

from __future__ import annotations

import json
import sys
import threading
import time
from pathlib import Path

from unwind.audio.cues import sound_for_cue
from unwind.audio.engine import PygameAudio
from unwind.core.routine_file import parse_routine
from unwind.core.session import Session, SessionStatus
from unwind.core.timeline import SessionTimeline

ROUTINE = """
id = "cue-timing"
title = "Cue timing"

[[steps]]
kind = "breathe"
inhale = 1.5
exhale = 1.5
cycles = 2

[[steps]]
kind = "massage"
duration = 3
area = "hands"
technique = "squeeze"
pressure = "light"
"""

TAIL_SECONDS = 0.4
"""How long to keep the device running after the last cue, so its onset is rendered."""


class RecordingClock:
    """time.monotonic, remembering its first reading: the moment the session started."""

    def __init__(self) -> None:
        self.first: float | None = None

    def __call__(self) -> float:
        now = time.monotonic()
        if self.first is None:
            self.first = now
        return now


def main(out_dir: Path) -> int:
    audio = PygameAudio()
    audio.start()
    if not audio.available:
        print(audio.notice, file=sys.stderr)
        return 2
    audio.set_volumes(ambient=0.0, cues=1.0)
    output = audio.output_format
    assert output is not None

    clock = RecordingClock()
    session = Session(SessionTimeline(parse_routine(ROUTINE)), clock)
    session.start()
    assert clock.first is not None
    started = clock.first
    wake = threading.Event()  # never set: its wait() is a sleep that can be cut short
    records: list[dict[str, object]] = []
    while True:
        for cue in session.poll():
            sound = sound_for_cue(cue, breath_tones=True)
            handed = audio.play_cue(sound) if sound is not None else None
            records.append(
                {
                    "time": cue.time,
                    "kind": cue.kind.value,
                    "phase": cue.phase.value if cue.phase else None,
                    "sound": sound.value if sound else None,
                    "handed": None if handed is None else handed - started,
                }
            )
        if session.status is SessionStatus.FINISHED:
            break
        wait = session.seconds_to_next_cue()
        if wait is None:
            break
        wake.wait(wait)
    wake.wait(TAIL_SECONDS)
    audio.close()
    summary = {"frequency": output[0], "channels": output[2], "cues": records}
    (out_dir / "cues.json").write_text(json.dumps(summary, indent=1), "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(Path(sys.argv[1])))
