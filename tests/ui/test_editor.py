"""The routine editor, driven by keyboard only: every field is reached with Tab, every action
has its key, and a problem is the reader's own words with its field marked."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from support.fakes import FakeClock
from unwind.cli.main import main
from unwind.core.paths import AppPaths
from unwind.core.practice import Stage
from unwind.core.routine import Routine, StepKind
from unwind.core.routine_file import load_routine_file
from unwind.journal.store import JournalStore
from unwind.ui.editor.fields import PROBLEM
from unwind.ui.editor.page import ROUTINE, EditorPage
from unwind.ui.main_window import MainWindow


@pytest.fixture
def editor(window: MainWindow, qtbot: QtBot) -> Iterator[EditorPage]:
    window.keeper.ask_on_leaving = lambda parent, can_save: "discard"  # when the test ends
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.library.focus_list()
    qtbot.keyClick(window.library.list, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    page = window.keeper.editor
    assert window.pages.currentWidget() is page
    yield page


def focused() -> QWidget | None:
    return QApplication.focusWidget()


def press(key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    widget = focused()
    assert widget is not None
    from pytestqt.qtbot import QtBot as _QtBot

    _QtBot.keyClick(widget, key, modifier)


def tab_through(count: int = 60) -> list[QWidget]:
    """The widgets Tab reaches, in order, from the one that has the focus."""
    seen: list[QWidget] = []
    for _ in range(count):
        press(Qt.Key.Key_Tab)
        widget = focused()
        if widget is not None and widget not in seen:
            seen.append(widget)
    return seen


def type_into(qtbot: QtBot, text: str) -> None:
    widget = focused()
    assert widget is not None
    qtbot.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(widget, text)


def go_to_step(editor: EditorPage, qtbot: QtBot, row: int) -> None:
    editor.steps.setFocus()
    qtbot.keyClick(editor.steps, Qt.Key.Key_Home)
    for _ in range(row):
        qtbot.keyClick(editor.steps, Qt.Key.Key_Down)
    assert editor.current == row


def test_every_routine_field_is_reached_by_tab(editor: EditorPage) -> None:
    form = editor.routine_form
    assert focused() is form.title
    reached = tab_through()
    wanted = [form.summary, *form.goals.values(), form.safety, form.sources]
    wanted += [editor.back_button, editor.details_button, editor.steps, editor.save_button]
    for widget in wanted:
        assert widget in reached, widget.accessibleName() or widget


@pytest.mark.parametrize("kind", list(StepKind))
def test_every_field_of_each_kind_of_step_is_reached_by_tab(
    editor: EditorPage, qtbot: QtBot, kind: StepKind
) -> None:
    keys = {StepKind.BREATHE: Qt.Key.Key_1, StepKind.MASSAGE: Qt.Key.Key_2}
    keys |= {StepKind.REST: Qt.Key.Key_3, StepKind.PREPARE: Qt.Key.Key_4}
    qtbot.keyClick(editor.steps, keys[kind], Qt.KeyboardModifier.ControlModifier)
    form = editor.step_form
    assert editor.draft.steps[editor.current].kind is kind
    assert focused() is form.kind
    if kind is StepKind.MASSAGE:
        qtbot.keyClick(form.with_breath, Qt.Key.Key_Space)  # shows the pattern's fields
        form.kind.setFocus()
    reached = tab_through()
    wanted: list[QWidget] = [form.title, form.instruction, form.say, editor.try_button]
    if kind is StepKind.BREATHE:
        wanted += [*form.pattern.boxes.values(), form.count_by, form.cycles]
        wanted += list(form.words.values())
    elif kind is StepKind.MASSAGE:
        wanted += [form.area, form.side, form.technique, form.pressure, form.massage_length]
        wanted += [form.with_breath, *form.massage_pattern.boxes.values()]
    else:
        wanted += [form.timed_length]
    for widget in wanted:
        assert widget in reached, widget.accessibleName() or widget


def test_a_routine_made_by_keyboard_is_saved_and_listed(
    window: MainWindow, editor: EditorPage, qtbot: QtBot, paths: AppPaths
) -> None:
    type_into(qtbot, "Evening shoulders")
    press(Qt.Key.Key_Tab)
    qtbot.keyClicks(focused(), "Loosen, then breathe.")
    press(Qt.Key.Key_Tab)
    press(Qt.Key.Key_Tab)  # to Tension
    press(Qt.Key.Key_Space)
    assert editor.draft.values["goals"] == ["tension"]

    # step 1 becomes a massage of the upper back, on each side
    go_to_step(editor, qtbot, 0)
    form = editor.step_form
    form.kind.setFocus()
    qtbot.keyClick(form.kind, Qt.Key.Key_Up)  # prepare -> rest -> massage ...
    while form.kind.currentData() != "massage":
        qtbot.keyClick(form.kind, Qt.Key.Key_Up)
    form.area.setFocus()
    while form.area.currentData() != "upper_back":
        qtbot.keyClick(form.area, Qt.Key.Key_Down)
    form.side.setFocus()
    while form.side.currentData() != "each":
        qtbot.keyClick(form.side, Qt.Key.Key_Down)
    form.massage_length.setFocus()
    type_into(qtbot, "90")
    form.instruction.setFocus()
    qtbot.keyClicks(form.instruction, "Lean the ball beside the spine, never on it.")

    # the breathing step: 4 in, 6 out, 12 breaths
    go_to_step(editor, qtbot, 1)
    form.cycles.setFocus()
    type_into(qtbot, "12")
    assert "6 breaths a minute" in form.summary.text() and "2 min" in form.summary.text()

    qtbot.keyClick(editor, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert window.pages.currentWidget() is window.library
    path = paths.routines / "evening-shoulders.toml"
    routine = load_routine_file(path)
    assert routine.title == "Evening shoulders" and routine.summary == "Loosen, then breathe."
    massage, breathe = routine.steps
    assert (massage.area, massage.side, massage.duration) == ("upper_back", "each", 90.0)
    assert massage.instruction == "Lean the ball beside the spine, never on it."
    assert breathe.cycles == 12 and breathe.duration == 120
    selected = window.library.selected()
    assert isinstance(selected, Routine) and selected.id == "evening-shoulders"


def test_a_steps_spoken_line_is_typed_checked_and_saved(
    window: MainWindow, editor: EditorPage, qtbot: QtBot, paths: AppPaths, tmp_path: Path
) -> None:
    go_to_step(editor, qtbot, 0)
    form = editor.step_form
    assert form.say.placeholderText() == "Get ready."  # the line made from the step's fields
    qtbot.keyClick(editor.steps, Qt.Key.Key_O, Qt.KeyboardModifier.AltModifier)
    assert focused() is form.say
    qtbot.keyClicks(form.say, "* * *")
    assert editor.problem_label.text().endswith(check_reason(tmp_path, editor))
    assert "Step 1, spoken line: step 1: 'say' must be" in editor.problem_label.text()
    assert form.say.property(PROBLEM) is True
    qtbot.keyClicks(form.say, " Rub your palms until they are warm.")
    assert form.say.property(PROBLEM) is False
    form.instruction.setFocus()
    qtbot.keyClicks(form.instruction, "Rub your palms together.")
    assert form.say.toPlainText() == "* * * Rub your palms until they are warm."
    qtbot.keyClick(editor, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert window.pages.currentWidget() is window.library
    prepare = load_routine_file(paths.routines / "my-routine.toml").steps[0]
    assert prepare.say == "* * * Rub your palms until they are warm."
    assert prepare.instruction == "Rub your palms together."


def test_steps_are_added_duplicated_moved_and_removed_by_their_keys(
    editor: EditorPage, qtbot: QtBot
) -> None:
    ctrl, alt = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.AltModifier
    go_to_step(editor, qtbot, 0)
    qtbot.keyClick(editor.steps, Qt.Key.Key_3, ctrl)  # a rest after step 1
    assert [s.kind for s in editor.draft.steps] == [
        StepKind.PREPARE,
        StepKind.REST,
        StepKind.BREATHE,
    ]
    qtbot.keyClick(focused(), Qt.Key.Key_D, ctrl)
    assert len(editor.draft.steps) == 4 and editor.current == 2
    qtbot.keyClick(focused(), Qt.Key.Key_Up, alt)
    assert editor.current == 1
    qtbot.keyClick(focused(), Qt.Key.Key_Down, alt)
    qtbot.keyClick(focused(), Qt.Key.Key_Down, alt)
    assert [s.kind for s in editor.draft.steps][-1] is StepKind.REST
    qtbot.keyClick(editor.steps, Qt.Key.Key_Delete)
    assert len(editor.draft.steps) == 3
    qtbot.keyClick(focused(), Qt.Key.Key_Delete, ctrl)
    assert len(editor.draft.steps) == 2
    assert editor.dirty


def test_a_step_dragged_to_another_place_moves_there(editor: EditorPage, qtbot: QtBot) -> None:
    go_to_step(editor, qtbot, 0)
    qtbot.keyClick(editor.steps, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    first = editor.draft.steps[0].key
    go_to_step(editor, qtbot, 0)
    last = editor.steps.visualItemRect(editor.steps.item(2))
    mime = editor.steps.model().mimeData([editor.steps.currentIndex()])
    assert isinstance(mime, QMimeData)
    drop = QDropEvent(
        QPointF(20, last.bottom() - 2),
        Qt.DropAction.MoveAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    editor.steps.dropEvent(drop)
    assert [s.key for s in editor.draft.steps][-1] == first
    assert editor.steps.count() == 3 and editor.current == 2
    assert editor.steps.item(2).text().startswith("3. Get ready")


def check_reason(tmp_path: Path, editor: EditorPage) -> str:
    file = tmp_path / "as-saved.toml"
    file.write_text(editor.draft.written().text, "utf-8")
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["--data-dir", str(tmp_path), "routines", "--check", str(file)]) == 2
    return out.getvalue().strip().split(": ", 1)[1]


def test_a_problem_is_shown_in_the_words_of_check_and_blocks_save(
    editor: EditorPage, qtbot: QtBot, tmp_path: Path
) -> None:
    go_to_step(editor, qtbot, 1)
    inhale = editor.step_form.pattern.boxes["inhale"]
    inhale.setFocus()
    type_into(qtbot, "0")
    reason = check_reason(tmp_path, editor)
    assert reason == "step 2 needs 'inhale' and 'exhale' above 0 seconds"
    assert editor.problem_label.text() == f"To fix before saving. Step 2, inhale: {reason}"
    assert editor.problem_bar.isVisible()
    assert not editor.save_button.isEnabled()
    assert "Step 2, inhale" in editor.save_button.toolTip()
    assert inhale.property(PROBLEM) is True
    assert "⚠" in editor.steps.item(1).text()
    assert not editor.save()

    # from elsewhere, F8 goes back to the field at fault
    editor.details_button.click()
    editor.routine_form.title.setFocus()
    qtbot.keyClick(editor.routine_form.title, Qt.Key.Key_F8)
    assert editor.current == 1 and focused() is inhale

    type_into(qtbot, "4")
    assert editor.save_button.isEnabled() and not editor.problem_bar.isVisible()
    assert inhale.property(PROBLEM) is False


def test_an_empty_title_and_a_too_long_phase(
    editor: EditorPage, qtbot: QtBot, tmp_path: Path
) -> None:
    editor.routine_form.title.setFocus()
    type_into(qtbot, "")
    qtbot.keyClick(editor.routine_form.title, Qt.Key.Key_Backspace)
    assert editor.problem_label.text().endswith(check_reason(tmp_path, editor))
    assert "Title: 'title' must be" in editor.problem_label.text()
    assert editor.routine_form.title.property(PROBLEM) is True
    type_into(qtbot, "Long breaths")
    go_to_step(editor, qtbot, 1)
    exhale = editor.step_form.pattern.boxes["exhale"]
    exhale.setFocus()
    type_into(qtbot, "75")
    assert editor.problem_label.text().endswith(check_reason(tmp_path, editor))
    assert exhale.property(PROBLEM) is True


def test_try_this_step_plays_it_alone_and_comes_back(
    window: MainWindow,
    editor: EditorPage,
    qtbot: QtBot,
    clock: FakeClock,
    journal: JournalStore,
) -> None:
    window.settings.set("checkins", True)
    go_to_step(editor, qtbot, 1)
    qtbot.keyClick(editor.steps, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    practice = window.practice
    assert practice.stage is Stage.PLAYING and practice.trial
    assert window.pages.currentWidget() is window.player
    routine = practice.routine
    assert routine is not None and len(routine.steps) == 1
    assert routine.steps[0].kind is StepKind.BREATHE
    assert window.player.step_number.text() == "Step 1 of 1"
    clock.advance(61)
    window.player.refresh()
    assert window.practice.stage is Stage.LIBRARY
    assert window.pages.currentWidget() is editor
    assert journal.sessions() == []


def test_trying_a_massage_step_shows_the_safety_notes_first(
    window: MainWindow, editor: EditorPage, qtbot: QtBot
) -> None:
    go_to_step(editor, qtbot, 1)
    qtbot.keyClick(editor.steps, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    editor.try_step()
    assert window.pages.currentWidget() is window.safety
    assert "blood clot" in window.safety.notes.text()
    qtbot.keyClick(window.safety, Qt.Key.Key_Escape)
    assert window.pages.currentWidget() is editor
    editor.try_step()
    qtbot.mouseClick(window.safety.go_button, Qt.MouseButton.LeftButton)
    assert window.pages.currentWidget() is window.player
    qtbot.keyClick(window.player, Qt.Key.Key_Escape)
    assert window.pages.currentWidget() is editor


def test_leaving_with_changes_asks_and_keep_editing_stays(
    window: MainWindow, editor: EditorPage, qtbot: QtBot
) -> None:
    asked: list[bool] = []
    answers = ["stay", "discard"]

    def ask(parent: QWidget, can_save: bool) -> str:
        asked.append(can_save)
        return answers.pop(0)

    window.keeper.ask_on_leaving = ask
    type_into(qtbot, "Changed")
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    assert window.pages.currentWidget() is editor and asked == [True]
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    assert window.pages.currentWidget() is window.library
    assert window.library.selected() is not None
    assert editor.current == ROUTINE or editor.current >= 0


def test_closing_the_window_with_changes_asks_and_saves_or_stays(
    window: MainWindow, editor: EditorPage, qtbot: QtBot, paths: AppPaths
) -> None:
    answers = ["stay", "save"]
    window.keeper.ask_on_leaving = lambda parent, can_save: answers.pop(0)
    type_into(qtbot, "Kept through closing")
    assert not window.close()
    assert window.isVisible() and editor.dirty and answers == ["save"]
    assert window.close()
    assert answers == [] and not editor.dirty
    saved = [load_routine_file(path) for path in paths.routines.glob("*.toml")]
    assert "Kept through closing" in [r.title for r in saved]


def test_the_area_is_picked_on_the_body(editor: EditorPage, qtbot: QtBot) -> None:
    qtbot.keyClick(editor.steps, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    picker = editor.step_form.picker
    assert picker.isVisible()
    target = None
    for y in range(picker.height()):
        for x in range(picker.width()):
            found = picker.area_at(QPointF(x, y))
            if found == ("lower_back", "left"):
                target = (x, y)
                break
        if target:
            break
    assert target is not None
    from PySide6.QtCore import QPoint

    qtbot.mouseClick(picker, Qt.MouseButton.LeftButton, pos=QPoint(*target))
    values = editor.draft.steps[editor.current].values
    assert values["area"] == "lower_back"
    assert editor.step_form.area.currentData() == "lower_back"


def test_typing_a_fraction_digit_by_digit(editor: EditorPage, qtbot: QtBot) -> None:
    go_to_step(editor, qtbot, 1)
    inhale = editor.step_form.pattern.boxes["inhale"]
    inhale.setFocus()
    qtbot.keyClick(inhale, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(inhale, "2.5")
    assert editor.draft.steps[1].values["inhale"] == 2.5
    assert "8 s" in editor.step_form.summary.text()  # 2.5 in + 6 out, rounded for the eye


def test_enter_presses_the_editors_focused_button(editor: EditorPage, qtbot: QtBot) -> None:
    editor.add_step(StepKind.REST)
    steps = len(editor.draft.steps)
    editor.duplicate_button.setFocus()
    qtbot.keyClick(editor.duplicate_button, Qt.Key.Key_Return)
    assert len(editor.draft.steps) == steps + 1
    editor.step_form.title.setFocus()
    qtbot.keyClick(editor.step_form.title, Qt.Key.Key_Return)  # in a field, Enter does nothing
    assert len(editor.draft.steps) == steps + 1


def test_the_breathing_preview_can_be_held_still(
    editor: EditorPage, qtbot: QtBot, clock: FakeClock
) -> None:
    editor.add_step(StepKind.BREATHE)  # 4 s in, 6 s out
    preview = editor.step_form.preview
    qtbot.waitUntil(preview.timer.isActive)
    preview.pause_button.click()
    assert not preview.timer.isActive() and preview.pause_button.text() == "Play"
    word = preview.word.text()
    clock.advance(5)
    preview.refresh()
    assert preview.word.text() == word  # held still
    width = preview.pause_button.width()
    preview.pause_button.click()
    assert preview.timer.isActive() and preview.pause_button.width() == width
    clock.advance(5)
    preview.refresh()
    assert preview.word.text() != word


def test_a_field_given_focus_on_a_small_window_is_scrolled_into_sight(
    window: MainWindow, editor: EditorPage, qtbot: QtBot
) -> None:
    window.resize(520, 320)  # the editor stacks and scrolls as one page
    qtbot.waitUntil(editor.outline_choice.isVisible)
    editor.add_step(StepKind.MASSAGE)  # the focus goes to the new step's Kind
    kind, viewport = editor.step_form.kind, editor.scroller.viewport()

    def in_sight() -> bool:
        top = kind.mapTo(viewport, kind.rect().topLeft()).y()
        return top >= 0 and top + kind.height() <= viewport.height()

    qtbot.waitUntil(in_sight)
    assert kind.hasFocus()
