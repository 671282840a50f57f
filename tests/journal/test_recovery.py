"""Answers the journal file never took: kept beside it at close, read and added back later."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from support.fakes import FakeClock
from unwind.journal import recovery
from unwind.journal.exchange import JournalImportError
from unwind.journal.models import CheckIn, Ending, Moment
from unwind.journal.store import FILE_NAME, JournalStore

pytestmark = pytest.mark.usefixtures("journal_faults")


def refused_answers(
    folder: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> tuple[str, str]:
    """A session answered while the journal file turns read-only, and one of an earlier
    start deleted meanwhile; the journal closed so. Returns the uids (kept, deleted)."""
    with JournalStore(folder, now=clock.now) as store:
        gone = store.begin_session("calm", "Calm breathing", 120)
        uid = store.begin_session("box", "Box breathing", 60)
        assert store._conn is not None
        store._conn.execute("PRAGMA query_only = ON")  # every write on it fails as read-only
        with monkeypatch.context() as patched:
            patched.setattr(sqlite3, "connect", read_only)
            store.record_checkin(uid, Moment.BEFORE, CheckIn(stress=7, tags=("work",)))
            store.save_note(uid, "Shoulders up by the ears.")
            store.end_session(uid, 60, Ending.COMPLETED, practised_seconds=58)
            store.delete_session(gone)
            assert store.pending_writes == 4
            store.close()
    return uid, gone


def read_only(*args: object, **kwargs: object) -> sqlite3.Connection:
    raise sqlite3.OperationalError("attempt to write a readonly database")


def test_answers_the_file_refused_are_kept_in_a_private_file_in_the_export_format(
    folder: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    uid, gone = refused_answers(folder, clock, monkeypatch)
    [kept] = recovery.find_unsaved([folder])
    stamp = clock.now().astimezone().strftime("%Y%m%d-%H%M%S")
    assert kept.name == f"{FILE_NAME}.unsaved-{stamp}.json"
    assert kept.stat().st_mode & 0o777 == 0o600
    document = json.loads(kept.read_text("utf-8"))
    assert document["format"] == "unwind-journal"
    [session] = document["sessions"]
    assert session["uid"] == uid and session["note"] == "Shoulders up by the ears."
    assert session["before"]["stress"] == 7 and session["ending"] == "completed"
    assert document["deleted"] == [gone]
    assert [p.name for p in folder.iterdir() if p.name.startswith(".")] == []  # no partial


def test_kept_answers_are_added_as_they_stood_and_the_file_goes(
    folder: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    uid, gone = refused_answers(folder, clock, monkeypatch)
    [kept] = recovery.find_unsaved([folder])
    with JournalStore(folder, now=clock.now) as store:
        assert store.on_disk and store.session(gone) is not None
        assert recovery.add_unsaved(store, kept) == 1
        record = store.session(uid)
        assert record is not None and record.before is not None
        assert record.before.stress == 7 and record.before.tags == ("work",)
        assert record.practised_seconds == 58 and record.note == "Shoulders up by the ears."
        assert store.session(gone) is None
    assert not kept.exists()
    with JournalStore(folder, now=clock.now) as store:
        assert [s.uid for s in store.sessions()] == [uid]


def test_kept_answers_wait_in_the_file_while_the_journal_still_refuses(
    folder: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    uid, _ = refused_answers(folder, clock, monkeypatch)
    [kept] = recovery.find_unsaved([folder])
    monkeypatch.setattr(sqlite3, "connect", read_only)
    store = JournalStore(folder, now=clock.now)
    assert not store.on_disk
    assert recovery.add_unsaved(store, kept) == 1
    assert kept.exists()  # the journal file does not have them yet
    store.close()
    assert [path.name for path in recovery.find_unsaved([folder])] == [kept.name]
    assert [s["uid"] for s in json.loads(kept.read_text("utf-8"))["sessions"]] == [uid]


@pytest.mark.parametrize(
    "damage",
    [
        b"",
        b'{"format": "unwind-journal", "version": 1, "sessions": [',
        b"\xff\xfe not text",
        b'{"format": "unwind-journal", "version": 1, "sessions": [{"uid": 5}]}',
        b"[" * 100_000,
    ],
    ids=["empty", "cut", "not-utf8", "bad-session", "deep"],
)
def test_a_damaged_file_of_kept_answers_is_refused_clearly_and_kept(
    folder: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch, damage: bytes
) -> None:
    refused_answers(folder, clock, monkeypatch)
    [kept] = recovery.find_unsaved([folder])
    kept.write_bytes(damage)
    with JournalStore(folder, now=clock.now) as store:
        before = [s.uid for s in store.sessions()]
        with pytest.raises(JournalImportError) as refused:
            recovery.add_unsaved(store, kept)
        assert [s.uid for s in store.sessions()] == before
    message = str(refused.value)
    assert str(kept) in message and "\n" not in message and len(message) < 400
    assert kept.read_bytes() == damage


def test_kept_answers_go_to_the_next_folder_when_the_journal_folder_refuses_them(
    folder: Path, tmp_path: Path, clock: FakeClock
) -> None:
    fallback = tmp_path / "config"
    fallback.mkdir()
    folder.mkdir(parents=True)
    (folder / FILE_NAME).mkdir()
    stamp = clock.now().astimezone().strftime("%Y%m%d-%H%M%S")
    (folder / f".{FILE_NAME}.unsaved-{stamp}.json.partial").mkdir()  # the folder refuses it
    store = JournalStore(folder, now=clock.now)
    store.recovery_folders = [folder, fallback]
    store.begin_session("box", "Box breathing", 60)
    store.close()
    assert store.kept_in is not None and store.kept_in.parent == fallback
    assert recovery.find_unsaved([folder, fallback]) == [store.kept_in]
