"""Desktop notifications with actions, as the freedesktop specification has them (no Qt).

The server (GNOME Shell, Plasma, dunst, ...) shows the notification and reports the button
the person pressed (`ActionInvoked`) or that it went away (`NotificationClosed`); both arrive
as signals read from the bus. "default" is the key a click on the notification itself sends.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

from jeepney import DBusAddress, Message, new_method_call

from unwind import APP_ID, APP_NAME
from unwind.desktop.dbus import Bus, Signal

log = logging.getLogger(__name__)

SERVER = DBusAddress(
    "/org/freedesktop/Notifications",
    bus_name="org.freedesktop.Notifications",
    interface="org.freedesktop.Notifications",
)
DEFAULT_ACTION = "default"
"""The key of a click on the notification's body."""
DISMISSED = 2
"""NotificationClosed's reason when the person closed it."""


class DesktopNotifications:
    """Shows notifications; `on_action(id, key)` and `on_closed(id, reason)` hear answers."""

    def __init__(self, bus: Bus) -> None:
        self.bus = bus
        self.on_action: Callable[[int, str], None] = lambda _id, _key: None
        self.on_closed: Callable[[int, int], None] = lambda _id, _reason: None
        self.server: tuple[str, ...] | None = None
        self.capabilities: frozenset[str] = frozenset()
        bus.on_signal(
            Signal(SERVER.object_path, SERVER.interface or "", "ActionInvoked", SERVER.bus_name),
            self._action,
        )
        bus.on_signal(
            Signal(
                SERVER.object_path, SERVER.interface or "", "NotificationClosed", SERVER.bus_name
            ),
            self._closed,
        )

    def available(self) -> bool:
        """Whether a notification server answers (asked each time: one may start later)."""
        info = self.bus.call(new_method_call(SERVER, "GetServerInformation"))
        if info is None:
            return False
        if self.server != info:
            self.server = tuple(str(part) for part in info)
            log.info("notifications by %s %s", self.server[0], self.server[2])
            caps = self.bus.call(new_method_call(SERVER, "GetCapabilities"))
            self.capabilities = frozenset(caps[0]) if caps else frozenset()
        return True

    @property
    def has_actions(self) -> bool:
        return "actions" in self.capabilities

    def show(
        self,
        summary: str,
        body: str,
        actions: Sequence[tuple[str, str]] = (),
        replaces: int = 0,
    ) -> int | None:
        """The notification's id, or None when no server took it."""
        flat: list[str] = []
        for key, label in actions:
            flat += [key, label]
        hints = {"desktop-entry": ("s", APP_ID), "urgency": ("y", 1), "category": ("s", "x-break")}
        message = new_method_call(
            SERVER,
            "Notify",
            "susssasa{sv}i",
            (APP_NAME, replaces, APP_ID, summary, body, flat, hints, 0),
        )
        reply = self.bus.call(message)
        if not reply:
            return None
        return int(reply[0])

    def close(self, notification: int) -> None:
        self.bus.send(new_method_call(SERVER, "CloseNotification", "u", (notification,)))

    def _action(self, message: Message) -> None:
        notification, key = message.body
        self.on_action(int(notification), str(key))

    def _closed(self, message: Message) -> None:
        notification, reason = message.body
        self.on_closed(int(notification), int(reason))
