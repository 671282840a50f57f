"""Damaged files, read-only and full disks: the session goes on and nothing is lost."""

from __future__ import annotations

import os
import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest
from benchmarks.demo import populate_demo

from journal.records import START, pair, raw
from support.fakes import FakeClock
from unwind.journal import opening
from unwind.journal.models import CheckIn, Ending, Moment
from unwind.journal.store import FILE_NAME, JournalStore, JournalUnavailableError

pytestmark = pytest.mark.usefixtures("journal_faults")


def aside_name(clock: FakeClock) -> str:
    return f"{FILE_NAME}.corrupt-{clock.now().astimezone().strftime('%Y%m%d-%H%M%S')}"


def moved_files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if ".corrupt-" in p.name)


# -- damaged files -------------------------------------------------------------------------


def test_garbage_is_moved_aside_and_a_new_journal_started(folder: Path, clock: FakeClock) -> None:
    folder.mkdir(parents=True)
    garbage = b"this is not a database, just some words\n" * 50
    (folder / FILE_NAME).write_bytes(garbage)

    with JournalStore(folder, now=clock.now) as store:
        aside = folder / aside_name(clock)
        assert store.notice is not None and str(aside) in store.notice
        assert aside.read_bytes() == garbage  # moved, not changed
        uid = store.begin_session("box", "Box breathing", 60)
        assert store.record_checkin(uid, Moment.BEFORE, CheckIn(stress=5))
        assert store.count() == 1 and store.pending_writes == 0


