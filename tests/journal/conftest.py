"""A store in a temporary folder with a clock that moves only when told."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from journal.records import START, Clock
from unwind.journal.store import JournalStore


@pytest.fixture
def clock() -> Clock:
    return Clock(START)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return tmp_path / "data" / "journal"


@pytest.fixture
def store(folder: Path, clock: Clock) -> Iterator[JournalStore]:
    journal = JournalStore(folder, now=clock)
    yield journal
    journal.close()
