"""The reminders at work on a fake clock: one timer, armed for the next moment that matters."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest

from support.fakes import BERLIN, FakeClock, berlin
from unwind.core.library import RoutineLibrary
from unwind.core.practice import Practice
from unwind.core.reminder_service import Offer, Reminders
from unwind.core.reminders import LONG_BREAK, RETRY, SNOOZE, Hold, Why
from unwind.core.routine import Routine
from unwind.core.settings import Settings

ROUTINES = RoutineLibrary.load(None).routines


class Desk:
    """The world the reminders see: a timer, an idle counter, what is on screen."""

    def __init__(self, clock: FakeClock) -> None:
        self.clock = clock
        self.armed: float | None = None
        self.arms = 0
        self.offers: list[tuple[datetime, Offer]] = []
        self.last_input = clock.seconds
        self.readable = False
        """Idle time unknown unless a test reads it: then all time counts as use."""
        self.hold: Hold | None = None

    def arm(self, seconds: float | None) -> None:
        self.armed = None if seconds is None else self.clock.seconds + seconds
        self.arms += 1

    def offer(self, offer: Offer) -> None:
        self.offers.append((self.clock.now(), offer))

    def idle(self) -> float | None:
        return self.clock.seconds - self.last_input if self.readable else None

    def holds(self) -> Hold | None:
        return self.hold

    def type_until(self, reminders: Reminders, until: datetime, every: float = 30.0) -> None:
        """The person works until then, touching the keyboard every `every` seconds."""
        while self.clock.now() < until:
            step = min(every, (until - self.clock.now()).total_seconds())
            self.run_for(reminders, step)
            self.last_input = self.clock.seconds

    def run_for(self, reminders: Reminders, seconds: float) -> int:
        """Time passes as for a real timer; returns how often the timer fired."""
        end = self.clock.seconds + seconds
        fired = 0
        while self.armed is not None and self.armed <= end:
            self.clock.advance(max(0.0, self.armed - self.clock.seconds))
            self.armed = None
            fired += 1
            reminders.look()
        self.clock.advance(end - self.clock.seconds)
        return fired


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(wall=berlin(2026, 1, 5, 10, 0))  # a Monday at 10:00 in Berlin


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    made = Settings(tmp_path / "settings.json")
    made.set("reminders", True)
    return made


@pytest.fixture
def desk(clock: FakeClock) -> Desk:
    return Desk(clock)


def make(settings: Settings, clock: FakeClock, desk: Desk) -> Reminders:
    reminders = Reminders(
        settings,
        clock,
        BERLIN,
        lambda: ROUTINES,
        arm=desk.arm,
        offer=desk.offer,
        idle=desk.idle,
        holds=desk.holds,
    )
    reminders.look()
    return reminders


def offered_at(desk: Desk) -> list[datetime]:
    return [when for when, _ in desk.offers]


def test_a_week_of_timed_reminders_wakes_only_for_them(
    settings: Settings, clock: FakeClock, desk: Desk
) -> None:
    settings.set("reminder_times", ["12:30", "15:00"])
    reminders = make(settings, clock, desk)
    fired = desk.run_for(reminders, 7 * 24 * 3600)
    weekdays = [(day, hour) for day in range(5, 10) for hour in ((12, 30), (15, 0))]
    assert offered_at(desk) == [berlin(2026, 1, d, *hm) for d, hm in weekdays]
    assert fired == len(desk.offers), "the timer woke for each reminder and never between"
    [(_, first)] = desk.offers[:1]
    assert first.due.why is Why.AT_TIME and first.routine.id == "desk-reset"


def test_a_reminder_is_offered_at_its_moment_to_the_second(
    settings: Settings, clock: FakeClock, desk: Desk
) -> None:
    settings.set("reminder_times", ["10:20"])
    reminders = make(settings, clock, desk)
    assert desk.armed == clock.seconds + 20 * 60
    desk.run_for(reminders, 20 * 60 - 0.5)
    assert desk.offers == []
    desk.run_for(reminders, 0.5)
    assert offered_at(desk) == [berlin(2026, 1, 5, 10, 20)]


def test_a_laptop_asleep_through_its_reminders_offers_one_at_most(
    settings: Settings, clock: FakeClock, desk: Desk
) -> None:
    settings.set("reminder_times", ["11:00", "11:50"])
    reminders = make(settings, clock, desk)
    desk.run_for(reminders, 1800)  # 10:30, then the lid closes until 11:55
    clock.jump_wall(85 * 60)
    reminders.computer_woke()
    assert offered_at(desk) == [berlin(2026, 1, 5, 11, 55)], "the latest missed one, once"
    desk.run_for(reminders, 3600)
    assert len(desk.offers) == 1


def test_a_sleep_noticed_only_by_the_clocks_drops_stale_reminders(
    settings: Settings, clock: FakeClock, desk: Desk
) -> None:
    settings.set("reminder_times", ["11:00"])
    reminders = make(settings, clock, desk)
    clock.jump_wall(3 * 3600)  # asleep from 10:00 to 13:00; the monotonic timer still waits
    desk.run_for(reminders, 3600)  # it fires at 14:00 by the wall clock
    assert desk.offers == [], "three hours late is too late"
    assert reminders.armed_for == berlin(2026, 1, 6, 11, 0)


def test_every_fifty_minutes_of_use_and_a_break_starts_the_count_again(
    settings: Settings, clock: FakeClock, desk: Desk
) -> None:
    settings.set("reminder_times", [])
    settings.set("reminder_every", 50.0)
    desk.readable = True
    reminders = make(settings, clock, desk)
    desk.type_until(reminders, berlin(2026, 1, 5, 10, 20))
    desk.run_for(reminders, 15 * 60)  # a quarter of an hour away from the keyboard
    assert desk.offers == []
    assert reminders.state.activity.counting_since is None
    desk.last_input = clock.seconds
    back = clock.now()
    desk.type_until(reminders, back + timedelta(minutes=60))
    [when] = offered_at(desk)
    assert back + timedelta(minutes=50) <= when <= back + timedelta(minutes=50, seconds=LONG_BREAK)


def test_use_is_counted_within_working_hours_only(
    settings: Settings, clock: FakeClock, desk: Desk
) -> None:
    settings.set("reminder_times", [])
    settings.set("reminder_every", 30.0)
    settings.set("work_start", "13:00")
    desk.readable = True
    reminders = make(settings, clock, desk)
    desk.type_until(reminders, berlin(2026, 1, 5, 13, 0))
    assert desk.offers == []
    desk.type_until(reminders, berlin(2026, 1, 5, 13, 31))
    assert offered_at(desk) == [berlin(2026, 1, 5, 13, 30)]


def test_looks_while_working_are_few(settings: Settings, clock: FakeClock, desk: Desk) -> None:
    settings.set("reminder_times", [])
    settings.set("reminder_every", 50.0)
    reminders = make(settings, clock, desk)
    fired = desk.run_for(reminders, 3 * 3600)
    assert len(desk.offers) == 3
    assert fired <= 3 * 3600 / 60 / 4, "at most one look in four minutes"


def test_a_full_screen_window_postpones_a_reminder_until_it_is_gone(
    settings: Settings, clock: FakeClock, desk: Desk
) -> None:
    settings.set("reminder_times", ["10:30"])
    reminders = make(settings, clock, desk)
    desk.hold = Hold.FULL_SCREEN
    desk.run_for(reminders, 30 * 60 + 1)
    assert desk.offers == []
    assert reminders.armed_for == berlin(2026, 1, 5, 10, 30) + RETRY
    desk.run_for(reminders, 20 * 60)  # a long presentation
    assert desk.offers == []
    desk.hold = None
    desk.run_for(reminders, RETRY.total_seconds())
    assert len(desk.offers) == 1, "postponed, not lost"
    desk.run_for(reminders, 3600)
    assert len(desk.offers) == 1


def test_no_reminder_during_a_session_and_a_session_counts_as_the_break(
    settings: Settings, clock: FakeClock, desk: Desk
) -> None:
    settings.set("reminder_times", ["10:10"])
    settings.set("checkins", False)
    reminders = make(settings, clock, desk)
    practice = Practice(settings, clock)
    practice.subscribe(reminders)
    quiet = next(r for r in ROUTINES if r.id == "quiet-rest")
    practice.start(quiet)
    desk.run_for(reminders, 15 * 60)
    assert desk.offers == []
    practice.stop()
    assert desk.offers == [], "what waited during the session is dropped"
    desk.run_for(reminders, 3600)
    assert desk.offers == []


def test_snooze_offers_it_again_and_skip_does_not(
    settings: Settings, clock: FakeClock, desk: Desk
) -> None:
    settings.set("reminder_times", ["10:05"])
    reminders = make(settings, clock, desk)
    desk.run_for(reminders, 5 * 60)
    reminders.snooze()
    desk.run_for(reminders, SNOOZE.total_seconds())
    assert offered_at(desk) == [berlin(2026, 1, 5, 10, 5), berlin(2026, 1, 5, 10, 15)]
    reminders.skip()
    desk.run_for(reminders, 3600)
    assert len(desk.offers) == 2
    desk.run_for(reminders, 24 * 3600)
    assert len(desk.offers) == 3, "tomorrow's comes as usual"
    taken = reminders.taken()
    assert isinstance(taken, Routine) and reminders.taken() is None


def test_a_pause_holds_everything_until_it_ends_and_survives_a_restart(
    settings: Settings, clock: FakeClock, desk: Desk
) -> None:
    settings.set("reminder_times", ["10:30", "11:30"])
    reminders = make(settings, clock, desk)
    reminders.pause_for(clock.now() + timedelta(hours=1))
    assert reminders.paused_until == berlin(2026, 1, 5, 11, 0)
    reminders.close()  # Unwind quits, and starts again
    again = make(Settings(settings.path), clock, desk)
    assert again.paused_until == berlin(2026, 1, 5, 11, 0)
    desk.run_for(again, 2 * 3600)
    assert offered_at(desk) == [berlin(2026, 1, 5, 11, 30)]
    assert again.paused_until is None
    assert Settings(settings.path).text("reminders_paused_until") == ""


def test_changing_the_times_arms_the_timer_anew(
    settings: Settings, clock: FakeClock, desk: Desk
) -> None:
    reminders = make(settings, clock, desk)
    assert reminders.armed_for == berlin(2026, 1, 5, 15, 0)
    settings.set("reminder_times", ["10:45"])
    assert reminders.armed_for == berlin(2026, 1, 5, 10, 45)
    settings.set("reminders", False)
    assert desk.armed is None and reminders.armed_for is None
