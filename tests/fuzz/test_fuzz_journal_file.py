"""The journal database itself, damaged byte by byte: the store always opens (on disk, or in
memory with a notice), and the person's file is never deleted: it is where it was, or moved
aside with the same bytes."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from fuzz.mutations import byte_noise
from journal.records import pair
from unwind.journal.models import CheckIn, Moment
from unwind.journal.store import FILE_NAME, JournalStore

pytestmark = pytest.mark.usefixtures("journal_faults")


def _valid_journal() -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        with JournalStore(Path(folder)) as store:
            store.import_sessions(pair(f"{i:032x}", 6, 3) for i in range(20))
        return (Path(folder) / FILE_NAME).read_bytes()


VALID = _valid_journal()


def open_damaged(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        (folder / FILE_NAME).write_bytes(data)
        with JournalStore(folder) as store:
            store.sessions()
            store.routine_stats()
            uid = store.begin_session("box", "Box breathing", 60)
            store.record_checkin(uid, Moment.BEFORE, CheckIn(stress=4))
            assert store.session(uid) is not None
        kept = [p for p in folder.iterdir() if p.name == FILE_NAME or ".corrupt-" in p.name]
        moved = [p for p in kept if ".corrupt-" in p.name and not p.name.endswith(("-wal", "-shm"))]
        assert moved == [] or moved[0].read_bytes() == data
        assert (folder / FILE_NAME).exists()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(byte_noise(VALID))
def test_a_journal_with_byte_noise_opens_and_is_never_deleted(data: bytes) -> None:
    open_damaged(data)


@pytest.mark.parametrize("fraction", [0, 1, 50, 99, 100, 101, 4095, 4096, 4097])
def test_a_journal_cut_anywhere_opens(fraction: int) -> None:
    end = fraction if fraction > 100 else len(VALID) * fraction // 100
    open_damaged(VALID[:end])
