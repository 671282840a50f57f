"""The real app under Xvfb as a companion: the hand-over to a running Unwind (two processes,
a stale socket, two starts racing), the tray in a real XEmbed tray (Debian's trayer) driven by
xdotool, and a logind-shaped PrepareForSleep on a private bus."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from jeepney import DBusAddress, new_signal
from jeepney.bus_messages import message_bus
from jeepney.io.blocking import open_dbus_connection

from e2e.test_real_window import LONG, app_env, exported_sessions, wait_for_line
from support.xdo import Shape, windows, xdotool

TINY_ID = "e2e-tiny"
TINY = f"""
id = "{TINY_ID}"
title = "One second"
goals = ["quick_break"]

[[steps]]
kind = "rest"
duration = 1
"""
"""A routine that is over at once: these tests are about who runs it, not how it plays."""


def data_folder(tmp_path: Path, **settings: object) -> Path:
    routines = tmp_path / "routines"
    routines.mkdir()
    (routines / "tiny.toml").write_text(TINY, "utf-8")
    (routines / "long.toml").write_text(LONG, "utf-8")
    (tmp_path / "settings.json").write_text(json.dumps({"checkins": False, **settings}), "utf-8")
    return tmp_path


def command(folder: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "unwind", "--data-dir", str(folder), *args]


def launch(
    folder: Path, display: str, *args: str, env: dict[str, str] | None = None
) -> subprocess.Popen[str]:
    return subprocess.Popen(
        command(folder, *args),
        env=env or app_env(display),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(app: subprocess.Popen[str]) -> str:
    """Ends the app with SIGTERM (as logout does) and returns its stderr."""
    if app.poll() is None:
        app.terminate()
    try:
        _, stderr = app.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        app.kill()
        app.communicate()
        raise AssertionError("Unwind ignored SIGTERM") from None
    return stderr


def log_of(folder: Path) -> Path:
    return folder / "logs" / "unwind.log"


def visible_main_window(display: str) -> bool:
    return any(s.width > 200 for s in windows(display, "--onlyvisible", "--name", "^Unwind$"))


@pytest.mark.xvfb
def test_a_second_start_hands_its_routine_to_the_running_unwind_and_leaves(
    xvfb_display: str, tmp_path: Path
) -> None:
    folder = data_folder(tmp_path)
    first = launch(folder, xvfb_display)
    try:
        wait_for_line(log_of(folder), "Unwind 0.1.0 starting", first, 30)
        second = subprocess.run(
            command(folder, "--start", TINY_ID),
            env=app_env(xvfb_display),
            capture_output=True,
            text=True,
            timeout=30,
        )
        assert second.returncode == 0, second.stderr
        assert second.stderr == ""
        wait_for_line(log_of(folder), f'handed a command: {{"start": "{TINY_ID}"}}', first, 10)
        wait_for_line(log_of(folder), f"session {TINY_ID} finished", first, 30)
    finally:
        stderr = finish(first)
    assert first.returncode == 0, stderr
    log = log_of(folder).read_text("utf-8")
    assert log.count("Unwind 0.1.0 starting") == 1, "one Unwind, one journal"
    [entry] = exported_sessions(command(folder), xvfb_display)
    assert entry["routine_id"] == TINY_ID and entry["ending"] == "completed"


@pytest.mark.xvfb
def test_a_socket_left_by_a_crash_is_taken_over(xvfb_display: str, tmp_path: Path) -> None:
    folder = data_folder(tmp_path)
    crashed = launch(folder, xvfb_display)
    wait_for_line(log_of(folder), "Unwind 0.1.0 starting", crashed, 30)
    crashed.send_signal(signal.SIGKILL)
    crashed.communicate(timeout=20)
    assert (folder / "instance.socket").exists(), "a crash leaves its socket behind"
    again = subprocess.run(
        command(folder, "--start", TINY_ID, "--quit-when-done"),
        env=app_env(xvfb_display),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert again.returncode == 0, again.stderr
    assert f"session {TINY_ID} finished" in log_of(folder).read_text("utf-8")


@pytest.mark.xvfb
def test_two_starts_racing_leave_one_unwind(xvfb_display: str, tmp_path: Path) -> None:
    folder = data_folder(tmp_path)
    both = [launch(folder, xvfb_display), launch(folder, xvfb_display)]
    try:
        deadline = time.monotonic() + 30
        while all(app.poll() is None for app in both):
            assert time.monotonic() < deadline, "neither start handed over"
            time.sleep(0.05)
        [left] = [app for app in both if app.poll() is not None]
        [running] = [app for app in both if app.poll() is None]
        assert left.returncode == 0, left.communicate()[1]
        wait_for_line(log_of(folder), 'handed a command: {"show": true}', running, 10)
    finally:
        stderrs = [finish(app) for app in both]
    assert log_of(folder).read_text("utf-8").count("Unwind 0.1.0 starting") == 1, stderrs


@pytest.fixture
def tray(xvfb_display: str) -> Iterator[subprocess.Popen[bytes]]:
    """Debian's trayer: a panel with an XEmbed system tray, at the screen's top right."""
    panel = subprocess.Popen(
        [
            *("trayer", "--edge", "top", "--align", "right", "--widthtype", "pixel"),
            *("--width", "120", "--heighttype", "pixel", "--height", "24"),
        ],
        env={**os.environ, "DISPLAY": xvfb_display},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    xdotool(xvfb_display, "search", "--sync", "--class", "trayer")
    yield panel
    panel.terminate()
    panel.wait(timeout=10)


def wait_for_window(
    display: str, app: subprocess.Popen[str], wanted: Callable[[Shape], bool], *search: str
) -> Shape:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        assert app.poll() is None, "Unwind ended"
        found = [shape for shape in windows(display, *search) if wanted(shape)]
        if found:
            return found[0]
        time.sleep(0.05)
    raise AssertionError(f"no window {search} as wanted")


def tray_icon(display: str, app: subprocess.Popen[str]) -> tuple[int, int]:
    """The centre of Unwind's icon in the tray: a small window of the app's class (not the
    1x1 leader window)."""
    icon = wait_for_window(display, app, lambda s: 8 <= s.width <= 64, "--class", "^unwind$")
    return icon.centre


def wait_for_menu(display: str, app: subprocess.Popen[str]) -> None:
    """The tray's menu is a popup of the app's class, larger than the icon (the main window
    is not shown: Unwind started in the tray)."""
    wait_for_window(display, app, lambda s: s.width > 64, "--onlyvisible", "--class", "^unwind$")


@pytest.mark.xvfb
def test_unwind_waits_in_a_real_tray_and_its_menu_starts_a_routine(
    xvfb_display: str, tmp_path: Path, tray: subprocess.Popen[bytes]
) -> None:
    folder = data_folder(tmp_path, reminders=True, reminder_routine=TINY_ID)
    app = launch(folder, xvfb_display, "--tray")
    try:
        wait_for_line(log_of(folder), "in the tray", app, 30)
        assert not visible_main_window(xvfb_display), "started in the tray: no window"
        x, y = tray_icon(xvfb_display, app)
        xdotool(xvfb_display, "mousemove", str(x), str(y), "click", "3")
        wait_for_menu(xvfb_display, app)
        # the first item is the suggested routine: here the one chosen for reminders
        xdotool(xvfb_display, "key", "--delay", "150", "Down", "Return")
        wait_for_line(log_of(folder), f"playing {TINY_ID}", app, 15)
        assert visible_main_window(xvfb_display), "starting from the tray shows the window"
        wait_for_line(log_of(folder), f"session {TINY_ID} finished", app, 30)
    finally:
        stderr = finish(app)
    assert app.returncode == 0, stderr
    assert "Traceback" not in log_of(folder).read_text("utf-8")


@pytest.mark.xvfb
def test_prepare_for_sleep_on_the_system_bus_pauses_the_session_in_the_real_app(
    xvfb_display: str, tmp_path: Path, private_bus: str
) -> None:
    folder = data_folder(tmp_path)
    env = {**app_env(xvfb_display), "DBUS_SYSTEM_BUS_ADDRESS": private_bus}
    env.pop("DBUS_SESSION_BUS_ADDRESS", None)
    app = launch(folder, xvfb_display, "--start", "e2e-long", env=env)
    launched = time.monotonic()
    manager = DBusAddress("/org/freedesktop/login1", interface="org.freedesktop.login1.Manager")
    try:
        with open_dbus_connection(private_bus) as logind:
            logind.send_and_get_reply(message_bus.RequestName("org.freedesktop.login1"))
            wait_for_line(log_of(folder), "step 3 of 3 started", app, 30)
            wait_for_line(log_of(folder), "watching for sleep on the system bus", app, 30)
            logind.send(new_signal(manager, "PrepareForSleep", "b", (True,)))
            wait_for_line(log_of(folder), "session paused: the computer slept", app, 10)
            asleep = time.monotonic()
            time.sleep(1.5)  # "asleep": a real suspend also stops the monotonic clock
            logind.send(new_signal(manager, "PrepareForSleep", "b", (False,)))
            wait_for_line(log_of(folder), "the system woke", app, 10)
    finally:
        stderr = finish(app)
    assert app.returncode == 0, stderr
    [entry] = exported_sessions(command(folder), xvfb_display)
    assert 2.0 <= entry["practised_seconds"] <= asleep - launched
