"""Fakes shared by the tests: a clock that moves only when told and an audio that records."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from unwind.audio.cues import CueSound

WALL_START = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
"""A Monday morning."""


class FakeClock:
    """Both of a `Clock`'s clocks, moving together and only when told.

    Calling it gives the monotonic time, for code that takes a plain monotonic function.
    `jump_wall(seconds)` moves the wall clock alone, as a computer waking from sleep does.
    """

    def __init__(self, start: float = 1000.0, wall: datetime = WALL_START) -> None:
        self.seconds = start
        self.wall = wall

    def __call__(self) -> float:
        return self.seconds

    def monotonic(self) -> float:
        return self.seconds

    def now(self) -> datetime:
        return self.wall

    def advance(self, seconds: float) -> None:
        self.seconds += seconds
        self.wall += timedelta(seconds=seconds)

    def jump_wall(self, seconds: float) -> None:
        self.wall += timedelta(seconds=seconds)


class RecordingAudio:
    """Stands in for the mixer: remembers what it was asked to do."""

    def __init__(self, clock: FakeClock | None = None, available: bool = True) -> None:
        self.clock = clock
        self.available = available
        self.notice: str | None = None if available else "No sound device could be opened."
        self.calls: list[tuple[str, object]] = []
        self.cues: list[CueSound] = []
        self.muted = False
        self.volumes = (0.5, 0.7)
        self.ambient: str | None = None

    def start(self) -> None:
        self.calls.append(("start", None))

    def play_ambient(self, soundscape: str, fade_ms: int = 3000) -> None:
        self.ambient = soundscape
        self.calls.append(("play_ambient", soundscape))

    def stop_ambient(self, fade_ms: int = 2000) -> None:
        self.ambient = None
        self.calls.append(("stop_ambient", fade_ms))

    def pause(self) -> None:
        self.calls.append(("pause", None))

    def resume(self) -> None:
        self.calls.append(("resume", None))

    def play_cue(self, sound: CueSound) -> float | None:
        if self.muted or not self.available:
            return None
        self.cues.append(sound)
        return self.clock() if self.clock else 0.0

    def set_volumes(self, ambient: float, cues: float) -> None:
        self.volumes = (ambient, cues)

    def set_muted(self, muted: bool) -> None:
        self.muted = muted

    def close(self, fade_ms: int = 0) -> None:
        self.calls.append(("close", fade_ms))


class Answers:
    """Stands in for the "End this session?" question: gives the answers it was made with,
    in order, and counts how often it was asked."""

    def __init__(self, *answers: bool) -> None:
        self.answers = list(answers)
        self.asked = 0

    def __call__(self, _parent: object) -> bool:
        self.asked += 1
        return self.answers.pop(0) if self.answers else True


class RecordingVoice:
    """Stands in for the voice's mixer channels: remembers what it was asked to say.

    Every clip counts as decoded unless it is in `not_decoded`; a line keeps the voice
    busy, on the fake clock, for as long as its clips last.
    """

    def __init__(self, clock: FakeClock) -> None:
        self.clock = clock
        self.said: list[tuple[float, tuple[str, ...], str | None, float, bool]] = []
        self.hushed: list[int] = []
        self.prefetched: list[str] = []
        self.not_decoded: set[str] = set()
        self.volume = 0.8
        self.muted = False
        self._until = 0.0

    @property
    def speaking(self) -> bool:
        return self.clock() < self._until

    def ready(self, clip: Any) -> bool:
        return clip.key not in self.not_decoded

    def prefetch(self, clips: Sequence[Any]) -> None:
        self.prefetched = [clip.key for clip in clips]

    def speak(
        self,
        clips: Sequence[Any],
        side: str | None = None,
        gain: float = 1.0,
        urgent: bool = True,
        grace: float = 0.0,
    ) -> float | None:
        if self.muted or not clips or (not urgent and self.speaking):
            return None
        if any(clip.key in self.not_decoded for clip in clips):
            return None
        self.said.append((self.clock(), tuple(clip.key for clip in clips), side, gain, urgent))
        self._until = self.clock() + sum(clip.seconds for clip in clips) - 0.45
        return self.clock()

    def hush(self, fade_ms: int = 120) -> None:
        self.hushed.append(fade_ms)
        self._until = 0.0

    def set_volume(self, volume: float) -> None:
        self.volume = volume


BERLIN = ZoneInfo("Europe/Berlin")
"""A zone with daylight-saving time: 29 March and 25 October 2026 are its changes."""


def berlin(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    """A time of day in Berlin, as the UTC instant the clocks deal in."""
    return datetime(year, month, day, hour, minute, tzinfo=BERLIN).astimezone(UTC)
