"""Unwind as an everyday companion: the tray, the reminders' one timer and their
notifications, start at login, and the system's word that it sleeps.

`Companion` is made once the window is built. It shows the tray icon while reminders are on
(or Unwind started in the tray), keeps Unwind running in the tray when the window closes (and
says so the first time), arms one precise timer for the reminders' next moment, and shows
each reminder as a desktop notification with Start, Snooze and Skip, or as the tray's message
where no notification server answers. The desktop's parts come in as `DesktopPorts`, so tests
hand it their own.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, tzinfo
from pathlib import Path

from PySide6.QtCore import QObject, QSocketNotifier, Qt, QTimer
from PySide6.QtGui import QIcon, QPixmapCache
from PySide6.QtWidgets import QApplication

from unwind.core.clock import Clock
from unwind.core.paths import AppPaths
from unwind.core.practice import Practice
from unwind.core.reminder_service import Offer, Reminders
from unwind.core.reminders import is_evening, suggested_routine
from unwind.core.routine import Routine, format_duration
from unwind.core.settings import Settings
from unwind.desktop.dbus import Bus, Signal
from unwind.desktop.notifications import DEFAULT_ACTION, DesktopNotifications
from unwind.desktop.quiet import Quiet, Reader
from unwind.ui.instance_server import bring_forward
from unwind.ui.main_window import MainWindow
from unwind.ui.tray import MOST_USED, Tray, TrayCommands, most_used, tomorrow_morning

log = logging.getLogger(__name__)

LOGIND = Signal(
    "/org/freedesktop/login1",
    "org.freedesktop.login1.Manager",
    "PrepareForSleep",
    "org.freedesktop.login1",
)
MAX_TIMER_MS = 2**31 - 1
ACTIONS = (
    (DEFAULT_ACTION, "Start"),
    ("start", "Start"),
    ("snooze", "Snooze 10 min"),
    ("skip", "Skip"),
)
IN_TRAY_TITLE = "Unwind is still in the tray"
IN_TRAY_TEXT = (
    "It stays there to offer your reminders. Open it again from the tray icon, or choose "
    "Quit Unwind there to close it for good."
)


@dataclass
class DesktopPorts:
    """What the companion reads from and says to the desktop."""

    session_bus: Bus | None = None
    system_bus: Bus | None = None
    idle: Callable[[], float | None] = lambda: None
    full_screen: Callable[[], bool | None] = lambda: None
    do_not_disturb: Sequence[Reader] = ()
    autostart_config: Path | None = None
    """Where the autostart folder is ($XDG_CONFIG_HOME); None: the desktop's own."""
    closers: list[Callable[[], None]] = field(default_factory=list)


class BusWatch(QObject):
    """Reads a bus when its socket has data: signals cost nothing while none come."""

    def __init__(self, bus: Bus, parent: QObject) -> None:
        super().__init__(parent)
        self.bus = bus
        self.notifier = QSocketNotifier(bus.fileno(), QSocketNotifier.Type.Read, self)
        self.notifier.activated.connect(self._readable)

    def _readable(self) -> None:
        self.bus.read()
        if self.bus.closed:
            self.notifier.setEnabled(False)


def offer_words(offer: Offer, evening: bool) -> tuple[str, str]:
    routine = offer.routine
    title = "Time to wind down" if evening else "Time for a short break"
    body = f"{routine.title}, {format_duration(routine.duration)}. {routine.summary}".strip()
    return title, body


