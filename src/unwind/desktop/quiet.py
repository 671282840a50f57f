"""Whether the desktop asks for quiet, and how long the person has been away (no Qt).

Do-not-disturb is read wherever a desktop tells: the freedesktop notification server's
`Inhibited` property (Plasma, and servers that follow the specification's inhibition), dunst's
`paused`, GNOME's `show-banners` setting. Each reader answers True, False, or None when it
cannot tell; any True means quiet. Idle time on Wayland comes from GNOME's
`org.gnome.Mutter.IdleMonitor` or the `org.freedesktop.ScreenSaver` service (Plasma); on X11
from the screen-saver extension (`desktop.x11`).
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
from collections.abc import Callable, Sequence

from jeepney import DBusAddress, new_method_call

from unwind.core.reminders import Hold
from unwind.desktop.dbus import Bus
from unwind.desktop.notifications import SERVER

log = logging.getLogger(__name__)

Reader = Callable[[], bool | None]
GSETTINGS_TIMEOUT = 1.0

MUTTER_IDLE = DBusAddress(
    "/org/gnome/Mutter/IdleMonitor/Core",
    bus_name="org.gnome.Mutter.IdleMonitor",
    interface="org.gnome.Mutter.IdleMonitor",
)
SCREENSAVER = DBusAddress(
    "/org/freedesktop/ScreenSaver",
    bus_name="org.freedesktop.ScreenSaver",
    interface="org.freedesktop.ScreenSaver",
)


def notifications_inhibited(bus: Bus) -> bool | None:
    """The freedesktop server's inhibition (Plasma's do-not-disturb)."""
    value = bus.property(SERVER, "org.freedesktop.Notifications", "Inhibited")
    return None if value is None else bool(value)


def dunst_paused(bus: Bus) -> bool | None:
    value = bus.property(SERVER, "org.dunstproject.cmd0", "paused")
    return None if value is None else bool(value)


def gnome_banners_off(environ: dict[str, str] | None = None) -> bool | None:
    """GNOME's do-not-disturb switch is `show-banners` turned off. Read only on GNOME."""
    environ = dict(os.environ) if environ is None else environ
    if "GNOME" not in environ.get("XDG_CURRENT_DESKTOP", "").upper().split(":"):
        return None
    gsettings = shutil.which("gsettings", path=environ.get("PATH"))
    if gsettings is None:
        return None
    try:
        done = subprocess.run(
            [gsettings, "get", "org.gnome.desktop.notifications", "show-banners"],
            capture_output=True,
            text=True,
            timeout=GSETTINGS_TIMEOUT,
            env=environ,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    answer = done.stdout.strip()
    if done.returncode != 0 or answer not in ("true", "false"):
        return None
    return answer == "false"


class Quiet:
    """What keeps a reminder from showing now: a full-screen window or do-not-disturb."""

    def __init__(
        self, full_screen: Callable[[], bool | None], do_not_disturb: Sequence[Reader]
    ) -> None:
        self.full_screen = full_screen
        self.do_not_disturb = tuple(do_not_disturb)

    def __call__(self) -> Hold | None:
        if self.full_screen():
            return Hold.FULL_SCREEN
        for reader in self.do_not_disturb:
            try:
                if reader():
                    return Hold.DO_NOT_DISTURB
            except Exception:  # a desktop that answers oddly is a desktop that cannot tell
                log.exception("reading do-not-disturb failed")
        return None


def do_not_disturb_readers(bus: Bus | None) -> list[Reader]:
    readers: list[Reader] = [gnome_banners_off]
    if bus is not None:
        readers += [lambda: notifications_inhibited(bus), lambda: dunst_paused(bus)]
    return readers


def wayland_idle(bus: Bus) -> Callable[[], float | None]:
    """Idle seconds from GNOME's idle monitor, else the ScreenSaver service, else None."""

    def idle() -> float | None:
        mutter = bus.call(new_method_call(MUTTER_IDLE, "GetIdletime"))
        if mutter is not None:
            return float(mutter[0]) / 1000.0
        saver = bus.call(new_method_call(SCREENSAVER, "GetSessionIdleTime"))
        if saver is not None:
            return float(saver[0])
        return None

    return idle
