"""A recording notification server for the tests: the freedesktop interface, on the session
bus that $DBUS_SESSION_BUS_ADDRESS names.

    python -m support.notification_server RECORD.jsonl [--inhibited]

Each Notify call is one JSON line in RECORD. The tests answer a notification as a person
would by calling `org.unwind.Tests.Invoke(id, key)` on it: the server then says
`ActionInvoked(id, key)` and `NotificationClosed(id, 2)`, as real servers do.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from jeepney import (
    DBusAddress,
    HeaderFields,
    Message,
    MessageType,
    new_error,
    new_method_return,
    new_signal,
)
from jeepney.bus_messages import message_bus
from jeepney.io.blocking import DBusConnection, open_dbus_connection

NAME = "org.freedesktop.Notifications"
PATH = "/org/freedesktop/Notifications"
SIGNALS = DBusAddress(PATH, interface=NAME)


def serve(record: Path, inhibited: bool) -> None:
    connection = open_dbus_connection("SESSION")
    connection.send_and_get_reply(message_bus.RequestName(NAME))
    record.touch()
    print("ready", flush=True)  # the tests wait for this line
    next_id = 1
    while True:
        message = connection.receive()
        if message.header.message_type is not MessageType.method_call:
            continue
        member = message.header.fields.get(HeaderFields.member)
        if member == "Notify":
            app, replaces, _icon, summary, body, actions, hints, timeout = message.body
            notification = replaces or next_id
            next_id = max(next_id, notification) + 1
            line = {
                "id": notification,
                "app": app,
                "summary": summary,
                "body": body,
                "actions": list(actions),
                "hints": sorted(hints),
                "timeout": timeout,
            }
            with record.open("a", encoding="utf-8") as out:
                out.write(json.dumps(line) + "\n")
            reply(connection, message, "u", (notification,))
        elif member == "GetServerInformation":
            reply(connection, message, "ssss", ("recorder", "unwind tests", "1", "1.2"))
        elif member == "GetCapabilities":
            reply(connection, message, "as", (["actions", "body"],))
        elif member == "CloseNotification":
            reply(connection, message, "", ())
            connection.send(new_signal(SIGNALS, "NotificationClosed", "uu", (message.body[0], 3)))
        elif member == "Get" and message.body[1] == "Inhibited":
            reply(connection, message, "v", (("b", inhibited),))
        elif member == "Invoke":
            notification, key = message.body
            reply(connection, message, "", ())
            connection.send(new_signal(SIGNALS, "ActionInvoked", "us", (notification, key)))
            connection.send(new_signal(SIGNALS, "NotificationClosed", "uu", (notification, 2)))
        else:
            connection.send(new_error(message, "org.freedesktop.DBus.Error.UnknownMethod"))


def reply(connection: DBusConnection, message: Message, signature: str, body: tuple) -> None:  # type: ignore[type-arg]
    connection.send(new_method_return(message, signature, body))


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("record", type=Path)
    parser.add_argument("--inhibited", action="store_true")
    arguments = parser.parse_args()
    serve(arguments.record, arguments.inhibited)
