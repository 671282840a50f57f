"""The composition root: builds the services, wires them together, runs the window."""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from unwind import APP_ID, APP_NAME, __version__
from unwind.core.clock import Clock, SystemClock
from unwind.core.library import RoutineLibrary
from unwind.core.paths import AppPaths
from unwind.core.private_files import create_private_file, make_private_folder
from unwind.core.settings import Settings
from unwind.resources import icons_folder

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication, QWidget

    from unwind.audio.session_voice import SessionVoice
    from unwind.audio.voice_lines import VoiceLines
    from unwind.audio.voice_out import MixerVoice
    from unwind.core.practice import Event, Practice
    from unwind.core.routine import Routine
    from unwind.desktop.instance import Claim
    from unwind.journal.store import JournalStore
    from unwind.ui.companion import Companion
    from unwind.ui.main_window import MainWindow
    from unwind.ui.widgets import FirstPaint

log = logging.getLogger(__name__)

FILL_AT_THE_LATEST_MS = 1000
"""The window fills after its first paint, or after this long if it is never painted."""
QUIT_FADE_MS = 600
"""At quit, a soundscape still playing fades out over this long before the device closes."""


def setup_logging(paths: AppPaths) -> Path | None:
    """Logs to the user's log folder, private (0700, the file 0600) like the journal: it
    says when each routine was done. When it cannot be written, warnings go to stderr."""
    root = logging.getLogger()
    root.setLevel(logging.INFO)
    try:
        make_private_folder(paths.log)
        create_private_file(paths.log_file)
        handler: logging.Handler = QuietFileHandler(paths.log_file)
        result: Path | None = paths.log_file
    except OSError:
        handler = logging.StreamHandler(sys.stderr)
        handler.setLevel(logging.WARNING)
        result = None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    return result


class QuietFileHandler(logging.FileHandler):
    """A log file that, when the disk refuses it (full, gone), says so once on stderr in one
    line, instead of a traceback for every record."""

    def __init__(self, path: Path) -> None:
        super().__init__(path, encoding="utf-8")
        self.failed = False

    def close(self) -> None:
        try:
            super().close()
        except OSError:
            self.handleError(logging.makeLogRecord({}))

    def handleError(self, record: logging.LogRecord) -> None:
        if self.failed:
            return
        self.failed = True
        error = sys.exc_info()[1]
        reason = error.strerror if isinstance(error, OSError) and error.strerror else error
        print(
            f"unwind: the log {self.baseFilename} cannot be written ({reason}); "
            "Unwind goes on without it.",
            file=sys.stderr,
        )


