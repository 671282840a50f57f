"""Idle time and the full-screen window in front, read from a real X server (Xvfb)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator

import pytest

from support.xdo import xdotool
from unwind.desktop.x11 import X11Desktop

WINDOW = """
import sys
from PySide6.QtWidgets import QApplication, QWidget
app = QApplication(sys.argv[:1])
window = QWidget()
window.setWindowTitle(sys.argv[1])
window.resize(320, 200)
window.showFullScreen() if sys.argv[2] == "full" else window.show()
app.exec()
"""


@pytest.fixture
def desktop(xvfb_display: str) -> Iterator[X11Desktop]:
    opened = X11Desktop.open(xvfb_display)
    assert opened is not None, "Xvfb has the screen-saver extension and libXss is installed"
    yield opened
    opened.close()


@pytest.mark.xvfb
def test_idle_time_grows_without_input_and_input_resets_it(
    desktop: X11Desktop, xvfb_display: str
) -> None:
    xdotool(xvfb_display, "mousemove", "10", "10")
    first = desktop.idle_seconds()
    assert first is not None and first < 1.0
    deadline = time.monotonic() + 5
    while (desktop.idle_seconds() or 0) < 0.3:  # the server's own idle counter moves
        assert time.monotonic() < deadline
        time.sleep(0.05)
    xdotool(xvfb_display, "mousemove", "40", "40")
    after = desktop.idle_seconds()
    assert after is not None and after < 0.3


@pytest.mark.xvfb
def test_a_full_screen_window_in_front_is_seen(desktop: X11Desktop, xvfb_display: str) -> None:
    env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
    env.update(DISPLAY=xvfb_display, QT_QPA_PLATFORM="xcb")
    windows = []
    try:
        for title, how in (("small one", "small"), ("slides", "full")):
            windows.append(subprocess.Popen([sys.executable, "-c", WINDOW, title, how], env=env))
            found = xdotool(xvfb_display, "search", "--sync", "--onlyvisible", "--name", title)
            xdotool(xvfb_display, "windowfocus", "--sync", found.split()[0])
            expected = how == "full"
            deadline = time.monotonic() + 10
            while desktop.full_screen_in_front() is not expected:
                assert time.monotonic() < deadline, f"{title}: not seen as {how}"
                time.sleep(0.05)
    finally:
        for window in windows:
            window.terminate()
            window.wait(timeout=10)
