"""The sound of a session: a listener of the practice and of the sound settings.

It opens the device when a session is on its way, plays the soundscape while the routine plays
and fades it at the end, turns cues into chimes and breath tones, holds everything on pause,
and keeps the engine's volumes and mute in step with the settings. It decides nothing about
the session; it only makes heard what the practice says.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from unwind.audio.base import Audio
from unwind.audio.cues import sound_for_cue
from unwind.core.guidance import breath_tones_wanted
from unwind.core.practice import (
    CueFired,
    Event,
    How,
    Paused,
    PlaybackStarted,
    Resumed,
    SafetyShown,
    SessionBegun,
    SessionEnded,
)
from unwind.core.settings import Settings
from unwind.core.timeline import Cue

log = logging.getLogger(__name__)

START_FADE_MS = 3000
SWITCH_FADE_MS = 1500
END_FADE_MS: dict[How, int] = {
    How.FINISHED: 4000,
    How.SKIPPED: 4000,
    How.STOPPED: 1500,
    How.QUIT: 600,
}
"""How long the soundscape takes to fade out, by how the session ended."""

CuePlayed = Callable[[Cue, float | None], None]


class SessionSound:
    """Call it with every practice event (`practice.subscribe(sound)`).

    `open_device` is called once a session is on its way (safety shown or session begun),
    since an open device wakes the system many times a second even in silence.
    `on_cue(cue, handed)` hears each cue with the monotonic time it was handed to the mixer
    (None when nothing will be heard): for tests and the cue-timing benchmark.
    """

    def __init__(
        self,
        audio: Audio,
        settings: Settings,
        open_device: Callable[[], None] = lambda: None,
        on_cue: CuePlayed | None = None,
    ) -> None:
        self.audio = audio
        self.settings = settings
        self.open_device = open_device
        self.on_cue = on_cue
        self._playing = False
        for name in ("ambient_volume", "cue_volume"):
            settings.subscribe(name, lambda _value: self._apply_volumes())
        settings.subscribe("muted", lambda muted: self.audio.set_muted(bool(muted)))
        settings.subscribe("soundscape", self._soundscape_changed)
        self._apply_volumes()
        audio.set_muted(settings.flag("muted"))

    def _apply_volumes(self) -> None:
        self.audio.set_volumes(
            self.settings.number("ambient_volume"), self.settings.number("cue_volume")
        )

    def _soundscape_changed(self, soundscape: object) -> None:
        if self._playing:
            self.audio.play_ambient(str(soundscape), SWITCH_FADE_MS)

    def __call__(self, event: Event) -> None:
        match event:
            case SafetyShown() | SessionBegun():
                self.open_device()
            case PlaybackStarted():
                self._playing = True
                self.audio.resume()
                self.audio.play_ambient(self.settings.text("soundscape"), START_FADE_MS)
            case CueFired(cue=cue):
                self._play_cue(cue)
            case Paused():
                self.audio.pause()
            case Resumed():
                self.audio.resume()
            case SessionEnded(outcome=outcome):
                self._playing = False
                self.audio.resume()  # a session stopped while paused still fades out
                self.audio.stop_ambient(END_FADE_MS[outcome.how])

    def _play_cue(self, cue: Cue) -> None:
        sound = sound_for_cue(cue, breath_tones_wanted(self.settings))
        handed = self.audio.play_cue(sound) if sound is not None else None
        if self.on_cue is not None:
            self.on_cue(cue, handed)
