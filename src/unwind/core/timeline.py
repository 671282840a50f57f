"""The session timeline: the state of a routine as a pure function of elapsed seconds.

Nothing here counts ticks. A timer asks "what is the state now?" with the elapsed time from a
monotonic clock, so a late frame costs nothing and nothing drifts.
"""

from __future__ import annotations

import bisect
import math
from dataclasses import dataclass
from enum import StrEnum

from unwind.core.routine import BreathPattern, BreathPhase, Routine, Step, StepKind

HALFWAY_MIN_SECONDS = 60.0
"""Steps at least this long get a quiet 'halfway' cue."""
ENDING_SOON_LEAD = 8.0
"""Seconds before a step ends at which the voice guidance says what comes next."""
ENDING_SOON_MIN_SECONDS = 25.0
"""Steps at least this long (and not the last) get an 'ending soon' cue."""
COUNTDOWN_FROM = 3
"""The last whole seconds of a step that get a countdown cue each: 3, 2, 1."""
COUNTDOWN_MIN_SECONDS = 12.0
"""Steps at least this long get countdown cues."""


class CueKind(StrEnum):
    STEP_STARTED = "step_started"
    BREATH_PHASE = "breath_phase"
    SWITCH_SIDES = "switch_sides"
    HALFWAY = "halfway"
    ENDING_SOON = "ending_soon"
    """ENDING_SOON_LEAD seconds before a step ends, when another step follows."""
    COUNTDOWN = "countdown"
    """Each of a step's last COUNTDOWN_FROM seconds; the state's step_remaining says which."""
    FINISHED = "finished"


@dataclass(frozen=True)
class Cue:
    time: float
    kind: CueKind
    step_index: int
    phase: BreathPhase | None = None


@dataclass(frozen=True)
class BreathState:
    phase: BreathPhase
    phase_elapsed: float
    phase_duration: float
    cycle: int
    cycles: int | None
    level: float
    """How full the lungs are, 0..1, eased: what the pacer draws."""

    @property
    def phase_remaining(self) -> float:
        return max(0.0, self.phase_duration - self.phase_elapsed)


@dataclass(frozen=True)
class SessionState:
    elapsed: float
    total: float
    step_index: int
    step: Step
    step_elapsed: float
    breath: BreathState | None
    side: str | None
    finished: bool

    @property
    def step_remaining(self) -> float:
        return max(0.0, self.step.duration - self.step_elapsed)

    @property
    def remaining(self) -> float:
        return max(0.0, self.total - self.elapsed)

    @property
    def progress(self) -> float:
        return min(1.0, self.elapsed / self.total) if self.total > 0 else 1.0


def ease_in_out(x: float) -> float:
    """Sine easing: breath speeds up and slows down like a real breath."""
    x = min(1.0, max(0.0, x))
    return 0.5 - 0.5 * math.cos(math.pi * x)


