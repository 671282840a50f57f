"""The main window: library, safety, check-in, player, finish and journal pages.

The window shows the practice: it listens to it and turns to the page its stage asks for,
and hands it what the person does. It decides nothing about a session itself.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import cached_property
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QCloseEvent, QKeySequence, QPaintEvent, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from unwind.core.checkin import CheckIn, Moment
from unwind.core.library import RoutineLibrary
from unwind.core.paths import AppPaths
from unwind.core.practice import Event, How, PlaybackStarted, Practice, Stage, StageChanged
from unwind.core.routine import Routine
from unwind.core.settings import Settings
from unwind.ui.end_dialog import EndSessionDialog, ask_to_end
from unwind.ui.theme import Theme, apply_theme
from unwind.ui.widgets import AskToEnd, FirstPaint, KeyGuard, fit_to_screen, letter_key

if TYPE_CHECKING:
    from unwind.journal.store import JournalStore
    from unwind.ui.appearance import Appearance
    from unwind.ui.checkin import CheckInPage
    from unwind.ui.finish import FinishPage
    from unwind.ui.journal.page import HistoryPage
    from unwind.ui.player.page import PlayerPage
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

    def remove(self, message: str) -> None:
        """Takes back one message that no longer holds."""
        if message in self.messages:
            self.messages.remove(message)
            self.label.setText("\n".join(self.messages))
            self.setVisible(bool(self.messages))

    def dismiss(self) -> None:
        self.messages.clear()
        self.hide()


class MainWindow(QMainWindow):
    """The pages, turned to by the practice's stage. Subscribe it to the practice."""

    def __init__(
        self,
        library: RoutineLibrary | None,
        practice: Practice,
        settings: Settings,
        paths: AppPaths,
        theme: Theme,
    ) -> None:
        """Without a library the window is an empty frame until build(): it can be on screen
        while the routines and pages are still being read and made."""
        super().__init__()
        self.setWindowTitle("Unwind")
        self.practice = practice
        self.settings = settings
        self.paths = paths
        self.theme = theme
        self.journal: JournalStore | None = None
        self.reduce_motion = False
        self.keys = KeyGuard(practice.clock.monotonic)
        self.ask_to_end: AskToEnd = ask_to_end
        """Asks before a session practised for over a minute is ended (replaceable in tests)."""
        self.stays_in_tray: Callable[[], bool] = lambda: False
        """Whether closing the window leaves Unwind running in the tray (the tray sets it)."""
        self.quitting = False
        """Unwind is quitting for real: closing the window does not keep it in the tray (Qt
        closes every window when the application quits, and a refusal would stop it)."""
        self._early_notices: list[str] = []
        self.first_paint = FirstPaint()
        # at most the screen's free area less a title bar: on a small screen or with large
        # scaling the window still fits, and the pages scroll or reflow instead
        free = self.screen().availableGeometry().size()
        self.setMinimumSize(min(480, free.width()), min(300, free.height()))
        fit_to_screen(self, 1180, 720)
        if library is not None:
            self.build(library)

    def build(self, library: RoutineLibrary) -> None:
        from unwind.ui.library import LibraryPage

        self.library = LibraryPage(library, self.theme, str(self.paths.routines), self.keys)
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

        from unwind.ui.editor.keeper import RoutineKeeper

        self.keeper = RoutineKeeper(
            self.library,
            self.pages,
            self.practice,
            self.settings,
            self.paths.routines,
            self.theme,
            self.show_notice,
        )
        self.library.start_requested.connect(self.practice.start)
        self.library.safety_requested.connect(self.show_safety)
        self.library.settings_requested.connect(self.show_settings)
        self.library.journal_requested.connect(self.show_journal)
        self.history: HistoryPage | None = None

        keys = (
            (QKeySequence(Qt.Key.Key_F11), self.toggle_full_screen),
            (QKeySequence(QKeySequence.StandardKey.Quit), self.quit_for_real),
            (QKeySequence("Ctrl+Q"), self.quit_for_real),
        )
        for sequence, slot in keys:
            shortcut = QShortcut(sequence, self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(slot)
        letter_key(Qt.Key.Key_M, self, self.toggle_mute, Qt.ShortcutContext.WindowShortcut)
        letter_key(
            Qt.Key.Key_J,
            self.library,
            self.show_journal,
            Qt.ShortcutContext.WidgetWithChildrenShortcut,
        )
        self.show_library()

    # --- pages, built on first use so that start-up pays only for the library -------------

    @cached_property
    def safety(self) -> SafetyPage:
        from unwind.ui.safety import SafetyPage

        page = SafetyPage(self.keys)
        page.accepted.connect(self._safety_accepted)
        page.dismissed.connect(self._safety_dismissed)
        back = QShortcut(QKeySequence(Qt.Key.Key_Escape), page)
        back.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        back.activated.connect(self._safety_dismissed)
        self.pages.addWidget(page)
        return page

    @cached_property
    def checkin(self) -> CheckInPage:
        from unwind.ui.checkin import CheckInPage

        page = CheckInPage(self.theme, self.keys)
        page.form.answered.connect(lambda c: self._answered(Moment.BEFORE, c))
        page.done.connect(self.practice.play)
        page.skipped.connect(self.practice.play)
        page.back_requested.connect(self.practice.abandon)
        self.pages.addWidget(page)
        return page

    @cached_property
    def player(self) -> PlayerPage:
        from unwind.ui.player.page import PlayerPage

        page = PlayerPage(
            self.practice,
            self.settings,
            self.theme,
            lambda parent: self.ask_to_end(parent),
            self.keys,
        )
        page.set_reduce_motion(self.reduce_motion)
        self.pages.addWidget(page)
        return page

    @cached_property
    def finish(self) -> FinishPage:
        from unwind.ui.finish import FinishPage

        page = FinishPage(self.theme, self.keys)
        page.form.answered.connect(lambda c: self._answered(Moment.AFTER, c))
        page.form.note_changed.connect(self.practice.save_note)
        page.library_requested.connect(self._leave_finish)
        page.again_requested.connect(self._again)
        self.pages.addWidget(page)
        return page

    def _built(self, name: str) -> bool:
        return name in self.__dict__

    # --- what the practice says ----------------------------------------------------------

    def __call__(self, event: Event) -> None:
        """The window's listener of the practice: the player hears the session, and each
        stage turns to its page."""
        if isinstance(event, PlaybackStarted) or self._built("player"):
            self.player(event)
        if isinstance(event, StageChanged):
            self._turn_to(event.stage, event.routine)

    def _turn_to(self, stage: Stage, routine: Routine | None) -> None:
        practice = self.practice
        if stage is Stage.LIBRARY:
            if self.keeper.trying:
                self.keeper.show_editor()  # a step was tried: back to the routine being made
            else:
                self.show_library()
        elif stage is Stage.SAFETY:
            self.show_safety(routine)
        elif stage is Stage.BEFORE and routine is not None and practice.uid is not None:
            self.checkin.open_for(practice.uid, routine.title)
            self.pages.setCurrentWidget(self.checkin)
            self.checkin.form.stress.setFocus()
        elif stage is Stage.PLAYING:
            self.pages.setCurrentWidget(self.player)
        elif stage is Stage.AFTER and practice.outcome is not None:
            outcome = practice.outcome
            ask = self.settings.flag("checkins") and outcome.how is not How.QUIT
            self.finish.show_outcome(outcome, ask=ask)
            self.pages.setCurrentWidget(self.finish)
            if self.isFullScreen():
                self.showNormal()

    # --- navigation -----------------------------------------------------------------------

    def show_library(self) -> None:
        self.pages.setCurrentWidget(self.library)
        self.library.focus_list()

    def journal_opened(self, store: JournalStore) -> None:
        """The journal is open: the journal page can be shown."""
        from unwind.journal.store import LOCKED_RETRY_SECONDS

        self.journal = store
        if store.notice:
            self.show_notice(store.notice)
        self.journal_retry = QTimer(self)
        self.journal_retry.setInterval(int(LOCKED_RETRY_SECONDS * 1000))
        self.journal_retry.timeout.connect(self.retry_journal)

    def journal_refused(self, notice: str) -> None:
        """The journal's notice after a write the file did not take: shown, and the answers
        that wait are tried on the file again every little while (a lock from another
        program goes away) until it has them."""
        self.show_notice(notice)
        if self.journal is not None and self.journal.pending_writes:
            self.journal_retry.start()

    def retry_journal(self) -> None:
        """Gives the journal file the answers that wait in memory; once it has them, the
        notice that it refused them is taken back and the retries stop."""
        store = self.journal
        if store is None or store.pending_writes == 0:
            self.journal_retry.stop()
            return
        refused = store.notice
        if not store.retry_pending():
            if store.notice:
                self.show_notice(store.notice)
            return
        self.journal_retry.stop()
        log.info("journal took the answers that waited")
        if refused is not None and self._built("notice"):
            self.notice.remove(refused)
        self.show_notice("Your journal has saved the answers that waited.")

    def show_journal(self) -> None:
        """The journal page is built on first use, so start-up never pays for it."""
        if self.journal is None:
            self.show_notice("The journal is still opening; try again in a moment.")
            return
        if self.history is None:
            from unwind.ui.journal.page import HistoryPage

            self.history = HistoryPage(self.journal, self.theme, self.practice.clock.now)
            self.history.back_requested.connect(self.show_library)
            self.pages.addWidget(self.history)
        self.pages.setCurrentWidget(self.history)
        self.history.focus_table()
        if self.journal.notice:
            self.show_notice(self.journal.notice)

    def make_settings_dialog(self) -> QDialog:
        from unwind.ui.settings_dialog import SettingsDialog

        return SettingsDialog(self.settings, self, self.library.library.routines)

    def show_settings(self) -> None:
        dialog = self.make_settings_dialog()
        dialog.exec()
        dialog.deleteLater()
        if self.settings.notice:
            self.show_notice(self.settings.notice)
        self.library.focus_list()

    def end_dialog(self) -> EndSessionDialog:
        """The question ask_to_end puts, made without asking it."""
        return EndSessionDialog(self)

    def show_safety(self, routine: Routine | None) -> None:
        """The guidance for a routine about to start, or the general guidance (None)."""
        self.safety.show_for(routine)
        self.pages.setCurrentWidget(self.safety)

    def _safety_accepted(self, routine: Routine | None) -> None:
        if routine is None:
            self.show_library()
        else:
            self.practice.accept_safety(routine)

    def _safety_dismissed(self) -> None:
        if self.practice.stage is Stage.SAFETY:
            self.practice.dismiss_safety()
        else:
            self.show_library()

    def _answered(self, moment: Moment, checkin: CheckIn) -> None:
        self.practice.answer(moment, checkin)

    def _leave_finish(self) -> None:
        self.finish.form.flush_note()
        self.practice.leave()

    def _again(self) -> None:
        self.finish.form.flush_note()
        self.practice.again()

    # --- window-wide keys -----------------------------------------------------------------

    # --- the look -------------------------------------------------------------------------

    def follow(self, appearance: Appearance) -> None:
        """Colours and motion follow the settings and the desktop from now on, at once."""
        appearance.theme_changed.connect(self.set_theme)
        appearance.motion_changed.connect(self.set_reduce_motion)
        self.set_reduce_motion(appearance.reduce_motion)
        if appearance.theme != self.theme:
            self.set_theme(appearance.theme)

    def set_theme(self, theme: Theme) -> None:
        """Applies a theme now: the palette and style sheet, then every page that paints
        with the theme's colours itself (those with a `set_theme`)."""
        self.theme = theme
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_theme(app, theme)
        if self._built("keeper"):
            self.keeper.theme = theme  # for an editor made later
        self._tell_pages("set_theme", theme)

    def set_reduce_motion(self, reduced: bool) -> None:
        self.reduce_motion = reduced
        if self._built("keeper"):
            self.keeper.reduce_motion = reduced
        self._tell_pages("set_reduce_motion", reduced)

    def _tell_pages(self, method: str, value: object) -> None:
        """Calls `method(value)` on every page built so far that has it."""
        if not self._built("pages"):
            return
        for index in range(self.pages.count()):
            call = getattr(self.pages.widget(index), method, None)
            if callable(call):
                call(value)

    def toggle_full_screen(self) -> None:
        if self.isFullScreen():
            self.showNormal()
        else:
            self.showFullScreen()

    def toggle_mute(self) -> None:
        self.settings.set("muted", not self.settings.flag("muted"))

    def show_notice(self, message: str) -> None:
        if self._built("notice"):
            self.notice.add(message)
        else:
            self._early_notices.append(message)

    # --- quitting -------------------------------------------------------------------------

    def end_for_quit(self) -> None:
        """Unwind is going away: the note draft is saved to its session, and a session on
        its way or playing ends as quit, with its seconds up to now."""
        if self._built("finish"):
            self.finish.form.flush_note()
        self.practice.quit()
        if self._built("player"):
            self.player.stop_timers()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        self.first_paint.painted()

    def quit_for_real(self) -> None:
        """Ctrl+Q and the tray's Quit: the same question as closing, then Unwind quits, in
        the tray or not."""
        self.quitting = True
        if not self.isVisible():
            self.end_for_quit()
            QApplication.quit()
        elif not self.close():
            self.quitting = False

    def closeEvent(self, event: QCloseEvent) -> None:
        """Closing the window is the same decision as Esc: after a minute of practice it
        asks first, and Keep going keeps the window open. Unsaved changes in the editor are
        asked about too. A session ended this way is recorded as quit; with the tray showing,
        Unwind then stays there."""
        if not self.practice.may_end(lambda: self.ask_to_end(self)) or not self.keeper.may_close():
            event.ignore()
            return
        self.end_for_quit()
        if not self.quitting and self.stays_in_tray():
            self.practice.leave()
            event.ignore()
            self.hide()
            return
        super().closeEvent(event)
        if self.quitting or not QApplication.quitOnLastWindowClosed():
            QApplication.quit()