def run_gui(
    paths: AppPaths,
    *,
    start_id: str | None = None,
    quit_when_done: bool = False,
    clock: Clock | None = None,
    library: RoutineLibrary | None = None,
    in_tray: bool = False,
    claim: Claim | None = None,
) -> int:
    """Puts a window on screen first, then fills it on the next turn of the event loop.

    `in_tray` starts without the window (at login); `claim` is this data folder's instance
    lock, whose socket then takes the commands of a second `unwind`."""
    spare_module_sources()
    from PySide6.QtCore import QTimer
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QApplication

    from unwind.audio.device import DeviceOpener
    from unwind.audio.engine import PygameAudio
    from unwind.audio.session_sound import SessionSound
    from unwind.core.practice import Practice, SessionClosed
    from unwind.ui.appearance import Appearance
    from unwind.ui.instance_server import InstanceServer, WindowCommands
    from unwind.ui.main_window import MainWindow
    from unwind.ui.quitting import QuitWatcher
    from unwind.ui.theme import apply_palette
    from unwind.ui.widgets import GuiThread

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    from unwind.ui.accessibility import install_roles

    install_roles()
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    QGuiApplication.setDesktopFileName(APP_ID)

    settings = Settings(paths.settings_file)
    appearance = Appearance(settings)
    theme = appearance.theme
    apply_palette(app, theme)
    practice = Practice(settings, clock or SystemClock())
    window = MainWindow(None, practice, settings, paths, theme)
    practice.subscribe(window)
    if not in_tray:
        window.show()

    gui = GuiThread()
    audio = PygameAudio()

    def audio_ready() -> None:
        log.info("sound ready: %s", "on" if audio.available else "silent")
        if audio.notice:
            window.show_notice(audio.notice)

    # The mixer opens when the first session is on its way, not at start-up: an open SDL
    # device wakes about 90 times a second even in silence.
    device = DeviceOpener(audio, lambda: gui.later(audio_ready))
    practice.subscribe(SessionSound(audio, settings, device.open))

    def voice_notice(text: str) -> None:
        # once ever: the person knows how to add the voice, or has chosen not to
        def show() -> None:
            if not settings.flag("voice_notice_seen"):
                settings.set("voice_notice_seen", True)
                window.show_notice(text)

        gui.later(show)

    voice = LateVoice(audio.voice, paths.voice_cache, settings, position(practice), voice_notice)
    practice.subscribe(voice)
    if quit_when_done:
        practice.subscribe(
            lambda event: (
                QTimer.singleShot(0, window.quit_for_real)
                if isinstance(event, SessionClosed)
                else None
            )
        )

    def end_for_good() -> None:
        window.quitting = True
        window.end_for_quit()

    watcher = QuitWatcher(app, end_for_good, window.quit_for_real)
    journal: list[JournalStore] = []
    companion: list[Companion] = []
    commands = WindowCommands(window, practice)
    server = None if claim is None else InstanceServer(claim.socket, commands)

    def fill_window() -> None:
        # Everything here waits until the window is on screen: the log, the style, the
        # routines and pages; the journal waits until the library itself has painted.
        log_file = setup_logging(paths)
        log.info("Unwind %s starting; data in %s", __version__, paths.data)
        install_excepthook(window, log_file)
        from unwind.ui.theme import apply_style

        apply_style(app, appearance.theme)
        _set_app_icon(app)
        # the command line may have read them already, to check --start
        routines = library if library is not None else RoutineLibrary.load(paths.routines)
        for broken in routines.broken:
            log.warning("routine file %s", broken.error)
        window.build(routines)
        window.follow(appearance)
        appearance.listen_to_desktop()
        if settings.notice:
            window.show_notice(settings.notice)
        after_first_paint(window.library.first_paint, lambda: open_journal(routines))

    def open_journal(routines: RoutineLibrary) -> None:
        from unwind.journal.recorder import JournalRecorder
        from unwind.journal.store import WINDOW_BUSY_TIMEOUT_MS, JournalStore
        from unwind.ui.unsaved import offer_unsaved

        store = JournalStore(
            paths.journal, now=practice.clock.now, busy_timeout_ms=WINDOW_BUSY_TIMEOUT_MS
        )
        store.recovery_folders = [paths.journal, paths.config]
        journal.append(store)
        practice.subscribe(JournalRecorder(store, window.journal_refused))
        window.journal_opened(store)
        log.info("journal opened %s", "on disk" if store.on_disk else "in memory")
        if store.notice:
            log.info("journal notice: %s", store.notice)
        offer_unsaved(window, store, store.recovery_folders, window.show_notice)
        companion.append(
            start_companion(app, window, practice, settings, paths, routines, store, in_tray)
        )
        commands.ready(routines)  # a start handed over until now begins here
        if start_id is not None:
            routine = routines.get(start_id)
            if routine is None:  # checked by the CLI before; kept for safety
                window.show_notice(f"There is no routine with the id '{start_id}'.")
            else:
                window.library.select_routine(start_id)
                practice.start(routine)

    if in_tray:
        QTimer.singleShot(0, fill_window)
    else:
        after_first_paint(window.first_paint, fill_window)
    code = app.exec()
    window.end_for_quit()
    watcher.close()
    for each in companion:
        each.close()
    if server is not None:
        server.close()
    for store in journal:
        store.close()
        if store.kept_in is not None:
            print(
                f"unwind: answers your journal could not take are kept in {store.kept_in}; "
                "Unwind offers to add them the next time it starts.",
                file=sys.stderr,
            )
    device.join(timeout=5)
    voice.close()
    audio.close(fade_ms=QUIT_FADE_MS)
    return watcher.exit_code if watcher.signalled is not None else int(code)


class LateVoice:
    """The spoken guidance (audio/session_voice.py), built when a session has the voice on
    rather than at start-up: importing it would cost tens of milliseconds before the first
    paint, and a few megabytes in every session without a voice. Switched on during a
    session, it joins that session."""

    def __init__(
        self,
        player: MixerVoice,
        cache: Path,
        settings: Settings,
        position: Callable[[], float | None],
        notice: Callable[[str], None],
    ) -> None:
        self.player, self.cache, self.settings = player, cache, settings
        self.position, self.notice = position, notice
        self.lines: VoiceLines | None = None
        self.listener: SessionVoice | None = None
        self.routine: Routine | None = None
        """The routine of the session on its way, if any."""
        settings.subscribe("voice", lambda _value: self._switched())

    def __call__(self, event: Event) -> None:
        from unwind.core.practice import (
            PlaybackStarted,
            SessionAbandoned,
            SessionBegun,
            SessionClosed,
        )

        if isinstance(event, SessionBegun | PlaybackStarted):
            self.routine = event.routine
        elif isinstance(event, SessionAbandoned | SessionClosed):
            self.routine = None
        if self.listener is None and self.settings.text("voice") != "off":
            self._build()
        if self.listener is not None:
            self.listener(event)

    def _switched(self) -> None:
        if self.listener is None and self.settings.text("voice") != "off":
            listener = self._build()
            if self.routine is not None:
                listener.join(self.routine)

    def _build(self) -> SessionVoice:
        from unwind.audio.session_voice import SessionVoice
        from unwind.audio.voice_lines import VoiceLines

        self.lines = VoiceLines(self.cache, on_notice=self.notice)
        self.listener = SessionVoice(self.player, self.lines, self.settings, self.position)
        return self.listener

    def close(self) -> None:
        if self.lines is not None:
            self.lines.close()


