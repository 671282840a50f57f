"""Do-not-disturb and idle time as desktops tell them: services of the tests' own on a
private bus (GNOME's Mutter idle monitor, the freedesktop ScreenSaver, a notification server
with dunst's `paused`), and GNOME's `show-banners` read through gsettings."""

from __future__ import annotations

import os
import stat
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from jeepney import HeaderFields, MessageType, new_error, new_method_return
from jeepney.bus_messages import message_bus
from jeepney.io.blocking import open_dbus_connection

from conftest import LogWatch
from unwind.core.reminders import Hold
from unwind.desktop.dbus import Bus
from unwind.desktop.quiet import Quiet, do_not_disturb_readers, gnome_banners_off, wayland_idle

Answers = Mapping[str, tuple[str, tuple[Any, ...]]]
"""A method's (or a property's) name and the signature and values it answers with."""


@contextmanager
def service(address: str, name: str, answers: Answers) -> Iterator[None]:
    """Owns `name` on the bus and answers each call from `answers`, until the block ends."""
    connection = open_dbus_connection(address)
    connection.send_and_get_reply(message_bus.RequestName(name))
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                message = connection.receive(timeout=0.05)
            except TimeoutError:
                continue
            if message.header.message_type is not MessageType.method_call:
                continue
            member = message.header.fields.get(HeaderFields.member)
            key = message.body[1] if member == "Get" else member
            if key in answers:
                signature, body = answers[key]
                connection.send(new_method_return(message, signature, body))
            else:
                connection.send(new_error(message, "org.freedesktop.DBus.Error.UnknownMethod"))

    thread = threading.Thread(target=serve)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=5)
        connection.close()


@pytest.fixture
def bus(private_bus: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Bus]:
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", private_bus)
    connected = Bus.connect("SESSION")
    assert connected is not None
    yield connected
    connected.close()


def test_wayland_idle_time_from_mutter_then_the_screensaver(bus: Bus, private_bus: str) -> None:
    idle = wayland_idle(bus)
    assert idle() is None, "no desktop service answers: idle time is not known"
    with service(private_bus, "org.freedesktop.ScreenSaver", {"GetSessionIdleTime": ("u", (75,))}):
        assert idle() == 75.0
        mutter = {"GetIdletime": ("t", (4_500,))}  # milliseconds
        with service(private_bus, "org.gnome.Mutter.IdleMonitor", mutter):
            assert idle() == 4.5, "GNOME's idle monitor comes first"


def test_a_server_in_do_not_disturb_holds_reminders(bus: Bus, private_bus: str) -> None:
    quiet = Quiet(lambda: False, do_not_disturb_readers(bus))
    assert quiet() is None, "no notification server: nothing says quiet"
    calm = {"Inhibited": ("v", (("b", False),)), "paused": ("v", (("b", False),))}
    with service(private_bus, "org.freedesktop.Notifications", calm):
        assert quiet() is None
    paused = {"paused": ("v", (("b", True),))}  # dunst: dunstctl set-paused true
    with service(private_bus, "org.freedesktop.Notifications", paused):
        assert quiet() is Hold.DO_NOT_DISTURB


def test_a_full_screen_window_comes_first_and_a_reader_that_fails_tells_nothing(
    log_watch: LogWatch,
) -> None:
    log_watch.expect("reading do-not-disturb failed")

    def broken() -> bool | None:
        raise ValueError("an odd answer")

    assert Quiet(lambda: True, [broken])() is Hold.FULL_SCREEN
    assert Quiet(lambda: None, [broken, lambda: None])() is None


def fake_gsettings(folder: Path, answer: str) -> dict[str, str]:
    """A `gsettings` on PATH that prints `answer` for show-banners, as GNOME's would."""
    folder.mkdir(exist_ok=True)
    program = folder / "gsettings"
    program.write_text(
        '#!/bin/sh\n[ "$*" = "get org.gnome.desktop.notifications show-banners" ]'
        f" && echo {answer}\n",
        "utf-8",
    )
    program.chmod(program.stat().st_mode | stat.S_IXUSR)
    return {"PATH": f"{folder}{os.pathsep}/usr/bin:/bin", "XDG_CURRENT_DESKTOP": "ubuntu:GNOME"}


def test_gnome_banners_switched_off_are_do_not_disturb(tmp_path: Path) -> None:
    assert gnome_banners_off(fake_gsettings(tmp_path / "off", "false")) is True
    assert gnome_banners_off(fake_gsettings(tmp_path / "on", "true")) is False
    plasma = {**fake_gsettings(tmp_path / "off", "false"), "XDG_CURRENT_DESKTOP": "KDE"}
    assert gnome_banners_off(plasma) is None, "read only on GNOME"
    assert gnome_banners_off({"PATH": str(tmp_path), "XDG_CURRENT_DESKTOP": "GNOME"}) is None
