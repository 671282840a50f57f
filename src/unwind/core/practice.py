"""A session's path from the first click to the last answer, without Qt.

`Practice` owns the flow: the safety guidance before a massage routine's first run, the
check-in before (or not, per the settings), playing with pause, skip and back, the end
(finished, stopped early, or Unwind quit), the check-in after, and "again". It holds the
routine, the journal uid and the clock, decides what comes next, and tells its listeners
through events. The journal writer, the sound, the window's navigation, the voice and the tray
are listeners; none of them decides anything about the session.

Commands are plain method calls; each one that changes something emits the events that say
what changed, in order, ending with a `StageChanged` when the stage moved.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from unwind.core.checkin import CheckIn, Moment
from unwind.core.clock import Clock, SleepWatch
from unwind.core.routine import Routine
from unwind.core.session import Session, SessionStatus
from unwind.core.settings import Settings
from unwind.core.timeline import Cue, CueKind, SessionState, SessionTimeline

log = logging.getLogger(__name__)

COMPLETED_SHARE = 0.5
"""A session that reaches its end counts as completed when at least this share of the
routine's planned length was practised; reaching the end by skipping most of it does not."""

CONFIRM_STOP_AFTER = 60.0
"""Ending a session that has been practised longer than this asks first."""


class Stage(StrEnum):
    LIBRARY = "library"
    SAFETY = "safety"
    BEFORE = "before"
    """The check-in before: the session is in the journal, the routine not yet playing."""
    PLAYING = "playing"
    AFTER = "after"
    """The finish: what happened, and the check-in after when check-ins are on."""


class How(StrEnum):
    """How a session ended."""

    FINISHED = "finished"
    SKIPPED = "skipped"
    """Reached the end, but by skipping most of the routine."""
    STOPPED = "stopped"
    QUIT = "quit"
    """Unwind was closed, quit, signalled or logged out during the session."""


@dataclass(frozen=True)
class SessionOutcome:
    """What happened in a session, as the journal records it and the finish page tells it."""

    uid: str
    routine: Routine
    started_at: datetime
    practised_seconds: float
    """Time the session was running, pauses left out, whatever skip and back did."""
    reached_seconds: float
    """How far into the routine it got (skipping ahead counts)."""
    how: How
    trial: bool = False

    @property
    def completed(self) -> bool:
        return self.how is How.FINISHED

    @property
    def routine_id(self) -> str:
        return self.routine.id

    @property
    def routine_title(self) -> str:
        return self.routine.title

    @property
    def planned_seconds(self) -> float:
        return self.routine.duration


# --- events --------------------------------------------------------------------------------


@dataclass(frozen=True)
class StageChanged:
    stage: Stage
    routine: Routine | None


@dataclass(frozen=True)
class SafetyShown:
    """The guidance a massage routine shows before its first run."""

    routine: Routine


@dataclass(frozen=True)
class SessionEvent:
    """An event about one session, named by its journal uid."""

    uid: str


@dataclass(frozen=True)
class SessionBegun(SessionEvent):
    routine: Routine
    started_at: datetime
    trial: bool = False
    """A try of a routine being made: played as any session, asked nothing, kept nowhere."""


@dataclass(frozen=True)
class CheckInOpened(SessionEvent):
    moment: Moment
    routine: Routine


@dataclass(frozen=True)
class CheckInAnswered(SessionEvent):
    moment: Moment
    checkin: CheckIn


@dataclass(frozen=True)
class NoteChanged(SessionEvent):
    text: str


@dataclass(frozen=True)
class PlaybackStarted(SessionEvent):
    routine: Routine


@dataclass(frozen=True)
class CueFired(SessionEvent):
    cue: Cue
    state: SessionState


@dataclass(frozen=True)
class Moved(SessionEvent):
    """A skip or a back: the session jumped to another place in the routine."""

    state: SessionState


@dataclass(frozen=True)
class Paused(SessionEvent):
    """The session holds still."""


@dataclass(frozen=True)
class PausedForSleep(SessionEvent):
    """The computer slept (or is about to): the session paused itself, after its `Paused`."""


