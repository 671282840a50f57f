"""A routine as plain values: its steps, breath patterns and the words for each choice.

The TOML reader is in `routine_file`, the library of built-in and custom files in `library`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

MAX_ROUTINE_SECONDS = 4 * 60 * 60
MAX_PHASE_SECONDS = 60.0


class StepKind(StrEnum):
    BREATHE = "breathe"
    MASSAGE = "massage"
    REST = "rest"
    PREPARE = "prepare"


class BreathPhase(StrEnum):
    INHALE = "inhale"
    TOP_UP = "top_up"
    HOLD_IN = "hold_in"
    EXHALE = "exhale"
    HOLD_OUT = "hold_out"


PHASE_WORDS: dict[BreathPhase, str] = {
    BreathPhase.INHALE: "Breathe in",
    BreathPhase.TOP_UP: "A little more",
    BreathPhase.HOLD_IN: "Hold",
    BreathPhase.EXHALE: "Breathe out",
    BreathPhase.HOLD_OUT: "Rest",
}

AREAS: dict[str, str] = {
    "neck": "Back of the neck",
    "shoulders": "Shoulders",
    "upper_back": "Upper back",
    "lower_back": "Lower back",
    "glutes": "Buttock muscles",
    "scalp": "Scalp",
    "skull_base": "Base of the skull",
    "temples": "Temples",
    "jaw": "Jaw",
    "face": "Face",
    "hands": "Hands",
    "forearms": "Forearms",
    "feet": "Feet",
    "whole_body": "Whole body",
}

SIDES: dict[str, str] = {
    "both": "Both sides",
    "left": "Left side",
    "right": "Right side",
    "each": "Left, then right",
}

TECHNIQUES: dict[str, str] = {
    "glide": "Long gliding strokes",
    "knead": "Kneading",
    "circles": "Small circles",
    "press": "Steady press",
    "hold": "Slow sustained pressure",
    "tap": "Loose-fist tapping",
    "squeeze": "Gentle squeeze",
    "ball": "Ball against a wall",
    "palms": "Warm palms",
}

PRESSURES: dict[str, str] = {
    "light": "Light",
    "medium": "Medium",
    "firm": "Firm",
}

GOALS: dict[str, str] = {
    "stress": "Stress relief",
    "tension": "Tension",
    "sleep": "Sleep",
    "quick_break": "Quick break",
}

MASSAGE_SAFETY: tuple[str, ...] = (
    "Skip massage with a fever, an infection, a known or suspected blood clot (DVT), an acute "
    "injury, a fracture, open wounds or recent surgery.",
    "Use only light pressure if you have a bleeding disorder, low platelets or take blood "
    "thinners. With cancer, osteoporosis or during pregnancy, ask a clinician first.",
    "Work on the back of the neck only: avoid the front and sides of the neck, where pressure "
    "can cause dizziness or fainting, and never press on the spine.",
    "Stop at once at numbness, tingling, sharp pain or light-headedness. Keep any discomfort at "
    "or below 7 out of 10, and breathe normally.",
    "For persistent pain, or for deep-tissue work, see a licensed, qualified massage therapist "
    "and tell them what you need: stress relief, pain, or relaxation.",
)


class RoutineError(Exception):
    """A problem in a routine file, with the line where it is known."""

    def __init__(self, path: Path | None, reason: str, line: int | None = None) -> None:
        self.path = path
        self.reason = reason
        self.line = line
        super().__init__(self.location() + ": " + reason)

    def location(self) -> str:
        name = str(self.path) if self.path else "<routine>"
        return f"{name}:{self.line}" if self.line else name


@dataclass(frozen=True)
class BreathPattern:
    inhale: float
    exhale: float
    top_up: float = 0.0
    hold_in: float = 0.0
    hold_out: float = 0.0

    def phases(self) -> tuple[tuple[BreathPhase, float], ...]:
        """The phases of one cycle that take time, in order."""
        order = (
            (BreathPhase.INHALE, self.inhale),
            (BreathPhase.TOP_UP, self.top_up),
            (BreathPhase.HOLD_IN, self.hold_in),
            (BreathPhase.EXHALE, self.exhale),
            (BreathPhase.HOLD_OUT, self.hold_out),
        )
        return tuple((phase, seconds) for phase, seconds in order if seconds > 0)

    @property
    def cycle_seconds(self) -> float:
        return self.inhale + self.top_up + self.hold_in + self.exhale + self.hold_out

    def describe(self) -> str:
        parts = [f"in {self.inhale:g}"]
        if self.top_up:
            parts.append(f"top-up {self.top_up:g}")
        if self.hold_in:
            parts.append(f"hold {self.hold_in:g}")
        parts.append(f"out {self.exhale:g}")
        if self.hold_out:
            parts.append(f"hold {self.hold_out:g}")
        return ", ".join(parts) + " s"


@dataclass(frozen=True)
class Step:
    kind: StepKind
    duration: float
    title: str
    instruction: str
    breath: BreathPattern | None = None
    cycles: int | None = None
    area: str | None = None
    side: str | None = None
    technique: str | None = None
    pressure: str | None = None
    words: Mapping[BreathPhase, str] = field(default_factory=dict)
    say: str = ""
    """Spoken instead of the line the voice guidance would compose for this step."""

    def phase_word(self, phase: BreathPhase) -> str:
        return self.words.get(phase, PHASE_WORDS[phase])


@dataclass(frozen=True)
class Routine:
    id: str
    title: str
    summary: str
    goals: tuple[str, ...]
    steps: tuple[Step, ...]
    safety: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    path: Path | None = None
    builtin: bool = False
    id_line: int | None = None

    @property
    def duration(self) -> float:
        return sum(step.duration for step in self.steps)

    @property
    def has_massage(self) -> bool:
        return any(step.kind is StepKind.MASSAGE for step in self.steps)

    @property
    def category(self) -> str:
        """A one-word kind for listings: breathing, massage, mixed or rest."""
        kinds = {step.kind for step in self.steps}
        breathing = StepKind.BREATHE in kinds or any(s.breath for s in self.steps)
        if StepKind.MASSAGE in kinds:
            return "mixed" if breathing else "massage"
        return "breathing" if breathing else "rest"

    def safety_notes(self) -> tuple[str, ...]:
        """The routine's own notes, after the general massage guidance where it applies."""
        return (MASSAGE_SAFETY if self.has_massage else ()) + self.safety


@dataclass(frozen=True)
class BrokenRoutine:
    """A custom file that could not be read, kept in the library so the person sees why."""

    path: Path
    error: RoutineError


def format_duration(seconds: float) -> str:
    total = round(seconds)
    minutes, secs = divmod(total, 60)
    if minutes >= 60:
        hours, minutes = divmod(minutes, 60)
        return f"{hours} h {minutes:02d} min"
    if minutes and secs:
        return f"{minutes} min {secs:02d} s"
    if minutes:
        return f"{minutes} min"
    return f"{secs} s"
