"""When to offer a routine, and which: pure functions of the time now, the reminder settings,
the person's use of the computer, snoozes, pauses and what holds a reminder back.

Two kinds combine. Timed reminders come at chosen times of day on chosen weekdays. Active-use
reminders come after a number of minutes of use within working hours; time away does not
count, and a break of `LONG_BREAK` starts the count again. `plan()` says what is due next and
when to look again, so a caller arms one timer for that moment and never polls. Times of day
are worked out in the person's time zone (a `tzinfo` with its daylight-saving rules) and
compared in UTC, so a change of offset neither skips nor repeats a reminder.

The wall clock and the monotonic clock are both given (`Now`): durations of use are monotonic,
times of day are wall time. A timed reminder missed by more than `LATE_LIMIT` (the computer
slept, or Unwind was not running) is dropped, and of several missed only the latest is offered,
so waking a laptop never fires a burst.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from enum import StrEnum

from unwind.core.routine import Routine
from unwind.core.settings import WEEKDAYS, Settings

LONG_BREAK = 5 * 60.0
"""Seconds without input that count as a break: the count of active use starts again."""
LATE_LIMIT = timedelta(minutes=15)
"""A timed reminder missed by more than this is dropped rather than offered late."""
RETRY = timedelta(minutes=2)
"""A reminder held back (full screen, do-not-disturb, a session, away) looks again this soon."""
AWAY_LOOK = timedelta(minutes=5)
"""While the person is away, how often to look whether they are back."""
SNOOZE = timedelta(minutes=10)
EVENING = (time(19, 0), time(5, 0))
"""From and until: the hours when a reminder offers a wind-down instead of a quick break."""
SEARCH_DAYS = 8
"""Days searched ahead for the next timed reminder or working day: a whole week and one."""


@dataclass(frozen=True)
class Now:
    """Both clocks at one moment."""

    wall: datetime
    monotonic: float

    def wall_at(self, monotonic: float) -> datetime:
        return self.wall + timedelta(seconds=monotonic - self.monotonic)


class Why(StrEnum):
    AT_TIME = "at_time"
    ACTIVE_USE = "active_use"


class Hold(StrEnum):
    """What keeps a reminder that is due from showing now."""

    FULL_SCREEN = "a full-screen window"
    DO_NOT_DISTURB = "do not disturb"
    SESSION = "a session"
    AWAY = "time away"


@dataclass(frozen=True)
class ReminderSettings:
    on: bool
    times: tuple[time, ...]
    days: frozenset[int]
    every: float
    """Seconds of active use between reminders; 0 for none."""
    work_start: time
    work_end: time
    work_days: frozenset[int]
    routine_id: str
    """The routine chosen for reminders; empty for one suited to the time of day."""

    @classmethod
    def read(cls, settings: Settings) -> ReminderSettings:
        return cls(
            on=settings.flag("reminders"),
            times=tuple(_time(text) for text in settings.names("reminder_times")),
            days=_days(settings.names("reminder_days")),
            every=settings.number("reminder_every") * 60.0,
            work_start=_time(settings.text("work_start")),
            work_end=_time(settings.text("work_end")),
            work_days=_days(settings.names("work_days")),
            routine_id=settings.text("reminder_routine"),
        )


def _time(text: str) -> time:
    hours, minutes = text.split(":")
    return time(int(hours), int(minutes))


def _days(names: Iterable[str]) -> frozenset[int]:
    return frozenset(WEEKDAYS.index(name) for name in names if name in WEEKDAYS)


@dataclass(frozen=True)
class Due:
    """A reminder: when it is (or was) due, and of which kind."""

    at: datetime
    why: Why


@dataclass(frozen=True)
class Activity:
    """The person's use of the computer as the reminders saw it at the latest look."""

    counting_since: float | None = None
    """Monotonic start of the active use counted now; None while away or out of hours."""
    last_input: float | None = None
    """Monotonic moment of the latest input seen; None when not known."""


@dataclass(frozen=True)
class ReminderState:
    handled_until: datetime
    """Timed reminders scheduled up to here are done: offered, skipped, dropped or pending."""
    activity: Activity = Activity()
    pending: Due | None = None
    """A reminder that came due and waits (held back, or snoozed), due again at its `at`."""
    paused_until: datetime | None = None


