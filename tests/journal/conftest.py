"""A store in a temporary folder with a clock that moves only when told."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from journal.records import START
from support.fakes import FakeClock
from unwind.journal.store import JournalStore


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(wall=START)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return tmp_path / "data" / "journal"


@pytest.fixture
def store(folder: Path, clock: FakeClock) -> Iterator[JournalStore]:
    journal = JournalStore(folder, now=clock.now)
    yield journal
    journal.close()
