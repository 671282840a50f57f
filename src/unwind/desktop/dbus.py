"""D-Bus without Qt, through jeepney: short synchronous calls, and signals read when the
connection's socket has data (the caller watches `fileno()`, say with a QSocketNotifier).

PySide6's QtDBus cannot send an unsigned integer, which the freedesktop `Notify` call takes,
so Unwind speaks D-Bus through jeepney, a small pure-Python implementation of the protocol.
Nothing here blocks for long: a call waits at most its timeout (half a second by default),
and a bus that is not there is None, never an error for the person.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from jeepney import DBusAddress, DBusErrorResponse, MatchRule, Message, MessageType, Properties
from jeepney.bus_messages import message_bus
from jeepney.io.blocking import DBusConnection, open_dbus_connection

log = logging.getLogger(__name__)

CALL_TIMEOUT = 0.5


@dataclass(frozen=True)
class Signal:
    path: str
    interface: str
    member: str
    sender: str | None = None
    """A well-known name: the bus delivers only that owner's signals."""


class Bus:
    """One connection to a message bus: the session bus, or the system bus."""

    def __init__(self, connection: DBusConnection, name: str) -> None:
        self.connection = connection
        self.name = name
        self._handlers: list[tuple[MatchRule, deque[Message], Callable[[Message], None]]] = []
        self.closed = False

    @classmethod
    def connect(cls, which: str = "SESSION") -> Bus | None:
        """The bus named by $DBUS_SESSION_BUS_ADDRESS (or $DBUS_SYSTEM_BUS_ADDRESS), or the
        usual system bus; None when there is none to reach."""
        try:
            connection = open_dbus_connection(bus=which, auth_timeout=CALL_TIMEOUT)
        except (OSError, KeyError, ValueError, TimeoutError, RuntimeError) as error:
            log.info("no %s D-Bus: %s", which.lower(), error)
            return None
        return cls(connection, which.lower())

    def fileno(self) -> int:
        return int(self.connection.sock.fileno())

    def call(self, message: Message, timeout: float = CALL_TIMEOUT) -> tuple[Any, ...] | None:
        """The reply's values, or None after an error reply, a time-out or a lost bus."""
        if self.closed:
            return None
        try:
            reply = self.connection.send_and_get_reply(message, timeout=timeout)
        except TimeoutError:
            log.info("D-Bus call %s timed out", message.header.fields)
            return None
        except OSError as error:
            self._lost(error)
            return None
        finally:
            self._dispatch()
        if reply.header.message_type is MessageType.error:
            log.info("D-Bus call refused: %s", DBusErrorResponse(reply))
            return None
        return tuple(reply.body)

    def send(self, message: Message) -> None:
        """A call whose answer does not matter."""
        if not self.closed:
            try:
                self.connection.send(message)
            except OSError as error:
                self._lost(error)

    def property(self, address: DBusAddress, interface: str, name: str) -> Any:
        """A property's value, or None when it cannot be read."""
        message = Properties(address.with_interface(interface)).get(name)
        body = self.call(message)
        if body is None:
            return None
        _signature, value = body[0]
        return value

    def on_signal(self, signal: Signal, handler: Callable[[Message], None]) -> bool:
        """Calls `handler(message)` for each such signal, read by `read()`."""
        rule = MatchRule(
            type="signal",
            sender=signal.sender,
            interface=signal.interface,
            member=signal.member,
            path=signal.path,
        )
        local = MatchRule(
            type="signal", interface=signal.interface, member=signal.member, path=signal.path
        )
        queue: deque[Message] = deque(maxlen=64)
        self.connection.filter(local, queue=queue)
        self._handlers.append((local, queue, handler))
        return self.call(message_bus.AddMatch(rule)) is not None

    def read(self) -> None:
        """Reads what has arrived and hands each signal to its handler; never waits."""
        while not self.closed:
            try:
                self.connection.recv_messages(timeout=0)
            except TimeoutError:
                break
            except (OSError, ValueError) as error:
                self._lost(error)
                break
        self._dispatch()

    def _dispatch(self) -> None:
        for _rule, queue, handler in self._handlers:
            while queue:
                message = queue.popleft()
                try:
                    handler(message)
                except Exception:  # one broken handler must not stop the others
                    log.exception("a D-Bus signal handler failed")

    def _lost(self, error: BaseException) -> None:
        log.info("the %s D-Bus went away: %s", self.name, error)
        self.close()

    def close(self) -> None:
        if not self.closed:
            self.closed = True
            self.connection.close()
