"""What the journal holds, as plain values: sessions and per-routine statistics.

The check-in itself is `unwind.core.checkin`; its names are importable from here too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from unwind.core.checkin import (
    GRID_MAX,
    GRID_MIN,
    HIGH_STRESS,
    STRESS_ANCHORS,
    STRESS_MAX,
    STRESS_MIN,
    TENSION_AREAS,
    VALENCE_CATEGORIES,
    CheckIn,
    Moment,
)


class Ending(StrEnum):
    """How a session ended; 'running' marks one that never reported its end (a crash)."""

    COMPLETED = "completed"
    STOPPED = "stopped"
    RUNNING = "running"


@dataclass(frozen=True)
class SessionRecord:
    uid: str
    routine_id: str
    routine_title: str
    started_at: datetime
    """Timezone-aware."""
    planned_seconds: float
    completed_seconds: float
    """How far into the routine the session got, in seconds of the routine."""
    ending: Ending
    before: CheckIn | None = None
    after: CheckIn | None = None
    note: str = ""
    practised_seconds: float | None = None
    """The seconds actually practised; None for sessions from before it was measured."""

    @property
    def time_practised(self) -> float:
        """The seconds practised; for a session from before that was measured, the seconds
        into the routine it reached, which is what Unwind showed for it then."""
        if self.practised_seconds is None:
            return self.completed_seconds
        return self.practised_seconds

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

__all__ = [
    "GRID_MAX",
    "GRID_MIN",
    "HIGH_STRESS",
    "MIN_PAIRS_FOR_STATS",
    "STRESS_ANCHORS",
    "STRESS_MAX",
    "STRESS_MIN",
    "TENSION_AREAS",
    "VALENCE_CATEGORIES",
    "CheckIn",
    "Ending",
    "Moment",
    "RoutineStats",
    "SessionRecord",
]
