from __future__ import annotations

from typing import cast

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from support.fakes import FakeClock, RecordingJournal
from unwind.journal.models import CheckIn, Ending, Moment
from unwind.journal.store import JournalStore
from unwind.ui.checkin import AffectGrid, StressScale
from unwind.ui.main_window import MainWindow
from unwind.ui.theme import LIGHT


def with_journal(window: MainWindow) -> RecordingJournal:
    journal = RecordingJournal()
    window.journal = cast(JournalStore, journal)
    window.settings.set("checkins", True)
    window.settings.set("safety_seen", ["short-test"])
    return journal


def start(window: MainWindow) -> None:
    routine = window.library.library.get("short-test")
    assert routine is not None
    window.begin(routine)


def test_stress_scale_takes_digits_and_arrows(qtbot: QtBot) -> None:
    scale = StressScale(LIGHT)
    qtbot.addWidget(scale)
    assert scale.value() is None
    with qtbot.waitSignal(scale.changed) as blocker:
        qtbot.keyClick(scale, Qt.Key.Key_7)
    assert blocker.args == [7]
    qtbot.keyClick(scale, Qt.Key.Key_Right)
    qtbot.keyClick(scale, Qt.Key.Key_Right)
    qtbot.keyClick(scale, Qt.Key.Key_Right)
    assert scale.value() == 10  # held at the top
    qtbot.keyClick(scale, Qt.Key.Key_0)
    assert scale.value() == 0


def test_stress_scale_click_picks_the_cell(qtbot: QtBot) -> None:
    scale = StressScale(LIGHT)
    qtbot.addWidget(scale)
    scale.resize(440, 46)
    cell = scale._cell(3)
    qtbot.mouseClick(scale, Qt.MouseButton.LeftButton, pos=cell.center().toPoint())
    assert scale.value() == 3


def test_affect_grid_maps_clicks_and_keys(qtbot: QtBot) -> None:
    grid = AffectGrid(LIGHT)
    qtbot.addWidget(grid)
    grid.resize(270, 270)
    square = grid._square()
    cell = square.width() / 9
    top_right = square.topRight().toPoint()
    qtbot.mouseClick(
        grid,
        Qt.MouseButton.LeftButton,
        pos=top_right + type(top_right)(int(-cell / 2), int(cell / 2)),
    )
    assert grid.value() == (9, 9)  # most pleasant, most energy
    grid.set_value(None, notify=False)
    qtbot.keyClick(grid, Qt.Key.Key_Down)  # first press lands in the middle
    assert grid.value() == (5, 5)
    qtbot.keyClick(grid, Qt.Key.Key_Down)
    qtbot.keyClick(grid, Qt.Key.Key_Left)
    assert grid.value() == (4, 4)


def test_before_checkin_records_each_answer_at_once(
    window: MainWindow, qtbot: QtBot, clock: FakeClock
) -> None:
    journal = with_journal(window)
    start(window)
    assert window.pages.currentWidget() is window.checkin
    assert journal.of("begin") == [("uid1", "short-test", 120.0)]
    qtbot.keyClick(window.checkin.form.stress, Qt.Key.Key_6)
    assert journal.of("checkin")[-1] == ("uid1", Moment.BEFORE, CheckIn(stress=6))
    qtbot.keyClick(window.checkin.form.grid, Qt.Key.Key_Up)
    assert journal.of("checkin")[-1] == (
        "uid1",
        Moment.BEFORE,
        CheckIn(stress=6, valence=5, arousal=5),
    )
    qtbot.keyClick(window.checkin, Qt.Key.Key_Return)
    assert window.pages.currentWidget() is window.player


def test_skipping_is_one_key_and_stores_nothing(window: MainWindow, qtbot: QtBot) -> None:
    journal = with_journal(window)
    start(window)
    qtbot.keyClick(window.checkin, Qt.Key.Key_Escape)
    assert window.pages.currentWidget() is window.player
    assert journal.of("checkin") == []


def test_back_from_the_checkin_leaves_no_entry(window: MainWindow) -> None:
    journal = with_journal(window)
    start(window)
    window.checkin.back_button.click()
    assert journal.deleted == ["uid1"]
    assert window.pages.currentWidget() is window.library


def test_after_checkin_note_and_early_end_are_recorded(
    window: MainWindow, qtbot: QtBot, clock: FakeClock
) -> None:
    journal = with_journal(window)
    start(window)
    qtbot.keyClick(window.checkin, Qt.Key.Key_Escape)
    clock.advance(12)
    window.player.refresh()
    window.player.stop()
    ends = journal.of("end")
    assert ends[-1] == ("uid1", 12.0, Ending.STOPPED)
    progress = [e for e in ends[:-1] if isinstance(e, tuple) and e[2] is Ending.RUNNING]
    assert progress  # the seconds done are kept on disk at each step change
    form = window.finish.form
    assert window.pages.currentWidget() is window.finish and window.finish.checkin_frame.isVisible()
    qtbot.keyClick(form.stress, Qt.Key.Key_3)
    form.area_buttons["neck"].click()
    assert journal.of("checkin")[-1] == (
        "uid1",
        Moment.AFTER,
        CheckIn(stress=3, tension_areas=("neck",)),
    )
    qtbot.keyClicks(form.note, "Shoulders softer")
    with qtbot.waitSignal(form.note_changed, timeout=2000):
        pass  # the draft is saved shortly after typing stops
    assert journal.of("note")[-1] == ("uid1", "Shoulders softer")
    form.tags.setText("evening, desk")
    qtbot.keyClick(form.tags, Qt.Key.Key_Return)
    checkin = journal.of("checkin")[-1]
    assert checkin == (
        "uid1",
        Moment.AFTER,
        CheckIn(stress=3, tension_areas=("neck",), tags=("evening", "desk")),
    )
    assert window.pages.currentWidget() is window.library  # Enter in tags finishes


def test_closing_flushes_a_note_draft(window: MainWindow, qtbot: QtBot, clock: FakeClock) -> None:
    journal = with_journal(window)
    start(window)
    qtbot.keyClick(window.checkin, Qt.Key.Key_Escape)
    clock.advance(200)
    window.player.refresh()
    qtbot.keyClicks(window.finish.form.note, "half a thought")
    window.close()
    assert journal.of("note")[-1] == ("uid1", "half a thought")
