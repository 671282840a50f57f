"""Opening the sound device off the GUI thread, once, when a session is on its way."""

from __future__ import annotations

import threading
from collections.abc import Callable

from unwind.audio.base import Audio


class DeviceOpener:
    """`open()` starts the audio's `start()` on a worker thread the first time it is called;
    `on_ready()` is then called from that thread when the device is open (or silent)."""

    def __init__(self, audio: Audio, on_ready: Callable[[], None] = lambda: None) -> None:
        self.audio = audio
        self.on_ready = on_ready
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def open(self) -> None:
        with self._lock:
            if self._thread is not None:
                return
            self._thread = threading.Thread(target=self._run, name="unwind-audio", daemon=True)
            self._thread.start()

    def _run(self) -> None:
        self.audio.start()
        self.on_ready()

    def join(self, timeout: float) -> None:
        thread = self._thread
        if thread is not None and thread.is_alive():
            thread.join(timeout)
