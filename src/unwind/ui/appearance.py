"""What the person sees follows their settings and their desktop: the colours and the motion.

`Appearance` works out the theme from the "theme" setting and, when that says "system", from
the desktop's colour scheme and contrast preference; and whether to reduce motion from the
"reduce_motion" setting and, for "system", from what the desktop says about animations. A
change of any of them applies at once.

The desktop's animation switch is read where it can be: the desktop portal's settings (GNOME's
``enable-animations``, KDE's ``AnimationDurationFactor``), asked without waiting, and KDE's
``kdeglobals`` file. Where none answers, motion stays full until the person chooses.
"""

from __future__ import annotations

import configparser
import logging
import os
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QGuiApplication

from unwind.core.settings import Settings
from unwind.ui.theme import Theme, pick_theme

log = logging.getLogger(__name__)

PORTAL_SERVICE = "org.freedesktop.portal.Desktop"
PORTAL_PATH = "/org/freedesktop/portal/desktop"
PORTAL_SETTINGS = "org.freedesktop.portal.Settings"
MOTION_KEYS = (
    ("org.gnome.desktop.interface", "enable-animations"),
    ("org.kde.kdeglobals.KDE", "AnimationDurationFactor"),
)


def motion_answer(namespace: str, key: str, value: object) -> bool | None:
    """Whether a desktop setting asks for reduced motion; None when it says nothing."""
    if (namespace, key) == MOTION_KEYS[0] and isinstance(value, bool):
        return not value
    if (namespace, key) == MOTION_KEYS[1]:
        try:
            return float(str(value)) == 0.0
        except ValueError:
            return None
    return None


def kde_reduces_motion(config_home: Path) -> bool | None:
    """KDE's own file: an animation speed of 0 means no animations."""
    path = config_home / "kdeglobals"
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    try:
        parser.read_string(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, configparser.Error):
        return None
    if not parser.has_option("KDE", "AnimationDurationFactor"):
        return None
    return motion_answer(*MOTION_KEYS[1], parser.get("KDE", "AnimationDurationFactor"))


def _config_home() -> Path:
    return Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")


class DesktopMotion(QObject):
    """Asks the desktop portal, without waiting, whether animations are off.

    Signals: answered(bool) once a setting that says so has been read.
    """

    answered = Signal(bool)

    def __init__(self) -> None:
        super().__init__()
        self._watchers: list[QObject] = []

    def ask(self) -> None:
        found = kde_reduces_motion(_config_home())
        if found is not None:
            self.answered.emit(found)
        if not os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
            return
        from PySide6.QtDBus import QDBusConnection, QDBusMessage, QDBusPendingCallWatcher

        bus = QDBusConnection.sessionBus()
        if not bus.isConnected():
            return
        for namespace, key in MOTION_KEYS:
            message = QDBusMessage.createMethodCall(
                PORTAL_SERVICE, PORTAL_PATH, PORTAL_SETTINGS, "ReadOne"
            )
            message.setArguments([namespace, key])
            message.setAutoStartService(False)  # never start a portal only to ask this
            watcher = QDBusPendingCallWatcher(bus.asyncCall(message, 2000), self)
            watcher.finished.connect(lambda w, n=namespace, k=key: self._read(w, n, k))
            self._watchers.append(watcher)

    def _read(self, watcher: QObject, namespace: str, key: str) -> None:
        from PySide6.QtDBus import QDBusMessage, QDBusPendingCallWatcher, QDBusVariant

        assert isinstance(watcher, QDBusPendingCallWatcher)
        reply = watcher.reply()
        watcher.deleteLater()
        if reply.type() != QDBusMessage.MessageType.ReplyMessage or not reply.arguments():
            return
        value = reply.arguments()[0]
        while isinstance(value, QDBusVariant):
            value = value.variant()
        found = motion_answer(namespace, key, value)
        if found is not None:
            log.info("the desktop %s motion", "reduces" if found else "does not reduce")
            self.answered.emit(found)


class Appearance(QObject):
    """The theme and the motion in force now. Signals: theme_changed(Theme),
    motion_changed(bool) with True for reduced motion."""

    theme_changed = Signal(object)
    motion_changed = Signal(bool)

    def __init__(self, settings: Settings) -> None:
        super().__init__()
        self.settings = settings
        self._desktop_motion: bool | None = None
        self._theme = self._pick()
        self._reduced = self._reduced_now()
        self._unsubscribe = [
            settings.subscribe("theme", lambda _value: self._follow()),
            settings.subscribe("reduce_motion", lambda _value: self._follow()),
        ]
        self._hints = QGuiApplication.styleHints()  # held: its accessibility hints live in it
        self._hints.colorSchemeChanged.connect(lambda _scheme: self._follow())
        accessibility = self._hints.accessibility()
        accessibility.contrastPreferenceChanged.connect(lambda _pref: self._follow())

    @property
    def theme(self) -> Theme:
        return self._theme

    @property
    def reduce_motion(self) -> bool:
        return self._reduced

    def desktop_reduces_motion(self, reduced: bool) -> None:
        """What the desktop says about motion, when it has been read."""
        self._desktop_motion = reduced
        self._follow()

    def listen_to_desktop(self) -> DesktopMotion:
        """Starts asking the desktop about motion; its answer arrives later."""
        motion = DesktopMotion()
        motion.setParent(self)
        motion.answered.connect(self.desktop_reduces_motion)
        motion.ask()
        return motion

    def _pick(self) -> Theme:
        return pick_theme(self.settings.text("theme"))

    def _reduced_now(self) -> bool:
        choice = self.settings.text("reduce_motion")
        if choice == "system":
            return bool(self._desktop_motion)
        return choice == "on"

    def _follow(self) -> None:
        theme = self._pick()
        if theme != self._theme:
            self._theme = theme
            self.theme_changed.emit(theme)
        reduced = self._reduced_now()
        if reduced != self._reduced:
            self._reduced = reduced
            self.motion_changed.emit(reduced)

    def close(self) -> None:
        for unsubscribe in self._unsubscribe:
            unsubscribe()