@dataclass(frozen=True)
class Plan:
    due: Due | None
    """The next reminder; due now when its `at` is not after the time now."""
    look_at: datetime | None
    """When to look again (the due moment, or sooner to see whether the person is there)."""
    fire: bool = False
    """Due now, and nothing holds it back."""
    held: Hold | None = None


# --- times of day --------------------------------------------------------------------------


def _at(day: date, moment: time, zone: tzinfo) -> datetime:
    """A local time of day as a UTC instant; a time skipped by a change of offset (02:30 on
    the night clocks go forward) lands just after the change, a repeated one on its first."""
    return datetime.combine(day, moment, tzinfo=zone).astimezone(UTC)


def _days_around(now: datetime, zone: tzinfo, before: int = 1) -> Iterator[date]:
    today = now.astimezone(zone).date()
    for offset in range(-before, SEARCH_DAYS):
        yield today + timedelta(days=offset)


def timed_moments(
    settings: ReminderSettings, now: datetime, zone: tzinfo, before: int = 1
) -> Iterator[datetime]:
    """The timed reminders from `before` days ago to a week ahead, in order, as UTC."""
    for day in _days_around(now, zone, before):
        if day.weekday() in settings.days:
            yield from sorted(_at(day, moment, zone) for moment in settings.times)


@dataclass(frozen=True)
class Stretch:
    start: datetime
    end: datetime


def working_stretches(settings: ReminderSettings, now: datetime, zone: tzinfo) -> list[Stretch]:
    """Working hours from yesterday to a week ahead; hours that end before they start run
    past midnight (22:00 to 06:00 belongs to the day it starts)."""
    stretches = []
    for day in _days_around(now, zone):
        if day.weekday() not in settings.work_days:
            continue
        end_day = day if settings.work_end > settings.work_start else day + timedelta(days=1)
        stretches.append(
            Stretch(_at(day, settings.work_start, zone), _at(end_day, settings.work_end, zone))
        )
    return stretches


def working_now(settings: ReminderSettings, now: datetime, zone: tzinfo) -> Stretch | None:
    return next((s for s in working_stretches(settings, now, zone) if s.start <= now < s.end), None)


def next_working_start(settings: ReminderSettings, now: datetime, zone: tzinfo) -> datetime | None:
    return next((s.start for s in working_stretches(settings, now, zone) if s.start > now), None)


# --- active use ----------------------------------------------------------------------------


def observe(
    activity: Activity, at: float, idle: float | None, working_since: float | None
) -> Activity:
    """The activity after a look at `at` (monotonic) that found `idle` seconds without input
    (None where idle time cannot be read: then all time counts as use). `working_since` is
    the monotonic moment working hours began, None outside them: use before it is not
    counted."""
    if working_since is None:
        return Activity()
    if idle is None:
        since = activity.counting_since if activity.counting_since is not None else at
        return Activity(max(since, working_since), at)
    last = at - max(0.0, idle)
    if idle >= LONG_BREAK:
        return Activity(None, last)
    since = activity.counting_since if activity.counting_since is not None else last
    return Activity(max(since, working_since), last)


# --- the plan ------------------------------------------------------------------------------


def next_due(
    now: Now, settings: ReminderSettings, state: ReminderState, zone: tzinfo
) -> Due | None:
    if not settings.on:
        return None
    paused = state.paused_until is not None and state.paused_until > now.wall
    candidates: list[Due] = []
    bound = max(state.handled_until, now.wall - LATE_LIMIT)
    if paused and state.paused_until is not None:
        bound = max(bound, state.paused_until)
    upcoming: datetime | None = None
    missed: datetime | None = None
    for moment in timed_moments(settings, now.wall, zone):
        if moment <= bound:
            continue
        if moment <= now.wall:
            missed = moment  # the latest of those missed, not each of them
        elif upcoming is None:
            upcoming = moment
    if missed is not None:
        candidates.append(Due(missed, Why.AT_TIME))
    elif upcoming is not None:
        candidates.append(Due(upcoming, Why.AT_TIME))
    counting = state.activity.counting_since
    if settings.every > 0 and counting is not None and not paused:
        stretch = working_now(settings, now.wall, zone)
        at = now.wall_at(counting + settings.every)
        if stretch is not None and at < stretch.end:
            candidates.append(Due(at, Why.ACTIVE_USE))
    if state.pending is not None and not paused:
        fresh_now = [due for due in candidates if due.at <= now.wall]
        return fresh_now[0] if fresh_now else state.pending
    return min(candidates, key=lambda due: due.at, default=None)


