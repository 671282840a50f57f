"""Demo data, and the indexes that keep a journal of 10,000 sessions fast.

The time budgets themselves are measured by benchmarks/, not here."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from benchmarks.demo import demo_sessions, populate_demo

from support.fakes import FakeClock
from unwind.journal.models import Ending
from unwind.journal.rows import NEWEST_FIRST, SELECT_RECORDS
from unwind.journal.store import JournalStore


def test_demo_data_is_repeatable_and_realistic(tmp_path: Path, clock: FakeClock) -> None:
    first = demo_sessions(200, seed=5, end=clock.now())
    assert first == demo_sessions(200, seed=5, end=clock.now())
    assert first != demo_sessions(200, seed=6, end=clock.now())
    assert len({r.uid for r in first}) == 200
    assert all(r.started_at <= clock.now() for r in first)
    endings = {r.ending for r in first}
    assert Ending.COMPLETED in endings and Ending.STOPPED in endings
    assert any(r.after is None for r in first) and any(r.stress_change for r in first)
    with JournalStore(tmp_path, now=clock.now) as store:
        assert populate_demo(store, 200, seed=5) == 200
        assert store.count() == 200
        assert populate_demo(store, 200, seed=5) == 0  # same uids: already there


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Iterator[JournalStore]:
    folder = tmp_path_factory.mktemp("big")
    with JournalStore(folder) as store:
        populate_demo(store, 10_000, seed=1)
        yield store


def test_queries_use_the_indexes(big: JournalStore) -> None:
    assert big._conn is not None

    def plan(sql: str, *params: object) -> str:
        assert big._conn is not None
        rows = big._conn.execute("EXPLAIN QUERY PLAN " + sql, params).fetchall()
        return " | ".join(str(row[3]) for row in rows)

    newest = plan(SELECT_RECORDS + NEWEST_FIRST + " LIMIT 50")
    assert "USING INDEX sessions_by_start" in newest
    by_routine = plan(SELECT_RECORDS + " WHERE s.routine_id = ?" + NEWEST_FIRST, "x")
    assert "sessions_by_routine" in by_routine
    assert "SCAN b" not in newest and "SCAN a" not in newest  # check-ins by primary key
