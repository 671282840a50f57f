"""Sound for sessions: a pygame mixer wrapper, and a silent stand-in for machines without sound.

pygame is imported and the device opened only in `PygameAudio.start()`, which the UI calls from
a worker thread once the window is up: both take a noticeable moment, and a machine without a
sound device must still get a working app, with a sentence saying why it is quiet.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from unwind.audio.base import clamp_volume
from unwind.audio.cues import (
    SILENCE,
    SOUNDSCAPES,
    CueSound,
    ambient_file_name,
    cue_file_name,
)
from unwind.audio.pygame_import import import_mixer
from unwind.audio.voice_out import VOICE_CHANNELS, MixerVoice
from unwind.resources import sounds_folder

log = logging.getLogger(__name__)

AMBIENT_CHANNELS = 2
"""Two, so a new soundscape can fade in while the old one fades out."""
CUE_CHANNELS = 4
"""A chime, a breath tone and a soft chime can overlap; a cue never waits or steals ambient."""
EAGER_CUES = (CueSound.CHIME,)
"""Decoded as the mixer opens, for the first moment of a session; the rest on first use."""

DEFAULT_FREQUENCY = 44100
DEFAULT_BUFFER = 512
"""Frames per mixer buffer: 11.6 ms at 44.1 kHz keeps a cue within ~15 ms of its moment."""
OUTPUT_CHANNELS = 2
"""Stereo, so the voice can say "now the right side" from the right. Every file is mono and
plays alike on both sides otherwise; decoded for stereo, the sounds of a breathing session
take about 1.5 MB more than they would for a mono mixer (docs/PERFORMANCE.md)."""

_SDL_DEFAULTS = {
    # How the stream is named in the desktop's volume mixer (PulseAudio, PipeWire).
    "SDL_AUDIO_DEVICE_APP_NAME": "Unwind",
    "SDL_AUDIO_DEVICE_STREAM_NAME": "Session sounds",
    # SDL would turn SIGINT and SIGTERM into events nobody reads, and the app would ignore a
    # request to quit (from the desktop at logout, or `kill`).
    "SDL_NO_SIGNAL_HANDLERS": "1",
}

EARLY_CUE_GRACE = 1.0
"""A cue asked for while the mixer was still opening still sounds if it opens within this."""

FIX_DEVICE = "connect or enable a sound device, then restart Unwind"
FIX_INSTALL = "reinstalling Unwind should fix this"


def default_sounds_dir() -> Traversable:
    """The bundled sounds, wherever the package lives (editable, wheel or frozen bundle)."""
    return sounds_folder()


class _NoSound(Exception):
    """Why start() gave up, as the sentence the person will read."""


class PygameAudio:
    """The pygame-ce mixer, opened by start() on a worker thread.

    Every other method is called from the GUI thread and only records what is wanted until the
    mixer is open; start() then applies it (volumes, mute, pause and the soundscape asked for
    meanwhile). A lock keeps the two threads from touching the mixer at once. pygame's mixer
    is process-wide, so make one of these per process and close() it at exit.
    """

    def __init__(
        self,
        sounds_dir: Traversable | Path | None = None,
        frequency: int = DEFAULT_FREQUENCY,
        buffer: int = DEFAULT_BUFFER,
    ) -> None:
        self._sounds_dir: Traversable | Path = (
            sounds_dir if sounds_dir is not None else default_sounds_dir()
        )
        self._frequency = frequency
        self._buffer = buffer
        self._lock = threading.Lock()
        self._early_cue: tuple[CueSound, float] | None = None
        # What the person wants, kept whether or not the mixer is open.
        self._soundscape: str | None = None
        self._ambient_fade_ms = 0
        self._ambient_volume = 0.5
        self._cue_volume = 0.7
        self._muted = False
        self._paused = False
        self._duck = 1.0  # the ambient's level under speech, set by the voice
        self.voice = MixerVoice(self.set_duck)
        """The spoken guidance's channels (audio/voice_out.py)."""
        # The mixer, once open.
        self._mixer: Any = None
        self._cue_sounds: dict[CueSound, Any] = {}
        self._ambient_sounds: dict[str, Any] = {}  # decoded on first use; only what plays
        self._unreadable: set[str] = set()  # file names, so each is tried and logged once
        self._ambient_channels: list[Any] = []
        self._ambient_released_at: list[float] = []
        self._cue_channels: list[Any] = []
        self._cue_started_at: list[float] = []
        self._active_ambient: int | None = None  # channel index of the wanted soundscape
        self._ambient_on: list[str | None] = []  # the soundscape each ambient channel was given
        self._started = False
        self._closed = False
        self._notice: str | None = None

    # --- state ---------------------------------------------------------------------------

    @property
    def available(self) -> bool:
        with self._lock:
            return self._mixer is not None

    @property
    def notice(self) -> str | None:
        with self._lock:
            return self._notice

    @property
    def soundscape(self) -> str | None:
        """The soundscape asked for (None after stop_ambient), playing or about to."""
        with self._lock:
            return self._soundscape

    @property
    def muted(self) -> bool:
        with self._lock:
            return self._muted

    @property
    def volumes(self) -> tuple[float, float]:
        with self._lock:
            return self._ambient_volume, self._cue_volume

    @property
    def output_format(self) -> tuple[int, int, int] | None:
        """(frequency, sample size, channels) the device really gave us, or None if silent."""
        with self._lock:
            if self._mixer is None:
                return None
            result: tuple[int, int, int] = tuple(self._mixer.get_init())
            return result

    # --- opening ---------------------------------------------------------------------------

    def start(self) -> None:
        """Imports pygame, opens the device and loads the sounds; on failure, goes silent.

        Slow (~80 ms here, more with a real device), so call it off the GUI thread. Never
        raises: whatever goes wrong becomes `notice`, and the detail goes to the log.
        """
        with self._lock:
            if self._started or self._closed:
                return
            self._started = True
        try:
            mixer = self._open_mixer()
        except _NoSound as reason:
            self._go_silent(str(reason))
            return
        except Exception as exc:  # sound is a nicety; the session must go on without it
            log.exception("Sound could not be started")
            self._go_silent(f"Sound could not be started ({exc}); Unwind will run silently.")
            return
        try:
            cues = self._load_cues(mixer)
        except _NoSound as reason:
            _quit_quietly(mixer)
            self._go_silent(str(reason))
            return
        with self._lock:
            if self._closed:  # close() came while we were opening: honour it
                _quit_quietly(mixer)
                return
            try:
                self._adopt(mixer, cues)
            except Exception as exc:
                log.exception("The mixer opened but could not be set up")
                self._mixer = None
                _quit_quietly(mixer)
                self._notice = f"Sound could not be started ({exc}); Unwind will run silently."
            early, self._early_cue = self._early_cue, None
        if early is not None and time.monotonic() - early[1] <= EARLY_CUE_GRACE:
            self.play_cue(early[0])

    def _open_mixer(self) -> Any:
        os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
        for name, value in _SDL_DEFAULTS.items():
            os.environ.setdefault(name, value)
        began = time.perf_counter()
        try:
            mixer = import_mixer()
        except Exception as exc:
            log.exception("pygame could not be imported")
            raise _NoSound(
                f"Unwind's sound library (pygame-ce) could not be loaded ({exc}); Unwind will "
                f"run silently. {FIX_INSTALL.capitalize()}."
            ) from exc
        if mixer.get_init():
            log.warning("The pygame mixer was already open; Unwind will share it")
        try:
            mixer.init(
                frequency=self._frequency, size=-16, channels=OUTPUT_CHANNELS, buffer=self._buffer
            )
        except Exception as exc:
            log.warning("No sound device: pygame.mixer.init() failed: %s", exc)
            cause = str(exc).strip() or type(exc).__name__
            raise _NoSound(
                f"No sound device could be opened ({cause}); Unwind will run silently. "
                f"To hear chimes and soundscapes, {FIX_DEVICE}."
            ) from exc
        log.info(
            "Sound opened in %.0f ms: %s with driver %s, %d-frame buffer",
            (time.perf_counter() - began) * 1000,
            mixer.get_init(),
            _driver_name(mixer),
            self._buffer,
        )
        return mixer

    def _load(self, mixer: Any, file_name: str, failures: list[str] | None = None) -> Any:
        """One sound decoded at the mixer's format, or None (logged) if it cannot be read."""
        try:
            with resources.as_file(self._sounds_dir / file_name) as path:
                return mixer.Sound(file=os.fspath(path))
        except Exception as exc:
            log.warning("Sound %s in %s could not be loaded: %s", file_name, self._sounds_dir, exc)
            if failures is not None:
                failures.append(f"{file_name}: {exc}")
            return None

    def _load_cues(self, mixer: Any) -> dict[CueSound, Any]:
        """The step chime, decoded now: it sounds the moment a session begins.

        The other cues and the soundscapes are decoded when first played (well under a
        millisecond each), so a session holds only the sounds it uses: the finish chime, the
        soft chime and the breath tones are half a megabyte a breathing session without
        breath tones never needs. Raises _NoSound when there is nothing at all to play.
        """
        failures: list[str] = []
        loaded = {sound: self._load(mixer, cue_file_name(sound), failures) for sound in EAGER_CUES}
        cues = {sound: chunk for sound, chunk in loaded.items() if chunk is not None}
        others = [cue_file_name(sound) for sound in CueSound if sound not in EAGER_CUES] + [
            ambient_file_name(scape) for scape in SOUNDSCAPES if scape != SILENCE
        ]
        if not cues and not any((self._sounds_dir / name).is_file() for name in others):
            raise _NoSound(
                f"Unwind's sound files could not be read ({failures[0]}); Unwind will run "
                f"silently. {FIX_INSTALL.capitalize()}."
            )
        return cues

    def _adopt(self, mixer: Any, cues: dict[CueSound, Any]) -> None:
        """Takes the open mixer into use and applies what was asked for meanwhile."""
        total = AMBIENT_CHANNELS + CUE_CHANNELS + VOICE_CHANNELS
        mixer.set_num_channels(total)
        mixer.set_reserved(total)  # nothing else may grab our channels via Sound.play()
        channels = [mixer.Channel(index) for index in range(total)]
        self._ambient_channels = channels[:AMBIENT_CHANNELS]
        self._ambient_released_at = [0.0] * AMBIENT_CHANNELS
        self._ambient_on = [None] * AMBIENT_CHANNELS
        voices = AMBIENT_CHANNELS + CUE_CHANNELS
        self._cue_channels = channels[AMBIENT_CHANNELS:voices]
        self.voice.set_muted(self._muted)
        self.voice.adopt(mixer, channels[voices:])
        self._cue_started_at = [0.0] * CUE_CHANNELS
        self._cue_sounds = cues
        self._mixer = mixer
        self._apply_volumes()
        if self._paused:
            mixer.pause()
        self._apply_ambient(self._ambient_fade_ms)

    def _go_silent(self, notice: str) -> None:
        with self._lock:
            self._mixer = None
            self._notice = notice
        log.warning("Running silently: %s", notice)

    # --- ambient ---------------------------------------------------------------------------

    def play_ambient(self, soundscape: str, fade_ms: int = 3000) -> None:
        """Loops a soundscape, crossfading from the one playing; "silence" fades it out."""
        if soundscape not in SOUNDSCAPES:
            log.warning("Unknown soundscape %r; playing silence", soundscape)
            soundscape = SILENCE
        with self._lock:
            self._soundscape = None if soundscape == SILENCE else soundscape
            self._ambient_fade_ms = max(0, fade_ms)
            if self._mixer is not None:
                with self._guard("switch the soundscape"):
                    self._apply_ambient(max(0, fade_ms))

    def stop_ambient(self, fade_ms: int = 2000) -> None:
        with self._lock:
            self._soundscape = None
            if self._mixer is not None:
                with self._guard("stop the soundscape"):
                    self._apply_ambient(max(0, fade_ms))

    @property
    def _playing(self) -> str | None:
        """The soundscape on the active ambient channel; called with the lock held."""
        return None if self._active_ambient is None else self._ambient_on[self._active_ambient]

    def _apply_ambient(self, fade_ms: int) -> None:
        """Crossfades from what plays to what is wanted; called with the lock held."""
        wanted = self._soundscape
        if wanted == self._playing:
            return
        chunk = self._ambient_sound(wanted) if wanted is not None else None
        if self._active_ambient is not None:
            channel = self._ambient_channels[self._active_ambient]
            if fade_ms > 0:
                channel.fadeout(fade_ms)
            else:
                channel.stop()
            self._ambient_released_at[self._active_ambient] = time.monotonic()
            self._active_ambient = None
        if chunk is not None:  # None for silence, or a file that cannot be read
            index = self._free_ambient_channel()
            channel = self._ambient_channels[index]
            channel.play(chunk, loops=-1, fade_ms=fade_ms)
            if self._paused:
                channel.pause()
            self._active_ambient = index
            self._ambient_on[index] = wanted
        self._forget_idle_ambients()

    def _ambient_sound(self, soundscape: str) -> Any:
        """The soundscape's loop, decoded on first use (about 10 ms); None if unreadable."""
        return self._decoded(
            self._ambient_sounds, soundscape, ambient_file_name(soundscape), self._levels()[0]
        )

    def _decoded(self, cache: dict[Any, Any], key: Any, file_name: str, volume: float) -> Any:
        """The sound kept in `cache` under `key`, decoded now if it is not there yet; None
        if its file cannot be read (which is logged once). Called with the lock held."""
        chunk = cache.get(key)
        if chunk is None and file_name not in self._unreadable:
            chunk = self._load(self._mixer, file_name)
            if chunk is None:
                self._unreadable.add(file_name)
                return None
            chunk.set_volume(volume)
            cache[key] = chunk
        return chunk

    def _forget_idle_ambients(self) -> None:
        """Keeps only the loops that play or fade out: the others would hold megabytes."""
        sounding = {
            self._ambient_on[index]
            for index, channel in enumerate(self._ambient_channels)
            if channel.get_busy()
        }
        sounding.add(self._soundscape)
        for soundscape in [name for name in self._ambient_sounds if name not in sounding]:
            del self._ambient_sounds[soundscape]

    def _free_ambient_channel(self) -> int:
        """An idle channel, else the one that has been fading out the longest."""
        for index, channel in enumerate(self._ambient_channels):
            if not channel.get_busy():
                return index
        return min(range(AMBIENT_CHANNELS), key=lambda i: self._ambient_released_at[i])

    # --- cues ------------------------------------------------------------------------------

    def play_cue(self, sound: CueSound) -> float | None:
        """Hands the cue to the mixer now; returns time.monotonic() at that moment.

        None when nothing will be heard: silent, muted, cue volume zero or the file missing.
        """
        with self._lock:
            if self._mixer is None and self._started and not self._closed and not self._notice:
                # still opening: the cue sounds as soon as the mixer is there, if that is soon
                self._early_cue = (sound, time.monotonic())
                return None
            if self._mixer is None or self._muted or self._cue_volume <= 0.0:
                return None
            chunk = self._decoded(self._cue_sounds, sound, cue_file_name(sound), self._levels()[1])
            if chunk is None:
                return None
            index = self._free_cue_channel()
            with self._guard(f"play the {sound.value} cue"):
                self._cue_channels[index].play(chunk)
                handed = time.monotonic()
                self._cue_started_at[index] = handed
                return handed
            return None

    def _free_cue_channel(self) -> int:
        """An idle cue channel, else the one whose cue began longest ago (mostly its tail)."""
        for index, channel in enumerate(self._cue_channels):
            if not channel.get_busy():
                return index
        return min(range(CUE_CHANNELS), key=lambda i: self._cue_started_at[i])

    # --- levels and pausing ----------------------------------------------------------------

    def set_volumes(self, ambient: float, cues: float) -> None:
        with self._lock:
            self._ambient_volume = clamp_volume(ambient)
            self._cue_volume = clamp_volume(cues)
            if self._mixer is not None:
                with self._guard("set the volume"):
                    self._apply_volumes()

    def set_muted(self, muted: bool) -> None:
        """Mute keeps the soundscape running silently, so unmuting picks up where it is."""
        with self._lock:
            self._muted = bool(muted)
            self.voice.set_muted(self._muted)
            if self._mixer is not None:
                with self._guard("mute" if muted else "unmute"):
                    self._apply_volumes()

    def set_duck(self, factor: float) -> None:
        """Lowers the ambient sound by `factor` (1 is its own level): the voice's ducking."""
        with self._lock:
            self._duck = clamp_volume(factor)
            if self._mixer is not None:
                with self._guard("duck the ambient sound"):
                    for chunk in self._ambient_sounds.values():
                        chunk.set_volume(self._levels()[0])

    def _levels(self) -> tuple[float, float]:
        """(ambient, cues) as they should sound now, mute included."""
        if self._muted:
            return 0.0, 0.0
        return self._ambient_volume * self._duck, self._cue_volume

    def _apply_volumes(self) -> None:
        # Levels live on the sounds, not the channels: SDL_mixer's fades drive the channel
        # volume, so a level change in mid-crossfade would otherwise be lost.
        ambient, cues = self._levels()
        for chunk in self._ambient_sounds.values():
            chunk.set_volume(ambient)
        for chunk in self._cue_sounds.values():
            chunk.set_volume(cues)

    def pause(self) -> None:
        """Holds every sound where it is.

        A cue played while paused still sounds: the app asked for it (a skip while paused).
        """
        with self._lock:
            self._paused = True
            if self._mixer is not None:
                with self._guard("pause sound"):
                    self._mixer.pause()

    def resume(self) -> None:
        with self._lock:
            self._paused = False
            if self._mixer is not None:
                with self._guard("resume sound"):
                    self._mixer.unpause()

    # --- closing ---------------------------------------------------------------------------

    def close(self, fade_ms: int = 0) -> None:
        """Closes the device; with fade_ms, whatever still sounds fades out first (at quit)."""
        if fade_ms > 0:
            self._fade_out(fade_ms)
        with self._lock:
            self._closed = True
            self.voice.release()
            mixer, self._mixer = self._mixer, None
            self._cue_sounds = {}
            self._ambient_sounds = {}
            self._ambient_channels = []
            self._ambient_on = []
            self._cue_channels = []
            self._active_ambient = None
            if mixer is not None:
                _quit_quietly(mixer)

    def _fade_out(self, fade_ms: int) -> None:
        with self._lock:
            if self._mixer is None or not self._mixer.get_busy():
                return
            with self._guard("fade out"):
                self._mixer.unpause()
                self._mixer.fadeout(fade_ms)
        # the fade happens on SDL's audio thread: wait for it, never longer than it lasts
        deadline = time.monotonic() + fade_ms / 1000 + 0.1
        pause = threading.Event()
        while time.monotonic() < deadline:
            with self._lock:
                if self._mixer is None or not self._mixer.get_busy():
                    return
            pause.wait(0.02)

    @contextmanager
    def _guard(self, action: str) -> Iterator[None]:
        """Logs a mixer failure instead of raising it: a lost sound must not end a session."""
        try:
            yield
        except Exception:
            log.exception("Could not %s", action)


def _driver_name(mixer: Any) -> str:
    try:
        return str(mixer.get_driver())
    except Exception:
        return os.environ.get("SDL_AUDIODRIVER", "default")


def _quit_quietly(mixer: Any) -> None:
    try:
        mixer.quit()
    except Exception:
        log.exception("Closing the mixer failed")
