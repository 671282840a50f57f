"""The reminders at work, without Qt: one timer armed for the next moment that matters.

`Reminders` keeps the state the pure functions in `reminders` plan from, and talks to the
world through what it is given: `arm(seconds)` sets the one timer (None stops it), `idle()`
reads the seconds since the person's last input, `holds()` reads what would keep a reminder
from showing now (a full-screen window, do-not-disturb), and `offer(Offer)` shows one.
Sessions come from the practice (it is one of its listeners): none is offered during a
session, and a session counts as the break a reminder would have asked for.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta, tzinfo

from unwind.core.clock import Clock, SleepWatch
from unwind.core.practice import Event, SessionAbandoned, SessionBegun, SessionClosed
from unwind.core.reminders import (
    LONG_BREAK,
    Activity,
    Due,
    Hold,
    Now,
    ReminderSettings,
    ReminderState,
    after_offer,
    held_back,
    observe,
    plan,
    routine_to_offer,
    snoozed,
    working_now,
)
from unwind.core.routine import Routine
from unwind.core.settings import Settings

log = logging.getLogger(__name__)

WATCHED = (
    "reminders",
    "reminder_times",
    "reminder_days",
    "reminder_every",
    "work_start",
    "work_end",
    "work_days",
    "reminder_routine",
)


@dataclass(frozen=True)
class Offer:
    """A reminder shown to the person: the routine it offers and why it came."""

    due: Due
    routine: Routine


class Reminders:
    """Plans, arms and offers reminders. Call `look()` when the timer fires."""

    def __init__(
        self,
        settings: Settings,
        clock: Clock,
        zone: tzinfo,
        routines: Callable[[], Sequence[Routine]],
        *,
        arm: Callable[[float | None], None],
        offer: Callable[[Offer], None],
        idle: Callable[[], float | None] = lambda: None,
        holds: Callable[[], Hold | None] = lambda: None,
    ) -> None:
        self.settings = settings
        self.clock = clock
        self.zone = zone
        self.routines = routines
        self._arm = arm
        self._offer = offer
        self._idle = idle
        self._holds = holds
        self._sleep = SleepWatch(clock)
        self.in_session = False
        self.shown: Offer | None = None
        """The offer on screen, until it is answered."""
        self.armed_for: datetime | None = None
        self.state = ReminderState(handled_until=clock.now(), paused_until=self._paused_until())
        self._unsubscribe = [settings.subscribe(name, self._changed) for name in WATCHED]

    # --- reading the world ---------------------------------------------------------------

    def now(self) -> Now:
        return Now(self.clock.now(), self.clock.monotonic())

    def reminder_settings(self) -> ReminderSettings:
        return ReminderSettings.read(self.settings)

    def _paused_until(self) -> datetime | None:
        text = self.settings.text("reminders_paused_until")
        return datetime.fromisoformat(text) if text else None

    # --- the one timer -------------------------------------------------------------------

    def look(self) -> None:
        """The timer fired, the computer woke or something changed: see what is due."""
        now = self.now()
        settings = self.reminder_settings()
        slept = self._sleep.slept()
        if slept:
            log.info("the computer slept for about %.0f s; counting use from now", slept)
            self.state = replace(self.state, activity=Activity())
        self._end_pause_if_over(now)
        if settings.on and settings.every > 0:
            stretch = working_now(settings, now.wall, self.zone)
            since = None
            if stretch is not None:
                since = now.monotonic - (now.wall - stretch.start).total_seconds()
            idle = self._idle() if stretch is not None else None
            self.state = replace(
                self.state, activity=observe(self.state.activity, now.monotonic, idle, since)
            )
        planned = plan(now, settings, self.state, self.zone)
        due = planned.due
        if planned.fire and due is not None:
            planned = plan(now, settings, self.state, self.zone, self._hold_now())
            if planned.held is not None:
                log.info("reminder held back by %s", planned.held.value)
                self.state = held_back(self.state, due, now, planned.held)
            else:
                self._fire(due, now)
            planned = plan(now, settings, self.state, self.zone)
        self._arm_for(planned.look_at, now)

    def _hold_now(self) -> Hold | None:
        if self.in_session:
            return Hold.SESSION
        idle = self._idle()
        if idle is not None and idle >= LONG_BREAK:
            return Hold.AWAY
        return self._holds()

    def _arm_for(self, moment: datetime | None, now: Now) -> None:
        self.armed_for = moment
        if moment is None:
            self._arm(None)
            return
        self._arm(max(0.0, (moment - now.wall).total_seconds()))

    def _fire(self, due: Due, now: Now) -> None:
        local = now.wall.astimezone(self.zone).time()
        routine = routine_to_offer(self.routines(), self.reminder_settings().routine_id, local)
        self.state = after_offer(self.state, due, now)
        if routine is None:
            log.warning("a reminder came due, but there is no routine to offer")
            return
        self.shown = Offer(due, routine)
        log.info("reminder (%s) offers %s", due.why.value, routine.id)
        self._offer(self.shown)

    def _end_pause_if_over(self, now: Now) -> None:
        until = self.state.paused_until
        if until is not None and until <= now.wall:
            log.info("reminders are back after the pause")
            self.settings.set("reminders_paused_until", "")
            counting = Activity(now.monotonic, now.monotonic)
            self.state = replace(self.state, paused_until=None, activity=counting)

    def _changed(self, _value: object) -> None:
        self.look()

    # --- what the person does ------------------------------------------------------------

    def snooze(self) -> None:
        if self.shown is not None:
            log.info("reminder snoozed")
            self.state = snoozed(self.state, self.shown.due, self.now())
            self.shown = None
            self.look()

    def skip(self) -> None:
        """Skip, or the notification closed without an answer: it is done."""
        if self.shown is not None:
            log.info("reminder skipped")
            self.shown = None

    def taken(self) -> Routine | None:
        """Start: the offer is done; the caller starts its routine."""
        offer, self.shown = self.shown, None
        return None if offer is None else offer.routine

    def pause_for(self, until: datetime) -> None:
        """No reminders until then (kept across restarts in the settings)."""
        self.settings.set("reminders_paused_until", until.isoformat())
        self.state = replace(self.state, paused_until=until, pending=None)
        self.shown = None
        log.info("reminders paused until %s", until.isoformat())
        self.look()

    def resume(self) -> None:
        if self.state.paused_until is not None:
            self.state = replace(self.state, paused_until=self.now().wall - timedelta(seconds=1))
            self.look()

    @property
    def paused_until(self) -> datetime | None:
        until = self.state.paused_until
        return until if until is not None and until > self.clock.now() else None

    def computer_woke(self) -> None:
        """The system says it woke: the count of use starts again, and a look sees what is
        due (a timer armed before the sleep may fire late, or not at all)."""
        self.state = replace(self.state, activity=Activity())
        self._sleep.slept()
        self.look()

    # --- the practice --------------------------------------------------------------------

    def __call__(self, event: Event) -> None:
        if isinstance(event, SessionBegun):
            self.in_session = True
        elif isinstance(event, SessionClosed | SessionAbandoned) and self.in_session:
            # a session is the break a reminder asks for: what waited is dropped, the
            # count starts again
            self.in_session = False
            now = self.now()
            activity = self.state.activity
            if activity.counting_since is not None:
                activity = Activity(now.monotonic, now.monotonic)
            self.state = replace(
                self.state,
                pending=None,
                handled_until=max(self.state.handled_until, now.wall),
                activity=activity,
            )
            self.look()

    def close(self) -> None:
        for unsubscribe in self._unsubscribe:
            unsubscribe()
        self._arm(None)