@dataclass(frozen=True)
class Resumed(SessionEvent):
    """The session goes on after a pause."""


@dataclass(frozen=True)
class Progress(SessionEvent):
    """The seconds so far, at each step change and pause, so a crash leaves an honest entry."""

    practised_seconds: float
    reached_seconds: float


@dataclass(frozen=True)
class SessionEnded:
    outcome: SessionOutcome


@dataclass(frozen=True)
class SessionAbandoned(SessionEvent):
    """Back from the check-in before: the session never began, so it leaves no entry."""


@dataclass(frozen=True)
class SessionClosed(SessionEvent):
    """Nothing more will be asked about this session (the check-in after is done or off)."""


Event = (
    StageChanged
    | SafetyShown
    | SessionBegun
    | CheckInOpened
    | CheckInAnswered
    | NoteChanged
    | PlaybackStarted
    | CueFired
    | Moved
    | Paused
    | PausedForSleep
    | Resumed
    | Progress
    | SessionEnded
    | SessionAbandoned
    | SessionClosed
)
Listener = Callable[[Event], None]


class Practice:
    """The session flow. Listeners get every event; one that raises is logged and skipped, so
    a broken listener never stops a session or the others."""

    def __init__(self, settings: Settings, clock: Clock) -> None:
        self.settings = settings
        self.clock = clock
        self._listeners: list[Listener] = []
        self._stage = Stage.LIBRARY
        self._routine: Routine | None = None
        self._uid: str | None = None
        self._started_at: datetime | None = None
        self._session: Session | None = None
        self._outcome: SessionOutcome | None = None
        self._closed = True
        self._uids: set[str] = set()
        self._trial = False
        self._sleep = SleepWatch(clock)

    # --- listening -----------------------------------------------------------------------

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Adds a listener; returns the function that removes it again."""
        self._listeners.append(listener)

        def unsubscribe() -> None:
            if listener in self._listeners:
                self._listeners.remove(listener)

        return unsubscribe

    def _emit(self, event: Event) -> None:
        for listener in list(self._listeners):
            try:
                listener(event)
            except Exception:
                log.exception("a session listener failed on %s", type(event).__name__)

    def _set_stage(self, stage: Stage) -> None:
        self._stage = stage
        self._emit(StageChanged(stage, self._routine))

    # --- what is going on ----------------------------------------------------------------

    @property
    def stage(self) -> Stage:
        return self._stage

    @property
    def routine(self) -> Routine | None:
        return self._routine

    @property
    def uid(self) -> str | None:
        """The journal uid of the session on its way, playing, or being checked in after."""
        return self._uid

    @property
    def session(self) -> Session | None:
        return self._session

    @property
    def outcome(self) -> SessionOutcome | None:
        """The latest ended session's outcome."""
        return self._outcome

    @property
    def playing(self) -> bool:
        return self._stage is Stage.PLAYING

    @property
    def paused(self) -> bool:
        return self._session is not None and self._session.status is SessionStatus.PAUSED

    def state(self) -> SessionState | None:
        return None if self._session is None else self._session.state()

    def practised(self) -> float:
        return 0.0 if self._session is None else self._session.practised()

    def seconds_to_next_cue(self) -> float | None:
        return None if self._session is None else self._session.seconds_to_next_cue()

    def needs_confirmation(self) -> bool:
        """Whether ending the session now should be asked first."""
        return self.playing and self.practised() > CONFIRM_STOP_AFTER

    def may_end(self, ask: Callable[[], bool]) -> bool:
        """For an ending the person asked for (Esc, End, closing the window): after a minute
        of practice, pauses while `ask()` decides and resumes if the answer is to keep going.
        True when the session may end now."""
        if not self.needs_confirmation():
            return True
        was_running = not self.paused
        self.pause()
        if ask():
            return True
        if was_running:
            self.resume()
        return False

    # --- the way in ----------------------------------------------------------------------

    @property
    def trial(self) -> bool:
        """Whether the session on its way or playing is a try (see `start`)."""
        return self._trial

    def start(self, routine: Routine, *, trial: bool = False) -> None:
        """Safety first on a massage routine's first run, then the check-in, then playing.

        A trial (trying a step of a routine being made) has no check-ins and is not kept in
        the journal; at its end the stage goes straight back to LIBRARY.
        """
        if self._stage in (Stage.BEFORE, Stage.PLAYING):
            log.info("start of %s ignored: a session is on", routine.id)
            return
        if self._stage is Stage.AFTER:
            self._close()
        self._routine = routine
        self._trial = trial
        if routine.has_massage and routine.id not in self.settings.names("safety_seen"):
            self._emit(SafetyShown(routine))
            self._set_stage(Stage.SAFETY)
            return
        self._begin(routine)

    def accept_safety(self, routine: Routine) -> None:
        """The person has read the guidance for this routine: it is not shown again."""
        if self._stage in (Stage.BEFORE, Stage.PLAYING):
            return
        seen = self.settings.names("safety_seen")
        if routine.id not in seen:
            self.settings.set("safety_seen", [*seen, routine.id])
        if self._stage is Stage.AFTER:
            self._close()
        self._trial = self._trial and routine is self._routine
        self._routine = routine
        self._begin(routine)

    def dismiss_safety(self) -> None:
        if self._stage is Stage.SAFETY:
            self._trial = False
            self._set_stage(Stage.LIBRARY)

    def _begin(self, routine: Routine) -> None:
        self._uid = uuid.uuid4().hex
        self._uids.add(self._uid)
        self._started_at = self.clock.now()
        self._session = None
        self._outcome = None
        self._closed = False
        self._emit(SessionBegun(self._uid, routine, self._started_at, self._trial))
        if self.settings.flag("checkins") and not self._trial:
            log.info("check-in before %s", routine.id)
            self._emit(CheckInOpened(self._uid, Moment.BEFORE, routine))
            self._set_stage(Stage.BEFORE)
        else:
            self.play()

    def answer(self, moment: Moment, checkin: CheckIn) -> None:
        """An answer of the check-in that is open; answers to a closed one are ignored."""
        open_now = (moment is Moment.BEFORE and self._stage is Stage.BEFORE) or (
            moment is Moment.AFTER and self._stage is Stage.AFTER and not self._closed
        )
        if open_now and self._uid is not None:
            self._emit(CheckInAnswered(self._uid, moment, checkin))

    def save_note(self, uid: str, text: str) -> None:
        """A note draft for the session it was typed for, whichever session is on now."""
        if uid in self._uids:
            self._emit(NoteChanged(uid, text))

    def abandon(self) -> None:
        """Back from the check-in before: no entry is left."""
        if self._stage is not Stage.BEFORE or self._uid is None:
            return
        uid, self._uid = self._uid, None
        self._closed = True
        self._emit(SessionAbandoned(uid))
        self._set_stage(Stage.LIBRARY)

    # --- playing -------------------------------------------------------------------------

    def play(self) -> None:
        """Starts the routine (after the check-in before, or at once without one)."""
        if self._stage is Stage.PLAYING or self._routine is None or self._uid is None:
            return
        if self._closed:
            return
        self._session = Session(SessionTimeline(self._routine), self.clock.monotonic)
        self._session.start()
        self._sleep.slept()
        log.info("playing %s", self._routine.id)
        self._emit(PlaybackStarted(self._uid, self._routine))
        self._set_stage(Stage.PLAYING)
        self.tick()

    def tick(self) -> list[Cue]:
        """Emits the cues due since the last tick, and ends the session at the routine's end.

        The player calls this whenever its timers wake; nothing here counts ticks.
        """
        session, uid = self._session, self._uid
        if not self.playing or session is None or uid is None:
            return []
        if self._sleep.slept() and session.status is SessionStatus.RUNNING:
            # the monotonic clock stood still while the computer slept, so no time was
            # counted; nobody is there to carry on when it wakes
            self.computer_sleeps()
            return []
        cues = session.poll()
        for cue in cues:
            self._emit(CueFired(uid, cue, session.timeline.state_at(cue.time)))
            if cue.kind is CueKind.STEP_STARTED:
                log.info("step %d of %d started", cue.step_index + 1, len(session.timeline.steps))
                self._progress()
        if session.status is SessionStatus.FINISHED:
            enough = session.practised() >= COMPLETED_SHARE * session.timeline.total
            self._end(How.FINISHED if enough else How.SKIPPED)
        return cues

    def _progress(self) -> None:
        if self._session is not None and self._uid is not None:
            practised = self._session.practised()
            if practised > 0:
                self._emit(Progress(self._uid, practised, self._session.reached()))

    def toggle_pause(self) -> None:
        if self.paused:
            self.resume()
        else:
            self.pause()

    def pause(self) -> None:
        session = self._session
        if self.playing and session is not None and session.status is SessionStatus.RUNNING:
            session.pause()
            assert self._uid is not None
            self._emit(Paused(self._uid))
            self._progress()

    def computer_sleeps(self) -> None:
        """The computer is going to sleep, or has slept: a running session pauses and says
        why, so it waits for the person instead of playing to an empty room."""
        session = self._session
        if self.playing and session is not None and session.status is SessionStatus.RUNNING:
            log.info("session paused: the computer slept")
            self.pause()
            assert self._uid is not None
            self._emit(PausedForSleep(self._uid))

    def resume(self) -> None:
        session = self._session
        if self.playing and session is not None and session.status is SessionStatus.PAUSED:
            self._sleep.slept()
            session.resume()
            assert self._uid is not None
            self._emit(Resumed(self._uid))
            self.tick()

    def skip(self) -> None:
        """To the next step (or the end, on the last one)."""
        self._move(lambda session: session.skip())

    def back(self) -> None:
        """Restarts the step, or goes to the previous one right after a step began."""
        self._move(lambda session: session.back())

    def _move(self, jump: Callable[[Session], None]) -> None:
        session, uid = self._session, self._uid
        if not self.playing or session is None or uid is None:
            return
        jump(session)
        self._emit(Moved(uid, session.state()))
        self.tick()

    # --- the way out ---------------------------------------------------------------------

    def stop(self) -> None:
        """Ends the session early, at the person's request."""
        if self.playing:
            self._end(How.STOPPED)

    def quit(self) -> None:
        """Unwind is going away: a session on its way or playing ends as quit, with the
        seconds done up to this moment, and nothing more is asked about it."""
        if self._stage in (Stage.BEFORE, Stage.PLAYING):
            self._end(How.QUIT)
        if self._stage is Stage.AFTER:
            self._close()

    def _end(self, how: How) -> None:
        routine, uid, started = self._routine, self._uid, self._started_at
        assert routine is not None and uid is not None and started is not None
        session = self._session
        if session is not None:
            session.stop()
        outcome = SessionOutcome(
            uid=uid,
            routine=routine,
            started_at=started,
            practised_seconds=session.practised() if session is not None else 0.0,
            reached_seconds=session.reached() if session is not None else 0.0,
            how=how,
            trial=self._trial,
        )
        self._outcome = outcome
        log.info("session %s %s after %.1f s", routine.id, how.value, outcome.practised_seconds)
        self._emit(SessionEnded(outcome))
        if self._trial:
            self._close()
            self._trial = False
            self._set_stage(Stage.LIBRARY)
            return
        ask = self.settings.flag("checkins") and how is not How.QUIT
        if ask:
            log.info("check-in after %s", routine.id)
            self._emit(CheckInOpened(uid, Moment.AFTER, routine))
        self._set_stage(Stage.AFTER)
        if not ask:
            self._close()

    def _close(self) -> None:
        if self._closed or self._uid is None:
            return
        self._closed = True
        self._emit(SessionClosed(self._uid))

    def leave(self) -> None:
        """From the finish back to the library."""
        if self._stage is Stage.AFTER:
            self._close()
            self._set_stage(Stage.LIBRARY)

    def again(self) -> None:
        """The same routine once more, from its check-in."""
        if self._stage is Stage.AFTER and self._routine is not None:
            self._close()
            self.start(self._routine)