def position(practice: Practice) -> Callable[[], float | None]:
    """The session's elapsed seconds now, or None when nothing plays: for the voice."""

    def elapsed() -> float | None:
        state = practice.state()
        return None if state is None or not practice.playing else state.elapsed

    return elapsed


def start_companion(
    app: QApplication,
    window: MainWindow,
    practice: Practice,
    settings: Settings,
    paths: AppPaths,
    routines: RoutineLibrary,
    store: JournalStore,
    in_tray: bool,
) -> Companion:
    """The tray, the reminders and the system's sleep, once the journal is open (the tray's
    menu lists the routines used most)."""
    from unwind.core.clock import local_zone
    from unwind.ui.companion import Companion, real_desktop
    from unwind.ui.tray import RECENT_SESSIONS

    app.setQuitOnLastWindowClosed(False)  # the window decides, tray or not (see closeEvent)
    return Companion(
        window,
        practice,
        settings,
        routines.routines,
        lambda: [record.routine_id for record in store.sessions(limit=RECENT_SESSIONS)],
        practice.clock,
        local_zone(),
        app.windowIcon(),
        real_desktop(app),
        paths=paths,
        in_tray=in_tray,
    )


def spare_module_sources() -> None:
    """Stops PySide6 from keeping a copy of every Python module's source in memory.

    Once loaded, PySide6 asks of each module imported after it whether its source mentions
    "PySide6" (which decides where its opt-in `__feature__` switches apply). It asks through
    `inspect.getsource`, which leaves every source in `linecache` for good: about 5 MB of
    text in Unwind, a tenth of what it allocates. This gives the same answer from the file's
    bytes and keeps nothing. A PySide6 that no longer has the hook is left as it is.
    """
    import importlib

    try:
        importlib.import_module("shiboken6")
        feature = importlib.import_module("shibokensupport.feature")
    except ImportError:
        return
    if callable(getattr(feature, "_mod_uses_pyside", None)):
        setattr(feature, "_mod_uses_pyside", _mentions_pyside)  # noqa: B010


def _mentions_pyside(module: object) -> bool:
    path = getattr(module, "__file__", None)
    if not isinstance(path, str) or not path.endswith(".py"):
        return False  # built in, compiled or frozen: PySide6 itself answers False for these
    try:
        with open(path, "rb") as source:
            return b"PySide6" in source.read()
    except OSError:
        return False


def after_first_paint(first_paint: FirstPaint, then: Callable[[], None]) -> None:
    """Calls `then` once, on the turn of the event loop after a widget first paints (or after
    FILL_AT_THE_LATEST_MS if it never does, say on a hidden desktop)."""
    from PySide6.QtCore import QTimer

    done = False

    def once() -> None:
        nonlocal done
        if not done:
            done = True
            then()

    first_paint.then(lambda: QTimer.singleShot(0, once))
    QTimer.singleShot(FILL_AT_THE_LATEST_MS, once)


def install_excepthook(parent: QWidget, log_file: Path | None) -> None:
    """An unexpected error becomes a calm message and a log entry, never a traceback."""
    from PySide6.QtWidgets import QMessageBox

    def excepthook(
        kind: type[BaseException], value: BaseException, tb: TracebackType | None
    ) -> None:
        log.error("unexpected error:\n%s", "".join(traceback.format_exception(kind, value, tb)))
        where = f" The details are in {log_file}." if log_file else ""
        QMessageBox.warning(
            parent,
            "Something went wrong",
            f"Unwind hit an unexpected problem: {value}.{where} "
            "Your journal and settings are safe.",
        )

    sys.excepthook = excepthook


def _set_app_icon(app: QApplication) -> None:
    """The window icon from the rendered PNGs: an SVG would load Qt's SVG modules for it.

    Up to 128 px, which is as large as task bars and window switchers draw it (the launcher
    uses the installed hicolor icons): Qt decodes every size it is given into the window's
    icon property, and the 256 and 512 px sizes alone would take 1.3 MB.
    """
    from PySide6.QtGui import QIcon

    hicolor = icons_folder() / "hicolor"
    icon = QIcon()
    for size in (16, 24, 32, 48, 64, 128):
        png = hicolor / f"{size}x{size}" / "apps" / "unwind.png"
        if png.is_file():
            icon.addFile(str(png))
    if not icon.isNull():
        app.setWindowIcon(icon)
