"""The main window: library, safety, check-in, player, finish and journal pages."""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import cached_property
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QPaintEvent, QShortcut
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

from unwind.audio.base import Audio
from unwind.core.library import RoutineLibrary
from unwind.core.paths import AppPaths
from unwind.core.routine import Routine
from unwind.core.session import SessionOutcome
from unwind.core.settings import Settings
from unwind.journal.models import CheckIn, Ending, Moment
from unwind.ui.theme import Theme
from unwind.ui.widgets import FirstPaint

if TYPE_CHECKING:
    from unwind.journal.store import JournalStore
    from unwind.ui.checkin import CheckInPage
    from unwind.ui.finish import FinishPage
    from unwind.ui.journal.page import HistoryPage
    from unwind.ui.player.page import Clock, PlayerPage
    from unwind.ui.safety import SafetyPage

log = logging.getLogger(__name__)


class NoticeBar(QFrame):
    """A quiet, dismissible line for things a person should know (no sound, a damaged file)."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("notice")
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        close = QPushButton("Dismiss")
        close.clicked.connect(self.dismiss)
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

    def dismiss(self) -> None:
        self.messages.clear()
        self.hide()


class MainWindow(QMainWindow):
    """Signals: session_ended(SessionOutcome) when a routine stops or finishes;
    session_closed() when the person leaves the finish page (the check-in is done).
    """

    session_ended = Signal(object)
    session_closed = Signal()

    def __init__(
        self,
        library: RoutineLibrary | None,
        settings: Settings,
        audio: Audio,
        paths: AppPaths,
        theme: Theme,
        clock: Clock,
        journal: JournalStore | None = None,
    ) -> None:
        """Without a library the window is an empty frame until build(): it can be on screen
        while the routines and pages are still being read and made."""
        super().__init__()
        self.setWindowTitle("Unwind")
        self.settings = settings
        self.audio = audio
        self.paths = paths
        self.theme = theme
        self.journal = journal
        self.clock = clock
        self._early_notices: list[str] = []
        self.first_paint = FirstPaint()
        self.ensure_audio: Callable[[], None] = lambda: None
        """Opens the sound device; called when a session is on its way."""
        # at most the screen's free area: on a small screen or with large scaling the
        # window still fits, and the layouts scroll or wrap instead
        free = self.screen().availableGeometry().size()
        self.setMinimumSize(min(760, free.width()), min(480, free.height()))
        self.resize(min(1180, free.width()), min(720, free.height()))
        if library is not None:
            self.build(library)

    def build(self, library: RoutineLibrary) -> None:
        from unwind.ui.library import LibraryPage

        theme = self.theme
        self.library = LibraryPage(library, theme, str(self.paths.routines))
        self.pages = QStackedWidget()
        self.pages.addWidget(self.library)
        self.notice = NoticeBar()
        for message in self._early_notices:
            self.notice.add(message)

        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(12, 8, 12, 0)
        layout.setSpacing(0)
        layout.addWidget(self.notice)
        layout.addWidget(self.pages, 1)
        self.setCentralWidget(central)

        self._routine: Routine | None = None
        self._uid: str | None = None

        self.library.start_requested.connect(self.begin)
        self.library.safety_requested.connect(self.show_safety)
        self.library.settings_requested.connect(self.show_settings)
        self.library.journal_requested.connect(self.show_journal)
        self.history: HistoryPage | None = None

        keys = ((Qt.Key.Key_F11, self.toggle_full_screen), (Qt.Key.Key_M, self.toggle_mute))
        for key, slot in keys:
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(slot)
        journal_key = QShortcut(QKeySequence(Qt.Key.Key_J), self.library)
        journal_key.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        journal_key.activated.connect(self.show_journal)
        self.show_library()

    # --- pages, built on first use so that start-up pays only for the library -------------

    @cached_property
    def safety(self) -> SafetyPage:
        from unwind.ui.safety import SafetyPage

        page = SafetyPage()
        page.accepted.connect(self._safety_accepted)
        page.dismissed.connect(self.show_library)
        back = QShortcut(QKeySequence(Qt.Key.Key_Escape), page)
        back.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        back.activated.connect(self.show_library)
        self.pages.addWidget(page)
        return page

    @cached_property
    def checkin(self) -> CheckInPage:
        from unwind.ui.checkin import CheckInPage

        page = CheckInPage(self.theme)
        page.form.answered.connect(lambda c: self._record(Moment.BEFORE, c))
        page.done.connect(self._play)
        page.skipped.connect(self._play)
        page.back_requested.connect(self._abandon)
        self.pages.addWidget(page)
        return page

    @cached_property
    def player(self) -> PlayerPage:
        from unwind.ui.player.page import PlayerPage

        page = PlayerPage(self.audio, self.settings, self.theme, self.clock)
        page.step_changed.connect(self._progress)
        page.ended.connect(self._ended)
        self.pages.addWidget(page)
        return page

    @cached_property
    def finish(self) -> FinishPage:
        from unwind.ui.finish import FinishPage

        page = FinishPage(self.theme)
        page.form.answered.connect(lambda c: self._record(Moment.AFTER, c))
        page.form.note_changed.connect(self._save_note)
        page.library_requested.connect(self._leave_finish)
        page.again_requested.connect(self._again)
        self.pages.addWidget(page)
        return page

    def _built(self, name: str) -> bool:
        return name in self.__dict__

    # --- navigation -----------------------------------------------------------------------

    def show_library(self) -> None:
        self.pages.setCurrentWidget(self.library)
        self.library.focus_list()

    def show_journal(self) -> None:
        """The journal page is built on first use, so start-up never pays for it."""
        if self.journal is None:
            self.show_notice("The journal is still opening; try again in a moment.")
            return
        if self.history is None:
            from unwind.ui.journal.page import HistoryPage

            self.history = HistoryPage(self.journal, self.theme)
            self.history.back_requested.connect(self.show_library)
            self.pages.addWidget(self.history)
        self.pages.setCurrentWidget(self.history)
        self.history.focus_table()
        self._check_journal()

    def show_settings(self) -> None:
        from unwind.ui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.settings, self)
        dialog.changed.connect(self._settings_changed)
        dialog.exec()
        if self.settings.notice:
            self.show_notice(self.settings.notice)

    def _settings_changed(self, _name: str) -> None:
        if self._built("player"):
            self.player.sync_controls()
        else:
            self.audio.set_volumes(
                float(self.settings.get("ambient_volume")), float(self.settings.get("cue_volume"))
            )
            self.audio.set_muted(bool(self.settings.get("muted")))

    def show_safety(self, routine: Routine | None) -> None:
        self.safety.show_for(routine)
        self.pages.setCurrentWidget(self.safety)

    def begin(self, routine: Routine) -> None:
        """Safety first on a massage routine's first run, then the check-in, then the player."""
        self.ensure_audio()
        seen = list(self.settings.get("safety_seen"))
        if routine.has_massage and routine.id not in seen:
            self.show_safety(routine)
            return
        self._routine = routine
        self._uid = None
        if self.journal is not None:
            self._uid = self.journal.begin_session(routine.id, routine.title, routine.duration)
            self._check_journal()
        if self.settings.get("checkins"):
            self.checkin.open_for(routine.title)
            self.pages.setCurrentWidget(self.checkin)
            self.checkin.form.stress.setFocus()
            log.info("check-in before %s", routine.id)
        else:
            self._play()

    def _play(self) -> None:
        if self._routine is None:
            return
        self.pages.setCurrentWidget(self.player)
        self.player.play(self._routine)

    def _abandon(self) -> None:
        """Back from the check-in: the session never began, so it leaves no entry."""
        if self.journal is not None and self._uid is not None:
            self.journal.delete_session(self._uid)
        self._uid = None
        self.show_library()

    def _safety_accepted(self, routine: Routine | None) -> None:
        if routine is None:
            self.show_library()
            return
        seen = list(self.settings.get("safety_seen"))
        if routine.id not in seen:
            self.settings.set("safety_seen", [*seen, routine.id])
        self.begin(routine)

    def _ended(self, outcome: SessionOutcome) -> None:
        if self.journal is not None and self._uid is not None:
            ending = Ending.COMPLETED if outcome.completed else Ending.STOPPED
            self.journal.end_session(self._uid, outcome.seconds_completed, ending)
            self._check_journal()
        ask = bool(self.settings.get("checkins"))
        self.finish.show_outcome(outcome, ask=ask)
        if ask:
            log.info("check-in after %s", outcome.routine_id)
        self.pages.setCurrentWidget(self.finish)
        if self.isFullScreen():
            self.showNormal()
        self.session_ended.emit(outcome)
        if not ask:
            self.session_closed.emit()

    def _leave_finish(self) -> None:
        self.finish.form.flush_note()
        self._uid = None
        self.show_library()
        self.session_closed.emit()

    def _again(self) -> None:
        self.finish.form.flush_note()
        routine = self._routine
        self.session_closed.emit()
        if routine is not None:
            self.begin(routine)

    # --- journal --------------------------------------------------------------------------

    def _record(self, moment: Moment, checkin: CheckIn) -> None:
        if self.journal is not None and self._uid is not None:
            self.journal.record_checkin(self._uid, moment, checkin)
            self._check_journal()

    def _save_note(self, text: str) -> None:
        if self.journal is not None and self._uid is not None:
            self.journal.save_note(self._uid, text)
            self._check_journal()

    def _progress(self, elapsed: float) -> None:
        """Keeps the seconds done on disk, so a crash still leaves an honest entry."""
        if self.journal is not None and self._uid is not None and elapsed > 0:
            self.journal.end_session(self._uid, elapsed, Ending.RUNNING)

    def _check_journal(self) -> None:
        if self.journal is not None and self.journal.notice:
            self.show_notice(self.journal.notice)

    # --- window-wide keys -----------------------------------------------------------------

    def toggle_full_screen(self) -> None:
        if self.isFullScreen():
            self.showNormal()
        else:
            self.showFullScreen()

    def toggle_mute(self) -> None:
        if self._built("player"):
            self.player.toggle_mute()
        else:
            muted = not self.settings.get("muted")
            self.settings.set("muted", muted)
            self.audio.set_muted(muted)

    def show_notice(self, message: str) -> None:
        if self._built("notice"):
            self.notice.add(message)
        else:
            self._early_notices.append(message)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        self.first_paint.painted()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._built("player"):
            self.player.stop_timers()
        if self._built("finish"):
            self.finish.form.flush_note()
        self.audio.stop_ambient(0)
        super().closeEvent(event)