class Companion(QObject):
    def __init__(
        self,
        window: MainWindow,
        practice: Practice,
        settings: Settings,
        routines: Sequence[Routine],
        recent_ids: Callable[[], list[str]],
        clock: Clock,
        zone: tzinfo,
        icon: QIcon,
        ports: DesktopPorts,
        *,
        paths: AppPaths,
        in_tray: bool = False,
    ) -> None:
        super().__init__()
        self.window = window
        self.practice = practice
        self.settings = settings
        self.routines = tuple(routines)
        self.recent_ids = recent_ids
        self.clock = clock
        self.zone = zone
        self.ports = ports
        self.paths = paths
        self.in_tray = in_tray
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.notifications: DesktopNotifications | None = None
        self.shown_id: int | None = None
        self.watches = [BusWatch(bus, self) for bus in (ports.session_bus, ports.system_bus) if bus]
        if ports.session_bus is not None:
            self.notifications = DesktopNotifications(ports.session_bus)
            self.notifications.on_action = self._action
            self.notifications.on_closed = self._closed
        if ports.system_bus is not None and ports.system_bus.on_signal(
            LOGIND, self._prepare_for_sleep
        ):
            log.info("watching for sleep on the system bus")
        self.reminders = Reminders(
            settings,
            clock,
            zone,
            lambda: self.routines,
            arm=self._arm,
            offer=self._offer,
            idle=ports.idle,
            holds=Quiet(ports.full_screen, ports.do_not_disturb),
        )
        self.tray = Tray(icon, self.tray_commands(), zone, clock) if Tray.available() else None
        if self.tray is not None:
            self.tray.icon.messageClicked.connect(self._start_shown)
            self.tray.menu.aboutToHide.connect(self._menu_closed)
        self.timer.timeout.connect(self.reminders.look)
        practice.subscribe(self.reminders)
        window.stays_in_tray = self.stays_in_tray
        self._unsubscribe = [
            settings.subscribe("reminders", lambda _on: self._show_tray()),
            settings.subscribe("start_at_login", self._start_at_login),
        ]
        self._show_tray()
        self.reminders.look()
        if in_tray:
            QTimer.singleShot(0, give_back_memory)

    # --- the tray ------------------------------------------------------------------------

    def tray_commands(self) -> TrayCommands:
        return TrayCommands(
            suggested=self.suggested,
            most_used=lambda: most_used(self.recent_ids(), self.routines, MOST_USED),
            start=self.start,
            open_window=self.open_window,
            quit=self.quit,
            pause_for=self._pause_for,
            resume=self._resume,
            paused_until=self._paused_until,
            reminders_on=lambda: self.settings.flag("reminders"),
        )

    def suggested(self) -> Routine | None:
        local = self.clock.now().astimezone(self.zone).time()
        chosen = self.settings.text("reminder_routine")
        picked = next((r for r in self.routines if r.id == chosen), None) if chosen else None
        return picked or suggested_routine(self.routines, local)

    def _show_tray(self) -> None:
        if self.tray is None:
            return
        if self.settings.flag("reminders") or self.in_tray:
            self.tray.show()
        else:
            self.tray.hide()

    def stays_in_tray(self) -> bool:
        """Closing the window leaves Unwind in the tray while the tray shows; the first
        time, it says so."""
        if self.tray is None or not self.tray.visible:
            return False
        if not self.settings.flag("tray_explained"):
            self.settings.set("tray_explained", True)
            self.tell(IN_TRAY_TITLE, IN_TRAY_TEXT)
        log.info("the window closed; Unwind stays in the tray")
        QTimer.singleShot(0, give_back_memory)
        return True

    def _menu_closed(self) -> None:
        if not self.window.isVisible():  # back to waiting in the tray
            QTimer.singleShot(0, give_back_memory)

    def tell(self, title: str, text: str) -> None:
        if self.notifications is not None and self.notifications.available():
            self.notifications.show(title, text)
        elif self.tray is not None:
            self.tray.tell(title, text)

    def open_window(self) -> None:
        bring_forward(self.window)

    def start(self, routine: Routine) -> None:
        self.open_window()
        self.practice.start(routine)

    def quit(self) -> None:
        self.window.quit_for_real()

    def _resume(self) -> None:
        self.reminders.resume()

    def _paused_until(self) -> datetime | None:
        return self.reminders.paused_until

    def _pause_for(self, length: timedelta | None) -> None:
        now = self.clock.now()
        until = now + length if length is not None else tomorrow_morning(now, self.zone)
        self.reminders.pause_for(until)
        self._withdraw()

    # --- the reminders -------------------------------------------------------------------

    def _arm(self, seconds: float | None) -> None:
        if seconds is None:
            self.timer.stop()
            return
        self.timer.start(min(MAX_TIMER_MS, max(0, math.ceil(seconds * 1000))))

    def _offer(self, offer: Offer) -> None:
        local = self.clock.now().astimezone(self.zone).time()
        title, body = offer_words(offer, is_evening(local))
        notifications = self.notifications
        if notifications is not None and notifications.available():
            actions = ACTIONS if notifications.has_actions else ACTIONS[:1]
            self.shown_id = notifications.show(title, body, actions, replaces=self.shown_id or 0)
            if self.shown_id is not None:
                log.info("reminder shown as notification %d", self.shown_id)
                return
        if self.tray is not None:
            self.tray.tell(title, body + " Click here to start.")
            log.info("reminder shown as the tray's message")
        else:
            # no tray and no notification server: the window says it, with the routine
            # selected in the library, one Start away
            selected = self.window.library.select_routine(offer.routine.id)
            where = " It is selected in the library: press Start." if selected else ""
            self.window.show_notice(f"{title}: {body}{where}")
            log.info("reminder shown in the window")

    def _action(self, notification: int, key: str) -> None:
        if notification != self.shown_id:
            return
        self.shown_id = None
        log.info("reminder answered: %s", key)
        if key in (DEFAULT_ACTION, "start"):
            self._start_shown()
        elif key == "snooze":
            self.reminders.snooze()
        else:
            self.reminders.skip()

    def _closed(self, notification: int, _reason: int) -> None:
        if notification == self.shown_id:
            self.shown_id = None
            self.reminders.skip()

    def _start_shown(self) -> None:
        routine = self.reminders.taken()
        if routine is not None:
            self.start(routine)

    def _withdraw(self) -> None:
        if self.shown_id is not None and self.notifications is not None:
            self.notifications.close(self.shown_id)
            self.shown_id = None

    # --- the system ----------------------------------------------------------------------

    def _prepare_for_sleep(self, message: object) -> None:
        body = getattr(message, "body", (False,))
        if body and body[0]:
            log.info("the system is going to sleep")
            self.practice.computer_sleeps()
        else:
            log.info("the system woke")
            self.reminders.computer_woke()

    def _start_at_login(self, on: object) -> None:
        from unwind.desktop.autostart import set_start_at_login

        problem = set_start_at_login(bool(on), self.paths, self.ports.autostart_config)
        if problem:
            self.window.show_notice(problem)

    def close(self) -> None:
        self._withdraw()
        for unsubscribe in self._unsubscribe:
            unsubscribe()
        self.reminders.close()
        if self.tray is not None:
            self.tray.hide()
        for watch in self.watches:
            watch.notifier.setEnabled(False)
        for bus in (self.ports.session_bus, self.ports.system_bus):
            if bus is not None:
                bus.close()
        for closer in self.ports.closers:
            closer()


