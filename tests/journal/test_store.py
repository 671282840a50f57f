"""The journal store: what is written, when, and what comes back."""

from __future__ import annotations

import os
import re
import stat
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from journal.records import START, pair, raw
from support.fakes import FakeClock
from unwind.journal import stats
from unwind.journal.models import CheckIn, Ending, Moment
from unwind.journal.schema import SCHEMA_VERSION
from unwind.journal.store import FILE_NAME, JournalStore


def test_a_session_is_written_as_it_goes(store: JournalStore, clock: FakeClock) -> None:
    uid = store.begin_session("box-breathing", "Box breathing", 300)
    assert re.fullmatch(r"[0-9a-f]{32}", uid)
    begun = store.session(uid)
    assert begun is not None
    assert (begun.ending, begun.completed_seconds, begun.planned_seconds) == (
        Ending.RUNNING,
        0.0,
        300.0,
    )
    assert begun.started_at == START and begun.before is None and begun.after is None
    assert raw(store.path, "SELECT ending FROM sessions WHERE uid = ?", (uid,)) == [("running",)]

    assert store.record_checkin(uid, Moment.BEFORE, CheckIn(stress=7, valence=3, arousal=8))
    assert raw(store.path, "SELECT stress FROM check_ins WHERE session_uid = ?", (uid,)) == [(7,)]
    clock.advance(5 * 60)
    assert store.end_session(uid, 300, Ending.COMPLETED)
    after = CheckIn(stress=3, valence=6, arousal=4, tension_areas=("neck", "jaw"), tags=("work",))
    assert store.record_checkin(uid, Moment.AFTER, after)
    assert store.save_note(uid, "Calmer.")

    done = store.session(uid)
    assert done is not None
    assert done.before == CheckIn(stress=7, valence=3, arousal=8)
    assert done.after == after
    assert (done.ending, done.completed_seconds, done.note) == (Ending.COMPLETED, 300.0, "Calmer.")
    assert done.stress_change == -4
    assert store.pending_writes == 0 and store.notice is None


def test_an_unanswered_question_is_stored_as_null(store: JournalStore) -> None:
    uid = store.begin_session("quiet-rest", "Quiet rest", 300)
    store.record_checkin(uid, Moment.BEFORE, CheckIn(stress=5))
    store.record_checkin(uid, Moment.AFTER, CheckIn())
    rows = raw(
        store.path,
        "SELECT moment, stress, valence, arousal FROM check_ins WHERE session_uid = ? "
        "ORDER BY moment DESC",
        (uid,),
    )
    assert rows == [("before", 5, None, None), ("after", None, None, None)]
    found = store.session(uid)
    assert found is not None and found.before is not None and found.after is not None
    assert (found.before.valence, found.before.arousal) == (None, None)
    assert found.after.is_empty and found.after.stress is None
    assert found.stress_change is None


def test_a_check_in_never_given_stays_none(store: JournalStore) -> None:
    uid = store.begin_session("quiet-rest", "Quiet rest", 300)
    store.end_session(uid, 300, Ending.COMPLETED)
    found = store.session(uid)
    assert found is not None and found.before is None and found.after is None


def test_answering_again_replaces_the_check_in(store: JournalStore) -> None:
    uid = store.begin_session("quiet-rest", "Quiet rest", 300)
    store.record_checkin(uid, Moment.BEFORE, CheckIn(stress=5, valence=2))
    store.record_checkin(uid, Moment.BEFORE, CheckIn(stress=6))
    assert raw(store.path, "SELECT count(*) FROM check_ins") == [(1,)]
    found = store.session(uid)
    assert found is not None and found.before == CheckIn(stress=6)


def test_an_early_end_is_recorded_with_seconds_and_how_it_ended(
    store: JournalStore, folder: Path
) -> None:
    uid = store.begin_session("neck-and-shoulders", "Neck and shoulders", 600)
    assert store.end_session(uid, 123.5, Ending.STOPPED)
    store.close()
    with JournalStore(folder) as again:
        found = again.session(uid)
    assert found is not None
    assert (found.ending, found.completed_seconds, found.planned_seconds) == (
        Ending.STOPPED,
        123.5,
        600.0,
    )