def plan(
    now: Now,
    settings: ReminderSettings,
    state: ReminderState,
    zone: tzinfo,
    hold: Hold | None = None,
) -> Plan:
    """What is due and when to look again; `hold` is what would keep a reminder due now from
    showing (read only when something is due: `plan` once without it tells)."""
    due = next_due(now, settings, state, zone)
    looks: list[datetime] = []
    if due is not None:
        if due.at <= now.wall:
            if hold is None:
                return Plan(due, now.wall, fire=True)
            return Plan(due, now.wall + RETRY, held=hold)
        looks.append(due.at)
    if settings.on:
        looks.extend(_activity_looks(now, settings, state, zone))
    if state.paused_until is not None and state.paused_until > now.wall:
        looks.append(state.paused_until)
    return Plan(due, min(looks, default=None))


def _activity_looks(
    now: Now, settings: ReminderSettings, state: ReminderState, zone: tzinfo
) -> Sequence[datetime]:
    """For active-use reminders: when a break would have begun, when the person may be back,
    and when working hours end or begin."""
    if settings.every <= 0 or (state.paused_until is not None and state.paused_until > now.wall):
        return ()
    stretch = working_now(settings, now.wall, zone)
    if stretch is None:
        start = next_working_start(settings, now.wall, zone)
        return () if start is None else (start,)
    activity = state.activity
    if activity.counting_since is not None and activity.last_input is not None:
        looks = [now.wall_at(activity.last_input + LONG_BREAK)]
    else:
        looks = [now.wall + AWAY_LOOK]
    return [max(look, now.wall) for look in looks] + [stretch.end]


# --- what a reminder offers ----------------------------------------------------------------


def is_evening(local: time) -> bool:
    start, end = EVENING
    return local >= start or local < end


def suggested_routine(routines: Sequence[Routine], local: time) -> Routine | None:
    """A short break by day, a wind-down in the evening: the routines whose first goal fits
    come first, then the one whose length is nearest what the hour suits."""
    goal, seconds = ("sleep", 10 * 60.0) if is_evening(local) else ("quick_break", 3 * 60.0)

    def fit(routine: Routine) -> tuple[int, float, str]:
        rank = routine.goals.index(goal) if goal in routine.goals else len(routine.goals) + 1
        return (rank, abs(routine.duration - seconds), routine.title)

    return min(routines, key=fit, default=None)


def routine_to_offer(routines: Sequence[Routine], chosen_id: str, local: time) -> Routine | None:
    """The routine the person chose for reminders, or one suited to the time of day."""
    chosen = next((r for r in routines if r.id == chosen_id), None) if chosen_id else None
    return chosen or suggested_routine(routines, local)


# --- what the person does with a reminder --------------------------------------------------


def after_offer(state: ReminderState, due: Due, now: Now) -> ReminderState:
    """A reminder was shown (or started, or skipped): it is done, and the count starts again."""
    activity = state.activity
    if activity.counting_since is not None:
        activity = replace(activity, counting_since=now.monotonic)
    return replace(
        state,
        handled_until=max(state.handled_until, now.wall, due.at),
        pending=None,
        activity=activity,
    )


def held_back(state: ReminderState, due: Due, now: Now, hold: Hold) -> ReminderState:
    """Postponed, not lost: the reminder waits and is tried again after RETRY."""
    del hold  # the same wait for each reason
    return replace(
        state,
        handled_until=max(state.handled_until, due.at),
        pending=Due(now.wall + RETRY, due.why),
    )


def snoozed(state: ReminderState, due: Due, now: Now) -> ReminderState:
    return replace(
        state,
        handled_until=max(state.handled_until, due.at),
        pending=Due(now.wall + SNOOZE, due.why),
    )