def give_back_memory() -> None:
    """Waiting in the tray, Unwind empties Qt's pixmap cache and hands the heap it freed
    (pages, pixmaps) back to the system: glibc keeps freed memory for reuse otherwise. An
    emptied cache also stops its timer, which wakes the process every 30 s while it holds
    anything."""
    import ctypes
    import ctypes.util

    QPixmapCache.clear()
    name = ctypes.util.find_library("c")
    if name is None:
        return
    try:
        trim = ctypes.CDLL(name).malloc_trim
    except (OSError, AttributeError):  # not glibc
        return
    trim(0)


def real_desktop(app: QApplication) -> DesktopPorts:
    """The session and system buses, X11 or Wayland idle time, full screen and DND."""
    from unwind.desktop.quiet import do_not_disturb_readers, wayland_idle
    from unwind.desktop.x11 import X11Desktop

    session, system = Bus.connect("SESSION"), Bus.connect("SYSTEM")
    ports = DesktopPorts(session_bus=session, system_bus=system)
    ports.do_not_disturb = do_not_disturb_readers(session)
    x11 = X11Desktop.open() if app.platformName() == "xcb" else None
    if x11 is not None:
        ports.idle = x11.idle_seconds
        ports.full_screen = x11.full_screen_in_front
        ports.closers.append(x11.close)
    elif session is not None and app.platformName().startswith("wayland"):
        ports.idle = wayland_idle(session)
    return ports
