"""The composition root: builds the services, wires them together, runs the window."""

from __future__ import annotations

import logging
import sys
import threading
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from unwind import APP_ID, APP_NAME, __version__
from unwind.core.paths import AppPaths
from unwind.core.routine import RoutineLibrary
from unwind.core.session import SessionOutcome
from unwind.core.settings import Settings

log = logging.getLogger(__name__)


def setup_logging(paths: AppPaths) -> Path | None:
    """Logs to the user's log folder; when it cannot be written, warnings go to stderr."""
    root = logging.getLogger()
    root.setLevel(logging.INFO)
    try:
        paths.log.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.FileHandler(paths.log_file, encoding="utf-8")
        result: Path | None = paths.log_file
    except OSError:
        handler = logging.StreamHandler(sys.stderr)
        handler.setLevel(logging.WARNING)
        result = None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    return result


def run_gui(
    paths: AppPaths,
    *,
    start_id: str | None = None,
    quit_when_done: bool = False,
    clock: Callable[[], float] = time.monotonic,
) -> int:
    log_file = setup_logging(paths)
    log.info("Unwind %s starting; data in %s", __version__, paths.data)

    from PySide6.QtCore import QObject, QTimer, Signal
    from PySide6.QtGui import QGuiApplication, QIcon
    from PySide6.QtWidgets import QApplication, QMessageBox

    from unwind.audio.engine import PygameAudio
    from unwind.ui.main_window import MainWindow
    from unwind.ui.theme import apply_theme, pick_theme

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    QGuiApplication.setDesktopFileName(APP_ID)
    icon = _app_icon()
    if icon is not None:
        app.setWindowIcon(QIcon(icon))

    settings = Settings(paths.settings_file)
    theme = pick_theme(str(settings.get("theme")))
    apply_theme(app, theme)
    library = RoutineLibrary.load(paths.routines)
    audio = PygameAudio()
    window = MainWindow(library, settings, audio, paths, theme, clock)

    def excepthook(
        kind: type[BaseException], value: BaseException, tb: TracebackType | None
    ) -> None:
        log.error("unexpected error:\n%s", "".join(traceback.format_exception(kind, value, tb)))
        where = f" The details are in {log_file}." if log_file else ""
        QMessageBox.warning(
            window,
            "Something went wrong",
            f"Unwind hit an unexpected problem: {value}.{where} "
            "Your journal and settings are safe.",
        )

    sys.excepthook = excepthook

    if settings.notice:
        window.show_notice(settings.notice)
    for broken in library.broken:
        log.warning("routine file %s", broken.error)

    class AudioReady(QObject):
        ready = Signal()

    bridge = AudioReady()

    def audio_ready() -> None:
        log.info("sound ready: %s", "on" if audio.available else "silent")
        if audio.notice:
            window.show_notice(audio.notice)

    bridge.ready.connect(audio_ready)

    def open_audio() -> None:
        audio.start()
        bridge.ready.emit()

    audio_thread = threading.Thread(target=open_audio, name="unwind-audio", daemon=True)

    def ended(outcome: SessionOutcome) -> None:
        log.info(
            "session %s %s after %.1f s", outcome.routine_id, outcome.how, outcome.seconds_completed
        )

    window.session_ended.connect(ended)
    if quit_when_done:
        window.session_closed.connect(lambda: QTimer.singleShot(0, app.quit))

    def after_first_show() -> None:
        # The mixer and the journal open once the window is on screen; the mixer off the GUI
        # thread. Neither delays the first paint.
        audio_thread.start()
        from unwind.journal.store import JournalStore

        store = JournalStore(paths.journal)
        window.journal = store
        if store.notice:
            window.show_notice(store.notice)
        if start_id is not None:
            routine = library.get(start_id)
            if routine is None:  # checked by the CLI before; kept for safety
                window.show_notice(f"There is no routine with the id '{start_id}'.")
            else:
                window.library.select_routine(start_id)
                window.begin(routine)

    window.show()
    QTimer.singleShot(0, after_first_show)
    code = app.exec()
    if window.journal is not None:
        window.journal.close()
    if audio_thread.is_alive():
        audio_thread.join(timeout=5)
    audio.close()
    return int(code)


def _app_icon() -> str | None:
    from importlib import resources

    icon = resources.files("unwind") / "assets" / "icons" / "unwind.svg"
    return str(icon) if icon.is_file() else None
