"""What the app asks of sound, and the silence that stands in when there is none."""

from __future__ import annotations

import math
from typing import Protocol

from unwind.audio.cues import CueSound


def clamp_volume(value: float) -> float:
    """0..1; anything else (negative, above one, NaN) is pulled into range, never an error."""
    if math.isnan(value):
        return 0.0
    return min(1.0, max(0.0, float(value)))


class Audio(Protocol):
    """What the app needs from sound. All methods are safe to call at any time; none raises."""

    @property
    def available(self) -> bool:
        """False while silent: before start(), without a device, or after close()."""
        ...

    @property
    def notice(self) -> str | None:
        """A sentence for the person saying why there is no sound, when that is the case."""
        ...

    def start(self) -> None: ...

    def play_ambient(self, soundscape: str, fade_ms: int = 3000) -> None: ...

    def stop_ambient(self, fade_ms: int = 2000) -> None: ...

    def pause(self) -> None: ...

    def resume(self) -> None: ...

    def play_cue(self, sound: CueSound) -> float | None: ...

    def set_volumes(self, ambient: float, cues: float) -> None: ...

    def set_muted(self, muted: bool) -> None: ...

    def close(self, fade_ms: int = 0) -> None:
        """Closes the device; with fade_ms, what still sounds fades out first."""
        ...


class SilentAudio:
    """Plays nothing: for tests, for `--no-sound`, and when no device can be opened."""

    def __init__(self, notice: str | None = None) -> None:
        self._notice = notice

    @property
    def available(self) -> bool:
        return False

    @property
    def notice(self) -> str | None:
        return self._notice

    def start(self) -> None:
        pass

    def play_ambient(self, soundscape: str, fade_ms: int = 3000) -> None:
        pass

    def stop_ambient(self, fade_ms: int = 2000) -> None:
        pass

    def pause(self) -> None:
        pass

    def resume(self) -> None:
        pass

    def play_cue(self, sound: CueSound) -> float | None:
        return None

    def set_volumes(self, ambient: float, cues: float) -> None:
        pass

    def set_muted(self, muted: bool) -> None:
        pass

    def close(self, fade_ms: int = 0) -> None:
        pass
