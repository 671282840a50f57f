"""Time, injected: a monotonic clock for durations and a wall clock for dates.

Everything that measures or stamps time takes a `Clock`, so tests move time by hand and the
two clocks can be compared (a wall clock that jumps ahead of the monotonic one means the
computer slept).
"""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Protocol


class Clock(Protocol):
    def monotonic(self) -> float:
        """Seconds from an arbitrary start that never go backwards."""
        ...

    def now(self) -> datetime:
        """The wall-clock time, timezone-aware."""
        ...


class SystemClock:
    """The computer's own clocks."""

    def monotonic(self) -> float:
        return time.monotonic()

    def now(self) -> datetime:
        return datetime.now(UTC)
