"""The session flow, without Qt: the practice's commands, its events and what they add up to."""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

import pytest

from support.fakes import FakeClock
from unwind.core.checkin import CheckIn, Moment
from unwind.core.practice import (
    COMPLETED_SHARE,
    CheckInAnswered,
    CheckInOpened,
    CueFired,
    Event,
    How,
    NoteChanged,
    Paused,
    PausedForSleep,
    PlaybackStarted,
    Practice,
    Progress,
    Resumed,
    SafetyShown,
    SessionAbandoned,
    SessionBegun,
    SessionClosed,
    SessionEnded,
    Stage,
    StageChanged,
)
from unwind.core.routine import Routine
from unwind.core.routine_file import parse_routine
from unwind.core.settings import Settings
from unwind.core.timeline import CueKind

BREATHING = """
id = "two-breaths"
title = "Two breaths"

[[steps]]
kind = "breathe"
inhale = 4
exhale = 6
cycles = 2

[[steps]]
kind = "rest"
duration = 40
"""
"""Two steps: 20 s of breathing, then 40 s of rest (60 s in all)."""

MASSAGE = """
id = "hands"
title = "Hands"

[[steps]]
kind = "massage"
area = "hands"
side = "each"
technique = "squeeze"
pressure = "light"
duration = 30
"""


E = TypeVar("E")


def stage_of(practice: Practice) -> Stage:
    """Read afresh each time (a plain attribute read would be narrowed by earlier asserts)."""
    return practice.stage


class Heard:
    """A listener that keeps every event."""

    def __init__(self) -> None:
        self.events: list[Event] = []

    def __call__(self, event: Event) -> None:
        self.events.append(event)

    def of(self, kind: type[E]) -> list[E]:
        return [e for e in self.events if isinstance(e, kind)]

    def stages(self) -> list[Stage]:
        return [e.stage for e in self.events if isinstance(e, StageChanged)]


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(tmp_path / "settings.json")


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def heard() -> Heard:
    return Heard()


@pytest.fixture
def practice(settings: Settings, clock: FakeClock, heard: Heard) -> Practice:
    made = Practice(settings, clock)
    made.subscribe(heard)
    return made


def routine(text: str = BREATHING) -> Routine:
    return parse_routine(text)


def outcome_of(heard: Heard) -> SessionEnded:
    [ended] = heard.of(SessionEnded)
    return ended


def play_through(practice: Practice, clock: FakeClock, seconds: float, step: float = 0.5) -> None:
    """Moves the clock as the player's timers would, ticking the practice on the way."""
    spent = 0.0
    while spent < seconds and practice.playing:
        clock.advance(step)
        spent += step
        practice.tick()


def test_a_whole_session_from_check_in_to_check_in(
    practice: Practice, clock: FakeClock, heard: Heard
) -> None:
    practice.start(routine())
    assert practice.stage is Stage.BEFORE
    begun = heard.of(SessionBegun)[0]
    assert begun.started_at == clock.now()
    uid = practice.uid
    assert uid == begun.uid and len(uid) == 32
    practice.answer(Moment.BEFORE, CheckIn(stress=6))
    practice.play()
    assert stage_of(practice) is Stage.PLAYING
    play_through(practice, clock, 120)
    ended = outcome_of(heard).outcome
    assert ended.how is How.FINISHED and ended.completed
    assert ended.practised_seconds == 60.0 and ended.reached_seconds == 60.0
    assert stage_of(practice) is Stage.AFTER
    practice.answer(Moment.AFTER, CheckIn(stress=3))
    practice.save_note(uid, "warm hands")
    practice.leave()
    assert heard.stages() == [Stage.BEFORE, Stage.PLAYING, Stage.AFTER, Stage.LIBRARY]
    answers = [(e.moment, e.checkin.stress) for e in heard.of(CheckInAnswered)]
    assert answers == [(Moment.BEFORE, 6), (Moment.AFTER, 3)]
    assert heard.of(NoteChanged) == [NoteChanged(uid, "warm hands")]
    assert heard.of(SessionClosed) == [SessionClosed(uid)]
    opened = [e.moment for e in heard.of(CheckInOpened)]
    assert opened == [Moment.BEFORE, Moment.AFTER]