def _breath_at(pattern: BreathPattern, t: float, cycles: int | None) -> BreathState:
    cycle_len = pattern.cycle_seconds
    cycle = int(t // cycle_len)
    if cycles is not None:
        cycle = min(cycle, cycles - 1)
    within = t - cycle * cycle_len
    top = 0.82 if pattern.top_up > 0 else 1.0
    start = 0.0
    phases = pattern.phases()
    for position, (phase, seconds) in enumerate(phases):
        last = position == len(phases) - 1
        if within < start + seconds or last:
            elapsed = min(max(0.0, within - start), seconds)
            fraction = ease_in_out(elapsed / seconds)
            if phase is BreathPhase.INHALE:
                level = top * fraction
            elif phase is BreathPhase.TOP_UP:
                level = top + (1.0 - top) * fraction
            elif phase is BreathPhase.HOLD_IN:
                level = 1.0
            elif phase is BreathPhase.EXHALE:
                level = 1.0 - fraction
            else:
                level = 0.0
            return BreathState(phase, elapsed, seconds, cycle, cycles, level)
        start += seconds
    raise AssertionError("a breath pattern always has phases")


class SessionTimeline:
    """Where a routine stands at any elapsed time, and when each cue falls."""

    def __init__(self, routine: Routine) -> None:
        self.routine = routine
        self.steps = routine.steps
        self.starts: list[float] = []
        clock = 0.0
        for step in self.steps:
            self.starts.append(clock)
            clock += step.duration
        self.total = clock
        self._cues = self._build_cues()
        self._cue_times = [cue.time for cue in self._cues]

    def step_index_at(self, elapsed: float) -> int:
        index = bisect.bisect_right(self.starts, elapsed) - 1
        return min(max(index, 0), len(self.steps) - 1)

    def state_at(self, elapsed: float) -> SessionState:
        finished = elapsed >= self.total
        elapsed = min(max(0.0, elapsed), self.total)
        index = self.step_index_at(elapsed)
        step = self.steps[index]
        step_elapsed = min(elapsed - self.starts[index], step.duration)
        breath = None
        if step.breath is not None:
            breath = _breath_at(step.breath, step_elapsed, step.cycles)
        side = step.side
        if side == "each":
            side = "left" if step_elapsed < step.duration / 2 else "right"
        return SessionState(
            elapsed=elapsed,
            total=self.total,
            step_index=index,
            step=step,
            step_elapsed=step_elapsed,
            breath=breath,
            side=side,
            finished=finished,
        )

    def _build_cues(self) -> list[Cue]:
        cues: list[Cue] = []
        for index, (start, step) in enumerate(zip(self.starts, self.steps, strict=True)):
            cues.append(Cue(start, CueKind.STEP_STARTED, index))
            if step.breath is not None:
                cues.extend(self._breath_cues(index, start, step))
            if step.side == "each":
                cues.append(Cue(start + step.duration / 2, CueKind.SWITCH_SIDES, index))
            elif step.duration >= HALFWAY_MIN_SECONDS and step.kind is not StepKind.BREATHE:
                cues.append(Cue(start + step.duration / 2, CueKind.HALFWAY, index))
            end = start + step.duration
            if step.duration >= ENDING_SOON_MIN_SECONDS and index + 1 < len(self.steps):
                cues.append(Cue(end - ENDING_SOON_LEAD, CueKind.ENDING_SOON, index))
            if step.duration >= COUNTDOWN_MIN_SECONDS:
                cues.extend(
                    Cue(end - count, CueKind.COUNTDOWN, index)
                    for count in range(COUNTDOWN_FROM, 0, -1)
                )
        cues.append(Cue(self.total, CueKind.FINISHED, len(self.steps) - 1))
        cues.sort(key=lambda cue: (cue.time, _CUE_ORDER[cue.kind]))
        return cues

    @staticmethod
    def _breath_cues(index: int, start: float, step: Step) -> list[Cue]:
        assert step.breath is not None
        cues: list[Cue] = []
        t = start
        end = start + step.duration
        while t < end - 1e-9:
            for phase, seconds in step.breath.phases():
                if t >= end - 1e-9:
                    break
                cues.append(Cue(t, CueKind.BREATH_PHASE, index, phase))
                t += seconds
        return cues

    @property
    def cues(self) -> tuple[Cue, ...]:
        return tuple(self._cues)

    def cues_between(self, after: float, until: float) -> list[Cue]:
        """Cues with after < time <= until; `after` below zero includes the opening cues."""
        lo = bisect.bisect_right(self._cue_times, after)
        hi = bisect.bisect_right(self._cue_times, until)
        return self._cues[lo:hi]

    def next_cue_after(self, elapsed: float) -> Cue | None:
        index = bisect.bisect_right(self._cue_times, elapsed)
        return self._cues[index] if index < len(self._cues) else None


_CUE_ORDER = {
    CueKind.STEP_STARTED: 0,
    CueKind.BREATH_PHASE: 1,
    CueKind.SWITCH_SIDES: 2,
    CueKind.HALFWAY: 3,
    CueKind.ENDING_SOON: 4,
    CueKind.COUNTDOWN: 5,
    CueKind.FINISHED: 6,
}
