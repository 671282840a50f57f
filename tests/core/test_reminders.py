"""The reminder plan as a pure function: days, weekdays, working hours, DST, missed times."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest

from support.fakes import BERLIN, berlin
from unwind.core.library import RoutineLibrary
from unwind.core.reminders import (
    LATE_LIMIT,
    LONG_BREAK,
    RETRY,
    Activity,
    Due,
    Hold,
    Now,
    ReminderSettings,
    ReminderState,
    Why,
    observe,
    plan,
    routine_to_offer,
    suggested_routine,
    timed_moments,
)

WEEKDAYS = frozenset(range(5))


def settings(**changes: object) -> ReminderSettings:
    base: dict[str, object] = {
        "on": True,
        "times": (time(15, 0),),
        "days": WEEKDAYS,
        "every": 0.0,
        "work_start": time(9, 0),
        "work_end": time(17, 0),
        "work_days": WEEKDAYS,
        "routine_id": "",
    }
    base.update(changes)
    return ReminderSettings(**base)  # type: ignore[arg-type]


def at(wall: datetime, monotonic: float = 1000.0) -> Now:
    return Now(wall, monotonic)


def test_the_next_timed_reminder_is_today_at_its_time_then_the_next_weekday() -> None:
    monday_morning = berlin(2026, 1, 5, 10, 0)
    state = ReminderState(handled_until=monday_morning)
    planned = plan(at(monday_morning), settings(), state, BERLIN)
    assert planned.due == Due(berlin(2026, 1, 5, 15, 0), Why.AT_TIME)
    assert planned.look_at == planned.due.at and not planned.fire
    friday_evening = berlin(2026, 1, 9, 18, 0)
    later = plan(at(friday_evening), settings(), ReminderState(friday_evening), BERLIN)
    assert later.due is not None and later.due.at == berlin(2026, 1, 12, 15, 0), "not at weekends"


def test_times_are_sorted_and_several_a_day() -> None:
    two = settings(times=(time(16, 30), time(11, 0)))
    moments = list(timed_moments(two, berlin(2026, 1, 5, 0, 30), BERLIN, before=0))
    assert moments[:3] == [
        berlin(2026, 1, 5, 11),
        berlin(2026, 1, 5, 16, 30),
        berlin(2026, 1, 6, 11),
    ]


def test_a_time_skipped_when_clocks_go_forward_comes_just_after_the_change() -> None:
    # Sunday 29 March 2026: 02:00 becomes 03:00 in Berlin
    night = settings(times=(time(2, 30),), days=frozenset({6}))
    saturday = berlin(2026, 3, 28, 12, 0)
    due = plan(at(saturday), night, ReminderState(saturday), BERLIN).due
    assert due is not None
    assert due.at == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)  # 03:30 summer time
    # 15 h 30 min on the clock face from 12:00 to 03:30, less the hour that never was
    assert due.at - saturday == timedelta(hours=14, minutes=30)


def test_a_time_repeated_when_clocks_go_back_is_offered_once() -> None:
    # Sunday 25 October 2026: 03:00 summer time becomes 02:00 winter time, 02:30 happens twice
    night = settings(times=(time(2, 30),), days=frozenset({6}))
    first = datetime(2026, 10, 25, 0, 30, tzinfo=UTC)  # 02:30 summer time
    state = ReminderState(handled_until=first)  # offered then
    second = first + timedelta(hours=1)  # 02:30 again, winter time
    after = plan(at(second + timedelta(seconds=1)), night, state, BERLIN)
    assert after.due is not None and after.due.at == berlin(2026, 11, 1, 2, 30)


def test_the_afternoon_reminder_keeps_its_local_time_across_the_change() -> None:
    before = berlin(2026, 10, 23, 16, 0)  # Friday, summer time
    due = plan(at(before), settings(), ReminderState(before), BERLIN).due
    assert due is not None and due.at == datetime(2026, 10, 26, 14, 0, tzinfo=UTC)  # 15:00 CET


def test_after_a_long_sleep_missed_times_are_dropped_and_only_the_latest_is_offered() -> None:
    two = settings(times=(time(15, 0), time(15, 10)))
    asleep_at = berlin(2026, 1, 5, 14, 0)
    state = ReminderState(handled_until=asleep_at)
    woke = at(berlin(2026, 1, 5, 15, 20))
    planned = plan(woke, two, state, BERLIN)
    assert planned.fire and planned.due == Due(berlin(2026, 1, 5, 15, 10), Why.AT_TIME)
    much_later = at(berlin(2026, 1, 5, 15, 10) + LATE_LIMIT + timedelta(seconds=1))
    dropped = plan(much_later, two, state, BERLIN)
    assert not dropped.fire
    assert dropped.due is not None and dropped.due.at == berlin(2026, 1, 6, 15, 0)


def test_a_hold_postpones_what_is_due_and_looks_again_soon() -> None:
    three = berlin(2026, 1, 5, 15, 0)
    state = ReminderState(handled_until=three - timedelta(hours=1))
    held = plan(at(three), settings(), state, BERLIN, hold=Hold.DO_NOT_DISTURB)
    assert not held.fire and held.held is Hold.DO_NOT_DISTURB
    assert held.look_at == three + RETRY


def test_a_pause_drops_the_timed_reminders_within_it() -> None:
    noon = berlin(2026, 1, 5, 12, 0)
    paused = ReminderState(handled_until=noon, paused_until=berlin(2026, 1, 5, 16, 0))
    planned = plan(at(noon), settings(), paused, BERLIN)
    assert planned.due is not None and planned.due.at == berlin(2026, 1, 6, 15, 0)
    assert planned.look_at == berlin(2026, 1, 5, 16, 0), "looks again when the pause ends"


def test_active_use_is_due_after_the_interval_within_working_hours_only() -> None:
    hourly = settings(times=(), every=50 * 60.0)
    ten = berlin(2026, 1, 5, 10, 0)
    counting = ReminderState(ten, activity=Activity(counting_since=1000.0, last_input=1000.0))
    planned = plan(at(ten), hourly, counting, BERLIN)
    assert planned.due == Due(ten + timedelta(minutes=50), Why.ACTIVE_USE)
    assert planned.look_at == ten + timedelta(seconds=LONG_BREAK), "looks for a break first"
    late = berlin(2026, 1, 5, 16, 30)
    near_the_end = ReminderState(late, activity=Activity(1000.0, 1000.0))
    planned = plan(at(late), hourly, near_the_end, BERLIN)
    assert planned.due is None, "fifty minutes from 16:30 is after working hours"
    evening = berlin(2026, 1, 5, 19, 0)
    planned = plan(at(evening), hourly, ReminderState(evening), BERLIN)
    assert planned.look_at == berlin(2026, 1, 6, 9, 0), "next look when work begins"


def test_working_hours_past_midnight_belong_to_the_day_they_start() -> None:
    nights = settings(times=(), every=30 * 60.0, work_start=time(22), work_end=time(6))
    friday_night = berlin(2026, 1, 10, 1, 0)  # Saturday 01:00, in Friday's night shift
    state = ReminderState(friday_night, activity=Activity(1000.0, 1000.0))
    due = plan(at(friday_night), nights, state, BERLIN).due
    assert due is not None and due.at == friday_night + timedelta(minutes=30)


def test_observing_idle_time() -> None:
    back = observe(Activity(), at=5000.0, idle=20.0, working_since=0.0)
    assert back == Activity(counting_since=4980.0, last_input=4980.0)
    still = observe(back, at=5300.0, idle=10.0, working_since=0.0)
    assert still.counting_since == 4980.0, "short pauses count as use"
    away = observe(still, at=5700.0, idle=LONG_BREAK + 1, working_since=0.0)
    assert away.counting_since is None
    assert observe(away, at=6000.0, idle=None, working_since=0.0).counting_since == 6000.0
    assert observe(still, at=6000.0, idle=0.0, working_since=None) == Activity()
    morning = observe(Activity(), at=5000.0, idle=30.0, working_since=4990.0)
    assert morning.counting_since == 4990.0, "use before working hours does not count"


def test_nothing_is_planned_when_reminders_are_off() -> None:
    noon = berlin(2026, 1, 5, 12, 0)
    planned = plan(at(noon), settings(on=False, every=600.0), ReminderState(noon), BERLIN)
    assert planned.due is None and planned.look_at is None


@pytest.mark.parametrize(
    ("hour", "expected"),
    [(10, "desk-reset"), (15, "desk-reset"), (20, "evening-wind-down"), (1, "evening-wind-down")],
)
def test_a_routine_suited_to_the_time_of_day(hour: int, expected: str) -> None:
    routines = RoutineLibrary.load(None).routines
    suggested = suggested_routine(routines, time(hour, 0))
    assert suggested is not None and suggested.id == expected
    chosen = routine_to_offer(routines, "box-breathing", time(hour, 0))
    assert chosen is not None and chosen.id == "box-breathing"
    gone = routine_to_offer(routines, "deleted-one", time(hour, 0))
    assert gone is not None and gone.id == expected
