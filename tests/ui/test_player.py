from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from support.fakes import Answers, FakeClock, RecordingAudio
from unwind.audio.cues import CueSound
from unwind.core.practice import How, Stage
from unwind.core.routine import BreathPhase
from unwind.core.session import SessionStatus
from unwind.journal.models import Ending
from unwind.journal.store import JournalStore
from unwind.ui.main_window import MainWindow


def status(window: MainWindow) -> SessionStatus:
    session = window.practice.session
    assert session is not None
    return session.status


def start_short(window: MainWindow) -> None:
    window.settings.set("safety_seen", ["short-test"])
    routine = window.library.library.get("short-test")
    assert routine is not None
    window.practice.start(routine)


def test_breathing_step_animates_the_pacer(window: MainWindow, clock: FakeClock) -> None:
    start_short(window)
    player = window.player
    assert window.pages.currentWidget() is player
    assert player.visual.currentWidget() is player.pacer
    assert player.frame_timer.isActive()
    clock.advance(1.0)  # halfway through a 2 s inhale
    player.refresh()
    assert player.pacer.word == "Breathe in"
    assert 0.3 < player.pacer.level < 0.7
    clock.advance(1.5)  # into the exhale
    player.refresh()
    assert player.pacer.word == "Breathe out"
    assert player.breath_info.text().startswith("Breath 1 of 2")
    assert player._body_map is None, "breathing alone never builds the body map"


def test_massage_step_lights_the_body_map_and_sleeps_between_seconds(
    window: MainWindow, clock: FakeClock
) -> None:
    start_short(window)
    player = window.player
    clock.advance(10.5)  # 10 s of breathing, then half a second of massage
    player.refresh()
    assert player.visual.currentWidget() is player.body_map
    assert not player.frame_timer.isActive()
    assert player.second_timer.isActive() and player.second_timer.interval() <= 501
    assert player.body_map.lit_ids() == ("area-shoulders-left",)
    assert "left side" in player.where_pill.text().lower()
    assert player.pressure_pill.text() == "Medium pressure"
    clock.advance(10)
    player.refresh()
    assert player.body_map.lit_ids() == ("area-shoulders-right",)
    assert player.next_label.text().startswith("Next: Rest")


def test_space_pauses_and_resumes(
    window: MainWindow, qtbot: QtBot, clock: FakeClock, audio: RecordingAudio
) -> None:
    start_short(window)
    player = window.player
    qtbot.keyClick(player, Qt.Key.Key_Space)
    assert status(window) is SessionStatus.PAUSED
    assert ("pause", None) in audio.calls
    assert not player.frame_timer.isActive() and not player.cue_timer.isActive()
    assert player.pause_button.text() == "Resume"
    clock.advance(100)
    qtbot.keyClick(player, Qt.Key.Key_Space)
    assert status(window) is SessionStatus.RUNNING
    assert window.practice.practised() == 0
    assert player.frame_timer.isActive()


def test_right_skips_left_goes_back(window: MainWindow, qtbot: QtBot, clock: FakeClock) -> None:
    start_short(window)
    player = window.player
    qtbot.keyClick(player, Qt.Key.Key_Right)
    assert player.step_number.text() == "Step 2 of 3"
    clock.advance(1)
    qtbot.keyClick(player, Qt.Key.Key_Left)
    assert player.step_number.text() == "Step 1 of 3"


def test_cues_reach_the_audio(window: MainWindow, clock: FakeClock, audio: RecordingAudio) -> None:
    window.player.tones.setChecked(True)
    assert window.settings.flag("breath_tones")
    start_short(window)
    player = window.player
    for _ in range(130):
        clock.advance(1)
        player.refresh()
        if not window.practice.playing:
            break
    assert audio.cues[0] is CueSound.CHIME
    assert audio.cues.count(CueSound.INHALE) == 2 and audio.cues.count(CueSound.EXHALE) == 2
    assert CueSound.CHIME_SOFT in audio.cues  # switch sides
    assert audio.cues[-1] is CueSound.FINISH
    assert audio.ambient is None  # faded out at the end


def test_finishing_shows_the_finish_page_with_the_time_practised(
    window: MainWindow, clock: FakeClock, journal: JournalStore
) -> None:
    start_short(window)
    clock.advance(200)
    window.player.refresh()
    outcome = window.practice.outcome
    assert outcome is not None and outcome.completed
    assert outcome.practised_seconds == 120
    assert window.pages.currentWidget() is window.finish
    assert window.finish.heading.text() == "Well done"
    assert "2 min for yourself" in window.finish.summary.text()
    assert "massage therapist" in window.finish.advice.text()
    record = journal.sessions()[0]
    assert (record.ending, record.practised_seconds) == (Ending.COMPLETED, 120)


def test_skipping_through_is_told_as_it_was(
    window: MainWindow, qtbot: QtBot, clock: FakeClock, journal: JournalStore
) -> None:
    start_short(window)
    for _ in range(3):
        clock.advance(1)
        qtbot.keyClick(window.player, Qt.Key.Key_Right)
    assert window.pages.currentWidget() is window.finish
    assert window.finish.heading.text() == "Session ended"
    assert "skipped through" in window.finish.summary.text()
    record = journal.sessions()[0]
    assert record.ending is Ending.STOPPED
    assert record.practised_seconds == 3 and record.completed_seconds == 120


