"""Quitting from outside the window ends the session as quit: signals, logout, the app's end."""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator

import pytest
from PySide6.QtCore import SIGNAL, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from support.fakes import FakeClock
from unwind.core.practice import How
from unwind.journal.models import Ending
from unwind.journal.store import JournalStore
from unwind.ui.main_window import MainWindow
from unwind.ui.quitting import INTERRUPTED, QuitWatcher


class Quits:
    def __init__(self) -> None:
        self.count = 0

    def __call__(self) -> None:
        self.count += 1


@pytest.fixture
def quits() -> Quits:
    return Quits()


@pytest.fixture
def watcher(qapp: QApplication, window: MainWindow, quits: Quits) -> Iterator[QuitWatcher]:
    made = QuitWatcher(qapp, window.end_for_quit, quits)
    yield made
    made.close()


def start_short(window: MainWindow) -> None:
    window.settings.set("safety_seen", ["short-test"])
    routine = window.library.library.get("short-test")
    assert routine is not None
    window.practice.start(routine)


@pytest.mark.parametrize(
    ("signum", "code"),
    [(signal.SIGTERM, 0), (signal.SIGHUP, 0), (signal.SIGINT, INTERRUPTED)],
)
def test_a_signal_mid_session_records_it_and_quits(
    window: MainWindow,
    watcher: QuitWatcher,
    quits: Quits,
    qtbot: QtBot,
    clock: FakeClock,
    journal: JournalStore,
    signum: int,
    code: int,
) -> None:
    start_short(window)
    clock.advance(33)
    os.kill(os.getpid(), signum)
    qtbot.waitUntil(lambda: quits.count == 1, timeout=5000)
    assert watcher.signalled == signum and watcher.exit_code == code
    record = journal.sessions()[0]
    assert record.ending is Ending.STOPPED
    assert record.practised_seconds == 33
    outcome = window.practice.outcome
    assert outcome is not None and outcome.how is How.QUIT


def test_logout_records_the_session_and_a_note_draft(
    qapp: QApplication,
    window: MainWindow,
    watcher: QuitWatcher,
    qtbot: QtBot,
    clock: FakeClock,
    journal: JournalStore,
) -> None:
    assert qapp.receivers(SIGNAL("commitDataRequest(QSessionManager&)")) >= 1
    window.settings.set("checkins", True)
    start_short(window)
    qtbot.keyClick(window.checkin, Qt.Key.Key_Escape)
    clock.advance(200)
    window.player.refresh()
    qtbot.keyClicks(window.finish.form.note, "before logging out")
    watcher._logout(None)  # type: ignore[arg-type]  # what Qt calls at logout
    record = journal.sessions()[0]
    assert record.note == "before logging out"
    assert record.ending is Ending.COMPLETED


def test_the_app_ending_records_a_session_still_playing(
    qapp: QApplication,
    window: MainWindow,
    watcher: QuitWatcher,
    clock: FakeClock,
    journal: JournalStore,
) -> None:
    start_short(window)
    clock.advance(8)
    qapp.aboutToQuit.emit()
    record = journal.sessions()[0]
    assert (record.ending, record.practised_seconds) == (Ending.STOPPED, 8)


def test_close_puts_the_signal_handlers_back(qapp: QApplication, quits: Quits) -> None:
    before = signal.getsignal(signal.SIGTERM)
    made = QuitWatcher(qapp, lambda: None, quits)
    assert signal.getsignal(signal.SIGTERM) is not before
    made.close()
    assert signal.getsignal(signal.SIGTERM) is before
