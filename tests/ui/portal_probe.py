"""Asks the session bus's desktop portal, as Unwind does at start-up, whether to reduce
motion, and prints the answer (true, false or none). Run by test_desktop_motion.py."""

from __future__ import annotations

import sys

from PySide6.QtCore import QCoreApplication, QTimer

from unwind.ui.appearance import DesktopMotion


def main() -> int:
    app = QCoreApplication(sys.argv[:1])
    answers: list[bool] = []
    motion = DesktopMotion()
    motion.answered.connect(answers.append)
    motion.answered.connect(lambda _reduced: QTimer.singleShot(200, app.quit))
    QTimer.singleShot(5000, app.quit)
    motion.ask()
    app.exec()
    print("none" if not answers else str(answers[-1]).lower())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
