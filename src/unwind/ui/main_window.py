"""The main window: library, safety, player and finish pages, and a notice bar."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from unwind.audio.engine import Audio
from unwind.core.paths import AppPaths
from unwind.core.routine import Routine, RoutineLibrary
from unwind.core.session import SessionOutcome
from unwind.core.settings import Settings
from unwind.ui.finish import FinishPage
from unwind.ui.library import LibraryPage
from unwind.ui.player import Clock, PlayerPage
from unwind.ui.safety import SafetyPage
from unwind.ui.theme import Theme


class NoticeBar(QFrame):
    """A quiet, dismissible line for things a person should know (no sound, a damaged file)."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("notice")
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        close = QPushButton("Dismiss")
        close.clicked.connect(self.hide)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(14, 6, 8, 6)
        layout.addWidget(self.label, 1)
        layout.addWidget(close)
        self.messages: list[str] = []
        self.hide()

    def add(self, message: str) -> None:
        if message in self.messages:
            return
        self.messages.append(message)
        self.label.setText("\n".join(self.messages))
        self.show()


class MainWindow(QMainWindow):
    """Signals: session_ended(SessionOutcome), the hook for the journal check-in."""

    session_ended = Signal(object)

    def __init__(
        self,
        library: RoutineLibrary,
        settings: Settings,
        audio: Audio,
        paths: AppPaths,
        theme: Theme,
        clock: Clock,
    ) -> None:
        super().__init__()
        self.setWindowTitle("Unwind")
        self.settings = settings
        self.audio = audio
        self.library = LibraryPage(library, theme, str(paths.routines))
        self.safety = SafetyPage()
        self.player = PlayerPage(audio, settings, theme, clock)
        self.finish = FinishPage()
        self.pages = QStackedWidget()
        for page in (self.library, self.safety, self.player, self.finish):
            self.pages.addWidget(page)
        self.notice = NoticeBar()

        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(12, 8, 12, 0)
        layout.setSpacing(0)
        layout.addWidget(self.notice)
        layout.addWidget(self.pages, 1)
        self.setCentralWidget(central)
        self.setMinimumSize(900, 560)
        self.resize(1180, 720)

        self.library.start_requested.connect(self.begin)
        self.library.safety_requested.connect(self.show_safety)
        self.safety.accepted.connect(self._safety_accepted)
        self.safety.dismissed.connect(self.show_library)
        self.player.ended.connect(self._ended)
        self.finish.library_requested.connect(self.show_library)
        self.finish.again_requested.connect(self._again)
        self._last: Routine | None = None

        for key, slot in (
            (Qt.Key.Key_F11, self.toggle_full_screen),
            (Qt.Key.Key_M, self.toggle_mute),
        ):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(slot)
        back = QShortcut(QKeySequence(Qt.Key.Key_Escape), self.safety)
        back.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        back.activated.connect(self.show_library)
        self.show_library()

    # --- navigation -----------------------------------------------------------------------

    def show_library(self) -> None:
        self.pages.setCurrentWidget(self.library)
        self.library.focus_list()

    def show_safety(self, routine: Routine | None) -> None:
        self.safety.show_for(routine)
        self.pages.setCurrentWidget(self.safety)

    def begin(self, routine: Routine) -> None:
        """Starts a routine, showing its safety guidance first on a massage routine's first run."""
        seen = list(self.settings.get("safety_seen"))
        if routine.has_massage and routine.id not in seen:
            self.show_safety(routine)
            return
        self._last = routine
        self.pages.setCurrentWidget(self.player)
        self.player.play(routine)

    def _safety_accepted(self, routine: Routine | None) -> None:
        if routine is None:
            self.show_library()
            return
        seen = list(self.settings.get("safety_seen"))
        if routine.id not in seen:
            self.settings.set("safety_seen", [*seen, routine.id])
        self.begin(routine)

    def _ended(self, outcome: SessionOutcome) -> None:
        self.finish.show_outcome(outcome)
        self.pages.setCurrentWidget(self.finish)
        if self.isFullScreen():
            self.showNormal()
        self.session_ended.emit(outcome)

    def _again(self) -> None:
        if self._last is not None:
            self.begin(self._last)

    # --- window-wide keys -----------------------------------------------------------------

    def toggle_full_screen(self) -> None:
        if self.isFullScreen():
            self.showNormal()
        else:
            self.showFullScreen()

    def toggle_mute(self) -> None:
        self.player.toggle_mute()

    def show_notice(self, message: str) -> None:
        self.notice.add(message)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.player.stop_timers()
        self.audio.stop_ambient(0)
        super().closeEvent(event)
