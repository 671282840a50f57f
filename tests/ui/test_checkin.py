from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from journal.records import record
from support.fakes import FakeClock
from unwind.journal.exchange import read_export, write_json
from unwind.journal.models import CheckIn, Ending
from unwind.journal.store import JournalStore
from unwind.ui.journal.edit_dialog import EditSessionDialog
from unwind.ui.main_window import MainWindow
from unwind.ui.note_limit import NOTE_LIMIT
from unwind.ui.scales import AffectGrid, StressScale
from unwind.ui.theme import LIGHT
from unwind.ui.widgets import KEY_GUARD_SECONDS


def start(window: MainWindow) -> None:
    window.settings.set("checkins", True)
    window.settings.set("safety_seen", ["short-test"])
    routine = window.library.library.get("short-test")
    assert routine is not None
    window.practice.start(routine)


def play_for(window: MainWindow, qtbot: QtBot, clock: FakeClock, seconds: float) -> None:
    """Starts the short routine, skips the check-in before and plays for that long."""
    start(window)
    qtbot.keyClick(window.checkin, Qt.Key.Key_Escape)
    clock.advance(seconds)
    window.player.refresh()


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
    qtbot.keyClick(grid, Qt.Key.Key_Down)  # an arrow never answers an empty grid
    assert grid.value() is None
    qtbot.keyClick(grid, Qt.Key.Key_Space)  # Space places the dot in the middle
    assert grid.value() == (5, 5)
    qtbot.keyClick(grid, Qt.Key.Key_Down)
    qtbot.keyClick(grid, Qt.Key.Key_Left)
    assert grid.value() == (4, 4)


def test_stress_scale_arrows_never_answer_an_unanswered_scale(qtbot: QtBot) -> None:
    scale = StressScale(LIGHT)
    qtbot.addWidget(scale)
    for key in (Qt.Key.Key_Right, Qt.Key.Key_Left, Qt.Key.Key_Up, Qt.Key.Key_Down):
        qtbot.keyClick(scale, key)
    assert scale.value() is None
    qtbot.mouseClick(scale, Qt.MouseButton.LeftButton, pos=scale._cell(2).center().toPoint())
    qtbot.keyClick(scale, Qt.Key.Key_Up)
    assert scale.value() == 3


def test_before_checkin_records_each_answer_at_once(
    window: MainWindow, qtbot: QtBot, clock: FakeClock, journal: JournalStore
) -> None:
    start(window)
    assert window.pages.currentWidget() is window.checkin
    [record] = journal.sessions()
    assert (record.routine_id, record.planned_seconds, record.ending) == (
        "short-test",
        120.0,
        Ending.RUNNING,
    )
    assert record.started_at == clock.now()
    qtbot.keyClick(window.checkin.form.stress, Qt.Key.Key_6)
    assert journal.sessions()[0].before == CheckIn(stress=6)
    qtbot.keyClick(window.checkin.form.grid, Qt.Key.Key_Space)
    qtbot.keyClick(window.checkin.form.grid, Qt.Key.Key_Up)
    assert journal.sessions()[0].before == CheckIn(stress=6, valence=5, arousal=6)
    qtbot.keyClick(window.checkin, Qt.Key.Key_Return)
    assert window.pages.currentWidget() is window.player


def test_a_second_enter_from_the_library_does_not_skip_the_check_in(
    window: MainWindow, qtbot: QtBot, clock: FakeClock
) -> None:
    window.settings.set("checkins", True)
    window.settings.set("safety_seen", ["short-test"])
    window.library.select_routine("short-test")
    qtbot.keyClick(window.library.list, Qt.Key.Key_Return)
    assert window.pages.currentWidget() is window.checkin
    qtbot.keyClick(window.checkin, Qt.Key.Key_Return)  # one Enter too many
    assert window.pages.currentWidget() is window.checkin
    clock.advance(KEY_GUARD_SECONDS)
    qtbot.keyClick(window.checkin, Qt.Key.Key_Return)  # a deliberate one, later
    assert window.pages.currentWidget() is window.player


def test_skipping_is_one_key_and_stores_nothing(
    window: MainWindow, qtbot: QtBot, journal: JournalStore
) -> None:
    start(window)
    qtbot.keyClick(window.checkin, Qt.Key.Key_Escape)
    assert window.pages.currentWidget() is window.player
    assert journal.sessions()[0].before is None


def test_back_from_the_checkin_leaves_no_entry(window: MainWindow, journal: JournalStore) -> None:
    start(window)
    assert journal.count() == 1
    window.checkin.back_button.click()
    assert journal.count() == 0
    assert window.pages.currentWidget() is window.library