def test_a_truncated_database_is_moved_aside(folder: Path, clock: FakeClock) -> None:
    with JournalStore(folder, now=clock.now) as store:
        populate_demo(store, 400, seed=3)
    path = folder / FILE_NAME
    whole = path.stat().st_size
    with open(path, "r+b") as damaged:
        damaged.truncate(whole // 2)

    with JournalStore(folder, now=clock.now) as store:
        assert store.notice is not None and str(folder / aside_name(clock)) in store.notice
        assert store.count() == 0
    assert (folder / aside_name(clock)).stat().st_size == whole // 2


def test_the_wal_and_shm_move_along_with_a_damaged_file(folder: Path, clock: FakeClock) -> None:
    folder.mkdir(parents=True)
    (folder / FILE_NAME).write_bytes(b"\x00garbage" * 100)
    (folder / f"{FILE_NAME}-wal").write_bytes(b"wal bytes")
    (folder / f"{FILE_NAME}-shm").write_bytes(b"shm bytes")
    JournalStore(folder, now=clock.now).close()
    name = aside_name(clock)
    assert moved_files(folder) == [name, f"{name}-shm", f"{name}-wal"]
    assert (folder / f"{name}-wal").read_bytes() == b"wal bytes"


def test_an_earlier_damaged_file_is_never_overwritten(folder: Path, clock: FakeClock) -> None:
    folder.mkdir(parents=True)
    name = aside_name(clock)
    (folder / name).write_bytes(b"first damaged journal")
    (folder / FILE_NAME).write_bytes(b"second damaged journal")
    with JournalStore(folder, now=clock.now) as store:
        assert store.notice is not None and f"{name}-2" in store.notice
    assert (folder / name).read_bytes() == b"first damaged journal"
    assert (folder / f"{name}-2").read_bytes() == b"second damaged journal"


def test_a_word_that_is_not_utf8_hides_no_session(folder: Path, clock: FakeClock) -> None:
    with JournalStore(folder, now=clock.now) as store:
        store.import_sessions(pair(f"{i:032x}", 6, 3) for i in range(5))
    path = folder / FILE_NAME
    data = path.read_bytes()
    at = data.index(b"00000000000000000000000000000003")
    path.write_bytes(data[:at] + b"\xff" + data[at + 1 :])

    with JournalStore(folder, now=clock.now) as store:
        uids = sorted(record.uid for record in store.sessions())
        assert len(uids) == 5 and "\ufffd0000000000000000000000000000003" in uids
        assert store.notice is None
        assert store.session(f"{4:032x}") is not None


def test_an_empty_file_is_simply_a_new_journal(folder: Path) -> None:
    folder.mkdir(parents=True)
    (folder / FILE_NAME).touch()
    with JournalStore(folder) as store:
        assert store.notice is None
        store.begin_session("box", "Box breathing", 60)
    assert moved_files(folder) == []


# -- a journal the disk will not take --------------------------------------------------------


def test_an_unopenable_journal_keeps_the_session_in_memory_until_retry(folder: Path) -> None:
    # Something that is not a file sits where the journal goes: it cannot be opened, as root
    # too. It is not damage to move aside.
    (folder / FILE_NAME).mkdir(parents=True)
    store = JournalStore(folder)
    assert store.notice is not None and str(folder / FILE_NAME) in store.notice
    assert not store.on_disk

    uid = store.begin_session("box", "Box breathing", 60)
    assert not store.record_checkin(uid, Moment.BEFORE, CheckIn(stress=6))
    assert not store.save_note(uid, "kept in memory")
    assert not store.end_session(uid, 30, Ending.STOPPED)
    assert store.pending_writes == 4
    shown = store.session(uid)
    assert shown is not None and shown.note == "kept in memory"
    assert shown.before == CheckIn(stress=6) and shown.ending is Ending.STOPPED
    assert [s.uid for s in store.sessions()] == [uid] and store.count() == 1
    assert not store.retry_pending() and store.pending_writes == 4

    (folder / FILE_NAME).rmdir()  # the person fixes it
    assert store.retry_pending()
    assert store.pending_writes == 0 and store.notice is None and store.on_disk
    store.close()
    with JournalStore(folder) as again:
        assert again.session(uid) == shown


def test_a_read_only_folder_keeps_writes_pending(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with JournalStore(folder) as store:
        first = store.begin_session("box", "Box breathing", 60)
    os.chmod(folder / FILE_NAME, 0o400)
    os.chmod(folder, 0o500)
    try:
        probe = folder / "probe"
        try:
            probe.touch()
        except PermissionError:
            pass
        else:
            # Running as root, where chmod stops no write: make SQLite refuse instead.
            probe.unlink()
            refuse_to_open(monkeypatch)

        store = JournalStore(folder)
        assert store.notice is not None and "read-only" in store.notice
        uid = store.begin_session("box", "Box breathing", 60)
        assert not store.record_checkin(uid, Moment.BEFORE, CheckIn(stress=3))
        assert store.pending_writes == 2
        assert not store.retry_pending()
    finally:
        os.chmod(folder, 0o700)
        os.chmod(folder / FILE_NAME, 0o600)
        monkeypatch.undo()

    assert store.retry_pending() and store.pending_writes == 0
    assert {s.uid for s in store.sessions()} == {first, uid}
    store.close()


def refuse_to_open(monkeypatch: pytest.MonkeyPatch) -> None:
    """Opening a journal file fails as a read-only file does, until monkeypatch.undo()."""

    def read_only(*args: object, **kwargs: object) -> sqlite3.Connection:
        raise sqlite3.OperationalError("attempt to write a readonly database")

    monkeypatch.setattr(sqlite3, "connect", read_only)


def test_a_connection_that_turns_read_only_queues_then_flushes_in_order(
    store: JournalStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    uid = store.begin_session("box", "Box breathing", 60)
    assert store._conn is not None
    store._conn.execute("PRAGMA query_only = ON")  # every write on it fails as read-only
    refuse_to_open(monkeypatch)

    assert not store.record_checkin(uid, Moment.BEFORE, CheckIn(stress=7))
    assert store.notice is not None and "read-only" in store.notice
    assert not store.save_note(uid, "one")
    assert not store.save_note(uid, "one two")
    assert store.pending_writes == 2  # the newer draft replaced the waiting one
    assert store._conn.execute("SELECT note FROM sessions").fetchall() == [("",)]
    shown = store.session(uid)  # read from the copy in memory, which has the waiting writes
    assert shown is not None and shown.note == "one two" and shown.before == CheckIn(stress=7)

    monkeypatch.undo()
    # The next write opens the file again and first flushes the queue, oldest first.
    assert store.end_session(uid, 60, Ending.COMPLETED)
    assert store.pending_writes == 0 and store.notice is None
    assert raw(store.path, "SELECT note, ending FROM sessions") == [("one two", "completed")]
    assert raw(store.path, "SELECT stress FROM check_ins") == [(7,)]


def test_a_full_disk_keeps_the_answers_and_saves_them_later(store: JournalStore) -> None:
    uid = store.begin_session("box", "Box breathing", 60)
    conn = store._conn
    assert conn is not None
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.execute(f"PRAGMA max_page_count = {pages}")  # no room to grow: SQLITE_FULL
    long_note = "x" * 100_000
    assert not store.save_note(uid, long_note)
    assert store.notice is not None and "full" in store.notice
    assert store.pending_writes == 1
    assert not store.retry_pending()

    conn.execute("PRAGMA max_page_count = 1073741823")
    assert store.retry_pending()
    assert raw(store.path, "SELECT length(note) FROM sessions") == [(100_000,)]


# -- reads while writes wait in memory ----------------------------------------------------------


def test_every_read_shows_waiting_writes_as_after_they_are_saved(
    store: JournalStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.import_sessions(
        pair(f"s{i}", 8 - i % 3, 4, started_at=START + timedelta(hours=i)) for i in range(8)
    )
    assert store._conn is not None
    store._conn.execute("PRAGMA query_only = ON")
    refuse_to_open(monkeypatch)

    new = store.begin_session("quiet-rest", "Quiet rest", 300, started_at=START + timedelta(1))
    store.record_checkin(new, Moment.BEFORE, CheckIn(stress=9))
    store.record_checkin(new, Moment.AFTER, CheckIn(stress=2))
    gone = store.delete_session("s7")
    store.update_session("s0", after=CheckIn(stress=1), note="edited")
    store.delete_session("s3")
    assert gone is not None and store.restore_session(gone) is False
    assert store.pending_writes == 7

    def everything() -> tuple[object, ...]:
        since = START - timedelta(days=30)
        return (
            store.sessions(),
            store.sessions(limit=3),
            store.sessions(routine_id="box-breathing", limit=2),
            store.sessions(since=START + timedelta(hours=2), until=START + timedelta(hours=6)),
            store.session("s0"),
            store.session("s3"),
            store.count(),
            store.routines_used(),
            store.routine_stats(),
            store.sessions(since=since),
        )

    from_memory = everything()
    monkeypatch.undo()
    assert store.retry_pending()
    assert everything() == from_memory


# -- more ways a disk refuses, and what waits meanwhile -------------------------------------


def refuse_file_writes(store: JournalStore, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every write on the open file fails as read-only, and opening it again does too."""
    assert store._conn is not None
    store._conn.execute("PRAGMA query_only = ON")
    refuse_to_open(monkeypatch)


def test_a_journal_locked_by_another_program_waits_for_it(store: JournalStore) -> None:
    uid = store.begin_session("box", "Box breathing", 60)
    assert store._conn is not None
    store._conn.execute("PRAGMA busy_timeout = 0")  # do not wait the usual five seconds
    other = sqlite3.connect(store.path, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")  # holds the write lock
        assert not store.save_note(uid, "while locked")
        assert store.notice is not None and "close the other program" in store.notice
        shown = store.session(uid)
        assert shown is not None and shown.note == "while locked"
        assert not store.retry_pending()
        other.execute("ROLLBACK")
    finally:
        other.close()
    assert store.retry_pending() and store.notice is None
    assert raw(store.path, "SELECT note FROM sessions") == [("while locked",)]


def test_a_damaged_file_that_cannot_be_moved_aside_waits_until_it_can(
    folder: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder.mkdir(parents=True)
    (folder / FILE_NAME).write_bytes(b"not a journal\n" * 100)

    def refuse(self: Path, target: object) -> Path:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "rename", refuse)
    store = JournalStore(folder, now=clock.now)
    assert store.notice is not None and "could not move it aside" in store.notice
    uid = store.begin_session("box", "Box breathing", 60)
    assert not store.record_checkin(uid, Moment.BEFORE, CheckIn(stress=4))
    shown = store.session(uid)
    assert shown is not None and shown.before == CheckIn(stress=4)
    assert store.count() == 1 and store.pending_writes == 2

    monkeypatch.undo()
    assert store.retry_pending()
    assert store.notice is not None and aside_name(clock) in store.notice
    assert (folder / aside_name(clock)).read_bytes() == b"not a journal\n" * 100
    store.close()
    assert raw(folder / FILE_NAME, "SELECT uid FROM sessions") == [(uid,)]


def test_a_write_for_an_unknown_session_does_not_wait(
    store: JournalStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    uid = store.begin_session("box", "Box breathing", 60)
    refuse_file_writes(store, monkeypatch)
    assert not store.save_note(uid, "kept")
    assert not store.record_checkin("nope", Moment.BEFORE, CheckIn(stress=3))
    assert not store.end_session("nope", 3, Ending.STOPPED)
    assert store.pending_writes == 1
    monkeypatch.undo()
    assert store.retry_pending()


def test_progress_waiting_for_the_disk_keeps_its_practised_time(
    store: JournalStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    uid = store.begin_session("box", "Box breathing", 300)
    refuse_file_writes(store, monkeypatch)
    assert not store.end_session(uid, 100, Ending.RUNNING, practised_seconds=80)
    assert not store.end_session(uid, 150, Ending.STOPPED)  # practised not given: kept
    assert store.pending_writes == 1  # the newer progress stands for both
    shown = store.session(uid)
    assert shown is not None
    assert (shown.completed_seconds, shown.practised_seconds) == (150.0, 80.0)
    monkeypatch.undo()
    assert store.retry_pending()
    assert store.session(uid) == shown
    assert raw(store.path, "SELECT completed_seconds, practised_seconds FROM sessions") == [
        (150.0, 80.0)
    ]


def test_a_session_begun_twice_while_the_disk_refuses_is_one_entry(
    store: JournalStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    refuse_file_writes(store, monkeypatch)
    chosen = "c" * 32
    store.begin_session("box", "Box breathing", 60, uid=chosen)
    store.begin_session("box", "Box breathing", 60, uid=chosen)
    assert store.count() == 1 and store.pending_writes == 2
    monkeypatch.undo()
    assert store.retry_pending() and store.count() == 1
    assert raw(store.path, "SELECT uid FROM sessions") == [(chosen,)]


def test_close_saves_what_waits_when_the_file_takes_it_again(
    store: JournalStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    uid = store.begin_session("box", "Box breathing", 60)
    refuse_file_writes(store, monkeypatch)
    assert not store.end_session(uid, 42, Ending.STOPPED)
    monkeypatch.undo()
    store.close()
    assert raw(store.path, "SELECT completed_seconds, ending FROM sessions") == [(42.0, "stopped")]


def test_an_import_waits_for_the_writes_before_it(
    store: JournalStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    uid = store.begin_session("box", "Box breathing", 60, started_at=START)
    refuse_file_writes(store, monkeypatch)
    assert not store.save_note(uid, "first")
    later = pair("b" * 32, 6, 3, started_at=START + timedelta(hours=1))
    with pytest.raises(JournalUnavailableError, match="read-only"):
        store.import_sessions([later])
    assert store.session(later.uid) is None and store.pending_writes == 1

    monkeypatch.undo()
    assert store.import_sessions([later]) == (1, 0)
    assert store.pending_writes == 0 and store.on_disk and store.notice is None
    assert raw(store.path, "SELECT uid, note FROM sessions ORDER BY started_at") == [
        (uid, "first"),
        (later.uid, ""),
    ]


def test_answers_wait_even_when_the_journal_cannot_be_copied_into_memory(
    store: JournalStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    uid = store.begin_session("box", "Box breathing", 60)
    refuse_file_writes(store, monkeypatch)
    copy = opening.memory_copy
    # As if the file could not be read either: the copy starts empty, knowing no session.
    monkeypatch.setattr(opening, "memory_copy", lambda source, path: copy(None, path))

    assert not store.record_checkin(uid, Moment.BEFORE, CheckIn(stress=5))
    assert not store.save_note(uid, "kept")
    assert store.pending_writes == 2  # kept for the file, which holds the session

    monkeypatch.undo()
    assert store.retry_pending()
    assert raw(store.path, "SELECT stress FROM check_ins") == [(5,)]
    assert raw(store.path, "SELECT note FROM sessions") == [("kept",)]


def test_a_disk_io_error_on_a_nearly_full_disk_is_told_as_a_full_disk(
    store: JournalStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SQLite reports some writes on a full disk as a plain "disk I/O error"."""
    import contextlib
    import shutil
    from collections.abc import Iterator

    from unwind.journal import store as store_module

    uid = store.begin_session("box", "Box breathing", 60)

    on_file = store._conn

    @contextlib.contextmanager
    def failing(conn: sqlite3.Connection) -> Iterator[None]:
        if conn is on_file:
            raise sqlite3.OperationalError("disk I/O error")
        with opening.transaction(conn):
            yield

    usage = shutil.disk_usage(store.folder)
    monkeypatch.setattr(shutil, "disk_usage", lambda _: usage._replace(free=4096))
    monkeypatch.setattr(store_module, "transaction", failing)
    assert not store.save_note(uid, "written on a full disk")
    assert store.notice is not None and "(the disk is full)" in store.notice
    assert "free some space on that disk" in store.notice
    assert "I/O" not in store.notice
    assert store.problem is not None and "the disk is full" in store.problem
    shown = store.session(uid)
    assert shown is not None and shown.note == "written on a full disk"
    monkeypatch.undo()
    assert store.retry_pending() and store.notice is None
