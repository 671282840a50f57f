"""The companion with real D-Bus parts: a private bus, a recording notification server that
speaks the freedesktop interface, and a logind-shaped PrepareForSleep signal."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from jeepney import DBusAddress, new_method_call, new_signal
from jeepney.bus_messages import message_bus
from jeepney.io.blocking import open_dbus_connection
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from support.fakes import BERLIN, FakeClock
from support.xdo import xdotool
from unwind.core.paths import AppPaths
from unwind.core.practice import Practice, Stage
from unwind.core.settings import Settings
from unwind.desktop.autostart import TRAY_FLAG, autostart_file
from unwind.desktop.dbus import Bus
from unwind.desktop.quiet import do_not_disturb_readers
from unwind.journal.models import Ending
from unwind.journal.store import JournalStore
from unwind.ui.companion import IN_TRAY_TITLE, Companion, DesktopPorts
from unwind.ui.main_window import MainWindow
from unwind.ui.player.page import SLEPT

TESTS = Path(__file__).resolve().parents[1]
NOTIFICATIONS = "org.freedesktop.Notifications"


def start_server(record: Path, *flags: str) -> subprocess.Popen[str]:
    """The recording server, once it owns its name (it says "ready" then)."""
    env = {**os.environ, "PYTHONPATH": str(TESTS)}
    server = subprocess.Popen(
        [sys.executable, "-m", "support.notification_server", str(record), *flags],
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert server.stdout is not None
    assert server.stdout.readline() == "ready\n", "the notification server did not start"
    return server


@pytest.fixture
def session_bus(private_bus: str, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", private_bus)
    return private_bus


@pytest.fixture
def record(session_bus: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Path]:
    path = tmp_path / "notifications.jsonl"
    flags = ("--inhibited",) if request.node.get_closest_marker("inhibited") else ()
    server = start_server(path, *flags)
    yield path
    server.terminate()
    server.communicate(timeout=10)


def shown(record: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in record.read_text("utf-8").splitlines()]


def invoke(notification: int, key: str) -> None:
    """Presses a button of the notification, as the person would."""
    with open_dbus_connection("SESSION") as connection:
        target = DBusAddress(
            "/org/freedesktop/Notifications", bus_name=NOTIFICATIONS, interface="org.unwind.Tests"
        )
        connection.send_and_get_reply(new_method_call(target, "Invoke", "us", (notification, key)))


@pytest.fixture
def companion(
    window: MainWindow,
    practice: Practice,
    settings: Settings,
    clock: FakeClock,
    paths: AppPaths,
    record: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[Companion]:
    monkeypatch.delenv("XDG_CURRENT_DESKTOP", raising=False)
    settings.set("reminders", True)
    settings.set("reminder_times", ["10:30"])  # the fake clock starts on a Monday at 10:00
    settings.set("reminder_routine", "short-test")
    settings.set("safety_seen", ["short-test"])
    bus = Bus.connect("SESSION")
    assert bus is not None
    ports = DesktopPorts(
        session_bus=bus,
        do_not_disturb=do_not_disturb_readers(bus),
        autostart_config=tmp_path / "config",
    )
    made = make_companion(window, practice, clock, paths, ports)
    yield made
    made.close()


def make_companion(
    window: MainWindow,
    practice: Practice,
    clock: FakeClock,
    paths: AppPaths,
    ports: DesktopPorts,
    recent: Sequence[str] = (),
) -> Companion:
    routines = window.library.library.routines
    return Companion(
        window,
        practice,
        practice.settings,
        routines,
        lambda: list(recent),
        clock,
        BERLIN,
        QIcon(),
        ports,
        paths=paths,
    )


def reminder_due(companion: Companion, clock: FakeClock, minutes: float = 30) -> None:
    """The reminders' timer fires when its time comes (the fake clock moves instead)."""
    assert companion.timer.isActive()
    assert abs(companion.timer.remainingTime() - minutes * 60_000) < 1000
    clock.advance(minutes * 60)
    companion.timer.timeout.emit()


