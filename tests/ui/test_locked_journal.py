"""A journal another program holds locked: the window never waits on it for long, says so,
keeps the answers in memory and gives them to the file once the lock goes."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator

import pytest

from support.fakes import FakeClock
from ui.test_player import start_short
from unwind.core.practice import Practice
from unwind.journal.opening import BUSY_TIMEOUT_MS
from unwind.journal.store import LOCKED_RETRY_SECONDS, WINDOW_BUSY_TIMEOUT_MS, JournalStore
from unwind.ui.main_window import MainWindow

pytestmark = pytest.mark.usefixtures("journal_faults")


@pytest.fixture
def holder(journal: JournalStore) -> Iterator[sqlite3.Connection]:
    """Another program with the journal's write lock, until the test rolls it back."""
    other = sqlite3.connect(journal.path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    yield other
    other.close()


def begun(window: MainWindow) -> str:
    start_short(window)
    assert window.practice.uid is not None
    return window.practice.uid


def note_on_file(journal: JournalStore, uid: str) -> str:
    with sqlite3.connect(journal.path) as reader:
        return str(reader.execute("SELECT note FROM sessions WHERE uid = ?", (uid,)).fetchone()[0])


def test_the_window_waits_a_moment_not_the_busy_timeout_and_says_why(
    window: MainWindow, practice: Practice, journal: JournalStore, clock: FakeClock
) -> None:
    uid = begun(window)
    assert journal.on_disk
    other = sqlite3.connect(journal.path, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        started = time.monotonic()
        practice.save_note(uid, "Tight")
        waited = time.monotonic() - started
        assert waited < BUSY_TIMEOUT_MS / 1000 / 2, waited  # a moment, not the busy timeout
        assert journal._conn is not None
        tried: list[str] = []
        journal._conn.set_trace_callback(tried.append)
        for typed in ("Tight n", "Tight neck"):  # no wait on the lock again so soon
            clock.advance(1)
            practice.save_note(uid, typed)
        assert tried == []
        journal._conn.set_trace_callback(None)
        assert journal.pending_writes == 1
        assert journal.notice is not None and "another program holds it locked" in journal.notice
        assert "close the other program" in journal.notice
        assert not window.journal_retry.isActive()
        window.journal_refused(journal.notice)  # what the app's recorder hands on
        assert window.journal_retry.isActive()
        assert window.journal_retry.interval() == LOCKED_RETRY_SECONDS * 1000
        shown = journal.session(uid)
        assert shown is not None and shown.note == "Tight neck"
    finally:
        other.execute("ROLLBACK")
        other.close()

    clock.advance(LOCKED_RETRY_SECONDS)
    window.retry_journal()  # what the window's timer does every LOCKED_RETRY_SECONDS

    assert journal.pending_writes == 0 and journal.on_disk
    assert note_on_file(journal, uid) == "Tight neck"
    assert "locked" not in window.notice.label.text()
    assert "saved the answers that waited" in window.notice.label.text()
    assert not window.journal_retry.isActive()  # nothing waits: an idle window has no timer


def test_the_window_retries_while_the_lock_holds_without_losing_anything(
    window: MainWindow,
    practice: Practice,
    journal: JournalStore,
    clock: FakeClock,
    holder: sqlite3.Connection,
) -> None:
    uid = begun(window)
    practice.save_note(uid, "Jaw")
    assert journal.notice is not None
    window.journal_refused(journal.notice)
    clock.advance(LOCKED_RETRY_SECONDS)
    window.retry_journal()
    assert journal.pending_writes == 2 and "locked" in window.notice.label.text()  # begun, note
    holder.execute("ROLLBACK")
    assert window.journal_retry.isActive()
    window.retry_journal()  # the timer's next turn
    assert journal.pending_writes == 0 and note_on_file(journal, uid) == "Jaw"
    assert not window.journal_retry.isActive()


def test_a_store_for_a_window_waits_briefly_for_a_lock_and_a_command_longer(
    journal: JournalStore,
) -> None:
    assert journal._conn is not None
    assert journal._conn.execute("PRAGMA busy_timeout").fetchone()[0] == WINDOW_BUSY_TIMEOUT_MS
    with JournalStore(journal.folder) as command:
        assert command._conn is not None
        assert command._conn.execute("PRAGMA busy_timeout").fetchone()[0] == BUSY_TIMEOUT_MS
