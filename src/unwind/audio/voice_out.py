"""The voice in the mixer: one line at a time, panned toward a side, with the ambient ducked.

`MixerVoice` belongs to a `PygameAudio`, which gives it two mixer channels of its own when
the device opens (`adopt`), keeps it in step with mute (`set_muted`) and lowers the ambient
sound when asked (`duck`). The GUI thread only hands over lines that are already decoded:
decoding (10-20 ms a line), the next part of a line, and the ducking ramps all happen on the
voice's own worker thread, so speaking costs the GUI thread a few mixer calls.
"""

from __future__ import annotations

import io
import logging
import math
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING, Any

from unwind.audio.base import clamp_volume

if TYPE_CHECKING:
    from unwind.audio.voice_lines import Clip

log = logging.getLogger(__name__)

VOICE_CHANNELS = 2
"""Two, so a new line can start while an unfinished one fades out."""
CUT_MS = 80
"""How fast an unfinished line fades out when a new one starts."""
HUSH_MS = 120
DUCK_DB = -9.0
"""How far the ambient sound goes down under speech."""
DUCK_DOWN_S = 0.2
DUCK_UP_S = 0.35
RAMP_STEP_S = 0.01
"""The ambient level changes at most this often (about once per mixer buffer)."""
PAN_FAR = 0.4
"""A line about one side plays at full level in that ear and at this (about -8 dB) in the other."""
TAIL_S = 0.45
"""The silence at the end of every recording (voice_render.TAIL_SECONDS): not speech."""


def duck_factor() -> float:
    return float(10 ** (DUCK_DB / 20))


@dataclass
class _Part:
    sound: Any
    gain: float


@dataclass
class _Pending:
    """A line whose recordings were still being decoded when its moment came."""

    clips: tuple[Clip, ...]
    side: str | None
    gain: float
    until: float