def test_cues_come_once_each_and_progress_is_kept_at_each_step(
    practice: Practice, clock: FakeClock, heard: Heard, settings: Settings
) -> None:
    settings.set("checkins", False)
    practice.start(routine())
    play_through(practice, clock, 120, step=0.25)
    kinds = [e.cue.kind for e in heard.of(CueFired)]
    assert kinds.count(CueKind.STEP_STARTED) == 2
    assert kinds.count(CueKind.BREATH_PHASE) == 4  # in, out, in, out
    assert kinds[-1] is CueKind.FINISHED
    progress = heard.of(Progress)
    assert [round(p.practised_seconds) for p in progress] == [20]


def test_pressing_right_through_the_routine_is_not_completed(
    practice: Practice, clock: FakeClock, heard: Heard, settings: Settings
) -> None:
    """Skipping through in a few seconds reaches the end, but practised almost nothing."""
    settings.set("checkins", False)
    practice.start(routine())
    clock.advance(2)
    practice.skip()
    clock.advance(1.5)
    practice.skip()
    ended = outcome_of(heard).outcome
    assert ended.how is How.SKIPPED and not ended.completed
    assert ended.practised_seconds == 3.5
    assert ended.reached_seconds == 60.0


def test_going_back_practises_more_than_the_position_says(
    practice: Practice, clock: FakeClock, heard: Heard, settings: Settings
) -> None:
    settings.set("checkins", False)
    practice.start(routine())
    clock.advance(15)
    practice.back()  # restarts the breathing step
    clock.advance(15)
    practice.back()
    clock.advance(10)
    practice.tick()
    practice.stop()
    ended = outcome_of(heard).outcome
    assert ended.how is How.STOPPED
    assert ended.practised_seconds == 40.0
    assert ended.reached_seconds == 15.0


def test_pauses_are_not_practice(
    practice: Practice, clock: FakeClock, heard: Heard, settings: Settings
) -> None:
    settings.set("checkins", False)
    practice.start(routine())
    clock.advance(10)
    practice.toggle_pause()
    assert practice.paused
    clock.advance(500)
    practice.toggle_pause()
    clock.advance(5)
    practice.stop()
    ended = outcome_of(heard).outcome
    assert ended.practised_seconds == 15.0
    assert heard.of(Paused)
    assert heard.of(Resumed)


def test_the_end_counts_as_completed_at_half_the_routine_practised(
    practice: Practice, clock: FakeClock, heard: Heard, settings: Settings
) -> None:
    settings.set("checkins", False)
    practice.start(routine())
    clock.advance(COMPLETED_SHARE * 60 - 20)  # 10 s into the breathing
    practice.skip()  # to the rest at 20 s
    clock.advance(20)  # 30 s practised, at 40 s in the routine
    practice.skip()
    ended = outcome_of(heard).outcome
    assert ended.practised_seconds == 30.0
    assert ended.how is How.FINISHED


def test_quitting_while_playing_ends_as_quit_with_the_seconds_up_to_now(
    practice: Practice, clock: FakeClock, heard: Heard, settings: Settings
) -> None:
    settings.set("checkins", False)
    practice.start(routine())
    clock.advance(27.5)  # no tick since the step change at 20 s
    practice.quit()
    ended = outcome_of(heard).outcome
    assert ended.how is How.QUIT
    assert ended.practised_seconds == 27.5
    assert heard.of(SessionClosed) == [SessionClosed(ended.uid)]
    assert not heard.of(CheckInOpened)


def test_quitting_at_the_check_in_before_keeps_the_entry_with_nothing_practised(
    practice: Practice, heard: Heard
) -> None:
    practice.start(routine())
    practice.answer(Moment.BEFORE, CheckIn(stress=8))
    practice.quit()
    ended = outcome_of(heard).outcome
    assert ended.how is How.QUIT and ended.practised_seconds == 0.0
    assert len(heard.of(CheckInAnswered)) == 1