def test_escape_early_stops_without_asking(
    window: MainWindow, qtbot: QtBot, clock: FakeClock
) -> None:
    ask = Answers()
    window.ask_to_end = ask
    start_short(window)
    clock.advance(5)
    qtbot.keyClick(window.player, Qt.Key.Key_Escape)
    assert ask.asked == 0
    outcome = window.practice.outcome
    assert outcome is not None and outcome.how is How.STOPPED
    assert window.finish.heading.text() == "Session ended"
    assert "after 5 s" in window.finish.summary.text()


@pytest.mark.parametrize("ends", [False, True])
def test_escape_after_a_minute_asks_first(
    window: MainWindow, qtbot: QtBot, clock: FakeClock, ends: bool
) -> None:
    asked: list[SessionStatus] = []

    def ask(_parent: QWidget) -> bool:
        asked.append(status(window))
        return ends

    window.ask_to_end = ask
    start_short(window)
    clock.advance(70)
    window.player.refresh()
    qtbot.keyClick(window.player, Qt.Key.Key_Escape)
    assert asked == [SessionStatus.PAUSED], "paused while it asks"
    assert window.practice.playing is not ends
    if not ends:
        assert status(window) is SessionStatus.RUNNING


def test_the_question_is_asked_after_a_minute_practised_not_a_minute_skipped(
    window: MainWindow, qtbot: QtBot, clock: FakeClock
) -> None:
    ask = Answers()
    window.ask_to_end = ask
    start_short(window)
    qtbot.keyClick(window.player, Qt.Key.Key_Right)
    qtbot.keyClick(window.player, Qt.Key.Key_Right)  # 30 s into a 120 s routine
    clock.advance(5)
    qtbot.keyClick(window.player, Qt.Key.Key_Escape)
    assert ask.asked == 0


def test_mute_key_and_soundscape_are_remembered(
    window: MainWindow, qtbot: QtBot, audio: RecordingAudio
) -> None:
    start_short(window)
    qtbot.keyClick(window.player, Qt.Key.Key_M)
    assert audio.muted and window.settings.flag("muted") is True
    assert window.player.mute_button.isChecked()
    assert window.player.mute_button.text() == "Unmute"
    window.player.soundscape.setCurrentIndex(window.player.soundscape.findData("ocean"))
    assert window.settings.text("soundscape") == "ocean"
    assert audio.ambient == "ocean"


def test_the_volume_sliders_set_the_audio(window: MainWindow, audio: RecordingAudio) -> None:
    window.player.ambient_volume.setValue(20)
    window.player.cue_volume.setValue(90)
    assert audio.volumes == (0.2, 0.9)
    window.settings.set("cue_volume", 0.3)
    assert window.player.cue_volume.value() == 30


def test_closing_the_window_mid_session_records_it_as_stopped(
    window: MainWindow, clock: FakeClock, journal: JournalStore
) -> None:
    start_short(window)
    clock.advance(14)  # past the breathing; no tick since the massage began at 10 s
    window.close()
    assert not window.isVisible()
    record = journal.sessions()[0]
    assert record.ending is Ending.STOPPED
    assert record.practised_seconds == 14


def test_closing_after_a_minute_asks_and_keep_going_keeps_the_window(
    window: MainWindow, clock: FakeClock, journal: JournalStore
) -> None:
    window.ask_to_end = Answers(False, True)
    start_short(window)
    clock.advance(75)
    window.player.refresh()
    window.close()
    assert window.isVisible() and window.practice.playing
    assert status(window) is SessionStatus.RUNNING
    clock.advance(5)
    window.close()
    assert not window.isVisible()
    assert journal.sessions()[0].practised_seconds == 80


def test_ctrl_q_quits_like_closing(window: MainWindow, qtbot: QtBot, clock: FakeClock) -> None:
    start_short(window)
    clock.advance(3)
    qtbot.keyClick(window.player, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    assert not window.isVisible()
    outcome = window.practice.outcome
    assert outcome is not None and outcome.how is How.QUIT
    assert window.practice.stage is Stage.AFTER


def test_one_right_too_many_never_rates_the_after_check_in(
    window: MainWindow, qtbot: QtBot, clock: FakeClock, journal: JournalStore
) -> None:
    window.settings.set("checkins", True)
    start_short(window)
    qtbot.keyClick(window.checkin, Qt.Key.Key_Escape)  # skip the check-in before
    for _ in range(3):
        clock.advance(1)
        qtbot.keyClick(window.player, Qt.Key.Key_Right)
    assert window.pages.currentWidget() is window.finish
    stress = window.finish.form.stress
    assert stress.hasFocus()
    for _ in range(3):  # one too many, and then some: no answer appears
        qtbot.keyClick(stress, Qt.Key.Key_Right)
    clock.advance(5)
    qtbot.keyClick(stress, Qt.Key.Key_Right)  # later, an arrow still never answers
    assert stress.value() is None
    qtbot.keyClick(stress, Qt.Key.Key_4)  # a digit does
    qtbot.keyClick(stress, Qt.Key.Key_Right)  # and then the arrows move it
    assert stress.value() == 5
    record = journal.sessions()[0]
    assert record.after is not None and record.after.stress == 5


def test_breath_phase_word_can_be_customised() -> None:
    from unwind.core.routine_file import parse_routine

    routine = parse_routine(
        'id = "w"\ntitle = "W"\n[[steps]]\nkind = "breathe"\ninhale = 4\nexhale = 8\n'
        'cycles = 1\nwords = { exhale = "Whoosh out" }\n'
    )
    assert routine.steps[0].phase_word(BreathPhase.EXHALE) == "Whoosh out"
    assert routine.steps[0].phase_word(BreathPhase.INHALE) == "Breathe in"