def test_a_session_whose_end_never_came_stays_running(store: JournalStore, folder: Path) -> None:
    uid = store.begin_session("box-breathing", "Box breathing", 300)
    store.record_checkin(uid, Moment.BEFORE, CheckIn(stress=6))
    store.end_session(uid, 40, Ending.RUNNING)  # progress so far
    # The first store never closes (a crash); a second Unwind reads what is on disk.
    with JournalStore(folder) as after_crash:
        found = after_crash.session(uid)
    assert found is not None
    assert (found.ending, found.completed_seconds) == (Ending.RUNNING, 40.0)
    assert found.before == CheckIn(stress=6)


def test_the_note_draft_is_on_disk_after_every_save(store: JournalStore) -> None:
    uid = store.begin_session("box-breathing", "Box breathing", 300)
    for draft in ("I", "I feel", "I feel lighter"):
        assert store.save_note(uid, draft)
        on_disk = raw(store.path, "SELECT note FROM sessions WHERE uid = ?", (uid,))
        assert on_disk == [(draft,)]


def test_times_are_kept_as_utc_and_come_back_aware(store: JournalStore) -> None:
    local = datetime(2024, 6, 1, 22, 15, 30, 250000, tzinfo=timezone(timedelta(hours=2)))
    uid = store.begin_session("box-breathing", "Box breathing", 300, started_at=local)
    assert raw(store.path, "SELECT started_at FROM sessions") == [("2024-06-01T20:15:30.250000Z",)]
    found = store.session(uid)
    assert found is not None
    assert found.started_at == local and found.started_at.tzinfo is UTC


def test_sessions_come_newest_first_with_filters_and_a_limit(store: JournalStore) -> None:
    for day in range(6):
        routine = ("a", "A") if day % 2 else ("b", "B")
        store.begin_session(*routine, 60, started_at=START + timedelta(days=day))
    everything = store.sessions()
    assert [s.started_at for s in everything] == [
        START + timedelta(days=day) for day in reversed(range(6))
    ]
    assert [s.started_at.day for s in store.sessions(routine_id="a")] == [9, 7, 5]
    window = store.sessions(since=START + timedelta(days=1), until=START + timedelta(days=4))
    assert [s.started_at.day for s in window] == [7, 6, 5]
    assert [s.started_at.day for s in store.sessions(limit=2)] == [9, 8]
    assert store.sessions(limit=0) == []
    assert store.count() == 6
    with pytest.raises(ValueError):
        store.sessions(limit=-1)


def test_routines_used_names_each_by_its_latest_title(store: JournalStore) -> None:
    store.begin_session("neck", "Neck (old name)", 60, started_at=START)
    store.begin_session("neck", "Neck and shoulders", 60, started_at=START + timedelta(days=2))
    store.begin_session("box", "Box breathing", 60, started_at=START + timedelta(days=1))
    assert store.routines_used() == [("box", "Box breathing"), ("neck", "Neck and shoulders")]


def test_update_session_tells_not_given_from_clear(store: JournalStore) -> None:
    uid = store.begin_session("box", "Box breathing", 60)
    store.record_checkin(uid, Moment.BEFORE, CheckIn(stress=8))
    store.record_checkin(uid, Moment.AFTER, CheckIn(stress=4))
    store.save_note(uid, "first")

    assert store.update_session(uid, before=CheckIn(stress=7, valence=2))
    found = store.session(uid)
    assert found is not None
    assert found.before == CheckIn(stress=7, valence=2)
    assert found.after == CheckIn(stress=4) and found.note == "first"

    assert store.update_session(uid, after=None, note="")
    found = store.session(uid)
    assert found is not None
    assert found.before == CheckIn(stress=7, valence=2)
    assert found.after is None and found.note == ""
    assert raw(store.path, "SELECT moment FROM check_ins") == [("before",)]

    assert store.update_session(uid)  # nothing given: nothing changes
    assert store.session(uid) == found


