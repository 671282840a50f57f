from __future__ import annotations

import math

from hypothesis import given
from hypothesis import strategies as st

from support.fakes import FakeClock
from unwind.core.routine import BreathPhase
from unwind.core.routine_file import parse_routine
from unwind.core.session import Session, SessionStatus
from unwind.core.timeline import CueKind, SessionTimeline, ease_in_out

MIXED = """
id = "mixed"
title = "Mixed"
goals = ["stress"]

[[steps]]
kind = "prepare"
duration = 10
instruction = "Sit comfortably."

[[steps]]
kind = "breathe"
inhale = 4
hold_in = 2
exhale = 6
cycles = 3

[[steps]]
kind = "massage"
area = "shoulders"
side = "each"
technique = "knead"
pressure = "medium"
duration = 80
instruction = "Knead the top of the shoulder."
"""


def timeline() -> SessionTimeline:
    return SessionTimeline(parse_routine(MIXED))


def test_steps_are_laid_end_to_end() -> None:
    line = timeline()
    assert line.starts == [0.0, 10.0, 46.0]
    assert line.total == 126.0


def test_state_at_reports_step_phase_and_remaining() -> None:
    line = timeline()
    state = line.state_at(10 + 12 + 5)  # second cycle, hold (4 s in, then 1 s of hold)
    assert state.step_index == 1
    assert state.breath is not None
    assert state.breath.phase is BreathPhase.HOLD_IN
    assert state.breath.cycle == 1
    assert math.isclose(state.breath.phase_remaining, 1.0)
    assert math.isclose(state.step_remaining, 36 - 17)
    assert math.isclose(state.remaining, 126 - 27)
    assert not state.finished


def test_each_side_switches_halfway() -> None:
    line = timeline()
    assert line.state_at(46 + 39.9).side == "left"
    assert line.state_at(46 + 40.1).side == "right"
    kinds = [cue.kind for cue in line.cues if cue.step_index == 2]
    assert kinds == [
        CueKind.STEP_STARTED,
        CueKind.SWITCH_SIDES,
        *[CueKind.COUNTDOWN] * 3,  # the last three seconds, for the voice
        CueKind.FINISHED,
    ]


def test_breath_level_rises_rests_and_falls() -> None:
    line = timeline()
    levels = [line.state_at(10 + t).breath.level for t in (0, 2, 4, 5, 7, 9, 11.99)]  # type: ignore[union-attr]
    assert levels[0] == 0.0
    assert 0.4 < levels[1] < 0.6
    assert levels[2] == levels[3] == 1.0
    assert levels[3] > levels[4] > levels[5] > levels[6]
    assert levels[6] < 0.01


def test_cues_cover_every_phase_of_every_cycle() -> None:
    line = timeline()
    phases = [cue for cue in line.cues if cue.kind is CueKind.BREATH_PHASE]
    assert len(phases) == 3 * 3
    assert [cue.time for cue in phases[:3]] == [10.0, 14.0, 16.0]


def test_finished_at_and_after_the_end() -> None:
    line = timeline()
    assert line.state_at(126).finished
    assert line.state_at(500).finished
    assert line.state_at(500).elapsed == 126


@given(st.floats(min_value=0, max_value=1))
def test_easing_is_monotonic_and_bounded(x: float) -> None:
    assert 0.0 <= ease_in_out(x) <= 1.0
    assert ease_in_out(x) <= ease_in_out(min(1.0, x + 0.01)) + 1e-12


def test_pause_excludes_time_and_resume_continues() -> None:
    clock = FakeClock()
    session = Session(timeline(), clock)
    session.start()
    clock.advance(5)
    session.pause()
    clock.advance(300)
    assert session.elapsed() == 5
    session.resume()
    clock.advance(2)
    assert session.elapsed() == 7
    assert session.status is SessionStatus.RUNNING


def test_skip_and_back_move_between_steps() -> None:
    clock = FakeClock()
    session = Session(timeline(), clock)
    session.start()
    clock.advance(3)
    session.skip()
    assert session.elapsed() == 10
    cues = session.poll()
    assert [c.kind for c in cues] == [CueKind.STEP_STARTED, CueKind.BREATH_PHASE]
    clock.advance(10)
    session.back()  # 10 s into the step: restart it
    assert session.elapsed() == 10
    session.poll()
    clock.advance(1)
    session.back()  # right after the start: previous step
    assert session.elapsed() == 0
    session.skip()
    session.skip()
    session.skip()
    assert session.elapsed() == 126
    cues = session.poll()
    assert session.status is SessionStatus.FINISHED
    assert cues[-1].kind is CueKind.FINISHED


def test_poll_returns_each_cue_once_in_order() -> None:
    clock = FakeClock()
    session = Session(timeline(), clock)
    session.start()
    seen = []
    while session.status is SessionStatus.RUNNING:
        seen.extend(session.poll())
        clock.advance(0.25)
    assert seen == list(session.timeline.cues)


def test_stalled_frame_plays_only_the_current_breath_phase() -> None:
    clock = FakeClock()
    session = Session(timeline(), clock)
    session.start()
    session.poll()
    clock.advance(10 + 12 + 5)  # jumps over several breath phases at once
    cues = session.poll()
    phases = [c for c in cues if c.kind is CueKind.BREATH_PHASE]
    assert len(phases) == 1
    assert phases[0].phase is BreathPhase.HOLD_IN


def test_stop_records_elapsed_and_ends() -> None:
    clock = FakeClock()
    session = Session(timeline(), clock)
    session.start()
    clock.advance(42)
    session.stop()
    clock.advance(100)
    assert session.status is SessionStatus.STOPPED
    assert session.elapsed() == 42
    assert session.poll() == []


def test_sixty_minute_routine_ends_on_time_with_a_fast_fake_clock() -> None:
    routine = parse_routine(
        """
id = "long"
title = "Long"
[[steps]]
kind = "breathe"
inhale = 4
exhale = 6
cycles = 180
[[steps]]
kind = "rest"
duration = 1800
"""
    )
    clock = FakeClock()
    session = Session(SessionTimeline(routine), clock)
    assert session.timeline.total == 3600
    session.start()
    frame = 1 / 60
    ticks = 0
    start = clock.seconds
    while session.status is SessionStatus.RUNNING:
        session.poll()
        clock.advance(frame)
        ticks += 1
    # the session ends within one frame of its nominal length: no drift over 216,000 frames
    assert abs((clock.seconds - start) - 3600) <= 0.05
    assert ticks > 200_000


def test_next_cue_time_lets_a_timer_sleep_until_it() -> None:
    clock = FakeClock()
    session = Session(timeline(), clock)
    session.start()
    session.poll()
    assert session.seconds_to_next_cue() == 10
    clock.advance(9.5)
    assert math.isclose(session.seconds_to_next_cue() or 0, 0.5)


def test_a_long_step_tells_its_end_ahead_and_counts_its_last_seconds() -> None:
    line = timeline()
    ending = [cue.time for cue in line.cues if cue.kind is CueKind.ENDING_SOON]
    assert ending == [46.0 - 8.0]  # the breathe step (36 s); not the last step, nor the first
    counts = [cue for cue in line.cues if cue.kind is CueKind.COUNTDOWN]
    assert [cue.time for cue in counts] == [43.0, 44.0, 45.0, 123.0, 124.0, 125.0]  # not 10 s
    assert [round(line.state_at(cue.time).step_remaining) for cue in counts[:3]] == [3, 2, 1]
