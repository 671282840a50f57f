"""What the journal holds, as plain values: check-ins, sessions and per-routine statistics."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

STRESS_MIN, STRESS_MAX = 0, 10
GRID_MIN, GRID_MAX = 1, 9
"""The affect grid is 9 x 9: column 1..9 is pleasure, row 1..9 is arousal (9 = most)."""

STRESS_ANCHORS = {
    0: "Completely relaxed",
    5: "Moderately stressed",
    10: "The most stressed you can imagine",
}
HIGH_STRESS = 7

VALENCE_CATEGORIES = (
    "very unpleasant",
    "unpleasant",
    "slightly unpleasant",
    "neutral",
    "slightly pleasant",
    "pleasant",
    "very pleasant",
)

TENSION_AREAS = {
    "neck": "Neck",
    "shoulders": "Shoulders",
    "upper_back": "Upper back",
    "lower_back": "Lower back",
    "jaw": "Jaw",
    "other": "Other",
}


class Moment(StrEnum):
    BEFORE = "before"
    AFTER = "after"


class Ending(StrEnum):
    """How a session ended; 'running' marks one that never reported its end (a crash)."""

    COMPLETED = "completed"
    STOPPED = "stopped"
    RUNNING = "running"


@dataclass(frozen=True)
class CheckIn:
    """One check-in. None means unanswered: never replaced by a default."""

    stress: int | None = None
    valence: int | None = None
    arousal: int | None = None
    tension_areas: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()

    @property
    def is_empty(self) -> bool:
        return (
            self.stress is None
            and self.valence is None
            and self.arousal is None
            and not self.tension_areas
            and not self.tags
        )

    @property
    def valence_signed(self) -> float | None:
        """Pleasure mapped to -1..+1, as common health formats expect."""
        return None if self.valence is None else (self.valence - 5) / 4

    @property
    def valence_category(self) -> int | None:
        """Pleasure as 1..7 (very unpleasant .. very pleasant)."""
        if self.valence is None:
            return None
        return 1 + round((self.valence - 1) * 6 / 8)


@dataclass(frozen=True)
class SessionRecord:
    uid: str
    routine_id: str
    routine_title: str
    started_at: datetime
    """Timezone-aware."""
    planned_seconds: float
    completed_seconds: float
    ending: Ending
    before: CheckIn | None = None
    after: CheckIn | None = None
    note: str = ""

    @property
    def stress_change(self) -> int | None:
        """after - before, when both were answered (negative is a drop in stress)."""
        if self.before is None or self.after is None:
            return None
        if self.before.stress is None or self.after.stress is None:
            return None
        return self.after.stress - self.before.stress


@dataclass(frozen=True)
class RoutineStats:
    """A person's own results for one routine; figures only once there are enough pairs."""

    routine_id: str
    routine_title: str
    sessions: int
    pairs: int
    mean_change: float | None = None
    ci_low: float | None = None
    ci_high: float | None = None
    median_change: float | None = None
    share_dropped_2: float | None = None
    changes: tuple[int, ...] = field(default=())

    @property
    def enough(self) -> bool:
        return self.mean_change is not None


MIN_PAIRS_FOR_STATS = 5
