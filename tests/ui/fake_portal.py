"""A stand-in for the desktop portal's settings, on a private session bus.

    /usr/bin/python3 tests/ui/fake_portal.py NAMESPACE KEY VALUE

Runs in Debian's /usr/bin/python3 (python3-dbus). It owns org.freedesktop.portal.Desktop and
answers Settings.ReadOne(NAMESPACE, KEY) with VALUE (true, false, or a number); any other key
is unknown, as on a desktop that does not have it. Prints "ready" once it is on the bus.
"""

from __future__ import annotations

import sys

import dbus  # type: ignore[import-not-found]
import dbus.mainloop.glib  # type: ignore[import-not-found]
import dbus.service  # type: ignore[import-not-found]
from gi.repository import GLib  # type: ignore[import-not-found]

SETTINGS = "org.freedesktop.portal.Settings"


def parse(text: str) -> object:
    if text in ("true", "false"):
        return dbus.Boolean(text == "true", variant_level=1)
    return dbus.Double(float(text), variant_level=1)


class Portal(dbus.service.Object):  # type: ignore[misc]
    def __init__(self, bus: object, namespace: str, key: str, value: object) -> None:
        super().__init__(bus, "/org/freedesktop/portal/desktop")
        self.known = {(namespace, key): value}

    @dbus.service.method(SETTINGS, in_signature="ss", out_signature="v")  # type: ignore[untyped-decorator]
    def ReadOne(self, namespace: str, key: str) -> object:  # the portal's own name
        found = self.known.get((str(namespace), str(key)))
        if found is None:
            raise dbus.exceptions.DBusException(
                "Requested setting not found",
                name="org.freedesktop.portal.Error.NotFound",
            )
        return found


def main() -> int:
    namespace, key, value = sys.argv[1:4]
    dbus.mainloop.glib.DBusGMainLoop(set_as_default=True)
    bus = dbus.SessionBus()
    name = dbus.service.BusName("org.freedesktop.portal.Desktop", bus)
    portal = Portal(bus, namespace, key, parse(value))
    print("ready", flush=True)
    GLib.MainLoop().run()
    del name, portal
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
