from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from support.fakes import FakeClock, RecordingAudio
from unwind.audio.cues import CueSound
from unwind.core.routine import BreathPhase
from unwind.core.session import SessionOutcome, SessionStatus
from unwind.ui.main_window import MainWindow


def status(window: MainWindow) -> SessionStatus:
    assert window.player.session is not None
    return window.player.session.status


def start_short(window: MainWindow) -> None:
    window.settings.set("safety_seen", ["short-test"])
    routine = window.library.library.get("short-test")
    assert routine is not None
    window.begin(routine)


def test_breathing_step_animates_the_pacer(window: MainWindow, clock: FakeClock) -> None:
    start_short(window)
    player = window.player
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


def test_space_pauses_and_resumes(window: MainWindow, qtbot: QtBot, clock: FakeClock) -> None:
    start_short(window)
    player = window.player
    qtbot.keyClick(player, Qt.Key.Key_Space)
    assert player.session is not None and player.session.status is SessionStatus.PAUSED
    assert ("pause", None) in window.audio.calls  # type: ignore[attr-defined]
    assert not player.frame_timer.isActive() and not player.cue_timer.isActive()
    clock.advance(100)
    qtbot.keyClick(player, Qt.Key.Key_Space)
    assert status(window) is SessionStatus.RUNNING
    assert player.session.elapsed() == 0


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
    start_short(window)
    player = window.player
    for _ in range(130):
        clock.advance(1)
        player.refresh()
        if player.session is not None and not player.session.is_active:
            break
    assert audio.cues[0] is CueSound.CHIME
    assert audio.cues.count(CueSound.INHALE) == 2 and audio.cues.count(CueSound.EXHALE) == 2
    assert CueSound.CHIME_SOFT in audio.cues  # switch sides
    assert audio.cues[-1] is CueSound.FINISH
    assert audio.ambient is None  # faded out at the end


def test_finishing_shows_the_finish_page_and_reports_the_outcome(
    window: MainWindow, qtbot: QtBot, clock: FakeClock
) -> None:
    start_short(window)
    clock.advance(200)
    with qtbot.waitSignal(window.session_ended) as blocker:
        window.player.refresh()
    outcome = blocker.args[0]
    assert isinstance(outcome, SessionOutcome)
    assert outcome.completed and outcome.seconds_completed == 120
    assert window.pages.currentWidget() is window.finish
    assert window.finish.heading.text() == "Well done"


def test_escape_early_stops_without_asking(
    window: MainWindow, qtbot: QtBot, clock: FakeClock
) -> None:
    start_short(window)
    clock.advance(5)
    with qtbot.waitSignal(window.session_ended) as blocker:
        qtbot.keyClick(window.player, Qt.Key.Key_Escape)
    assert blocker.args[0].how is SessionStatus.STOPPED
    assert window.finish.heading.text() == "Session ended"


@pytest.mark.parametrize(("answer", "ends"), [("No", False), ("Yes", True)])
def test_escape_after_a_minute_asks_first(
    window: MainWindow,
    qtbot: QtBot,
    clock: FakeClock,
    monkeypatch: pytest.MonkeyPatch,
    answer: str,
    ends: bool,
) -> None:
    asked: list[str] = []

    def fake_question(*args: object, **kwargs: object) -> QMessageBox.StandardButton:
        asked.append(str(args[1]))
        return getattr(QMessageBox.StandardButton, answer)  # type: ignore[no-any-return]

    monkeypatch.setattr(QMessageBox, "question", fake_question)
    start_short(window)
    clock.advance(70)
    window.player.refresh()
    qtbot.keyClick(window.player, Qt.Key.Key_Escape)
    assert asked == ["End this session?"]
    session = window.player.session
    assert session is not None
    assert (session.status is SessionStatus.STOPPED) is ends
    if not ends:
        assert session.status is SessionStatus.RUNNING


def test_mute_key_and_soundscape_are_remembered(
    window: MainWindow, qtbot: QtBot, audio: RecordingAudio
) -> None:
    start_short(window)
    qtbot.keyClick(window.player, Qt.Key.Key_M)
    assert audio.muted and window.settings.get("muted") is True
    window.player.soundscape.setCurrentIndex(window.player.soundscape.findData("ocean"))
    assert window.settings.get("soundscape") == "ocean"
    assert audio.ambient == "ocean"


def test_breath_phase_word_can_be_customised() -> None:
    from unwind.core.routine_file import parse_routine

    routine = parse_routine(
        'id = "w"\ntitle = "W"\n[[steps]]\nkind = "breathe"\ninhale = 4\nexhale = 8\n'
        'cycles = 1\nwords = { exhale = "Whoosh out" }\n'
    )
    assert routine.steps[0].phase_word(BreathPhase.EXHALE) == "Whoosh out"
    assert routine.steps[0].phase_word(BreathPhase.INHALE) == "Breathe in"