def test_quit_and_stop_are_safe_to_repeat(practice: Practice, heard: Heard) -> None:
    practice.quit()
    practice.stop()
    practice.start(routine())
    practice.play()
    practice.stop()
    practice.stop()
    practice.quit()
    practice.quit()
    assert len(heard.of(SessionEnded)) == 1
    assert len(heard.of(SessionClosed)) == 1


def test_back_from_the_check_in_abandons_the_session(practice: Practice, heard: Heard) -> None:
    practice.start(routine())
    uid = practice.uid
    assert uid is not None
    practice.abandon()
    assert heard.of(SessionAbandoned) == [SessionAbandoned(uid)]
    assert practice.stage is Stage.LIBRARY and practice.uid is None
    practice.play()  # a late Enter on the check-in page: nothing starts
    assert not heard.of(PlaybackStarted)


def test_answers_reach_only_the_check_in_that_is_open(
    practice: Practice, clock: FakeClock, heard: Heard
) -> None:
    practice.answer(Moment.BEFORE, CheckIn(stress=1))  # nothing is on
    practice.start(routine())
    practice.answer(Moment.AFTER, CheckIn(stress=2))  # not yet
    practice.play()
    practice.answer(Moment.BEFORE, CheckIn(stress=3))  # too late
    practice.stop()
    practice.answer(Moment.AFTER, CheckIn(stress=4))
    practice.leave()
    practice.answer(Moment.AFTER, CheckIn(stress=5))  # closed
    stresses = [e.checkin.stress for e in heard.of(CheckInAnswered)]
    assert stresses == [4]


def test_a_note_stays_with_the_session_it_was_typed_for(
    practice: Practice, clock: FakeClock, heard: Heard
) -> None:
    practice.start(routine())
    practice.play()
    practice.stop()
    first = practice.uid
    assert first is not None
    practice.again()
    second = practice.uid
    assert second is not None and second != first
    practice.save_note(first, "for the first one")
    practice.save_note("0" * 32, "for nobody")
    assert heard.of(NoteChanged) == [NoteChanged(first, "for the first one")]


def test_massage_shows_safety_first_once(
    practice: Practice, heard: Heard, settings: Settings
) -> None:
    hands = routine(MASSAGE)
    practice.start(hands)
    assert practice.stage is Stage.SAFETY
    assert heard.of(SafetyShown) == [SafetyShown(hands)]
    assert not heard.of(SessionBegun)
    practice.dismiss_safety()
    assert stage_of(practice) is Stage.LIBRARY
    practice.start(hands)
    practice.accept_safety(hands)
    assert stage_of(practice) is Stage.BEFORE
    assert settings.names("safety_seen") == ["hands"]
    practice.abandon()
    practice.start(hands)
    assert stage_of(practice) is Stage.BEFORE
    assert len(heard.of(SafetyShown)) == 2


def test_without_check_ins_the_session_plays_at_once_and_closes_at_its_end(
    practice: Practice, clock: FakeClock, heard: Heard, settings: Settings
) -> None:
    settings.set("checkins", False)
    practice.start(routine())
    assert practice.stage is Stage.PLAYING
    practice.stop()
    assert stage_of(practice) is Stage.AFTER
    assert not heard.of(CheckInOpened)
    uid = practice.uid
    assert uid is not None
    assert heard.of(SessionClosed) == [SessionClosed(uid)]
    practice.leave()
    assert heard.of(SessionClosed) == [SessionClosed(uid)]


def test_starting_while_a_session_plays_is_ignored(practice: Practice, heard: Heard) -> None:
    practice.start(routine())
    practice.play()
    practice.start(routine(MASSAGE))
    assert practice.routine is not None and practice.routine.id == "two-breaths"
    assert len(heard.of(SessionBegun)) == 1


