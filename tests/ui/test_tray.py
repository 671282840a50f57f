"""The tray's menu, filled as it opens: the suggested routine, the most used, pausing the
reminders, opening the window and quitting; and reminders told in the window where the
desktop has neither a tray nor a notification server."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import time, timedelta

import pytest
from PySide6.QtGui import QAction, QIcon
from PySide6.QtWidgets import QApplication, QMenu

from support.fakes import BERLIN, FakeClock
from ui.test_companion import make_companion, reminder_due
from unwind.core.paths import AppPaths
from unwind.core.practice import Practice, Stage
from unwind.core.settings import Settings
from unwind.ui.companion import Companion, DesktopPorts
from unwind.ui.library import ENTRY_ROLE
from unwind.ui.main_window import MainWindow
from unwind.ui.tray import Tray

MOST_USED = ["box-breathing", "short-test", "quiet-rest", "box-breathing", "gone-routine"]


@pytest.fixture
def companion(
    window: MainWindow, practice: Practice, settings: Settings, clock: FakeClock, paths: AppPaths
) -> Iterator[Companion]:
    settings.set("reminders", True)
    settings.set("reminder_times", ["10:30"])  # the fake clock starts on a Monday at 10:00
    settings.set("reminder_routine", "short-test")
    settings.set("safety_seen", ["short-test"])
    made = make_companion(window, practice, clock, paths, DesktopPorts(), recent=MOST_USED)
    yield made
    made.close()


@pytest.fixture
def tray(companion: Companion, clock: FakeClock) -> Tray:
    """The tray as a desktop with one shows it (offscreen Qt has none)."""
    return Tray(QIcon(), companion.tray_commands(), BERLIN, clock)


def items(tray: Tray) -> list[str]:
    """The menu as it opens: its items, sections in brackets, a line for a separator."""
    tray.menu.aboutToShow.emit()
    shown = []
    for action in tray.menu.actions():
        if action.isSeparator():
            shown.append(f"[{action.text()}]" if action.text() else "-")
        else:
            shown.append(action.text())
    return shown


def item(tray: Tray, *path: str) -> QAction:
    tray.menu.aboutToShow.emit()
    actions = tray.menu.actions()
    for step in path:
        [action] = [a for a in actions if a.text() == step]
        submenu = action.menu()
        if isinstance(submenu, QMenu) and step != path[-1]:
            actions = submenu.actions()
    return action


def test_the_menu_offers_the_suggestion_first_then_the_most_used(tray: Tray) -> None:
    shown = items(tray)
    assert shown[0].startswith("Start Short test · ")
    assert item(tray, shown[0]).font().bold()
    # box breathing twice, then quiet rest; the suggested routine is not listed twice and a
    # routine that no longer exists is left out
    assert shown[1] == "[Most used]"
    assert [text.split(" · ")[0] for text in shown[2:4]] == ["Box breathing", "Quiet rest"]
    assert shown[4:] == ["-", "Pause reminders", "Open Unwind", "-", "Quit Unwind"]


def test_pausing_for_an_hour_holds_the_reminder_and_the_menu_says_until_when(
    tray: Tray, companion: Companion, clock: FakeClock, settings: Settings
) -> None:
    item(tray, "Pause reminders", "For an hour").trigger()
    until = clock.now() + timedelta(hours=1)
    assert companion.reminders.paused_until == until
    assert settings.text("reminders_paused_until") == until.isoformat(), "kept across restarts"
    assert companion.reminders.armed_for is not None and companion.reminders.armed_for >= until
    assert "Reminders paused until 11:00" in items(tray)
    item(tray, "Resume reminders").trigger()
    assert companion.reminders.paused_until is None
    assert "Pause reminders" in items(tray)


def test_pausing_until_tomorrow_lasts_until_local_midnight(
    tray: Tray, companion: Companion, clock: FakeClock
) -> None:
    item(tray, "Pause reminders", "Until tomorrow").trigger()
    until = companion.reminders.paused_until
    assert until is not None
    local = until.astimezone(BERLIN)
    today = clock.now().astimezone(BERLIN).date()
    assert (local.date(), local.time()) == (today + timedelta(days=1), time(0, 0))
    assert "Reminders paused until Tuesday 00:00" in items(tray)


def test_the_menu_starts_a_routine_opens_the_window_and_quits(
    tray: Tray,
    window: MainWindow,
    practice: Practice,
    settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window.hide()
    item(tray, "Open Unwind").trigger()
    assert window.isVisible()
    window.hide()
    item(tray, items(tray)[0]).trigger()
    assert window.isVisible() and practice.stage is Stage.PLAYING
    routine = practice.routine
    assert routine is not None and routine.id == "short-test"
    quits: list[bool] = []
    monkeypatch.setattr(QApplication, "quit", lambda: quits.append(True))
    window.ask_to_end = lambda _parent: True
    item(tray, "Quit Unwind").trigger()
    assert quits == [True]


def test_without_reminders_the_menu_has_no_pause(tray: Tray, settings: Settings) -> None:
    settings.set("reminders", False)
    assert not any("Pause" in text for text in items(tray))


def test_with_neither_tray_nor_notifications_the_window_tells_and_selects_the_routine(
    companion: Companion, window: MainWindow, clock: FakeClock
) -> None:
    assert companion.tray is None and companion.notifications is None
    window.library.select_routine("quiet-rest")
    reminder_due(companion, clock)
    text = window.notice.label.text()
    assert text.startswith("Time for a short break: Short test, ")
    assert text.endswith("It is selected in the library: press Start.")
    current = window.library.list.currentItem()
    assert current is not None and current.data(ENTRY_ROLE).id == "short-test"
