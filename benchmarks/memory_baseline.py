"""The memory baseline: a bare PySide6 window plus an open pygame mixer, nothing else.

    SDL_AUDIODRIVER=dummy python -m benchmarks.memory_baseline

A QWidget of the app's window size, titled "bare memory", shown, and pygame.mixer opened at
the app's format (44.1 kHz, 16-bit stereo, 512-frame buffer). It runs until it is ended.
"""

from __future__ import annotations

import os
import sys

from PySide6.QtWidgets import QApplication, QWidget

from benchmarks.sizes import WINDOW_SIZE

TITLE = "bare memory"


def main() -> int:
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    app = QApplication(sys.argv[:1])
    import pygame.mixer

    pygame.mixer.init(frequency=44100, size=-16, channels=2, buffer=512)
    window = QWidget()
    window.setWindowTitle(TITLE)
    window.resize(*WINDOW_SIZE)
    window.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
