from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from unwind.core.routine import BrokenRoutine, Routine
from unwind.ui.main_window import MainWindow


def entries(window: MainWindow) -> list[Routine | BrokenRoutine]:
    return window.library.visible_entries()


def test_library_lists_builtins_and_custom_sorted_by_length(window: MainWindow) -> None:
    routines = [e for e in entries(window) if isinstance(e, Routine)]
    ids = [r.id for r in routines]
    assert "short-test" in ids and "calm-5-5" in ids
    lengths = [r.duration for r in routines]
    assert lengths == sorted(lengths)
    assert window.library.list.count() == len(entries(window))


def test_suggested_routine_is_selected_and_space_starts_it(
    window: MainWindow, qtbot: QtBot
) -> None:
    selected = window.library.selected()
    assert isinstance(selected, Routine) and selected.id == "calm-5-5"
    qtbot.keyClick(window.library.list, Qt.Key.Key_Space)
    assert window.pages.currentWidget() is window.player
    assert window.practice.routine is not None and window.practice.routine.id == "calm-5-5"


def test_goal_chip_filters(window: MainWindow, qtbot: QtBot) -> None:
    sleep = next(b for b in window.library.goal_buttons.buttons() if b.property("goal") == "sleep")
    qtbot.mouseClick(sleep, Qt.MouseButton.LeftButton)
    shown = entries(window)
    assert shown and all(isinstance(e, Routine) and "sleep" in e.goals for e in shown)


def test_length_filter(window: MainWindow) -> None:
    window.library.length_box.setCurrentIndex(1)  # up to 5 minutes
    assert all(isinstance(e, Routine) and e.duration <= 301 for e in entries(window))


def test_broken_custom_file_is_listed_with_its_reason(
    qtbot: QtBot, window: MainWindow, paths: object, tmp_path: Path
) -> None:
    from unwind.core.library import RoutineLibrary
    from unwind.ui.library import LibraryPage
    from unwind.ui.theme import LIGHT

    folder = tmp_path / "more"
    folder.mkdir()
    (folder / "oops.toml").write_text('id = "oops"\ntitle = "Oops"\n', "utf-8")
    page = LibraryPage(RoutineLibrary.load(folder), LIGHT, str(folder))
    qtbot.addWidget(page)
    broken = [e for e in page.visible_entries() if isinstance(e, BrokenRoutine)]
    assert [b.path.name for b in broken] == ["oops.toml"]
    page.list.setCurrentRow(page.list.count() - 1)
    assert "at least one [[steps]]" in page.detail.summary.text()
    assert not page.detail.start_button.isEnabled()


def test_massage_routine_shows_safety_first_then_starts(window: MainWindow, qtbot: QtBot) -> None:
    assert window.library.select_routine("short-test")
    qtbot.keyClick(window.library.list, Qt.Key.Key_Return)
    assert window.pages.currentWidget() is window.safety
    assert "blood clot" in window.safety.notes.text()
    qtbot.mouseClick(window.safety.go_button, Qt.MouseButton.LeftButton)
    assert window.pages.currentWidget() is window.player
    assert "short-test" in window.settings.get("safety_seen")
    window.practice.stop()
    window.show_library()
    qtbot.keyClick(window.library.list, Qt.Key.Key_Return)
    assert window.pages.currentWidget() is window.player  # shown once, not every time


def test_safety_guidance_is_reachable_from_the_library(window: MainWindow) -> None:
    window.library.safety_requested.emit(None)
    assert window.pages.currentWidget() is window.safety
    assert "massage therapist" in window.safety.notes.text()


def test_idle_library_runs_no_timers(window: MainWindow, qtbot: QtBot) -> None:
    from PySide6.QtCore import QTimer

    window.settings.set("safety_seen", ["short-test"])
    window.library.select_routine("short-test")
    qtbot.keyClick(window.library.list, Qt.Key.Key_Return)
    window.practice.stop()
    window.show_library()
    active = [t for t in window.findChildren(QTimer) if t.isActive()]
    assert active == []


def test_notice_bar_shows_each_message_once(window: MainWindow) -> None:
    window.show_notice("No sound device could be opened.")
    window.show_notice("No sound device could be opened.")
    assert window.notice.isVisible()
    assert window.notice.label.text() == "No sound device could be opened."


def test_journal_opens_from_the_library_and_esc_returns(window: MainWindow, qtbot: QtBot) -> None:
    qtbot.keyClick(window.library.list, Qt.Key.Key_J)
    assert window.history is not None
    assert window.pages.currentWidget() is window.history
    qtbot.keyClick(window.history, Qt.Key.Key_Escape)
    assert window.pages.currentWidget() is window.library


def test_an_empty_filter_offers_to_clear_the_filters(window: MainWindow, qtbot: QtBot) -> None:
    library = window.library
    quick = next(b for b in library.goal_buttons.buttons() if b.property("goal") == "quick_break")
    quick.click()
    library.length_box.setCurrentIndex(library.length_box.count() - 1)  # over 10 min
    assert library.visible_entries() == []
    detail = library.detail
    assert detail.clear_button.isVisible() and not detail.start_button.isVisible()
    assert detail.title.text() == "No routines here"
    qtbot.mouseClick(detail.clear_button, Qt.MouseButton.LeftButton)
    assert len(library.visible_entries()) == library.list.count() > 3
    assert library.length_box.currentIndex() == 0
    assert not detail.clear_button.isVisible() and library.list.hasFocus()


def test_a_tenth_step_keeps_its_number_whole(window: MainWindow) -> None:
    from PySide6.QtGui import QColor

    window.resize(1280, 720)
    assert window.library.select_routine("neck-and-shoulders")
    steps = window.library.detail.steps
    assert "10." in steps.text() and "margin-left:-" not in steps.text()
    image = steps.grab().toImage()
    background = image.pixelColor(image.width() - 1, 0)

    def ink(x: int) -> bool:
        return any(
            abs(image.pixelColor(x, y).lightness() - background.lightness()) > 60
            for y in range(image.height())
        )

    assert not ink(0) and not ink(1)  # nothing of a number is cut at the left edge
    assert any(ink(x) for x in range(2, 30))
    assert isinstance(background, QColor)
