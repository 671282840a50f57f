"""Time, injected: a monotonic clock for durations and a wall clock for dates.

Everything that measures or stamps time takes a `Clock`, so tests move time by hand and the
two clocks can be compared (a wall clock that jumps ahead of the monotonic one means the
computer slept).
"""

from __future__ import annotations

import os
import time
from datetime import UTC, datetime, tzinfo
from typing import Protocol
from zoneinfo import ZoneInfo


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


def local_zone() -> tzinfo:
    """The computer's time zone with its daylight-saving rules, for times of day.

    $TZ names it when set; otherwise /etc/localtime holds it. Where neither can be read, the
    offset in force now stands in (right until the next change of offset).
    """
    name = os.environ.get("TZ", "").removeprefix(":")
    if name:
        try:
            return ZoneInfo(name)
        except (ValueError, KeyError):  # a malformed or unknown name
            pass
    try:
        with open("/etc/localtime", "rb") as data:
            return ZoneInfo.from_file(data, key="localtime")
    except (OSError, ValueError):
        pass
    zone = datetime.now().astimezone().tzinfo
    return zone if zone is not None else UTC


SLEEP_JUMP = 15.0
"""Seconds the wall clock may run ahead of the monotonic one before it counts as sleep (the
monotonic clock stops while a computer is suspended; the wall clock does not)."""


class SleepWatch:
    """Tells, each time it is asked, whether the computer slept since it was last asked."""

    def __init__(self, clock: Clock, threshold: float = SLEEP_JUMP) -> None:
        self.clock = clock
        self.threshold = threshold
        self._offset = self._now_offset()

    def _now_offset(self) -> float:
        return self.clock.now().timestamp() - self.clock.monotonic()

    def slept(self) -> float:
        """Seconds slept since the last call (0.0 when the clocks kept together)."""
        offset = self._now_offset()
        ahead, self._offset = offset - self._offset, offset
        return ahead if ahead > self.threshold else 0.0
