"""What an X11 desktop can say about the person at it, through Xlib by ctypes (no Qt).

`idle_seconds()` is the screen-saver extension's time since the last keyboard or mouse input
(xdotool's synthetic input resets it too). `full_screen_in_front()` says whether the window
in front covers the whole screen or says it is full screen (_NET_WM_STATE_FULLSCREEN): a
presentation, a video, a game. Each opens one private connection to the X server on first
use; nothing is read unless asked, so it costs no wake-ups. On Wayland (or without libX11 and
libXss) `X11Desktop.open()` gives None and callers read what they can elsewhere.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import os
from typing import Any

log = logging.getLogger(__name__)

Display = ctypes.c_void_p
Window = ctypes.c_ulong
Atom = ctypes.c_ulong
XA_ATOM = 4
XA_WINDOW = 33
POINTER_ROOT = 1


class _ScreenSaverInfo(ctypes.Structure):
    _fields_ = (
        ("window", Window),
        ("state", ctypes.c_int),
        ("kind", ctypes.c_int),
        ("til_or_since", ctypes.c_ulong),
        ("idle", ctypes.c_ulong),
        ("event_mask", ctypes.c_ulong),
    )


class _WindowAttributes(ctypes.Structure):
    _fields_ = (
        ("x", ctypes.c_int),
        ("y", ctypes.c_int),
        ("width", ctypes.c_int),
        ("height", ctypes.c_int),
        ("border_width", ctypes.c_int),
        ("depth", ctypes.c_int),
        ("visual", ctypes.c_void_p),
        ("root", Window),
        ("class_", ctypes.c_int),
        ("bit_gravity", ctypes.c_int),
        ("win_gravity", ctypes.c_int),
        ("backing_store", ctypes.c_int),
        ("backing_planes", ctypes.c_ulong),
        ("backing_pixel", ctypes.c_ulong),
        ("save_under", ctypes.c_int),
        ("colormap", ctypes.c_ulong),
        ("map_installed", ctypes.c_int),
        ("map_state", ctypes.c_int),
        ("all_event_masks", ctypes.c_long),
        ("your_event_mask", ctypes.c_long),
        ("do_not_propagate_mask", ctypes.c_long),
        ("override_redirect", ctypes.c_int),
        ("screen", ctypes.c_void_p),
    )


_ErrorHandler = ctypes.CFUNCTYPE(ctypes.c_int, Display, ctypes.c_void_p)


def _ignore(_display: Any, _event: Any) -> int:
    """Xlib's own handler ends the process on an error, such as a window that closed while
    it was being read; such a window is simply not in front any more."""
    return 0


_ignore_error = _ErrorHandler(_ignore)


def _load(name: str) -> ctypes.CDLL | None:
    found = ctypes.util.find_library(name)
    if found is None:
        return None
    try:
        return ctypes.CDLL(found)
    except OSError:
        return None


class X11Desktop:
    """One private connection to the X server, for reading idle time and the front window."""

    def __init__(self, x11: ctypes.CDLL, xss: ctypes.CDLL | None, display: int) -> None:
        self._x11 = x11
        self._xss = xss
        self._display = display
        self._root = x11.XDefaultRootWindow(display)
        self._info = xss.XScreenSaverAllocInfo() if xss is not None else None
        self._atoms: dict[str, int] = {}

    @classmethod
    def open(cls, display_name: str | None = None) -> X11Desktop | None:
        """None on Wayland, without an X display, or without the libraries."""
        name = display_name or os.environ.get("DISPLAY", "")
        if not name or os.environ.get("WAYLAND_DISPLAY"):
            return None
        x11 = _load("X11")
        if x11 is None:
            return None
        _declare(x11)
        x11.XSetErrorHandler(_ignore_error)
        display = x11.XOpenDisplay(name.encode())
        if not display:
            log.info("cannot open X display %s to read idle time", name)
            return None
        xss = _load("Xss")
        if xss is not None:
            xss.XScreenSaverAllocInfo.restype = ctypes.POINTER(_ScreenSaverInfo)
            xss.XScreenSaverQueryInfo.argtypes = (
                Display,
                Window,
                ctypes.POINTER(_ScreenSaverInfo),
            )
            event_base, error_base = ctypes.c_int(), ctypes.c_int()
            xss.XScreenSaverQueryExtension.argtypes = (
                Display,
                ctypes.POINTER(ctypes.c_int),
                ctypes.POINTER(ctypes.c_int),
            )
            if not xss.XScreenSaverQueryExtension(
                display, ctypes.byref(event_base), ctypes.byref(error_base)
            ):
                log.info("the X server has no screen-saver extension: idle time unknown")
                xss = None
        return cls(x11, xss, display)

    def idle_seconds(self) -> float | None:
        """Seconds since the last input, or None where the server cannot tell."""
        if self._xss is None or self._info is None:
            return None
        if not self._xss.XScreenSaverQueryInfo(self._display, self._root, self._info):
            return None
        return float(self._info.contents.idle) / 1000.0

    # --- the window in front ---------------------------------------------------------------

    def _atom(self, name: str) -> int:
        if name not in self._atoms:
            self._atoms[name] = int(self._x11.XInternAtom(self._display, name.encode(), False))
        return self._atoms[name]

    def _property(self, window: int, name: str, kind: int) -> list[int]:
        actual_type, actual_format = Atom(), ctypes.c_int()
        count, after = ctypes.c_ulong(), ctypes.c_ulong()
        data = ctypes.POINTER(ctypes.c_ulong)()
        status = self._x11.XGetWindowProperty(
            self._display,
            window,
            self._atom(name),
            0,
            1024,
            False,
            kind,
            ctypes.byref(actual_type),
            ctypes.byref(actual_format),
            ctypes.byref(count),
            ctypes.byref(after),
            ctypes.byref(data),
        )
        if status != 0 or not data:
            return []
        try:
            if actual_format.value != 32:
                return []
            return [int(data[i]) for i in range(count.value)]
        finally:
            self._x11.XFree(data)

    def front_window(self) -> int | None:
        """The active window (the window manager's _NET_ACTIVE_WINDOW), else the focus."""
        active = self._property(self._root, "_NET_ACTIVE_WINDOW", XA_WINDOW)
        if active and active[0]:
            return active[0]
        focus, revert = Window(), ctypes.c_int()
        self._x11.XGetInputFocus(self._display, ctypes.byref(focus), ctypes.byref(revert))
        if focus.value in (0, POINTER_ROOT, self._root):
            return None
        return int(focus.value)

    def _top_level(self, window: int) -> list[int]:
        """The window and its ancestors below the root, innermost first."""
        chain = []
        current = window
        for _ in range(32):
            root, parent = Window(), Window()
            children = ctypes.POINTER(Window)()
            count = ctypes.c_uint()
            if not self._x11.XQueryTree(
                self._display,
                current,
                ctypes.byref(root),
                ctypes.byref(parent),
                ctypes.byref(children),
                ctypes.byref(count),
            ):
                break
            if children:
                self._x11.XFree(children)
            chain.append(current)
            if parent.value in (0, root.value):
                break
            current = parent.value
        return chain

    def full_screen_in_front(self) -> bool | None:
        """Whether the window in front is full screen; None when no window is in front."""
        window = self.front_window()
        if window is None:
            return None
        chain = self._top_level(window)
        if not chain:
            return None
        fullscreen = self._atom("_NET_WM_STATE_FULLSCREEN")
        if any(fullscreen in self._property(w, "_NET_WM_STATE", XA_ATOM) for w in chain):
            return True
        attributes = _WindowAttributes()
        if not self._x11.XGetWindowAttributes(self._display, chain[-1], ctypes.byref(attributes)):
            return None
        screen = self._x11.XDefaultScreen(self._display)
        width = self._x11.XDisplayWidth(self._display, screen)
        height = self._x11.XDisplayHeight(self._display, screen)
        covers = attributes.width >= width and attributes.height >= height
        return bool(covers and attributes.map_state == 2)  # IsViewable

    def close(self) -> None:
        if self._display:
            self._x11.XCloseDisplay(self._display)
            self._display = 0


def _declare(x11: ctypes.CDLL) -> None:
    x11.XOpenDisplay.restype = Display
    x11.XOpenDisplay.argtypes = (ctypes.c_char_p,)
    x11.XCloseDisplay.argtypes = (Display,)
    x11.XSetErrorHandler.argtypes = (_ErrorHandler,)
    x11.XDefaultRootWindow.restype = Window
    x11.XDefaultRootWindow.argtypes = (Display,)
    x11.XDefaultScreen.argtypes = (Display,)
    x11.XDisplayWidth.argtypes = (Display, ctypes.c_int)
    x11.XDisplayHeight.argtypes = (Display, ctypes.c_int)
    x11.XInternAtom.restype = Atom
    x11.XInternAtom.argtypes = (Display, ctypes.c_char_p, ctypes.c_int)
    x11.XGetWindowProperty.argtypes = (
        Display,
        Window,
        Atom,
        ctypes.c_long,
        ctypes.c_long,
        ctypes.c_int,
        Atom,
        ctypes.POINTER(Atom),
        ctypes.POINTER(ctypes.c_int),
        ctypes.POINTER(ctypes.c_ulong),
        ctypes.POINTER(ctypes.c_ulong),
        ctypes.POINTER(ctypes.POINTER(ctypes.c_ulong)),
    )
    x11.XFree.argtypes = (ctypes.c_void_p,)
    x11.XGetInputFocus.argtypes = (Display, ctypes.POINTER(Window), ctypes.POINTER(ctypes.c_int))
    x11.XQueryTree.argtypes = (
        Display,
        Window,
        ctypes.POINTER(Window),
        ctypes.POINTER(Window),
        ctypes.POINTER(ctypes.POINTER(Window)),
        ctypes.POINTER(ctypes.c_uint),
    )
    x11.XGetWindowAttributes.argtypes = (Display, Window, ctypes.POINTER(_WindowAttributes))
