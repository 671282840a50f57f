"""The player in words, in its pause, and in its sizes: what a screen reader hears, a paused
session that cannot be missed, buttons that keep their width, and a phase word that fits."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from support.fakes import FakeClock
from unwind.core.routine import PHASE_WORDS, BreathPattern, Step, StepKind
from unwind.ui.main_window import MainWindow
from unwind.ui.player.pacer import WORD_ROOM, PacerWidget
from unwind.ui.player.words import (
    FROM_BEHIND,
    FROM_THE_FRONT,
    body_map_description,
    breath_words,
    orientation,
    pacer_description,
    side_announcement,
    step_announcement,
)

KNEAD = Step(
    StepKind.MASSAGE,
    20,
    "Knead the shoulder",
    "Squeeze and release.",
    area="shoulders",
    side="each",
    technique="knead",
    pressure="medium",
)


def start_short(window: MainWindow) -> None:
    window.settings.set("safety_seen", ["short-test"])
    routine = window.library.library.get("short-test")
    assert routine is not None
    window.practice.start(routine)


def test_the_words_a_screen_reader_hears() -> None:
    assert step_announcement(KNEAD, 2, 3, "left") == (
        "Step 2 of 3: Knead the shoulder. Shoulders, left side, kneading, medium pressure. "
        "Squeeze and release. 20 s."
    )
    assert side_announcement(KNEAD, "right") == "Now the right side: shoulders."
    pattern = BreathPattern(inhale=4, exhale=6, hold_in=2)
    assert breath_words(pattern) == "Breathe in for 4 seconds, then hold for 2, then out for 6."
    assert pacer_description("Breathe in", "3", pattern).startswith(
        "Breathe in, 3 seconds left. Breathe in for 4"
    )
    assert pacer_description("Hold", "1", None) == "Hold, 1 second left."
    assert body_map_description("jaw", "left") == f"Lit: jaw, left side. {FROM_THE_FRONT}"
    assert orientation("shoulders") == FROM_BEHIND


def test_step_and_side_changes_are_announced_as_they_happen(
    window: MainWindow, qtbot: QtBot, clock: FakeClock
) -> None:
    start_short(window)
    player = window.player
    assert player.last_announcement.startswith("Step 1 of 3:")
    clock.advance(10.5)  # the breathing is over: the massage begins on the left
    player.refresh()
    assert player.last_announcement.startswith("Step 2 of 3: ")
    assert "Shoulders, left side, kneading, medium pressure." in player.last_announcement
    clock.advance(10)
    player.refresh()
    assert player.last_announcement == "Now the right side: shoulders."
    qtbot.keyClick(player, Qt.Key.Key_Right)  # a skip is told too
    assert player.last_announcement.startswith("Step 3 of 3:")
    qtbot.keyClick(player, Qt.Key.Key_Space)
    assert player.last_announcement == "Paused. Space resumes."


def test_pause_is_unmistakable_and_nothing_jumps(window: MainWindow, qtbot: QtBot) -> None:
    start_short(window)
    player = window.player
    width = player.pause_button.width()
    veil = player.stage.veil
    assert not veil.isVisible()
    qtbot.keyClick(player, Qt.Key.Key_Space)
    assert veil.isVisible() and veil.geometry() == player.stage.rect()
    assert veil.resume_button.hasFocus()
    assert veil.resume_button.height() > player.pause_button.height()
    assert player.pause_button.text() == "Resume" and player.pause_button.width() == width
    qtbot.keyClick(veil.resume_button, Qt.Key.Key_Space)
    assert not window.practice.paused and not veil.isVisible()
    assert player.pause_button.hasFocus()
    mute = player.mute_button
    wide = mute.width()
    mute.click()
    assert mute.text() == "Unmute" and mute.width() == wide


def test_one_clear_count_while_breathing(window: MainWindow, clock: FakeClock) -> None:
    start_short(window)
    player = window.player
    clock.advance(0.5)
    player.refresh()
    assert player.pacer.count == "2"  # the phase's seconds, in the circle
    assert not player.countdown.isVisible()  # no second big countdown beside it
    assert "left in this step" in player.breath_info.text()
    clock.advance(10)
    player.refresh()  # a massage step: the step's own countdown, large
    assert player.countdown.isVisible() and player.countdown.text() == "0:20"


@pytest.mark.parametrize("side", [180, 240, 420])
def test_the_longest_phase_word_fits_the_smallest_circle(qtbot: QtBot, side: int) -> None:
    pacer = PacerWidget()
    qtbot.addWidget(pacer)
    pacer.resize(side, side)
    pacer.set_phase_words(PHASE_WORDS.values())
    room = 2 * pacer.smallest_radius() * WORD_ROOM
    for word in PHASE_WORDS.values():
        assert pacer.word_width(word) <= room, (side, word)
    assert pacer.word_width("Breathe out") <= room
    # one size for the whole step: the word does not grow and shrink from phase to phase
    assert pacer.word_font().pointSizeF() >= 9
