"""A running session: where it is in the routine, and how long it has been practised.

Both come from an injected monotonic clock. `elapsed()` is the position in the routine: time
running, moved by skip and back, which set an offset and never touch a tick count.
`practised()` is the time actually spent running, pauses left out, whatever skip and back did.
`poll()` returns the cues that fell since the previous poll, so sound and announcements follow
the same truth as the picture.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum

from unwind.core.timeline import Cue, CueKind, SessionState, SessionTimeline

Clock = Callable[[], float]

BACK_RESTARTS_STEP_AFTER = 3.0
"""Back within this many seconds of a step's start goes to the previous step."""


class SessionStatus(StrEnum):
    READY = "ready"
    RUNNING = "running"
    PAUSED = "paused"
    FINISHED = "finished"
    STOPPED = "stopped"


class Session:
    def __init__(self, timeline: SessionTimeline, clock: Clock) -> None:
        self.timeline = timeline
        self._clock = clock
        self.status = SessionStatus.READY
        self._offset = 0.0  # session seconds banked before the current run
        self._run_started: float | None = None
        self._polled = -1.0  # session time of the previous poll; below zero before the first
        self._jumped = False
        self._practised = 0.0  # seconds practised before the current run
        self._reached = 0.0  # the furthest position seen before the current run

    # --- time -----------------------------------------------------------------------------

    def elapsed(self) -> float:
        if self._run_started is None:
            return self._offset
        return min(self._offset + (self._clock() - self._run_started), self.timeline.total)

    def practised(self) -> float:
        """Seconds spent running; time past the routine's end does not count."""
        if self._run_started is None:
            return self._practised
        run = self._clock() - self._run_started
        return self._practised + min(run, max(0.0, self.timeline.total - self._offset))

    def reached(self) -> float:
        """How far into the routine the session got: skipping ahead counts, going back does
        not undo it."""
        return max(self._reached, self.elapsed())

    def _bank(self) -> None:
        """Ends the current run's accounting at this moment (before a pause, jump or end)."""
        self._practised = self.practised()
        self._reached = self.reached()
        self._offset = self.elapsed()
        if self._run_started is not None:
            self._run_started = self._clock()

    def state(self) -> SessionState:
        return self.timeline.state_at(self.elapsed())

    @property
    def is_active(self) -> bool:
        return self.status in (SessionStatus.RUNNING, SessionStatus.PAUSED)

    # --- controls -------------------------------------------------------------------------

    def start(self) -> None:
        if self.status is SessionStatus.READY:
            self.status = SessionStatus.RUNNING
            self._run_started = self._clock()

    def pause(self) -> None:
        if self.status is SessionStatus.RUNNING:
            self._bank()
            self._run_started = None
            self.status = SessionStatus.PAUSED

    def resume(self) -> None:
        if self.status is SessionStatus.PAUSED:
            self._run_started = self._clock()
            self.status = SessionStatus.RUNNING

    def toggle_pause(self) -> None:
        if self.status is SessionStatus.RUNNING:
            self.pause()
        else:
            self.resume()

    def stop(self) -> None:
        if self.is_active or self.status is SessionStatus.READY:
            self._bank()
            self._run_started = None
            self.status = SessionStatus.STOPPED

    def skip(self) -> None:
        """Moves to the start of the next step, or to the end on the last one."""
        if not self.is_active:
            return
        index = self.timeline.step_index_at(self.elapsed())
        starts = self.timeline.starts
        target = starts[index + 1] if index + 1 < len(starts) else self.timeline.total
        self._jump(target)

    def back(self) -> None:
        """Restarts the step, or goes to the previous one right after a step began."""
        if not self.is_active:
            return
        now = self.elapsed()
        index = self.timeline.step_index_at(now)
        if now - self.timeline.starts[index] < BACK_RESTARTS_STEP_AFTER and index > 0:
            index -= 1
        self._jump(self.timeline.starts[index])

    def _jump(self, target: float) -> None:
        self._bank()
        self._reached = max(self._reached, target)
        self._offset = target
        self._jumped = True

    # --- cues -----------------------------------------------------------------------------

    def poll(self) -> list[Cue]:
        """The cues due since the previous poll; marks the session finished at the end."""
        if self.status not in (SessionStatus.RUNNING, SessionStatus.PAUSED):
            return []
        now = self.elapsed()
        if self._jumped:
            self._jumped = False
            cues = self._cues_on_landing(now)
        else:
            cues = self.timeline.cues_between(self._polled, now)
            cues = _latest_breath_phase_only(cues)
        self._polled = now
        if now >= self.timeline.total:
            self._bank()
            self.status = SessionStatus.FINISHED
            self._run_started = None
            if not any(cue.kind is CueKind.FINISHED for cue in cues):
                cues.append(self.timeline.cues[-1])
        return cues

    def _cues_on_landing(self, now: float) -> list[Cue]:
        if now >= self.timeline.total:
            return []
        index = self.timeline.step_index_at(now)
        start = self.timeline.starts[index]
        landing = [
            cue
            for cue in self.timeline.cues_between(start - 1e-9, now)
            if cue.kind in (CueKind.STEP_STARTED, CueKind.BREATH_PHASE)
        ]
        return _latest_breath_phase_only(landing)

    def seconds_to_next_cue(self) -> float | None:
        """Session seconds until the next cue: lets a timer wake exactly when it is due."""
        if self.status is not SessionStatus.RUNNING:
            return None
        now = self.elapsed()
        cue = self.timeline.next_cue_after(max(now, self._polled))
        return None if cue is None else max(0.0, cue.time - now)


def _latest_breath_phase_only(cues: list[Cue]) -> list[Cue]:
    """After a stalled frame, only the breath phase we are in now deserves a sound."""
    phases = [cue for cue in cues if cue.kind is CueKind.BREATH_PHASE]
    if len(phases) <= 1:
        return list(cues)
    latest = phases[-1]
    return [cue for cue in cues if cue.kind is not CueKind.BREATH_PHASE or cue is latest]
