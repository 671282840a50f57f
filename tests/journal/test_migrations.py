"""Every earlier journal format opens in this Unwind, upgraded in place with its data kept."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from journal.records import raw
from unwind.journal.models import CheckIn, Ending, Moment
from unwind.journal.schema import APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION
from unwind.journal.store import FILE_NAME, JournalStore

UID = "0123456789abcdef0123456789abcdef"


def build_file(path: Path, version: int) -> None:
    """A journal as an Unwind of that format version left it, with one session in it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    for step in MIGRATIONS[:version]:
        for statement in step:
            conn.execute(statement)
    conn.execute(f"PRAGMA user_version = {version}")
    if version >= 1:
        conn.execute(
            "INSERT INTO sessions (uid, routine_id, routine_title, started_at, "
            "planned_seconds, completed_seconds, ending, note, updated_at) "
            "VALUES (?, 'box', 'Box breathing', '2024-01-02T07:00:00.000000Z', 300, 120.5, "
            "'stopped', 'old note', '2024-01-02T07:05:00.000000Z')",
            (UID,),
        )
        conn.execute(
            "INSERT INTO check_ins (session_uid, moment, stress, valence, arousal, "
            "tension_areas) VALUES (?, 'before', 8, NULL, 7, '[\"neck\"]')",
            (UID,),
        )
    conn.close()


def test_the_migration_list_is_the_schema_version() -> None:
    assert len(MIGRATIONS) == SCHEMA_VERSION >= 2


@pytest.mark.parametrize("version", range(SCHEMA_VERSION))
def test_every_earlier_version_is_upgraded_with_its_data(tmp_path: Path, version: int) -> None:
    path = tmp_path / FILE_NAME
    build_file(path, version)
    with JournalStore(tmp_path) as store:
        assert store.notice is None
        assert raw(path, "PRAGMA user_version") == [(SCHEMA_VERSION,)]
        assert raw(path, "PRAGMA application_id") == [(APPLICATION_ID,)]
        indexes = {row[0] for row in raw(path, "SELECT name FROM sqlite_schema")}
        assert {"sessions_by_start", "sessions_by_routine"} <= indexes
        if version >= 1:
            old = store.session(UID)
            assert old is not None
            assert (old.ending, old.completed_seconds, old.note) == (
                Ending.STOPPED,
                120.5,
                "old note",
            )
            assert old.before == CheckIn(stress=8, arousal=7, tension_areas=("neck",))
            assert old.after is None
            if version < 3:  # its practised time was never measured, and is not made up
                assert old.practised_seconds is None
                assert old.time_practised == 120.5
            # The column v2 added is usable on the upgraded file.
            assert store.record_checkin(UID, Moment.AFTER, CheckIn(stress=5, tags=("work",)))
            again = store.session(UID)
            assert again is not None and again.after == CheckIn(stress=5, tags=("work",))
        uid = store.begin_session("quiet-rest", "Quiet rest", 300)
        assert store.session(uid) is not None
        assert store.end_session(uid, 250, Ending.STOPPED, practised_seconds=90)
        new = store.session(uid)
        assert new is not None and (new.completed_seconds, new.practised_seconds) == (250, 90)


def test_an_upgraded_file_has_the_same_schema_as_a_new_one(tmp_path: Path) -> None:
    build_file(tmp_path / "old" / FILE_NAME, 1)
    JournalStore(tmp_path / "old").close()
    JournalStore(tmp_path / "new").close()

    def schema(folder: Path) -> list[tuple[object, ...]]:
        return raw(folder / FILE_NAME, "SELECT type, name, sql FROM sqlite_schema ORDER BY name")

    assert schema(tmp_path / "old") == schema(tmp_path / "new")


@pytest.mark.usefixtures("journal_faults")
def test_a_file_from_a_newer_unwind_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / FILE_NAME
    build_file(path, SCHEMA_VERSION)
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    before = path.read_bytes()

    with JournalStore(tmp_path) as store:
        assert store.notice is not None and "made by a newer Unwind" in store.notice
        assert str(path) in store.notice
        uid = store.begin_session("box", "Box breathing", 60)
        assert not store.record_checkin(uid, Moment.BEFORE, CheckIn(stress=4))
        assert store.pending_writes == 2
        assert not store.retry_pending()
        shown = store.session(uid)  # the session still runs, from memory
        assert shown is not None and shown.before == CheckIn(stress=4)

    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir() if ".corrupt" in p.name) == []


@pytest.mark.usefixtures("journal_faults")
def test_another_programs_database_is_moved_aside_not_used(tmp_path: Path) -> None:
    path = tmp_path / FILE_NAME
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE sessions (id INTEGER, whatever TEXT)")
    conn.commit()
    conn.close()
    with JournalStore(tmp_path) as store:
        assert store.notice is not None and "moved it to" in store.notice
        store.begin_session("box", "Box breathing", 60)
        assert store.count() == 1
    moved = [p for p in tmp_path.iterdir() if ".corrupt-" in p.name]
    assert len(moved) == 1
    assert raw(moved[0], "SELECT name FROM sqlite_schema") == [("sessions",)]


@pytest.mark.usefixtures("journal_faults")
def test_a_read_only_journal_of_an_older_format_still_shows_its_sessions(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / FILE_NAME
    build_file(path, 1)
    before = path.read_bytes()
    connect = sqlite3.connect

    def read_only(database: object, *args: Any, **kwargs: Any) -> sqlite3.Connection:
        opened: sqlite3.Connection = connect(f"file:{database}?mode=ro", *args, uri=True, **kwargs)
        return opened

    monkeypatch.setattr(sqlite3, "connect", read_only)
    store = JournalStore(tmp_path)
    assert store.notice is not None and "read-only" in store.notice
    old = store.session(UID)  # upgraded in memory; the file stays as it was
    assert old is not None and old.note == "old note" and store.count() == 1
    assert old.practised_seconds is None
    uid = store.begin_session("box", "Box breathing", 60)
    assert not store.record_checkin(uid, Moment.BEFORE, CheckIn(stress=3))
    assert {r.uid for r in store.sessions()} == {UID, uid}
    assert path.read_bytes() == before

    monkeypatch.undo()
    assert store.retry_pending() and store.on_disk and store.notice is None
    assert {r.uid for r in store.sessions()} == {UID, uid}
    store.close()
    assert raw(path, "PRAGMA user_version") == [(SCHEMA_VERSION,)]