def test_start_in_the_notification_starts_the_offered_routine(
    companion: Companion, clock: FakeClock, record: Path, practice: Practice, qtbot: QtBot
) -> None:
    reminder_due(companion, clock)
    [note] = shown(record)
    assert note["summary"] == "Time for a short break"
    assert note["body"].startswith("Short test, ")
    assert note["actions"][2:] == ["start", "Start", "snooze", "Snooze 10 min", "skip", "Skip"]
    assert "desktop-entry" in note["hints"]
    invoke(note["id"], "start")
    qtbot.waitUntil(lambda: practice.stage is Stage.PLAYING, timeout=5000)
    routine = practice.routine
    assert routine is not None and routine.id == "short-test"
    assert companion.window.isVisible()


def test_snooze_brings_it_back_in_ten_minutes_and_skip_lets_it_go(
    companion: Companion, clock: FakeClock, record: Path, practice: Practice, qtbot: QtBot
) -> None:
    reminder_due(companion, clock)
    [first] = shown(record)
    invoke(first["id"], "snooze")
    qtbot.waitUntil(lambda: companion.reminders.state.pending is not None, timeout=5000)
    reminder_due(companion, clock, minutes=10)
    assert len(shown(record)) == 2
    second = shown(record)[-1]
    invoke(second["id"], "skip")
    qtbot.waitUntil(lambda: companion.shown_id is None, timeout=5000)
    assert practice.stage is Stage.LIBRARY
    assert companion.reminders.armed_for is not None
    assert companion.reminders.armed_for.date() > clock.now().date(), "the next one is tomorrow"


@pytest.mark.inhibited
def test_do_not_disturb_holds_the_reminder_back(
    companion: Companion, clock: FakeClock, record: Path
) -> None:
    reminder_due(companion, clock)
    assert shown(record) == [], "nothing shown while the server is inhibited"
    assert companion.timer.isActive() and companion.timer.remainingTime() <= 120_000


def test_start_at_login_writes_and_removes_the_autostart_entry(
    companion: Companion, settings: Settings, tmp_path: Path, paths: AppPaths
) -> None:
    entry = autostart_file(tmp_path / "config")
    settings.set("start_at_login", True)
    text = entry.read_text("utf-8")
    assert "[Desktop Entry]" in text and TRAY_FLAG in text
    assert f"--data-dir {paths.data}" in text, "the login start uses the same data folder"
    settings.set("start_at_login", False)
    assert not entry.exists()


def test_closing_into_the_tray_records_the_session_and_says_so_once(
    companion: Companion,
    window: MainWindow,
    practice: Practice,
    clock: FakeClock,
    journal: JournalStore,
    record: Path,
    qtbot: QtBot,
) -> None:
    window.stays_in_tray = companion.stays_in_tray
    assert companion.tray is None  # offscreen: no tray, so closing quits as before
    assert not window.stays_in_tray()
    # the same with a tray that shows (the e2e tests use a real one)
    companion.tray = _ShowingTray()  # type: ignore[assignment]
    routine = window.library.library.get("short-test")
    assert routine is not None
    practice.start(routine)
    clock.advance(20)
    window.close()
    assert not window.isVisible() and practice.stage is Stage.LIBRARY
    [entry] = journal.sessions()
    assert (entry.ending, entry.practised_seconds) == (Ending.STOPPED, 20)
    window.show()
    window.close()
    assert [note["summary"] for note in shown(record)] == [IN_TRAY_TITLE], "told once"