def test_after_checkin_note_and_early_end_are_recorded(
    window: MainWindow, qtbot: QtBot, clock: FakeClock, journal: JournalStore
) -> None:
    play_for(window, qtbot, clock, 12)
    running = journal.sessions()[0]
    assert running.ending is Ending.RUNNING
    assert running.practised_seconds == 12  # kept on disk as the step change is seen
    window.player.request_stop()
    ended = journal.sessions()[0]
    assert (ended.ending, ended.practised_seconds, ended.completed_seconds) == (
        Ending.STOPPED,
        12,
        12,
    )
    form = window.finish.form
    assert window.pages.currentWidget() is window.finish and window.finish.checkin_frame.isVisible()
    qtbot.keyClick(form.stress, Qt.Key.Key_3)
    form.area_buttons["neck"].click()
    assert journal.sessions()[0].after == CheckIn(stress=3, tension_areas=("neck",))
    qtbot.keyClicks(form.note, "Shoulders softer")
    with qtbot.waitSignal(form.note_changed, timeout=2000):
        pass  # the draft is saved shortly after typing stops
    assert journal.sessions()[0].note == "Shoulders softer"
    form.tags.setText("evening, desk")
    qtbot.keyClick(form.tags, Qt.Key.Key_Return)
    assert journal.sessions()[0].after == CheckIn(
        stress=3, tension_areas=("neck",), tags=("evening", "desk")
    )
    assert window.pages.currentWidget() is window.library  # Enter in tags finishes


def test_closing_flushes_a_note_draft(
    window: MainWindow, qtbot: QtBot, clock: FakeClock, journal: JournalStore
) -> None:
    play_for(window, qtbot, clock, 200)
    qtbot.keyClicks(window.finish.form.note, "half a thought")
    window.close()
    assert journal.sessions()[0].note == "half a thought"


def test_a_note_draft_stays_with_its_own_session(
    window: MainWindow, qtbot: QtBot, clock: FakeClock, journal: JournalStore
) -> None:
    """Typed after one session, the draft is saved there, not into the next one."""
    play_for(window, qtbot, clock, 200)
    first = window.practice.uid
    assert first is not None
    qtbot.keyClicks(window.finish.form.note, "about the first")
    window.finish.again_button.click()  # the draft is still waiting for its timer
    qtbot.keyClick(window.checkin, Qt.Key.Key_Escape)
    clock.advance(20)
    window.close()  # mid-session, with the first session's draft long typed
    notes = {record.uid: record.note for record in journal.sessions()}
    assert notes[first] == "about the first"
    assert sorted(notes.values()) == ["", "about the first"]


def lines(length: int) -> str:
    """A long note as people write them, in lines (one line of 100,000 letters takes Qt's
    layout seconds a key)."""
    return ("a" * 79 + "\n") * (length // 80) + "a" * (length % 80)


def test_the_note_box_holds_what_an_import_takes_and_says_when_it_is_full(
    window: MainWindow, qtbot: QtBot, clock: FakeClock, journal: JournalStore, tmp_path: Path
) -> None:
    play_for(window, qtbot, clock, 200)
    form = window.finish.form
    assert not form.note_full.isVisible()
    form.note.insertPlainText(lines(NOTE_LIMIT - 3))
    qtbot.keyClicks(form.note, "bcdef")  # two letters too many
    assert form.note.toPlainText() == lines(NOTE_LIMIT - 3) + "bcd"
    assert form.note_full.isVisible()
    assert "100,000 characters" in form.note_full.text()
    cursor = form.note.textCursor()
    cursor.setPosition(10)
    form.note.setTextCursor(cursor)
    form.note.insertPlainText("XYZ")  # a paste in the middle: only it is cut
    assert form.note.toPlainText() == lines(NOTE_LIMIT - 3) + "bcd"
    qtbot.keyClick(form.note, Qt.Key.Key_Backspace)
    assert not form.note_full.isVisible()
    form.note.insertPlainText("😀")  # one character for Python, two for Qt
    assert len(form.note.toPlainText()) == NOTE_LIMIT and form.note_full.isVisible()
    window.close()

    [saved] = journal.sessions()
    assert len(saved.note) == NOTE_LIMIT
    exported = tmp_path / "export.json"
    with exported.open("w", encoding="utf-8") as out:
        write_json([saved], out, clock.now())
    [back] = read_export(exported)  # the journal's own export imports again
    assert back.note == saved.note


def test_tags_are_kept_to_what_an_import_takes(
    window: MainWindow, qtbot: QtBot, clock: FakeClock, journal: JournalStore, tmp_path: Path
) -> None:
    play_for(window, qtbot, clock, 200)
    form = window.finish.form
    typed = ", ".join([" desk ", "desk", "x" * 150] + [f"tag {n}" for n in range(60)])
    form.tags.setText(typed)
    qtbot.keyClick(form.tags, Qt.Key.Key_Return)
    [saved] = journal.sessions()
    assert saved.after is not None
    tags = saved.after.tags
    assert tags[:3] == ("desk", "x" * 100, "tag 0") and len(tags) == 50
    exported = tmp_path / "export.json"
    with exported.open("w", encoding="utf-8") as out:
        write_json([saved], out, clock.now())
    [back] = read_export(exported)  # the journal's own export imports again
    assert back.after == saved.after


def test_the_note_box_of_the_edit_dialog_is_held_to_the_same_length(qtbot: QtBot) -> None:
    dialog = EditSessionDialog(record("a" * 32))
    qtbot.addWidget(dialog)
    dialog.note.insertPlainText(lines(NOTE_LIMIT + 50))
    assert dialog.note.toPlainText() == lines(NOTE_LIMIT)
    assert not dialog.note_full.isHidden()
    assert dialog.values()[2] == lines(NOTE_LIMIT).strip()
