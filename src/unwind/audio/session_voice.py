"""The voice of a session: a listener of the practice and of the voice settings.

It decides nothing about the session. When a session is on its way it composes the routine's
lines (core/guidance.py) and asks for the recordings that are missing, so they are rendered
during the check-in; at each cue it speaks the lines of that moment that are ready and fit
before the next moment; it stops on pause, skip and back; and it follows the settings. A line
that is not ready, or would run past its time, is left out: guidance never drifts behind the
routine.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from unwind.audio.voice_lines import Clip, VoiceLines
from unwind.core.guidance import (
    COUNTDOWN_SPOKEN,
    PHASE_SPOKEN,
    Line,
    LineKind,
    Moment,
    Script,
    compose,
    fit,
    voice_options,
)
from unwind.core.practice import (
    CueFired,
    Event,
    How,
    Moved,
    Paused,
    PlaybackStarted,
    Resumed,
    SessionAbandoned,
    SessionBegun,
    SessionClosed,
    SessionEnded,
)
from unwind.core.routine import Routine
from unwind.core.settings import Settings
from unwind.core.timeline import Cue, CueKind

log = logging.getLogger(__name__)

LATE_AFTER = 0.4
"""A moment whose cue arrives later than this (a stalled frame) is left out, never spoken late."""
STEP_GRACE = 1.0
"""A step's line whose recordings are still being decoded (the device opening, a skip to a
step not decoded yet) may start up to this late, with that much less time to fit in."""
TAIL = 0.45
"""The silence that ends every recording (voice_render.TAIL_SECONDS): it may overrun a budget."""
COUNTDOWN_GAIN = 0.6
"""The countdown is softer than the guidance."""
AHEAD = 3
"""Moments decoded ahead, besides this step's and the next step's start."""

Spoken = Callable[[Moment, tuple[Line, ...], float | None], None]


class VoicePlayer(Protocol):
    """What the voice needs from the mixer (audio/voice_out.py:MixerVoice)."""

    @property
    def speaking(self) -> bool: ...

    def ready(self, clip: Clip) -> bool: ...

    def prefetch(self, clips: Sequence[Clip]) -> None: ...

    def speak(
        self,
        clips: Sequence[Clip],
        side: str | None = None,
        gain: float = 1.0,
        urgent: bool = True,
        grace: float = 0.0,
    ) -> float | None: ...

    def hush(self, fade_ms: int = 120) -> None: ...

    def set_volume(self, volume: float) -> None: ...


@dataclass(frozen=True)
class _Said:
    moment: Moment
    lines: tuple[Line, ...]
    side: str | None


class SessionVoice:
    """Call it with every practice event (`practice.subscribe(voice)`).

    `position()` is the session's elapsed seconds now (None when nothing plays): a cue is
    judged late against it. `on_spoken(moment, lines, handed)` hears each moment that had
    lines, with what was spoken (maybe nothing) and the monotonic time it was handed to the
    mixer: for tests and the benchmarks.
    """

    def __init__(
        self,
        player: VoicePlayer,
        lines: VoiceLines,
        settings: Settings,
        position: Callable[[], float | None],
        on_spoken: Spoken | None = None,
    ) -> None:
        self.player = player
        self.lines = lines
        self.settings = settings
        self.position = position
        self.on_spoken = on_spoken
        self._routine: Routine | None = None
        self._script: Script | None = None
        self._first = True
        self._said: _Said | None = None
        self._interrupted: _Said | None = None
        for name in ("voice", "voice_breath", "voice_countdown"):
            settings.subscribe(name, lambda _value: self._options_changed())
        settings.subscribe("voice_volume", lambda value: player.set_volume(float(value)))
        player.set_volume(settings.number("voice_volume"))

    # --- the practice ----------------------------------------------------------------------

    def __call__(self, event: Event) -> None:
        match event:
            case SessionBegun(routine=routine):
                self._take(routine)
                self._prefetch(0.0)  # decoded during the check-in
            case PlaybackStarted(routine=routine):
                if routine is not self._routine:
                    self._take(routine)
                self._first = True
                self._said = self._interrupted = None
                self._prefetch(0.0)
            case CueFired(cue=cue):
                self._cue(cue)
            case Moved(state=state):
                self.player.hush()
                self._said = None
                self._prefetch(state.elapsed)
            case Paused():
                self._interrupted = self._said if self.player.speaking else None
                self.player.hush(0)
            case Resumed():
                self._resume()
            case SessionEnded(outcome=outcome):
                if outcome.how is not How.FINISHED:
                    self.player.hush()
            case SessionAbandoned() | SessionClosed():
                self._routine = self._script = None
                self.player.prefetch([])

    def join(self, routine: Routine) -> None:
        """Follows a session already on its way: the voice was switched on during it."""
        self._take(routine)
        position = self.position()
        self._prefetch(position if position is not None else 0.0)

    def _take(self, routine: Routine) -> None:
        self._routine = routine
        self._script = compose(routine, voice_options(self.settings))
        self._prepare()

    def _options_changed(self) -> None:
        if self._routine is None:
            return
        self._script = compose(self._routine, voice_options(self.settings))
        if not self._script.moments:
            self.player.hush()
        self._prepare()
        position = self.position()
        self._prefetch(position if position is not None else 0.0)

    def _prepare(self) -> None:
        """Asks for the recordings this routine will need, in the order they are spoken."""
        if self._script is not None and self._script.moments:
            self.lines.prepare(self._script.texts())

    # --- speaking --------------------------------------------------------------------------

    def _clip(self, line: Line) -> Clip | None:
        return self.lines.clip(line.text)

    def _cue(self, cue: Cue) -> None:
        script = self._script
        moment = script.at(cue) if script is not None else None
        if moment is None:
            return
        first, self._first = self._first, False
        now = self.position()
        late = 0.0 if now is None else max(0.0, now - cue.time)
        if late > LATE_AFTER:
            log.info("voice: the %s cue came %.1f s late; its line is left out", cue.kind, late)
            self._heard(moment, (), None)
            return
        grace = STEP_GRACE if cue.kind is CueKind.STEP_STARTED or first else 0.0
        chosen = self._choose(moment.lines, moment.budget - late, grace)
        handed = None
        if chosen:
            handed = self._say(moment, chosen, grace)
        self._heard(moment, chosen, handed)
        if moment.urgent:
            self._prefetch(cue.time)

    def _choose(self, lines: Sequence[Line], budget: float, grace: float) -> tuple[Line, ...]:
        """The lines that are ready and fit; with grace, lines still being decoded count, and
        the time they may take to be ready comes off the budget."""

        def length(line: Line) -> float | None:
            clip = self._clip(line)
            if clip is None:
                return None
            if self.player.ready(clip):
                return clip.seconds
            return clip.seconds if grace > 0 else None

        waiting = grace > 0 and any(
            (clip := self._clip(line)) is not None and not self.player.ready(clip) for line in lines
        )
        return fit(lines, length, budget + TAIL - (grace if waiting else 0.0))

    def _say(self, moment: Moment, lines: tuple[Line, ...], grace: float) -> float | None:
        clips = [clip for line in lines if (clip := self._clip(line)) is not None]
        side = next((line.side for line in lines if line.side), None)
        gain = COUNTDOWN_GAIN if moment.cue is CueKind.COUNTDOWN else 1.0
        handed = self.player.speak(clips, side, gain, urgent=moment.urgent, grace=grace)
        if moment.urgent:
            self._said = _Said(moment, lines, side)
        return handed

    def _heard(self, moment: Moment, lines: tuple[Line, ...], handed: float | None) -> None:
        if self.on_spoken is not None:
            self.on_spoken(moment, lines, handed)

    def _resume(self) -> None:
        """Says the interrupted step or side line again, when it still fits before the next
        moment; otherwise goes on quietly."""
        said, self._interrupted = self._interrupted, None
        now = self.position()
        script = self._script
        if said is None or now is None or script is None:
            return
        if not any(line.kind in (LineKind.STEP, LineKind.SIDE) for line in said.lines):
            return
        following = script.next_urgent(now)
        budget = (following.time - now) if following is not None else float("inf")
        again = self._choose(said.lines, budget, 0.0)
        if again:
            handed = self._say(said.moment, again, 0.0)
            self._heard(said.moment, again, handed)

    def _prefetch(self, elapsed: float) -> None:
        """Decodes what comes next: the next few moments, this step's and the next step's
        start (for back and skip), and the short words used all through."""
        script = self._script
        if script is None or not script.moments:
            self.player.prefetch([])
            return
        moments = [*script.upcoming(elapsed, AHEAD), *script.step_starts_around(elapsed)]
        lines = [line for m in moments for line in m.lines]
        options = voice_options(self.settings)
        shared = [*PHASE_SPOKEN.values()] if options.breath_phases else []
        shared += [*COUNTDOWN_SPOKEN.values()] if options.countdown else []
        texts = dict.fromkeys([*(line.text for line in lines), *shared])
        clips = [clip for text in texts if (clip := self.lines.clip(text)) is not None]
        self.player.prefetch(clips)
