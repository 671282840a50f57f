"""Builders for journal tests: sessions with chosen values (the clock is support.fakes')."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from unwind.journal.models import CheckIn, Ending, SessionRecord

START = datetime(2024, 3, 4, 8, 30, tzinfo=UTC)
"""A Monday morning."""


def record(
    uid: str,
    *,
    started_at: datetime = START,
    routine_id: str = "box-breathing",
    routine_title: str = "Box breathing",
    before: CheckIn | None = None,
    after: CheckIn | None = None,
    ending: Ending = Ending.COMPLETED,
    planned: float = 300.0,
    completed: float | None = None,
    practised: float | None = None,
    note: str = "",
) -> SessionRecord:
    return SessionRecord(
        uid=uid,
        routine_id=routine_id,
        routine_title=routine_title,
        started_at=started_at,
        planned_seconds=planned,
        completed_seconds=planned if completed is None else completed,
        ending=ending,
        before=before,
        after=after,
        note=note,
        practised_seconds=practised,
    )


def pair(
    uid: str,
    before: int | None,
    after: int | None,
    *,
    started_at: datetime = START,
    routine_id: str = "box-breathing",
    routine_title: str = "Box breathing",
) -> SessionRecord:
    """A session with only before and after stress answered."""
    return record(
        uid,
        started_at=started_at,
        routine_id=routine_id,
        routine_title=routine_title,
        before=CheckIn(stress=before),
        after=CheckIn(stress=after),
    )


def raw(path: Path, sql: str, params: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    """Reads the file directly, around the store, to see what is really on disk."""
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()