def test_delete_returns_the_entry_and_restore_puts_it_back_exactly(store: JournalStore) -> None:
    uid = store.begin_session("box", "Box breathing", 60)
    store.record_checkin(uid, Moment.BEFORE, CheckIn(stress=6, tension_areas=("neck",)))
    store.record_checkin(uid, Moment.AFTER, CheckIn(stress=2, tags=("evening",)))
    store.save_note(uid, "note")
    store.end_session(uid, 55.5, Ending.STOPPED)
    kept = store.session(uid)

    deleted = store.delete_session(uid)
    assert deleted == kept
    assert store.session(uid) is None and store.count() == 0
    assert raw(store.path, "SELECT count(*) FROM check_ins") == [(0,)]  # cascaded
    assert store.delete_session(uid) is None

    assert deleted is not None and store.restore_session(deleted)
    assert store.session(uid) == kept
    assert store.count() == 1


@pytest.mark.usefixtures("journal_faults")
def test_a_write_for_an_unknown_session_is_dropped(store: JournalStore) -> None:
    assert not store.record_checkin("nope", Moment.BEFORE, CheckIn(stress=3))
    assert not store.save_note("nope", "text")
    assert not store.end_session("nope", 3, Ending.STOPPED)
    assert not store.update_session("nope", note="x")
    assert store.pending_writes == 0 and store.count() == 0 and store.notice is None


@pytest.mark.parametrize(
    "checkin",
    [CheckIn(stress=11), CheckIn(stress=-1), CheckIn(valence=0), CheckIn(arousal=10)],
)
def test_values_off_the_scales_are_refused(store: JournalStore, checkin: CheckIn) -> None:
    uid = store.begin_session("box", "Box breathing", 60)
    with pytest.raises(ValueError):
        store.record_checkin(uid, Moment.BEFORE, checkin)
    assert store.pending_writes == 0


def test_negative_seconds_are_refused(store: JournalStore) -> None:
    with pytest.raises(ValueError):
        store.begin_session("box", "Box breathing", -1)
    uid = store.begin_session("box", "Box breathing", 60)
    with pytest.raises(ValueError):
        store.end_session(uid, float("nan"), Ending.STOPPED)


def test_routine_stats_come_from_the_stored_pairs(store: JournalStore) -> None:
    befores = [6, 7, 8, 5, 6, 9]
    afters = [3, 6, 6, 5, 2, None]
    store.import_sessions(
        pair(f"s{i}", b, a, started_at=START + timedelta(hours=i))
        for i, (b, a) in enumerate(zip(befores, afters, strict=True))
    )
    store.import_sessions([pair("q", 5, 4, routine_id="quiet-rest", routine_title="Quiet rest")])
    box, quiet = store.routine_stats()
    # Changes, oldest first: -3, -1, -2, 0, -4 (the sixth has no after): as in test_stats.
    assert (box.sessions, box.pairs, box.changes) == (6, 5, (-3, -1, -2, 0, -4))
    assert box == stats.summarise("box-breathing", "Box breathing", 6, [-3, -1, -2, 0, -4])
    assert (quiet.routine_id, quiet.sessions, quiet.pairs, quiet.enough) == (
        "quiet-rest",
        1,
        1,
        False,
    )


def test_wal_and_foreign_keys_are_on(store: JournalStore) -> None:
    assert raw(store.path, "PRAGMA journal_mode") == [("wal",)]
    assert raw(store.path, "PRAGMA user_version") == [(SCHEMA_VERSION,)]
    assert store._conn is not None
    assert store._conn.execute("PRAGMA foreign_keys").fetchone() == (1,)


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_the_folder_and_files_are_private_whatever_the_umask(tmp_path: Path) -> None:
    folder = tmp_path / "journal"
    folder.mkdir(mode=0o755)
    old = os.umask(0)
    try:
        store = JournalStore(folder)
        uid = store.begin_session("box", "Box breathing", 60)
        store.save_note(uid, "private")
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
        files = [folder / FILE_NAME, folder / f"{FILE_NAME}-wal", folder / f"{FILE_NAME}-shm"]
        for path in files:
            assert path.exists(), path
            assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
        store.close()
    finally:
        os.umask(old)


def test_writing_after_close_is_a_bug(store: JournalStore) -> None:
    store.close()
    with pytest.raises(RuntimeError):
        store.begin_session("box", "Box breathing", 60)