class MixerVoice:
    """Plays spoken lines on two reserved mixer channels. Safe to call from any thread."""

    def __init__(self, duck: Callable[[float], None]) -> None:
        self._duck = duck
        self._lock = threading.Condition()
        self._mixer: Any = None
        self._channels: list[Any] = []
        self._active: int | None = None
        self._decoded: dict[str, Any] = {}
        self._wanted: list[Clip] = []
        self._unreadable: set[str] = set()
        self._volume = 0.8
        self._muted = False
        self._parts: deque[_Part] = deque()
        self._playing: list[Any] = []
        self._next_part_at = math.inf
        self._speech_until = 0.0
        self._pending: _Pending | None = None
        self._level = 1.0  # the ambient's duck factor as last applied
        self._ramp: tuple[float, float, float, float] | None = None  # from, to, start, seconds
        self._side: str | None = None
        self._current: Any = None  # the part playing now, for volume changes
        self._current_gain = 1.0
        self._decoding = False
        self._thread: threading.Thread | None = None
        self._closed = False

    # --- from the engine -------------------------------------------------------------------

    def adopt(self, mixer: Any, channels: Sequence[Any]) -> None:
        with self._lock:
            self._mixer = mixer
            self._channels = list(channels)
            self._closed = False
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._work, name="unwind-voice", daemon=True)
                self._thread.start()
            self._lock.notify_all()

    def release(self) -> None:
        """The mixer is closing: forgets every sound; the worker ends when it wakes.

        Waits for a recording being decoded (it reads the mixer's format), never longer than
        half a second.
        """
        with self._lock:
            self._closed = True
            self._mixer = None
            self._channels = []
            self._active = None
            self._decoded = {}
            self._parts.clear()
            self._playing = []
            self._current = None
            self._pending = None
            self._lock.notify_all()
            self._lock.wait_for(lambda: not self._decoding, timeout=0.5)

    def set_muted(self, muted: bool) -> None:
        with self._lock:
            self._muted = bool(muted)
            self._apply_level()
            if muted:
                self._release_duck()

    # --- from the listener -----------------------------------------------------------------

    @property
    def available(self) -> bool:
        with self._lock:
            return self._mixer is not None

    @property
    def speaking(self) -> bool:
        with self._lock:
            return time.monotonic() < self._speech_until

    def set_volume(self, volume: float) -> None:
        with self._lock:
            self._volume = clamp_volume(volume)
            self._apply_level()

    def ready(self, clip: Clip) -> bool:
        """Decoded and playable at once."""
        with self._lock:
            return clip.key in self._decoded

    def prefetch(self, clips: Sequence[Clip]) -> None:
        """Decodes these recordings ahead (in order) and lets go of the others."""
        with self._lock:
            self._wanted = list(clips)
            keep = {clip.key for clip in clips}
            playing = {id(sound) for sound in self._playing}
            for key, sound in list(self._decoded.items()):
                if key not in keep and id(sound) not in playing:
                    del self._decoded[key]
            self._lock.notify_all()

    def speak(
        self,
        clips: Sequence[Clip],
        side: str | None = None,
        gain: float = 1.0,
        urgent: bool = True,
        grace: float = 0.0,
    ) -> float | None:
        """Starts the line now (its parts one after another); returns time.monotonic() then.

        A line still being spoken fades out quickly, unless this one is not `urgent`, in which
        case this one is left out. With `grace`, a line whose recordings are still being
        decoded starts when they are, if that is within `grace` seconds. None when nothing
        is heard: muted, volume zero, no device, or not ready.
        """
        with self._lock:
            if self._closed or self._muted or self._volume <= 0.0 or not clips:
                return None
            now = time.monotonic()
            if not urgent and now < self._speech_until:
                return None
            ready = self._mixer is not None and all(c.key in self._decoded for c in clips)
            if not ready:
                if grace > 0 and all(c.key not in self._unreadable for c in clips):
                    self._pending = _Pending(tuple(clips), side, gain, now + grace)
                    self._lock.notify_all()
                return None
            self._pending = None
            self._start([self._decoded[c.key] for c in clips], side, gain, now)
            return now

    def hush(self, fade_ms: int = HUSH_MS) -> None:
        """Ends the line being spoken: a short fade, or at once with 0 (on pause)."""
        with self._lock:
            self._pending = None
            self._parts.clear()
            self._next_part_at = math.inf
            if self._active is not None and self._channels:
                channel = self._channels[self._active]
                try:
                    if fade_ms > 0:
                        channel.fadeout(fade_ms)
                    else:
                        channel.stop()
                except Exception:
                    log.exception("the voice could not be stopped")
            self._speech_until = 0.0
            self._release_duck()

    # --- playing (lock held) ---------------------------------------------------------------

    def _start(self, sounds: list[Any], side: str | None, gain: float, now: float) -> None:
        if self._active is not None:
            try:
                self._channels[self._active].fadeout(CUT_MS)
            except Exception:
                log.exception("the voice could not fade out")
        self._active = 1 - self._active if self._active is not None else 0
        channel = self._channels[self._active]
        self._parts = deque(_Part(sound, gain) for sound in sounds)
        self._playing = list(sounds)
        self._side = side
        total = sum(float(sound.get_length()) for sound in sounds)
        self._speech_until = now + max(0.0, total - TAIL_S)
        self._play_next(channel, now)
        self._ramp_to(duck_factor(), DUCK_DOWN_S, now)
        self._lock.notify_all()

    def _play_next(self, channel: Any, now: float) -> None:
        part = self._parts.popleft()
        try:
            if channel.get_busy():
                channel.stop()  # a stop also drops the channel's panning, so pan after it
            left, right = _pan(self._side)
            if left == right:
                channel.set_volume(1.0)
            else:
                channel.set_volume(left, right)
            part.sound.set_volume(self._level_for(part.gain))
            channel.play(part.sound)
        except Exception:
            log.exception("a spoken line could not be played")
            self._parts.clear()
            self._speech_until = 0.0
            return
        self._current_gain = part.gain
        self._current = part.sound
        self._next_part_at = now + float(part.sound.get_length()) if self._parts else math.inf

    def _level_for(self, gain: float) -> float:
        return 0.0 if self._muted else clamp_volume(self._volume * gain)

    def _apply_level(self) -> None:
        if self._current is not None:
            try:
                self._current.set_volume(self._level_for(self._current_gain))
            except Exception:
                log.exception("the voice volume could not be set")

    def _release_duck(self) -> None:
        self._ramp_to(1.0, DUCK_UP_S, time.monotonic())
        self._lock.notify_all()

    def _ramp_to(self, target: float, seconds: float, now: float) -> None:
        start = self._ramp_value(now)
        if abs(start - target) < 1e-4:
            self._ramp = None if abs(self._level - target) < 1e-4 else (start, target, now, 0.0)
            return
        self._ramp = (start, target, now, seconds)

    def _ramp_value(self, now: float) -> float:
        """The duck factor the current ramp gives now: even steps in decibels."""
        if self._ramp is None:
            return self._level
        start, target, began, seconds = self._ramp
        share = 1.0 if seconds <= 0 else min(1.0, max(0.0, (now - began) / seconds))
        low = 20 * math.log10(max(start, 1e-4))
        high = 20 * math.log10(max(target, 1e-4))
        return float(10 ** ((low + (high - low) * share) / 20))

    # --- the worker ------------------------------------------------------------------------

    def _work(self) -> None:
        while True:
            level: float | None = None
            job: Clip | None = None
            with self._lock:
                if self._closed:
                    return
                now = time.monotonic()
                if self._parts and now >= self._next_part_at and self._active is not None:
                    self._play_next(self._channels[self._active], now)
                if self._ramp is None and self._level < 1.0 and now >= self._speech_until:
                    self._ramp_to(1.0, DUCK_UP_S, now)
                if self._ramp is not None:
                    value = self._ramp_value(now)
                    if abs(value - self._level) > 1e-4:
                        level = value
                    if now >= self._ramp[2] + self._ramp[3]:
                        self._ramp = None
                self._play_pending(now)
                job = self._next_job()
                mixer = self._mixer
                if level is not None:
                    self._level = level
                if job is None and level is None:
                    self._lock.wait(self._sleep(now))
                    continue
                self._decoding = job is not None
            if level is not None:
                self._duck(level)
            if job is not None and mixer is not None:
                self._decode(mixer, job)

    def _sleep(self, now: float) -> float | None:
        """How long the worker may wait before it has something to do (None: until told)."""
        moments = [self._next_part_at]
        if self._ramp is not None:
            moments.append(now + RAMP_STEP_S)
        if self._level < 1.0:
            moments.append(self._speech_until)
        if self._pending is not None:
            moments.append(self._pending.until)
        soonest = min(moments)
        return None if math.isinf(soonest) else max(0.001, soonest - now)

    def _play_pending(self, now: float) -> None:
        pending = self._pending
        if pending is None or self._mixer is None:
            return
        if now > pending.until or any(c.key in self._unreadable for c in pending.clips):
            log.info("voice: a line was not ready in time and is left out")
            self._pending = None
            return
        if all(c.key in self._decoded for c in pending.clips):
            self._pending = None
            self._start(
                [self._decoded[c.key] for c in pending.clips], pending.side, pending.gain, now
            )

    def _next_job(self) -> Clip | None:
        if self._mixer is None:
            return None
        order = list(self._pending.clips) if self._pending is not None else []
        for clip in order + self._wanted:
            if clip.key not in self._decoded and clip.key not in self._unreadable:
                return clip
        return None

    def _decode(self, mixer: Any, clip: Clip) -> None:
        """Decodes one recording at the mixer's format, outside the lock (pygame lets go of
        the interpreter meanwhile)."""
        try:
            if clip.data is not None:
                sound = mixer.Sound(file=io.BytesIO(clip.data))
            elif clip.location is not None:
                with resources.as_file(clip.location) as path:
                    sound = mixer.Sound(file=os.fspath(path))
            else:
                raise ValueError("the clip has neither a file nor data")
            if sound.get_length() <= 0:
                raise ValueError("it holds no sound")
        except Exception as exc:
            with self._lock:
                self._decoding = False
                self._lock.notify_all()
                if self._closed:
                    return  # the mixer closed under it: nothing is wrong with the file
                self._unreadable.add(clip.key)
            log.warning("voice: the recording %s could not be read: %s", clip.location, exc)
            return
        with self._lock:
            self._decoding = False
            wanted = any(c.key == clip.key for c in self._wanted)
            pending = self._pending is not None and clip in self._pending.clips
            if self._mixer is mixer and (wanted or pending):
                self._decoded[clip.key] = sound
            self._lock.notify_all()


def _pan(side: str | None) -> tuple[float, float]:
    if side == "left":
        return 1.0, PAN_FAR
    if side == "right":
        return PAN_FAR, 1.0
    return 1.0, 1.0