def test_ending_asks_first_only_after_a_minute_of_practice(
    practice: Practice, clock: FakeClock, settings: Settings
) -> None:
    long = parse_routine('id = "long"\ntitle = "L"\n[[steps]]\nkind = "rest"\nduration = 300\n')
    settings.set("checkins", False)
    practice.start(long)
    clock.advance(50)
    practice.skip()  # the position jumps; the practice does not
    assert not practice.needs_confirmation()
    practice.stop()
    practice.again()
    clock.advance(61)
    assert practice.needs_confirmation()


def test_a_listener_that_fails_is_logged_and_the_others_still_hear(
    practice: Practice, heard: Heard, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(_event: Event) -> None:
        raise RuntimeError("boom")

    second = Heard()
    practice.subscribe(broken)
    practice.subscribe(second)
    practice.start(routine())
    assert second.of(SessionBegun)
    assert "a session listener failed on SessionBegun" in caplog.text


def test_unsubscribe_stops_the_events(practice: Practice) -> None:
    later = Heard()
    unsubscribe = practice.subscribe(later)
    unsubscribe()
    unsubscribe()
    practice.start(routine())
    assert later.events == []


def test_a_trial_plays_without_check_ins_and_goes_back_at_its_end(
    practice: Practice, clock: FakeClock, heard: Heard, tmp_path: Path
) -> None:
    from unwind.journal.recorder import JournalRecorder
    from unwind.journal.store import JournalStore

    with JournalStore(tmp_path / "journal", now=clock.now) as store:
        practice.subscribe(JournalRecorder(store))
        assert practice.settings.flag("checkins")
        practice.start(routine(), trial=True)
        assert practice.stage is Stage.PLAYING and practice.trial
        assert heard.of(SessionBegun)[0].trial
        play_through(practice, clock, 70)
        assert stage_of(practice) is Stage.LIBRARY and not practice.trial
        assert heard.stages() == [Stage.PLAYING, Stage.LIBRARY]
        assert outcome_of(heard).outcome.trial
        assert not heard.of(CheckInOpened) and heard.of(SessionClosed)
        assert store.sessions() == []

        # a real session afterwards is kept as ever
        practice.start(routine())
        assert stage_of(practice) is Stage.BEFORE and not practice.trial
        assert len(store.sessions()) == 1


def test_a_trial_of_massage_shows_safety_first_and_stays_a_trial(
    practice: Practice, heard: Heard
) -> None:
    practice.start(routine(MASSAGE), trial=True)
    assert practice.stage is Stage.SAFETY
    practice.accept_safety(routine(MASSAGE))
    assert stage_of(practice) is Stage.BEFORE  # another routine object: not the trial
    practice.abandon()
    trial = routine(MASSAGE)
    practice.start(trial, trial=True)
    assert stage_of(practice) is Stage.PLAYING and practice.trial
    practice.stop()
    assert stage_of(practice) is Stage.LIBRARY


def test_a_laptop_that_slept_pauses_the_session_and_counts_none_of_the_sleep(
    practice: Practice, settings: Settings, clock: FakeClock, heard: Heard
) -> None:
    settings.set("checkins", False)
    practice.start(routine())
    play_through(practice, clock, 12)
    clock.jump_wall(40 * 60)  # the lid was closed: the monotonic clock stood still
    practice.tick()
    assert practice.paused
    [paused] = heard.of(PausedForSleep)
    assert heard.events.index(paused) > heard.events.index(heard.of(Paused)[-1])
    assert heard.of(Progress)[-1].practised_seconds == 12
    clock.advance(300)  # the person comes back later and resumes
    practice.resume()
    play_through(practice, clock, 5)
    assert not practice.paused, "resuming after the sleep does not pause again"
    practice.stop()
    assert outcome_of(heard).outcome.practised_seconds == 17


def test_the_system_saying_it_will_sleep_pauses_a_running_session_only(
    practice: Practice, settings: Settings, clock: FakeClock, heard: Heard
) -> None:
    settings.set("checkins", False)
    practice.computer_sleeps()
    assert heard.of(PausedForSleep) == []
    practice.start(routine())
    clock.advance(3)
    practice.computer_sleeps()
    practice.computer_sleeps()
    assert len(heard.of(PausedForSleep)) == 1 and practice.paused
