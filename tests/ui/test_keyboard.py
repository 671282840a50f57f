"""Unwind with the keyboard alone: Enter on every page, arrows that belong to the control with
focus, focus that comes back where it was, and a Tab walk through every page in which each
stop is visible, named, and looks different while it has focus."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QWidget,
)
from pytestqt.qtbot import QtBot

from support.fakes import FakeClock
from support.tour import build_window, tour
from unwind.core.routine import StepKind
from unwind.journal.store import JournalStore
from unwind.ui.main_window import MainWindow
from unwind.ui.theme import LIGHT
from unwind.ui.widgets import KEY_GUARD_SECONDS


def routine_id(window: MainWindow) -> str | None:
    routine = window.practice.routine
    return None if routine is None else routine.id


def test_enter_goes_on_from_the_safety_page_but_not_the_enter_that_opened_it(
    window: MainWindow, qtbot: QtBot, clock: FakeClock
) -> None:
    window.library.select_routine("short-test")
    qtbot.keyClick(window.library.list, Qt.Key.Key_Return)
    assert window.pages.currentWidget() is window.safety
    qtbot.keyClick(window.safety.go_button, Qt.Key.Key_Return)  # one Enter too many
    assert window.pages.currentWidget() is window.safety
    clock.advance(KEY_GUARD_SECONDS)
    qtbot.keyClick(window.safety.go_button, Qt.Key.Key_Return)
    assert window.pages.currentWidget() is window.player
    assert routine_id(window) == "short-test"


def test_enter_closes_the_general_safety_guidance(window: MainWindow, qtbot: QtBot) -> None:
    window.show_safety(None)
    assert window.safety.go_button.hasFocus()
    qtbot.keyClick(window.safety, Qt.Key.Key_Enter)
    assert window.pages.currentWidget() is window.library


def test_enter_presses_the_button_that_has_focus(
    window: MainWindow, qtbot: QtBot, clock: FakeClock
) -> None:
    window.settings.set("safety_seen", ["short-test"])
    routine = window.library.library.get("short-test")
    assert routine is not None
    window.practice.start(routine)
    clock.advance(5)
    window.practice.stop()
    finish = window.finish
    finish.again_button.setFocus()
    clock.advance(KEY_GUARD_SECONDS)
    qtbot.keyClick(finish.again_button, Qt.Key.Key_Return)
    assert window.practice.playing  # "Do it again", not Done
    window.practice.stop()
    finish.library_button.setFocus()
    qtbot.keyClick(finish.library_button, Qt.Key.Key_Return)
    assert window.pages.currentWidget() is window.library


def test_a_letter_goes_to_a_focused_drop_down_list_and_not_to_its_shortcut(
    window: MainWindow, qtbot: QtBot
) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.keeper.new_routine()
    editor = window.keeper.editor
    editor.add_step(StepKind.BREATHE)
    kind = editor.step_form.kind
    qtbot.waitUntil(kind.hasFocus)
    qtbot.keyClick(kind, Qt.Key.Key_M)  # M picks Massage; it is also the mute key
    assert kind.currentText() == "Massage"
    assert not window.settings.flag("muted")
    editor.back_button.setFocus()
    qtbot.keyClick(editor.back_button, Qt.Key.Key_M)
    assert window.settings.flag("muted")
    editor.dirty = False


def test_arrows_move_a_focused_slider_and_never_skip(
    window: MainWindow, qtbot: QtBot, clock: FakeClock
) -> None:
    window.settings.set("safety_seen", ["short-test"])
    routine = window.library.library.get("short-test")
    assert routine is not None
    window.practice.start(routine)
    player = window.player
    volume = player.ambient_volume
    volume.setFocus()
    start = volume.value()
    for _ in range(3):
        clock.advance(1)
        qtbot.keyClick(volume, Qt.Key.Key_Right)
    assert volume.value() == start + 3
    qtbot.keyClick(volume, Qt.Key.Key_Left)
    assert volume.value() == start + 2
    assert player.step_number.text() == "Step 1 of 3" and window.practice.playing
    player.tones.setFocus()
    on = player.tones.isChecked()
    qtbot.keyClick(player.tones, Qt.Key.Key_Space)
    assert player.tones.isChecked() is not on
    assert not window.practice.paused  # Space was the switch's
    player.pause_button.setFocus()
    qtbot.keyClick(player.pause_button, Qt.Key.Key_Right)  # a button leaves the arrows to us
    assert player.step_number.text() == "Step 2 of 3"


def test_focus_comes_back_to_the_row_after_the_editor(
    window: MainWindow, qtbot: QtBot, clock: FakeClock, journal: JournalStore
) -> None:
    window.settings.set("safety_seen", ["short-test"])
    routine = window.library.library.get("short-test")
    assert routine is not None
    for _ in range(3):
        window.practice.start(routine)
        clock.advance(30)
        window.practice.stop()
        window.practice.leave()
    window.show_journal()
    history = window.history
    assert history is not None
    history.select_row(1)
    chosen = history.selected()
    assert chosen is not None
    qtbot.keyClick(history.table, Qt.Key.Key_Return)
    dialog = history.edit_dialog
    assert dialog is not None
    dialog.activateWindow()  # as a window manager does with a new dialog
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert history.edit_dialog is None
    qtbot.waitUntil(history.table.hasFocus)
    assert history.selected() == chosen
    qtbot.keyClick(history.table, Qt.Key.Key_Delete)
    assert journal.session(chosen.uid) is None


# --- the Tab walk ---------------------------------------------------------------------------


def name_of(widget: QWidget) -> str:
    if widget.accessibleName():
        return widget.accessibleName()
    if isinstance(widget, QAbstractButton):
        return widget.text().strip()
    if isinstance(widget, QComboBox):
        return widget.currentText()
    return ""


def in_sight(widget: QWidget) -> bool:
    """Some of the widget is inside its window and inside every scroll area around it."""
    window = widget.window()
    rect = widget.rect().translated(widget.mapTo(window, widget.rect().topLeft()))
    parent = widget.parentWidget()
    visible = rect
    while parent is not None and parent is not window:
        clip = parent.rect().translated(parent.mapTo(window, parent.rect().topLeft()))
        visible = visible.intersected(clip)
        parent = parent.parentWidget()
    return visible.intersected(window.rect()).height() >= min(rect.height(), 12)


def walk(page: QWidget, limit: int = 60) -> list[tuple[QWidget, bool, bool]]:
    """Tabs from the focused control until the focus comes round again; for each stop, whether
    it was in sight with focus, and whether it looked different once focus moved on."""
    first = QApplication.focusWidget()
    if first is None or (not page.isAncestorOf(first) and first is not page):
        page.focusNextChild()
        first = QApplication.focusWidget()
    assert first is not None
    stops: list[tuple[QWidget, bool, bool]] = []
    current = first
    for _ in range(limit):
        QApplication.processEvents()
        focused, seen = current.grab().toImage(), in_sight(current)
        QTest.keyClick(current, Qt.Key.Key_Tab)
        following = QApplication.focusWidget()
        assert following is not None
        changed = following is current or current.grab().toImage() != focused
        stops.append((current, seen, changed))
        if following is first:
            break
        current = following
    return stops


def test_tab_reaches_every_control_and_each_shows_focus_and_has_a_name(
    qapp: QApplication, qtbot: QtBot, tmp_path: Path
) -> None:
    rig = build_window(tmp_path, LIGHT)
    window = rig.window
    window.resize(1280, 720)
    window.show()
    qtbot.waitExposed(window)
    problems: list[str] = []
    walked = 0
    try:
        for name, page in tour(rig):
            root: QWidget = page if page.isWindow() else window
            root.activateWindow()
            qtbot.waitUntil(lambda: QApplication.activeWindow() is root)  # noqa: B023
            stops = walk(page)
            walked += len(stops)
            for stop, seen, changed in stops:
                label = f"{name}: {type(stop).__name__} '{name_of(stop)}'"
                if not page.isAncestorOf(stop) and stop is not page:
                    problems.append(f"{label} is outside the page")
                if not name_of(stop):
                    problems.append(f"{label} has no name")
                if not seen:
                    problems.append(f"{label} is out of sight while it has focus")
                if not changed:
                    problems.append(f"{label} looks the same with and without focus")
    finally:
        rig.close()
    assert walked > 60
    assert problems == [], "\n".join(problems)
