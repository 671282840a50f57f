"""The tray icon and its menu: the suggested routine, the person's most used ones, pausing
reminders, opening the window and quitting.

The menu is made afresh each time it opens, so the suggestion follows the time of day and the
pause item says how things stand. Starting a routine goes through the practice, as a click in
the library does. Signals: none; what the menu does comes in as `TrayCommands`.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QFont, QIcon
from PySide6.QtWidgets import QMenu, QSystemTrayIcon

from unwind import APP_NAME
from unwind.core.clock import Clock
from unwind.core.routine import Routine, format_duration

log = logging.getLogger(__name__)

MOST_USED = 3
RECENT_SESSIONS = 200
"""How many of the latest sessions decide which routines are the most used."""


def most_used(routine_ids: Iterable[str], routines: Sequence[Routine], limit: int) -> list[Routine]:
    """The routines met most often (ties by the latest met first), that still exist."""
    by_id = {routine.id: routine for routine in routines}
    counts = Counter(routine_ids)
    order = {routine_id: index for index, routine_id in enumerate(dict.fromkeys(routine_ids))}
    ranked = sorted(counts, key=lambda rid: (-counts[rid], order[rid]))
    return [by_id[rid] for rid in ranked if rid in by_id][:limit]


def tomorrow_morning(now: datetime, zone: tzinfo) -> datetime:
    """The start of the next day, local time."""
    local = now.astimezone(zone)
    midnight = datetime.combine(local.date() + timedelta(days=1), datetime.min.time(), zone)
    return midnight.astimezone(now.tzinfo)


@dataclass(frozen=True)
class TrayCommands:
    suggested: Callable[[], Routine | None]
    most_used: Callable[[], list[Routine]]
    start: Callable[[Routine], None]
    open_window: Callable[[], None]
    quit: Callable[[], None]
    pause_for: Callable[[timedelta | None], None]
    """A pause this long; None pauses until tomorrow."""
    resume: Callable[[], None]
    paused_until: Callable[[], datetime | None]
    reminders_on: Callable[[], bool]


def routine_label(routine: Routine) -> str:
    return f"{routine.title} · {format_duration(routine.duration)}"


class Tray(QObject):
    """The icon in the desktop's tray (XEmbed or StatusNotifierItem, as Qt finds)."""

    def __init__(self, icon: QIcon, commands: TrayCommands, zone: tzinfo, clock: Clock) -> None:
        super().__init__()
        self.commands = commands
        self.zone = zone
        self.clock = clock
        self.icon = QSystemTrayIcon(icon)
        self.icon.setToolTip(APP_NAME)
        self.menu = QMenu()
        self.menu.aboutToShow.connect(self.fill_menu)
        self.icon.setContextMenu(self.menu)
        self.icon.activated.connect(self._activated)
        self.fill_menu()

    @staticmethod
    def available() -> bool:
        return QSystemTrayIcon.isSystemTrayAvailable()

    def show(self) -> None:
        if not self.icon.isVisible():
            self.icon.show()
            log.info("in the tray")

    def hide(self) -> None:
        if self.icon.isVisible():
            self.icon.hide()
            log.info("out of the tray")

    @property
    def visible(self) -> bool:
        return self.icon.isVisible()

    def _activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason is QSystemTrayIcon.ActivationReason.Trigger:
            self.commands.open_window()

    def fill_menu(self) -> None:
        menu = self.menu
        menu.clear()
        commands = self.commands
        suggested = commands.suggested()
        if suggested is not None:
            first = self._start_action(suggested, f"Start {routine_label(suggested)}")
            font = QFont(first.font())
            font.setBold(True)
            first.setFont(font)
        others = [r for r in commands.most_used() if suggested is None or r.id != suggested.id]
        if others:
            menu.addSection("Most used")
            for routine in others:
                self._start_action(routine, routine_label(routine))
        menu.addSeparator()
        if commands.reminders_on():
            self._add_pause_items()
        menu.addAction("Open Unwind", commands.open_window)
        menu.addSeparator()
        menu.addAction("Quit Unwind", commands.quit)

    def _start_action(self, routine: Routine, text: str) -> QAction:
        action = self.menu.addAction(text)
        action.triggered.connect(lambda _checked=False, r=routine: self.commands.start(r))
        return action

    def _add_pause_items(self) -> None:
        until = self.commands.paused_until()
        if until is not None:
            shown = until.astimezone(self.zone)
            label = f"Reminders paused until {shown:%H:%M}"
            if shown.date() != self.clock.now().astimezone(self.zone).date():
                label = f"Reminders paused until {shown:%A %H:%M}"
            paused = self.menu.addAction(label)
            paused.setEnabled(False)
            self.menu.addAction("Resume reminders", self.commands.resume)
        else:
            pause = self.menu.addMenu("Pause reminders")
            pause.addAction("For an hour", lambda: self.commands.pause_for(timedelta(hours=1)))
            pause.addAction("Until tomorrow", lambda: self.commands.pause_for(None))

    def tell(self, title: str, message: str) -> None:
        """The tray's own message, where no notification server answers."""
        self.icon.showMessage(title, message, self.icon.icon(), 15_000)