def test_ctrl_q_quits_for_real_even_with_the_tray(
    companion: Companion, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    quits: list[bool] = []
    monkeypatch.setattr(QApplication, "quit", lambda: quits.append(True))
    companion.tray = _ShowingTray()  # type: ignore[assignment]
    window.quit_for_real()
    assert quits == [True] and not window.isVisible()


class _ShowingTray:
    visible = True

    def tell(self, title: str, text: str) -> None:
        raise AssertionError("a notification server answers: the tray's message is not needed")

    def hide(self) -> None:
        self.visible = False


def test_a_logind_prepare_for_sleep_pauses_the_session_and_says_so(
    window: MainWindow,
    practice: Practice,
    settings: Settings,
    clock: FakeClock,
    paths: AppPaths,
    private_bus: str,
    monkeypatch: pytest.MonkeyPatch,
    qtbot: QtBot,
) -> None:
    monkeypatch.setenv("DBUS_SYSTEM_BUS_ADDRESS", private_bus)
    system = Bus.connect("SYSTEM")
    companion = make_companion(window, practice, clock, paths, DesktopPorts(system_bus=system))
    try:
        settings.set("safety_seen", ["short-test"])
        routine = window.library.library.get("short-test")
        assert routine is not None
        practice.start(routine)
        clock.advance(7)
        with open_dbus_connection("SYSTEM") as logind:
            logind.send_and_get_reply(message_bus.RequestName("org.freedesktop.login1"))
            manager = DBusAddress(
                "/org/freedesktop/login1", interface="org.freedesktop.login1.Manager"
            )
            logind.send(new_signal(manager, "PrepareForSleep", "b", (True,)))
            qtbot.waitUntil(lambda: practice.paused, timeout=5000)
            assert window.player.stage.veil.word.text() == SLEPT
            assert practice.practised() == 7
            logind.send(new_signal(manager, "PrepareForSleep", "b", (False,)))
            qtbot.waitUntil(lambda: companion.reminders.state.activity.counting_since is None)
    finally:
        companion.close()


DUNSTRC = """
[global]
    mouse_left_click = do_action, close_current
    font = Sans 10
"""


@pytest.mark.xvfb
def test_clicking_a_reminder_in_dunst_starts_its_routine(
    window: MainWindow,
    practice: Practice,
    settings: Settings,
    clock: FakeClock,
    paths: AppPaths,
    session_bus: str,
    xvfb_display: str,
    tmp_path: Path,
    qtbot: QtBot,
) -> None:
    """Debian's dunst, a real notification server, on the private bus and the Xvfb screen."""
    config = tmp_path / "dunstrc"
    config.write_text(DUNSTRC, "utf-8")
    env = {**os.environ, "DISPLAY": xvfb_display, "DBUS_SESSION_BUS_ADDRESS": session_bus}
    dunst = subprocess.Popen(
        ["dunst", "-config", str(config)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    settings.set("reminders", True)
    settings.set("reminder_times", ["10:30"])
    settings.set("reminder_routine", "short-test")
    settings.set("safety_seen", ["short-test"])
    bus = Bus.connect("SESSION")
    assert bus is not None
    companion = make_companion(window, practice, clock, paths, DesktopPorts(session_bus=bus))
    try:
        notifications = companion.notifications
        assert notifications is not None
        qtbot.waitUntil(notifications.available, timeout=10_000)
        assert notifications.server is not None and notifications.server[0] == "dunst"
        reminder_due(companion, clock)
        assert companion.shown_id is not None
        banners: list[str] = []

        def dunst_shows_it() -> bool:  # dunst maps its window once it has drawn it
            search = ("search", "--onlyvisible", "--class", "dunst")
            banners[:] = xdotool(xvfb_display, *search, check=False).split()
            return bool(banners)

        qtbot.waitUntil(dunst_shows_it, timeout=10_000)
        xdotool(xvfb_display, "mousemove", "--window", banners[0], "20", "10", "click", "1")
        qtbot.waitUntil(lambda: practice.stage is Stage.PLAYING, timeout=10_000)
        routine = practice.routine
        assert routine is not None and routine.id == "short-test"
    finally:
        companion.close()
        dunst.terminate()
        dunst.wait(timeout=10)


def test_the_sleep_words_wrap_on_a_narrow_stage_and_a_later_pause_says_paused(
    window: MainWindow, practice: Practice, settings: Settings, clock: FakeClock
) -> None:
    word = window.player.stage.veil.word
    one_line = word.fontMetrics().horizontalAdvance(SLEPT)
    word.setText(SLEPT)
    assert word.heightForWidth(one_line // 2) > word.heightForWidth(one_line + 10)
    settings.set("safety_seen", ["short-test"])
    routine = window.library.library.get("short-test")
    assert routine is not None
    practice.start(routine)
    clock.advance(3)
    practice.computer_sleeps()
    assert word.text() == SLEPT
    practice.toggle_pause()
    practice.toggle_pause()
    assert word.text() == "Paused", "a pause of the person's own is not the computer's sleep"
